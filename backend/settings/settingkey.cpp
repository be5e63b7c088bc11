// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingkey.h"

#include <array>

namespace frontline {

namespace {

constexpr std::array AllKeys { SettingKey::MockMode, SettingKey::RateLimits,
    SettingKey::ProviderBaseUrl, SettingKey::ProviderModel, SettingKey::ProviderSystemPrompt,
    SettingKey::AdministratorName, SettingKey::AutoAssignment, SettingKey::BusinessHours,
    SettingKey::PreChatForm, SettingKey::AssistantState };

} // namespace

QString settingName(SettingKey key)
{
    switch (key) {
    case SettingKey::MockMode:
        return QStringLiteral("assistant/mockMode");
    case SettingKey::RateLimits:
        return QStringLiteral("rateLimits/policy");
    case SettingKey::ProviderBaseUrl:
        return QStringLiteral("provider/baseUrl");
    case SettingKey::ProviderModel:
        return QStringLiteral("provider/model");
    case SettingKey::ProviderSystemPrompt:
        return QStringLiteral("provider/systemPrompt");
    case SettingKey::AdministratorName:
        return QStringLiteral("administrator/displayName");
    case SettingKey::AutoAssignment:
        return QStringLiteral("assignment/policy");
    case SettingKey::BusinessHours:
        return QStringLiteral("hours/business");
    case SettingKey::PreChatForm:
        return QStringLiteral("chat/preChat");
    case SettingKey::AssistantState:
        return QStringLiteral("assistant/state");
    }
    Q_UNREACHABLE();
}

std::optional<SettingKey> settingKeyNamed(const QString &name)
{
    for (const SettingKey key : AllKeys) {
        if (settingName(key) == name)
            return key;
    }
    return std::nullopt;
}

} // namespace frontline
