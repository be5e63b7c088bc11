// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "store/storeworkers.h"

#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <functional>
#include <memory>

namespace frontline {

// Whether customers are still there, for the reply e-mails (chat/replymailer.h): a customer
// who neither polls, posts, types, marks seen nor keeps an event stream open has left. The
// customer routes touch() a session on each of its requests; every flush interval the
// sessions touched since, and those with a customer event stream open on this node, get
// chat_sessions.customer_active_at = now in one store write (Store::markCustomersActive),
// so that a busy node costs the database one write per interval, and every node's customers
// count wherever the sweep runs.
class CustomerActivity final : public QObject
{
    Q_OBJECT
public:
    // The sessions with a customer event stream open on this node now.
    using OpenStreams = std::function<QStringList()>;

    CustomerActivity(StoreWorkers &store, std::shared_ptr<const Clock> clock,
        OpenStreams openStreams, std::chrono::milliseconds flushInterval,
        QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CustomerActivity)

    // The customer of this session did something now.
    void touch(const QString &sessionId);
    // Writes what is pending now (the sweep calls it first: the writer runs writes in order,
    // so the sweep that follows sees every customer touched before it).
    void flush();

private:
    StoreWorkers &m_store;
    std::shared_ptr<const Clock> m_clock;
    OpenStreams m_openStreams;
    QSet<QString> m_touched;
    QTimer m_timer;
};

} // namespace frontline
