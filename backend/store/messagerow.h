// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatmessage.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of chat_messages, bound and read the same way by every query and both dialects.
void bindMessage(QSqlQuery &query, const ChatMessage &message);
ChatMessage readMessage(const Row &row);

// A message's sources as its `sources` column holds them (migration 0022): a JSON array of
// {"title","url"?}, NULL for none.
QVariant sourcesValue(const QList<KnowledgeSource> &sources);
QList<KnowledgeSource> sourcesFrom(const QVariant &value);

} // namespace frontline::sql
