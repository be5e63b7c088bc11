// SPDX-License-Identifier: GPL-3.0-or-later
// The e-mail outbox (migration 0021): the rows that the outbox worker sends.
#include "outboxrow.h"
#include "sessionrow.h"
#include "sqlstore.h"

#include <QCoreApplication>

#include <algorithm>
#include <utility>

namespace frontline {

using namespace sql;

std::optional<OutboxMail> SqlStore::queueMail(const NewMail &mail, const QString &messageId)
{
    return inWriteTransaction([&]() -> std::optional<OutboxMail> {
        if (!mail.sessionId.isEmpty()) {
            QSqlQuery &session = prepared(QStringLiteral("select_session"));
            bind(session, "id", mail.sessionId);
            exec(session, QStringLiteral("select_session"));
            if (!readOne<ChatSession>(session, readSession))
                throw StoreError(StoreError::Kind::NotFound,
                    QCoreApplication::translate("SqlStore", "No chat session has the id \"%1\".")
                        .arg(mail.sessionId));
        }
        if (mail.kind == MailKind::Reply) {
            // Raised in the transaction that queues the mail: of two nodes that saw the same
            // unread replies, one queues them.
            QSqlQuery &raise = prepared(QStringLiteral("raise_mailed_through_seq"));
            bind(raise, "id", mail.sessionId);
            bind(raise, "seq", mail.lastSeq);
            exec(raise, QStringLiteral("raise_mailed_through_seq"));
            if (raise.numRowsAffected() != 1)
                return std::nullopt;
        }
        QSqlQuery &insert = prepared(QStringLiteral("insert_outbox_mail"));
        bind(insert, "session_id", textOrNull(mail.sessionId));
        bind(insert, "kind", mailKindName(mail.kind));
        bind(insert, "message_id", messageId);
        bind(insert, "recipient", mail.recipient);
        // A null QString binds as NULL: what is not given (a name, the HTML of a plain-text
        // mail) is the column's empty text.
        const auto text
            = [](const QString &value) { return value.isNull() ? QStringLiteral("") : value; };
        bind(insert, "recipient_name", text(mail.recipientName));
        bind(insert, "subject", text(mail.subject));
        bind(insert, "body_text", text(mail.text));
        bind(insert, "body_html", text(mail.html));
        bind(insert, "first_seq", mail.firstSeq);
        bind(insert, "last_seq", mail.lastSeq);
        const qint64 now = nowMs();
        bind(insert, "next_attempt_at", now);
        bind(insert, "created_at", now);
        exec(insert, QStringLiteral("insert_outbox_mail"));

        QSqlQuery &stored = prepared(QStringLiteral("select_outbox_mail_by_message_id"));
        bind(stored, "message_id", messageId);
        exec(stored, QStringLiteral("select_outbox_mail_by_message_id"));
        const std::optional<OutboxMail> queued = readOne<OutboxMail>(stored, readOutboxMail);
        if (queued)
            publish(QStringLiteral("mail"), queued->sessionId, queued->id);
        return queued;
    });
}

QList<OutboxMail> SqlStore::mailsOfSession(const QString &sessionId)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_mails_of_session"));
    bind(query, "session_id", sessionId);
    exec(query, QStringLiteral("select_mails_of_session"));
    return readAll<OutboxMail>(query, readOutboxMail);
}

std::optional<OutboxMail> SqlStore::mail(qint64 id)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_outbox_mail"));
    bind(query, "id", id);
    exec(query, QStringLiteral("select_outbox_mail"));
    return readOne<OutboxMail>(query, readOutboxMail);
}

QList<OutboxMail> SqlStore::mails(const MailFilter &filter)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_outbox_mails"));
    const QVariant state = filter.state ? QVariant(mailStateName(*filter.state)) : textOrNull({});
    bind(query, "state", state);
    bind(query, "state_again", state);
    bind(query, "limit", filter.limit);
    bind(query, "offset", filter.offset);
    exec(query, QStringLiteral("select_outbox_mails"));
    return readAll<OutboxMail>(query, readOutboxMail);
}

QList<OutboxMail> SqlStore::claimDueMails(
    const QString &node, int limit, std::chrono::milliseconds lease)
{
    return inWriteTransaction([&] {
        const qint64 now = nowMs();
        QSqlQuery &claim = prepared(QStringLiteral("claim_due_mails"));
        bind(claim, "node", node);
        bind(claim, "until", now + lease.count());
        bind(claim, "now", now);
        bind(claim, "now_again", now);
        bind(claim, "limit", limit);
        exec(claim, QStringLiteral("claim_due_mails"));
        QList<OutboxMail> claimed = readAll<OutboxMail>(claim, readOutboxMail);
        // RETURNING gives the rows in no promised order: oldest due first, as claimed.
        std::sort(claimed.begin(), claimed.end(), [](const OutboxMail &a, const OutboxMail &b) {
            return std::pair(a.nextAttemptAt, a.id) < std::pair(b.nextAttemptAt, b.id);
        });
        for (const OutboxMail &mail : std::as_const(claimed))
            publish(QStringLiteral("mail"), mail.sessionId, mail.id);
        return claimed;
    });
}

std::optional<OutboxMail> SqlStore::finishMail(
    qint64 id, const QString &node, const MailOutcome &outcome)
{
    return inWriteTransaction([&] {
        const qint64 now = nowMs();
        QSqlQuery &finish = prepared(QStringLiteral("finish_mail"));
        bind(finish, "id", id);
        bind(finish, "node", node);
        switch (outcome.kind) {
        case MailOutcome::Kind::Sent:
            bind(finish, "state", mailStateName(MailState::Sent));
            bind(finish, "next_attempt_at", now);
            bind(finish, "last_error", textOrNull({}));
            bind(finish, "sent_at", now);
            break;
        case MailOutcome::Kind::Retry:
            bind(finish, "state", mailStateName(MailState::Queued));
            bind(finish, "next_attempt_at",
                outcome.nextAttemptAt.isValid() ? outcome.nextAttemptAt.toMSecsSinceEpoch() : now);
            bind(finish, "last_error", outcome.error);
            bind(finish, "sent_at", timeValue({}));
            break;
        case MailOutcome::Kind::Failed:
            bind(finish, "state", mailStateName(MailState::Failed));
            bind(finish, "next_attempt_at", now);
            bind(finish, "last_error", outcome.error);
            bind(finish, "sent_at", timeValue({}));
            break;
        }
        exec(finish, QStringLiteral("finish_mail"));
        const std::optional<OutboxMail> finished = readOne<OutboxMail>(finish, readOutboxMail);
        if (finished)
            publish(QStringLiteral("mail"), finished->sessionId, finished->id);
        return finished;
    });
}

int SqlStore::releaseClaims()
{
    return inWriteTransaction([&] {
        QSqlQuery &release = prepared(QStringLiteral("release_mail_claims"));
        bind(release, "now", nowMs());
        exec(release, QStringLiteral("release_mail_claims"));
        return release.numRowsAffected();
    });
}

std::optional<OutboxMail> SqlStore::requeueMail(qint64 id, const QString &actor)
{
    return inWriteTransaction([&] {
        QSqlQuery &requeue = prepared(QStringLiteral("requeue_mail"));
        bind(requeue, "id", id);
        bind(requeue, "now", nowMs());
        exec(requeue, QStringLiteral("requeue_mail"));
        const std::optional<OutboxMail> queued = readOne<OutboxMail>(requeue, readOutboxMail);
        if (queued) {
            audit(actor, QStringLiteral("mail.retry"), QString::number(id), queued->recipient);
            publish(QStringLiteral("mail"), queued->sessionId, queued->id);
        }
        return queued;
    });
}

} // namespace frontline
