// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace frontline {

// The settings that change while the server runs (see RuntimeSettings).
enum class SettingKey {
    MockMode, // the built-in assistant answers instead of the AI provider
    RateLimits, // the rate-limit policy, as RateLimitPolicy::toString() writes it
    ProviderBaseUrl, // the AI provider's API base URL
    ProviderModel,
    ProviderSystemPrompt,
    AdministratorName, // the name customers see of the administrator; empty: the default
    AutoAssignment, // AutoAssignmentPolicy::toString()
    BusinessHours, // BusinessHours::toString()
    PreChatForm, // PreChatForm::toString()
    AssistantState, // read only: "mock", or the provider's health; never stored
};

// The key's name in the database's settings table, in the cluster's events and in the
// agents' "settings" events: "assistant/mockMode", "rateLimits/policy", "provider/model"...
QString settingName(SettingKey key);
// The key of that name; nullopt for a name this version does not know.
std::optional<SettingKey> settingKeyNamed(const QString &name);

} // namespace frontline
