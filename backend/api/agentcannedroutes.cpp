// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API's routes of the canned responses every console shares: GET (every agent),
// POST, PUT and DELETE (administrators). CannedResponses checks and stores; each change is
// announced here to this node's consoles, and by the store's "canned" event to the others'.
#include "agentroutes.h"
#include "http/response.h"
#include "jsoncodec.h"
#include "live/livehub.h"

#include <QJsonArray>

namespace frontline {

void AgentRoutes::cannedResponses(const Call &call, const StoreFailure &failed)
{
    m_canned.list(
        [exchange = call.exchange](const QList<CannedResponse> &responses) {
            QJsonArray list;
            for (const CannedResponse &response : responses)
                list.append(json::cannedResponse(response));
            exchange->reply(http::json({ { QStringLiteral("cannedResponses"), list } }));
        },
        failed);
}

void AgentRoutes::addCannedResponse(const Call &call, const StoreFailure &failed)
{
    // Who may, before what: an agent learns nothing from a refused body.
    CannedResponses::checkAdministrator(call.agent);
    m_canned.create(
        call.agent, CannedResponses::parse(call.json(m_maxBodyBytes), true),
        [this, exchange = call.exchange](const CannedResponse &response) {
            Q_EMIT m_hub.cannedResponseSaved(response);
            exchange->reply(
                http::json({ { QStringLiteral("cannedResponse"), json::cannedResponse(response) } },
                    http::Status::Created));
        },
        failed);
}

void AgentRoutes::changeCannedResponse(const Call &call, const StoreFailure &failed)
{
    CannedResponses::checkAdministrator(call.agent);
    const qint64 id = CannedResponses::idFrom(call.pathArgument);
    m_canned.update(
        call.agent, id, CannedResponses::parse(call.json(m_maxBodyBytes), false),
        [this, exchange = call.exchange](const CannedResponse &response) {
            Q_EMIT m_hub.cannedResponseSaved(response);
            exchange->reply(http::json(
                { { QStringLiteral("cannedResponse"), json::cannedResponse(response) } }));
        },
        failed);
}

void AgentRoutes::removeCannedResponse(const Call &call, const StoreFailure &failed)
{
    CannedResponses::checkAdministrator(call.agent);
    const qint64 id = CannedResponses::idFrom(call.pathArgument);
    m_canned.remove(
        call.agent, id,
        [this, id, exchange = call.exchange] {
            Q_EMIT m_hub.cannedResponseRemoved(id);
            exchange->reply({ http::Status::NoContent, {}, {}, {} });
        },
        failed);
}

} // namespace frontline
