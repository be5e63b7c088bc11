// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatmessage.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of chat_messages, bound and read the same way by every query and both dialects.
void bindMessage(QSqlQuery &query, const ChatMessage &message);
ChatMessage readMessage(const Row &row);

} // namespace frontline::sql
