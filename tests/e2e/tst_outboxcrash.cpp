// SPDX-License-Identifier: GPL-3.0-or-later
// An e-mail is sent once even across a crash: the real binary is killed with SIGKILL while the
// SMTP server (tests/support/smtpserver.py, holding its answer to DATA) has the message but has
// not accepted it; restarted, the binary sends it again, and the server holds exactly one
// message, with the Message-ID kept with the row. On SQLite, where the restarted node releases
// what the dead one left claimed (on PostgreSQL another node takes it once its claim runs out:
// tst_store's lease case).

#include "apiclient.h"
#include "frontlineprocess.h"
#include "smtptestserver.h"
#include "store/databaseurl.h"
#include "store/sqlstore.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

// Long enough for a loaded machine; conditions are waited for, never times asserted.
constexpr int Patience = 90000;

QString messageIdOf(const SmtpTestServer::Received &message)
{
    for (const QJsonValue &pair : message.parsed.value(QLatin1String("headers")).toArray())
        if (pair.toArray().at(0).toString().compare(
                QLatin1String("Message-ID"), Qt::CaseInsensitive)
            == 0)
            return pair.toArray().at(1).toString();
    return QString();
}

} // namespace

class TestOutboxCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aMailInterruptedBySigkillArrivesOnce()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        SmtpTestServer smtp({ .holdFirstData = true });
        QString error;
        QVERIFY2(smtp.start(&error), qPrintable(error));

        QTemporaryDir home;
        const QString database = QStringLiteral("sqlite:%1/outbox.db").arg(home.path());
        QProcessEnvironment environment = isolatedEnvironment(home.path());
        environment.insert(QStringLiteral("FRONTLINE_SMTP_URL"),
            QStringLiteral("smtp://127.0.0.1:%1").arg(smtp.port()));
        environment.insert(
            QStringLiteral("FRONTLINE_MAIL_FROM"), QStringLiteral("Support <support@example.com>"));
        const QStringList args { QStringLiteral("--database"), database };
        QProcess server;
        const QString url = startHeadless(server, args, environment);
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());

        // A customer's conversation, and a mail of it written into the database as whatever
        // causes a mail writes it.
        ApiClient api(url);
        const CustomerSession customer = api.createSession();
        QCOMPARE(customer.created.status, 201);
        QString problem;
        const auto databaseUrl = DatabaseUrl::parse(database, home.path(), &problem);
        QVERIFY2(databaseUrl, qPrintable(problem));
        auto store = SqlStore::open(*databaseUrl);
        NewMail mail;
        mail.sessionId = customer.id;
        mail.kind = MailKind::Transcript;
        mail.recipient = QStringLiteral("marie@example.com");
        mail.subject = QStringLiteral("Your conversation");
        mail.text = QStringLiteral("hello");
        const QString messageId = QStringLiteral("crash-once-1@example.com");
        const std::optional<OutboxMail> queued = store->queueMail(mail, messageId);
        QVERIFY(queued);

        // The server has the message and holds its answer: the sender dies there.
        QTRY_VERIFY_WITH_TIMEOUT(smtp.holdingData(), Patience);
        server.kill(); // SIGKILL: no clean shutdown
        QVERIFY(server.waitForFinished(30000));
        QTRY_VERIFY_WITH_TIMEOUT(smtp.clientLeft(), Patience);
        QVERIFY(smtp.received().isEmpty());
        QCOMPARE(store->mail(queued->id)->state, MailState::Sending); // the dead node's claim

        // Restarted: sent again, once, the same message.
        const QString again = startHeadless(server, args, environment);
        QVERIFY2(!again.isEmpty(), server.readAllStandardError().constData());
        QTRY_COMPARE_WITH_TIMEOUT(store->mail(queued->id)->state, MailState::Sent, Patience);
        const QList<SmtpTestServer::Received> received = smtp.received();
        QCOMPARE(received.size(), 1);
        QCOMPARE(received.first().rcptTos, QStringList { QStringLiteral("marie@example.com") });
        QCOMPARE(messageIdOf(received.first()), QLatin1Char('<') + messageId + QLatin1Char('>'));
        QCOMPARE(store->mail(queued->id)->attempts, 2);
        QCOMPARE(stopHeadless(server), 0);
        QCOMPARE(smtp.received().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestOutboxCrash)
#include "tst_outboxcrash.moc"
