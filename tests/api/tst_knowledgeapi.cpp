// SPDX-License-Identifier: GPL-3.0-or-later
// The knowledge base over the agent API, on SQLite and PostgreSQL: every agent lists, reads and
// searches it, administrators add, change and remove articles (audited, announced live as a
// `knowledge` event); an article over the size limit is 413, bad fields 400 naming them, and a
// refused request changes nothing; Markdown with HTML is kept as the text it is; a search with
// full-text syntax is words; a question recorded or dismissed is announced as an `unanswered`
// event; on PostgreSQL a change on one node reaches the consoles of another.

#include "apiclient.h"
#include "apitestcase.h"
#include "domain/knowledge.h"
#include "eventstreamclient.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

QByteArray body(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString fieldOf(const HttpResult &result)
{
    return result.json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("field"))
        .toString();
}

QJsonObject articleOf(const HttpResult &result)
{
    return result.json().value(QStringLiteral("article")).toObject();
}

} // namespace

class TestKnowledgeApi : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        QVERIFY(startServer());
        m_alice = addAgent(*m_backend->store(), QStringLiteral("alice"), QStringLiteral("Alice"),
            AgentRole::Admin);
        m_paul = addAgent(*m_backend->store(), QStringLiteral("paul"), QStringLiteral("Paul"));
    }

    void administratorsCreateChangeAndRemoveAndEveryAgentReads()
    {
        QCOMPARE(list(m_paul).size(), 0);
        const HttpResult created = add(m_alice,
            { { QStringLiteral("title"), QStringLiteral("  Refunds ") },
                { QStringLiteral("body"),
                    QStringLiteral("# Refunds\n\nWe refund within **30 days**.") },
                { QStringLiteral("url"), QStringLiteral("https://help.example.com/refunds") },
                { QStringLiteral("locale"), QStringLiteral("EN") } });
        QCOMPARE(created.status, 201);
        const QJsonObject article = articleOf(created);
        const qint64 id = article.value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        QCOMPARE(article.value(QStringLiteral("title")).toString(), QStringLiteral("Refunds"));
        QCOMPARE(article.value(QStringLiteral("body")).toString(),
            QStringLiteral("# Refunds\n\nWe refund within **30 days**."));
        QCOMPARE(article.value(QStringLiteral("url")).toString(),
            QStringLiteral("https://help.example.com/refunds"));
        QCOMPARE(article.value(QStringLiteral("locale")).toString(), QStringLiteral("en"));
        QCOMPARE(article.value(QStringLiteral("updatedBy")).toString(), QStringLiteral("alice"));
        QVERIFY(!article.value(QStringLiteral("createdAt")).toString().isEmpty());
        QVERIFY(!article.value(QStringLiteral("updatedAt")).toString().isEmpty());

        // Every agent lists it (by title, whatever the case) and reads it.
        QCOMPARE(add(m_alice,
                     { { QStringLiteral("title"), QStringLiteral("billing") },
                         { QStringLiteral("body"), QStringLiteral("Plans and invoices.") } })
                     .status,
            201);
        const QJsonArray listed = list(m_paul);
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("billing"));
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("url")).toString(), QString());
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("locale")).toString(), QString());
        QCOMPARE(listed.at(1).toObject(), article);
        const HttpResult read
            = m_api.get(QStringLiteral("/api/agent/knowledge/%1").arg(id), m_paul);
        QCOMPARE(read.status, 200);
        QCOMPARE(articleOf(read), article);

        // A change is the whole article: what it leaves out is empty.
        const HttpResult changed = change(m_alice, id,
            { { QStringLiteral("title"), QStringLiteral("Refunds and returns") },
                { QStringLiteral("body"), QStringLiteral("We refund within 14 days.") } });
        QCOMPARE(changed.status, 200);
        const QJsonObject after = articleOf(changed);
        QCOMPARE(after.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(
            after.value(QStringLiteral("title")).toString(), QStringLiteral("Refunds and returns"));
        QCOMPARE(after.value(QStringLiteral("url")).toString(), QString());
        QCOMPARE(after.value(QStringLiteral("locale")).toString(), QString());
        QCOMPARE(
            after.value(QStringLiteral("createdAt")), article.value(QStringLiteral("createdAt")));
        QCOMPARE(
            articleOf(m_api.get(QStringLiteral("/api/agent/knowledge/%1").arg(id), m_paul)), after);

        const HttpResult removed
            = m_api.send("DELETE", QStringLiteral("/api/agent/knowledge/%1").arg(id), {}, m_alice);
        QCOMPARE(removed.status, 204);
        QVERIFY(removed.body.isEmpty());
        QCOMPARE(list(m_paul).size(), 1);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/knowledge/%1").arg(id), m_paul).status, 404);

        QStringList actions;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(50, 0)) {
            if (entry.action.startsWith(QLatin1String("knowledge."))
                && entry.target == QString::number(id)) {
                QCOMPARE(entry.actor, QStringLiteral("alice"));
                actions.prepend(entry.action);
            }
        }
        QCOMPARE(actions,
            QStringList({ QStringLiteral("knowledge.create"), QStringLiteral("knowledge.update"),
                QStringLiteral("knowledge.delete") }));
    }

    void keepsMarkdownWithHtmlAsText()
    {
        const QString hostile = QStringLiteral(
            "<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n[x](javascript:alert(3))");
        const HttpResult created = add(m_alice,
            { { QStringLiteral("title"), QStringLiteral("<b>Bold</b> & co") },
                { QStringLiteral("body"), hostile } });
        QCOMPARE(created.status, 201);
        QCOMPARE(articleOf(created).value(QStringLiteral("body")).toString(), hostile);
        QCOMPARE(articleOf(created).value(QStringLiteral("title")).toString(),
            QStringLiteral("<b>Bold</b> & co"));
        // Served as JSON, never as a page.
        QVERIFY(created.header("Content-Type").startsWith("application/json"));
    }

    void refusesAgentsWhoAreNotAdministratorsAndChangesNothing()
    {
        const qint64 id = addOne(QStringLiteral("Refunds"), QStringLiteral("We refund."));
        const QList<HttpResult> refused {
            add(m_paul,
                { { QStringLiteral("title"), QStringLiteral("Mine") },
                    { QStringLiteral("body"), QStringLiteral("Mine") } }),
            m_api.post(QStringLiteral("/api/agent/knowledge"), "not json", m_paul),
            change(m_paul, id,
                { { QStringLiteral("title"), QStringLiteral("Changed") },
                    { QStringLiteral("body"), QStringLiteral("Changed") } }),
            m_api.send("DELETE", QStringLiteral("/api/agent/knowledge/%1").arg(id), {}, m_paul),
        };
        for (const HttpResult &result : refused) {
            QCOMPARE(result.status, 403);
            QCOMPARE(errorCode(result), QStringLiteral("forbidden"));
        }
        const QJsonArray listed = list(m_paul);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("body")).toString(),
            QStringLiteral("We refund."));
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/knowledge")).status, 401);
        QCOMPARE(auditedChanges(), 1);
    }

    void refusesBadInputNamingTheFieldAndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("field");
        QTest::newRow("no title") << QByteArray(R"({"body":"Hi"})") << "title";
        QTest::newRow("blank title") << QByteArray(R"({"title":"  ","body":"Hi"})") << "title";
        QTest::newRow("title too long") << QByteArray(
            R"({"title":")" + QByteArray(knowledge::MaxTitleLength + 1, 'a') + R"(","body":"Hi"})")
                                        << "title";
        QTest::newRow("title of two lines")
            << QByteArray(R"({"title":"a\nb","body":"Hi"})") << "title";
        QTest::newRow("title not a string") << QByteArray(R"({"title":7,"body":"Hi"})") << "title";
        QTest::newRow("no body") << QByteArray(R"({"title":"Hi"})") << "body";
        QTest::newRow("javascript url")
            << QByteArray("{\"title\":\"Hi\",\"body\":\"Hi\",\"url\":\"javascript:alert(1)\"}")
            << "url";
        QTest::newRow("ftp url") << QByteArray(
            "{\"title\":\"Hi\",\"body\":\"Hi\",\"url\":\"ftp://example.com/a\"}")
                                 << "url";
        QTest::newRow("url without host")
            << QByteArray("{\"title\":\"Hi\",\"body\":\"Hi\",\"url\":\"https://\"}") << "url";
        QTest::newRow("german") << QByteArray(R"({"title":"Hi","body":"Hi","locale":"de"})")
                                << "locale";
        QTest::newRow("unknown field")
            << QByteArray(R"({"title":"Hi","body":"Hi","colour":"red"})") << "colour";
    }
    void refusesBadInputNamingTheFieldAndChangesNothing()
    {
        QFETCH(QByteArray, request);
        QFETCH(QString, field);
        const qint64 id = addOne(QStringLiteral("Refunds"), QStringLiteral("We refund."));
        const HttpResult refused
            = m_api.post(QStringLiteral("/api/agent/knowledge"), request, m_alice);
        QCOMPARE(refused.status, 400);
        QCOMPARE(fieldOf(refused), field);
        // The same rules for a change.
        const HttpResult unchanged = m_api.send(
            "PUT", QStringLiteral("/api/agent/knowledge/%1").arg(id), request, m_alice);
        QCOMPARE(unchanged.status, 400);
        QCOMPARE(fieldOf(unchanged), field);
        const QJsonArray listed = list(m_paul);
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.at(0).toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("Refunds"));
        QCOMPARE(auditedChanges(), 1);
    }

    void refusesAnArticleOverTheSizeLimitWith413()
    {
        const qint64 id = addOne(QStringLiteral("Refunds"), QStringLiteral("We refund."));
        // Just at the limit (in UTF-8 bytes, accents counting twice): accepted.
        const QString atLimit = QString(knowledge::MaxBodyBytes / 2, QChar(0xE9));
        QCOMPARE(add(m_alice,
                     { { QStringLiteral("title"), QStringLiteral("Long") },
                         { QStringLiteral("body"), atLimit } })
                     .status,
            201);
        const QString over = atLimit + QLatin1Char('x');
        const HttpResult tooLarge = add(m_alice,
            { { QStringLiteral("title"), QStringLiteral("Longer") },
                { QStringLiteral("body"), over } });
        QCOMPARE(tooLarge.status, 413);
        QCOMPARE(errorCode(tooLarge), QStringLiteral("article_too_large"));
        const HttpResult changeTooLarge = change(m_alice, id,
            { { QStringLiteral("title"), QStringLiteral("Refunds") },
                { QStringLiteral("body"), over } });
        QCOMPARE(changeTooLarge.status, 413);
        QCOMPARE(errorCode(changeTooLarge), QStringLiteral("article_too_large"));
        QCOMPARE(list(m_paul).size(), 2);
        QCOMPARE(articleOf(m_api.get(QStringLiteral("/api/agent/knowledge/%1").arg(id), m_paul))
                     .value(QStringLiteral("body"))
                     .toString(),
            QStringLiteral("We refund."));
    }

    void refusesUnknownIds()
    {
        addOne(QStringLiteral("Refunds"), QStringLiteral("We refund."));
        for (const QString &id :
            { QStringLiteral("999999"), QStringLiteral("0"), QStringLiteral("abc") }) {
            QCOMPARE(m_api.get(QStringLiteral("/api/agent/knowledge/") + id, m_paul).status, 404);
            QCOMPARE(m_api
                         .send("PUT", QStringLiteral("/api/agent/knowledge/") + id,
                             R"({"title":"x","body":"x"})", m_alice)
                         .status,
                404);
            QCOMPARE(m_api.send("DELETE", QStringLiteral("/api/agent/knowledge/") + id, {}, m_alice)
                         .status,
                404);
            QCOMPARE(m_api
                         .send("DELETE", QStringLiteral("/api/agent/knowledge/unanswered/") + id,
                             {}, m_alice)
                         .status,
                404);
        }
        QCOMPARE(list(m_paul).size(), 1);
        QCOMPARE(auditedChanges(), 1);
    }

    void searchesPassagesAndTreatsFullTextSyntaxAsWords()
    {
        addOne(QStringLiteral("Resetting your password"),
            QStringLiteral("Open the sign-in page and choose Forgot your password. We e-mail "
                           "you a link to reset it."),
            QStringLiteral("en"));
        addOne(QStringLiteral("Refunds"), QStringLiteral("We refund within 30 days."),
            QStringLiteral("en"));
        const HttpResult found
            = m_api.get(QStringLiteral("/api/agent/knowledge/search?q=password%20reset"), m_paul);
        QCOMPARE(found.status, 200);
        const QJsonArray passages = found.json().value(QStringLiteral("passages")).toArray();
        QVERIFY(!passages.isEmpty());
        const QJsonObject best = passages.at(0).toObject();
        QCOMPARE(best.value(QStringLiteral("title")).toString(),
            QStringLiteral("Resetting your password"));
        QVERIFY(best.value(QStringLiteral("text")).toString().contains(QStringLiteral("link")));
        QVERIFY(best.value(QStringLiteral("articleId")).toInteger() > 0);

        for (const QString &query :
            { QStringLiteral("%22"), QStringLiteral("*"), QStringLiteral("NEAR(a%20b)"),
                QStringLiteral("title:password"), QStringLiteral("((("),
                QStringLiteral("password%20AND%20-refund"), QStringLiteral("%27%3B%20DROP"),
                QStringLiteral("%5C0"), QStringLiteral("%E2%80%AE%F0%9F%92%A9") }) {
            const HttpResult searched
                = m_api.get(QStringLiteral("/api/agent/knowledge/search?q=") + query, m_paul);
            QVERIFY2(searched.status == 200, qPrintable(query));
            QVERIFY(searched.json().value(QStringLiteral("passages")).isArray());
        }
        // An empty question finds nothing; a bad locale or limit is named.
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/knowledge/search?q="), m_paul)
                     .json()
                     .value(QStringLiteral("passages"))
                     .toArray()
                     .size(),
            0);
        const HttpResult badLocale
            = m_api.get(QStringLiteral("/api/agent/knowledge/search?q=x&locale=de"), m_paul);
        QCOMPARE(badLocale.status, 400);
        QCOMPARE(fieldOf(badLocale), QStringLiteral("locale"));
        QCOMPARE(
            m_api.get(QStringLiteral("/api/agent/knowledge/search?q=x&limit=0"), m_paul).status,
            400);
    }

    // The search is the assistant's: strict in mock mode (only passages holding enough of the
    // words), broad with a provider (every passage holding one), switched with mock mode.
    void searchesAsTheAssistantAnsweringCustomers()
    {
        addOne(QStringLiteral("Refunds"), QStringLiteral("We refund within 30 days."),
            QStringLiteral("en"));
        addOne(QStringLiteral("Shipping"), QStringLiteral("Parcels leave within two days."),
            QStringLiteral("en"));
        addOne(QStringLiteral("Password"), QStringLiteral("Use Forgot password."),
            QStringLiteral("en"));
        const QString path
            = QStringLiteral("/api/agent/knowledge/search?q=refund%20parcel%20password&locale=en");
        const auto passagesFound = [&] {
            return m_api.get(path, m_paul)
                .json()
                .value(QStringLiteral("passages"))
                .toArray()
                .size();
        };
        QCOMPARE(passagesFound(), 0); // mock mode: each holds one word of three

        m_backend.reset();
        m_options.openAi.apiKey = QStringLiteral("sk-knowledge-search-0123456789");
        m_options.openAi.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:1/v1")); // never asked
        m_options.mockMode = false;
        QVERIFY(startServer());
        QCOMPARE(passagesFound(), 3);
        QCOMPARE(
            m_api
                .send("PUT", QStringLiteral("/api/agent/settings"), R"({"mockMode":true})", m_alice)
                .status,
            200);
        QCOMPARE(passagesFound(), 0);
    }

    void listsAndDismissesUnansweredQuestions()
    {
        const CustomerSession customer = m_api.createSession();
        QCOMPARE(customer.created.status, 201);
        const UnansweredQuestion recorded = m_backend->store()->recordUnansweredQuestion(
            customer.id, QStringLiteral("Do you ship to Mars?"), QStringLiteral("en"));
        const HttpResult listed
            = m_api.get(QStringLiteral("/api/agent/knowledge/unanswered"), m_paul);
        QCOMPARE(listed.status, 200);
        const QJsonArray questions = listed.json().value(QStringLiteral("questions")).toArray();
        QCOMPARE(questions.size(), 1);
        const QJsonObject question = questions.at(0).toObject();
        QCOMPARE(question.value(QStringLiteral("id")).toInteger(), recorded.id);
        QCOMPARE(question.value(QStringLiteral("sessionId")).toString(), customer.id);
        QCOMPARE(question.value(QStringLiteral("question")).toString(),
            QStringLiteral("Do you ship to Mars?"));
        QCOMPARE(question.value(QStringLiteral("locale")).toString(), QStringLiteral("en"));

        const QString path = QStringLiteral("/api/agent/knowledge/unanswered/%1").arg(recorded.id);
        QCOMPARE(m_api.send("DELETE", path, {}, m_paul).status, 403);
        QCOMPARE(m_api.send("DELETE", path, {}, m_alice).status, 204);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/knowledge/unanswered"), m_paul)
                     .json()
                     .value(QStringLiteral("questions"))
                     .toArray()
                     .size(),
            0);
    }

    void aSuggestionAnswersWhatTheCustomerAskedBeforeAskingForAHuman()
    {
        addOne(QStringLiteral("Resetting your password"),
            QStringLiteral("Open the sign-in page and choose Forgot your password. We e-mail you "
                           "a link to reset it, valid for one hour."),
            QStringLiteral("en"));
        const CustomerSession customer = m_api.createSession();
        QCOMPARE(customer.created.status, 201);
        QCOMPARE(
            m_api.sendMessage(customer, QStringLiteral("How do I reset my password?")).status, 200);
        QCOMPARE(
            m_api.sendMessage(customer, QStringLiteral("Can I talk to a person, please?")).status,
            200);
        const HttpResult suggested = m_api.post(
            QStringLiteral("/api/agent/sessions/%1/suggest").arg(customer.id), "{}", m_paul);
        QCOMPARE(suggested.status, 200);
        QVERIFY2(suggested.json()
                     .value(QStringLiteral("text"))
                     .toString()
                     .startsWith(QStringLiteral("Open the sign-in page")),
            suggested.body.constData());
        const QJsonArray sources = suggested.json().value(QStringLiteral("sources")).toArray();
        QCOMPARE(sources.size(), 1);
        QCOMPARE(sources.first().toObject().value(QStringLiteral("title")).toString(),
            QStringLiteral("Resetting your password"));
    }

    void theCopilotSuggestsSummarizesAndTranslatesInMockMode()
    {
        addOne(QStringLiteral("Resetting your password"),
            QStringLiteral("Open the sign-in page and choose Forgot your password. We e-mail you "
                           "a link to reset it, valid for one hour."),
            QStringLiteral("en"));
        const CustomerSession customer = m_api.createSession();
        QCOMPARE(customer.created.status, 201);
        QCOMPARE(
            m_api.sendMessage(customer, QStringLiteral("How do I reset my password?")).status, 200);
        const QString base = QStringLiteral("/api/agent/sessions/") + customer.id;

        const HttpResult suggested
            = m_api.post(base + QStringLiteral("/suggest"), R"({"locale":"en"})", m_paul);
        QCOMPARE(suggested.status, 200);
        QVERIFY(!suggested.json().value(QStringLiteral("text")).toString().isEmpty());
        QVERIFY(suggested.json().value(QStringLiteral("sources")).isArray());
        QCOMPARE(
            suggested.json().value(QStringLiteral("provider")).toString(), QStringLiteral("mock"));
        // Never sent: the conversation is as it was.
        const qint64 messagesBefore = m_api.get(base + QStringLiteral("/messages"), m_paul)
                                          .json()
                                          .value(QStringLiteral("messages"))
                                          .toArray()
                                          .size();

        const HttpResult summary = m_api.get(base + QStringLiteral("/summary"), m_paul);
        QCOMPARE(summary.status, 200);
        QVERIFY(summary.json()
                    .value(QStringLiteral("text"))
                    .toString()
                    .contains(QStringLiteral("password"), Qt::CaseInsensitive));

        const HttpResult translated
            = m_api.post(base + QStringLiteral("/translate"), R"({"seq":2,"to":"fr"})", m_paul);
        QCOMPARE(translated.status, 200);
        QCOMPARE(translated.json().value(QStringLiteral("translated")).toBool(), false);
        QCOMPARE(translated.json().value(QStringLiteral("to")).toString(), QStringLiteral("fr"));
        QVERIFY(!translated.json().value(QStringLiteral("text")).toString().isEmpty());
        QCOMPARE(m_api.get(base + QStringLiteral("/messages"), m_paul)
                     .json()
                     .value(QStringLiteral("messages"))
                     .toArray()
                     .size(),
            messagesBefore);

        // Bad input is named; an unknown session or message is 404.
        const HttpResult badTo
            = m_api.post(base + QStringLiteral("/translate"), R"({"seq":2,"to":"de"})", m_paul);
        QCOMPARE(badTo.status, 400);
        QCOMPARE(fieldOf(badTo), QStringLiteral("to"));
        const HttpResult badSeq
            = m_api.post(base + QStringLiteral("/translate"), R"({"seq":"x","to":"fr"})", m_paul);
        QCOMPARE(badSeq.status, 400);
        QCOMPARE(fieldOf(badSeq), QStringLiteral("seq"));
        QCOMPARE(
            m_api.post(base + QStringLiteral("/translate"), R"({"seq":9999,"to":"fr"})", m_paul)
                .status,
            404);
        const HttpResult badLocale
            = m_api.post(base + QStringLiteral("/suggest"), R"({"locale":"de"})", m_paul);
        QCOMPARE(badLocale.status, 400);
        QCOMPARE(fieldOf(badLocale), QStringLiteral("locale"));
        QCOMPARE(
            m_api.post(QStringLiteral("/api/agent/sessions/nope/suggest"), "{}", m_paul).status,
            404);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/sessions/nope/summary"), m_paul).status, 404);
        QCOMPARE(m_api.post(base + QStringLiteral("/suggest"), "{}").status, 401);
    }

    void announcesEachChangeToEveryConsole()
    {
        EventStreamClient paulEvents;
        paulEvents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(paulEvents.waitFor("hello", 1));
        const qint64 id = addOne(QStringLiteral("Refunds"), QStringLiteral("We refund."));
        QVERIFY(paulEvents.waitFor("knowledge", 1));
        QCOMPARE(change(m_alice, id,
                     { { QStringLiteral("title"), QStringLiteral("Refunds") },
                         { QStringLiteral("body"), QStringLiteral("We refund fast.") } })
                     .status,
            200);
        QVERIFY(paulEvents.waitFor("knowledge", 2));
        QCOMPARE(
            m_api.send("DELETE", QStringLiteral("/api/agent/knowledge/%1").arg(id), {}, m_alice)
                .status,
            204);
        QVERIFY(paulEvents.waitFor("knowledge", 3));
        // A refused change announces nothing.
        QCOMPARE(add(m_paul,
                     { { QStringLiteral("title"), QStringLiteral("x") },
                         { QStringLiteral("body"), QStringLiteral("x") } })
                     .status,
            403);
        QVERIFY(addOne(QStringLiteral("Last"), QStringLiteral("Last")) > 0);
        QVERIFY(paulEvents.waitFor("knowledge", 4));

        const QList<ServerSentEvent> events = paulEvents.events("knowledge");
        QCOMPARE(events.size(), 4);
        const QJsonObject created = eventData(events.at(0));
        QCOMPARE(created.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(created.value(QStringLiteral("deleted")).toBool(), false);
        QCOMPARE(created.value(QStringLiteral("article"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("Refunds"));
        QCOMPARE(eventData(events.at(1))
                     .value(QStringLiteral("article"))
                     .toObject()
                     .value(QStringLiteral("body"))
                     .toString(),
            QStringLiteral("We refund fast."));
        const QJsonObject removed = eventData(events.at(2));
        QCOMPARE(removed.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(removed.value(QStringLiteral("deleted")).toBool(), true);
        QVERIFY(!removed.contains(QStringLiteral("article")));
        QCOMPARE(eventData(events.at(3))
                     .value(QStringLiteral("article"))
                     .toObject()
                     .value(QStringLiteral("title"))
                     .toString(),
            QStringLiteral("Last"));
    }

    // A question the knowledge base had no answer to, recorded as the (mock) assistant says so,
    // and its dismissal reach every console as `unanswered` events; a refused dismissal
    // announces nothing.
    void announcesUnansweredQuestionsRecordedAndDismissed()
    {
        EventStreamClient paulEvents;
        paulEvents.open(QUrl(m_backend->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_paul } });
        QVERIFY(paulEvents.waitFor("hello", 1));
        QVERIFY(addOne(QStringLiteral("Opening hours"), QStringLiteral("We open at nine."),
                    QStringLiteral("en"))
            > 0);
        const CustomerSession customer = m_api.createSession();
        QCOMPARE(customer.created.status, 201);
        const HttpResult sent = m_api.sendMessage(customer, QStringLiteral("Do you ship to Mars?"));
        QCOMPARE(sent.status, 200);
        QVERIFY(!sent.json()
                     .value(QStringLiteral("reply"))
                     .toObject()
                     .contains(QStringLiteral("sources")));

        QVERIFY(paulEvents.waitFor("unanswered", 1));
        const QJsonObject recorded = eventData(paulEvents.events("unanswered").constFirst());
        const qint64 id = recorded.value(QStringLiteral("id")).toInteger();
        QCOMPARE(m_backend->store()->unansweredQuestions(10).size(), 1);
        QCOMPARE(id, m_backend->store()->unansweredQuestions(10).constFirst().id);
        QCOMPARE(recorded.value(QStringLiteral("dismissed")).toBool(true), false);
        const QJsonObject question = recorded.value(QStringLiteral("question")).toObject();
        QCOMPARE(question.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(question.value(QStringLiteral("sessionId")).toString(), customer.id);
        QCOMPARE(question.value(QStringLiteral("question")).toString(),
            QStringLiteral("Do you ship to Mars?"));

        const QString path = QStringLiteral("/api/agent/knowledge/unanswered/%1").arg(id);
        QCOMPARE(m_api.send("DELETE", path, {}, m_paul).status, 403);
        QCOMPARE(m_api.send("DELETE", path, {}, m_alice).status, 204);
        QVERIFY(paulEvents.waitFor("unanswered", 2));
        const QList<ServerSentEvent> events = paulEvents.events("unanswered");
        QCOMPARE(events.size(), 2); // the refused one, before it, announced nothing
        const QJsonObject dismissed = eventData(events.at(1));
        QCOMPARE(dismissed.value(QStringLiteral("id")).toInteger(), id);
        QCOMPARE(dismissed.value(QStringLiteral("dismissed")).toBool(), true);
        QVERIFY(!dismissed.contains(QStringLiteral("question")));
        // Neither is an article's change.
        QCOMPARE(paulEvents.events("knowledge").size(), 1);
    }

    void aChangeOnOneNodeReachesTheConsolesOfAnother()
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
        const qint64 id = addOne(QStringLiteral("Refunds"), QStringLiteral("We refund."));
        QVERIFY(there.waitFor("knowledge", 1, 10000));
        QCOMPARE(eventData(there.events("knowledge").constFirst())
                     .value(QStringLiteral("article"))
                     .toObject()
                     .value(QStringLiteral("body"))
                     .toString(),
            QStringLiteral("We refund."));
        QCOMPARE(
            m_api.send("DELETE", QStringLiteral("/api/agent/knowledge/%1").arg(id), {}, m_alice)
                .status,
            204);
        QVERIFY(there.waitFor("knowledge", 2, 10000));
        QCOMPARE(
            eventData(there.events("knowledge").at(1)).value(QStringLiteral("deleted")).toBool(),
            true);

        // A question recorded, then dismissed, on this node reaches the other's consoles.
        const CustomerSession customer = m_api.createSession();
        QCOMPARE(customer.created.status, 201);
        const UnansweredQuestion recorded = m_backend->store()->recordUnansweredQuestion(
            customer.id, QStringLiteral("Do you ship to Mars?"), QStringLiteral("en"));
        QVERIFY(there.waitFor("unanswered", 1, 10000));
        const QJsonObject heard = eventData(there.events("unanswered").constFirst());
        QCOMPARE(heard.value(QStringLiteral("id")).toInteger(), recorded.id);
        QCOMPARE(heard.value(QStringLiteral("dismissed")).toBool(true), false);
        QCOMPARE(heard.value(QStringLiteral("question"))
                     .toObject()
                     .value(QStringLiteral("question"))
                     .toString(),
            QStringLiteral("Do you ship to Mars?"));
        QCOMPARE(m_api
                     .send("DELETE",
                         QStringLiteral("/api/agent/knowledge/unanswered/%1").arg(recorded.id), {},
                         m_alice)
                     .status,
            204);
        QVERIFY(there.waitFor("unanswered", 2, 10000));
        const QJsonObject dismissed = eventData(there.events("unanswered").at(1));
        QCOMPARE(dismissed.value(QStringLiteral("id")).toInteger(), recorded.id);
        QCOMPARE(dismissed.value(QStringLiteral("dismissed")).toBool(), true);
        // No article's event came of them.
        QCOMPARE(there.events("knowledge").size(), 2);
    }

private:
    HttpResult add(const QByteArray &token, const QJsonObject &fields)
    {
        return m_api.post(QStringLiteral("/api/agent/knowledge"), body(fields), token);
    }
    HttpResult change(const QByteArray &token, qint64 id, const QJsonObject &fields)
    {
        return m_api.send(
            "PUT", QStringLiteral("/api/agent/knowledge/%1").arg(id), body(fields), token);
    }
    qint64 addOne(const QString &title, const QString &text, const QString &locale = QString())
    {
        const HttpResult created = add(m_alice,
            { { QStringLiteral("title"), title }, { QStringLiteral("body"), text },
                { QStringLiteral("locale"), locale } });
        if (created.status != 201)
            return 0;
        return articleOf(created).value(QStringLiteral("id")).toInteger();
    }
    QJsonArray list(const QByteArray &token)
    {
        return m_api.get(QStringLiteral("/api/agent/knowledge"), token)
            .json()
            .value(QStringLiteral("articles"))
            .toArray();
    }
    int auditedChanges()
    {
        int changes = 0;
        for (const AuditEntry &entry : m_backend->store()->auditEntries(100, 0))
            changes += entry.action.startsWith(QLatin1String("knowledge.")) ? 1 : 0;
        return changes;
    }

    QByteArray m_alice;
    QByteArray m_paul;
};

QTEST_GUILESS_MAIN(TestKnowledgeApi)
#include "tst_knowledgeapi.moc"
