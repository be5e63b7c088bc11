// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxmail.h"

namespace frontline {

QString mailKindName(MailKind kind)
{
    switch (kind) {
    case MailKind::Reply:
        return QStringLiteral("reply");
    case MailKind::Transcript:
        return QStringLiteral("transcript");
    case MailKind::OperatorCopy:
        return QStringLiteral("copy");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<MailKind> mailKindFromName(const QString &name)
{
    for (MailKind kind : { MailKind::Reply, MailKind::Transcript, MailKind::OperatorCopy }) {
        if (mailKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString mailStateName(MailState state)
{
    switch (state) {
    case MailState::Queued:
        return QStringLiteral("queued");
    case MailState::Sending:
        return QStringLiteral("sending");
    case MailState::Sent:
        return QStringLiteral("sent");
    case MailState::Failed:
        return QStringLiteral("failed");
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<MailState> mailStateFromName(const QString &name)
{
    for (MailState state :
        { MailState::Queued, MailState::Sending, MailState::Sent, MailState::Failed }) {
        if (mailStateName(state) == name)
            return state;
    }
    return std::nullopt;
}

} // namespace frontline
