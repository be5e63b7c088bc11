// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/chatsession.h"

#include <QCache>
#include <QObject>

#include <optional>

namespace frontline {

class LiveHub;
struct ChatMessage;

// The sessions this node has seen lately, as the database has them, so that a customer's
// request is authenticated (token hash) and judged (status, last seq) from memory rather
// than by a query. It follows every change the hub announces: this node's own, and the other
// nodes' through the cluster bridge, which is as current as their event streams are.
//
// A session read from the store is remembered only if nothing newer is known of it: a change
// announced while the read was on its way wins over the read.
class SessionCache final : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultCapacity = 20000; // some 10 MB at the most

    explicit SessionCache(LiveHub &hub, int capacity = DefaultCapacity, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(SessionCache)

    std::optional<ChatSession> find(const QString &id);
    // A session as read from the store.
    void remember(const ChatSession &session);

private:
    void sessionChanged(const ChatSession &session);
    void messageAdded(const ChatMessage &message);
    void customerSeen(const QString &sessionId, qint64 seq);

    QCache<QString, ChatSession> m_sessions; // least recently used go first
};

} // namespace frontline
