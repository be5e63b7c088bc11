// SPDX-License-Identifier: GPL-3.0-or-later
// E-mail (backend/mail/): the address rule, the MIME a message becomes, the SMTP URL, and
// sending through a real SMTP server the test starts (aiosmtpd: plain, STARTTLS, SMTPS, AUTH),
// whose own mail parser (Python's) reads what arrived.

#include "chat/mailoutbox.h"
#include "domain/domainerror.h"
#include "domain/mailaddress.h"
#include "hostilestrings.h"
#include "mail/mailmessage.h"
#include "mail/smtpsender.h"
#include "mail/smtpsettings.h"
#include "smtptestserver.h"

#include <QJsonArray>
#include <QTcpServer>
#include <QTest>

using namespace frontline;
using namespace frontline::mail;
using frontline::testsupport::SmtpTestServer;

namespace {

MailMessage sampleMessage()
{
    MailMessage message;
    message.from = { QStringLiteral("support@example.com"), QStringLiteral("Équipe Frontline") };
    message.to = { QStringLiteral("marie@example.com"), QStringLiteral("Marie Dupont") };
    message.subject = QStringLiteral("Votre réponse — Frontline");
    message.text
        = QStringLiteral("Bonjour Marie,\nvoici la réponse à votre question.\n.\nÀ bientôt");
    message.html = QStringLiteral("<p>Bonjour Marie,</p><p>voici la réponse à votre question.</p>");
    message.messageId = QStringLiteral("a1b2c3.outbox-7@example.com");
    return message;
}

// The header lines of a rendered message, unfolded.
QList<QByteArray> headerLines(const QByteArray &rendered)
{
    const QByteArray head = rendered.left(rendered.indexOf("\r\n\r\n"));
    QList<QByteArray> lines;
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if ((l.startsWith(' ') || l.startsWith('\t')) && !lines.isEmpty())
            lines.last() += l;
        else
            lines << l;
    }
    return lines;
}

QString parsedHeader(const SmtpTestServer::Received &message, const QString &name)
{
    for (const QJsonValue &pair : message.parsed.value(QLatin1String("headers")).toArray())
        if (pair.toArray().at(0).toString().compare(name, Qt::CaseInsensitive) == 0)
            return pair.toArray().at(1).toString();
    return QString();
}

QStringList parsedHeaderNames(const SmtpTestServer::Received &message)
{
    QStringList names;
    for (const QJsonValue &pair : message.parsed.value(QLatin1String("headers")).toArray())
        names << pair.toArray().at(0).toString();
    return names;
}

SmtpSettings settingsFor(const SmtpTestServer &server, SmtpSettings::Security security,
    const QString &user = QString(), const QString &password = QString())
{
    SmtpSettings settings;
    settings.security = security;
    settings.host = QStringLiteral("127.0.0.1");
    settings.port = server.port();
    settings.user = user;
    settings.password = password;
    settings.caFile = server.certificateFile();
    settings.connectTimeout = std::chrono::seconds(10);
    settings.totalTimeout = std::chrono::seconds(60);
    return settings;
}

} // namespace

class TestMail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsOnlyPlainAddresses_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("plain") << "marie@example.com" << true;
        QTest::newRow("dots and plus") << "marie.dupont+chat@mail.example.fr" << true;
        QTest::newRow("apostrophe") << "o'brien@example.ie" << true;
        QTest::newRow("localhost") << "root@localhost" << true;
        QTest::newRow("hyphen in the domain") << "a@my-shop.example" << true;
        QTest::newRow("xn-- domain") << "a@xn--exmple-cua.com" << true;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("no at") << "marie.example.com" << false;
        QTest::newRow("two ats") << "marie@dupont@example.com" << false;
        QTest::newRow("no domain dot") << "marie@example" << false;
        QTest::newRow("numeric top label") << "marie@10.0.0.1" << false;
        QTest::newRow("address literal") << "marie@[127.0.0.1]" << false;
        QTest::newRow("space") << "marie dupont@example.com" << false;
        QTest::newRow("leading space") << " marie@example.com" << false;
        QTest::newRow("CR LF") << "marie@example.com\r\nBcc: victim@example.com" << false;
        QTest::newRow("LF in the local part") << "ma\nrie@example.com" << false;
        QTest::newRow("tab") << "marie\t@example.com" << false;
        QTest::newRow("NUL") << QStringLiteral("marie%1@example.com").arg(QChar(0)) << false;
        QTest::newRow("double quote") << "\"marie\"@example.com" << false;
        QTest::newRow("angle brackets") << "<marie@example.com>" << false;
        QTest::newRow("comma") << "marie@example.com,victim@example.com" << false;
        QTest::newRow("semicolon") << "marie@example.com;x" << false;
        QTest::newRow("parenthesis") << "marie(x)@example.com" << false;
        QTest::newRow("backslash") << "mar\\ie@example.com" << false;
        QTest::newRow("leading dot") << ".marie@example.com" << false;
        QTest::newRow("double dot") << "marie..d@example.com" << false;
        QTest::newRow("trailing dot") << "marie.@example.com" << false;
        QTest::newRow("domain double dot") << "marie@example..com" << false;
        QTest::newRow("hyphen first in a label") << "marie@-example.com" << false;
        QTest::newRow("underscore in the domain") << "marie@ex_ample.com" << false;
        QTest::newRow("non-ASCII") << QStringLiteral("mÿrie@example.com") << false;
        QTest::newRow("non-ASCII domain") << QStringLiteral("marie@exämple.com") << false;
        QTest::newRow("long local part")
            << QString(65, u'a') + QStringLiteral("@example.com") << false;
        QTest::newRow("64 characters")
            << QString(64, u'a') + QStringLiteral("@example.com") << true;
        QTest::newRow("over 254") << QStringLiteral("a@") + QString(63, u'b') + u'.'
                + QString(63, u'c') + u'.' + QString(63, u'd') + u'.' + QString(63, u'e')
                + QStringLiteral(".com")
                                  << false;
    }
    void acceptsOnlyPlainAddresses()
    {
        QFETCH(QString, address);
        QFETCH(bool, accepted);
        QCOMPARE(isMailAddress(address), accepted);
    }

    void acceptsNoHostileStringWithAControlCharacter()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(strings);
        int withControl = 0;
        for (const QString &text : strings) {
            const QStringList candidates { text, text + QStringLiteral("@example.com"),
                QStringLiteral("a") + text + QStringLiteral("@example.com"),
                QStringLiteral("marie@") + text };
            for (const QString &candidate : candidates) {
                bool control = false;
                for (const QChar c : candidate)
                    control = control || c.category() == QChar::Other_Control;
                if (!isMailAddress(candidate))
                    continue;
                QVERIFY2(!control, qPrintable(candidate));
                for (const QChar c : candidate)
                    QVERIFY2(c.unicode() > 0x20 && c.unicode() < 0x7f, qPrintable(candidate));
            }
            for (const QChar c : text)
                withControl += c.category() == QChar::Other_Control ? 1 : 0;
        }
        QVERIFY(withControl > 0); // the corpus has some to refuse
    }

    void parsesMailboxes()
    {
        const auto named = parseMailbox(QStringLiteral(" Support <support@example.com> "));
        QVERIFY(named);
        QCOMPARE(named->address, QStringLiteral("support@example.com"));
        QCOMPARE(named->name, QStringLiteral("Support"));
        const auto quoted = parseMailbox(QStringLiteral("\"Shop, Support\" <s@example.com>"));
        QVERIFY(quoted);
        QCOMPARE(quoted->name, QStringLiteral("Shop, Support"));
        const auto bare = parseMailbox(QStringLiteral("s@example.com"));
        QVERIFY(bare);
        QVERIFY(bare->name.isEmpty());
        QVERIFY(!parseMailbox(QStringLiteral("Support <support@example>")));
        QVERIFY(!parseMailbox(QStringLiteral("Support")));
        QVERIFY(!parseMailbox(QStringLiteral("Support <a@example.com\r\nBcc: b@example.com>")));
    }

    void rendersHeadersAndBothParts()
    {
        MailMessage message = sampleMessage();
        message.date = QDateTime(QDate(2026, 12, 7), QTime(2, 6, 51), Qt::UTC);
        const QByteArray rendered = renderMime(message);
        const QList<QByteArray> lines = headerLines(rendered);
        QVERIFY2(lines.contains("Date: Mon, 07 Dec 2026 02:06:51 +0000"), rendered.constData());
        QVERIFY(lines.contains("Message-ID: <a1b2c3.outbox-7@example.com>"));
        QVERIFY(lines.contains("MIME-Version: 1.0"));
        QVERIFY(lines.contains("To: Marie Dupont <marie@example.com>"));
        QVERIFY(rendered.contains("Content-Type: text/plain; charset=UTF-8"));
        QVERIFY(rendered.contains("Content-Type: text/html; charset=UTF-8"));
        // Seven bits only, CRLF only, no line over 78 characters in the head or 76 in a part.
        for (const char c : rendered)
            QVERIFY(static_cast<unsigned char>(c) < 0x80);
        QVERIFY(
            !rendered.contains("\r\r") && !QByteArray(rendered).replace("\r\n", "").contains('\n'));
        for (const QByteArray &line : rendered.split('\n'))
            QVERIFY2(line.size() <= 79, line.constData());
        // A line that is a lone dot is encoded: SMTP would read it as the end of the message.
        QVERIFY(!rendered.contains("\r\n.\r\n"));
        // Without HTML, text/plain alone.
        message.html.clear();
        const QByteArray plain = renderMime(message);
        QVERIFY(!plain.contains("multipart"));
        QVERIFY(plain.contains("Content-Type: text/plain; charset=UTF-8"));
    }

    void foldsLongHeaders()
    {
        MailMessage message = sampleMessage();
        message.subject = QStringLiteral("word ").repeated(60) + QString(120, u'x');
        message.to.name = QStringLiteral("Ève ").repeated(40);
        const QByteArray rendered = renderMime(message);
        const QByteArray head = rendered.left(rendered.indexOf("\r\n\r\n"));
        for (const QByteArray &line : head.split('\n'))
            QVERIFY2(line.size() <= 79, line.constData());
    }

    void refusesBadAddressesAndIds_data()
    {
        QTest::addColumn<QString>("field");
        QTest::newRow("from") << "from";
        QTest::newRow("to") << "to";
        QTest::newRow("messageId") << "messageId";
    }
    void refusesBadAddressesAndIds()
    {
        QFETCH(QString, field);
        MailMessage message = sampleMessage();
        const QString bad = QStringLiteral("x@example.com>\r\nBcc: victim@example.com");
        if (field == QLatin1String("from"))
            message.from.address = bad;
        else if (field == QLatin1String("to"))
            message.to.address = bad;
        else
            message.messageId = bad;
        try {
            renderMime(message);
            QFAIL("renderMime accepted a bad address");
        } catch (const DomainError &error) {
            QCOMPARE(error.field(), field);
            QCOMPARE(error.kind(), DomainError::Kind::InvalidInput);
        }
    }

    void neverMakesASecondHeaderOfANameOrSubject()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(strings);
        QStringList texts = strings;
        texts << QStringLiteral("Marie\r\nBcc: victim@example.com")
              << QStringLiteral("Marie\nBcc: victim@example.com") << QStringLiteral("x\rBcc: y")
              << QStringLiteral("a%1Bcc: b").arg(QChar(0x2028))
              << QStringLiteral("a%1Bcc: b").arg(QChar(0x85));
        const QByteArrayList known {
            "From:", "To:", "Subject:", "Date:", "Message-ID:", "MIME-Version:", "Content-Type:"
        };
        for (const QString &text : texts) {
            MailMessage message = sampleMessage();
            message.from.name = text;
            message.to.name = text;
            message.subject = text;
            const QByteArray rendered = renderMime(message);
            const QByteArray head = rendered.left(rendered.indexOf("\r\n\r\n"));
            int headers = 0;
            for (const QByteArray &line : head.split('\n')) {
                if (line.startsWith(' ') || line.startsWith('\t'))
                    continue;
                ++headers;
                bool isKnown = false;
                for (const QByteArray &name : known)
                    isKnown = isKnown || line.startsWith(name);
                QVERIFY2(isKnown,
                    qPrintable(QStringLiteral("A header of its own from \"%1\": %2")
                                   .arg(text, QString::fromLatin1(line))));
            }
            QCOMPARE(headers, 7);
            QVERIFY2(!head.contains("\nBcc"), qPrintable(text));
        }
    }

    void parsesSmtpUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("submission") << "smtp://frontline:s3cret@mail.example.com:587" << false
                                    << "mail.example.com" << 587 << "frontline"
                                    << "s3cret";
        QTest::newRow("smtps") << "smtps://u%40shop:p%3Aw%2Fd@mail.example.com" << true
                               << "mail.example.com" << 465 << "u@shop"
                               << "p:w/d";
        QTest::newRow("relay") << "smtp://localhost:25" << false << "localhost" << 25 << ""
                               << "";
        QTest::newRow("default port")
            << "smtp://relay.example" << false << "relay.example" << 25 << ""
            << "";
    }
    void parsesSmtpUrls()
    {
        QFETCH(QString, url);
        QString error;
        const auto settings = SmtpSettings::parse(url, &error);
        QVERIFY2(settings, qPrintable(error));
        QTEST(settings->security == SmtpSettings::Security::Tls, "tls");
        QTEST(settings->host, "host");
        QTEST(settings->port, "port");
        QTEST(settings->user, "user");
        QTEST(settings->password, "password");
        QVERIFY(!settings->curlUrl().contains('@'));
    }

    void refusesBadSmtpUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("http") << "http://u:s3cr3t-pw@mail.example.com";
        QTest::newRow("no scheme") << "mail.example.com:587";
        QTest::newRow("no host") << "smtp://u:s3cr3t-pw@:587";
        QTest::newRow("bad port") << "smtp://u:s3cr3t-pw@mail.example.com:99999";
        QTest::newRow("path") << "smtp://u:s3cr3t-pw@mail.example.com/x";
        QTest::newRow("query") << "smtp://u:s3cr3t-pw@mail.example.com?tls=1";
        QTest::newRow("space") << "smtp://u:s3cr3t pw@mail.example.com";
        QTest::newRow("password without a user") << "smtp://:s3cr3t-pw@mail.example.com";
    }
    void refusesBadSmtpUrls()
    {
        QFETCH(QString, url);
        QString error;
        QVERIFY(!SmtpSettings::parse(url, &error));
        QVERIFY2(error.contains(QLatin1String("smtp://user:password@host:587")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("s3cr3t")), qPrintable(error));
    }

    void requiresTlsForAPasswordToAnotherMachine()
    {
        QString error;
        auto remote
            = SmtpSettings::parse(QStringLiteral("smtp://u:p@mail.example.com:587"), &error);
        QVERIFY(remote && remote->tlsRequired());
        auto local = SmtpSettings::parse(QStringLiteral("smtp://u:p@127.0.0.1:587"), &error);
        QVERIFY(local && !local->tlsRequired());
        local->requireTls = true;
        QVERIFY(local->tlsRequired());
        auto relay = SmtpSettings::parse(QStringLiteral("smtp://relay.example.com"), &error);
        QVERIFY(relay && !relay->tlsRequired());
    }

    void deliversAMessageWithItsPartsAndHeaders()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server({});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const SmtpSender sender(settingsFor(server, SmtpSettings::Security::StartTls));
        const SendResult result = sender.send(sampleMessage());
        QVERIFY2(result.ok, qPrintable(result.message));
        QCOMPARE(result.smtpCode, 250);
        QVERIFY2(result.message.contains(QLatin1String("250")), qPrintable(result.message));
        const auto received = server.received();
        QCOMPARE(received.size(), 1);
        const auto &message = received.constFirst();
        QVERIFY2(!message.parsed.contains(QLatin1String("error")),
            qPrintable(message.parsed.value(QLatin1String("error")).toString()));
        QCOMPARE(message.mailFrom, QStringLiteral("support@example.com"));
        QCOMPARE(message.rcptTos, QStringList { QStringLiteral("marie@example.com") });
        QCOMPARE(parsedHeader(message, QStringLiteral("Subject")),
            QStringLiteral("Votre réponse — Frontline"));
        QCOMPARE(parsedHeader(message, QStringLiteral("From")),
            QStringLiteral("Équipe Frontline <support@example.com>"));
        QCOMPARE(parsedHeader(message, QStringLiteral("To")),
            QStringLiteral("Marie Dupont <marie@example.com>"));
        QCOMPARE(parsedHeader(message, QStringLiteral("Message-ID")),
            QStringLiteral("<a1b2c3.outbox-7@example.com>"));
        QVERIFY(!parsedHeader(message, QStringLiteral("Date")).isEmpty());
        QCOMPARE(message.parsed.value(QLatin1String("defects")).toArray().size(), 0);
        const QJsonArray parts = message.parsed.value(QLatin1String("parts")).toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(0)[QLatin1String("type")].toString(), QStringLiteral("text/plain"));
        // The line ends are CRLF on the wire; the CRLF before a boundary is the boundary's.
        QCOMPARE(parts.at(0)[QLatin1String("content")].toString().replace(
                     QLatin1String("\r\n"), QLatin1String("\n")),
            sampleMessage().text);
        QCOMPARE(parts.at(1)[QLatin1String("type")].toString(), QStringLiteral("text/html"));
        QCOMPARE(parts.at(1)[QLatin1String("content")].toString(), sampleMessage().html);
    }

    void sendsOverStartTlsWithAuthentication()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server({ SmtpTestServer::Mode::StartTls, QStringLiteral("frontline"),
            QStringLiteral("pä55 word"), {} });
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const SmtpSender sender(settingsFor(server, SmtpSettings::Security::StartTls,
            QStringLiteral("frontline"), QStringLiteral("pä55 word")));
        const SendResult result = sender.send(sampleMessage());
        QVERIFY2(result.ok, qPrintable(result.message));
        const auto received = server.received();
        QCOMPARE(received.size(), 1);
        QVERIFY(received.constFirst().tls);
        QVERIFY(received.constFirst().authenticated);
    }

    void sendsOverSmtps()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server({ SmtpTestServer::Mode::Smtps, QStringLiteral("frontline"),
            QStringLiteral("secret"), {} });
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        SmtpSettings settings = settingsFor(server, SmtpSettings::Security::Tls,
            QStringLiteral("frontline"), QStringLiteral("secret"));
        const SendResult result = SmtpSender(settings).send(sampleMessage());
        QVERIFY2(result.ok, qPrintable(result.message));
        const auto received = server.received();
        QCOMPARE(received.size(), 1);
        QVERIFY(received.constFirst().tls);
        QVERIFY(received.constFirst().authenticated);
    }

    void refusesAServerWhoseCertificateIsNotTrusted()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server({ SmtpTestServer::Mode::StartTls, QStringLiteral("frontline"),
            QStringLiteral("secret"), {} });
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        SmtpSettings settings = settingsFor(server, SmtpSettings::Security::StartTls,
            QStringLiteral("frontline"), QStringLiteral("secret"));
        settings.caFile.clear(); // the system's CAs: the test certificate is not among them
        const SendResult result = SmtpSender(settings).send(sampleMessage());
        QVERIFY(!result.ok);
        QVERIFY(!result.permanent);
        QVERIFY2(result.message.contains(QLatin1String("certificate")), qPrintable(result.message));
        QCOMPARE(server.received().size(), 0);
    }

    void saysAuthenticationFailedAndDeliversNothing()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server({ SmtpTestServer::Mode::StartTls, QStringLiteral("frontline"),
            QStringLiteral("right"), {} });
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const SmtpSender sender(settingsFor(server, SmtpSettings::Security::StartTls,
            QStringLiteral("frontline"), QStringLiteral("wrong")));
        const SendResult result = sender.send(sampleMessage());
        QVERIFY(!result.ok);
        QVERIFY(result.permanent);
        QVERIFY(!result.messageRefused); // the configuration's: every message would be
        QVERIFY2(result.message.startsWith(QLatin1String("authentication failed")),
            qPrintable(result.message));
        QVERIFY2(!result.message.contains(QLatin1String("wrong")), qPrintable(result.message));
        QCOMPARE(server.received().size(), 0);
    }

    void saysTheServerCannotBeReached()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server({});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        SmtpSettings settings = settingsFor(server, SmtpSettings::Security::StartTls);
        server.stop(); // its port, with nothing listening any more
        const SendResult result = SmtpSender(settings).send(sampleMessage());
        QVERIFY(!result.ok);
        QVERIFY(!result.permanent);
        QCOMPARE(result.smtpCode, 0);
        QVERIFY(!result.messageRefused);
        QVERIFY2(result.message.contains(QLatin1String("cannot be reached")),
            qPrintable(result.message));
        // Started again on the same port, the same message goes.
        QVERIFY2(server.start(&error), qPrintable(error));
        QCOMPARE(server.port(), settings.port);
        QVERIFY(SmtpSender(settings).send(sampleMessage()).ok);
        QCOMPARE(server.received().size(), 1);
    }

    void givesUpOnAServerThatNeverAnswers()
    {
        // A listener that accepts and says nothing: the total timeout ends the attempt.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        SmtpSettings settings;
        settings.host = QStringLiteral("127.0.0.1");
        settings.port = silent.serverPort();
        settings.connectTimeout = std::chrono::seconds(1);
        settings.totalTimeout = std::chrono::seconds(2);
        const SendResult result = SmtpSender(settings).send(sampleMessage());
        QVERIFY(!result.ok);
        QVERIFY(!result.permanent);
        QVERIFY2(result.message.contains(QLatin1String("did not answer in time")),
            qPrintable(result.message));
    }

    void saysTheRecipientWasRefused()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server(
            { SmtpTestServer::Mode::Plain, {}, {}, { QStringLiteral("marie@example.com") } });
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        const SendResult result = SmtpSender(settingsFor(server, SmtpSettings::Security::StartTls))
                                      .send(sampleMessage());
        QVERIFY(!result.ok);
        QVERIFY(result.permanent);
        QVERIFY(result.messageRefused); // this message's: others may go
        QCOMPARE(result.smtpCode, 550);
        QVERIFY2(result.message.contains(QLatin1String("refused the recipient"))
                && result.message.contains(QLatin1String("recipient unknown here")),
            qPrintable(result.message));
        QCOMPARE(server.received().size(), 0);
    }

    void theOutboxRetriesWithBackoffThenGivesUp()
    {
        // chat/mailoutbox.h's policy, by the SendResult an attempt had.
        const MailOutbox::Options options;
        QCOMPARE(MailOutbox::backoffAfter(1, options), std::chrono::milliseconds(5000));
        QCOMPARE(MailOutbox::backoffAfter(2, options), std::chrono::milliseconds(10000));
        QCOMPARE(MailOutbox::backoffAfter(7, options), std::chrono::milliseconds(320000));
        QCOMPARE(MailOutbox::backoffAfter(8, options), std::chrono::milliseconds(600000));
        QCOMPARE(MailOutbox::backoffAfter(500, options), std::chrono::milliseconds(600000));

        const QDateTime now = QDateTime(QDate(2026, 12, 7), QTime(8, 0), Qt::UTC);
        OutboxMail claimed;
        claimed.attempts = 1;
        SendResult unreachable;
        unreachable.message = QStringLiteral("the mail server cannot be reached (refused)");
        MailOutcome outcome = MailOutbox::outcomeOf(claimed, unreachable, options, now);
        QCOMPARE(outcome.kind, MailOutcome::Kind::Retry);
        QCOMPARE(outcome.nextAttemptAt, now.addSecs(5));
        QCOMPARE(outcome.error, unreachable.message);
        // Refused credentials are the configuration's: retried, never failed by themselves.
        SendResult credentials;
        credentials.permanent = true;
        credentials.message = QStringLiteral("authentication failed: …");
        claimed.attempts = 3;
        outcome = MailOutbox::outcomeOf(claimed, credentials, options, now);
        QCOMPARE(outcome.kind, MailOutcome::Kind::Retry);
        QCOMPARE(outcome.nextAttemptAt, now.addSecs(20));
        // A refusal of this message fails it at once.
        SendResult recipient;
        recipient.permanent = recipient.messageRefused = true;
        recipient.message = QStringLiteral("the mail server refused the recipient: 550");
        outcome = MailOutbox::outcomeOf(claimed, recipient, options, now);
        QCOMPARE(outcome.kind, MailOutcome::Kind::Failed);
        QCOMPARE(outcome.error, recipient.message);
        SendResult accepted;
        accepted.ok = true;
        QCOMPARE(
            MailOutbox::outcomeOf(claimed, accepted, options, now).kind, MailOutcome::Kind::Sent);
        // 48 hours of retries by the schedule: about 290 attempts, then given up.
        claimed.attempts = 280;
        QCOMPARE(MailOutbox::outcomeOf(claimed, unreachable, options, now).kind,
            MailOutcome::Kind::Retry);
        claimed.attempts = 300;
        outcome = MailOutbox::outcomeOf(claimed, unreachable, options, now);
        QCOMPARE(outcome.kind, MailOutcome::Kind::Failed);
        QVERIFY2(outcome.error.startsWith(QLatin1String("given up after 48 hours of retries: "))
                && outcome.error.endsWith(unreachable.message),
            qPrintable(outcome.error));
    }

    void aBccInANameOrSubjectReachesNobody()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer server({});
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        MailMessage message = sampleMessage();
        const QString injection = QStringLiteral("Marie\r\nBcc: victim@example.com");
        message.from.name = injection;
        message.to.name = injection;
        message.subject = QStringLiteral("Hello\r\nBcc: victim@example.com\r\n\r\nforged body");
        const SendResult result
            = SmtpSender(settingsFor(server, SmtpSettings::Security::StartTls)).send(message);
        QVERIFY2(result.ok, qPrintable(result.message));
        const auto received = server.received();
        QCOMPARE(received.size(), 1);
        const auto &arrived = received.constFirst();
        QCOMPARE(arrived.rcptTos, QStringList { QStringLiteral("marie@example.com") });
        QVERIFY2(!parsedHeaderNames(arrived).contains(QStringLiteral("Bcc"), Qt::CaseInsensitive),
            arrived.data.constData());
        QCOMPARE(
            arrived.parsed[QLatin1String("addresses")][QLatin1String("Bcc")].toArray().size(), 0);
        QCOMPARE(
            arrived.parsed[QLatin1String("addresses")][QLatin1String("To")].toArray().size(), 1);
        QCOMPARE(parsedHeader(arrived, QStringLiteral("Subject")),
            QStringLiteral("Hello Bcc: victim@example.com forged body"));
        // An address with a line break never reaches RCPT TO.
        const SendResult forged
            = SmtpSender(settingsFor(server, SmtpSettings::Security::StartTls))
                  .send(QStringLiteral("support@example.com"),
                      QStringLiteral("marie@example.com>\r\nRCPT TO:<victim@example.com"),
                      renderMime(sampleMessage()));
        QVERIFY(!forged.ok);
        QVERIFY(forged.permanent);
        QVERIFY(forged.messageRefused);
        QCOMPARE(server.received().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestMail)
#include "tst_mail.moc"
