// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatsession.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of chat_sessions, bound and read the same way by every query and both dialects.
void bindSession(QSqlQuery &query, const ChatSession &session);
ChatSession readSession(const Row &row);

} // namespace frontline::sql
