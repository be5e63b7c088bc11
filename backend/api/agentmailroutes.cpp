// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API's routes of the e-mail outbox: GET /api/agent/outbox (every agent: what was
// sent, what waits and why, what failed), GET /api/agent/sessions/{id}/mails, and POST
// /api/agent/outbox/{id}/retry (administrators: a failed mail queued again). The store reads
// and writes; a retry is announced here to this node's outbox and consoles, and by the store's
// "mail" event to the others'.
#include "agentroutes.h"
#include "domain/domainerror.h"
#include "http/response.h"
#include "jsoncodec.h"
#include "live/livehub.h"
#include "requestparsing.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace frontline {

namespace {

QJsonObject mailList(const QList<OutboxMail> &mails)
{
    QJsonArray list;
    for (const OutboxMail &mail : mails)
        list.append(json::mail(mail));
    return { { QStringLiteral("mails"), list } };
}

DomainError noSuchMail(const QString &argument)
{
    return DomainError::notFound(QCoreApplication::translate("AgentRoutes",
        "No e-mail of the outbox has the id \"%1\"; GET /api/agent/outbox lists them.")
                                     .arg(argument));
}

// What a retry finds: the row queued again, or why not.
struct Requeued
{
    std::optional<OutboxMail> queued;
    bool exists = false;
};

} // namespace

void AgentRoutes::outbox(const Call &call, const StoreFailure &failed)
{
    MailFilter filter;
    if (call.query.hasQueryItem(QStringLiteral("state"))) {
        filter.state = mailStateFromName(call.query.queryItemValue(QStringLiteral("state")));
        if (!filter.state)
            throw DomainError::invalidInput(QStringLiteral("state"),
                QCoreApplication::translate("AgentRoutes", "use queued, sending, sent or failed."));
    }
    filter.limit
        = static_cast<int>(integerParameter(call.query, QStringLiteral("limit"), 50, 1, 200));
    filter.offset
        = static_cast<int>(integerParameter(call.query, QStringLiteral("offset"), 0, 0, 10000000));
    m_store.read(
        &m_pending, [filter](Store &store) { return store.mails(filter); },
        [exchange = call.exchange](
            const QList<OutboxMail> &mails) { exchange->reply(http::json(mailList(mails))); },
        failed);
}

void AgentRoutes::sessionMails(const Call &call, const StoreFailure &failed)
{
    m_store.read(
        &m_pending,
        [id = call.sessionId()](Store &store) -> std::optional<QList<OutboxMail>> {
            if (!store.session(id))
                return std::nullopt;
            return store.mailsOfSession(id);
        },
        [exchange = call.exchange, id = call.sessionId()](
            const std::optional<QList<OutboxMail>> &mails) {
            if (!mails)
                throw DomainError::notFound(
                    QCoreApplication::translate("AgentRoutes", "No chat session has the id \"%1\".")
                        .arg(id));
            exchange->reply(http::json(mailList(*mails)));
        },
        failed);
}

void AgentRoutes::retryMail(const Call &call, const StoreFailure &failed)
{
    // Who may, before what: an agent learns nothing from a refused id.
    if (call.agent.role != AgentRole::Admin)
        throw DomainError::forbidden(QStringLiteral("forbidden"),
            QCoreApplication::translate("AgentRoutes",
                "Only administrators send a failed e-mail again; every agent may see the outbox."));
    bool ok = false;
    const qint64 id = call.pathArgument.toLongLong(&ok);
    if (!ok || id <= 0)
        throw noSuchMail(call.pathArgument);
    m_store.write(
        &m_pending,
        [id, actor = call.agent.username](Store &store) {
            Requeued result;
            result.queued = store.requeueMail(id, actor);
            result.exists = result.queued || store.mail(id);
            return result;
        },
        [this, exchange = call.exchange, argument = call.pathArgument](const Requeued &result) {
            if (!result.exists)
                throw noSuchMail(argument);
            if (!result.queued)
                throw DomainError::conflict(QStringLiteral("mail_not_failed"),
                    QCoreApplication::translate("AgentRoutes",
                        "Only a failed e-mail is sent again; this one is queued, being sent or "
                        "sent already."));
            Q_EMIT m_hub.mailChanged(*result.queued); // the outbox sends it at once
            exchange->reply(http::json({ { QStringLiteral("mail"), json::mail(*result.queued) } }));
        },
        failed);
}

} // namespace frontline
