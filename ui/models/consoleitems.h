// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace frontline::ui {

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

    static SessionItem fromJson(const QJsonObject &json);
    SessionState stateFor(const QString &agent) const;
    QString customerLabel() const; // the name, or an anonymous id
    QString usageKey() const; // the key of its usage stats: user:<id> or session:<id>
    QDateTime activityAt() const; // last message or change, for sorting
    // Since when the customer waits for a human (the last change when the server does not
    // say); null unless WAITING.
    QDateTime waitingStartedAt() const;
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
