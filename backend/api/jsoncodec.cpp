// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsoncodec.h"

#include "chat/teamavailability.h"
#include "store/store.h"

#include <QTimeZone>

namespace frontline::json {

QString timestamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject attachment(const Attachment &a, const AttachmentUrls &urls)
{
    QJsonObject object {
        { QStringLiteral("id"), a.id },
        { QStringLiteral("filename"), a.filename },
        { QStringLiteral("contentType"), a.contentType },
        { QStringLiteral("size"), a.size },
        { QStringLiteral("url"), urls.file(a) },
    };
    if (a.isImage()) {
        object.insert(QStringLiteral("width"), a.width);
        object.insert(QStringLiteral("height"), a.height);
    }
    if (a.hasThumbnail)
        object.insert(QStringLiteral("thumbnailUrl"), urls.thumbnail(a));
    return object;
}

QJsonObject message(const ChatMessage &m, const AttachmentUrls &urls)
{
    QJsonObject object {
        { QStringLiteral("id"), m.id },
        { QStringLiteral("seq"), m.seq },
        { QStringLiteral("sessionId"), m.sessionId },
        { QStringLiteral("role"), roleName(m.role) },
        { QStringLiteral("content"), m.content },
        { QStringLiteral("createdAt"), timestamp(m.createdAt) },
    };
    // Only the customer's own ids are theirs to see; the store also uses the column to
    // mark which message an assistant reply answers.
    if (!m.clientMessageId.isEmpty() && m.role == Role::User)
        object.insert(QStringLiteral("clientMessageId"), m.clientMessageId);
    if (!m.agentName.isEmpty())
        object.insert(QStringLiteral("agentName"), m.agentName);
    if (m.sanitized)
        object.insert(QStringLiteral("sanitized"), true);
    if (!m.attachments.isEmpty()) {
        QJsonArray attachments;
        for (const Attachment &a : m.attachments)
            attachments.append(attachment(a, urls));
        object.insert(QStringLiteral("attachments"), attachments);
    }
    if (!m.sources.isEmpty())
        object.insert(QStringLiteral("sources"), sources(m.sources));
    return object;
}

QJsonObject source(const KnowledgeSource &source)
{
    QJsonObject object { { QStringLiteral("title"), source.title } };
    if (!source.url.isEmpty())
        object.insert(QStringLiteral("url"), source.url);
    return object;
}

QJsonArray sources(const QList<KnowledgeSource> &list)
{
    QJsonArray array;
    for (const KnowledgeSource &s : list)
        array.append(source(s));
    return array;
}

QJsonObject knowledgeArticle(const KnowledgeArticle &article)
{
    return { { QStringLiteral("id"), article.id }, { QStringLiteral("title"), article.title },
        { QStringLiteral("body"), article.body }, { QStringLiteral("url"), article.url },
        { QStringLiteral("locale"), article.locale },
        { QStringLiteral("createdAt"), timestamp(article.createdAt) },
        { QStringLiteral("updatedAt"), timestamp(article.updatedAt) },
        { QStringLiteral("updatedBy"), article.updatedBy } };
}

QJsonObject knowledgePassage(const KnowledgePassage &passage)
{
    return { { QStringLiteral("id"), passage.id },
        { QStringLiteral("articleId"), passage.articleId },
        { QStringLiteral("title"), passage.title }, { QStringLiteral("url"), passage.url },
        { QStringLiteral("locale"), passage.locale },
        { QStringLiteral("heading"), passage.heading }, { QStringLiteral("text"), passage.text },
        { QStringLiteral("score"), passage.score } };
}

QJsonObject unansweredQuestion(const UnansweredQuestion &question)
{
    return { { QStringLiteral("id"), question.id },
        { QStringLiteral("sessionId"), question.sessionId },
        { QStringLiteral("question"), question.question },
        { QStringLiteral("locale"), question.locale },
        { QStringLiteral("askedAt"), timestamp(question.askedAt) } };
}

QJsonArray messages(const QList<ChatMessage> &list, const AttachmentUrls &urls)
{
    QJsonArray array;
    for (const ChatMessage &m : list)
        array.append(message(m, urls));
    return array;
}

QJsonObject customerSession(const ChatSession &s, const QString &agentName)
{
    QJsonObject object {
        { QStringLiteral("id"), s.id },
        { QStringLiteral("status"), sessionStatusName(s.status) },
        { QStringLiteral("locale"), s.locale },
        { QStringLiteral("createdAt"), timestamp(s.createdAt) },
        { QStringLiteral("lastSeq"), s.lastSeq },
        { QStringLiteral("verified"), !s.userId.isEmpty() },
    };
    if (!s.customerName.isEmpty())
        object.insert(QStringLiteral("name"), s.customerName);
    if (!agentName.isEmpty())
        object.insert(QStringLiteral("agentName"), agentName);
    return object;
}

QJsonObject sessionMatch(const SessionMatch &match)
{
    QJsonArray highlights;
    for (const searchtext::Highlight &h : match.snippet.highlights)
        highlights.append(QJsonObject {
            { QStringLiteral("start"), h.start }, { QStringLiteral("length"), h.length } });
    return QJsonObject { { QStringLiteral("messageId"), match.messageId },
        { QStringLiteral("seq"), match.seq }, { QStringLiteral("snippet"), match.snippet.text },
        { QStringLiteral("highlights"), highlights } };
}

QJsonObject agentSession(const ChatSession &s)
{
    QJsonObject object = customerSession(s);
    object.insert(QStringLiteral("assignedAgent"),
        s.assignedAgent.isEmpty() ? QJsonValue() : QJsonValue(s.assignedAgent));
    object.insert(
        QStringLiteral("userId"), s.userId.isEmpty() ? QJsonValue() : QJsonValue(s.userId));
    object.insert(QStringLiteral("email"),
        s.customerEmail.isEmpty() ? QJsonValue() : QJsonValue(s.customerEmail));
    object.insert(QStringLiteral("clientIp"), s.clientIp);
    object.insert(QStringLiteral("userAgent"), s.userAgent);
    object.insert(QStringLiteral("updatedAt"), timestamp(s.updatedAt));
    object.insert(QStringLiteral("lastMessageAt"),
        s.lastMessageAt.isValid() ? QJsonValue(timestamp(s.lastMessageAt)) : QJsonValue());
    object.insert(QStringLiteral("labels"), QJsonArray::fromStringList(s.labels));
    object.insert(QStringLiteral("needsHuman"), s.status == SessionStatus::Waiting);
    const bool waiting = s.status == SessionStatus::Waiting && s.waitingSince.isValid();
    object.insert(QStringLiteral("waitingSince"),
        waiting ? QJsonValue(timestamp(s.waitingSince)) : QJsonValue());
    const QString reason = waitingReasonName(s.waitingReason);
    object.insert(QStringLiteral("waitingReason"),
        waiting && !reason.isEmpty() ? QJsonValue(reason) : QJsonValue());
    object.insert(QStringLiteral("customerSeenSeq"), s.customerSeenSeq);
    // Nobody could answer when the customer asked: the console marks the conversation.
    const QString unattended = unattendedName(s.unattended);
    object.insert(QStringLiteral("unattended"),
        waiting && !unattended.isEmpty() ? QJsonValue(unattended) : QJsonValue());
    object.insert(QStringLiteral("consentedAt"),
        s.consentedAt.isValid() ? QJsonValue(timestamp(s.consentedAt)) : QJsonValue());
    return object;
}

QJsonObject availability(const Availability &a)
{
    // The time the team is back, as its own clocks show it (with their offset), so that the
    // page can say it in the customer's zone or the team's.
    QJsonValue nextOpening;
    if (a.nextOpening) {
        const QTimeZone zone(a.timeZone.toUtf8());
        const QDateTime local
            = zone.isValid() ? a.nextOpening->toTimeZone(zone) : a.nextOpening->toUTC();
        nextOpening = local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate);
    }
    return { { QStringLiteral("humanNow"), a.humanNow() },
        { QStringLiteral("withinHours"), a.withinHours },
        { QStringLiteral("agentsOnline"), a.agentsOnline },
        { QStringLiteral("nextOpening"), nextOpening },
        { QStringLiteral("timeZone"),
            a.timeZone.isEmpty() ? QJsonValue() : QJsonValue(a.timeZone) } };
}

QJsonObject label(const Label &label)
{
    return { { QStringLiteral("id"), label.id }, { QStringLiteral("name"), label.name },
        { QStringLiteral("colour"), label.colour },
        { QStringLiteral("createdAt"), timestamp(label.createdAt) } };
}

QJsonObject pastConversation(const PastConversation &c)
{
    return { { QStringLiteral("id"), c.id },
        { QStringLiteral("startedAt"), timestamp(c.startedAt) },
        { QStringLiteral("lastMessageAt"),
            c.lastMessageAt.isValid() ? QJsonValue(timestamp(c.lastMessageAt)) : QJsonValue() },
        { QStringLiteral("status"), sessionStatusName(c.status) },
        { QStringLiteral("preview"), c.preview }, { QStringLiteral("messages"), c.messages } };
}

QJsonObject cannedResponse(const CannedResponse &response)
{
    return { { QStringLiteral("id"), response.id },
        { QStringLiteral("shortcut"), response.shortcut },
        { QStringLiteral("title"), response.title }, { QStringLiteral("body"), response.body },
        { QStringLiteral("createdAt"), timestamp(response.createdAt) },
        { QStringLiteral("updatedAt"), timestamp(response.updatedAt) },
        { QStringLiteral("updatedBy"), response.updatedBy } };
}

QJsonObject mail(const OutboxMail &mail)
{
    const auto textOrNull
        = [](const QString &text) { return text.isEmpty() ? QJsonValue() : QJsonValue(text); };
    const auto timeOrNull = [](const QDateTime &time) {
        return time.isValid() ? QJsonValue(timestamp(time)) : QJsonValue();
    };
    return { { QStringLiteral("id"), mail.id },
        { QStringLiteral("sessionId"), textOrNull(mail.sessionId) },
        { QStringLiteral("kind"), mailKindName(mail.kind) },
        { QStringLiteral("to"), mail.recipient }, { QStringLiteral("toName"), mail.recipientName },
        { QStringLiteral("subject"), mail.subject },
        { QStringLiteral("state"), mailStateName(mail.state) },
        { QStringLiteral("attempts"), mail.attempts },
        { QStringLiteral("lastError"), textOrNull(mail.lastError) },
        { QStringLiteral("createdAt"), timestamp(mail.createdAt) },
        { QStringLiteral("nextAttemptAt"),
            mail.state == MailState::Queued ? timeOrNull(mail.nextAttemptAt) : QJsonValue() },
        { QStringLiteral("sentAt"), timeOrNull(mail.sentAt) },
        { QStringLiteral("firstSeq"), mail.firstSeq },
        { QStringLiteral("lastSeq"), mail.lastSeq } };
}

QJsonObject rateLimitHit(const RateLimitHit &hit)
{
    return { { QStringLiteral("id"), hit.id }, { QStringLiteral("at"), timestamp(hit.at) },
        { QStringLiteral("route"), hit.route }, { QStringLiteral("keyKind"), hit.keyKind },
        { QStringLiteral("key"), hit.key }, { QStringLiteral("clientIp"), hit.clientIp },
        { QStringLiteral("sessionId"),
            hit.sessionId.isEmpty() ? QJsonValue() : QJsonValue(hit.sessionId) },
        { QStringLiteral("count"), hit.count } };
}

} // namespace frontline::json
