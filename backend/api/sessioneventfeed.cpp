// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessioneventfeed.h"

#include "agentnames.h"
#include "core/logging.h"
#include "domain/chatsession.h"
#include "http/eventstream.h"
#include "jsoncodec.h"
#include "store/storeworkers.h"

#include <QJsonDocument>

namespace frontline {

SessionEventFeed::SessionEventFeed(http::EventStream &stream, StoreWorkers &store,
    const AgentNames &names, const AttachmentLinks &links, const ChatSession &session, qint64 after)
    : QObject(&stream)
    , m_stream(stream)
    , m_store(store)
    , m_names(names)
    , m_links(links)
    , m_sessionId(session.id)
    , m_locale(session.locale)
    , m_lastSent(after)
{
    connect(&m_stream, &http::EventStream::drained, this, &SessionEventFeed::replay);
}

void SessionEventFeed::start()
{
    replay();
}

void SessionEventFeed::onMessageAdded(const ChatMessage &message, const QByteArray &frame)
{
    if (message.sessionId != m_sessionId || message.seq <= m_lastSent)
        return;
    if (m_caughtUp && message.seq == m_lastSent + 1) {
        m_lastSent = message.seq;
        // An agents' note takes its number in the session's sequence but is never sent to
        // the customer: passed over, so that the next message still follows on.
        if (message.role != Role::Note)
            m_stream.sendFrame(frame);
        return;
    }
    // Behind, or a seq skipped: the store has it and what comes before it.
    m_caughtUp = false;
    m_behind = true;
    replay();
}

void SessionEventFeed::replay()
{
    if (m_reading || m_caughtUp || !m_stream.hasRoom())
        return;
    m_reading = true;
    m_behind = false; // this read sees every message announced until now
    m_store.read(
        this,
        [id = m_sessionId, after = m_lastSent](
            Store &store) { return store.messagesAfter(id, after, PageSize); },
        [this](const QList<ChatMessage> &page) { pageRead(page); },
        [this](const std::exception_ptr &failure) {
            // The client reconnects with its Last-Event-ID and gets the rest then.
            m_reading = false;
            qCWarning(lcHttp, "Event stream replay failed: %s",
                qUtf8Printable(storeErrorOf(failure).message()));
            m_stream.close();
        });
}

void SessionEventFeed::pageRead(const QList<ChatMessage> &page)
{
    m_reading = false;
    qsizetype sent = 0;
    for (const ChatMessage &message : page) {
        if (message.seq <= m_lastSent) { // announced live while the page was being read
            ++sent;
            continue;
        }
        if (!m_stream.hasRoom())
            break; // the rest is read again once the client has read this
        send(message);
        ++sent;
    }
    // Caught up, unless a message announced while reading may have come after the page.
    if (sent == page.size() && page.size() < PageSize && !m_behind)
        m_caughtUp = true;
    replay();
}

void SessionEventFeed::send(const ChatMessage &message)
{
    m_lastSent = message.seq;
    if (message.role == Role::Note) // the agents' alone, as above
        return;
    m_stream.send(QByteArrayLiteral("message"),
        QJsonDocument(json::message(m_names.forCustomer(message, m_locale),
                          { m_links, AttachmentLinks::Audience::Customer }))
            .toJson(QJsonDocument::Compact),
        message.seq);
}

} // namespace frontline
