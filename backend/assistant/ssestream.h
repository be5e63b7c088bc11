// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

namespace frontline {

// Reads a server-sent-events stream as it arrives (the OpenAI streaming format): events may
// be split across reads anywhere, lines may end in LF or CRLF, comment lines (":") are
// skipped and several "data:" lines join with a newline.
class SseStream final
{
public:
    struct Event
    {
        QByteArray event; // empty when the server named none
        QByteArray data;
    };

    // The events completed by `bytes`.
    QList<Event> feed(const QByteArray &bytes);
    // Bytes of an event that has not ended yet (a stream cut short leaves some).
    bool hasPartialEvent() const { return !m_buffer.isEmpty() || !m_current.data.isEmpty(); }

private:
    QByteArray m_buffer; // an unfinished line
    Event m_current;
    bool m_hasData = false;
};

} // namespace frontline
