// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/attachment.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of attachments (migration 0020), bound and read the same way by both dialects.
void bindAttachment(QSqlQuery &query, const Attachment &attachment, const NewAttachment &upload);
Attachment readAttachment(const Row &row);

// A message's attachments as chat_messages.attachments keeps them: a JSON array, NULL for none.
QVariant attachmentsValue(const QList<Attachment> &attachments);
QList<Attachment> attachmentsFrom(const QVariant &value, const QString &sessionId);

} // namespace frontline::sql
