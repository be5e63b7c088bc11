// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatmessage.h"
#include "domain/chatsession.h"

#include <QJsonArray>
#include <QJsonObject>

namespace frontline::json {

// ISO 8601, UTC, milliseconds: "2026-11-24T09:30:00.125Z".
QString timestamp(const QDateTime &time);

// {"id","seq","sessionId","role","content","createdAt","clientMessageId"?,"agentName"?,"sanitized"?}
QJsonObject message(const ChatMessage &message);
QJsonArray messages(const QList<ChatMessage> &messages);
// What a customer may see of their session: never the token hash, IP or agent username.
QJsonObject customerSession(const ChatSession &session);
// What agents see of a session: everything but the token hash.
QJsonObject agentSession(const ChatSession &session);

} // namespace frontline::json
