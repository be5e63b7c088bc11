// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>

namespace frontline {

namespace http {
class EventStream;
}

// The agents' event streams open on this node, each with the hash of the token it was opened
// with. Every second each token is checked again in the database, so a stream ends within
// about a second of its agent's removal, a password change, a sign-out or the token's expiry,
// whichever node or process (`frontline agent remove`) made it. One indexed read per open
// token and second; nothing runs while no agent stream is open.
class AgentStreams final : public QObject
{
    Q_OBJECT
public:
    // `stillValid` tells whether a token hash still signs its agent in (without renewing it).
    explicit AgentStreams(
        std::function<bool(const QString &tokenHash)> stillValid, QObject *parent = nullptr);
    ~AgentStreams() override;
    Q_DISABLE_COPY_MOVE(AgentStreams)

    void add(http::EventStream *stream, const QString &tokenHash);
    // Ends the streams of `tokenHash` at once (a sign-out on this node).
    void closeToken(const QString &tokenHash);

private:
    void recheck();

    std::function<bool(const QString &)> m_stillValid;
    QHash<QString, QList<QPointer<http::EventStream>>> m_streams;
    QTimer m_recheck;
    bool m_storeUnavailable = false;
};

} // namespace frontline
