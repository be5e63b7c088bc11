// SPDX-License-Identifier: GPL-3.0-or-later
#include "runtimesettings.h"

#include "assistant/assistantrouter.h"
#include "core/logging.h"
#include "domain/customertexts.h"
#include "domain/displayname.h"
#include "store/store.h"

#include <QCoreApplication>

namespace frontline {

namespace {

constexpr qsizetype MaxModelLength = 200;
constexpr qsizetype MaxSystemPromptLength = 8000;

QString boolText(bool value)
{
    return value ? QStringLiteral("true") : QStringLiteral("false");
}

// Trimmed, 1 to `maxLength` characters.
std::optional<QString> boundedText(
    const QString &text, qsizetype maxLength, const QString &problemText, QString *problem)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > maxLength) {
        *problem = problemText;
        return std::nullopt;
    }
    return trimmed;
}

} // namespace

RuntimeSettingsValues RuntimeSettings::load(Store &store, const RuntimeSettingsLaunch &launch)
{
    RuntimeSettingsValues values = launch.values;
    const auto stored = [&](SettingKey key) -> std::optional<QString> {
        if (launch.fixed.contains(key))
            return std::nullopt;
        return store.setting(settingName(key));
    };
    if (const auto saved = stored(SettingKey::RateLimits)) {
        QString problem;
        if (const auto policy = RateLimitPolicy::parse(*saved, &problem))
            values.rateLimits = *policy;
        else
            qCWarning(lcBackend, "Ignoring the stored rate limits \"%s\": %s",
                qUtf8Printable(*saved), qUtf8Printable(problem));
    }
    for (const SettingKey key : { SettingKey::ProviderBaseUrl, SettingKey::ProviderModel,
             SettingKey::ProviderSystemPrompt }) {
        if (const auto saved = stored(key))
            takeProviderSetting(values, key, *saved, launch.providerOrigins);
    }
    if (const auto saved = stored(SettingKey::MockMode))
        values.mockMode = *saved == QLatin1String("true");
    if (const auto saved = stored(SettingKey::AdministratorName)) {
        QString problem;
        if (const auto name = parseAdministratorName(*saved, &problem))
            values.administratorName = *name;
        else
            qCWarning(lcBackend, "Ignoring the stored administrator's name \"%s\": it %s",
                qUtf8Printable(*saved), qUtf8Printable(problem));
    }
    if (const auto saved = stored(SettingKey::AutoAssignment)) {
        if (const auto policy = AutoAssignmentPolicy::fromString(*saved))
            values.autoAssignment = *policy;
        else
            qCWarning(
                lcBackend, "Ignoring the stored auto-assignment \"%s\"", qUtf8Printable(*saved));
    }
    if (const auto saved = stored(SettingKey::BusinessHours)) {
        if (const auto hours = BusinessHours::fromString(*saved))
            values.businessHours = *hours;
        else
            qCWarning(
                lcBackend, "Ignoring the stored business hours \"%s\"", qUtf8Printable(*saved));
    }
    if (const auto saved = stored(SettingKey::PreChatForm)) {
        if (const auto form = PreChatForm::fromString(*saved))
            values.preChat = *form;
        else
            qCWarning(
                lcBackend, "Ignoring the stored pre-chat form \"%s\"", qUtf8Printable(*saved));
    }
    return values;
}

RuntimeSettings::RuntimeSettings(StoreWorkers &store, const AssistantRouter &assistant,
    ProviderOrigins providerOrigins, RuntimeSettingsValues values, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_assistant(assistant)
    , m_providerOrigins(std::move(providerOrigins))
    , m_values(std::move(values))
{
    // Without a provider, mock mode is the only mode whatever was stored.
    m_values.mockMode = m_assistant.mockMode();
    if (OpenAiAssistant *provider = m_assistant.provider()) {
        // Consoles show the provider's state: tell them when it changes (a revoked key...).
        connect(provider, &OpenAiAssistant::healthChanged, this, [this] {
            Q_EMIT changed(SettingKey::AssistantState, assistantState(), QStringLiteral("system"));
        });
    }
}

std::optional<QUrl> RuntimeSettings::parseProviderBaseUrl(const QString &text, QString *problem)
{
    const auto url = frontline::parseProviderBaseUrl(text);
    if (!url)
        *problem = QCoreApplication::translate("RuntimeSettings",
            "must be the API's base URL, such as https://api.openai.com/v1 or "
            "http://localhost:11434/v1.");
    return url;
}

std::optional<QString> RuntimeSettings::parseProviderModel(const QString &text, QString *problem)
{
    return boundedText(text, MaxModelLength,
        QCoreApplication::translate(
            "RuntimeSettings", "must be a model name of 1 to 200 characters."),
        problem);
}

std::optional<QString> RuntimeSettings::parseProviderSystemPrompt(
    const QString &text, QString *problem)
{
    return boundedText(text, MaxSystemPromptLength,
        QCoreApplication::translate("RuntimeSettings", "must be 1 to 8,000 characters."), problem);
}

std::optional<RateLimitPolicy> RuntimeSettings::parseRateLimits(
    const QString &text, QString *problem)
{
    // The parser's sentence names the wrong item and already gives an example.
    return RateLimitPolicy::parse(text, problem);
}

std::optional<QString> RuntimeSettings::parseAdministratorName(
    const QString &text, QString *problem)
{
    if (text.isEmpty())
        return QString(); // the default, in each customer's language
    if (text.trimmed().isEmpty()) {
        *problem = QCoreApplication::translate("RuntimeSettings",
            "must not be only spaces: type a name, or send \"\" to show customers the default "
            "(\"Support\" in their language).");
        return std::nullopt;
    }
    // Otherwise the rule of every name customers read, agents' display names included.
    return displayname::parse(text, problem);
}

QString RuntimeSettings::rateLimitsExample()
{
    return QCoreApplication::translate(
        "RuntimeSettings", " Example: \"message=10/60,history=100/60\", or \"off\".");
}

bool RuntimeSettings::canLeaveMockMode() const
{
    return m_assistant.canLeaveMockMode();
}

QString RuntimeSettings::assistantState() const
{
    return m_assistant.state();
}

QString RuntimeSettings::administratorNameFor(const QString &locale) const
{
    return m_values.administratorName.isEmpty() ? customertexts::administratorName(locale)
                                                : m_values.administratorName;
}

std::optional<SettingsRefusal> RuntimeSettings::check(const SettingsChange &change) const
{
    if (change.provider.baseUrl && !m_providerOrigins.allows(*change.provider.baseUrl))
        return SettingsRefusal { SettingsRefusal::Reason::ProviderOriginNotAllowed,
            m_providerOrigins.refusal(*change.provider.baseUrl) };
    if (change.mockMode && !*change.mockMode && !canLeaveMockMode())
        return SettingsRefusal { SettingsRefusal::Reason::MockModeForced,
            QCoreApplication::translate("RuntimeSettings",
                "Mock mode cannot be left: no AI provider key is set, or CHAT_MOCK_MODE=true "
                "forces it.") };
    return std::nullopt;
}

std::optional<SettingsRefusal> RuntimeSettings::apply(const SettingsChange &change,
    const QString &actor, std::function<void()> done, StoreFailure failed)
{
    if (auto refusal = check(change))
        return refusal;
    // Each setting as stored, and its audit entry, in the order they are made.
    QList<std::pair<QString, QString>> stored;
    QList<AuditEntry> audit;
    if (change.mockMode) {
        const QString name = settingName(SettingKey::MockMode);
        stored.append({ name, boolText(*change.mockMode) });
        audit.append({ .actor = actor,
            .action = QStringLiteral("settings.mockMode"),
            .target = name,
            .detail = *change.mockMode ? QStringLiteral("on") : QStringLiteral("off") });
    }
    if (change.rateLimits) {
        const QString name = settingName(SettingKey::RateLimits);
        stored.append({ name, change.rateLimits->toString() });
        audit.append({ .actor = actor,
            .action = QStringLiteral("settings.rateLimits"),
            .target = name,
            .detail = change.rateLimits->toString() });
    }
    QList<std::pair<SettingKey, QString>> provider;
    if (change.provider.baseUrl)
        provider.append({ SettingKey::ProviderBaseUrl, change.provider.baseUrl->toString() });
    if (change.provider.model)
        provider.append({ SettingKey::ProviderModel, *change.provider.model });
    if (change.provider.systemPrompt)
        provider.append({ SettingKey::ProviderSystemPrompt, *change.provider.systemPrompt });
    for (const auto &[key, value] : std::as_const(provider)) {
        const QString name = settingName(key);
        stored.append({ name, value });
        audit.append({ .actor = actor,
            .action = QStringLiteral("settings.provider"),
            .target = name,
            // The prompt may be long, and is the operator's text: its size says enough.
            .detail = key == SettingKey::ProviderSystemPrompt
                ? QStringLiteral("%1 characters").arg(value.size())
                : value });
    }
    if (change.administratorName) {
        const QString name = settingName(SettingKey::AdministratorName);
        stored.append({ name, *change.administratorName });
        audit.append({ .actor = actor,
            .action = QStringLiteral("settings.administratorName"),
            .target = name,
            .detail = change.administratorName->isEmpty() ? QStringLiteral("(default)")
                                                          : *change.administratorName });
    }
    if (change.autoAssignment) {
        const QString name = settingName(SettingKey::AutoAssignment);
        stored.append({ name, change.autoAssignment->toString() });
        audit.append({ .actor = actor,
            .action = QStringLiteral("settings.autoAssignment"),
            .target = name,
            .detail = change.autoAssignment->toString() });
    }
    if (change.businessHours) {
        const QString name = settingName(SettingKey::BusinessHours);
        stored.append({ name, change.businessHours->toString() });
        audit.append({ .actor = actor,
            .action = QStringLiteral("settings.businessHours"),
            .target = name,
            .detail = change.businessHours->toString() });
    }
    if (change.preChat) {
        const QString name = settingName(SettingKey::PreChatForm);
        stored.append({ name, change.preChat->toString() });
        audit.append({ .actor = actor,
            .action = QStringLiteral("settings.preChat"),
            .target = name,
            .detail = change.preChat->toString() });
    }
    // Stored first (where it reaches the other nodes), then followed here: this node never runs
    // with a setting the database does not have.
    m_store.write(
        this,
        [stored, audit](Store &store) {
            for (qsizetype i = 0; i < stored.size(); ++i) {
                store.setSetting(stored.at(i).first, stored.at(i).second);
                store.appendAudit(audit.at(i));
            }
        },
        [this, change, provider, actor, done] {
            if (change.mockMode)
                setMockMode(*change.mockMode, actor);
            if (change.rateLimits)
                setRateLimits(*change.rateLimits, actor);
            if (!provider.isEmpty())
                setProvider(provider, actor);
            if (change.administratorName)
                setAdministratorName(*change.administratorName, actor);
            if (change.autoAssignment)
                setAutoAssignment(*change.autoAssignment, actor);
            if (change.businessHours)
                setBusinessHours(*change.businessHours, actor);
            if (change.preChat)
                setPreChat(*change.preChat, actor);
            done();
        },
        std::move(failed));
    return std::nullopt;
}

void RuntimeSettings::setMockMode(bool mockMode, const QString &actor)
{
    m_values.mockMode = mockMode;
    Q_EMIT mockModeChanged(mockMode);
    qCInfo(lcBackend, "Mock mode %s by %s", mockMode ? "on" : "off", qUtf8Printable(actor));
    Q_EMIT changed(SettingKey::MockMode, boolText(mockMode), actor);
}

void RuntimeSettings::setRateLimits(const RateLimitPolicy &policy, const QString &actor)
{
    const QString text = policy.toString();
    m_values.rateLimits = policy;
    Q_EMIT rateLimitsChanged(policy);
    qCInfo(lcBackend, "Rate limits set to %s by %s", qUtf8Printable(text), qUtf8Printable(actor));
    Q_EMIT changed(SettingKey::RateLimits, text, actor);
}

void RuntimeSettings::setProvider(
    const QList<std::pair<SettingKey, QString>> &changes, const QString &actor)
{
    for (const auto &[key, value] : changes) {
        takeProviderSetting(m_values, key, value, m_providerOrigins);
        qCInfo(lcBackend, "%s set by %s", qUtf8Printable(settingName(key)), qUtf8Printable(actor));
    }
    announceProvider();
    for (const auto &[key, value] : changes)
        Q_EMIT changed(key, value, actor);
}

void RuntimeSettings::setAdministratorName(const QString &name, const QString &actor)
{
    m_values.administratorName = name;
    qCInfo(lcBackend, "Administrator's name set to \"%s\" by %s", qUtf8Printable(name),
        qUtf8Printable(actor));
    Q_EMIT changed(SettingKey::AdministratorName, name, actor);
}

void RuntimeSettings::setAutoAssignment(const AutoAssignmentPolicy &policy, const QString &actor)
{
    m_values.autoAssignment = policy;
    Q_EMIT autoAssignmentChanged(policy);
    qCInfo(lcBackend, "Auto-assignment set to %s by %s", qUtf8Printable(policy.toString()),
        qUtf8Printable(actor));
    Q_EMIT changed(SettingKey::AutoAssignment, policy.toString(), actor);
}

void RuntimeSettings::setBusinessHours(const BusinessHours &hours, const QString &actor)
{
    m_values.businessHours = hours;
    Q_EMIT businessHoursChanged(hours);
    qCInfo(lcBackend, "Business hours set to %s by %s", qUtf8Printable(hours.toString()),
        qUtf8Printable(actor));
    Q_EMIT changed(SettingKey::BusinessHours, hours.toString(), actor);
}

void RuntimeSettings::setPreChat(const PreChatForm &form, const QString &actor)
{
    m_values.preChat = form;
    Q_EMIT preChatChanged(form);
    qCInfo(lcBackend, "Pre-chat form set to %s by %s", qUtf8Printable(form.toString()),
        qUtf8Printable(actor));
    Q_EMIT changed(SettingKey::PreChatForm, form.toString(), actor);
}

void RuntimeSettings::announceProvider()
{
    Q_EMIT providerChanged(
        m_values.providerBaseUrl, m_values.providerModel, m_values.providerSystemPrompt);
}

bool RuntimeSettings::takeProviderSetting(RuntimeSettingsValues &values, SettingKey key,
    const QString &value, const ProviderOrigins &origins)
{
    switch (key) {
    case SettingKey::ProviderBaseUrl: {
        const auto url = frontline::parseProviderBaseUrl(value);
        if (!url) {
            qCWarning(
                lcBackend, "Ignoring the stored AI provider URL \"%s\"", qUtf8Printable(value));
            return false;
        }
        if (!origins.allows(*url)) {
            qCWarning(lcBackend, "Ignoring the stored AI provider URL: %s",
                qUtf8Printable(origins.refusal(*url)));
            return false;
        }
        values.providerBaseUrl = *url;
        return true;
    }
    case SettingKey::ProviderModel:
        values.providerModel = value;
        return true;
    case SettingKey::ProviderSystemPrompt:
        values.providerSystemPrompt = value;
        return true;
    case SettingKey::MockMode:
    case SettingKey::RateLimits:
    case SettingKey::AdministratorName:
    case SettingKey::AutoAssignment:
    case SettingKey::BusinessHours:
    case SettingKey::PreChatForm:
    case SettingKey::AssistantState:
        break;
    }
    return false;
}

void RuntimeSettings::followAnotherNode(const QString &name, const QString &value)
{
    const auto key = settingKeyNamed(name);
    if (!key) {
        qCInfo(lcBackend, "Ignoring the setting %s of another node: this version does not know it",
            qUtf8Printable(name));
        return;
    }
    switch (*key) {
    case SettingKey::MockMode: {
        const bool mockMode = value == QLatin1String("true");
        if (!mockMode && !canLeaveMockMode()) {
            qCWarning(lcBackend,
                "Another node set mock mode %s; this node cannot follow (no API key, or mock mode "
                "forced)",
                qUtf8Printable(value));
            break;
        }
        m_values.mockMode = mockMode;
        Q_EMIT mockModeChanged(mockMode);
        break;
    }
    case SettingKey::RateLimits: {
        QString problem;
        const auto policy = RateLimitPolicy::parse(value, &problem);
        if (!policy) {
            qCWarning(lcBackend, "Ignoring the rate limits \"%s\" of another node: %s",
                qUtf8Printable(value), qUtf8Printable(problem));
            return;
        }
        m_values.rateLimits = *policy;
        Q_EMIT rateLimitsChanged(*policy);
        break;
    }
    case SettingKey::ProviderBaseUrl:
    case SettingKey::ProviderModel:
    case SettingKey::ProviderSystemPrompt:
        if (takeProviderSetting(m_values, *key, value, m_providerOrigins))
            announceProvider();
        break;
    case SettingKey::AdministratorName: {
        QString problem;
        const auto administratorName = parseAdministratorName(value, &problem);
        if (!administratorName) {
            qCWarning(lcBackend, "Ignoring the administrator's name \"%s\" of another node: it %s",
                qUtf8Printable(value), qUtf8Printable(problem));
            return;
        }
        m_values.administratorName = *administratorName;
        break;
    }
    case SettingKey::AutoAssignment: {
        const auto policy = AutoAssignmentPolicy::fromString(value);
        if (!policy) {
            qCWarning(lcBackend, "Ignoring the auto-assignment \"%s\" of another node",
                qUtf8Printable(value));
            return;
        }
        m_values.autoAssignment = *policy;
        Q_EMIT autoAssignmentChanged(*policy);
        break;
    }
    case SettingKey::BusinessHours: {
        const auto hours = BusinessHours::fromString(value);
        if (!hours) {
            qCWarning(lcBackend, "Ignoring the business hours \"%s\" of another node",
                qUtf8Printable(value));
            return;
        }
        m_values.businessHours = *hours;
        Q_EMIT businessHoursChanged(*hours);
        break;
    }
    case SettingKey::PreChatForm: {
        const auto form = PreChatForm::fromString(value);
        if (!form) {
            qCWarning(lcBackend, "Ignoring the pre-chat form \"%s\" of another node",
                qUtf8Printable(value));
            return;
        }
        m_values.preChat = *form;
        Q_EMIT preChatChanged(*form);
        break;
    }
    case SettingKey::AssistantState:
        break; // each node's own, never stored
    }
    qCInfo(lcBackend, "Setting %s changed on another node", qUtf8Printable(name));
    Q_EMIT changed(*key, value, QStringLiteral("another node"));
}

} // namespace frontline
