// SPDX-License-Identifier: GPL-3.0-or-later
#include "agentstreams.h"

#include "core/logging.h"
#include "http/eventstream.h"
#include "store/storeerror.h"

namespace frontline {

AgentStreams::AgentStreams(std::function<bool(const QString &)> stillValid, QObject *parent)
    : QObject(parent)
    , m_stillValid(std::move(stillValid))
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
    QStringList revoked;
    for (auto it = m_streams.begin(); it != m_streams.end();) {
        it->removeIf(
            [](const QPointer<http::EventStream> &stream) { return !stream || !stream->isOpen(); });
        if (it->isEmpty()) {
            it = m_streams.erase(it);
            continue;
        }
        try {
            if (!m_stillValid(it.key()))
                revoked.append(it.key());
            if (m_storeUnavailable) {
                qCInfo(lcBackend, "Checking the agents' streams again");
                m_storeUnavailable = false;
            }
        } catch (const StoreError &error) {
            // Streams stay open while the database cannot say: their agents were valid when
            // they opened, and the next check a second later decides.
            if (!m_storeUnavailable)
                qCWarning(lcBackend, "Cannot check the agents' streams: %s",
                    qUtf8Printable(error.message()));
            m_storeUnavailable = true;
        }
        ++it;
    }
    for (const QString &tokenHash : std::as_const(revoked))
        closeToken(tokenHash);
    if (m_streams.isEmpty())
        m_recheck.stop();
}

} // namespace frontline
