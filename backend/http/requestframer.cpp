// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestframer.h"

#include <algorithm>
#include <utility>

namespace frontline::http {

namespace {

// RFC 9110 tchar.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool hasControl(QByteArrayView text, bool allowTab)
{
    return std::any_of(text.begin(), text.end(), [allowTab](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && !(allowTab && c == '\t')) || u == 0x7F;
    });
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t'))
        text.chop(1);
    return text;
}

} // namespace

RequestFramer::RequestFramer(FramingLimits limits)
    : m_limits(limits)
{
}

bool RequestFramer::takeContinueRequest()
{
    const bool requested = m_continueRequested;
    m_continueRequested = false;
    return requested;
}

RequestFramer::Verdict RequestFramer::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && m_rejection.status == 0)
        bytes = bytes.sliced(feedUntilRequestEnds(bytes));
    return m_rejection.status == 0 ? Verdict::NeedMore : Verdict::Rejected;
}

qsizetype RequestFramer::feedUntilRequestEnds(QByteArrayView bytes)
{
    const int completedBefore = m_completed;
    qsizetype i = 0;
    while (i < bytes.size() && m_rejection.status == 0 && m_completed == completedBefore) {
        if (m_state == State::Body) {
            const qsizetype take = std::min(m_bodyRemaining, bytes.size() - i);
            m_bodyRemaining -= take;
            i += take;
            if (m_bodyRemaining == 0)
                completeRequest();
            continue;
        }
        const char c = bytes[i++];
        if (m_state == State::RequestLine && !m_inRequest && (c == '\r' || c == '\n'))
            continue; // empty lines before a request are allowed (RFC 9112 2.2)
        m_inRequest = true;
        if (++m_headBytes > m_limits.maxHeaderBytes) {
            reject(431, "request head too large");
            break;
        }
        if (c != '\n') {
            // A method is a token: anything else at the start (a TLS handshake sent to the
            // plain port, binary noise) is refused at once instead of waiting for a line end.
            if (m_state == State::RequestLine && !m_line.contains(' ') && c != ' ' && c != '\r'
                && !isTokenChar(c)) {
                reject(400, "malformed method");
                break;
            }
            m_line.append(c);
            continue;
        }
        QByteArrayView line(m_line);
        if (line.endsWith('\r'))
            line.chop(1);
        const bool fine = processLine(line);
        m_line.clear();
        if (!fine)
            break;
    }
    return i;
}

bool RequestFramer::processLine(QByteArrayView line)
{
    if (m_state == State::RequestLine)
        return processRequestLine(line);
    if (line.isEmpty())
        return endOfHead();
    return processHeader(line);
}

bool RequestFramer::processRequestLine(QByteArrayView line)
{
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    if (first <= 0 || last == first)
        return reject(400, "malformed request line");
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, last - first - 1);
    const QByteArrayView version = line.sliced(last + 1);

    if (!isToken(method))
        return reject(400, "malformed method");
    static const QByteArrayView known[]
        = { "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" };
    if (std::none_of(
            std::begin(known), std::end(known), [&](QByteArrayView m) { return m == method; }))
        return reject(501, "unsupported method");
    if (target.isEmpty() || hasControl(target, false) || target.contains(' ')
        || !(target.front() == '/' || (target == "*" && method == "OPTIONS")))
        return reject(400, "malformed request target");
    if (version == "HTTP/1.1" || version == "HTTP/1.0") {
        m_http10 = version == "HTTP/1.0";
        const qsizetype query = target.indexOf('?');
        const QByteArrayView path = query < 0 ? target : target.first(query);
        m_upload = method == "POST" && path.endsWith("/attachments");
        m_article = (method == "POST" || method == "PUT")
            && (path == "/api/agent/knowledge" || path.startsWith("/api/agent/knowledge/"));
        m_head.head = method == "HEAD";
        m_state = State::Headers;
        return true;
    }
    if (version.size() == 8 && version.startsWith("HTTP/") && isDigit(version[5])
        && version[6] == '.' && isDigit(version[7]))
        return reject(505, "unsupported HTTP version");
    return reject(400, "malformed HTTP version");
}

bool RequestFramer::processHeader(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t')
        return reject(400, "obsolete line folding");
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || !isToken(line.first(colon)))
        return reject(400, "malformed header name");
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (hasControl(value, true))
        return reject(400, "control character in a header value");

    if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
        if (value.isEmpty() || value.size() > 15
            || !std::all_of(value.begin(), value.end(), isDigit))
            return reject(400, "malformed Content-Length");
        const qsizetype length = value.toLongLong();
        if (m_contentLength && *m_contentLength != length)
            return reject(400, "conflicting Content-Length");
        m_contentLength = length;
    } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
        m_chunked = true;
    } else if (name.compare("Expect", Qt::CaseInsensitive) == 0) {
        m_expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
    } else if (name.compare("Host", Qt::CaseInsensitive) == 0) {
        ++m_hostHeaders;
    } else if (name.compare("Connection", Qt::CaseInsensitive) == 0) {
        for (const QByteArray &option : value.toByteArray().split(',')) {
            const QByteArray token = option.trimmed();
            m_connectionClose |= token.compare("close", Qt::CaseInsensitive) == 0;
            m_keepAlive |= token.compare("keep-alive", Qt::CaseInsensitive) == 0;
        }
    } else if (name.compare("X-Forwarded-For", Qt::CaseInsensitive) == 0) {
        // Several headers are one list (RFC 9110 5.3), in the order they came.
        if (!m_head.forwardedFor.isEmpty())
            m_head.forwardedFor += ',';
        m_head.forwardedFor += value.toByteArray();
    }
    return true;
}

bool RequestFramer::endOfHead()
{
    // RFC 9112 3.2: exactly one Host in HTTP/1.1, at most one in HTTP/1.0. Two hosts are
    // how a request smuggles itself past a proxy that reads the other one.
    if (m_hostHeaders > 1 || (m_hostHeaders == 0 && !m_http10)) {
        reject(400, "missing or repeated Host header");
        m_rejection.hostProblem = true;
        return false;
    }
    m_head.closeAfter = m_connectionClose || (m_http10 && !m_keepAlive);
    m_head.http10KeepAlive = m_http10 && m_keepAlive && !m_connectionClose;
    if (m_chunked)
        return reject(411, "Transfer-Encoding in a request");
    const qsizetype length = m_contentLength.value_or(0);
    const qsizetype limit = m_upload ? m_limits.maxUploadBytes
        : m_article                  ? std::max(m_limits.maxBodyBytes, m_limits.maxArticleBytes)
                                     : m_limits.maxBodyBytes;
    if (length > limit) {
        reject(413, "body too large");
        m_rejection.upload = m_upload;
        return false;
    }
    if (length == 0) {
        completeRequest();
        return true;
    }
    m_continueRequested = m_expectContinue;
    m_bodyRemaining = length;
    m_state = State::Body;
    return true;
}

void RequestFramer::completeRequest()
{
    m_lastHead = std::exchange(m_head, Head {});
    m_http10 = false;
    m_connectionClose = false;
    m_keepAlive = false;
    m_hostHeaders = 0;
    ++m_completed;
    m_state = State::RequestLine;
    m_inRequest = false;
    m_headBytes = 0;
    m_bodyRemaining = 0;
    m_contentLength.reset();
    m_chunked = false;
    m_expectContinue = false;
}

bool RequestFramer::reject(int status, const char *reason)
{
    m_rejection = { status, QByteArray(reason), false };
    m_line.clear();
    return false;
}

} // namespace frontline::http
