// SPDX-License-Identifier: GPL-3.0-or-later
#include "temporarypostgres.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpServer>
#include <QThread>
#include <QUrl>

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <unistd.h>

namespace frontline::testsupport {

namespace {

// The unprivileged account the server runs as when the tests run as root.
struct RunAs
{
    bool dropPrivileges = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

RunAs runAs()
{
    RunAs result;
    if (::geteuid() != 0)
        return result;
    if (const passwd *nobody = ::getpwnam("nobody")) {
        result.dropPrivileges = true;
        result.uid = nobody->pw_uid;
        result.gid = nobody->pw_gid;
    }
    return result;
}

void prepareChild(QProcess &process)
{
    const RunAs user = runAs();
    process.setChildProcessModifier([user] {
        if (user.dropPrivileges) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(user.gid) != 0 || ::setuid(user.uid) != 0)
                ::_exit(126);
        }
        // After setuid: a change of credentials clears the parent-death signal.
        ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
    });
}

QString findBinDir()
{
    QStringList candidates;
    const QDir versions(QStringLiteral("/usr/lib/postgresql"));
    QStringList entries = versions.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    std::sort(entries.begin(), entries.end(),
        [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
    for (const QString &version : entries)
        candidates.append(versions.filePath(version) + QStringLiteral("/bin"));
    QProcess pgConfig;
    pgConfig.start(QStringLiteral("pg_config"), { QStringLiteral("--bindir") });
    if (pgConfig.waitForFinished(5000) && pgConfig.exitCode() == 0)
        candidates.append(QString::fromLocal8Bit(pgConfig.readAllStandardOutput()).trimmed());
    for (const QString &dir : candidates) {
        if (QFile::exists(dir + QStringLiteral("/initdb"))
            && QFile::exists(dir + QStringLiteral("/postgres")))
            return dir;
    }
    return {};
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool chownTree(const QString &path, uid_t uid, gid_t gid)
{
    if (::chown(QFile::encodeName(path).constData(), uid, gid) != 0)
        return false;
    const QFileInfo info(path);
    if (info.isDir() && !info.isSymLink()) {
        const auto entries
            = QDir(path).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
        for (const QString &entry : entries) {
            if (!chownTree(path + QLatin1Char('/') + entry, uid, gid))
                return false;
        }
    }
    return true;
}

} // namespace

TemporaryPostgres::TemporaryPostgres() = default;

TemporaryPostgres::~TemporaryPostgres()
{
    stop();
}

QString TemporaryPostgres::userName()
{
    return QStringLiteral("frontline");
}

QString TemporaryPostgres::password()
{
    return QStringLiteral("p@ss:w/rd");
}

quint16 TemporaryPostgres::port() const
{
    return m_port;
}

QString TemporaryPostgres::errorString() const
{
    return m_error;
}

bool TemporaryPostgres::isRunning() const
{
    return m_server && m_server->state() == QProcess::Running;
}

bool TemporaryPostgres::initialise()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("Cannot create a temporary folder for PostgreSQL: %1")
                      .arg(m_dir.errorString());
        return false;
    }
    m_binDir = findBinDir();
    if (m_binDir.isEmpty()) {
        m_error = QStringLiteral("PostgreSQL server binaries (initdb, postgres) not found under "
                                 "/usr/lib/postgresql/*/bin: install the postgresql package "
                                 "(scripts/setup does).");
        return false;
    }
    const QString passwordFile = m_dir.filePath(QStringLiteral("password"));
    QFile file(passwordFile);
    if (!file.open(QIODevice::WriteOnly) || file.write(password().toUtf8() + '\n') < 0) {
        m_error = QStringLiteral("Cannot write %1").arg(passwordFile);
        return false;
    }
    file.close();

    const RunAs user = runAs();
    if (user.dropPrivileges) {
        if (!chownTree(m_dir.path(), user.uid, user.gid)) {
            m_error = QStringLiteral("Cannot hand %1 to the user nobody").arg(m_dir.path());
            return false;
        }
    }

    for (const QString &locale : { QStringLiteral("C.UTF-8"), QStringLiteral("C") }) {
        QProcess initdb;
        prepareChild(initdb);
        initdb.setProcessChannelMode(QProcess::MergedChannels);
        initdb.start(m_binDir + QStringLiteral("/initdb"),
            { QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-U"),
                userName(), QStringLiteral("--pwfile=") + passwordFile,
                QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=scram-sha-256"),
                QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=") + locale,
                QStringLiteral("-N") });
        if (!initdb.waitForFinished(120000)) {
            initdb.kill();
            initdb.waitForFinished();
        }
        if (initdb.exitStatus() == QProcess::NormalExit && initdb.exitCode() == 0)
            return true;
        m_error = QStringLiteral("initdb failed: %1")
                      .arg(QString::fromLocal8Bit(initdb.readAll()).right(2000));
        QDir(m_dir.filePath(QStringLiteral("data"))).removeRecursively();
    }
    return false;
}

bool TemporaryPostgres::start()
{
    if (isRunning())
        return true;
    if (!m_initialised) {
        if (!initialise())
            return false;
        m_initialised = true;
    }
    // A port freed by the probe can be taken by someone else before postgres binds it.
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (m_port == 0 || attempt > 0)
            m_port = freePort();
        m_server = std::make_unique<QProcess>();
        prepareChild(*m_server);
        m_server->setProcessChannelMode(QProcess::MergedChannels);
        m_server->setStandardOutputFile(
            m_dir.filePath(QStringLiteral("server.log")), QIODevice::Append);
        m_server->start(m_binDir + QStringLiteral("/postgres"),
            { QStringLiteral("-D"), m_dir.filePath(QStringLiteral("data")), QStringLiteral("-p"),
                QString::number(m_port), QStringLiteral("-k"), m_dir.path(), QStringLiteral("-c"),
                QStringLiteral("listen_addresses=127.0.0.1"), QStringLiteral("-c"),
                QStringLiteral("fsync=off"), QStringLiteral("-c"),
                QStringLiteral("full_page_writes=off"), QStringLiteral("-c"),
                QStringLiteral("max_connections=200"), QStringLiteral("-c"),
                QStringLiteral("log_min_messages=warning") });
        if (!m_server->waitForStarted(10000)) {
            m_error = QStringLiteral("Cannot start postgres: %1").arg(m_server->errorString());
            return false;
        }
        if (waitUntilReady())
            return true;
        stop();
    }
    return false;
}

bool TemporaryPostgres::waitUntilReady()
{
    QElapsedTimer waited;
    waited.start();
    const QString connection = QStringLiteral("temporary-postgres-probe");
    bool ready = false;
    QString lastError;
    while (!ready && waited.elapsed() < 30000 && isRunning()) {
        {
            QSqlDatabase db = addAdminConnection(connection);
            ready = db.open();
            lastError = db.lastError().text();
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        if (!ready)
            QThread::msleep(100);
    }
    if (!ready) {
        m_error = QStringLiteral(
            "PostgreSQL did not accept connections on port %1 (%2). Server log:\n%3")
                      .arg(m_port)
                      .arg(lastError, logTail());
    }
    return ready;
}

bool TemporaryPostgres::stop()
{
    if (!m_server)
        return true;
    if (m_server->state() != QProcess::NotRunning) {
        ::kill(static_cast<pid_t>(m_server->processId()), SIGINT); // fast shutdown
        if (!m_server->waitForFinished(15000)) {
            m_server->kill();
            m_server->waitForFinished();
        }
    }
    m_server.reset();
    return true;
}

QString TemporaryPostgres::createDatabase()
{
    const QString name = QStringLiteral("t%1").arg(++m_databaseCounter);
    const QString connection = QStringLiteral("temporary-postgres-admin");
    bool created = false;
    {
        QSqlDatabase db = addAdminConnection(connection);
        if (db.open()) {
            QSqlQuery query(db);
            created = query.exec(QStringLiteral("CREATE DATABASE ") + name);
            if (!created)
                m_error = query.lastError().text();
        } else {
            m_error = db.lastError().text();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return created ? url(name) : QString();
}

QString TemporaryPostgres::url(const QString &databaseName) const
{
    // Concatenated, not arg()-formatted: the encoded password holds "%40"-like sequences
    // that a later arg() would take for placeholders.
    return QStringLiteral("postgresql://") + QString::fromUtf8(QUrl::toPercentEncoding(userName()))
        + QLatin1Char(':') + QString::fromUtf8(QUrl::toPercentEncoding(password()))
        + QStringLiteral("@127.0.0.1:") + QString::number(m_port) + QLatin1Char('/') + databaseName;
}

QSqlDatabase TemporaryPostgres::addAdminConnection(const QString &connectionName) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(QStringLiteral("127.0.0.1"));
    db.setPort(m_port);
    db.setUserName(userName());
    db.setPassword(password());
    db.setDatabaseName(QStringLiteral("postgres"));
    db.setConnectOptions(QStringLiteral("connect_timeout=2"));
    return db;
}

QString TemporaryPostgres::logTail() const
{
    QFile log(m_dir.filePath(QStringLiteral("server.log")));
    if (!log.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLocal8Bit(log.readAll()).right(2000);
}

} // namespace frontline::testsupport
