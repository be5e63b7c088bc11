// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace frontline {

namespace http {
class EventStream;
}
class AgentNames;
class AttachmentLinks;
class StoreWorkers;
struct ChatMessage;
struct ChatSession;

// The messages of one customer's event stream: first those after the one the client has,
// read from the store (by a store worker) a page at a time while the stream has room (as its client
// reads), then live ones as they are announced. A client that does not read makes the server hold
// at most one message beyond the stream's room, never its history. Each message is sent once, in
// seq order, without gaps: an announcement that skips a seq (several nodes) or that comes while the
// replay is behind is read from the store with the rest.
class SessionEventFeed final : public QObject
{
    Q_OBJECT
public:
    // A child of `stream`; `after` is the last seq the client has. `names` shows the
    // messages' agents in the session's language.
    SessionEventFeed(http::EventStream &stream, StoreWorkers &store, const AgentNames &names,
        const AttachmentLinks &links, const ChatSession &session, qint64 after);
    Q_DISABLE_COPY_MOVE(SessionEventFeed)

    // The session's language, in which the messages' agents are named.
    const QString &locale() const { return m_locale; }

    void start();
    // A message announced live, with its event's bytes (shared with other streams).
    void onMessageAdded(const ChatMessage &message, const QByteArray &frame);

private:
    // Reads the next page unless one is on its way, the stream is full or caught up.
    void replay();
    void pageRead(const QList<ChatMessage> &page);
    void send(const ChatMessage &message);

    static constexpr int PageSize = 50;

    http::EventStream &m_stream;
    StoreWorkers &m_store;
    const AgentNames &m_names;
    const AttachmentLinks &m_links;
    QString m_sessionId;
    QString m_locale;
    qint64 m_lastSent;
    bool m_caughtUp = false;
    bool m_reading = false; // a page is being read
    bool m_behind = false; // a message was announced that the page being read may not have
};

} // namespace frontline
