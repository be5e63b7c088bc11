// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace frontline {

namespace http {
class EventStream;
}

class AgentDirectory;

// The agents' event streams open on this node, each with the hash of the token it was opened
// with. Every second the tokens are checked again in the database, all in one read on a store
// worker, so a stream ends within about a second of its agent's removal, a password change, a
// sign-out or the token's expiry, whichever node or process (`frontline agent remove`) made it.
// Nothing runs while no agent stream is open, and a check still on its way when the next one
// is due (a slow database) is not joined by another.
class AgentStreams final : public QObject
{
    Q_OBJECT
public:
    explicit AgentStreams(AgentDirectory &agents, QObject *parent = nullptr);
    ~AgentStreams() override;
    Q_DISABLE_COPY_MOVE(AgentStreams)

    void add(http::EventStream *stream, const QString &tokenHash);
    // Ends the streams of `tokenHash` at once (a sign-out on this node).
    void closeToken(const QString &tokenHash);

private:
    void recheck();

    AgentDirectory &m_agents;
    QHash<QString, QList<QPointer<http::EventStream>>> m_streams;
    QTimer m_recheck;
    bool m_checking = false;
    bool m_storeUnavailable = false;
};

} // namespace frontline
