// SPDX-License-Identifier: GPL-3.0-or-later
// Parsing of what users type: database URLs, listen addresses, the configuration's
// precedence, and the splitting of SQL scripts.

#include "assistant/openaiassistant.h"
#include "assistant/providerorigins.h"
#include "config/configuration.h"
#include "config/configurationreport.h"
#include "config/serveroptions.h"
#include "store/databaseurl.h"
#include "store/sqlqueries.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace frontline;

class TestConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesPostgresqlUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("options");
        QTest::newRow("full") << "postgresql://frontline:secret@db.example:6543/chat"
                              << "db.example" << 6543 << "frontline"
                              << "secret"
                              << "chat"
                              << "connect_timeout=5";
        QTest::newRow("default port") << "postgres://u@localhost/frontline"
                                      << "localhost" << 5432 << "u"
                                      << ""
                                      << "frontline"
                                      << "connect_timeout=5";
        QTest::newRow("encoded password") << "postgresql://u:p%40ss%3Aw%2Frd@127.0.0.1:5433/d"
                                          << "127.0.0.1" << 5433 << "u"
                                          << "p@ss:w/rd"
                                          << "d"
                                          << "connect_timeout=5";
        QTest::newRow("ssl and timeout")
            << "postgresql://u:hunter2@h/d?sslmode=require&connect_timeout=2"
            << "h" << 5432 << "u"
            << "hunter2"
            << "d"
            << "sslmode=require;connect_timeout=2";
        QTest::newRow("unix socket") << "postgresql://u@localhost/d?host=/var/run/postgresql"
                                     << "/var/run/postgresql" << 5432 << "u"
                                     << ""
                                     << "d"
                                     << "connect_timeout=5";
    }
    void parsesPostgresqlUrls()
    {
        QFETCH(QString, url);
        QString error;
        const auto parsed = DatabaseUrl::parse(url, QStringLiteral("/base"), &error);
        QVERIFY2(parsed.has_value(), qPrintable(error));
        QCOMPARE(parsed->kind, DatabaseUrl::Kind::Postgresql);
        QTEST(parsed->host, "host");
        QTEST(parsed->port, "port");
        QTEST(parsed->user, "user");
        QTEST(parsed->password, "password");
        QTEST(parsed->databaseName, "database");
        QTEST(parsed->connectOptions, "options");
        QCOMPARE(parsed->dialectName(), QStringLiteral("postgresql"));
        if (!parsed->password.isEmpty())
            QVERIFY(!parsed->displayString().contains(parsed->password));
    }

    void parsesSqliteUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("path");
        QTest::newRow("absolute") << "sqlite:/tmp/f.db"
                                  << "/tmp/f.db";
        QTest::newRow("relative") << "sqlite:data/f.db"
                                  << "/base/data/f.db";
        QTest::newRow("dot relative") << "sqlite:./f.db"
                                      << "/base/f.db";
        QTest::newRow("three slashes") << "sqlite:///var/lib/frontline/f.db"
                                       << "/var/lib/frontline/f.db";
        QTest::newRow("upper-case scheme") << "SQLITE:/tmp/x.db"
                                           << "/tmp/x.db";
    }
    void parsesSqliteUrls()
    {
        QFETCH(QString, url);
        QString error;
        const auto parsed = DatabaseUrl::parse(url, QStringLiteral("/base"), &error);
        QVERIFY2(parsed.has_value(), qPrintable(error));
        QCOMPARE(parsed->kind, DatabaseUrl::Kind::Sqlite);
        QTEST(parsed->sqlitePath, "path");
    }

    void rejectsInvalidDatabaseUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("unknown scheme") << "mysql://u:p@h/d"
                                        << "unknown scheme \"mysql\"";
        QTest::newRow("no scheme") << "/tmp/f.db"
                                   << "no scheme";
        QTest::newRow("empty") << ""
                               << "empty";
        QTest::newRow("no database name") << "postgresql://u:p@localhost:5432"
                                          << "no database name";
        QTest::newRow("slash only") << "postgresql://u:p@localhost:5432/"
                                    << "no database name";
        QTest::newRow("no host") << "postgresql:///d"
                                 << "no host";
        QTest::newRow("unknown parameter") << "postgresql://u@h/d?sslmdoe=require"
                                           << "sslmdoe";
        QTest::newRow("bad port") << "postgresql://u@h:99999/d"
                                  << "Invalid database URL";
        QTest::newRow("sqlite without path") << "sqlite:"
                                             << "no file path";
        QTest::newRow("sqlite folder") << "sqlite:/tmp/"
                                       << "folder";
    }
    void rejectsInvalidDatabaseUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!DatabaseUrl::parse(url, QStringLiteral("/base"), &error).has_value());
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("postgresql://user:password@host:port/dbname")),
            qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }

    void neverShowsThePasswordOfAMalformedUrl_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("bad port") << "postgresql://u:s3cr3t-pw@h:99999/d";
        QTest::newRow("letters in the port") << "postgresql://u:s3cr3t-pw@h:port/d";
        QTest::newRow("space in the password") << "postgresql://u:s3cr3t pw@h/d";
        QTest::newRow("unknown parameter") << "postgresql://u:s3cr3t-pw@h/d?sslmdoe=require";
        QTest::newRow("no database name") << "postgresql://u:s3cr3t-pw@localhost:5432";
        QTest::newRow("no host") << "postgresql://u:s3cr3t-pw@/d";
        QTest::newRow("@ in the password") << "postgresql://u:s3cr3t@pw@h:99999/d";
        QTest::newRow("unknown scheme") << "mysql://u:s3cr3t-pw@h/d";
        QTest::newRow("postgres scheme") << "postgres://u:s3cr3t-pw@h:x/d";
    }
    void neverShowsThePasswordOfAMalformedUrl()
    {
        QFETCH(QString, url);
        QString error;
        QVERIFY(!DatabaseUrl::parse(url, QStringLiteral("/base"), &error).has_value());
        QVERIFY2(!error.contains(QLatin1String("s3cr3t")) && !error.contains(QLatin1String("pw@")),
            qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("Invalid database URL")), qPrintable(error));
    }

    void masksTheWholePassword_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("shown");
        QTest::newRow("plain") << "postgresql://u:secret@h/d"
                               << "postgresql://u:***@h/d";
        QTest::newRow("@ in the password") << "postgresql://u:p@ss@h:5432/d"
                                           << "postgresql://u:***@h:5432/d";
        QTest::newRow("@ and : in the password") << "postgres://u:p:a@s@s@h/d?sslmode=require"
                                                 << "postgres://u:***@h/d?sslmode=require";
        QTest::newRow("no password") << "postgresql://u@h/d"
                                     << "postgresql://u@h/d";
        QTest::newRow("no user") << "postgresql://h/d"
                                 << "postgresql://h/d";
        QTest::newRow("sqlite") << "sqlite:/tmp/a@b:c.db"
                                << "sqlite:/tmp/a@b:c.db";
    }
    void masksTheWholePassword()
    {
        QFETCH(QString, url);
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("DATABASE_URL"), url);
        const QString report = configurationReport(
            Configuration({}, environment, nullptr), QStringLiteral("f.conf"));
        QString line;
        for (const QString &l : report.split(QLatin1Char('\n')))
            if (l.startsWith(QLatin1String("--database ")))
                line = l.simplified();
        QTEST(line.section(QLatin1Char(' '), 1, 1), "shown");
    }

    void resolvesTheProviderKeysOrigins()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-config-test"));
        environment.insert(
            QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("https://llm.example.com/v1"));
        environment.insert(QStringLiteral("FRONTLINE_AI_ALLOWED_ORIGINS"),
            QStringLiteral(
                "https://backup.example.com, http://localhost:11434,https://API.openai.com/"));
        QString error;
        auto options = ServerOptions::resolve(Configuration({}, environment, nullptr), &error);
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(options->openAi.keyOrigins,
            QStringList({ QStringLiteral("https://llm.example.com:443"),
                QStringLiteral("https://backup.example.com:443"),
                QStringLiteral("http://localhost:11434"),
                QStringLiteral("https://api.openai.com:443") }));
        const ProviderOrigins origins(options->openAi.baseUrl, options->openAi.keyOrigins);
        QVERIFY(origins.allows(QUrl(QStringLiteral("https://llm.example.com/v2"))));
        QVERIFY(origins.allows(QUrl(QStringLiteral("https://backup.example.com:443/v1"))));
        QVERIFY(!origins.allows(QUrl(QStringLiteral("https://llm.example.com:8443/v1"))));
        QVERIFY(
            !origins.allows(QUrl(QStringLiteral("http://llm.example.com/v1")))); // another scheme
        QVERIFY(!origins.allows(QUrl(QStringLiteral("https://evil.example/v1"))));
        QVERIFY(origins.refusal(QUrl(QStringLiteral("https://evil.example/v1")))
                    .contains(QLatin1String("FRONTLINE_AI_ALLOWED_ORIGINS")));

        // Plain http to another machine would carry the key in clear: refused, with where it came
        // from.
        for (const char *bad :
            { "http://10.0.0.5:11434", "https://x.example/v1", "ftp://x.example" }) {
            environment.insert(QStringLiteral("FRONTLINE_AI_ALLOWED_ORIGINS"), QLatin1String(bad));
            QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
            QVERIFY2(error.contains(QLatin1String("from FRONTLINE_AI_ALLOWED_ORIGINS")),
                qPrintable(error));
        }
        environment.remove(QStringLiteral("FRONTLINE_AI_ALLOWED_ORIGINS"));
        environment.insert(
            QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://gpu-box.lan:11434/v1"));
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(QLatin1String("plain http"))
                && error.contains(QLatin1String("from OPENAI_BASE_URL")),
            qPrintable(error));
        // Without a key, such a provider (Ollama on another machine) is fine; on this machine too.
        environment.remove(QStringLiteral("OPENAI_API_KEY"));
        QVERIFY2(ServerOptions::resolve(Configuration({}, environment, nullptr), &error),
            qPrintable(error));
        environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-config-test"));
        environment.insert(
            QStringLiteral("OPENAI_BASE_URL"), QStringLiteral("http://127.0.0.1:11434/v1"));
        QVERIFY2(ServerOptions::resolve(Configuration({}, environment, nullptr), &error),
            qPrintable(error));
    }

    void resolvesTheRedactionOfPersonalData()
    {
        QProcessEnvironment environment;
        QString error;
        auto options = ServerOptions::resolve(Configuration({}, environment, nullptr), &error);
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(options->openAi.redaction, Redaction::Auto); // the default
        for (const auto &[text, redaction] : { std::pair { "on", Redaction::On },
                 std::pair { " OFF ", Redaction::Off }, std::pair { "auto", Redaction::Auto } }) {
            environment.insert(QStringLiteral("FRONTLINE_AI_REDACT"), QLatin1String(text));
            options = ServerOptions::resolve(Configuration({}, environment, nullptr), &error);
            QVERIFY2(options, qPrintable(error));
            QCOMPARE(options->openAi.redaction, redaction);
        }
        environment.insert(QStringLiteral("FRONTLINE_AI_REDACT"), QStringLiteral("sometimes"));
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(QLatin1String("auto, on or off"))
                && error.contains(QLatin1String("from FRONTLINE_AI_REDACT")),
            qPrintable(error));

        // --print-config shows it and where it came from.
        environment.insert(QStringLiteral("FRONTLINE_AI_REDACT"), QStringLiteral("off"));
        const QString report = configurationReport(
            Configuration({}, environment, nullptr), QStringLiteral("f.conf"));
        QVERIFY2(report.contains(QLatin1String("FRONTLINE_AI_REDACT")), qPrintable(report));

        // Auto: redacted for a remote provider, not for one on this machine.
        QVERIFY(!isLoopbackProvider(QUrl(QStringLiteral("https://api.openai.com/v1"))));
        QVERIFY(isLoopbackProvider(QUrl(QStringLiteral("http://localhost:11434/v1"))));
        QVERIFY(isLoopbackProvider(QUrl(QStringLiteral("http://127.0.0.1:8080/v1"))));
        QVERIFY(isLoopbackProvider(QUrl(QStringLiteral("http://[::1]:8080/v1"))));
        QVERIFY(!isLoopbackProvider(QUrl(QStringLiteral("http://10.0.0.5:11434/v1"))));
    }

    void readsWhetherIdentitiesMustExpire()
    {
        QProcessEnvironment environment;
        QString error;
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error)
                     ->identityRequireExpiry);
        environment.insert(
            QStringLiteral("FRONTLINE_IDENTITY_REQUIRE_EXPIRY"), QStringLiteral("true"));
        QVERIFY(ServerOptions::resolve(Configuration({}, environment, nullptr), &error)
                    ->identityRequireExpiry);
        environment.insert(
            QStringLiteral("FRONTLINE_IDENTITY_REQUIRE_EXPIRY"), QStringLiteral("yes please"));
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(QLatin1String("true or false"))
                && error.contains(QLatin1String("FRONTLINE_IDENTITY_REQUIRE_EXPIRY")),
            qPrintable(error));
    }

    void parsesListenAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("ipv4") << "127.0.0.1:8080"
                              << "127.0.0.1:8080";
        QTest::newRow("any") << "0.0.0.0:80"
                             << "0.0.0.0:80";
        QTest::newRow("port 0") << "127.0.0.1:0"
                                << "127.0.0.1:0";
        QTest::newRow("ipv6") << "[::1]:9000"
                              << "[::1]:9000";
        QTest::newRow("localhost") << "localhost:8080"
                                   << "127.0.0.1:8080";
    }
    void parsesListenAddresses()
    {
        QFETCH(QString, text);
        QString error;
        const auto address = ListenAddress::parse(text, &error);
        QVERIFY2(address.has_value(), qPrintable(error));
        QTEST(address->toString(), "formatted");
    }

    void rejectsInvalidListenAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("no port") << "127.0.0.1";
        QTest::newRow("port too big") << "127.0.0.1:70000";
        QTest::newRow("not a number") << "127.0.0.1:http";
        QTest::newRow("host name") << "example.org:80";
        QTest::newRow("bare ipv6") << "::1:80";
    }
    void rejectsInvalidListenAddresses()
    {
        QFETCH(QString, text);
        QString error;
        QVERIFY(!ListenAddress::parse(text, &error).has_value());
        QVERIFY2(error.contains(QLatin1String("HOST:PORT")), qPrintable(error));
    }

    void resolvesWithPrecedence()
    {
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("frontline.conf")), QSettings::IniFormat);
        const ConfigKey &listen = configkeys::listen();
        QProcessEnvironment environment;

        // default
        QCOMPARE(Configuration({}, environment, &file).value(listen).value,
            QStringLiteral("127.0.0.1:8080"));
        QCOMPARE(Configuration({}, environment, &file).value(listen).source,
            Configuration::Source::Default);
        // settings file beats default
        file.setValue(listen.settingsKey, QStringLiteral("127.0.0.1:1001"));
        QCOMPARE(Configuration({}, environment, &file).value(listen).value,
            QStringLiteral("127.0.0.1:1001"));
        QCOMPARE(Configuration({}, environment, &file).value(listen).source,
            Configuration::Source::SettingsFile);
        // environment beats file (an empty variable counts as unset)
        environment.insert(listen.environment, QString());
        QCOMPARE(Configuration({}, environment, &file).value(listen).value,
            QStringLiteral("127.0.0.1:1001"));
        environment.insert(listen.environment, QStringLiteral("127.0.0.1:1002"));
        QCOMPARE(Configuration({}, environment, &file).value(listen).value,
            QStringLiteral("127.0.0.1:1002"));
        QCOMPARE(Configuration({}, environment, &file).value(listen).source,
            Configuration::Source::Environment);
        // command line beats everything
        const Configuration all(
            { { listen.option, QStringLiteral("127.0.0.1:1003") } }, environment, &file);
        QCOMPARE(all.value(listen).value, QStringLiteral("127.0.0.1:1003"));
        QCOMPARE(all.value(listen).source, Configuration::Source::CommandLine);
    }

    void resolvesServerOptions()
    {
        QProcessEnvironment environment;
        environment.insert(
            QStringLiteral("DATABASE_URL"), QStringLiteral("sqlite:/tmp/from-env.db"));
        QString error;
        auto options = ServerOptions::resolve(
            Configuration({ { QStringLiteral("data-dir"), QStringLiteral("/srv/frontline") } },
                environment, nullptr),
            &error);
        QVERIFY2(options.has_value(), qPrintable(error));
        QCOMPARE(options->database.sqlitePath, QStringLiteral("/tmp/from-env.db"));
        QCOMPARE(options->dataDir, QStringLiteral("/srv/frontline"));
        QVERIFY(!options->databaseInDataDir);

        // No database given: a SQLite file in the data folder.
        options = ServerOptions::resolve(
            Configuration(
                { { QStringLiteral("data-dir"), QStringLiteral("/srv/frontline") } }, {}, nullptr),
            &error);
        QCOMPARE(options->database.sqlitePath, QStringLiteral("/srv/frontline/frontline.db"));
        QVERIFY(options->databaseInDataDir);

        // An error names where the bad value came from.
        environment.insert(QStringLiteral("DATABASE_URL"), QStringLiteral("mysql://x/y"));
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(QLatin1String("from DATABASE_URL")), qPrintable(error));
        QVERIFY(!ServerOptions::resolve(
            Configuration({ { QStringLiteral("listen"), QStringLiteral("nowhere") } }, {}, nullptr),
            &error));
        QVERIFY2(error.contains(QLatin1String("from --listen")), qPrintable(error));
    }

    void resolvesTheRateLimitHitRetentionAndTheAddressTokenCap()
    {
        QString error;
        auto options = ServerOptions::resolve(Configuration({}, {}, nullptr), &error);
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(options->rateLimitHitRetentionDays, 30);
        QCOMPARE(options->assistantPolicy.maxTokensPerAddressPerDay, 200000);

        QProcessEnvironment environment;
        environment.insert(
            QStringLiteral("FRONTLINE_RATE_LIMIT_HIT_RETENTION_DAYS"), QStringLiteral("7"));
        environment.insert(
            QStringLiteral("FRONTLINE_AI_MAX_TOKENS_PER_ADDRESS_PER_DAY"), QStringLiteral("1234"));
        options = ServerOptions::resolve(Configuration({}, environment, nullptr), &error);
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(options->rateLimitHitRetentionDays, 7);
        QCOMPARE(options->assistantPolicy.maxTokensPerAddressPerDay, 1234);

        environment.insert(
            QStringLiteral("FRONTLINE_RATE_LIMIT_HIT_RETENTION_DAYS"), QStringLiteral("0"));
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(QLatin1String("from 1 to 3650"))
                && error.contains(QLatin1String("FRONTLINE_RATE_LIMIT_HIT_RETENTION_DAYS")),
            qPrintable(error));
    }

    void acceptsOnlyOriginsAsFrameAncestors_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QStringList>("origins"); // empty: refused
        QTest::newRow("two origins") << "https://shop.example, http://127.0.0.1:8081/"
                                     << QStringList { QStringLiteral("https://shop.example"),
                                            QStringLiteral("http://127.0.0.1:8081") };
        // As browsers write an origin, which the widget's question compares with them.
        QTest::newRow("written as a browser writes it")
            << "HTTPS://Shop.Example:443, https://bücher.example:8443"
            << QStringList { QStringLiteral("https://shop.example"),
                   QStringLiteral("https://xn--bcher-kva.example:8443") };
        QTest::newRow("none") << "" << QStringList();
        QTest::newRow("a path") << "https://shop.example/page" << QStringList();
        QTest::newRow("a policy injection") << "https://a.example; script-src *" << QStringList();
        QTest::newRow("a keyword") << "'unsafe-inline'" << QStringList();
        QTest::newRow("another scheme") << "ftp://files.example" << QStringList();
        QTest::newRow("a wildcard") << "*" << QStringList();
    }

    void acceptsOnlyOriginsAsFrameAncestors()
    {
        QFETCH(QString, value);
        QFETCH(QStringList, origins);
        QString error;
        const auto options = ServerOptions::resolve(
            Configuration({ { QStringLiteral("frame-ancestors"), value } }, {}, nullptr), &error);
        if (origins.isEmpty() && !value.isEmpty()) {
            QVERIFY(!options);
            QVERIFY2(error.contains(QLatin1String("is not an origin"))
                    && error.contains(QLatin1String("--frame-ancestors")),
                qPrintable(error));
            return;
        }
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(options->frameAncestors, origins);
    }

    void resolvesTheMailServer()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("FRONTLINE_SMTP_URL"),
            QStringLiteral("smtp://frontline@mail.example.com:587"));
        environment.insert(QStringLiteral("FRONTLINE_SMTP_PASSWORD"), QStringLiteral("m4il-pw"));
        environment.insert(
            QStringLiteral("FRONTLINE_MAIL_FROM"), QStringLiteral("Support <support@example.com>"));
        environment.insert(QStringLiteral("FRONTLINE_SMTP_CA_FILE"), QStringLiteral("/etc/ca.pem"));
        QString error;
        const auto options
            = ServerOptions::resolve(Configuration({}, environment, nullptr), &error);
        QVERIFY2(options, qPrintable(error));
        QVERIFY(options->smtp);
        QCOMPARE(options->smtp->host, QStringLiteral("mail.example.com"));
        QCOMPARE(options->smtp->port, 587);
        QCOMPARE(options->smtp->user, QStringLiteral("frontline"));
        QCOMPARE(options->smtp->password, QStringLiteral("m4il-pw"));
        QCOMPARE(options->smtp->caFile, QStringLiteral("/etc/ca.pem"));
        QVERIFY(options->smtp->tlsRequired()); // a password to another host
        QVERIFY(options->mailFrom);
        QCOMPARE(options->mailFrom->address, QStringLiteral("support@example.com"));
        QCOMPARE(options->mailFrom->name, QStringLiteral("Support"));

        // Without either, no e-mail at all.
        const auto none = ServerOptions::resolve(Configuration({}, {}, nullptr), &error);
        QVERIFY(none && !none->smtp && !none->mailFrom);
    }

    void refusesAHalfOrWrongMailConfiguration_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("says");
        QTest::newRow("no sender") << "smtp://localhost:25"
                                   << ""
                                   << ""
                                   << "FRONTLINE_MAIL_FROM";
        QTest::newRow("no server") << ""
                                   << "support@example.com"
                                   << ""
                                   << "FRONTLINE_SMTP_URL";
        QTest::newRow("wrong scheme") << "http://u:s3cr3t@mail.example.com"
                                      << "support@example.com"
                                      << ""
                                      << "smtp://user:password@host:587";
        QTest::newRow("bad sender") << "smtp://localhost:25"
                                    << "Support <support>"
                                    << ""
                                    << "Support <support@example.com>";
        QTest::newRow("password twice") << "smtp://u:s3cr3t@mail.example.com"
                                        << "support@example.com"
                                        << "other"
                                        << "keep one";
        QTest::newRow("password without user") << "smtp://mail.example.com"
                                               << "support@example.com"
                                               << "s3cr3t"
                                               << "names no user";
    }
    void refusesAHalfOrWrongMailConfiguration()
    {
        QFETCH(QString, url);
        QFETCH(QString, from);
        QFETCH(QString, password);
        QFETCH(QString, says);
        QProcessEnvironment environment;
        if (!url.isEmpty())
            environment.insert(QStringLiteral("FRONTLINE_SMTP_URL"), url);
        if (!from.isEmpty())
            environment.insert(QStringLiteral("FRONTLINE_MAIL_FROM"), from);
        if (!password.isEmpty())
            environment.insert(QStringLiteral("FRONTLINE_SMTP_PASSWORD"), password);
        QString error;
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("s3cr3t")), qPrintable(error));
    }

    void resolvesWhatIsEmailed()
    {
        QProcessEnvironment environment;
        environment.insert(
            QStringLiteral("FRONTLINE_SMTP_URL"), QStringLiteral("smtp://localhost:25"));
        environment.insert(
            QStringLiteral("FRONTLINE_MAIL_FROM"), QStringLiteral("support@example.com"));
        environment.insert(QStringLiteral("FRONTLINE_PUBLIC_URL"),
            QStringLiteral("https://support.example.com/help/"));
        environment.insert(QStringLiteral("FRONTLINE_EMAIL_AFTER_SECONDS"), QStringLiteral("300"));
        environment.insert(
            QStringLiteral("FRONTLINE_MAIL_COPY_TO"), QStringLiteral("archive@example.com"));
        QString error;
        const auto options
            = ServerOptions::resolve(Configuration({}, environment, nullptr), &error);
        QVERIFY2(options, qPrintable(error));
        QCOMPARE(options->publicUrl, QStringLiteral("https://support.example.com/help"));
        QCOMPARE(options->emailAfter, std::chrono::milliseconds(300000));
        QCOMPARE(options->mailCopyTo, QStringLiteral("archive@example.com"));

        // The defaults: the listen address, two minutes, no copy.
        const auto defaults = ServerOptions::resolve(Configuration({}, {}, nullptr), &error);
        QVERIFY2(defaults, qPrintable(error));
        QVERIFY(defaults->publicUrl.isEmpty());
        QCOMPARE(defaults->emailAfter, std::chrono::milliseconds(120000));
        QVERIFY(defaults->mailCopyTo.isEmpty());
        // --print-config lists them.
        const QString report = configurationReport(
            Configuration({}, environment, nullptr), QStringLiteral("f.conf"));
        for (const char *name :
            { "FRONTLINE_PUBLIC_URL", "FRONTLINE_EMAIL_AFTER_SECONDS", "FRONTLINE_MAIL_COPY_TO" })
            QVERIFY2(report.contains(QLatin1String(name)), name);
    }

    void refusesWrongMailFlowSettings_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("says");
        QTest::newRow("no scheme") << "FRONTLINE_PUBLIC_URL"
                                   << "support.example.com"
                                   << "https://support.example.com";
        QTest::newRow("ftp") << "FRONTLINE_PUBLIC_URL"
                             << "ftp://support.example.com"
                             << "https://support.example.com";
        QTest::newRow("with a query") << "FRONTLINE_PUBLIC_URL"
                                      << "https://example.com/?a=b"
                                      << "https://support.example.com";
        QTest::newRow("zero seconds") << "FRONTLINE_EMAIL_AFTER_SECONDS"
                                      << "0"
                                      << "FRONTLINE_EMAIL_AFTER_SECONDS";
        QTest::newRow("copy to a name") << "FRONTLINE_MAIL_COPY_TO"
                                        << "Archive <a@example.com>"
                                        << "archive@example.com";
        QTest::newRow("copy with a line break") << "FRONTLINE_MAIL_COPY_TO"
                                                << "a@example.com\r\nBcc: b@example.com"
                                                << "archive@example.com";
    }
    void refusesWrongMailFlowSettings()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QString, says);
        QProcessEnvironment environment;
        environment.insert(
            QStringLiteral("FRONTLINE_SMTP_URL"), QStringLiteral("smtp://localhost:25"));
        environment.insert(
            QStringLiteral("FRONTLINE_MAIL_FROM"), QStringLiteral("support@example.com"));
        environment.insert(name, value);
        QString error;
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY2(error.contains(name), qPrintable(error));
    }

    void refusesACopyWithoutAMailServer()
    {
        QProcessEnvironment environment;
        environment.insert(
            QStringLiteral("FRONTLINE_MAIL_COPY_TO"), QStringLiteral("archive@example.com"));
        QString error;
        QVERIFY(!ServerOptions::resolve(Configuration({}, environment, nullptr), &error));
        QVERIFY2(error.contains(QLatin1String("FRONTLINE_SMTP_URL")), qPrintable(error));
    }

    void masksTheMailPasswords()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("FRONTLINE_SMTP_URL"),
            QStringLiteral("smtps://frontline:m4il-s3cret@mail.example.com:465"));
        environment.insert(QStringLiteral("FRONTLINE_SMTP_PASSWORD"), QStringLiteral("other-pw"));
        const QString report = configurationReport(
            Configuration({}, environment, nullptr), QStringLiteral("f.conf"));
        QVERIFY2(!report.contains(QLatin1String("m4il-s3cret"))
                && !report.contains(QLatin1String("other-pw")),
            qPrintable(report));
        QVERIFY2(report.contains(QLatin1String("smtps://frontline:***@mail.example.com:465")),
            qPrintable(report));
    }

    void reportsTheConfigurationWithSecretsMasked()
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("DATABASE_URL"),
            QStringLiteral("postgresql://frontline:s3cret-pw@db.example/chat"));
        environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-report-test-key"));
        QTemporaryDir dir;
        QSettings file(dir.filePath(QStringLiteral("f.conf")), QSettings::IniFormat);
        file.setValue(QStringLiteral("assistant/model"), QStringLiteral("gpt-from-file"));
        const QString report = configurationReport(
            Configuration({ { QStringLiteral("listen"), QStringLiteral("0.0.0.0:9000") } },
                environment, &file),
            file.fileName());
        QVERIFY2(!report.contains(QLatin1String("s3cret-pw"))
                && !report.contains(QLatin1String("sk-report-test-key")),
            qPrintable(report));
        const auto line = [&report](const QString &name) {
            for (const QString &l : report.split(QLatin1Char('\n')))
                if (l.startsWith(name + QLatin1Char(' ')))
                    return l.simplified();
            return QString();
        };
        QCOMPARE(line(QStringLiteral("--listen")),
            QStringLiteral("--listen 0.0.0.0:9000 [command line]"));
        QCOMPARE(line(QStringLiteral("--database")),
            QStringLiteral("--database postgresql://frontline:***@db.example/chat [environment "
                           "(DATABASE_URL)]"));
        QCOMPARE(line(QStringLiteral("OPENAI_API_KEY")),
            QStringLiteral("OPENAI_API_KEY ******** [environment (OPENAI_API_KEY)]"));
        QCOMPARE(line(QStringLiteral("OPENAI_MODEL")),
            QStringLiteral("OPENAI_MODEL gpt-from-file [settings file (assistant/model)]"));
        QVERIFY(line(QStringLiteral("--rate-limits")).endsWith(QLatin1String("[default]")));
        QVERIFY(report.startsWith(QStringLiteral("Settings file: ") + file.fileName()));
    }

    void splitsSqlScripts()
    {
        const QString script
            = QStringLiteral("-- a comment; with a semicolon\n"
                             "CREATE TABLE a (x TEXT DEFAULT 'a;b');\n"
                             "/* block; comment */ INSERT INTO a VALUES ('it''s; fine');\n"
                             "CREATE INDEX \"odd;name\" ON a (x)");
        const QStringList statements = SqlQueries::splitStatements(script);
        QCOMPARE(statements.size(), 3);
        QCOMPARE(statements.at(0), QStringLiteral("CREATE TABLE a (x TEXT DEFAULT 'a;b')"));
        QCOMPARE(statements.at(1), QStringLiteral("INSERT INTO a VALUES ('it''s; fine')"));
        QCOMPARE(statements.at(2), QStringLiteral("CREATE INDEX \"odd;name\" ON a (x)"));
    }

    void splitsSqliteTriggersAtTheirEnd()
    {
        const QString script
            = QStringLiteral("CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
                             "    INSERT INTO b VALUES (new.x);\n"
                             "    INSERT INTO c VALUES ('end;');\n"
                             "END;\n"
                             "create trigger u after delete on a begin delete from b; end;\n"
                             "INSERT INTO a VALUES (1)");
        const QStringList statements = SqlQueries::splitStatements(script);
        QCOMPARE(statements.size(), 3);
        QCOMPARE(statements.at(0),
            QStringLiteral("CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
                           "    INSERT INTO b VALUES (new.x);\n"
                           "    INSERT INTO c VALUES ('end;');\n"
                           "END"));
        QCOMPARE(statements.at(1),
            QStringLiteral("create trigger u after delete on a begin delete from b; end"));
        QCOMPARE(statements.at(2), QStringLiteral("INSERT INTO a VALUES (1)"));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "tst_config.moc"
