// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/knowledge.h"

#include <QColor>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSize>
#include <QString>
#include <QStringList>

namespace frontline::ui {

// A file attached to a message, as the agent API describes it: its url and thumbnailUrl are
// paths on the same server, read with the agent's token (AgentClient::fetchAttachment).
struct AttachmentItem
{
    QString id;
    QString filename; // cleaned by the server
    QString contentType; // sniffed by the server, never the uploaded one
    qint64 size = 0;
    int width = 0; // 0: not an image
    int height = 0;
    QString url;
    QString thumbnailUrl; // "" when it has none

    bool isImage() const { return width > 0 && height > 0 && !thumbnailUrl.isEmpty(); }
    // The size an image is shown at in a bubble: its own, scaled down to fit `box`.
    QSize shownSize(const QSize &box) const;
    // "report.pdf (1.2 MB)": the name and the size in the locale's units.
    QString describe() const;
    static AttachmentItem fromJson(const QJsonObject &json);
};

// A message as the agent API sends it (see docs/API.md).
struct MessageItem
{
    QString id;
    qint64 seq = 0;
    QString sessionId;
    QString role; // USER, ASSISTANT, AGENT, SYSTEM
    QString content;
    QString agentName;
    QDateTime createdAt;
    bool sanitized = false;
    QList<AttachmentItem> attachments; // in the order they were sent
    // What an assistant's answer was taken from (the knowledge base's articles), in order.
    QList<KnowledgeSource> sources;

    static MessageItem fromJson(const QJsonObject &json);
};

// How a session looks from where the signed-in agent sits.
enum class SessionState { Ai, Waiting, Mine, Others, Closed };

// A session as the agent API sends it, plus what the console adds (unread, rate limits).
struct SessionItem
{
    QString id;
    QString status; // ACTIVE, WAITING, ASSIGNED, CLOSED
    QString name;
    QString email;
    QString userId;
    bool verified = false;
    QString locale;
    QString clientIp;
    QString userAgent;
    QString assignedAgent;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime lastMessageAt;
    QDateTime waitingSince; // while WAITING (null for sessions older than the queue's times)
    QString waitingReason; // while WAITING: customer-asked, assistant-limit, assistant-unavailable,
                           // unanswered
    qint64 lastSeq = 0;
    MessageItem lastMessage; // seq 0 when the session has none
    int unread = 0;
    QDateTime rateLimitedAt; // the latest rate-limit hit seen for this session
    qint64 customerSeenSeq = 0; // the newest seq the customer's page has shown
    bool customerTyping = false; // this console heard the customer type a moment ago
    QStringList labels; // the names of its labels
    // While WAITING with nobody to answer: "outside_hours" or "nobody_online" ("" otherwise,
    // and from a server older than these).
    QString unattended;
    QDateTime consentedAt; // when the customer ticked the pre-chat consent (null: never)

    static SessionItem fromJson(const QJsonObject &json);
    SessionState stateFor(const QString &agent) const;
    QString customerLabel() const; // the name, or an anonymous id
    QString usageKey() const; // the key of its usage stats: user:<id> or session:<id>
    QDateTime activityAt() const; // last message or change, for sorting
    // Since when the customer waits for a human (the last change when the server does not
    // say); null unless WAITING.
    QDateTime waitingStartedAt() const;
};

// An e-mail of the outbox as the agent API describes it (GET /api/agent/outbox, the `mail`
// events): a reply mail covers the agent replies of seqs firstSeq to lastSeq.
struct MailItem
{
    qint64 id = 0;
    QString sessionId; // "" for none
    QString kind; // reply, transcript, copy
    QString to;
    QString toName;
    QString subject;
    QString state; // queued, sending, sent, failed
    int attempts = 0;
    QString lastError; // "" for none
    QDateTime createdAt;
    QDateTime nextAttemptAt;
    QDateTime sentAt;
    qint64 firstSeq = 0;
    qint64 lastSeq = 0;

    bool covers(qint64 seq) const
    {
        return kind == QLatin1String("reply") && firstSeq <= seq && seq <= lastSeq;
    }
    static MailItem fromJson(const QJsonObject &json);
};

// A label as GET /api/agent/labels lists them.
struct LabelItem
{
    qint64 id = 0;
    QString name;
    QColor colour;

    static LabelItem fromJson(const QJsonObject &json);
};

// One of the customer's earlier conversations (GET /api/agent/sessions/{id}/past).
struct PastConversationItem
{
    QString id;
    QDateTime startedAt;
    QString status;
    QString preview;
    int messages = 0;

    static PastConversationItem fromJson(const QJsonObject &json);
};

// An agent of the team as GET /api/agent/agents lists them (and `presence` events update).
struct TeamMember
{
    QString username;
    QString displayName;
    bool admin = false;
    QString presence; // "online", "away" or "offline"
    int openConversations = 0;

    static TeamMember fromJson(const QJsonObject &json);
};

} // namespace frontline::ui

Q_DECLARE_METATYPE(frontline::ui::AttachmentItem)
Q_DECLARE_METATYPE(frontline::KnowledgeSource)
