// SPDX-License-Identifier: GPL-3.0-or-later
#include "replymarker.h"

namespace frontline {

namespace {

QLatin1String prefix()
{
    return QLatin1String("reply-to:");
}

} // namespace

QString replyMarker(const QString &questionId)
{
    return prefix() + questionId;
}

bool isReplyMarker(const QString &clientMessageId)
{
    return clientMessageId.startsWith(prefix());
}

} // namespace frontline
