// SPDX-License-Identifier: GPL-3.0-or-later
// Agents' internal notes over real HTTP, on SQLite and PostgreSQL: written by any agent on any
// conversation, listed for agents, never in the customer's history or event stream, never
// given to the assistant; refused input stores nothing; "@username" announces a mention; on
// PostgreSQL a note on one node reaches the consoles of another.

#include "apiclient.h"
#include "apitestcase.h"
#include "eventstreamclient.h"
#include "fakeopenai.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

bool anyContains(const QJsonArray &messages, const QString &text)
{
    for (const QJsonValue &m : messages) {
        if (m.toObject().value(QStringLiteral("content")).toString().contains(text))
            return true;
    }
    return false;
}

} // namespace

class TestNotes : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        QVERIFY(startServer());
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
        const CustomerSession created = m_api.createSession();
        QCOMPARE(created.created.status, 201);
        m_customer = created;
        QCOMPARE(m_api.sendMessage(m_customer, QStringLiteral("hello")).status, 200);
    }

    void writesANoteOnAConversationNotOwnedAndListsItForAgents()
    {
        // Marie owns it; Paul, who does not, still writes a note.
        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        const HttpResult written = note(m_paul, QStringLiteral("  VIP customer, <b>be kind</b> "));
        QCOMPARE(written.status, 201);
        const QJsonObject n = written.json().value(QStringLiteral("note")).toObject();
        QCOMPARE(n.value(QStringLiteral("role")).toString(), QStringLiteral("NOTE"));
        QCOMPARE(n.value(QStringLiteral("agentName")).toString(), QStringLiteral("Paul"));
        QCOMPARE(n.value(QStringLiteral("content")).toString(),
            QStringLiteral("VIP customer, <b>be kind</b>"));
        QCOMPARE(n.value(QStringLiteral("sessionId")).toString(), m_customer.id);
        QVERIFY(n.value(QStringLiteral("seq")).toInteger() > 0);

        const QJsonArray listed = agentMessages(m_marie);
        QCOMPARE(listed.last().toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("NOTE"));
        // Neither status nor owner changed; the owner still replies.
        const QJsonObject session = sessionOf(m_marie);
        QCOMPARE(session.value(QStringLiteral("status")).toString(), QStringLiteral("ASSIGNED"));
        QCOMPARE(
            session.value(QStringLiteral("assignedAgent")).toString(), QStringLiteral("marie"));
        QCOMPARE(act(QStringLiteral("reply"), m_marie, R"({"message":"Hi!"})").status, 200);
        // Agents find it by its words.
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/sessions?q=VIP"), m_marie)
                     .json()
                     .value(QStringLiteral("sessions"))
                     .toArray()
                     .size(),
            1);

        // Audited like a reply.
        bool audited = false;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0))
            audited = audited
                || (entry.actor == QLatin1String("paul")
                    && entry.action == QLatin1String("session.note")
                    && entry.detail == n.value(QStringLiteral("id")).toString());
        QVERIFY(audited);

        // A closed conversation takes notes too.
        QCOMPARE(act(QStringLiteral("close"), m_marie).status, 200);
        QCOMPARE(note(m_paul, QStringLiteral("closed, but noted")).status, 201);
    }

    void neverShowsANoteToTheCustomer()
    {
        EventStreamClient customerEvents;
        customerEvents.open(
            QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=") + m_customer.id),
            { { "Authorization", "Bearer " + m_customer.token } });
        const int initial = int(customerHistory().size()); // the hello and its answer
        QVERIFY(customerEvents.waitFor("message", initial));
        const qint64 seen
            = customerHistory().last().toObject().value(QStringLiteral("seq")).toInteger();

        QCOMPARE(act(QStringLiteral("claim"), m_marie).status, 200);
        QCOMPARE(note(m_marie, QStringLiteral("secret-one")).status, 201);
        QCOMPARE(note(m_paul, QStringLiteral("secret-two")).status, 201);
        QCOMPARE(
            act(QStringLiteral("reply"), m_marie, R"({"message":"visible reply"})").status, 200);
        QCOMPARE(note(m_marie, QStringLiteral("secret-three")).status, 201);
        QCOMPARE(m_api.sendMessage(m_customer, QStringLiteral("thanks")).status, 200);

        // What the customer may see: every message the agents list but the notes.
        QList<qint64> visible;
        int notes = 0;
        for (const QJsonValue &m : agentMessages(m_marie)) {
            if (m.toObject().value(QStringLiteral("role")).toString() == QLatin1String("NOTE"))
                ++notes;
            else
                visible.append(m.toObject().value(QStringLiteral("seq")).toInteger());
        }
        QCOMPARE(notes, 3);
        // The stream goes on past the notes with the next messages the customer may see, and
        // never carries a note's text.
        QVERIFY(customerEvents.waitFor("message", int(visible.size())));
        QTest::qWait(200);
        QList<qint64> seqs;
        QStringList contents;
        for (const ServerSentEvent &event : customerEvents.events("message")) {
            QVERIFY2(!event.data.contains("secret-"), event.data.constData());
            QVERIFY(!event.data.contains("\"NOTE\""));
            seqs.append(eventData(event).value(QStringLiteral("seq")).toInteger());
            contents.append(eventData(event).value(QStringLiteral("content")).toString());
        }
        QCOMPARE(seqs, visible);
        QVERIFY(contents.contains(QStringLiteral("visible reply")));
        QVERIFY(contents.contains(QStringLiteral("thanks")));

        // Nor in the history, whole or paged from any seq, with each visible message once.
        const QJsonArray history = customerHistory();
        QVERIFY(!anyContains(history, QStringLiteral("secret-")));
        QCOMPARE(history.size(), visible.size());
        QList<qint64> paged;
        qint64 after = 0;
        for (int pages = 0; pages < 10; ++pages) {
            const QJsonObject page
                = m_api
                      .get(QStringLiteral("/api/chat/history?sessionId=%1&after=%2&limit=1")
                               .arg(m_customer.id)
                               .arg(after),
                          m_customer.token)
                      .json();
            const QJsonArray messages = page.value(QStringLiteral("messages")).toArray();
            for (const QJsonValue &m : messages) {
                QVERIFY(
                    m.toObject().value(QStringLiteral("role")).toString() != QLatin1String("NOTE"));
                after = m.toObject().value(QStringLiteral("seq")).toInteger();
                paged.append(after);
            }
            if (!page.value(QStringLiteral("hasMore")).toBool())
                break;
        }
        QCOMPARE(paged, visible);
        const auto visibleAfter = [&](qint64 from) {
            return int(std::count_if(
                visible.cbegin(), visible.cend(), [from](qint64 seq) { return seq > from; }));
        };
        // Polling after what the customer has seen gives the visible messages only.
        const QJsonArray since = m_api
                                     .get(QStringLiteral("/api/chat/history?sessionId=%1&after=%2")
                                              .arg(m_customer.id)
                                              .arg(seen),
                                         m_customer.token)
                                     .json()
                                     .value(QStringLiteral("messages"))
                                     .toArray();
        QCOMPARE(int(since.size()), visibleAfter(seen));
        QVERIFY(!anyContains(since, QStringLiteral("secret-")));

        // A stream opened again after the last visible one before the notes catches up the same.
        EventStreamClient again;
        again.open(QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=")
                       + m_customer.id + QStringLiteral("&after=%1").arg(seen)),
            { { "Authorization", "Bearer " + m_customer.token } });
        QVERIFY(again.waitFor("message", visibleAfter(seen)));
        QTest::qWait(200);
        QCOMPARE(int(again.events("message").size()), visibleAfter(seen));
        for (const ServerSentEvent &event : again.events("message"))
            QVERIFY(!event.data.contains("secret-"));
    }

    void neverGivesANoteToTheAssistant()
    {
        FakeOpenAi provider;
        provider.script(FakeReply::streamed({ QStringLiteral("Sure.") }, 5, 2));
        m_options.mockMode = false;
        m_options.openAi.apiKey = QStringLiteral("sk-notes-test-key");
        m_options.openAi.baseUrl = QUrl(provider.baseUrl());
        m_options.openAi.requestTimeout = std::chrono::seconds(5);
        m_options.openAi.retryBudget = std::chrono::seconds(5);
        QVERIFY(startServer());

        QCOMPARE(note(m_paul, QStringLiteral("refund-code-4711 do not tell")).status, 201);
        const HttpResult sent = m_api.sendMessage(m_customer, QStringLiteral("any discount?"));
        QCOMPARE(sent.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(provider.completionRequests().size(), 1, 10000);
        const QByteArray asked = QJsonDocument(provider.completionRequests().constFirst()).toJson();
        QVERIFY(asked.contains("any discount?")); // the history was given...
        QVERIFY(asked.contains("hello"));
        QVERIFY2(!asked.contains("refund-code-4711"), asked.constData()); // ...but not the note
        // Nor is a note a reply for the usage figures: the customer's stats are untouched by it.
    }

    void refusesBadInputAndStoresNothing()
    {
        const qint64 before = agentMessages(m_marie).size();
        const HttpResult unknown
            = m_api.post(QStringLiteral("/api/agent/sessions/no-such-session/notes"),
                R"({"text":"x"})", m_marie);
        QCOMPARE(unknown.status, 404);
        const HttpResult empty = note(m_marie, QStringLiteral("   "));
        QCOMPARE(empty.status, 400);
        QVERIFY2(empty.body.contains("text"), empty.body.constData());
        const HttpResult missing = act(QStringLiteral("notes"), m_marie, R"({"message":"x"})");
        QCOMPARE(missing.status, 400);
        QVERIFY2(missing.body.contains("text"), missing.body.constData());
        const HttpResult tooLong
            = note(m_marie, QString(2001, u'a')); // the sanitizer's limit, as a reply's
        QCOMPARE(tooLong.status, 400);
        QVERIFY2(tooLong.body.contains("text"), tooLong.body.constData());
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/notes").arg(m_customer.id),
                         R"({"text":"x"})")
                     .status,
            401);
        QCOMPARE(agentMessages(m_marie).size(), before);
        for (const AuditEntry &entry : m_backend->store()->auditEntries(20, 0))
            QVERIFY(entry.action != QLatin1String("session.note"));
    }

    void announcesAMentionToTheAgentNamed()
    {
        EventStreamClient paulEvents;
        paulEvents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(paulEvents.waitFor("hello", 1));

        const HttpResult written = note(
            m_marie, QStringLiteral("@paul can you check? cc @ghost, mail marie@example.org"));
        QCOMPARE(written.status, 201);
        const QJsonObject n = written.json().value(QStringLiteral("note")).toObject();
        // An unknown name stays text.
        QVERIFY(n.value(QStringLiteral("content")).toString().contains(QLatin1String("@ghost")));

        QVERIFY(paulEvents.waitFor("mention", 1));
        QVERIFY(paulEvents.waitFor("message", 1));
        QCOMPARE(eventData(paulEvents.events("message").constLast())
                     .value(QStringLiteral("role"))
                     .toString(),
            QStringLiteral("NOTE"));
        QTest::qWait(200);
        QStringList named;
        for (const ServerSentEvent &event : paulEvents.events("mention")) {
            const QJsonObject mention = eventData(event);
            QCOMPARE(mention.value(QStringLiteral("sessionId")).toString(), m_customer.id);
            QCOMPARE(mention.value(QStringLiteral("noteId")).toString(),
                n.value(QStringLiteral("id")).toString());
            QCOMPARE(mention.value(QStringLiteral("by")).toString(), QStringLiteral("Marie"));
            named.append(mention.value(QStringLiteral("username")).toString());
        }
        // The e-mail address mentions nobody; a console takes up only its own username.
        QVERIFY(named.contains(QStringLiteral("paul")));
        QVERIFY(!named.contains(QStringLiteral("example.org")));
        QVERIFY(!named.contains(QStringLiteral("marie")));
    }

    void aNoteOnOneNodeReachesTheConsolesOfAnother()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("Nodes share events through PostgreSQL only");
        Backend otherNode(m_options); // the same database
        QVERIFY2(otherNode.start(), qPrintable(otherNode.errorString()));
        EventStreamClient there;
        there.open(QUrl(otherNode.url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(there.waitFor("hello", 1));
        EventStreamClient customerThere;
        customerThere.open(
            QUrl(otherNode.url() + QStringLiteral("/api/chat/events?sessionId=") + m_customer.id),
            { { "Authorization", "Bearer " + m_customer.token } });
        const int initial = int(customerHistory().size());
        QVERIFY(customerThere.waitFor("message", initial));

        QCOMPARE(note(m_marie, QStringLiteral("node-one note for @paul")).status, 201);
        QVERIFY(there.waitFor("mention", 1, 10000));
        bool noted = false;
        for (const ServerSentEvent &event : there.events("message"))
            noted = noted || event.data.contains("node-one note");
        QVERIFY(noted);
        QCOMPARE(eventData(there.events("mention").constFirst())
                     .value(QStringLiteral("username"))
                     .toString(),
            QStringLiteral("paul"));
        // The customer's stream on that node passes over it to the next message.
        QCOMPARE(m_api.sendMessage(m_customer, QStringLiteral("still there?")).status, 200);
        QVERIFY(customerThere.waitFor("message", initial + 1, 10000));
        for (const ServerSentEvent &event : customerThere.events("message"))
            QVERIFY(!event.data.contains("node-one note"));
    }

private:
    HttpResult act(const QString &action, const QByteArray &token,
        const QByteArray &body = QByteArrayLiteral("{}"))
    {
        return m_api.post(
            QStringLiteral("/api/agent/sessions/%1/%2").arg(m_customer.id, action), body, token);
    }
    HttpResult note(const QByteArray &token, const QString &text)
    {
        return act(QStringLiteral("notes"), token,
            QJsonDocument(QJsonObject { { QStringLiteral("text"), text } })
                .toJson(QJsonDocument::Compact));
    }
    QJsonArray agentMessages(const QByteArray &token)
    {
        return m_api
            .get(QStringLiteral("/api/agent/sessions/%1/messages").arg(m_customer.id), token)
            .json()
            .value(QStringLiteral("messages"))
            .toArray();
    }
    QJsonObject sessionOf(const QByteArray &token)
    {
        for (const QJsonValue &s : m_api.get(QStringLiteral("/api/agent/sessions"), token)
                                       .json()
                                       .value(QStringLiteral("sessions"))
                                       .toArray()) {
            if (s.toObject().value(QStringLiteral("id")).toString() == m_customer.id)
                return s.toObject();
        }
        return {};
    }
    QJsonArray customerHistory() { return m_api.history(m_customer); }

    QByteArray m_marie;
    QByteArray m_paul;
    CustomerSession m_customer;
};

QTEST_GUILESS_MAIN(TestNotes)
#include "tst_notes.moc"
