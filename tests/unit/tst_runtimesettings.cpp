// SPDX-License-Identifier: GPL-3.0-or-later
// The runtime settings service on its own: typed keys and their stored names, validation,
// what is stored, audited and announced, what wins at start, and following another node.
// Over a backend on SQLite (the agent API's settings route is tested in tst_agentapi).

#include "assistant/assistantrouter.h"
#include "server/backend.h"
#include "settings/runtimesettings.h"
#include "store/store.h"
#include "testdatabases.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

class TestRuntimeSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        ServerOptions options = m_databases.serverOptions(QStringLiteral("sqlite"));
        // A provider key: mock mode can be left. Nothing listens there; the health check fails.
        options.openAi.apiKey = QStringLiteral("sk-test");
        options.openAi.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9/v1"));
        options.mockMode = true;
        m_options = options;
        m_backend = std::make_unique<Backend>(options);
        QVERIFY2(m_backend->start(), qPrintable(m_backend->errorString()));
    }
    void cleanup() { m_backend.reset(); }

    void namesEveryKeyAsItIsStored()
    {
        const QList<std::pair<SettingKey, QString>> names {
            { SettingKey::MockMode, QStringLiteral("assistant/mockMode") },
            { SettingKey::RateLimits, QStringLiteral("rateLimits/policy") },
            { SettingKey::ProviderBaseUrl, QStringLiteral("provider/baseUrl") },
            { SettingKey::ProviderModel, QStringLiteral("provider/model") },
            { SettingKey::ProviderSystemPrompt, QStringLiteral("provider/systemPrompt") },
            { SettingKey::AdministratorName, QStringLiteral("administrator/displayName") },
            { SettingKey::AutoAssignment, QStringLiteral("assignment/policy") },
            { SettingKey::BusinessHours, QStringLiteral("hours/business") },
            { SettingKey::AssistantState, QStringLiteral("assistant/state") },
        };
        for (const auto &[key, name] : names) {
            QCOMPARE(settingName(key), name);
            QCOMPARE(settingKeyNamed(name), std::optional<SettingKey>(key));
        }
        QCOMPARE(settingKeyNamed(QStringLiteral("assistant/unknown")), std::nullopt);
    }

    void refusesBadValuesSayingWhatAGoodOneIs()
    {
        QString problem;
        QCOMPARE(RuntimeSettings::parseProviderModel(QStringLiteral("  gpt-4o  "), &problem),
            std::optional<QString>(QStringLiteral("gpt-4o")));
        QCOMPARE(
            RuntimeSettings::parseProviderModel(QStringLiteral("   "), &problem), std::nullopt);
        QVERIFY2(problem.contains(QLatin1String("1 to 200 characters")), qPrintable(problem));
        QCOMPARE(
            RuntimeSettings::parseProviderSystemPrompt(QString(8001, QLatin1Char('x')), &problem),
            std::nullopt);
        QVERIFY2(problem.contains(QLatin1String("8,000")), qPrintable(problem));
        QCOMPARE(RuntimeSettings::parseProviderBaseUrl(QStringLiteral("ftp://x"), &problem),
            std::nullopt);
        QVERIFY2(problem.contains(QLatin1String("https://api.openai.com/v1")), qPrintable(problem));
        QCOMPARE(RuntimeSettings::parseRateLimits(QStringLiteral("message=ten"), &problem),
            std::nullopt);
        // The wrong item, and one example: not two (the dialog showed two).
        QVERIFY2(problem.contains(QLatin1String("\"message=ten\"")), qPrintable(problem));
        QCOMPARE(problem.count(QLatin1String("message=10/60")), 1);
        QVERIFY(RuntimeSettings::parseRateLimits(QStringLiteral("off"), &problem));
    }

    void takesAnAdministratorsNameOfOneVisibleLine()
    {
        QString problem;
        QCOMPARE(RuntimeSettings::parseAdministratorName(QStringLiteral("  Équipe  "), &problem),
            std::optional<QString>(QStringLiteral("Équipe")));
        QCOMPARE(RuntimeSettings::parseAdministratorName(QString(), &problem),
            std::optional<QString>(QString())); // the default
        QCOMPARE(RuntimeSettings::parseAdministratorName(QString(60, QLatin1Char('x')), &problem),
            std::optional<QString>(QString(60, QLatin1Char('x'))));
        QCOMPARE(RuntimeSettings::parseAdministratorName(QString(61, QLatin1Char('x')), &problem),
            std::nullopt);
        QVERIFY2(problem.contains(QLatin1String("at most 60")), qPrintable(problem));
        QCOMPARE(RuntimeSettings::parseAdministratorName(QStringLiteral("  \t "), &problem),
            std::nullopt);
        QVERIFY2(problem.contains(QLatin1String("only spaces")), qPrintable(problem));
        for (const QString &hidden : { QStringLiteral("a\nb"), QStringLiteral("a\u0007b"),
                 QStringLiteral("a\u200Eb"), QStringLiteral("a\u2028b") }) {
            QCOMPARE(RuntimeSettings::parseAdministratorName(hidden, &problem), std::nullopt);
            QVERIFY2(problem.contains(QLatin1String("control characters")), qPrintable(problem));
        }
    }

    void namesTheAdministratorInTheCustomersLanguageUnlessSet()
    {
        RuntimeSettings &settings = *m_backend->settings();
        QCOMPARE(
            settings.administratorNameFor(QStringLiteral("fr")), QStringLiteral("Service client"));
        QCOMPARE(settings.administratorNameFor(QStringLiteral("en-GB")), QStringLiteral("Support"));
        SettingsChange change;
        change.administratorName = QStringLiteral("Frontline");
        bool applied = false;
        QVERIFY(!settings.apply(
            change, QStringLiteral("admin"), [&applied] { applied = true; },
            [](const std::exception_ptr &) { QFAIL("the change was not stored"); }));
        QTRY_VERIFY(applied);
        QCOMPARE(settings.administratorNameFor(QStringLiteral("fr")), QStringLiteral("Frontline"));
        QCOMPARE(m_backend->store()->setting(QStringLiteral("administrator/displayName")),
            QStringLiteral("Frontline"));
        // Taken up again at the next start; one stored that is not valid is ignored.
        const RuntimeSettingsLaunch launch { .values = {},
            .fixed = {},
            .providerOrigins = ProviderOrigins(m_options.openAi.baseUrl, {}) };
        QCOMPARE(RuntimeSettings::load(*m_backend->store(), launch).administratorName,
            QStringLiteral("Frontline"));
        m_backend->store()->setSetting(
            QStringLiteral("administrator/displayName"), QStringLiteral("two\nlines"));
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(QStringLiteral("Ignoring the stored administrator's name")));
        QCOMPARE(RuntimeSettings::load(*m_backend->store(), launch).administratorName, QString());
    }

    void storesAuditsAndAnnouncesEachChange()
    {
        RuntimeSettings &settings = *m_backend->settings();
        QSignalSpy changed(&settings, &RuntimeSettings::changed);
        QSignalSpy rateLimits(&settings, &RuntimeSettings::rateLimitsChanged);
        QSignalSpy provider(&settings, &RuntimeSettings::providerChanged);
        QSignalSpy mockMode(&settings, &RuntimeSettings::mockModeChanged);
        SettingsChange change;
        change.mockMode = false;
        change.rateLimits = RateLimitPolicy::off();
        change.provider.model = QStringLiteral("llama3");
        bool applied = false;
        QCOMPARE(settings
                     .apply(
                         change, QStringLiteral("marie"), [&applied] { applied = true; },
                         [](const std::exception_ptr &) { QFAIL("the change was not stored"); })
                     .has_value(),
            false);
        QCOMPARE(changed.size(), 0); // made once it is stored, on the store workers
        QTRY_VERIFY(applied);
        // The provider's failed health check (nothing listens there) may be announced meanwhile.
        changed.removeIf([](const QList<QVariant> &signal) {
            return signal.at(0).value<SettingKey>() == SettingKey::AssistantState;
        });

        QCOMPARE(settings.values().mockMode, false);
        QCOMPARE(m_backend->assistant()->mockMode(), false); // the assistant follows
        QCOMPARE(settings.values().rateLimits.toString(), RateLimitPolicy::off().toString());
        QCOMPARE(settings.values().providerModel, QStringLiteral("llama3"));
        QCOMPARE(mockMode.size(), 1);
        QCOMPARE(rateLimits.size(), 1);
        QCOMPARE(provider.size(), 1);
        QCOMPARE(provider.first().at(1).toString(), QStringLiteral("llama3"));
        QCOMPARE(changed.size(), 3);
        QCOMPARE(changed.at(0).at(0).value<SettingKey>(), SettingKey::MockMode);
        QCOMPARE(changed.at(0).at(1).toString(), QStringLiteral("false"));
        QCOMPARE(changed.at(2).at(0).value<SettingKey>(), SettingKey::ProviderModel);
        QCOMPARE(changed.at(2).at(2).toString(), QStringLiteral("marie"));

        Store &store = *m_backend->store();
        QCOMPARE(store.setting(QStringLiteral("assistant/mockMode")), QStringLiteral("false"));
        QCOMPARE(
            store.setting(QStringLiteral("rateLimits/policy")), RateLimitPolicy::off().toString());
        QCOMPARE(store.setting(QStringLiteral("provider/model")), QStringLiteral("llama3"));
        const QList<AuditEntry> audit = store.auditEntries(10, 0);
        QCOMPARE(audit.size(), 3);
        QCOMPARE(audit.first().action, QStringLiteral("settings.provider")); // newest first
        QCOMPARE(audit.first().actor, QStringLiteral("marie"));
    }

    void refusesAWholeChangeWhenAPartIsRefused()
    {
        m_backend.reset();
        m_options.mockForced = true; // CHAT_MOCK_MODE=true
        m_backend = std::make_unique<Backend>(m_options);
        QVERIFY2(m_backend->start(), qPrintable(m_backend->errorString()));
        RuntimeSettings &settings = *m_backend->settings();
        QSignalSpy changed(&settings, &RuntimeSettings::changed);
        SettingsChange change;
        change.rateLimits = RateLimitPolicy::off();
        change.mockMode = false;
        const auto refusal = settings.apply(
            change, QStringLiteral("marie"), [] { QFAIL("a refused change was made"); },
            [](const std::exception_ptr &) { QFAIL("a refused change was written"); });
        QVERIFY(refusal);
        QCOMPARE(refusal->reason, SettingsRefusal::Reason::MockModeForced);
        QVERIFY2(refusal->message.contains(QLatin1String("CHAT_MOCK_MODE")),
            qPrintable(refusal->message));
        QCOMPARE(changed.size(), 0);
        QCOMPARE(m_backend->store()->setting(QStringLiteral("rateLimits/policy")), std::nullopt);

        SettingsChange elsewhere;
        elsewhere.provider.baseUrl = QUrl(QStringLiteral("https://elsewhere.example/v1"));
        const auto origin = settings.check(elsewhere);
        QVERIFY(origin);
        QCOMPARE(origin->reason, SettingsRefusal::Reason::ProviderOriginNotAllowed);
    }

    void storedValuesWinUnlessTheLaunchFixesThem()
    {
        Store &store = *m_backend->store();
        store.setSetting(QStringLiteral("rateLimits/policy"), QStringLiteral("off"));
        store.setSetting(QStringLiteral("provider/model"), QStringLiteral("stored-model"));
        store.setSetting(
            QStringLiteral("provider/baseUrl"), QStringLiteral("https://evil.example/v1"));
        RuntimeSettingsLaunch launch { .values = { .mockMode = true,
                                           .rateLimits = RateLimitPolicy::defaults(),
                                           .providerBaseUrl = m_options.openAi.baseUrl,
                                           .providerModel = QStringLiteral("launch-model"),
                                           .providerSystemPrompt = QStringLiteral("Be kind.") },
            .fixed = {},
            .providerOrigins = ProviderOrigins(m_options.openAi.baseUrl, {}) };
        // Each load says why it ignores the stored URL.
        const QRegularExpression ignored(QStringLiteral("Ignoring the stored AI provider URL"));
        QTest::ignoreMessage(QtWarningMsg, ignored);
        QTest::ignoreMessage(QtWarningMsg, ignored);
        RuntimeSettingsValues values = RuntimeSettings::load(store, launch);
        QCOMPARE(values.rateLimits.toString(), RateLimitPolicy::off().toString());
        QCOMPARE(values.providerModel, QStringLiteral("stored-model"));
        // A stored URL the key may not go to is ignored.
        QCOMPARE(values.providerBaseUrl, m_options.openAi.baseUrl);

        launch.fixed = { SettingKey::RateLimits, SettingKey::ProviderModel };
        values = RuntimeSettings::load(store, launch);
        QCOMPARE(values.rateLimits.toString(), RateLimitPolicy::defaults().toString());
        QCOMPARE(values.providerModel, QStringLiteral("launch-model"));
    }

    // Issue 20, point 1: the team's hours, stored, audited, announced, kept across a restart
    // and followed from another node.
    void keepsBusinessHours()
    {
        RuntimeSettings &settings = *m_backend->settings();
        QVERIFY(!settings.values().businessHours.enabled); // off by default: always open
        QSignalSpy hoursChanged(&settings, &RuntimeSettings::businessHoursChanged);
        QString field;
        QString problem;
        const auto paris = BusinessHours::parse(
            QJsonDocument::fromJson(R"({"enabled": true, "timeZone": "Europe/Paris",
                "weekly": {"mon": [["09:00", "17:00"]]}, "closedDays": ["2027-01-01"]})")
                .object(),
            settings.values().businessHours, &field, &problem);
        QVERIFY2(paris, qPrintable(problem));
        SettingsChange change;
        change.businessHours = paris;
        bool applied = false;
        QVERIFY(!settings
                     .apply(
                         change, QStringLiteral("ada"), [&applied] { applied = true; },
                         [](const std::exception_ptr &) { QFAIL("the change was not stored"); })
                     .has_value());
        QTRY_VERIFY(applied);
        QCOMPARE(settings.values().businessHours, *paris);
        QCOMPARE(hoursChanged.size(), 1);
        QCOMPARE(m_backend->store()->setting(QStringLiteral("hours/business")), paris->toString());
        QCOMPARE(m_backend->store()->auditEntries(1, 0).first().action,
            QStringLiteral("settings.businessHours"));

        // Read again at the next start.
        m_backend.reset();
        m_backend = std::make_unique<Backend>(m_options);
        QVERIFY2(m_backend->start(), qPrintable(m_backend->errorString()));
        QCOMPARE(m_backend->settings()->values().businessHours, *paris);

        // Another node's schedule is followed; one this version cannot read is not.
        BusinessHours newYork = *paris;
        newYork.timeZone = QStringLiteral("America/New_York");
        m_backend->settings()->followAnotherNode(
            QStringLiteral("hours/business"), newYork.toString());
        QCOMPARE(m_backend->settings()->values().businessHours, newYork);
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(QStringLiteral("Ignoring the business hours .* of another node")));
        m_backend->settings()->followAnotherNode(
            QStringLiteral("hours/business"), QStringLiteral("{\"timeZone\": \"Nowhere\"}"));
        QCOMPARE(m_backend->settings()->values().businessHours, newYork);
    }

    void followsAnotherNodeWhenItCan()
    {
        RuntimeSettings &settings = *m_backend->settings();
        QSignalSpy changed(&settings, &RuntimeSettings::changed);
        QSignalSpy rateLimits(&settings, &RuntimeSettings::rateLimitsChanged);
        settings.followAnotherNode(QStringLiteral("rateLimits/policy"), QStringLiteral("off"));
        QCOMPARE(rateLimits.size(), 1);
        QCOMPARE(settings.values().rateLimits.toString(), RateLimitPolicy::off().toString());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().at(2).toString(), QStringLiteral("another node"));

        // Not valid here: nothing changes, nothing is announced.
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(QStringLiteral("Ignoring the rate limits \"ten\" of another node")));
        settings.followAnotherNode(QStringLiteral("rateLimits/policy"), QStringLiteral("ten"));
        settings.followAnotherNode(QStringLiteral("assistant/unknown"), QStringLiteral("1"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(settings.values().rateLimits.toString(), RateLimitPolicy::off().toString());

        settings.followAnotherNode(QStringLiteral("assistant/mockMode"), QStringLiteral("false"));
        QCOMPARE(settings.values().mockMode, false);
        QCOMPARE(m_backend->assistant()->mockMode(), false);

        settings.followAnotherNode(
            QStringLiteral("administrator/displayName"), QStringLiteral("Help desk"));
        QCOMPARE(settings.administratorNameFor(QStringLiteral("fr")), QStringLiteral("Help desk"));
        QCOMPARE(changed.constLast().at(0).value<SettingKey>(), SettingKey::AdministratorName);
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(
                QStringLiteral("Ignoring the administrator's name .* of another node")));
        settings.followAnotherNode(
            QStringLiteral("administrator/displayName"), QString(61, QLatin1Char('x')));
        QCOMPARE(settings.administratorNameFor(QStringLiteral("fr")), QStringLiteral("Help desk"));
        settings.followAnotherNode(QStringLiteral("administrator/displayName"), QString());
        QCOMPARE(
            settings.administratorNameFor(QStringLiteral("fr")), QStringLiteral("Service client"));
    }

private:
    TestDatabases m_databases;
    ServerOptions m_options;
    std::unique_ptr<Backend> m_backend;
};

QTEST_GUILESS_MAIN(TestRuntimeSettings)
#include "tst_runtimesettings.moc"
