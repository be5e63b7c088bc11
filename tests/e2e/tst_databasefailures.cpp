// SPDX-License-Identifier: GPL-3.0-or-later
// When the database is slow, full or changes under a request: the real binary answers a
// locked table with a fast 503 and keeps answering /healthz; reports failing writes on a full
// disk and still stores the answer to an acknowledged question once there is room again;
// never stores an agent's reply in a session another node took away; and never shows the
// database's own error text to a client. SQLite and PostgreSQL, except the disk (a file
// system of the test's own, so SQLite only).

#include "apiclient.h"
#include "fakeopenai.h"
#include "frontlineprocess.h"
#include "store/databaseurl.h"
#include "testdatabases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QByteArray AdminToken = QByteArrayLiteral("database-failures-admin-token-0123456789");

// A connection of the test's own to the server's database: another node, or an operator.
class SideConnection final
{
public:
    explicit SideConnection(const QString &urlText)
        : m_name(QStringLiteral("side-%1").arg(++s_counter))
    {
        QString error;
        const auto url = DatabaseUrl::parse(urlText, QDir::currentPath(), &error);
        QSqlDatabase db = url->addConnection(m_name);
        m_open = db.open();
        m_error = db.lastError().text();
    }
    ~SideConnection()
    {
        QSqlDatabase::database(m_name).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    Q_DISABLE_COPY_MOVE(SideConnection)

    bool isOpen() const { return m_open; }
    QString error() const { return m_error; }
    bool exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        const bool ok = query.exec(sql);
        if (!ok)
            qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return ok;
    }
    QVariant scalar(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        return query.exec(sql) && query.next() ? query.value(0) : QVariant();
    }

private:
    static inline int s_counter = 0;
    QString m_name;
    bool m_open = false;
    QString m_error;
};

struct Customer
{
    QString sessionId;
    QByteArray token;
};

// An HTTP request left running while the test does something else.
struct PendingRequest
{
    QNetworkReply *reply = nullptr;
    QElapsedTimer timer;
    qint64 elapsedMs = -1;
};

// A small tmpfs of the test's own, for a disk that fills up; unmounted by the destructor.
class SmallFileSystem final
{
public:
    explicit SmallFileSystem(const QString &size)
    {
        QProcess mount;
        mount.start(QStringLiteral("mount"),
            { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                QStringLiteral("size=") + size, QStringLiteral("tmpfs"), m_dir.path() });
        m_mounted = mount.waitForFinished(10000) && mount.exitStatus() == QProcess::NormalExit
            && mount.exitCode() == 0;
        m_error = QString::fromLocal8Bit(mount.readAllStandardError()).trimmed();
    }
    ~SmallFileSystem()
    {
        if (m_mounted)
            QProcess::execute(QStringLiteral("umount"), { QStringLiteral("-l"), m_dir.path() });
    }
    Q_DISABLE_COPY_MOVE(SmallFileSystem)

    bool isMounted() const { return m_mounted; }
    QString error() const { return m_error; }
    QString path() const { return m_dir.path(); }

    // Takes every free byte with a filler file; true once a write was refused.
    bool fill()
    {
        QFile filler(path() + QStringLiteral("/filler"));
        if (!filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return false;
        const QByteArray block(64 * 1024, 'x');
        for (int i = 0; i < 100000; ++i) {
            if (filler.write(block) != block.size())
                break;
        }
        // Whatever is left is smaller than a block: take it too, byte by byte in pages.
        const QByteArray page(4096, 'x');
        while (filler.write(page) == page.size()) { }
        return filler.error() != QFileDevice::NoError;
    }
    void free() { QFile::remove(path() + QStringLiteral("/filler")); }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_error;
};

} // namespace

class TestDatabaseFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString()));
        m_network.setProxy(QNetworkProxy::NoProxy);
    }
    void cleanup()
    {
        if (m_server.state() != QProcess::NotRunning)
            stopHeadless(m_server);
    }

    void aLockedTableGetsAFast503AndHealthStillAnswers_data() { TestDatabases::addDialectRows(); }
    void aLockedTableGetsAFast503AndHealthStillAnswers()
    {
        QFETCH(QString, dialect);
        const QString database = m_databases.freshUrlText(dialect);
        QVERIFY(start(
            database, { { QStringLiteral("FRONTLINE_DATABASE_TIMEOUT"), QStringLiteral("1") } }));
        const Customer customer = createSession();
        QCOMPARE(send(customer, QStringLiteral("before")).status, 200);

        // Another connection holds the table (PostgreSQL) or the write lock (SQLite).
        SideConnection locker(database);
        QVERIFY2(locker.isOpen(), qPrintable(locker.error()));
        if (dialect == QLatin1String("postgresql")) {
            QVERIFY(locker.exec(QStringLiteral("BEGIN")));
            QVERIFY(
                locker.exec(QStringLiteral("LOCK TABLE chat_messages IN ACCESS EXCLUSIVE MODE")));
        } else {
            QVERIFY(locker.exec(QStringLiteral("BEGIN IMMEDIATE")));
        }
        const auto during = sendLater(customer, QStringLiteral("during"));
        const bool answered = QTest::qWaitFor([&] { return during->elapsedMs >= 0; }, 20000);
        if (!answered)
            locker.exec(QStringLiteral("ROLLBACK")); // let the server go before failing
        QVERIFY2(answered, "no answer within 20 s while a table was locked");
        const int status
            = during->reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = during->reply->readAll();
        qInfo("refused after %lld ms: %d %s", static_cast<long long>(during->elapsedMs), status,
            body.constData());
        QCOMPARE(status, 503);
        QVERIFY2(body.contains("\"unavailable\"") && body.toLower().contains("try again"),
            body.constData());
        QVERIFY(!body.contains("chat_messages") && !body.contains("lock"));
        QVERIFY(!during->reply->rawHeader("Retry-After").isEmpty());
        // The timeout is 1 s; the margin is for a loaded machine.
        QVERIFY2(during->elapsedMs < 8000, "the database timeout did not cut the wait short");

        // Health answers at once while the table is still locked, and tells of the failed write.
        const HttpResult health = m_api.get(QStringLiteral("/healthz"));
        QCOMPARE(health.status, 200);
        QCOMPARE(
            health.json().value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        QCOMPARE(
            health.json().value(QStringLiteral("writes")).toString(), QStringLiteral("failing"));

        QVERIFY(locker.exec(QStringLiteral("ROLLBACK")));
        QCOMPARE(send(customer, QStringLiteral("during")).status, 200); // the same id again
        QCOMPARE(send(customer, QStringLiteral("after")).status, 200);
        const HttpResult healthy = m_api.get(QStringLiteral("/healthz"));
        QCOMPARE(healthy.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(healthy.json().value(QStringLiteral("writes")).toString(), QStringLiteral("ok"));
        // Everything acknowledged is there, once each.
        QCOMPARE(storedIds(customer, QStringLiteral("USER")),
            (QStringList {
                QStringLiteral("before"), QStringLiteral("during"), QStringLiteral("after") }));
    }

    void aReplyRacingAReleaseOnAnotherNodeIsRefused_data() { TestDatabases::addDialectRows(); }
    void aReplyRacingAReleaseOnAnotherNodeIsRefused()
    {
        QFETCH(QString, dialect);
        const QString database = m_databases.freshUrlText(dialect);
        QVERIFY(start(database, {}));
        const Customer customer = createSession();
        QCOMPARE(agentPost(customer.sessionId, "claim", "{}").status, 200);

        // Another node releases the session: its transaction has changed the row, not yet
        // committed.
        SideConnection otherNode(database);
        QVERIFY2(otherNode.isOpen(), qPrintable(otherNode.error()));
        QVERIFY(
            otherNode.exec(dialect == QLatin1String("sqlite") ? QStringLiteral("BEGIN IMMEDIATE")
                                                              : QStringLiteral("BEGIN")));
        QVERIFY(otherNode.exec(
            QStringLiteral("UPDATE chat_sessions SET status = 'ACTIVE', assigned_agent = NULL "
                           "WHERE id = '%1'")
                .arg(customer.sessionId)));
        QNetworkRequest request(
            QUrl(m_url + QStringLiteral("/api/agent/sessions/%1/reply").arg(customer.sessionId)));
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + AdminToken);
        QNetworkReply *reply
            = m_network.post(request, QByteArrayLiteral("{\"message\":\"Trop tard ?\"}"));
        if (dialect == QLatin1String("postgresql")) {
            // Deterministic: the reply's statement waits for the other node's row lock.
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return otherNode
                               .scalar(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                                      "wait_event_type = 'Lock' "
                                                      "AND pid <> pg_backend_pid()"))
                               .toInt()
                        > 0;
                },
                20000));
        } else {
            // SQLite shows no waiters; on a loaded machine the reply may come after the commit,
            // which it must refuse just the same.
            QTest::qWait(500);
        }
        QVERIFY(otherNode.exec(QStringLiteral("COMMIT")));
        QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, 20000));
        const QByteArray body = reply->readAll();
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 409);
        QVERIFY2(body.contains("\"not_owner\""), body.constData());
        reply->deleteLater();
        QCOMPARE(storedIds(customer, QStringLiteral("AGENT")).size(), 0);
    }

    void conflictsDoNotShowTheDatabasesText_data() { TestDatabases::addDialectRows(); }
    void conflictsDoNotShowTheDatabasesText()
    {
        QFETCH(QString, dialect);
        const QString database = m_databases.freshUrlText(dialect);
        QVERIFY(start(database, {}));
        const Customer customer = createSession();
        // An operator's constraint refuses what the server writes, in the database's own words.
        SideConnection operatorConnection(database);
        QVERIFY2(operatorConnection.isOpen(), qPrintable(operatorConnection.error()));
        if (dialect == QLatin1String("postgresql")) {
            QVERIFY(operatorConnection.exec(
                QStringLiteral("CREATE FUNCTION refuse_reads() RETURNS trigger LANGUAGE plpgsql AS "
                               "$$ BEGIN RAISE EXCEPTION USING "
                               "ERRCODE = 'unique_violation', MESSAGE = 'duplicate key value "
                               "violates unique constraint "
                               "\"agent_reads_internal_detail\"'; END $$")));
            QVERIFY(operatorConnection.exec(
                QStringLiteral("CREATE TRIGGER refuse_reads BEFORE INSERT OR UPDATE ON agent_reads "
                               "FOR EACH ROW EXECUTE FUNCTION refuse_reads()")));
        } else {
            QVERIFY(operatorConnection.exec(
                QStringLiteral("CREATE TRIGGER refuse_reads BEFORE INSERT ON agent_reads BEGIN "
                               "SELECT RAISE(ABORT, 'UNIQUE constraint failed: "
                               "agent_reads_internal_detail'); END")));
        }
        const HttpResult refused = agentPost(customer.sessionId, "read", "{}");
        qInfo("%d %s", refused.status, refused.body.constData());
        QCOMPARE(refused.status, 409);
        const QJsonObject error = refused.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("conflict"));
        QVERIFY(
            error.value(QStringLiteral("message")).toString().contains(QLatin1String("try again")));
        for (const char *leak :
            { "agent_reads", "constraint", "UNIQUE", "duplicate key", "mark_read" })
            QVERIFY2(!refused.body.contains(leak), refused.body.constData());
    }

    void aFullDiskIsReportedAndTheAnswerIsStoredOnceThereIsRoom()
    {
        SmallFileSystem disk(QStringLiteral("8m"));
        if (!disk.isMounted())
            QSKIP(qPrintable(QStringLiteral(
                "This test mounts a small tmpfs, which needs root (or CAP_SYS_ADMIN); "
                "run it as root to test a full disk (%1).")
                                 .arg(disk.error())));
        FakeOpenAi provider;
        // The answer comes 3 s after the question: time for the disk to fill up in between.
        FakeReply late = FakeReply::streamed(
            { QStringLiteral("Votre"), QStringLiteral("colis"), QStringLiteral("arrive.") }, 11, 3);
        late.delayBeforeMs = 3000;
        provider.script(late);
        QVERIFY(start(QStringLiteral("sqlite:") + disk.path() + QStringLiteral("/frontline.db"),
            { { QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-test-disk-full") },
                { QStringLiteral("OPENAI_BASE_URL"), provider.baseUrl() },
                { QStringLiteral("FRONTLINE_AI_REPLY_WAIT"), QStringLiteral("0") } }));
        const Customer customer = createSession();
        QCOMPARE(send(customer, QStringLiteral("question")).status, 200); // acknowledged
        QVERIFY(QTest::qWaitFor([&] { return provider.completionRequests().size() == 1; }, 20000));
        QVERIFY(disk.fill());
        QVERIFY(QTest::qWaitFor([&] { return provider.answersFinished() == 1; }, 20000));

        // Health tells, once the answer failed to be written.
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_api.get(QStringLiteral("/healthz"))
                           .json()
                           .value(QStringLiteral("writes"))
                           .toString()
                    == QLatin1String("failing");
            },
            20000));
        const HttpResult health = m_api.get(QStringLiteral("/healthz"));
        QCOMPARE(health.status, 200);
        QCOMPARE(
            health.json().value(QStringLiteral("status")).toString(), QStringLiteral("degraded"));
        const HttpResult refused = send(customer, QStringLiteral("while-full"));
        QCOMPARE(refused.status, 503);
        QVERIFY(!refused.header("Retry-After").isEmpty());

        disk.free();
        // The kept answer is written once there is room, without anyone asking again.
        QVERIFY2(QTest::qWaitFor(
                     [&] { return storedIds(customer, QStringLiteral("ASSISTANT")).size() == 2; },
                     60000),
            "the answer to an acknowledged question was lost"); // the welcome message and the
                                                                // answer
        QVERIFY(QTest::qWaitFor(
            [&] {
                return m_api.get(QStringLiteral("/healthz"))
                           .json()
                           .value(QStringLiteral("status"))
                           .toString()
                    == QLatin1String("ok");
            },
            20000));
        QCOMPARE(storedIds(customer, QStringLiteral("USER")),
            QStringList { QStringLiteral("question") });
        QCOMPARE(stopHeadless(m_server), 0);
    }

private:
    bool start(const QString &database, const QList<std::pair<QString, QString>> &variables)
    {
        m_home = std::make_unique<QTemporaryDir>();
        QProcessEnvironment environment = isolatedEnvironment(m_home->path());
        environment.insert(
            QStringLiteral("FRONTLINE_ADMIN_TOKEN"), QString::fromLatin1(AdminToken));
        for (const auto &[name, value] : variables)
            environment.insert(name, value);
        m_url = startHeadless(m_server,
            { QStringLiteral("--database"), database, QStringLiteral("--rate-limits"),
                QStringLiteral("off") },
            environment);
        if (m_url.isEmpty())
            qWarning("%s", m_server.readAllStandardError().constData());
        m_api.setBaseUrl(m_url);
        return !m_url.isEmpty();
    }

    Customer createSession()
    {
        const CustomerSession created = m_api.createSession();
        return { created.id, created.token };
    }

    static QByteArray messageBody(const Customer &customer, const QString &clientMessageId)
    {
        return QJsonDocument(QJsonObject { { QStringLiteral("sessionId"), customer.sessionId },
                                 { QStringLiteral("message"),
                                     QString(QStringLiteral("Message ") + clientMessageId) },
                                 { QStringLiteral("clientMessageId"), clientMessageId } })
            .toJson(QJsonDocument::Compact);
    }

    HttpResult send(const Customer &customer, const QString &clientMessageId)
    {
        return m_api.post(QStringLiteral("/api/chat/message"),
            messageBody(customer, clientMessageId), customer.token);
    }

    std::shared_ptr<PendingRequest> sendLater(
        const Customer &customer, const QString &clientMessageId)
    {
        QNetworkRequest request(QUrl(m_url + QStringLiteral("/api/chat/message")));
        request.setHeader(
            QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        request.setRawHeader("Authorization", "Bearer " + customer.token);
        auto pending = std::make_shared<PendingRequest>();
        pending->timer.start();
        pending->reply = m_network.post(request, messageBody(customer, clientMessageId));
        pending->reply->setParent(this);
        connect(pending->reply, &QNetworkReply::finished, this,
            [pending] { pending->elapsedMs = pending->timer.elapsed(); });
        return pending;
    }

    HttpResult agentPost(const QString &sessionId, const char *action, const QByteArray &body)
    {
        return m_api.post(
            QStringLiteral("/api/agent/sessions/%1/").arg(sessionId) + QLatin1String(action), body,
            AdminToken);
    }

    // The client ids (or, without one, the ids) of the session's messages of `role`, in order.
    QStringList storedIds(const Customer &customer, const QString &role)
    {
        const HttpResult page = m_api.get(
            QStringLiteral("/api/chat/history?sessionId=%1&limit=200").arg(customer.sessionId),
            customer.token);
        QStringList ids;
        for (const QJsonValue &value : page.json().value(QStringLiteral("messages")).toArray()) {
            const QJsonObject message = value.toObject();
            if (message.value(QStringLiteral("role")).toString() != role)
                continue;
            const QString clientId = message.value(QStringLiteral("clientMessageId")).toString();
            ids << (clientId.isEmpty() || role != QLatin1String("USER")
                    ? message.value(QStringLiteral("id")).toString()
                    : clientId);
        }
        return ids;
    }

    TestDatabases m_databases;
    ApiClient m_api;
    QNetworkAccessManager m_network;
    std::unique_ptr<QTemporaryDir> m_home;
    QProcess m_server;
    QString m_url;
};

QTEST_GUILESS_MAIN(TestDatabaseFailures)
#include "tst_databasefailures.moc"
