// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssestream.h"

namespace frontline {

QList<SseStream::Event> SseStream::feed(const QByteArray &bytes)
{
    QList<Event> events;
    m_buffer += bytes;
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = m_buffer.indexOf('\n', start);
        if (end < 0)
            break;
        QByteArrayView line(m_buffer.constData() + start, end - start);
        start = end + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) { // a blank line ends the event
            if (m_hasData)
                events.append(m_current);
            m_current = {};
            m_hasData = false;
            continue;
        }
        if (line.startsWith(':'))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView field = colon < 0 ? line : line.first(colon);
        QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
        if (field == "data") {
            if (m_hasData)
                m_current.data += '\n';
            m_current.data += value.toByteArray();
            m_hasData = true;
        } else if (field == "event") {
            m_current.event = value.toByteArray();
        }
    }
    m_buffer.remove(0, start);
    return events;
}

} // namespace frontline
