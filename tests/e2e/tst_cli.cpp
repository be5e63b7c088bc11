// SPDX-License-Identifier: GPL-3.0-or-later
// The real `frontline` binary, run as a user or a service manager would: help and version,
// the headless server on SQLite and PostgreSQL with a clean shutdown on SIGTERM/SIGINT, the
// configuration's precedence, and every bad input the command line can meet.

#include "frontlineprocess.h"
#include "httpclient.h"
#include "testdatabases.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTest>

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

struct RunResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Lists every file and folder under `dir`, to prove a failed start created nothing.
QStringList treeOf(const QString &dir)
{
    QStringList entries;
    QDir root(dir);
    const auto list = root.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    for (const QFileInfo &info : list) {
        entries.append(info.absoluteFilePath());
        if (info.isDir())
            entries.append(treeOf(info.absoluteFilePath()));
    }
    return entries;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(QStringLiteral(FRONTLINE_BINARY)), FRONTLINE_BINARY);
        QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString()));
    }
    void init()
    {
        m_home = std::make_unique<QTemporaryDir>();
        QVERIFY(m_home->isValid());
    }

    void printsHelp()
    {
        const RunResult r = run({ QStringLiteral("--help") });
        QCOMPARE(r.exitCode, 0);
        for (const char *option :
            { "--headless", "--listen", "--database", "--data-dir", "--version" })
            QVERIFY2(r.out.contains(QLatin1String(option)), option);
        QVERIFY(r.out.contains(QLatin1String("DATABASE_URL")));
    }

    void helpAndManPageNameTheSameOptionsAndVariables()
    {
        // Every option and environment variable --help names is in the man page, and every
        // variable the man page names is in --help (the help lists them from the one list of
        // configuration keys, so a new key without a line in the man page fails here).
        QFile manPage(QStringLiteral(FRONTLINE_SOURCE_DIR "/packaging/man/frontline.1"));
        QVERIFY(manPage.open(QIODevice::ReadOnly));
        const QString man = QString::fromUtf8(manPage.readAll()).remove(QLatin1Char('\\'));
        const QString help = run({ QStringLiteral("--help") }, {}, false).out;
        static const QRegularExpression option(QStringLiteral("(?<![\\w-])--[a-z][a-z-]+"));
        static const QRegularExpression variable(QStringLiteral(
            "\\b(?:FRONTLINE_[A-Z_]+|OPENAI_[A-Z_]+|CHAT_MOCK_MODE|DATABASE_URL)\\b"));
        const auto found = [](const QRegularExpression &pattern, const QString &text) {
            QSet<QString> names;
            for (auto it = pattern.globalMatch(text); it.hasNext();)
                names.insert(it.next().captured(0));
            return names;
        };
        const QSet<QString> helpOptions = found(option, help);
        const QSet<QString> helpVariables = found(variable, help);
        QVERIFY(helpOptions.size() >= 15);
        QVERIFY(helpVariables.size() >= 28);
        for (const QString &name : helpOptions + helpVariables)
            QVERIFY2(man.contains(name),
                qPrintable(
                    name + QStringLiteral(" is in --help, not in packaging/man/frontline.1")));
        for (const QString &name : found(variable, man))
            QVERIFY2(helpVariables.contains(name),
                qPrintable(name + QStringLiteral(" is in the man page, not in --help")));
    }

    void speaksTheSystemsLanguage()
    {
        QProcessEnvironment french;
        french.insert(QStringLiteral("LANG"), QStringLiteral("fr_FR.UTF-8"));
        french.insert(QStringLiteral("LC_ALL"), QStringLiteral("fr_FR.UTF-8"));
        french.insert(QStringLiteral("LANGUAGE"), QString());
        const RunResult help = run({ QStringLiteral("--help") }, french, false);
        QVERIFY2(help.out.contains(QStringLiteral("Environnement")), qPrintable(help.out));
        const RunResult bad = run({ QStringLiteral("--headless"), QStringLiteral("--database"),
                                      QStringLiteral("mysql://u:p@localhost/x") },
            french, false);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("schéma inconnu «\u00a0mysql\u00a0»")),
            qPrintable(bad.err));
        // A language Frontline does not speak: English.
        QProcessEnvironment german = french;
        german.insert(QStringLiteral("LANG"), QStringLiteral("de_DE.UTF-8"));
        german.insert(QStringLiteral("LC_ALL"), QStringLiteral("de_DE.UTF-8"));
        const RunResult english = run({ QStringLiteral("--headless"), QStringLiteral("--database"),
                                          QStringLiteral("mysql://u:p@localhost/x") },
            german, false);
        QVERIFY2(english.err.contains(QStringLiteral("unknown scheme \"mysql\"")),
            qPrintable(english.err));
    }

    void printsHelpWithQtsOptions()
    {
        const RunResult r = run({ QStringLiteral("--help-all") }, {}, /*display=*/false);
        QCOMPARE(r.exitCode, 0);
        for (const char *option : { "--headless", "--help-all", "--version" })
            QVERIFY2(r.out.contains(QLatin1String(option)), option);
    }

    void printsVersion()
    {
        const RunResult r = run({ QStringLiteral("--version") });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("frontline " FRONTLINE_VERSION));
    }

    void printsTheConfigurationWithSecretsMasked()
    {
        QProcessEnvironment secrets;
        secrets.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-cli-print-config"));
        const RunResult r = run({ QStringLiteral("--print-config"), QStringLiteral("--listen"),
                                    QStringLiteral("127.0.0.1:9191") },
            secrets, false);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(
            r.out.contains(QLatin1String("127.0.0.1:9191  [command line]")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("********  [environment (OPENAI_API_KEY)]")),
            qPrintable(r.out));
        QVERIFY(!r.out.contains(QLatin1String("sk-cli-print-config")));
        // A password with "@" and ":" in it is masked whole.
        QProcessEnvironment database;
        database.insert(QStringLiteral("DATABASE_URL"),
            QStringLiteral("postgresql://frontline:pa:ss@wo@rd@db.example/chat"));
        const RunResult masked = run({ QStringLiteral("--print-config") }, database, false);
        QVERIFY2(masked.out.contains(QLatin1String("postgresql://frontline:***@db.example/chat")),
            qPrintable(masked.out));
        for (const char *part : { "pa:ss", "wo@", "rd@" })
            QVERIFY2(!masked.out.contains(QLatin1String(part)), qPrintable(masked.out));
        // A mistake is still one: shown, and exit 2.
        const RunResult bad = run({ QStringLiteral("--print-config"), QStringLiteral("--listen"),
                                      QStringLiteral("nowhere") },
            {}, false);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.out.contains(QLatin1String("nowhere  [command line]")));
    }

    void rejectsUnknownOptions()
    {
        const RunResult r = run({ QStringLiteral("--headles") });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("headles")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("--help")), qPrintable(r.err));
    }

    void managesAgentsFromTheCommandLine()
    {
        const QStringList db { QStringLiteral("--database"),
            QStringLiteral("sqlite:") + m_home->filePath(QStringLiteral("agents.db")) };
        RunResult r = run(QStringList { QStringLiteral("agent"), QStringLiteral("add"),
                              QStringLiteral("marie"), QStringLiteral("--admin"),
                              QStringLiteral("--display-name"), QStringLiteral("Marie C.") }
            + db);
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.first().contains(QLatin1String("administrator \"marie\" (Marie C.)")),
            qPrintable(r.out));
        QCOMPARE(lines.last().size(), 43); // the token, 256 bits in base64url
        r = run(
            QStringList { QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("paul") }
            + db);
        QCOMPARE(r.exitCode, 0);

        r = run(QStringList { QStringLiteral("agent"), QStringLiteral("list") } + db);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("marie")) && r.out.contains(QLatin1String("admin")),
            qPrintable(r.out));
        QVERIFY(!r.out.contains(lines.last())); // the token is shown once only

        r = run(
            QStringList { QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("marie") }
            + db);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("already exists")), qPrintable(r.err));
        // The administrator's name is reserved (issue 14, point 8).
        r = run(
            QStringList { QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("admin") }
            + db);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("reserved")), qPrintable(r.err));
        // One stored under that name by an earlier version is listed, with what to do about it.
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase(
                QStringLiteral("QSQLITE"), QStringLiteral("cli-legacy-admin"));
            raw.setDatabaseName(m_home->filePath(QStringLiteral("agents.db")));
            QVERIFY(raw.open());
            QSqlQuery insert(raw);
            QVERIFY(insert.exec(
                QStringLiteral("INSERT INTO agents (username, display_name, role, created_at) "
                               "VALUES ('admin', 'Old admin', 'agent', 0)")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("cli-legacy-admin"));
        r = run(QStringList { QStringLiteral("agent"), QStringLiteral("list") } + db);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("Old admin")), qPrintable(r.out));
        QVERIFY2(r.err.contains(QLatin1String("frontline agent remove admin")), qPrintable(r.err));
        QCOMPARE(run(QStringList { QStringLiteral("agent"), QStringLiteral("remove"),
                         QStringLiteral("admin") }
                     + db)
                     .exitCode,
            0);
        r = run(QStringList {
                    QStringLiteral("agent"), QStringLiteral("add"), QStringLiteral("Marie Curie") }
            + db);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("username")), qPrintable(r.err));
        r = run(QStringList { QStringLiteral("agent"), QStringLiteral("password"),
                    QStringLiteral("paul") }
                + db,
            {}, true, false, "a long enough password\n");
        QCOMPARE(r.exitCode, 0);
        r = run(QStringList { QStringLiteral("agent"), QStringLiteral("password"),
                    QStringLiteral("paul") }
                + db,
            {}, true, false, "short\n");
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("10 characters")), qPrintable(r.err));
        r = run(QStringList {
                    QStringLiteral("agent"), QStringLiteral("remove"), QStringLiteral("paul") }
            + db);
        QCOMPARE(r.exitCode, 0);
        r = run(QStringList {
                    QStringLiteral("agent"), QStringLiteral("remove"), QStringLiteral("paul") }
            + db);
        QCOMPARE(r.exitCode, 2);
        r = run(QStringList { QStringLiteral("agent"), QStringLiteral("fly") } + db);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("agent list")), qPrintable(r.err));
    }

    void importsAndExportsTheKnowledgeBase()
    {
        const QString dbPath = m_home->filePath(QStringLiteral("kb.db"));
        const QStringList db { QStringLiteral("--database"), QStringLiteral("sqlite:") + dbPath };
        const QString in = m_home->filePath(QStringLiteral("in"));
        QVERIFY(QDir().mkpath(in));
        const auto write = [&](const QString &name, const QByteArray &text) {
            QFile file(in + QLatin1Char('/') + name);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(text);
        };
        write(QStringLiteral("refunds.md"),
            "---\ntitle: Refunds\nurl: https://help.example.com/refunds\nlocale: en\n---\n"
            "We refund within 30 days.\n");
        write(QStringLiteral("mot-de-passe.md"),
            "# Réinitialiser le mot de passe\n\nOuvrez la page de connexion.\n");
        write(QStringLiteral("notes.txt"), "not an article");
        RunResult r = run(QStringList { QStringLiteral("kb"), QStringLiteral("import"), in } + db);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("2 added, 0 updated")), qPrintable(r.out));

        // The same titles again (one in another case, one changed): updated, not doubled.
        write(QStringLiteral("refunds.md"),
            "---\ntitle: REFUNDS\nlocale: en\n---\nWe refund within 14 days.\n");
        r = run(QStringList { QStringLiteral("kb"), QStringLiteral("import"), in } + db);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(
            r.out.contains(QLatin1String("0 added, 1 updated, 1 unchanged")), qPrintable(r.out));

        // A bad file is named and nothing of the folder is imported.
        write(QStringLiteral("broken.md"), "---\ntitle: Broken\nlocale: de\n---\nText\n");
        write(QStringLiteral("zz-new.md"), "# A new one\nText\n");
        r = run(QStringList { QStringLiteral("kb"), QStringLiteral("import"), in } + db);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(
            r.err.contains(QLatin1String("broken.md")) && r.err.contains(QLatin1String("locale")),
            qPrintable(r.err));
        QVERIFY(QFile::remove(in + QStringLiteral("/broken.md")));
        QVERIFY(QFile::remove(in + QStringLiteral("/zz-new.md")));

        const QString out = m_home->filePath(QStringLiteral("out/kb"));
        r = run(QStringList { QStringLiteral("kb"), QStringLiteral("export"), out } + db);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains(QLatin1String("Exported 2 articles")), qPrintable(r.out));
        QStringList files = QDir(out).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files,
            QStringList({ QStringLiteral("refunds.md"),
                QStringLiteral("reinitialiser-le-mot-de-passe.md") }));
        QFile exported(out + QStringLiteral("/refunds.md"));
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(exported.readAll());
        QVERIFY2(text.contains(QLatin1String("title: REFUNDS")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("We refund within 14 days.")), qPrintable(text));

        // What export wrote, import reads back unchanged.
        r = run(QStringList { QStringLiteral("kb"), QStringLiteral("import"), out } + db);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(
            r.out.contains(QLatin1String("0 added, 0 updated, 2 unchanged")), qPrintable(r.out));

        r = run(QStringList { QStringLiteral("kb"), QStringLiteral("import"),
                    m_home->filePath(QStringLiteral("nowhere")) }
            + db);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("nowhere")), qPrintable(r.err));
        r = run(QStringList { QStringLiteral("kb"), QStringLiteral("fly") } + db);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("kb import DIR")), qPrintable(r.err));
    }

    void loadsTheDemoKnowledgeBaseOnce()
    {
        const QStringList db { QStringLiteral("--database"),
            QStringLiteral("sqlite:") + m_home->filePath(QStringLiteral("demo.db")) };
        QProcess server;
        const QString url = startHeadless(server, QStringList { QStringLiteral("--demo") } + db,
            isolatedEnvironment(m_home->path()));
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());
        QCOMPARE(stopHeadless(server), 0);
        const QString out = m_home->filePath(QStringLiteral("demo-out"));
        RunResult r = run(QStringList { QStringLiteral("kb"), QStringLiteral("export"), out } + db);
        QCOMPARE(r.exitCode, 0);
        const QStringList files = QDir(out).entryList(QDir::Files);
        QVERIFY2(files.size() >= 12, qPrintable(files.join(QLatin1Char(' '))));
        QVERIFY(files.contains(QStringLiteral("reinitialiser-votre-mot-de-passe.md")));
        QVERIFY(files.contains(QStringLiteral("resetting-your-password.md")));
        // Not loaded again into a knowledge base that has articles.
        QVERIFY(!startHeadless(server, QStringList { QStringLiteral("--demo") } + db,
            isolatedEnvironment(m_home->path()))
                     .isEmpty());
        QCOMPARE(stopHeadless(server), 0);
        QVERIFY(QDir(out).removeRecursively());
        r = run(QStringList { QStringLiteral("kb"), QStringLiteral("export"), out } + db);
        QCOMPARE(QDir(out).entryList(QDir::Files).size(), files.size());
    }

    void refusesToOpenAWindowWithoutADisplay()
    {
        const RunResult r = run({}, {}, /*display=*/false);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--headless")), qPrintable(r.err));
    }

    void servesHealthAndStopsOnSignals_data()
    {
        QTest::addColumn<QString>("dialect");
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("sqlite, SIGTERM") << QStringLiteral("sqlite") << SIGTERM;
        QTest::newRow("sqlite, SIGINT") << QStringLiteral("sqlite") << SIGINT;
        QTest::newRow("postgresql, SIGTERM") << QStringLiteral("postgresql") << SIGTERM;
        QTest::newRow("postgresql, SIGINT") << QStringLiteral("postgresql") << SIGINT;
    }
    void servesHealthAndStopsOnSignals()
    {
        QFETCH(QString, dialect);
        QFETCH(int, signalNumber);
        QProcess server;
        const QString url = startHeadless(
            server, { QStringLiteral("--database"), m_databases.freshUrlText(dialect) });
        QVERIFY2(!url.isEmpty(), qPrintable(QString::fromUtf8(server.readAllStandardError())));

        const auto health = m_http.get(QUrl(url + QStringLiteral("/healthz")));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().value(QStringLiteral("database")).toString(), dialect);
        QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));

        QElapsedTimer stopping;
        stopping.start();
        ::kill(static_cast<pid_t>(server.processId()), signalNumber);
        QVERIFY(server.waitForFinished(2000)); // the acceptance: exit within 2 s
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        qInfo("stopped %lld ms after the signal", stopping.elapsed());
        // Only the listening line goes to stdout, so scripts can read it.
        QCOMPARE(server.readAllStandardOutput(), QByteArray());
    }

    void opensTheConsoleWithItsEmbeddedBackend()
    {
        QProcessEnvironment offscreen;
        offscreen.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QProcess console;
        console.setProcessEnvironment(environment(offscreen, true));
        console.start(QStringLiteral(FRONTLINE_BINARY),
            { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                QStringLiteral("--database"),
                QStringLiteral("sqlite:") + m_home->filePath(QStringLiteral("console.db")) });
        // The backend thread logs where it serves once it accepts connections.
        static const QRegularExpression serving(
            QStringLiteral("Serving .* on (http://127\\.0\\.0\\.1:\\d+)"));
        QString err;
        QRegularExpressionMatch match;
        QElapsedTimer waited;
        waited.start();
        while (!match.hasMatch() && waited.elapsed() < 30000
            && console.state() != QProcess::NotRunning) {
            console.waitForReadyRead(200);
            err += QString::fromUtf8(console.readAllStandardError());
            match = serving.match(err);
        }
        QVERIFY2(match.hasMatch(), qPrintable(err));
        const auto health = m_http.get(QUrl(match.captured(1) + QStringLiteral("/healthz")));
        QCOMPARE(health.status, 200);
        // The console signs in to its own backend as the local administrator, by itself.
        const QString signedIn = QStringLiteral("Signed in to %1 as admin").arg(match.captured(1));
        while (!err.contains(signedIn) && waited.elapsed() < 30000
            && console.state() != QProcess::NotRunning) {
            console.waitForReadyRead(200);
            err += QString::fromUtf8(console.readAllStandardError());
        }
        QVERIFY2(err.contains(signedIn), qPrintable(err));
        // Its token was made for this run: nobody else knows it, and nothing answers to no token.
        QCOMPARE(m_http.get(QUrl(match.captured(1) + QStringLiteral("/api/agent/me"))).status, 401);
        stop(console);
    }

    void opensTheConsoleOnARemoteServer()
    {
        QProcessEnvironment serverEnvironment;
        serverEnvironment.insert(QStringLiteral("FRONTLINE_ADMIN_TOKEN"),
            QStringLiteral("cli-remote-admin-token-0123456789"));
        QProcess server;
        const QString url = startHeadless(server,
            { QStringLiteral("--database"),
                QStringLiteral("sqlite:") + m_home->filePath(QStringLiteral("remote.db")) },
            environment(serverEnvironment, false));
        QVERIFY(!url.isEmpty());

        QProcessEnvironment consoleEnvironment;
        consoleEnvironment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        consoleEnvironment.insert(QStringLiteral("FRONTLINE_AGENT_TOKEN"),
            QStringLiteral("cli-remote-admin-token-0123456789"));
        QProcess console;
        console.setProcessEnvironment(environment(consoleEnvironment, true));
        console.start(QStringLiteral(FRONTLINE_BINARY), { QStringLiteral("--connect"), url });
        QString err;
        QElapsedTimer waited;
        waited.start();
        const QString signedIn = QStringLiteral("Signed in to %1 as admin").arg(url);
        while (!err.contains(signedIn) && waited.elapsed() < 30000
            && console.state() != QProcess::NotRunning) {
            console.waitForReadyRead(200);
            err += QString::fromUtf8(console.readAllStandardError());
        }
        QVERIFY2(err.contains(signedIn), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1String("Serving")), qPrintable(err)); // no backend of its own
        stop(console);
        stop(server);

        const RunResult bad
            = run({ QStringLiteral("--connect"), QStringLiteral("ftp://example.com") },
                consoleEnvironment);
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QLatin1String("http(s)://HOST:PORT")), qPrintable(bad.err));
    }

    void servesHttpsWithTheGivenCertificate()
    {
        const QString certificate = m_home->filePath(QStringLiteral("cert.pem"));
        const QString key = m_home->filePath(QStringLiteral("key.pem"));
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                QStringLiteral("-keyout"), key, QStringLiteral("-out"), certificate });
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);

        QProcess server;
        const QString url = startHeadless(server,
            { QStringLiteral("--database"),
                QStringLiteral("sqlite:") + m_home->filePath(QStringLiteral("tls.db")),
                QStringLiteral("--tls-cert"), certificate, QStringLiteral("--tls-key"), key });
        QVERIFY2(url.startsWith(QLatin1String("https://127.0.0.1:")), qPrintable(url));

        QProcess curl;
        curl.start(QStringLiteral("curl"),
            { QStringLiteral("-sk"), QStringLiteral("--noproxy"), QStringLiteral("*"),
                url + QStringLiteral("/healthz") });
        QVERIFY(curl.waitForFinished(15000));
        QVERIFY2(curl.readAllStandardOutput().contains("\"status\":\"ok\""),
            qPrintable(QString::fromUtf8(curl.readAllStandardError())));
        stop(server);

        // A key that is not a key: one line naming the file, exit 2.
        const RunResult bad = run({ QStringLiteral("--headless"), QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"),
            QStringLiteral("sqlite:") + m_home->filePath(QStringLiteral("tls.db")),
            QStringLiteral("--tls-cert"), certificate, QStringLiteral("--tls-key"), certificate });
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(certificate), qPrintable(bad.err));
    }

    void createsTheDefaultDatabaseInTheDataFolder()
    {
        QProcess server;
        const QString url = startHeadless(server, {});
        QVERIFY2(!url.isEmpty(), qPrintable(QString::fromUtf8(server.readAllStandardError())));
        QVERIFY(QFile::exists(
            m_home->filePath(QStringLiteral("xdg-data/Frontline/frontline/frontline.db"))));
        stop(server);

        QProcess other;
        QVERIFY(!startHeadless(
            other, { QStringLiteral("--data-dir"), m_home->filePath(QStringLiteral("state")) })
                     .isEmpty());
        QVERIFY(QFile::exists(m_home->filePath(QStringLiteral("state/frontline.db"))));
        stop(other);
    }

    void keepsItsFilesPrivate()
    {
        // Outside the systemd unit (which sets its own umask) the data folder, the database and
        // SQLite's -wal and -shm files are the user's alone, whatever umask the shell has.
        QProcess server;
        server.setChildProcessModifier([] { ::umask(0022); });
        const QString url = startHeadless(server, {});
        QVERIFY2(!url.isEmpty(), qPrintable(QString::fromUtf8(server.readAllStandardError())));
        const QString dataDir = m_home->filePath(QStringLiteral("xdg-data/Frontline/frontline"));
        const auto mode = [](const QString &path) {
            struct stat status = {};
            if (::stat(QFile::encodeName(path).constData(), &status) != 0)
                return QStringLiteral("missing");
            return QString::number(status.st_mode & 0777, 8);
        };
        QCOMPARE(mode(dataDir), QStringLiteral("700"));
        QCOMPARE(
            mode(m_home->filePath(QStringLiteral("xdg-data/Frontline"))), QStringLiteral("700"));
        for (const char *file : { "frontline.db", "frontline.db-wal", "frontline.db-shm" })
            QCOMPARE(mode(dataDir + QLatin1Char('/') + QLatin1String(file)), QStringLiteral("600"));
        stop(server);

        // The console's settings file too: it will hold the console's choices.
        QProcessEnvironment offscreen;
        offscreen.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QProcess console;
        console.setProcessEnvironment(environment(offscreen, true));
        console.setChildProcessModifier([] { ::umask(0022); });
        console.start(QStringLiteral(FRONTLINE_BINARY),
            { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0") });
        const QString settingsFile
            = m_home->filePath(QStringLiteral("xdg-config/Frontline/frontline.conf"));
        QString err;
        QElapsedTimer waited;
        waited.start();
        while (!err.contains(QLatin1String("Signed in to")) && waited.elapsed() < 30000
            && console.state() != QProcess::NotRunning) {
            console.waitForReadyRead(200);
            err += QString::fromUtf8(console.readAllStandardError());
        }
        QVERIFY2(err.contains(QLatin1String("Signed in to")), qPrintable(err));
        QCOMPARE(mode(settingsFile), QStringLiteral("600"));
        QCOMPARE(
            mode(m_home->filePath(QStringLiteral("xdg-config/Frontline"))), QStringLiteral("700"));
        stop(console);
    }

    void refusesASettingsFileThatDoesNotExist()
    {
        // A mistyped --config would otherwise run on defaults, silently.
        const QString missing = m_home->filePath(QStringLiteral("frontlien.conf"));
        const QStringList before = treeOf(m_home->path());
        const RunResult r
            = run({ QStringLiteral("--headless"), QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--config"), missing },
                {}, false);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(missing), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("does not exist")), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(treeOf(m_home->path()), before);
        // The usual place may be missing (a first run), and so may FRONTLINE_CONFIG's (the
        // systemd unit names a file the package does not install).
        QCOMPARE(run({ QStringLiteral("--print-config") }, {}, false).exitCode, 0);
        QProcessEnvironment unit;
        unit.insert(QStringLiteral("FRONTLINE_CONFIG"), missing);
        QCOMPARE(run({ QStringLiteral("--print-config") }, unit, false).exitCode, 0);
        // An existing file is read.
        QFile file(missing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[server]\nlisten=127.0.0.1:9393\n");
        file.close();
        const RunResult read = run(
            { QStringLiteral("--print-config"), QStringLiteral("--config"), missing }, {}, false);
        QCOMPARE(read.exitCode, 0);
        QVERIFY2(read.out.contains(QLatin1String("127.0.0.1:9393")), qPrintable(read.out));
    }

    void followsThePrecedenceOfConfigurationSources()
    {
        const QString fromFile = m_home->filePath(QStringLiteral("file.db"));
        const QString fromEnvironment = m_home->filePath(QStringLiteral("env.db"));
        const QString fromCommandLine = m_home->filePath(QStringLiteral("cli.db"));
        const QString settingsPath = m_home->filePath(QStringLiteral("frontline.conf"));
        QFile settings(settingsPath);
        QVERIFY(settings.open(QIODevice::WriteOnly));
        settings.write("[database]\nurl=sqlite:" + fromFile.toUtf8() + "\n");
        settings.close();

        const auto startWith = [&](const QStringList &args, const QProcessEnvironment &extra) {
            QProcess server;
            const QString url = startHeadless(
                server, QStringList { QStringLiteral("--config"), settingsPath } + args, extra);
            QVERIFY2(!url.isEmpty(), qPrintable(QString::fromUtf8(server.readAllStandardError())));
            stop(server);
        };
        startWith({}, {});
        QVERIFY(QFile::exists(fromFile));
        QProcessEnvironment environment;
        environment.insert(
            QStringLiteral("DATABASE_URL"), QStringLiteral("sqlite:") + fromEnvironment);
        startWith({}, environment);
        QVERIFY(QFile::exists(fromEnvironment));
        startWith({ QStringLiteral("--database"), QStringLiteral("sqlite:") + fromCommandLine },
            environment);
        QVERIFY(QFile::exists(fromCommandLine));
    }

    void rejectsInvalidDatabaseUrlsAndCreatesNothing_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown scheme") << "mysql://u:p@localhost/frontline"
                                        << "unknown scheme";
        QTest::newRow("missing database name") << "postgresql://u:p@127.0.0.1:5432"
                                               << "no database name";
        QTest::newRow("unreachable host") << "postgresql://u:secret-pw@127.0.0.1:1/frontline"
                                          << "Cannot connect to PostgreSQL at 127.0.0.1:1";
        // Malformed: the message quotes the URL, but never its password.
        QTest::newRow("bad port") << "postgresql://u:secret-pw@127.0.0.1:99999/frontline"
                                  << "Invalid database URL";
        QTest::newRow("unknown parameter")
            << "postgresql://u:secret-pw@127.0.0.1/frontline?sslmdoe=require"
            << "sslmdoe";
        QTest::newRow("no database name, @ in the password")
            << "postgresql://u:secret-pw@x@127.0.0.1:5432"
            << "Invalid database URL";
        QTest::newRow("space in the password") << "postgresql://u:secret-pw x@127.0.0.1/frontline"
                                               << "Invalid database URL";
        QTest::newRow("unknown scheme with a password") << "mysql://u:secret-pw@127.0.0.1/frontline"
                                                        << "unknown scheme";
    }
    void rejectsInvalidDatabaseUrlsAndCreatesNothing()
    {
        QFETCH(QString, url);
        QFETCH(QString, mentions);
        const QStringList before = treeOf(m_home->path());
        for (bool fromEnvironment : { false, true }) {
            QProcessEnvironment extra;
            QStringList args { QStringLiteral("--headless"), QStringLiteral("--listen"),
                QStringLiteral("127.0.0.1:0") };
            if (fromEnvironment)
                extra.insert(QStringLiteral("DATABASE_URL"), url);
            else
                args << QStringLiteral("--database") << url;
            const RunResult r = run(args, extra);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
            QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0); // one line
            QVERIFY2(!r.err.contains(QLatin1String("secret-pw")), qPrintable(r.err));
            QVERIFY(r.out.isEmpty());
        }
        QCOMPARE(treeOf(m_home->path()), before);
    }

    void reportsABusyPort()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        const QString address = QStringLiteral("127.0.0.1:%1").arg(occupant.serverPort());
        const QString db = m_home->filePath(QStringLiteral("f.db"));
        const RunResult r = run({ QStringLiteral("--headless"), QStringLiteral("--listen"), address,
            QStringLiteral("--database"), QStringLiteral("sqlite:") + db });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(address), qPrintable(r.err));
        QVERIFY(!QFile::exists(db));
    }

    void reportsAnUnwritableSqliteFolder()
    {
        // The folder is read-only; root ignores that, so run the binary as `nobody` then.
        QVERIFY(QFile::setPermissions(m_home->path(),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        const QString folder = m_home->filePath(QStringLiteral("read-only"));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::setPermissions(folder,
            QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup
                | QFile::ReadOther | QFile::ExeOther));
        const QString db = folder + QStringLiteral("/f.db");
        const RunResult r = run({ QStringLiteral("--headless"), QStringLiteral("--listen"),
                                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"),
                                    QStringLiteral("sqlite:") + db },
            {}, true, /*asUnprivilegedUser=*/::geteuid() == 0);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(db), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("writable")), qPrintable(r.err));
        QVERIFY(!QFile::exists(db));
    }

    void refusesAFileThatIsNotADatabaseAndLeavesItUntouched()
    {
        const QString path = m_home->filePath(QStringLiteral("notes.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray content
            = QByteArray("These are my notes, not a database.\n").repeated(200);
        file.write(content);
        file.close();
        const RunResult r = run({ QStringLiteral("--headless"), QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"),
            QStringLiteral("sqlite:") + path });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(path), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("not a SQLite database")), qPrintable(r.err));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), content);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    }

    void refusesASchemaNewerThanTheProgram_data() { TestDatabases::addDialectRows(); }
    void refusesASchemaNewerThanTheProgram()
    {
        QFETCH(QString, dialect);
        const QString urlText = m_databases.freshUrlText(dialect);
        QProcess server;
        QVERIFY(!startHeadless(server, { QStringLiteral("--database"), urlText }).isEmpty());
        stop(server);
        {
            QString error;
            const auto url = DatabaseUrl::parse(urlText, QDir::currentPath(), &error);
            QSqlDatabase db = url->addConnection(QStringLiteral("tamper"));
            QVERIFY(db.open());
            QVERIFY(
                QSqlQuery(db).exec(QStringLiteral("INSERT INTO schema_migrations (version, name, "
                                                  "applied_at) VALUES (42, 'future', 0)")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));

        const RunResult r = run({ QStringLiteral("--headless"), QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:0"), QStringLiteral("--database"), urlText });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("schema version 42")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("newer")), qPrintable(r.err));
    }

private:
    QProcessEnvironment environment(const QProcessEnvironment &extra, bool display) const
    {
        QProcessEnvironment env = isolatedEnvironment(m_home->path());
        if (!display) {
            for (const char *name : { "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM" })
                env.remove(QLatin1String(name));
        }
        for (const QString &key : extra.keys())
            env.insert(key, extra.value(key));
        return env;
    }

    RunResult run(const QStringList &args, const QProcessEnvironment &extra = {},
        bool display = true, bool asUnprivilegedUser = false, const QByteArray &input = {})
    {
        QProcess process;
        process.setProcessEnvironment(environment(extra, display));
        if (asUnprivilegedUser) {
            const passwd *nobody = ::getpwnam("nobody");
            if (!nobody) {
                qWarning("no user named nobody");
                return {};
            }
            const uid_t uid = nobody->pw_uid;
            const gid_t gid = nobody->pw_gid;
            process.setChildProcessModifier([uid, gid] {
                if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0)
                    ::_exit(127);
            });
        }
        process.start(QStringLiteral(FRONTLINE_BINARY), args);
        if (!input.isEmpty()) {
            process.write(input);
            process.closeWriteChannel();
        }
        RunResult result;
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            qWarning("frontline %s did not finish", qUtf8Printable(args.join(QLatin1Char(' '))));
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    QString startHeadless(
        QProcess &server, const QStringList &args, const QProcessEnvironment &extra = {})
    {
        return frontline::testsupport::startHeadless(server, args, environment(extra, true));
    }

    void stop(QProcess &server) { QCOMPARE(stopHeadless(server), 0); }

    TestDatabases m_databases;
    HttpClient m_http;
    std::unique_ptr<QTemporaryDir> m_home;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
