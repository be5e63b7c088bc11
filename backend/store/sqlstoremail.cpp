// SPDX-License-Identifier: GPL-3.0-or-later
// The e-mail outbox (migration 0021): the rows that the outbox worker sends.
#include "outboxrow.h"
#include "sessionrow.h"
#include "sqlstore.h"

#include <QCoreApplication>

namespace frontline {

using namespace sql;

std::optional<OutboxMail> SqlStore::queueMail(const NewMail &mail, const QString &messageId)
{
    return inWriteTransaction([&] { return queueMailInTransaction(mail, messageId); });
}

std::optional<OutboxMail> SqlStore::queueMailInTransaction(
    const NewMail &mail, const QString &messageId)
{
    {
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
        bind(insert, "recipient_name", mail.recipientName);
        bind(insert, "subject", mail.subject);
        bind(insert, "body_text", mail.text);
        bind(insert, "body_html", mail.html);
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
    }
}

QList<OutboxMail> SqlStore::mailsOfSession(const QString &sessionId)
{
    ensureConnected();
    QSqlQuery &query = prepared(QStringLiteral("select_mails_of_session"));
    bind(query, "session_id", sessionId);
    exec(query, QStringLiteral("select_mails_of_session"));
    return readAll<OutboxMail>(query, readOutboxMail);
}

} // namespace frontline
