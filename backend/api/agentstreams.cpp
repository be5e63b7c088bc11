// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentstreams.h"

#include "agents/agentdirectory.h"
#include "core/logging.h"
#include "http/eventstream.h"
#include "store/storeerror.h"

namespace frontline {

AgentStreams::AgentStreams(AgentDirectory &agents, QObject *parent)
    : QObject(parent)
    , m_agents(agents)
{
    m_recheck.setInterval(std::chrono::seconds(1));
    connect(&m_recheck, &QTimer::timeout, this, &AgentStreams::recheck);
}

AgentStreams::~AgentStreams() = default;

void AgentStreams::add(http::EventStream *stream, const QString &tokenHash)
{
    m_streams[tokenHash].append(stream);
    if (!m_recheck.isActive())
        m_recheck.start();
}

void AgentStreams::closeToken(const QString &tokenHash)
{
    for (const QPointer<http::EventStream> &stream : m_streams.take(tokenHash)) {
        if (stream)
            stream->close();
    }
}

void AgentStreams::recheck()
{
    for (auto it = m_streams.begin(); it != m_streams.end();) {
        it->removeIf(
            [](const QPointer<http::EventStream> &stream) { return !stream || !stream->isOpen(); });
        it = it->isEmpty() ? m_streams.erase(it) : std::next(it);
    }
    if (m_streams.isEmpty()) {
        m_recheck.stop();
        return;
    }
    if (m_checking)
        return; // the last check has not come back yet: its answer will do
    m_checking = true;
    // The answer comes from the directory, which may outlive these streams by a moment when the
    // backend stops.
    const QPointer<AgentStreams> self(this);
    m_agents.revokedAmong(
        m_streams.keys(),
        [self](const QStringList &revoked) {
            if (!self)
                return;
            self->m_checking = false;
            if (self->m_storeUnavailable) {
                qCInfo(lcBackend, "Checking the agents' streams again");
                self->m_storeUnavailable = false;
            }
            for (const QString &tokenHash : revoked)
                self->closeToken(tokenHash);
        },
        [self](const std::exception_ptr &error) {
            if (!self)
                return;
            self->m_checking = false;
            // Streams stay open while the database cannot say: their agents were valid when
            // they opened, and the next check a second later decides.
            if (!self->m_storeUnavailable)
                qCWarning(lcBackend, "Cannot check the agents' streams: %s",
                    qUtf8Printable(storeErrorOf(error).message()));
            self->m_storeUnavailable = true;
        });
}

} // namespace frontline
