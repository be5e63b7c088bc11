// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

namespace frontline {

namespace http {
class EventStream;
}
class Store;
struct ChatMessage;

// The messages of one customer's event stream: first those after the one the client has,
// read from the store a page at a time while the stream has room (as its client reads), then
// live ones as they are announced. A client that does not read makes the server hold at most
// one message beyond the stream's room, never its history. Each message is sent once, in seq
// order, without gaps: an announcement that skips a seq (several nodes) or that comes while
// the replay is behind is read from the store with the rest.
class SessionEventFeed final : public QObject
{
    Q_OBJECT
public:
    // A child of `stream`; `after` is the last seq the client has.
    SessionEventFeed(http::EventStream &stream, Store &store, QString sessionId, qint64 after);
    Q_DISABLE_COPY_MOVE(SessionEventFeed)

    void start();
    void onMessageAdded(const ChatMessage &message);

private:
    void replay();
    void send(const ChatMessage &message);

    static constexpr int PageSize = 50;

    http::EventStream &m_stream;
    Store &m_store;
    QString m_sessionId;
    qint64 m_lastSent;
    bool m_caughtUp = false;
    bool m_replaying = false;
};

} // namespace frontline
