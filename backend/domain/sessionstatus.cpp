// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionstatus.h"

namespace frontline {

QString sessionStatusName(SessionStatus status)
{
    switch (status) {
    case SessionStatus::Active:
        return QStringLiteral("ACTIVE");
    case SessionStatus::Waiting:
        return QStringLiteral("WAITING");
    case SessionStatus::Assigned:
        return QStringLiteral("ASSIGNED");
    case SessionStatus::Closed:
        return QStringLiteral("CLOSED");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<SessionStatus> sessionStatusFromName(const QString &name)
{
    for (SessionStatus status : { SessionStatus::Active, SessionStatus::Waiting,
             SessionStatus::Assigned, SessionStatus::Closed }) {
        if (sessionStatusName(status) == name)
            return status;
    }
    return std::nullopt;
}

QString waitingReasonName(WaitingReason reason)
{
    switch (reason) {
    case WaitingReason::None:
        return {};
    case WaitingReason::CustomerAsked:
        return QStringLiteral("customer-asked");
    case WaitingReason::AssistantLimit:
        return QStringLiteral("assistant-limit");
    case WaitingReason::AssistantUnavailable:
        return QStringLiteral("assistant-unavailable");
    case WaitingReason::Unanswered:
        return QStringLiteral("unanswered");
    case WaitingReason::Transferred:
        return QStringLiteral("transferred");
    }
    Q_UNREACHABLE();
    return {};
}

WaitingReason waitingReasonFromName(const QString &name)
{
    for (WaitingReason reason : { WaitingReason::CustomerAsked, WaitingReason::AssistantLimit,
             WaitingReason::AssistantUnavailable, WaitingReason::Unanswered,
             WaitingReason::Transferred }) {
        if (waitingReasonName(reason) == name)
            return reason;
    }
    return WaitingReason::None;
}

QString unattendedName(Unattended unattended)
{
    switch (unattended) {
    case Unattended::None:
        return {};
    case Unattended::OutsideHours:
        return QStringLiteral("outside_hours");
    case Unattended::NobodyOnline:
        return QStringLiteral("nobody_online");
    }
    Q_UNREACHABLE();
    return {};
}

Unattended unattendedFromName(const QString &name)
{
    for (Unattended unattended : { Unattended::OutsideHours, Unattended::NobodyOnline }) {
        if (unattendedName(unattended) == name)
            return unattended;
    }
    return Unattended::None;
}

} // namespace frontline
