// SPDX-License-Identifier: GPL-3.0-or-later
// The e-mail outbox on SQLite and PostgreSQL against a real SMTP server the test starts
// (tests/support/smtpserver.py on aiosmtpd): a queued row arrives once with its own
// Message-ID. A row is queued straight into the database (Store::queueMail), as whatever
// causes a mail writes it.

#include "apitestcase.h"
#include "domain/outboxmail.h"
#include "mail/smtpsettings.h"
#include "server/backend.h"
#include "smtptestserver.h"
#include "store/store.h"

#include <QJsonArray>
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
        m_smtp = std::make_unique<SmtpTestServer>(SmtpTestServer::Options {});
        QString error;
        QVERIFY2(m_smtp->start(&error), qPrintable(error));
        m_options = optionsForThisRow();
        mail::SmtpSettings smtp;
        smtp.host = QStringLiteral("127.0.0.1");
        smtp.port = m_smtp->port();
        smtp.connectTimeout = std::chrono::seconds(10);
        smtp.totalTimeout = std::chrono::seconds(30);
        m_options.smtp = smtp;
        m_options.mailFrom = Mailbox { QStringLiteral("support@example.com"),
            QStringLiteral("Frontline Support") };
        // The test writes rows behind the server's back: it looks for them often.
        m_options.mailCheckInterval = std::chrono::milliseconds(100);
        m_options.mailRetryBase = std::chrono::milliseconds(200);
        QVERIFY(startServer());
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
    }

private:
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

    std::unique_ptr<SmtpTestServer> m_smtp;
    CustomerSession m_customer;
    int m_mailCounter = 0;
};

QTEST_MAIN(TestOutbox)
#include "tst_outbox.moc"
