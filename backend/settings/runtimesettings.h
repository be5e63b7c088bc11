// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant/openaiassistant.h"
#include "assistant/providerorigins.h"
#include "domain/autoassignment.h"
#include "domain/businesshours.h"
#include "domain/prechatform.h"
#include "security/ratelimiter.h"
#include "settingkey.h"
#include "store/storeworkers.h"

#include <QList>
#include <QObject>
#include <QUrl>

#include <optional>

namespace frontline {

class AssistantRouter;
class Store;

struct RuntimeSettingsValues
{
    bool mockMode = true;
    RateLimitPolicy rateLimits = RateLimitPolicy::defaults();
    QUrl providerBaseUrl;
    QString providerModel;
    QString providerSystemPrompt;
    // The name customers see of the administrator, as set; empty: the default, in each
    // customer's language (see administratorNameFor).
    QString administratorName;
    AutoAssignmentPolicy autoAssignment; // off by default
    BusinessHours businessHours; // off by default: always within hours
    PreChatForm preChat; // off by default: the chat page asks nothing first
};

// The settings as the operator launched the server (command line, environment, settings
// file, defaults).
struct RuntimeSettingsLaunch
{
    RuntimeSettingsValues values;
    // Given on the command line or in the environment (mock mode: forced by
    // CHAT_MOCK_MODE=true): they win over what an administrator stored.
    QList<SettingKey> fixed;
    ProviderOrigins providerOrigins;
};

// What an administrator asks to change, each value already well-formed (see the parse
// functions of RuntimeSettings); what is absent stays.
struct SettingsChange
{
    std::optional<bool> mockMode;
    std::optional<RateLimitPolicy> rateLimits;
    ProviderChange provider;
    std::optional<QString> administratorName; // empty: back to the default
    std::optional<AutoAssignmentPolicy> autoAssignment; // the whole policy as it is to be
    std::optional<BusinessHours> businessHours; // the whole schedule as it is to be
    std::optional<PreChatForm> preChat; // the whole form as it is to be
};

// Why a change was refused; nothing changed then.
struct SettingsRefusal
{
    enum class Reason {
        ProviderOriginNotAllowed, // the provider's key may not go to that URL's origin
        MockModeForced, // no provider key, or CHAT_MOCK_MODE=true
    };
    Reason reason;
    QString message; // a sentence that says what to do
};

// The settings that agents and administrators change while the server runs: mock mode,
// the rate limits, the AI provider's URL, model and prompt, the administrator's name and
// auto-assignment. Each
// change is validated, stored in the database (where it outlives restarts and reaches the other
// nodes), audited, logged and announced: the assistant, the rate limiter and the agents' event
// streams follow the signals below, wired by the backend. Runs on the backend thread.
class RuntimeSettings final : public QObject
{
    Q_OBJECT
public:
    // The values to start with: the launch's, except those stored (by an administrator, another
    // node, an earlier run) where the launch does not fix them. A stored value that is not
    // valid (any more) is logged and ignored. Throws StoreError.
    static RuntimeSettingsValues load(Store &store, const RuntimeSettingsLaunch &launch);

    // `assistant` is the one built from `values`; it follows mockModeChanged() (wired by the
    // caller) and tells whether mock mode can be left and how the provider is.
    // Changes are written by `store`'s writer.
    RuntimeSettings(StoreWorkers &store, const AssistantRouter &assistant,
        ProviderOrigins providerOrigins, RuntimeSettingsValues values, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(RuntimeSettings)

    // Each: the value, or nullopt and in `problem` what a good one looks like (a phrase that
    // follows the setting's name).
    static std::optional<QUrl> parseProviderBaseUrl(const QString &text, QString *problem);
    static std::optional<QString> parseProviderModel(const QString &text, QString *problem);
    static std::optional<QString> parseProviderSystemPrompt(const QString &text, QString *problem);
    static std::optional<RateLimitPolicy> parseRateLimits(const QString &text, QString *problem);
    // Trimmed; "" (the default) stays "". Refused: blank but not empty, control characters,
    // more than displayname::MaxLength characters (displayname::parse, agents' rule too).
    static std::optional<QString> parseAdministratorName(const QString &text, QString *problem);
    // " Example: ...": how rate limits are written, for a problem with them.
    static QString rateLimitsExample();

    const RuntimeSettingsValues &values() const { return m_values; }
    bool canLeaveMockMode() const;
    // "mock" in mock mode, else the provider's health ("ok", "unauthorized", ...).
    QString assistantState() const;
    // The name a customer of `locale` sees of the administrator: the one set, shown as it is,
    // or else the default in their language ("Support", "Service client").
    QString administratorNameFor(const QString &locale) const;

    // Why `change` would be refused, or nullopt.
    std::optional<SettingsRefusal> check(const SettingsChange &change) const;
    // Checks the whole change: a refusal comes back at once, and nothing changes. Otherwise the
    // change is stored and audited on the store workers, then made and announced here before
    // `done`; `failed` gets the StoreError of a database that cannot store it (what was stored
    // of it before then is taken up on the next start, or by the next change).
    std::optional<SettingsRefusal> apply(const SettingsChange &change, const QString &actor,
        std::function<void()> done, StoreFailure failed);

    // Another node stored a setting (`name` as settingName() writes it): this node follows
    // when it can, and announces it either way.
    void followAnotherNode(const QString &name, const QString &value);

Q_SIGNALS:
    void mockModeChanged(bool mockMode);
    void rateLimitsChanged(const frontline::RateLimitPolicy &policy);
    void autoAssignmentChanged(const frontline::AutoAssignmentPolicy &policy);
    void businessHoursChanged(const frontline::BusinessHours &hours);
    void preChatChanged(const frontline::PreChatForm &form);
    void providerChanged(const QUrl &baseUrl, const QString &model, const QString &systemPrompt);
    // Any change, for the agents' consoles: announced with the setting's stored value.
    void changed(frontline::SettingKey key, const QString &value, const QString &actor);

private:
    // Each makes and announces a change once it is stored.
    void setMockMode(bool mockMode, const QString &actor);
    void setRateLimits(const RateLimitPolicy &policy, const QString &actor);
    void setProvider(const QList<std::pair<SettingKey, QString>> &changes, const QString &actor);
    void setAdministratorName(const QString &name, const QString &actor);
    void setAutoAssignment(const AutoAssignmentPolicy &policy, const QString &actor);
    void setBusinessHours(const BusinessHours &hours, const QString &actor);
    void setPreChat(const PreChatForm &form, const QString &actor);
    // Takes one of the provider's settings as stored; false (logged) for a URL that is not
    // valid or whose origin may not receive the key.
    static bool takeProviderSetting(RuntimeSettingsValues &values, SettingKey key,
        const QString &value, const ProviderOrigins &origins);
    void announceProvider();

    StoreWorkers &m_store;
    const AssistantRouter &m_assistant;
    // Fixed at launch: a URL stored later (by an administrator, another node, an earlier run)
    // is applied only within them.
    const ProviderOrigins m_providerOrigins;
    RuntimeSettingsValues m_values;
};

} // namespace frontline
