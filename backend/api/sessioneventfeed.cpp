// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessioneventfeed.h"

#include "core/logging.h"
#include "http/eventstream.h"
#include "jsoncodec.h"
#include "store/store.h"

#include <QJsonDocument>

namespace frontline {

SessionEventFeed::SessionEventFeed(
    http::EventStream &stream, Store &store, QString sessionId, qint64 after)
    : QObject(&stream)
    , m_stream(stream)
    , m_store(store)
    , m_sessionId(std::move(sessionId))
    , m_lastSent(after)
{
    connect(&m_stream, &http::EventStream::drained, this, &SessionEventFeed::replay);
}

void SessionEventFeed::start()
{
    replay();
}

void SessionEventFeed::onMessageAdded(const ChatMessage &message)
{
    if (message.sessionId != m_sessionId || message.seq <= m_lastSent)
        return;
    if (m_caughtUp && message.seq == m_lastSent + 1) {
        send(message);
        return;
    }
    // Behind, or a seq skipped: the store has it and what comes before it.
    m_caughtUp = false;
    replay();
}

void SessionEventFeed::replay()
{
    if (m_replaying) // a send that cuts the stream can bring us back here
        return;
    m_replaying = true;
    try {
        while (!m_caughtUp && m_stream.hasRoom()) {
            const QList<ChatMessage> page
                = m_store.messagesAfter(m_sessionId, m_lastSent, PageSize);
            qsizetype sent = 0;
            for (const ChatMessage &message : page) {
                if (!m_stream.hasRoom())
                    break; // the rest is read again once the client has read this
                send(message);
                ++sent;
            }
            if (sent == page.size() && page.size() < PageSize)
                m_caughtUp = true;
        }
    } catch (const StoreError &error) {
        // The client reconnects with its Last-Event-ID and gets the rest then.
        qCWarning(lcHttp, "Event stream replay failed: %s", qUtf8Printable(error.message()));
        m_stream.close();
    }
    m_replaying = false;
}

void SessionEventFeed::send(const ChatMessage &message)
{
    m_lastSent = message.seq;
    m_stream.send(QByteArrayLiteral("message"),
        QJsonDocument(json::message(message)).toJson(QJsonDocument::Compact), message.seq);
}

} // namespace frontline
