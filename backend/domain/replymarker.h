// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

// The assistant's reply to a message is stored with the client message id "reply-to:<id of
// the question>". The store keeps client ids unique per session, so a message is answered at
// most once, whoever asks twice, and a retried question finds its reply by this id. Clients
// may not send an id of this form (the API refuses it, as docs/API.md says), so theirs
// never collide with it.
QString replyMarker(const QString &questionId);
bool isReplyMarker(const QString &clientMessageId);

} // namespace frontline
