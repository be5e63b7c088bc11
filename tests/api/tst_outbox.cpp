// SPDX-License-Identifier: GPL-3.0-or-later
// The e-mail outbox on SQLite and PostgreSQL against a real SMTP server the test starts
// (tests/support/smtpserver.py on aiosmtpd): a queued row arrives once with its own
// Message-ID; the server down, the row waits with the reason and goes once it is back; a wrong
// password loses nothing; a refused recipient fails the mail (not the others) and an
// administrator queues it again; agents see all of it (the routes and the `mail` event). A row
// is queued straight into the database (Store::queueMail), as whatever causes a mail writes it.

#include "apitestcase.h"
#include "domain/auditentry.h"
#include "domain/outboxmail.h"
#include "eventstreamclient.h"
#include "mail/smtpsettings.h"
#include "server/backend.h"
#include "smtptestserver.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;
using namespace std::chrono_literals;

namespace {

// Long enough for a loaded machine; conditions are waited for, never times asserted.
constexpr int Patience = 60000;

QString parsedHeader(const SmtpTestServer::Received &message, const QString &name)
{
    for (const QJsonValue &pair : message.parsed.value(QLatin1String("headers")).toArray())
        if (pair.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.toArray().at(1).toString();
    return QString();
}

// The text/plain part as Python's mail parser read it.
QString parsedText(const SmtpTestServer::Received &message)
{
    for (const QJsonValue &part : message.parsed.value(QLatin1String("parts")).toArray())
        if (part.toObject().value(QLatin1String("type")).toString() == QLatin1String("text/plain"))
            return part.toObject().value(QLatin1String("content")).toString();
    return QString();
}

} // namespace

class TestOutbox : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        m_options = optionsForThisRow();
        m_options.mailFrom = Mailbox { QStringLiteral("support@example.com"),
            QStringLiteral("Frontline Support") };
        // The test writes rows behind the server's back: it looks for them often.
        m_options.mailCheckInterval = std::chrono::milliseconds(100);
        m_options.mailRetryBase = std::chrono::milliseconds(200);
        QVERIFY(useSmtpServer({}));
        m_agent = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        m_admin = addAgent(
            *m_backend->store(), QStringLiteral("lea"), QStringLiteral("Léa"), AgentRole::Admin);
        m_customer = m_api.createSession();
        QCOMPARE(m_customer.created.status, 201);
    }

    void cleanup()
    {
        ApiTestCase::cleanup();
        m_smtp.reset();
    }

    void aQueuedMailArrivesOnceWithItsMessageId()
    {
        EventStreamClient console;
        console.open(agentEventsUrl(), { { "Authorization", "Bearer " + m_agent } });
        QVERIFY(console.waitFor("hello", 1, Patience));

        const OutboxMail queued = queue(QStringLiteral("marie@example.com"));
        QTRY_COMPARE_WITH_TIMEOUT(m_smtp->received().size(), 1, Patience);
        const SmtpTestServer::Received arrived = m_smtp->received().first();
        QCOMPARE(arrived.mailFrom, QStringLiteral("support@example.com"));
        QCOMPARE(arrived.rcptTos, QStringList { QStringLiteral("marie@example.com") });
        QCOMPARE(parsedHeader(arrived, QStringLiteral("Message-ID")),
            QLatin1Char('<') + queued.messageId + QLatin1Char('>'));
        QCOMPARE(parsedHeader(arrived, QStringLiteral("Subject")), queued.subject);
        QVERIFY2(parsedText(arrived).contains(QLatin1String("Your conversation")),
            qPrintable(parsedText(arrived)));

        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queued.id), MailState::Sent, Patience);
        const OutboxMail sent = *m_backend->store()->mail(queued.id);
        QCOMPARE(sent.attempts, 1);
        QVERIFY(sent.sentAt.isValid());
        QVERIFY(sent.lastError.isEmpty());
        // Sent, it is never claimed again: the server holds one message.
        QVERIFY(m_backend->store()->claimDueMails(QStringLiteral("another"), 10, 60s).isEmpty());
        QCOMPARE(m_smtp->received().size(), 1);

        // Agents see it: the outbox, the session's mails, and the events as it went.
        const QJsonObject listed
            = onlyMail(m_api.get(QStringLiteral("/api/agent/outbox"), m_agent));
        QCOMPARE(listed.value(QStringLiteral("id")).toInteger(), queued.id);
        QCOMPARE(listed.value(QStringLiteral("state")).toString(), QStringLiteral("sent"));
        QCOMPARE(listed.value(QStringLiteral("kind")).toString(), QStringLiteral("transcript"));
        QCOMPARE(
            listed.value(QStringLiteral("to")).toString(), QStringLiteral("marie@example.com"));
        QCOMPARE(listed.value(QStringLiteral("toName")).toString(), QStringLiteral("Marie Dupont"));
        QCOMPARE(listed.value(QStringLiteral("sessionId")).toString(), m_customer.id);
        QCOMPARE(listed.value(QStringLiteral("attempts")).toInt(), 1);
        QVERIFY(listed.value(QStringLiteral("lastError")).isNull());
        QVERIFY(listed.value(QStringLiteral("nextAttemptAt")).isNull());
        QVERIFY(!listed.value(QStringLiteral("sentAt")).toString().isEmpty());
        QVERIFY(!listed.contains(QStringLiteral("body")));
        QCOMPARE(onlyMail(m_api.get(
                     QStringLiteral("/api/agent/sessions/%1/mails").arg(m_customer.id), m_agent)),
            listed);
        QVERIFY(m_api.get(QStringLiteral("/api/agent/outbox?state=queued"), m_agent)
                    .json()
                    .value(QStringLiteral("mails"))
                    .toArray()
                    .isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(
            eventStates(console, queued.id).contains(QLatin1String("sent")), Patience);
        QCOMPARE(eventStates(console, queued.id),
            (QStringList { QStringLiteral("sending"), QStringLiteral("sent") }));
    }

    void theServerDownKeepsItQueuedUntilItIsBack()
    {
        m_smtp->stop();
        const OutboxMail queued = queue(QStringLiteral("marie@example.com"));
        // Tried, failed, queued again with the reason, for agents to see; the API answers.
        QTRY_VERIFY_WITH_TIMEOUT(
            !m_backend->store()->mail(queued.id)->lastError.isEmpty(), Patience);
        const QJsonObject waiting
            = onlyMail(m_api.get(QStringLiteral("/api/agent/outbox"), m_agent));
        QVERIFY2(waiting.value(QStringLiteral("lastError"))
                     .toString()
                     .contains(QLatin1String("cannot be reached")),
            qPrintable(waiting.value(QStringLiteral("lastError")).toString()));
        QVERIFY(waiting.value(QStringLiteral("state")).toString() != QLatin1String("failed"));
        QCOMPARE(m_api.createSession().created.status, 201);

        QString error;
        QVERIFY2(m_smtp->start(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queued.id), MailState::Sent, Patience);
        QCOMPARE(m_smtp->received().size(), 1);
        QCOMPARE(parsedHeader(m_smtp->received().first(), QStringLiteral("Message-ID")),
            QLatin1Char('<') + queued.messageId + QLatin1Char('>'));
        QVERIFY(m_backend->store()->mail(queued.id)->attempts >= 2);
    }

    void aWrongPasswordLosesNothing()
    {
        SmtpTestServer::Options withAuth;
        withAuth.user = QStringLiteral("frontline");
        withAuth.password = QStringLiteral("right-password");
        QVERIFY(useSmtpServer(withAuth, QStringLiteral("wrong-password")));
        const OutboxMail queued = queue(QStringLiteral("marie@example.com"));
        QTRY_VERIFY_WITH_TIMEOUT(m_backend->store()->mail(queued.id)->attempts >= 2, Patience);
        const OutboxMail refused = *m_backend->store()->mail(queued.id);
        QVERIFY2(refused.lastError.contains(QLatin1String("authentication failed")),
            qPrintable(refused.lastError));
        QVERIFY(refused.state != MailState::Failed);
        QVERIFY(m_smtp->received().isEmpty());
        const QJsonObject shown = onlyMail(m_api.get(QStringLiteral("/api/agent/outbox"), m_agent));
        QCOMPARE(shown.value(QStringLiteral("lastError")).toString(), refused.lastError);

        // The operator puts the right password and restarts: it goes, once.
        m_options.smtp->password = withAuth.password;
        QVERIFY(startServer());
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queued.id), MailState::Sent, Patience);
        QCOMPARE(m_smtp->received().size(), 1);
        QVERIFY(m_smtp->received().first().authenticated);
    }

    void aRefusedRecipientFailsAndAnAdministratorRetries()
    {
        SmtpTestServer::Options refusing;
        refusing.refusedRecipients = QStringList { QStringLiteral("nobody@example.com") };
        QVERIFY(useSmtpServer(refusing));
        const OutboxMail refused = queue(QStringLiteral("nobody@example.com"));
        const OutboxMail fine = queue(QStringLiteral("marie@example.com"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(refused.id), MailState::Failed, Patience);
        QCOMPARE(m_backend->store()->mail(refused.id)->attempts, 1); // not retried by itself
        // The next one is not held up.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(fine.id), MailState::Sent, Patience);
        QCOMPARE(m_smtp->received().size(), 1);

        const QJsonArray failed
            = m_api.get(QStringLiteral("/api/agent/outbox?state=failed"), m_agent)
                  .json()
                  .value(QStringLiteral("mails"))
                  .toArray();
        QCOMPARE(failed.size(), 1);
        const QJsonObject shown = failed.first().toObject();
        QCOMPARE(shown.value(QStringLiteral("id")).toInteger(), refused.id);
        QVERIFY2(shown.value(QStringLiteral("lastError"))
                     .toString()
                     .contains(QLatin1String("refused the recipient")),
            qPrintable(shown.value(QStringLiteral("lastError")).toString()));

        // Only an administrator sends it again; nothing changes on a refusal.
        const QString retry = QStringLiteral("/api/agent/outbox/%1/retry").arg(refused.id);
        const HttpResult byAgent = m_api.post(retry, {}, m_agent);
        QCOMPARE(byAgent.status, 403);
        QCOMPARE(stateOf(refused.id), MailState::Failed);
        const HttpResult byAdmin = m_api.post(retry, {}, m_admin);
        QCOMPARE(byAdmin.status, 200);
        const QJsonObject again = byAdmin.json().value(QStringLiteral("mail")).toObject();
        QCOMPARE(again.value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(again.value(QStringLiteral("attempts")).toInt(), 0);
        QVERIFY(!again.value(QStringLiteral("nextAttemptAt")).isNull());
        // It is tried again at once, and refused again.
        QTRY_VERIFY_WITH_TIMEOUT(m_backend->store()->mail(refused.id)->state == MailState::Failed
                && m_backend->store()->mail(refused.id)->attempts == 1,
            Patience);
        const std::optional<AuditEntry> audited = lastAudit(QStringLiteral("mail.retry"));
        QVERIFY(audited);
        QCOMPARE(audited->actor, QStringLiteral("lea"));
        QCOMPARE(audited->target, QString::number(refused.id));

        // What cannot be retried.
        const HttpResult sent
            = m_api.post(QStringLiteral("/api/agent/outbox/%1/retry").arg(fine.id), {}, m_admin);
        QCOMPARE(sent.status, 409);
        QCOMPARE(errorCode(sent), QStringLiteral("mail_not_failed"));
        QCOMPARE(
            m_api.post(QStringLiteral("/api/agent/outbox/999999/retry"), {}, m_admin).status, 404);
        QCOMPARE(
            m_api.post(QStringLiteral("/api/agent/outbox/abc/retry"), {}, m_admin).status, 404);
        QCOMPARE(m_smtp->received().size(), 1);
    }

    void badInputIsRefused()
    {
        const HttpResult state = m_api.get(QStringLiteral("/api/agent/outbox?state=lost"), m_agent);
        QCOMPARE(state.status, 400);
        QCOMPARE(
            state.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("field")),
            QStringLiteral("state"));
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/outbox?limit=0"), m_agent).status, 400);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/sessions/nope/mails"), m_agent).status, 404);
        QCOMPARE(m_api.get(QStringLiteral("/api/agent/outbox")).status, 401);
    }

private:
    // A new SMTP test server with `options`, and the backend restarted to send through it
    // (with `password` when the server asks for one).
    bool useSmtpServer(const SmtpTestServer::Options &options, const QString &password = {})
    {
        m_smtp = std::make_unique<SmtpTestServer>(options);
        QString error;
        if (!m_smtp->start(&error)) {
            qWarning("The SMTP test server did not start: %s", qPrintable(error));
            return false;
        }
        mail::SmtpSettings smtp;
        smtp.host = QStringLiteral("127.0.0.1");
        smtp.port = m_smtp->port();
        smtp.user = options.user;
        smtp.password = password;
        smtp.connectTimeout = std::chrono::seconds(10);
        smtp.totalTimeout = std::chrono::seconds(30);
        m_options.smtp = smtp;
        return startServer();
    }

    OutboxMail queue(const QString &to)
    {
        NewMail mail;
        mail.sessionId = m_customer.id;
        mail.kind = MailKind::Transcript;
        mail.recipient = to;
        mail.recipientName = QStringLiteral("Marie Dupont");
        mail.subject = QStringLiteral("Your conversation with Frontline Support");
        mail.text = QStringLiteral("Your conversation:\nhello");
        mail.html = QStringLiteral("<p>Your conversation:</p><p>hello</p>");
        const QString messageId = QStringLiteral("outbox-test-%1@example.com").arg(++m_mailCounter);
        const std::optional<OutboxMail> queued = m_backend->store()->queueMail(mail, messageId);
        if (!queued)
            qFatal("the test's mail was not queued");
        return *queued;
    }

    MailState stateOf(qint64 id) const
    {
        const std::optional<OutboxMail> row = m_backend->store()->mail(id);
        return row ? row->state : MailState::Failed;
    }

    // The one mail a list answer holds (an empty object, failing the comparisons, otherwise).
    static QJsonObject onlyMail(const HttpResult &result)
    {
        const QJsonArray mails = result.json().value(QStringLiteral("mails")).toArray();
        return mails.size() == 1 ? mails.first().toObject() : QJsonObject();
    }

    // The states the agents' `mail` events said of the row, in order.
    static QStringList eventStates(const EventStreamClient &console, qint64 id)
    {
        QStringList states;
        for (const ServerSentEvent &event : console.events("mail")) {
            const QJsonObject mail = QJsonDocument::fromJson(event.data)
                                         .object()
                                         .value(QStringLiteral("mail"))
                                         .toObject();
            if (mail.value(QStringLiteral("id")).toInteger() == id)
                states << mail.value(QStringLiteral("state")).toString();
        }
        return states;
    }

    std::optional<AuditEntry> lastAudit(const QString &action) const
    {
        for (const AuditEntry &entry : m_backend->store()->auditEntries(50, 0))
            if (entry.action == action)
                return entry;
        return std::nullopt;
    }

    QUrl agentEventsUrl() const
    {
        return QUrl(m_backend->url() + QStringLiteral("/api/agent/events"));
    }

    std::unique_ptr<SmtpTestServer> m_smtp;
    QByteArray m_agent;
    QByteArray m_admin;
    CustomerSession m_customer;
    int m_mailCounter = 0;
};

QTEST_MAIN(TestOutbox)
#include "tst_outbox.moc"
