// SPDX-License-Identifier: GPL-3.0-or-later
#include "assistant.h"

namespace frontline {

QString assistantFailureName(AssistantFailure failure)
{
    switch (failure) {
    case AssistantFailure::None:
        return QStringLiteral("none");
    case AssistantFailure::Unauthorized:
        return QStringLiteral("unauthorized");
    case AssistantFailure::QuotaExhausted:
        return QStringLiteral("quota-exhausted");
    case AssistantFailure::RateLimited:
        return QStringLiteral("rate-limited");
    case AssistantFailure::Unreachable:
        return QStringLiteral("unreachable");
    case AssistantFailure::Timeout:
        return QStringLiteral("timeout");
    case AssistantFailure::ServerError:
        return QStringLiteral("server-error");
    case AssistantFailure::StreamCut:
        return QStringLiteral("stream-cut");
    case AssistantFailure::BadResponse:
        return QStringLiteral("bad-response");
    case AssistantFailure::Ungrounded:
        return QStringLiteral("ungrounded");
    }
    return {};
}

} // namespace frontline
