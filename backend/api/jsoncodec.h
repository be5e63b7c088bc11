// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "attachmentlinks.h"
#include "domain/cannedresponse.h"
#include "domain/chatmessage.h"
#include "domain/chatsession.h"
#include "domain/knowledge.h"
#include "domain/label.h"
#include "domain/outboxmail.h"
#include "domain/ratelimithit.h"

#include <QJsonArray>
#include <QJsonObject>

namespace frontline {
struct Availability;
struct SessionMatch;
} // namespace frontline

namespace frontline::json {

// ISO 8601, UTC, milliseconds: "2026-11-24T09:30:00.125Z".
QString timestamp(const QDateTime &time);

// {"id","seq","sessionId","role","content","createdAt","clientMessageId"?,"agentName"?,
//  "sanitized"?,"attachments"?,"sources"?}: the attachments with the links of the audience it is
//  sent to; "sources" only for an answer taken from the knowledge base.
QJsonObject message(const ChatMessage &message, const AttachmentUrls &urls);
QJsonArray messages(const QList<ChatMessage> &messages, const AttachmentUrls &urls);
// {"id","filename","contentType","size","url","width"?,"height"?,"thumbnailUrl"?}
QJsonObject attachment(const Attachment &attachment, const AttachmentUrls &urls);
// What a customer may see of their session: never the token hash, IP or agent username.
// {"id","status","locale","createdAt","lastSeq","verified","name"?,"agentName"?}: `agentName`,
// the display name of the agent who has joined, only when given (not empty).
QJsonObject customerSession(const ChatSession &session, const QString &agentName = QString());
// What agents see of a session: everything but the token hash.
QJsonObject agentSession(const ChatSession &session);
// The message of a session that best matches a search:
// {"messageId","seq","snippet","highlights":[{"start","length"}]}, start and length in UTF-16
// units of the snippet (as JavaScript's and Qt's strings count).
QJsonObject sessionMatch(const SessionMatch &match);
// {"humanNow","withinHours","agentsOnline","nextOpening"|null,"timeZone"|null}: nextOpening in
// ISO 8601 with the business hours' offset ("2026-12-07T09:00:00+01:00").
QJsonObject availability(const Availability &availability);
// {"id","name","colour","createdAt"}
QJsonObject label(const Label &label);
// {"id","startedAt","lastMessageAt"|null,"status","preview","messages"}
QJsonObject pastConversation(const PastConversation &conversation);
// {"id","at","route","keyKind","key","clientIp","sessionId"|null,"count"}
QJsonObject rateLimitHit(const RateLimitHit &hit);
// {"title","url"?}: what an answer was taken from; "url" only when the article has one.
QJsonObject source(const KnowledgeSource &source);
QJsonArray sources(const QList<KnowledgeSource> &sources);
// {"id","title","body","url","locale","createdAt","updatedAt","updatedBy"}
QJsonObject knowledgeArticle(const KnowledgeArticle &article);
// {"id","articleId","title","url","locale","heading","text","score"}
QJsonObject knowledgePassage(const KnowledgePassage &passage);
// {"id","sessionId","question","locale","askedAt"}
QJsonObject unansweredQuestion(const UnansweredQuestion &question);
// {"id","shortcut","title","body","createdAt","updatedAt","updatedBy"}
QJsonObject cannedResponse(const CannedResponse &response);
// A row of the e-mail outbox as agents see it (never its body):
// {"id","sessionId"|null,"kind","to","toName","subject","state","attempts","lastError"|null,
//  "createdAt","nextAttemptAt"|null (while queued),"sentAt"|null,"firstSeq","lastSeq"}
QJsonObject mail(const OutboxMail &mail);

} // namespace frontline::json
