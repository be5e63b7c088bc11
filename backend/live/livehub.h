// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "domain/cannedresponse.h"
#include "domain/chatmessage.h"
#include "domain/chatsession.h"
#include "domain/knowledge.h"
#include "domain/label.h"
#include "domain/outboxmail.h"
#include "domain/presence.h"
#include "domain/ratelimithit.h"

#include <QObject>

namespace frontline {

// In-process fan-out of what just happened, for event streams (customers' and agents').
// A signal is a wake-up with the data attached; a listener that may have missed some (a
// reconnecting client) catches up from the store by sequence number, never from here.
class LiveHub final : public QObject
{
    Q_OBJECT
public:
    explicit LiveHub(QObject *parent = nullptr)
        : QObject(parent)
    {
    }
    Q_DISABLE_COPY_MOVE(LiveHub)

Q_SIGNALS:
    void messageAdded(const frontline::ChatMessage &message);
    void sessionChanged(const frontline::ChatSession &session);
    void rateLimitHit(const frontline::RateLimitHit &hit);
    // Part of an assistant's answer as it streams, before the whole is stored. `replyTo` is
    // the seq of the customer's message it answers.
    void assistantDelta(const QString &sessionId, qint64 replyTo, const QString &text);
    void settingsChanged(const QString &key, const QString &value, const QString &actor);
    // An agent changed the name customers see of them (here or on another node): without
    // their password hash.
    void agentChanged(const frontline::Agent &agent);
    // An agent came online, went away or offline (here or on another node; AgentPresence).
    void presenceChanged(const QString &username, frontline::Presence presence);
    // A canned response was added or changed, or removed (here or on another node).
    void cannedResponseSaved(const frontline::CannedResponse &response);
    void cannedResponseRemoved(qint64 id);
    // An article of the knowledge base was added or changed, or removed (here or on another node).
    void knowledgeArticleSaved(const frontline::KnowledgeArticle &article);
    void knowledgeArticleRemoved(qint64 id);
    // A question the knowledge base did not answer was recorded (or recorded again), or an
    // administrator dismissed it (here or on another node).
    void unansweredQuestionRecorded(const frontline::UnansweredQuestion &question);
    void unansweredQuestionDismissed(qint64 id);
    // Someone is typing in the session (here or on another node): the customer when `agent` is
    // empty, else the agent of that username, whose display name is `agentName` (empty when
    // not known: memory names them then). Nothing of it is stored.
    void typing(const QString &sessionId, const QString &agent, const QString &agentName);
    // The customer's page has shown the session's messages up to `seq` (stored, only grows).
    void customerSeen(const QString &sessionId, qint64 seq);
    // A label was added, renamed or recoloured, or (`removed`, only its id known for sure)
    // deleted, here or on another node. The sessions it changed are announced each.
    void labelChanged(const frontline::Label &label, bool removed);
    // An e-mail of the outbox was queued, claimed, sent, failed or queued again (here or on
    // another node): as its row now stands.
    void mailChanged(const frontline::OutboxMail &mail);
};

} // namespace frontline
