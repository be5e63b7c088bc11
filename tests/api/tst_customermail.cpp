// SPDX-License-Identifier: GPL-3.0-or-later
// What is e-mailed to customers (issue 20, point 5), over real HTTP on SQLite and PostgreSQL:
// an agent's reply to a customer who left is queued once, in the customer's language, with a
// link that resumes the conversation; a customer still there, or who saw the reply, gets none;
// the transcript on request, never with a note; the operator's copy with the close; altered
// and expired links open nothing; bad addresses are refused naming the field; a line break in
// a name never becomes a header. The test clock moves time; each wait is for a condition.

#include "apiclient.h"
#include "apitestcase.h"
#include "chat/replymailer.h"
#include "manualclock.h"
#include "server/backend.h"
#include "smtptestserver.h"
#include "store/store.h"
#include "testbackend.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

constexpr int Timeout = 30000; // generous: a sweep runs every half second
constexpr qint64 EmailAfterMs = 2000;

QByteArray json(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString parsedHeader(const SmtpTestServer::Received &message, const QString &name)
{
    for (const QJsonValue &pair : message.parsed.value(QLatin1String("headers")).toArray())
        if (pair.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.toArray().at(1).toString();
    return QString();
}

// The part of this type as Python's mail parser read it.
QString parsedPart(const SmtpTestServer::Received &message, const QString &type)
{
    for (const QJsonValue &part : message.parsed.value(QLatin1String("parts")).toArray())
        if (part.toObject().value(QLatin1String("type")).toString() == type)
            return part.toObject().value(QLatin1String("content")).toString();
    return QString();
}

QString field(const HttpResult &result)
{
    return result.json()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("field"))
        .toString();
}

// The "{id}.{expires}.{signature}" of the resume link in a mail's text.
QString resumeToken(const QString &text)
{
    static const QRegularExpression link(QStringLiteral("#resume=(\\S+)"));
    return link.match(text).captured(1);
}

} // namespace

class TestCustomerMail : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        m_smtp = std::make_unique<SmtpTestServer>(SmtpTestServer::Options {});
        QString error;
        QVERIFY2(m_smtp->start(&error), qPrintable(error));
        m_options = optionsForThisRow();
        mail::SmtpSettings smtp;
        smtp.host = QStringLiteral("127.0.0.1");
        smtp.port = m_smtp->port();
        m_options.smtp = smtp;
        m_options.mailCheckInterval = std::chrono::milliseconds(100);
        m_options.mailFrom
            = Mailbox { QStringLiteral("support@example.com"), QStringLiteral("Acme Support") };
        m_options.publicUrl = QStringLiteral("https://support.example.com");
        m_options.emailAfter = std::chrono::milliseconds(EmailAfterMs);
        m_options.mailCopyTo = QStringLiteral("archive@example.com");
        m_clock = std::make_shared<ManualClock>();
        QVERIFY(startServer(m_clock));
        QVERIFY(m_backend->replyMailer());
        m_marie = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
    }

    void mailsAReplyOnceInTheCustomersLanguageWithALinkThatResumes_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("subject");
        QTest::addColumn<QString>("greeting");
        QTest::newRow("fr") << QStringLiteral("fr")
                            << QStringLiteral("Nouvelle réponse de Acme Support")
                            << QStringLiteral("Bonjour Anna,");
        QTest::newRow("en") << QStringLiteral("en") << QStringLiteral("New reply from Acme Support")
                            << QStringLiteral("Hello Anna,");
    }

    void mailsAReplyOnceInTheCustomersLanguageWithALinkThatResumes()
    {
        QFETCH(QString, locale);
        QFETCH(QString, subject);
        QFETCH(QString, greeting);
        const CustomerSession customer
            = startConversation({ { QStringLiteral("name"), QStringLiteral("Anna") },
                { QStringLiteral("email"), QStringLiteral("anna@example.com") },
                { QStringLiteral("locale"), locale } });
        const qint64 seq = reply(customer, QStringLiteral("Try <b>this</b> & tell me"));
        customerLeaves();

        QTRY_COMPARE_WITH_TIMEOUT(mailsOf(customer).size(), 1, Timeout);
        const OutboxMail mail = mailsOf(customer).first();
        QCOMPARE(mail.kind, MailKind::Reply);
        QVERIFY(mail.state != MailState::Failed);
        QCOMPARE(mail.recipient, QStringLiteral("anna@example.com"));
        QCOMPARE(mail.recipientName, QStringLiteral("Anna"));
        QCOMPARE(mail.subject, subject);
        QCOMPARE(mail.firstSeq, seq);
        QCOMPARE(mail.lastSeq, seq);
        QVERIFY(mail.messageId.endsWith(QLatin1String("@example.com")));
        QVERIFY2(mail.text.startsWith(greeting), qPrintable(mail.text));
        QVERIFY(mail.text.contains(QLatin1String("Try <b>this</b> & tell me")));
        QVERIFY(mail.text.contains(QLatin1String("Marie")));
        // In the HTML part the agent's words are text, never markup.
        QVERIFY(mail.html.contains(QLatin1String("Try &lt;b&gt;this&lt;/b&gt; &amp; tell me")));
        QVERIFY(!mail.html.contains(QLatin1String("<b>this")));
        QVERIFY(mail.html.contains(QStringLiteral("lang=\"%1\"").arg(locale)));
        QVERIFY(mail.text.contains(
            QLatin1String("https://support.example.com/support/chat#resume=") + customer.id));
        const QString token = resumeToken(mail.text);
        QVERIFY(mail.html.contains(token));

        // It reaches the mail server, as Python's mail parser reads it.
        QTRY_COMPARE_WITH_TIMEOUT(
            arrivedFor(QStringLiteral("anna@example.com")).size(), 1, Timeout);
        const SmtpTestServer::Received arrived
            = arrivedFor(QStringLiteral("anna@example.com")).first();
        QCOMPARE(parsedHeader(arrived, QStringLiteral("Subject")), subject);
        QCOMPARE(
            parsedHeader(arrived, QStringLiteral("To")), QStringLiteral("Anna <anna@example.com>"));
        QCOMPARE(parsedHeader(arrived, QStringLiteral("From")),
            QStringLiteral("Acme Support <support@example.com>"));
        QCOMPARE(parsedHeader(arrived, QStringLiteral("Message-ID")),
            QLatin1Char('<') + mail.messageId + QLatin1Char('>'));
        const QString text = parsedPart(arrived, QStringLiteral("text/plain"));
        QVERIFY2(text.startsWith(greeting), qPrintable(text));
        QVERIFY(text.contains(QLatin1String("Try <b>this</b> & tell me")));
        QVERIFY(text.contains(token));
        const QString html = parsedPart(arrived, QStringLiteral("text/html"));
        QVERIFY(html.contains(QLatin1String("Try &lt;b&gt;this&lt;/b&gt; &amp; tell me")));
        QVERIFY(html.contains(
            QStringLiteral("href=\"https://support.example.com/support/chat#resume=%1\"")
                .arg(token)));

        // Later sweeps send nothing more.
        QSignalSpy sweeps(m_backend->replyMailer(), &ReplyMailer::swept);
        QTRY_VERIFY_WITH_TIMEOUT(sweeps.count() >= 3, Timeout);
        QCOMPARE(mailsOf(customer).size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(mailsOf(customer).first().state, MailState::Sent, Timeout);
        QCOMPARE(arrivedFor(QStringLiteral("anna@example.com")).size(), 1);

        // The link resumes the conversation with a new token; the old one is done.
        const HttpResult resumed = m_api.post(
            QStringLiteral("/api/chat/resume"), json({ { QStringLiteral("resume"), token } }));
        QCOMPARE(resumed.status, 200);
        QCOMPARE(resumed.json().value(QStringLiteral("sessionId")).toString(), customer.id);
        const QByteArray newToken
            = resumed.json().value(QStringLiteral("sessionToken")).toString().toUtf8();
        QVERIFY(!newToken.isEmpty());
        QVERIFY(newToken != customer.token);
        QCOMPARE(resumed.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("ASSIGNED"));
        const QString history = QStringLiteral("/api/chat/history?sessionId=") + customer.id;
        const HttpResult read = m_api.get(history, newToken);
        QCOMPARE(read.status, 200);
        QVERIFY(QString::fromUtf8(read.body).contains(QLatin1String("tell me")));
        QCOMPARE(m_api.get(history, customer.token).status, 401);
    }

    void mailsNobodyStillThereOrWhoSawTheReply()
    {
        const QJsonObject withEmail { { QStringLiteral("email"),
            QStringLiteral("a@example.com") } };
        const CustomerSession polling = startConversation(withEmail);
        const CustomerSession sawIt = startConversation(withEmail);
        const CustomerSession left = startConversation(withEmail);
        reply(polling, QStringLiteral("for the one who stays"));
        const qint64 seen = reply(sawIt, QStringLiteral("for the one who reads"));
        reply(left, QStringLiteral("for the one who left"));
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/chat/seen"),
                         json({ { QStringLiteral("sessionId"), sawIt.id },
                             { QStringLiteral("seq"), seen } }),
                         sawIt.token)
                     .status,
            204);

        // The polling customer asks for news every second of the test clock, with a sweep in
        // between each time, for twice the wait.
        QSignalSpy sweeps(m_backend->replyMailer(), &ReplyMailer::swept);
        for (int second = 0; second < 2 * EmailAfterMs / 1000 + 1; ++second) {
            m_clock->advance(1000);
            QCOMPARE(
                m_api
                    .get(QStringLiteral("/api/chat/history?sessionId=") + polling.id, polling.token)
                    .status,
                200);
            const qsizetype before = sweeps.count();
            QTRY_VERIFY_WITH_TIMEOUT(sweeps.count() >= before + 2, Timeout);
        }
        // The same sweeps mailed the one who left, and only them.
        QTRY_COMPARE_WITH_TIMEOUT(mailsOf(left).size(), 1, Timeout);
        QCOMPARE(mailsOf(polling).size(), 0);
        QCOMPARE(mailsOf(sawIt).size(), 0);
    }

    void mailsTheTranscriptOnRequestWithoutANote()
    {
        const CustomerSession customer = startConversation({});
        reply(customer, QStringLiteral("Here is the fix"));
        QCOMPARE(agent(customer, QStringLiteral("notes"),
                     json({ { QStringLiteral("text"), QStringLiteral("SECRET internal note") } }))
                     .status,
            201);
        const QString path = QStringLiteral("/api/chat/transcript");
        const auto ask = [&](const QJsonObject &extra, const QByteArray &token) {
            QJsonObject body { { QStringLiteral("sessionId"), customer.id } };
            for (auto it = extra.begin(); it != extra.end(); ++it)
                body.insert(it.key(), it.value());
            return m_api.post(path, json(body), token);
        };

        // No address on the session and none given, or one that is none: 400 naming it.
        HttpResult refused = ask({}, customer.token);
        QCOMPARE(refused.status, 400);
        QCOMPARE(field(refused), QStringLiteral("email"));
        for (const QString &bad : { QStringLiteral("not-an-address"),
                 QStringLiteral("bob@example.com\r\nBcc: eve@example.com"),
                 QStringLiteral("Bob <bob@example.com>") }) {
            refused = ask({ { QStringLiteral("email"), bad } }, customer.token);
            QCOMPARE(refused.status, 400);
            QCOMPARE(field(refused), QStringLiteral("email"));
        }
        QCOMPARE(ask({ { QStringLiteral("email"), QStringLiteral("bob@example.com") } },
                     QByteArrayLiteral("wrong"))
                     .status,
            401);
        QCOMPARE(mailsOf(customer).size(), 0);
        QVERIFY(m_backend->store()->session(customer.id)->customerEmail.isEmpty());

        const HttpResult queued = ask(
            { { QStringLiteral("email"), QStringLiteral("bob@example.com") } }, customer.token);
        QCOMPARE(queued.status, 202);
        const QJsonObject answered = queued.json().value(QStringLiteral("mail")).toObject();
        QCOMPARE(answered.value(QStringLiteral("state")).toString(), QStringLiteral("queued"));
        QCOMPARE(
            answered.value(QStringLiteral("to")).toString(), QStringLiteral("bob@example.com"));
        // The address is kept on the session.
        QCOMPARE(m_backend->store()->session(customer.id)->customerEmail,
            QStringLiteral("bob@example.com"));

        const QList<OutboxMail> mails = mailsOf(customer);
        QCOMPARE(mails.size(), 1);
        QCOMPARE(mails.first().kind, MailKind::Transcript);
        QCOMPARE(mails.first().recipient, QStringLiteral("bob@example.com"));
        QCOMPARE(mails.first().subject, QStringLiteral("Your conversation with Acme Support"));
        for (const QString &part : { mails.first().text, mails.first().html }) {
            QVERIFY(part.contains(QLatin1String("my printer is on fire")));
            QVERIFY(part.contains(QLatin1String("Here is the fix")));
            QVERIFY(!part.contains(QLatin1String("SECRET")));
        }
        QTRY_COMPARE_WITH_TIMEOUT(arrivedFor(QStringLiteral("bob@example.com")).size(), 1, Timeout);
        const SmtpTestServer::Received arrived
            = arrivedFor(QStringLiteral("bob@example.com")).first();
        QVERIFY(parsedPart(arrived, QStringLiteral("text/plain"))
                    .contains(QLatin1String("Here is the fix")));
        QVERIFY(!QString::fromUtf8(arrived.data).contains(QLatin1String("SECRET")));
        // Asked again without an address: to the one now kept.
        QCOMPARE(ask({}, customer.token).status, 202);
        QCOMPARE(mailsOf(customer).size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(arrivedFor(QStringLiteral("bob@example.com")).size(), 2, Timeout);
    }

    void cleanup()
    {
        ApiTestCase::cleanup(); // the backend first: its outbox talks to the server
        m_smtp.reset();
    }

    void refusesTheTranscriptWithoutAMailServer()
    {
        m_options.smtp.reset();
        m_options.mailFrom.reset();
        m_options.mailCopyTo.clear();
        QVERIFY(startServer(m_clock));
        QVERIFY(!m_backend->replyMailer());
        const CustomerSession customer = m_api.createSession();
        QCOMPARE(customer.created.status, 201);
        const HttpResult refused = m_api.post(QStringLiteral("/api/chat/transcript"),
            json({ { QStringLiteral("sessionId"), customer.id },
                { QStringLiteral("email"), QStringLiteral("bob@example.com") } }),
            customer.token);
        QCOMPARE(refused.status, 409);
        QCOMPARE(errorCode(refused), QStringLiteral("mail_unavailable"));
        QCOMPARE(mailsOf(customer).size(), 0);
    }

    void anAlteredOrExpiredLinkOpensNothing()
    {
        const CustomerSession customer = startConversation(
            { { QStringLiteral("email"), QStringLiteral("anna@example.com") } });
        reply(customer, QStringLiteral("an answer"));
        customerLeaves();
        QTRY_COMPARE_WITH_TIMEOUT(mailsOf(customer).size(), 1, Timeout);
        const QString token = resumeToken(mailsOf(customer).first().text);
        const QStringList parts = token.split(QLatin1Char('.'));
        QCOMPARE(parts.size(), 3);
        const qsizetype sessions = m_backend->store()->sessions({}).size();

        QString otherSignature = parts[2];
        otherSignature[3]
            = otherSignature[3] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        const QStringList altered {
            parts[0] + QLatin1Char('.') + parts[1] + QLatin1Char('.') + otherSignature,
            parts[0] + QLatin1Char('.') + QString::number(parts[1].toLongLong() + 86400)
                + QLatin1Char('.') + parts[2],
            QStringLiteral("00000000-0000-0000-0000-000000000000.") + parts[1] + QLatin1Char('.')
                + parts[2],
            parts[0],
            QStringLiteral("garbage"),
        };
        for (const QString &link : altered) {
            const HttpResult refused = m_api.post(
                QStringLiteral("/api/chat/resume"), json({ { QStringLiteral("resume"), link } }));
            QCOMPARE(refused.status, 403);
            QCOMPARE(errorCode(refused), QStringLiteral("invalid_link"));
        }
        // Eight days later the genuine link has expired.
        m_clock->advance(8LL * 24 * 3600 * 1000);
        const HttpResult expired = m_api.post(
            QStringLiteral("/api/chat/resume"), json({ { QStringLiteral("resume"), token } }));
        QCOMPARE(expired.status, 410);
        QCOMPARE(errorCode(expired), QStringLiteral("link_expired"));
        QVERIFY(errorMessage(expired).contains(QLatin1String("new conversation")));
        // Nothing was made, and the customer's own token still opens the conversation.
        QCOMPARE(m_backend->store()->sessions({}).size(), sessions);
        QCOMPARE(
            m_api.get(QStringLiteral("/api/chat/history?sessionId=") + customer.id, customer.token)
                .status,
            200);
    }

    void queuesTheOperatorsCopyWithTheClose()
    {
        const CustomerSession customer
            = startConversation({ { QStringLiteral("name"), QStringLiteral("Anna") },
                { QStringLiteral("email"), QStringLiteral("anna@example.com") } });
        const qint64 seq = reply(customer, QStringLiteral("all done"));
        QCOMPARE(agent(customer, QStringLiteral("notes"),
                     json({ { QStringLiteral("text"), QStringLiteral("SECRET internal note") } }))
                     .status,
            201);
        // Seen, so that no reply mail comes in between.
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/chat/seen"),
                         json({ { QStringLiteral("sessionId"), customer.id },
                             { QStringLiteral("seq"), seq } }),
                         customer.token)
                     .status,
            204);
        QCOMPARE(agent(customer, QStringLiteral("close")).status, 200);
        const QList<OutboxMail> mails = mailsOf(customer);
        QCOMPARE(mails.size(), 1);
        QCOMPARE(mails.first().kind, MailKind::OperatorCopy);
        QCOMPARE(mails.first().recipient, QStringLiteral("archive@example.com"));
        QVERIFY(mails.first().subject.contains(QLatin1String("Anna <anna@example.com>")));
        QVERIFY(mails.first().text.contains(QLatin1String("all done")));
        QVERIFY(mails.first().text.contains(QLatin1String("my printer is on fire")));
        QVERIFY(!mails.first().text.contains(QLatin1String("SECRET")));
        QVERIFY(!mails.first().html.contains(QLatin1String("SECRET")));
        QTRY_COMPARE_WITH_TIMEOUT(
            arrivedFor(QStringLiteral("archive@example.com")).size(), 1, Timeout);
        const SmtpTestServer::Received arrived
            = arrivedFor(QStringLiteral("archive@example.com")).first();
        QVERIFY(
            parsedPart(arrived, QStringLiteral("text/plain")).contains(QLatin1String("all done")));
        QVERIFY(!QString::fromUtf8(arrived.data).contains(QLatin1String("SECRET")));
    }

    void aLineBreakInTheNameNeverMakesAHeader()
    {
        // Refused where it is given: nothing is stored.
        const qsizetype sessions = m_backend->store()->sessions({}).size();
        const CustomerSession refused = m_api.createSession(
            { { QStringLiteral("name"), QStringLiteral("Eve\r\nBcc: victim@example.com") },
                { QStringLiteral("email"), QStringLiteral("eve@example.com") } });
        QCOMPARE(refused.created.status, 400);
        QCOMPARE(field(refused.created), QStringLiteral("name"));
        QCOMPARE(m_backend->store()->sessions({}).size(), sessions);
        // On one line, a header's words stay in the display name.
        const CustomerSession customer = startConversation(
            { { QStringLiteral("name"), QStringLiteral("Eve Bcc: victim@example.com") },
                { QStringLiteral("email"), QStringLiteral("eve@example.com") } });
        reply(customer, QStringLiteral("hello Eve"));
        customerLeaves();
        QTRY_COMPARE_WITH_TIMEOUT(mailsOf(customer).size(), 1, Timeout);
        const OutboxMail mail = mailsOf(customer).first();
        QCOMPARE(mail.recipientName, QStringLiteral("Eve Bcc: victim@example.com"));
        QVERIFY(!mail.subject.contains(QLatin1Char('\n')));
        QTRY_COMPARE_WITH_TIMEOUT(arrivedFor(QStringLiteral("eve@example.com")).size(), 1, Timeout);
        const SmtpTestServer::Received arrived
            = arrivedFor(QStringLiteral("eve@example.com")).first();
        QCOMPARE(arrived.rcptTos, QStringList { QStringLiteral("eve@example.com") });
        QVERIFY(parsedHeader(arrived, QStringLiteral("Bcc")).isEmpty());
        QCOMPARE(parsedHeader(arrived, QStringLiteral("To")),
            QStringLiteral("\"Eve Bcc: victim@example.com\" <eve@example.com>"));
        QVERIFY(m_smtp->received().size() == 1);
    }

private:
    // Once what the customers did is written (a flush stamps it with the clock's time: the
    // sweeps flush first), the clock moves past the wait: those not heard of since have left.
    void customerLeaves()
    {
        QSignalSpy sweeps(m_backend->replyMailer(), &ReplyMailer::swept);
        QTRY_VERIFY_WITH_TIMEOUT(sweeps.count() >= 2, Timeout);
        m_clock->advance(EmailAfterMs + 1000);
    }
    // A customer who wrote one message, in a conversation Marie has claimed.
    CustomerSession startConversation(const QJsonObject &body)
    {
        const CustomerSession customer = m_api.createSession(body);
        if (customer.created.status != 201)
            qFatal("create-session answered %d", customer.created.status);
        m_api.sendMessage(customer, QStringLiteral("my printer is on fire"));
        agent(customer, QStringLiteral("claim"));
        return customer;
    }
    // Marie replies; the reply's seq.
    qint64 reply(const CustomerSession &customer, const QString &text)
    {
        const HttpResult replied = agent(
            customer, QStringLiteral("reply"), json({ { QStringLiteral("message"), text } }));
        return replied.json()
            .value(QStringLiteral("message"))
            .toObject()
            .value(QStringLiteral("seq"))
            .toInteger();
    }
    HttpResult agent(const CustomerSession &customer, const QString &action,
        const QByteArray &body = QByteArrayLiteral("{}"))
    {
        return m_api.post(
            QStringLiteral("/api/agent/sessions/%1/%2").arg(customer.id, action), body, m_marie);
    }
    QList<OutboxMail> mailsOf(const CustomerSession &customer)
    {
        return m_backend->store()->mailsOfSession(customer.id);
    }

    // The messages that reached the SMTP server for `to`.
    QList<SmtpTestServer::Received> arrivedFor(const QString &to) const
    {
        QList<SmtpTestServer::Received> found;
        for (const SmtpTestServer::Received &message : m_smtp->received())
            if (message.rcptTos.contains(to))
                found.append(message);
        return found;
    }

    std::unique_ptr<SmtpTestServer> m_smtp;
    std::shared_ptr<ManualClock> m_clock;
    QByteArray m_marie;
};

QTEST_GUILESS_MAIN(TestCustomerMail)
#include "tst_customermail.moc"
