// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API's routes about the team: who is there (GET /api/agent/agents), one's own
// presence (PUT /api/agent/me/presence) and handing a conversation over (POST
// /api/agent/sessions/{id}/transfer). AgentPresence and AgentDesk do the work.
#include "agentroutes.h"
#include "agents/agentdirectory.h"
#include "chat/agentdesk.h"
#include "chat/agentpresence.h"
#include "domain/domainerror.h"
#include "http/eventstream.h"
#include "http/response.h"
#include "jsoncodec.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace frontline {

namespace {

std::function<void(const ChatSession &)> sessionAnswer(const ExchangePtr &exchange)
{
    return [exchange](const ChatSession &session) {
        exchange->reply(http::json({ { QStringLiteral("session"), json::agentSession(session) } }));
    };
}

} // namespace

void AgentRoutes::followPresence(http::EventStream *stream, const QString &username)
{
    m_presence.streamOpened(username);
    // However it ends: the client left, its token was revoked, the node stops.
    QObject::connect(stream, &QObject::destroyed, &m_presence,
        [presence = &m_presence, username] { presence->streamClosed(username); });
}

void AgentRoutes::team(const Call &call, const StoreFailure &failed)
{
    m_presence.roster(
        [this, exchange = call.exchange](const QList<AgentStanding> &standings) {
            QJsonArray agents;
            for (const AgentStanding &standing : standings) {
                QJsonObject agent = agentJson(standing.agent);
                agent.insert(QStringLiteral("presence"), presenceName(standing.presence));
                agent.insert(QStringLiteral("openConversations"), standing.openConversations);
                agents.append(agent);
            }
            exchange->reply(http::json({ { QStringLiteral("agents"), agents } }));
        },
        failed);
}

void AgentRoutes::setPresence(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QJsonValue status = body.value(QStringLiteral("status"));
    const std::optional<Presence> wanted
        = status.isString() ? presenceFromName(status.toString()) : std::nullopt;
    if (!wanted || *wanted == Presence::Offline)
        throw DomainError::invalidInput(QStringLiteral("status"),
            QCoreApplication::translate("AgentRoutes",
                "must be \"online\" or \"away\"; an agent is offline when none of their consoles "
                "is connected."));
    m_presence.setAway(
        call.agent, *wanted == Presence::Away,
        [exchange = call.exchange, username = call.agent.username](Presence presence) {
            exchange->reply(http::json({ { QStringLiteral("username"), username },
                { QStringLiteral("status"), presenceName(presence) } }));
        },
        failed);
}

void AgentRoutes::transfer(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QJsonValue target = body.value(QStringLiteral("agent"));
    if (target.isNull()) { // back to the queue
        m_desk.transfer(
            call.agent, call.sessionId(), std::nullopt, sessionAnswer(call.exchange), failed);
        return;
    }
    if (!target.isString() || target.toString().isEmpty())
        throw DomainError::invalidInput(QStringLiteral("agent"),
            QCoreApplication::translate("AgentRoutes",
                "is required: the username of the agent to hand the conversation to, or null "
                "for the queue."));
    // Read first, so that the name of the agent who joins is known when the customer is told.
    const QString username = target.toString();
    m_agents.find(
        username,
        [this, call, failed, username](const std::optional<Agent> &agent) {
            if (!agent)
                throw DomainError::invalidInput(QStringLiteral("agent"),
                    QCoreApplication::translate("AgentRoutes", "no agent is named \"%1\".")
                        .arg(username));
            m_desk.transfer(call.agent, call.sessionId(), agent->username,
                sessionAnswer(call.exchange), failed);
        },
        failed);
}

} // namespace frontline
