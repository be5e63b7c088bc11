// SPDX-License-Identifier: GPL-3.0-or-later
#include "responsetracker.h"

#include <algorithm>
#include <optional>

namespace frontline::http {

namespace {

// A head larger than this is not one QHttpServer wrote: let it through and close after it.
constexpr qsizetype MaxAnswerHead = 64 * 1024;

} // namespace

ResponseTracker::ResponseTracker(bool strictTransportSecurity)
    : m_strictTransportSecurity(strictTransportSecurity)
{
}

void ResponseTracker::expect(const RequestFramer::Head &request)
{
    m_request = request;
    m_state = State::Head;
    m_head.clear();
    m_closeAfter = false;
    m_ended = false;
}

bool ResponseTracker::takeEnded()
{
    return std::exchange(m_ended, false);
}

QByteArray ResponseTracker::write(QByteArrayView bytes)
{
    QByteArray out;
    while (!bytes.isEmpty()) {
        switch (m_state) {
        case State::Idle:
            return out; // nothing was asked: bytes after an answer's end would corrupt the next
        case State::Head: {
            const qsizetype searchFrom = std::max<qsizetype>(0, m_head.size() - 3);
            m_head += bytes;
            const qsizetype end = m_head.indexOf("\r\n\r\n", searchFrom);
            if (end < 0) {
                if (m_head.size() > MaxAnswerHead) {
                    out += std::exchange(m_head, {});
                    m_state = State::UntilClose;
                    m_closeAfter = true;
                }
                return out;
            }
            const QByteArray rest = m_head.sliced(end + 4);
            m_head.truncate(end + 4);
            out += completeHead();
            bytes = QByteArrayView(); // the rest continues below, from a copy
            if (!rest.isEmpty())
                out += write(rest);
            return out;
        }
        case State::Body:
        case State::SkipBody: {
            const qsizetype take = std::min(m_bodyRemaining, bytes.size());
            if (m_state == State::Body)
                out += bytes.first(take);
            bytes = bytes.sliced(take);
            m_bodyRemaining -= take;
            if (m_bodyRemaining == 0)
                end();
            break;
        }
        case State::UntilClose:
            if (!m_request.head)
                out += bytes;
            return out;
        }
    }
    return out;
}

QByteArray ResponseTracker::completeHead()
{
    const QByteArray head = std::exchange(m_head, {});
    const QList<QByteArray> lines = head.chopped(4).split('\n');
    const int status = lines.value(0).mid(9, 3).toInt();
    std::optional<qsizetype> contentLength;
    bool chunked = false;
    bool closes = false;
    bool hasHsts = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.first(colon).trimmed().toLower();
        const QByteArray value = line.sliced(colon + 1).trimmed();
        if (name == "content-length")
            contentLength = value.toLongLong();
        else if (name == "transfer-encoding")
            chunked = true;
        else if (name == "connection")
            closes |= value.toLower().contains("close");
        else if (name == "strict-transport-security")
            hasHsts = true;
    }
    QByteArray out = head.chopped(2);
    if (m_request.closeAfter && !closes)
        out += "Connection: close\r\n";
    // HTTP/1.0 keeps a connection only when the answer says so too.
    if (m_request.http10KeepAlive && !closes)
        out += "Connection: keep-alive\r\n";
    if (m_strictTransportSecurity && !hasHsts)
        out += "Strict-Transport-Security: max-age=31536000\r\n";
    out += "\r\n";
    m_closeAfter = m_request.closeAfter || closes;

    const bool noBody = status == 204 || status == 304 || (status >= 100 && status < 200);
    if (noBody || (m_request.head && !contentLength && !chunked)) {
        end();
    } else if (contentLength && !chunked) {
        m_bodyRemaining = *contentLength;
        m_state = m_request.head ? State::SkipBody : State::Body;
        if (m_bodyRemaining == 0)
            end();
    } else {
        // Delimited by the end of the connection (an event stream): nothing can follow it.
        m_state = State::UntilClose;
        m_closeAfter = true;
    }
    return out;
}

void ResponseTracker::end()
{
    m_state = State::Idle;
    m_ended = true;
}

} // namespace frontline::http
