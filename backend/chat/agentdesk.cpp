// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentdesk.h"

#include "customermail.h"
#include "domain/domainerror.h"
#include "live/livehub.h"
#include "mailcomposer.h"
#include "store/storeerror.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace frontline {

namespace {

// On a store worker, as each of the functions below.
ChatSession existing(Store &store, const QString &sessionId)
{
    const auto session = store.session(sessionId);
    if (!session)
        throw DomainError::notFound(
            QCoreApplication::translate("AgentDesk", "No session has the id \"%1\".")
                .arg(sessionId));
    return *session;
}

// Audits the action, then reads the session as it is now, to be announced.
ChatSession audited(
    Store &store, const QString &sessionId, const QString &agent, const QString &action)
{
    store.appendAudit({ .actor = agent, .action = action, .target = sessionId });
    return existing(store, sessionId);
}

DomainError notOwnerOfReply()
{
    return DomainError::conflict(QStringLiteral("not_owner"),
        QCoreApplication::translate("AgentDesk", "Take the session over before replying."));
}

} // namespace

AgentDesk::AgentDesk(
    StoreWorkers &store, LiveHub &hub, Sanitizer sanitizer, QString administrator, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
    , m_sanitizer(sanitizer)
    , m_administrator(std::move(administrator))
{
}

template <typename Work>
void AgentDesk::change(
    Work work, std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    m_store.write(
        this, std::move(work),
        [this, done](const ChatSession &session) {
            Q_EMIT m_hub.sessionChanged(session);
            done(session);
        },
        std::move(failed));
}

void AgentDesk::claim(const Agent &agent, const QString &sessionId,
    std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    change(
        [sessionId, username = agent.username](Store &store) {
            if (existing(store, sessionId).status == SessionStatus::Closed)
                throw DomainError::sessionClosed();
            // Of concurrent claims, on any node, exactly one wins.
            if (!store.claimSession(sessionId, username))
                throw DomainError::conflict(QStringLiteral("claimed_by_another"),
                    QCoreApplication::translate(
                        "AgentDesk", "%1 has already taken this session over.")
                        .arg(existing(store, sessionId).assignedAgent));
            return audited(store, sessionId, username, QStringLiteral("session.claim"));
        },
        std::move(done), std::move(failed));
}

void AgentDesk::release(const Agent &agent, const QString &sessionId,
    std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    change(
        [sessionId, username = agent.username](Store &store) {
            existing(store, sessionId);
            if (!store.releaseSession(sessionId, username))
                throw DomainError::conflict(QStringLiteral("not_owner"),
                    QCoreApplication::translate(
                        "AgentDesk", "You do not own this session; take it over first."));
            return audited(store, sessionId, username, QStringLiteral("session.release"));
        },
        std::move(done), std::move(failed));
}

void AgentDesk::transfer(const Agent &agent, const QString &sessionId,
    const std::optional<QString> &to, std::function<void(const ChatSession &)> done,
    StoreFailure failed)
{
    change(
        [sessionId, to, username = agent.username, admin = agent.role == AgentRole::Admin,
            administrator = m_administrator](Store &store) {
            const ChatSession session = existing(store, sessionId);
            const bool owned = session.status == SessionStatus::Assigned;
            const QString owner = owned ? session.assignedAgent : QString();
            if (owner != username && !admin) {
                if (owned)
                    throw DomainError::forbidden(QStringLiteral("forbidden"),
                        QCoreApplication::translate("AgentDesk",
                            "%1 owns this conversation; only they or an administrator can "
                            "transfer it.")
                            .arg(owner));
                if (session.status == SessionStatus::Closed)
                    throw DomainError::sessionClosed();
                throw DomainError::conflict(QStringLiteral("not_owner"),
                    QCoreApplication::translate(
                        "AgentDesk", "You do not own this conversation; take it over first."));
            }
            if (session.status == SessionStatus::Closed)
                throw DomainError::sessionClosed();
            if (to) {
                if (*to != administrator && !store.agentByUsername(*to))
                    throw DomainError::invalidInput(QStringLiteral("agent"),
                        QCoreApplication::translate("AgentDesk", "no agent is named \"%1\".")
                            .arg(*to));
                if (*to == owner)
                    throw DomainError::invalidInput(QStringLiteral("agent"),
                        QCoreApplication::translate(
                            "AgentDesk", "%1 owns this conversation already.")
                            .arg(*to));
            }
            // Only if the owner is still the one seen: a claim or transfer on another node in
            // between wins, and this one changes nothing.
            if (!store.transferSession(sessionId, owner, to.value_or(QString())))
                throw DomainError::conflict(QStringLiteral("conflict"),
                    QCoreApplication::translate("AgentDesk",
                        "The conversation changed hands meanwhile; reload it and try again."));
            const QJsonObject detail { { QStringLiteral("from"),
                                           owner.isEmpty() ? QJsonValue() : QJsonValue(owner) },
                { QStringLiteral("to"), to ? QJsonValue(*to) : QJsonValue() } };
            store.appendAudit({ .actor = username,
                .action = QStringLiteral("session.transfer"),
                .target = sessionId,
                .detail
                = QString::fromUtf8(QJsonDocument(detail).toJson(QJsonDocument::Compact)) });
            return existing(store, sessionId);
        },
        std::move(done), std::move(failed));
}

void AgentDesk::setOperatorCopy(std::shared_ptr<const MailComposer> composer, QString to)
{
    m_copyComposer = std::move(composer);
    m_copyTo = std::move(to);
}

void AgentDesk::close(const Agent &agent, const QString &sessionId,
    std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    struct Closed
    {
        ChatSession session;
        std::optional<OutboxMail> copy;
    };
    m_store.write(
        this,
        [sessionId, username = agent.username, admin = agent.role == AgentRole::Admin,
            composer = m_copyComposer, copyTo = m_copyTo](Store &store) {
            const ChatSession session = existing(store, sessionId);
            if (session.status == SessionStatus::Assigned && session.assignedAgent != username
                && !admin)
                throw DomainError::conflict(QStringLiteral("not_owner"),
                    QCoreApplication::translate("AgentDesk",
                        "%1 owns this session; only they or an administrator can close it.")
                        .arg(session.assignedAgent));
            std::optional<NewMail> copy;
            QString copyId;
            if (composer) {
                // What the customer saw (never a note), for the operator's records.
                copy = composer->operatorCopy(session,
                    store.customerMessagesAfter(sessionId, 0, CustomerMail::MaxTranscriptMessages),
                    copyTo);
                copyId = composer->newMessageId();
            }
            const ClosedSession closed
                = store.closeSession(sessionId, session.assignedAgent, copy, copyId);
            return Closed { audited(store, sessionId, username, QStringLiteral("session.close")),
                closed.copy };
        },
        [this, done](const Closed &closed) {
            Q_EMIT m_hub.sessionChanged(closed.session);
            if (closed.copy)
                Q_EMIT m_hub.mailChanged(*closed.copy);
            done(closed.session);
        },
        std::move(failed));
}

void AgentDesk::reply(const Agent &agent, const QString &sessionId, const QString &text,
    const QString &clientMessageId, const QList<Attachment> &attachments,
    std::function<void(const ChatMessage &)> done, StoreFailure failed)
{
    // A file sent alone needs no words.
    SanitizedText clean;
    clean.ok = true;
    if (!text.trimmed().isEmpty() || attachments.isEmpty())
        clean = m_sanitizer.clean(text);
    if (!clean.ok)
        throw DomainError::refusedText(QStringLiteral("message"), clean.error);
    NewMessage message;
    message.sessionId = sessionId;
    message.role = Role::Agent;
    message.content = clean.text;
    message.sanitized = clean.changed;
    message.clientMessageId = clientMessageId;
    message.agentName = agent.displayName;
    message.attachments = attachments;
    // The check below answers the common case; this one is the one that counts: the reply is
    // written only if the session is still the agent's at that moment (a release or claim on
    // another node may have come in between).
    message.requiredOwner = agent.username;
    m_store.write(
        this,
        [message](Store &store) {
            const ChatSession session = existing(store, message.sessionId);
            if (session.status == SessionStatus::Closed)
                throw DomainError::sessionClosed();
            if (session.status != SessionStatus::Assigned
                || session.assignedAgent != message.requiredOwner)
                throw notOwnerOfReply();
            AppendResult appended;
            try {
                appended = store.appendMessage(message, std::nullopt);
            } catch (const StoreError &error) {
                if (error.kind() != StoreError::Kind::Changed)
                    throw;
                if (existing(store, message.sessionId).status == SessionStatus::Closed)
                    throw DomainError::sessionClosed();
                throw notOwnerOfReply();
            }
            if (!appended.duplicate)
                store.appendAudit({ .actor = message.requiredOwner,
                    .action = QStringLiteral("session.reply"),
                    .target = message.sessionId,
                    .detail = appended.message.id });
            return appended;
        },
        [this, done](const AppendResult &appended) {
            if (!appended.duplicate)
                Q_EMIT m_hub.messageAdded(appended.message);
            done(appended.message);
        },
        std::move(failed));
}

void AgentDesk::note(const Agent &agent, const QString &sessionId, const QString &text,
    std::function<void(const ChatMessage &)> done, StoreFailure failed)
{
    // The reply's rules: the same sanitizer, the same refusal naming the field.
    const SanitizedText clean = m_sanitizer.clean(text);
    if (!clean.ok)
        throw DomainError::refusedText(QStringLiteral("text"), clean.error);
    NewMessage message;
    message.sessionId = sessionId;
    message.role = Role::Note;
    message.content = clean.text;
    message.sanitized = clean.changed;
    message.agentName = agent.displayName;
    // Any agent, owner or not, on any session, closed or not (as Intercom and Chatwoot allow):
    // a note changes neither the status nor the owner, and is no reply, so no requiredOwner.
    m_store.write(
        this,
        [message, username = agent.username](Store &store) {
            existing(store, message.sessionId);
            const AppendResult appended = store.appendMessage(message, std::nullopt);
            store.appendAudit({ .actor = username,
                .action = QStringLiteral("session.note"),
                .target = message.sessionId,
                .detail = appended.message.id });
            return appended.message;
        },
        [this, done](const ChatMessage &note) {
            Q_EMIT m_hub.messageAdded(note);
            done(note);
        },
        std::move(failed));
}

void AgentDesk::typing(
    const Agent &agent, const QString &sessionId, std::function<void()> done, StoreFailure failed)
{
    m_store.write(
        this,
        [sessionId, username = agent.username](Store &store) {
            if (existing(store, sessionId).assignedAgent != username)
                throw DomainError::conflict(QStringLiteral("not_owner"),
                    QCoreApplication::translate(
                        "AgentDesk", "Take the session over before typing to the customer."));
            store.announceTyping(sessionId, username);
        },
        [this, sessionId, username = agent.username, name = agent.displayName, done] {
            Q_EMIT m_hub.typing(sessionId, username, name);
            done();
        },
        std::move(failed));
}

void AgentDesk::messages(const QString &sessionId, qint64 afterSeq, int limit,
    std::function<void(const HistoryPage &)> done, StoreFailure failed)
{
    m_store.read(
        this,
        [sessionId, afterSeq, limit](Store &store) {
            existing(store, sessionId);
            return readHistoryPage(store, sessionId, afterSeq, limit, true);
        },
        std::move(done), std::move(failed));
}

void AgentDesk::markRead(const Agent &agent, const QString &sessionId, std::optional<qint64> upTo,
    std::function<void(qint64)> done, StoreFailure failed)
{
    m_store.write(
        this,
        [sessionId, upTo, username = agent.username](Store &store) {
            const qint64 seq = upTo.value_or(existing(store, sessionId).lastSeq);
            store.markRead(username, sessionId, seq);
            store.appendAudit({ .actor = username,
                .action = QStringLiteral("session.read"),
                .target = sessionId,
                .detail = QString::number(seq) });
            return store.unreadCount(username, sessionId);
        },
        std::move(done), std::move(failed));
}

} // namespace frontline
