// SPDX-License-Identifier: GPL-3.0-or-later
// The composition root: reads the command line and the configuration, then runs either the
// headless server or the console with its embedded backend.

#include "agents/agentaccounts.h"
#include "agents/knowledgefolder.h"
#include "config/configuration.h"
#include "config/configurationreport.h"
#include "config/serveroptions.h"
#include "core/translations.h"
#include "domain/domainerror.h"
#include "eventlooplagreport.h"
#include "keychainentry.h"
#include "mainwindow.h"
#include "security/tokens.h"
#include "server/backend.h"
#include "server/backendthread.h"
#include "server/shutdownsignals.h"
#include "settings/consolesettings.h"
#include "store/migrator.h"
#include "store/sqlstore.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QTextStream>

#include <cstdio>
#ifdef Q_OS_UNIX
#include <sys/stat.h>
#endif
#include <QCoreApplication>

#include <memory>

using namespace frontline;

namespace {

// Exit code for a configuration or environment the user must fix (bad URL, busy port, ...).
constexpr int ExitBadConfiguration = 2;

void printError(const QString &message)
{
    std::fprintf(stderr, "frontline: %s\n", qUtf8Printable(message));
}

bool hasDisplay(const QStringList &arguments)
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY")
        || qEnvironmentVariableIsSet("QT_QPA_PLATFORM")
        || arguments.contains(QStringLiteral("-platform"))
        || arguments.contains(QStringLiteral("--platform"));
}

// The help's last part: every environment variable, with its option, its key in the settings
// file and its default, from the one list of configuration keys.
QString environmentHelp()
{
    QString text = QCoreApplication::translate("main",
                       "Environment (the command line wins over the environment, the environment\n"
                       "over the settings file; see frontline(1)):")
        + QLatin1Char('\n');
    const auto line = [&text](const QString &name, const QString &where) {
        text += QStringLiteral("  %1 %2\n").arg(name, -36).arg(where);
    };
    for (const ConfigKey &key : configkeys::all()) {
        QStringList where;
        if (!key.option.isEmpty())
            where << QStringLiteral("--") + key.option;
        if (!key.settingsKey.isEmpty())
            where << QCoreApplication::translate("main", "file: %1").arg(key.settingsKey);
        if (!key.defaultValue.isEmpty())
            where << QCoreApplication::translate("main", "default: %1").arg(key.defaultValue);
        if (key.secret)
            where << (key.settingsKey.isEmpty()
                    ? QCoreApplication::translate("main", "secret: never in the settings file")
                    : QCoreApplication::translate("main", "masked by --print-config"));
        line(key.environment, where.join(QStringLiteral(" · ")));
    }
    line(QStringLiteral("FRONTLINE_CONFIG"), QStringLiteral("--config"));
    line(QStringLiteral("FRONTLINE_AGENT_TOKEN"),
        QCoreApplication::translate("main", "the agent token for --connect"));
    return text;
}

// Whether the command line may open the console, read before the real parse: only the
// options that certainly do not (help, version, headless, print-config, an agent command).
bool mayOpenConsoleWindow(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        for (const char *flag : { "headless", "help", "help-all", "version", "print-config" }) {
            if (argument == QLatin1String("--") + QLatin1String(flag)
                || argument == QLatin1String("-") + QLatin1String(flag))
                return false;
        }
        if (argument == QLatin1String("-h") || argument == QLatin1String("-?")
            || argument == QLatin1String("-v"))
            return false;
        // "agent" or "kb" as a command, not as the value of an option.
        if ((argument == QLatin1String("agent") || argument == QLatin1String("kb"))
            && !arguments.at(i - 1).startsWith(QLatin1Char('-')))
            return false;
    }
    return true;
}

// What the process creates is its user's alone: the data folder, the SQLite database and its
// -wal and -shm files, the settings file. The systemd unit sets a umask of its own; a shell's
// usual 022 would leave the conversations readable by every local account. Bits the caller
// already masks stay masked.
void keepNewFilesPrivate()
{
#ifdef Q_OS_UNIX
    const mode_t inherited = ::umask(0077);
    ::umask(inherited | 0077);
#endif
}

// The console writes its settings file when the agent changes a setting: create it now, empty
// and private, so that what it later holds is never readable by others whatever wrote it.
void createPrivateSettingsFile(const QSettings &settings)
{
    const QString path = settings.fileName();
    if (QFileInfo::exists(path) || !QDir().mkpath(QFileInfo(path).absolutePath()))
        return;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
            QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        qInfo("Cannot create the settings file %s: %s", qUtf8Printable(path),
            qUtf8Printable(file.errorString()));
}

std::unique_ptr<QSettings> openSettingsFile(const QString &path)
{
    if (path.isEmpty())
        return std::make_unique<QSettings>(); // the platform's usual place
    return std::make_unique<QSettings>(path, QSettings::IniFormat);
}

// frontline agent add|list|remove: works on the configured database directly, without a server.
int runAgentCommand(const ServerOptions &options, const QStringList &arguments, bool asAdmin,
    const QString &displayName)
{
    const QString verb = arguments.value(0);
    const bool needsName = verb == QLatin1String("add") || verb == QLatin1String("remove")
        || verb == QLatin1String("password");
    if ((verb != QLatin1String("list") && !needsName) || arguments.size() != (needsName ? 2 : 1)) {
        printError(QCoreApplication::translate("main",
            "Use 'frontline agent add NAME [--admin] [--display-name NAME]', "
            "'frontline agent list', 'frontline agent remove NAME' or "
            "'frontline agent password NAME' (the password on standard input)."));
        return ExitBadConfiguration;
    }
    try {
        if (options.databaseInDataDir && !QDir().mkpath(options.dataDir)) {
            printError(QCoreApplication::translate("main", "Cannot create the data folder %1.")
                           .arg(options.dataDir));
            return ExitBadConfiguration;
        }
        // As a server does when it starts: a new database gets its schema here.
        Migrator::migrateDatabase(options.database);
        const auto store = SqlStore::open(options.database);
        AgentAccounts agents(*store);
        if (verb == QLatin1String("add")) {
            const NewAgent created = agents.add(
                arguments.at(1), displayName, asAdmin ? AgentRole::Admin : AgentRole::Agent);
            const QString announcement = asAdmin
                ? QCoreApplication::translate(
                    "main", "Created administrator \"%1\" (%2). Its token, shown only this once:")
                : QCoreApplication::translate(
                    "main", "Created agent \"%1\" (%2). Its token, shown only this once:");
            std::printf("%s\n%s\n",
                qUtf8Printable(announcement.arg(created.agent.username, created.agent.displayName)),
                qUtf8Printable(created.token));
        } else if (verb == QLatin1String("password")) {
            // Read from standard input, never from the command line (which others can see).
            QTextStream input(stdin);
            agents.setPassword(arguments.at(1), input.readLine());
            std::printf("%s\n",
                qUtf8Printable(QCoreApplication::translate("main",
                    "Set the password of \"%1\"; it can sign in with POST /api/agent/login.")
                                   .arg(arguments.at(1))));
        } else if (verb == QLatin1String("remove")) {
            if (!agents.remove(arguments.at(1))) {
                printError(QCoreApplication::translate(
                    "main", "No agent is named \"%1\"; 'frontline agent list' shows them.")
                               .arg(arguments.at(1)));
                return ExitBadConfiguration;
            }
            std::printf("%s\n",
                qUtf8Printable(QCoreApplication::translate("main", "Removed agent \"%1\".")
                                   .arg(arguments.at(1))));
        } else {
            for (const Agent &agent : agents.list()) {
                std::printf("%-24s %-8s %s\n", qUtf8Printable(agent.username),
                    qUtf8Printable(roleName(agent.role)), qUtf8Printable(agent.displayName));
                // Stored before the administrator's name was reserved: kept, but refused.
                if (agent.username == AgentAccounts::reservedUsername())
                    printError(QCoreApplication::translate("main",
                        "The agent \"admin\" cannot sign in: that name is "
                        "reserved for the administrator. Recreate it under "
                        "another name ('frontline agent remove admin', then "
                        "'frontline agent add NAME')."));
            }
        }
    } catch (const StoreError &error) {
        printError(error.message());
        return ExitBadConfiguration;
    } catch (const DomainError &error) {
        printError(error.message());
        return ExitBadConfiguration;
    }
    return 0;
}

// Opens the configured database as a server would (its schema made or brought up to date).
std::unique_ptr<Store> openCommandStore(const ServerOptions &options)
{
    if (options.databaseInDataDir && !QDir().mkpath(options.dataDir))
        throw DomainError(DomainError::Kind::Failed, QStringLiteral("no_data_folder"),
            QCoreApplication::translate("main", "Cannot create the data folder %1.")
                .arg(options.dataDir));
    Migrator::migrateDatabase(options.database);
    return SqlStore::open(options.database);
}

// frontline kb import|export DIR: the knowledge base and a folder of Markdown files, on the
// configured database directly, without a server (the running nodes read it at once).
int runKnowledgeCommand(const ServerOptions &options, const QStringList &arguments)
{
    const QString verb = arguments.value(0);
    if ((verb != QLatin1String("import") && verb != QLatin1String("export"))
        || arguments.size() != 2) {
        printError(QCoreApplication::translate("main",
            "Use 'frontline kb import DIR' (each DIR/*.md becomes an article, or updates the "
            "article of the same title) or 'frontline kb export DIR' (one file per article)."));
        return ExitBadConfiguration;
    }
    try {
        const auto store = openCommandStore(options);
        if (verb == QLatin1String("import")) {
            const KnowledgeImport imported
                = importKnowledgeFolder(*store, arguments.at(1), QStringLiteral("system"));
            std::printf("%s\n",
                qUtf8Printable(QCoreApplication::translate(
                    "main", "Imported %1: %2 added, %3 updated, %4 unchanged.")
                                   .arg(QDir::toNativeSeparators(arguments.at(1)))
                                   .arg(imported.added)
                                   .arg(imported.updated)
                                   .arg(imported.unchanged)));
        } else {
            const int exported = exportKnowledgeFolder(*store, arguments.at(1));
            std::printf("%s\n",
                qUtf8Printable(QCoreApplication::translate("main", "Exported %1 articles to %2.")
                                   .arg(exported)
                                   .arg(QDir::toNativeSeparators(arguments.at(1)))));
        }
    } catch (const StoreError &error) {
        printError(error.message());
        return ExitBadConfiguration;
    } catch (const DomainError &error) {
        printError(error.message());
        return ExitBadConfiguration;
    }
    return 0;
}

// The demo's knowledge base, when the database has none: with --demo, and on the console's
// first run with a new database (`onlyIntoNewDatabase`: no conversation yet, so that a team's
// real customers never get the demo's answers). False (said) when the database cannot take it.
bool loadDemoKnowledgeBase(const ServerOptions &options, bool onlyIntoNewDatabase)
{
    try {
        const auto store = openCommandStore(options);
        if (onlyIntoNewDatabase && !store->sessions(SessionFilter { .limit = 1 }).isEmpty())
            return true;
        // In the log (standard error): a server's first line out stays "Listening on …".
        if (const int added = loadDemoKnowledge(*store); added > 0)
            qInfo("Loaded the demo knowledge base: %d articles in English and French.", added);
        return true;
    } catch (const StoreError &error) {
        printError(error.message());
    } catch (const DomainError &error) {
        printError(error.message());
    }
    return false;
}

int runHeadless(const ServerOptions &options)
{
    Backend backend(options);
    if (!backend.start()) {
        printError(backend.errorString());
        return ExitBadConfiguration;
    }
    ShutdownSignals shutdownSignals;
    QObject::connect(
        &shutdownSignals, &ShutdownSignals::shutdownRequested, &backend, &Backend::stop);
    QObject::connect(&backend, &Backend::stopped, qApp, &QCoreApplication::quit);

    std::printf("Listening on %s\n", qUtf8Printable(backend.url()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}

// The console against a remote Frontline server: the agent token comes from the
// environment (FRONTLINE_AGENT_TOKEN) or the system keychain.
int runRemoteConsole(QSettings &settings, const QUrl &server)
{
    ui::MainWindow window(settings);
    ShutdownSignals shutdownSignals;
    QObject::connect(
        &shutdownSignals, &ShutdownSignals::shutdownRequested, qApp, &QCoreApplication::quit);
    window.show();
    const QString fromEnvironment = qEnvironmentVariable("FRONTLINE_AGENT_TOKEN");
    ui::KeychainEntry keychain(ui::KeychainEntry::agentToken());
    if (!fromEnvironment.isEmpty()) {
        window.connectTo(server, fromEnvironment);
    } else {
        QObject::connect(&keychain, &ui::KeychainEntry::secretRead, &window,
            [&window, server](const QString &token, const QString &error) {
                if (token.isEmpty())
                    QMessageBox::warning(&window, QCoreApplication::translate("main", "Frontline"),
                        QCoreApplication::translate("main",
                            "No agent token for %1 (%2). Set one in Settings → Connection, or in "
                            "FRONTLINE_AGENT_TOKEN.")
                            .arg(server.toString(), error));
                window.connectTo(server, token);
            });
        keychain.read();
    }
    return QApplication::exec();
}

// The all-in-one console: the backend on its own thread, and the console signed in to it
// as the local administrator with a token made for this run (or FRONTLINE_ADMIN_TOKEN).
int runConsole(ServerOptions options, QSettings &settings)
{
    if (options.adminToken.isEmpty())
        options.adminToken = tokens::newToken();
    const QString localAdminToken = options.adminToken;

    ui::MainWindow window(settings);
    std::unique_ptr<BackendThread> backend;
    const auto startBackend = [&window, &backend, localAdminToken](const ServerOptions &withKey) {
        backend = std::make_unique<BackendThread>(withKey);
        QObject::connect(backend.get(), &BackendThread::started, &window,
            [&window, localAdminToken](const QString &url) {
                window.showServing(url);
                window.connectTo(QUrl(url), localAdminToken);
            });
        QObject::connect(
            backend.get(), &BackendThread::failed, &window, [&window](const QString &message) {
                printError(message);
                window.showBackendFailed(message);
                QMessageBox::critical(
                    &window, QCoreApplication::translate("main", "Frontline"), message);
                QCoreApplication::exit(ExitBadConfiguration);
            });
        backend->start();
    };

    // A desktop session ending (SIGTERM) closes the console as cleanly as its window would.
    ShutdownSignals shutdownSignals;
    QObject::connect(
        &shutdownSignals, &ShutdownSignals::shutdownRequested, qApp, &QCoreApplication::quit);
    window.show();

    // The provider key set from the console lives in the system keychain, never in the
    // settings file; the environment's, when set, wins.
    ui::KeychainEntry keychain(ui::KeychainEntry::providerKey());
    if (options.openAi.apiKey.isEmpty() && !options.mockForced) {
        QObject::connect(&keychain, &ui::KeychainEntry::secretRead, &window,
            [options, startBackend](const QString &key, const QString &error) mutable {
                if (!error.isEmpty())
                    qInfo("No API key from the system keychain: %s", qUtf8Printable(error));
                if (!key.isEmpty()) {
                    options.openAi.apiKey = key;
                    options.mockMode = false;
                }
                startBackend(options);
            });
        keychain.read();
    } else {
        startBackend(options);
    }
    return QApplication::exec();
}

} // namespace

int main(int argc, char **argv)
{
    keepNewFilesPrivate();
    QCoreApplication::setOrganizationName(QStringLiteral("Frontline"));
    QCoreApplication::setApplicationName(QStringLiteral("frontline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FRONTLINE_VERSION));

    // Taken before QApplication removes its own options (-platform ...) from argv.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    // The application object exists before the command line is read, so that every message
    // can be translated; whether it has widgets depends on whether the console will open
    // (--help, --version, --headless and the agent commands must work without a display).
    std::unique_ptr<QCoreApplication> app = mayOpenConsoleWindow(arguments) && hasDisplay(arguments)
        ? std::make_unique<QApplication>(argc, argv)
        : std::make_unique<QCoreApplication>(argc, argv);
    installTranslations(QString());

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.setApplicationDescription(QCoreApplication::translate("main",
        "Frontline: a support-agent console with its chat backend built in.\n"
        "Without --headless it opens the console and serves the chat on the same address."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(QStringLiteral("headless"),
        QCoreApplication::translate("main", "Run the server only, without a window."));
    const QCommandLineOption listen(QStringLiteral("listen"),
        QCoreApplication::translate("main",
            "Address to serve on (env FRONTLINE_LISTEN; default 127.0.0.1:8080). "
            "Port 0 picks a free port."),
        QStringLiteral("HOST:PORT"));
    const QCommandLineOption database(QStringLiteral("database"),
        QCoreApplication::translate("main",
            "sqlite:PATH or postgresql://user:password@host:port/dbname (env "
            "DATABASE_URL; default: frontline.db in the data folder)."),
        QStringLiteral("URL"));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
        QCoreApplication::translate(
            "main", "Folder for Frontline's data (env FRONTLINE_DATA_DIR; default: %1).")
            .arg(ServerOptions::defaultDataDir()),
        QStringLiteral("DIR"));
    const QCommandLineOption config(QStringLiteral("config"),
        QCoreApplication::translate("main",
            "Settings file to read instead of the usual one (env "
            "FRONTLINE_CONFIG; default: %1).")
            .arg(QSettings().fileName()),
        QStringLiteral("FILE"));
    const QCommandLineOption rateLimits(QStringLiteral("rate-limits"),
        QCoreApplication::translate("main",
            "Per-route limits, e.g. message=10/60,history=100/60,create-session=20/60, "
            "or off (env FRONTLINE_RATE_LIMITS)."),
        QStringLiteral("LIMITS"));
    const QCommandLineOption trustedProxies(QStringLiteral("trusted-proxies"),
        QCoreApplication::translate("main",
            "Proxies whose X-Forwarded-For is believed, e.g. 127.0.0.1,10.0.0.0/8 "
            "(env FRONTLINE_TRUSTED_PROXIES; default none)."),
        QStringLiteral("LIST"));
    const QCommandLineOption corsOrigins(QStringLiteral("cors-origins"),
        QCoreApplication::translate("main",
            "Other origins allowed to call the chat API from a browser, comma-"
            "separated (env FRONTLINE_CORS_ORIGINS; default same origin only)."),
        QStringLiteral("LIST"));
    const QCommandLineOption frameAncestors(QStringLiteral("frame-ancestors"),
        QCoreApplication::translate("main",
            "Sites that may show the chat page in a frame (the widget), comma-separated "
            "origins (env FRONTLINE_FRAME_ANCESTORS; default Frontline's own only)."),
        QStringLiteral("LIST"));
    const QCommandLineOption tlsCertificate(QStringLiteral("tls-cert"),
        QCoreApplication::translate(
            "main", "PEM certificate (chain) to serve HTTPS (env FRONTLINE_TLS_CERT)."),
        QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"),
        QCoreApplication::translate(
            "main", "PEM private key for --tls-cert (env FRONTLINE_TLS_KEY)."),
        QStringLiteral("FILE"));
    const QCommandLineOption printConfig(QStringLiteral("print-config"),
        QCoreApplication::translate("main",
            "Print the effective configuration and where each value comes from, secrets "
            "masked, then exit."));
    const QCommandLineOption admin(QStringLiteral("admin"),
        QCoreApplication::translate(
            "main", "With 'agent add': the new agent is an administrator."));
    const QCommandLineOption displayName(QStringLiteral("display-name"),
        QCoreApplication::translate("main", "With 'agent add': the name customers see."),
        QStringLiteral("NAME"));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QCoreApplication::translate("main",
            "Load the demo knowledge base (a few articles in English and French) into an empty "
            "knowledge base before serving."));
    const QCommandLineOption connect(QStringLiteral("connect"),
        QCoreApplication::translate("main",
            "Open the console on a remote Frontline server instead of running one; the "
            "agent token comes from FRONTLINE_AGENT_TOKEN or the system keychain."),
        QStringLiteral("URL"));
    parser.addOptions({ headless, listen, database, dataDir, config, rateLimits, trustedProxies,
        corsOrigins, frameAncestors, tlsCertificate, tlsKey, admin, displayName, demo, connect,
        printConfig });
    parser.addPositionalArgument(QStringLiteral("agent"),
        QCoreApplication::translate("main",
            "'agent add NAME [--admin] [--display-name NAME]', "
            "'agent list', 'agent remove NAME' or 'agent password NAME' (the "
            "password on standard input): manage the agents of the configured "
            "database."),
        QCoreApplication::translate("main", "[agent ...]"));
    parser.addPositionalArgument(QStringLiteral("kb"),
        QCoreApplication::translate("main",
            "'kb import DIR' or 'kb export DIR': the knowledge base and a folder of Markdown "
            "files (front matter title, url, locale; or the first # heading as title)."),
        QCoreApplication::translate("main", "[kb ...]"));

    // Qt's own options (-platform offscreen, -style ...) are the application object's.
    for (const char *qtOption : { "platform", "platformpluginpath", "platformtheme", "plugin",
             "display", "style", "stylesheet", "reverse", "session", "geometry", "title",
             "qwindowgeometry", "qwindowicon", "qwindowtitle", "widgetcount" }) {
        QCommandLineOption option(QLatin1String(qtOption), QString(), QStringLiteral("value"));
        if (QByteArrayView(qtOption) == "reverse" || QByteArrayView(qtOption) == "widgetcount")
            option = QCommandLineOption(QLatin1String(qtOption), QString());
        option.setFlags(QCommandLineOption::HiddenFromHelp);
        parser.addOption(option);
    }

    if (!parser.parse(arguments)) {
        QString problem = parser.errorText();
        if (problem.endsWith(QLatin1Char('.')))
            problem.chop(1);
        printError(problem
            + QCoreApplication::translate("main", ". Run 'frontline --help' for the options."));
        return ExitBadConfiguration;
    }
    const bool agentCommand = parser.positionalArguments().value(0) == QLatin1String("agent");
    const bool knowledgeCommand = parser.positionalArguments().value(0) == QLatin1String("kb");
    const bool consoleWindow = !agentCommand && !knowledgeCommand && !parser.isSet(headless)
        && !parser.isSet(printConfig) && !parser.isSet(QStringLiteral("help"))
        && !parser.isSet(QStringLiteral("version")) && !parser.isSet(QStringLiteral("help-all"));
    if (consoleWindow && !qobject_cast<QApplication *>(app.get())) {
        printError(QCoreApplication::translate("main",
            "No display found for the console window. Run "
            "'frontline --headless' to serve without a window, or set "
            "DISPLAY."));
        return ExitBadConfiguration;
    }

    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s\n%s", qUtf8Printable(parser.helpText()), qUtf8Printable(environmentHelp()));
        return 0;
    }
    // QCommandLineParser prints the help with Qt's options only from process(), which parses
    // the same arguments again and exits here.
    if (parser.isSet(QStringLiteral("help-all")))
        parser.process(*app);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!agentCommand && (parser.isSet(admin) || parser.isSet(displayName))) {
        printError(QCoreApplication::translate(
            "main", "--admin and --display-name go with 'frontline agent add NAME'."));
        return ExitBadConfiguration;
    }
    if (!parser.positionalArguments().isEmpty() && !agentCommand && !knowledgeCommand) {
        printError(QCoreApplication::translate("main",
            "Unexpected argument \"%1\". Run 'frontline --help' for the "
            "options.")
                       .arg(parser.positionalArguments().constFirst()));
        return ExitBadConfiguration;
    }

    QHash<QString, QString> commandLine;
    for (const QCommandLineOption *option : { &listen, &database, &dataDir, &rateLimits,
             &trustedProxies, &corsOrigins, &frameAncestors, &tlsCertificate, &tlsKey }) {
        if (parser.isSet(*option))
            commandLine.insert(option->names().constFirst(), parser.value(*option));
    }
    const QString settingsPath
        = parser.isSet(config) ? parser.value(config) : qEnvironmentVariable("FRONTLINE_CONFIG");
    // The usual file may be missing (a first run), and so may FRONTLINE_CONFIG's (the systemd
    // unit names /etc/frontline/frontline.conf, which the package does not install); a file
    // named on the command line must be there, or a typo in its name would run on defaults.
    if (parser.isSet(config) && !QFileInfo(settingsPath).isFile()) {
        printError(
            QCoreApplication::translate("main",
                "The settings file %1 (from --config) does not exist. "
                "Check its name, or leave --config out to use %2.")
                .arg(QDir::current().absoluteFilePath(settingsPath), QSettings().fileName()));
        return ExitBadConfiguration;
    }
    const std::unique_ptr<QSettings> settingsFile = openSettingsFile(settingsPath);
    // The language chosen in the console's settings, if any, over the system's.
    if (const QString language = ui::ConsoleSettings(*settingsFile).language(); !language.isEmpty())
        installTranslations(language);
    const Configuration configuration(
        commandLine, QProcessEnvironment::systemEnvironment(), settingsFile.get());

    if (parser.isSet(printConfig)) {
        std::printf(
            "%s\n", qUtf8Printable(configurationReport(configuration, settingsFile->fileName())));
        std::fflush(stdout);
    }
    QString error;
    const std::optional<ServerOptions> options = ServerOptions::resolve(configuration, &error);
    if (!options) {
        printError(error);
        return ExitBadConfiguration;
    }
    if (parser.isSet(printConfig))
        return 0;
    if (agentCommand)
        return runAgentCommand(*options, parser.positionalArguments().mid(1), parser.isSet(admin),
            parser.value(displayName));
    if (knowledgeCommand)
        return runKnowledgeCommand(*options, parser.positionalArguments().mid(1));
    if (parser.isSet(demo) && !parser.isSet(connect) && !loadDemoKnowledgeBase(*options, false))
        return ExitBadConfiguration;
    if (parser.isSet(headless))
        return runHeadless(*options);
    // Only when FRONTLINE_EVENT_LOOP_LAG_REPORT names a file (bench/run sets it).
    const std::unique_ptr<ui::EventLoopLagReport> lagReport
        = ui::EventLoopLagReport::fromEnvironment();
    const QUrl remote = parser.isSet(connect) ? QUrl(parser.value(connect))
                                              : ui::ConsoleSettings(*settingsFile).remoteServer();
    if (!remote.isEmpty()) {
        if (!remote.isValid()
            || (remote.scheme() != QLatin1String("http")
                && remote.scheme() != QLatin1String("https"))) {
            printError(QCoreApplication::translate(
                "main", "--connect needs the server as http(s)://HOST:PORT, not \"%1\".")
                           .arg(remote.toString()));
            return ExitBadConfiguration;
        }
        createPrivateSettingsFile(*settingsFile);
        return runRemoteConsole(*settingsFile, remote);
    }
    createPrivateSettingsFile(*settingsFile);
    // The all-in-one console's first run: a knowledge base to try the assistant with (once:
    // an administrator who empties it later keeps it empty).
    const QString demoOffered = QStringLiteral("console/demoKnowledgeLoaded");
    if (!settingsFile->value(demoOffered).toBool() && !parser.isSet(demo)) {
        if (loadDemoKnowledgeBase(*options, true))
            settingsFile->setValue(demoOffered, true);
    }
    return runConsole(*options, *settingsFile);
}
