// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatservice.h"
#include "domain/agent.h"
#include "security/sanitizer.h"
#include "store/store.h"
#include "store/storeworkers.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace frontline {

class MailComposer;

class LiveHub;

// The agents' side of conversations, independent of HTTP: take a session over from the
// assistant (one owner at a time), reply, hand it back, close it. Every action is written to
// the audit log and announced on the live hub. Runs on the backend thread; its store work
// runs on the store workers, and each call answers through `done` or `failed` (a DomainError
// for what a client can fix, a StoreError for the database). What is wrong with the request
// itself is thrown at once.
class AgentDesk final : public QObject
{
    Q_OBJECT
public:
    // `administrator`: the username of the built-in administrator (FRONTLINE_ADMIN_TOKEN), who
    // has no stored account but may be given conversations; empty when there is none.
    AgentDesk(StoreWorkers &store, LiveHub &hub, Sanitizer sanitizer,
        QString administrator = QString(), QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(AgentDesk)

    // Each of these answers with the session as it is afterwards; NotFound for no such session.
    // Conflict if another agent owns it.
    void claim(const Agent &agent, const QString &sessionId,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    // Back to the assistant; Conflict unless the agent owns it.
    void release(const Agent &agent, const QString &sessionId,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    // Each close from now on queues a copy of the conversation to `to` (FRONTLINE_MAIL_COPY_TO),
    // written by `composer`, in the close's transaction.
    void setOperatorCopy(std::shared_ptr<const MailComposer> composer, QString to);
    // Only its owner, or an administrator, closes a session an agent owns.
    void close(const Agent &agent, const QString &sessionId,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    // Hands the session to the agent `to` (an agent the caller has checked exists; it is checked
    // again in the transaction), or back to the queue (WAITING, "transferred") when `to` is
    // nothing; audited ("session.transfer", from and to) and announced like a claim. The owner
    // transfers their own; an administrator any session, owned by another or by nobody. Fails
    // with NotFound for no such session, Conflict "not_owner" when the caller owns it not and it
    // is unassigned (or "session_closed" when closed), Forbidden when another agent owns it and
    // the caller is no administrator, InvalidInput "agent" for an agent removed meanwhile or
    // who owns it already.
    void transfer(const Agent &agent, const QString &sessionId, const std::optional<QString> &to,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    // The owner's reply; a refused text is thrown at once.
    void reply(const Agent &agent, const QString &sessionId, const QString &text,
        const QString &clientMessageId, const QList<Attachment> &attachments,
        std::function<void(const ChatMessage &)> done, StoreFailure failed);

    // An internal note (Role::Note) in any session, by any agent, audited: announced to the
    // consoles, never to the customer nor the assistant. A refused text is thrown at once.
    void note(const Agent &agent, const QString &sessionId, const QString &text,
        std::function<void(const ChatMessage &)> done, StoreFailure failed);

    // The agent who owns the session is typing a reply: announced to the customer (here and, by
    // a cluster event, on the other nodes); nothing is stored. NotFound for no such session,
    // Conflict "not_owner" unless the agent owns it.
    void typing(const Agent &agent, const QString &sessionId, std::function<void()> done,
        StoreFailure failed);

    // The session's messages after `afterSeq`, `limit` at most, oldest first; NotFound when
    // there is no such session.
    void messages(const QString &sessionId, qint64 afterSeq, int limit,
        std::function<void(const HistoryPage &)> done, StoreFailure failed);
    // The agent has read the session up to `upTo` (its last message when not given); audited.
    // Answers with how many messages the agent has still unread there.
    void markRead(const Agent &agent, const QString &sessionId, std::optional<qint64> upTo,
        std::function<void(qint64 unread)> done, StoreFailure failed);

private:
    // Writes `work` (which returns the session as it is afterwards), then announces the session.
    template <typename Work>
    void change(Work work, std::function<void(const ChatSession &)> done, StoreFailure failed);

    StoreWorkers &m_store;
    LiveHub &m_hub;
    Sanitizer m_sanitizer;
    QString m_administrator;
    std::shared_ptr<const MailComposer> m_copyComposer; // null: no operator's copy
    QString m_copyTo;
};

} // namespace frontline
