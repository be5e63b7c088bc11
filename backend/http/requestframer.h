// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace frontline::http {

struct FramingLimits
{
    qsizetype maxHeaderBytes = 16 * 1024;
    qsizetype maxBodyBytes = 64 * 1024;
    // An upload (a POST to a path that ends in "/attachments": the file is the body) may be
    // this large instead.
    qsizetype maxUploadBytes = 10 * 1024 * 1024;
    // A knowledge base article (a POST or PUT under "/api/agent/knowledge": its Markdown body
    // may be 200 KiB, more once escaped in JSON) may be this large, whatever maxBodyBytes is;
    // the route says 413 article_too_large for an article over its own limit.
    qsizetype maxArticleBytes = 2 * 1024 * 1024;
};

// Follows HTTP/1.1 request framing incrementally, byte stream in, verdict out, so that the
// listener can refuse a request that breaks a limit before QHttpServer (which has none in
// Qt 6.4) buffers it. It builds no request objects and keeps only the current line, capped,
// in memory: any input is safe to feed it.
class RequestFramer final
{
public:
    enum class Verdict {
        NeedMore, // everything so far is fine
        Rejected, // see rejection(); answer and close the connection
    };
    struct Rejection
    {
        int status = 0; // 400 malformed, 411 chunked, 413 body, 431 head, 501 method, 505 version
        QByteArray reason;
        bool hostProblem = false; // a 400 for a missing or repeated Host header
        bool upload = false; // a 413 of an upload (over maxUploadBytes, not maxBodyBytes)
    };
    // What the listener needs to know of a request to answer it right.
    struct Head
    {
        bool head = false; // a HEAD request: its answer carries no body
        bool closeAfter = false; // "Connection: close", or HTTP/1.0 without keep-alive
        bool http10KeepAlive = false; // an HTTP/1.0 client that asked to keep the connection
        QByteArray forwardedFor; // X-Forwarded-For as sent (capped by the head limit)
    };

    explicit RequestFramer(FramingLimits limits = {});

    // Any split of the stream, down to one byte at a time, gives the same verdicts.
    Verdict feed(QByteArrayView bytes);
    // Like feed(), but stops right after the end of a request (or at a rejection), so that
    // the caller can cut the stream into requests: returns how many bytes it took.
    qsizetype feedUntilRequestEnds(QByteArrayView bytes);
    // The head of the request that ended last.
    Head lastHead() const { return m_lastHead; }
    Rejection rejection() const { return m_rejection; }
    // A request has started and is not complete yet (for the read timeout).
    bool inRequest() const { return m_inRequest; }
    // The body being read is an upload's (the listener gives it longer).
    bool readingUpload() const { return m_state == State::Body && m_upload; }
    int completedRequests() const { return m_completed; }
    // True once per head that carried "Expect: 100-continue" and announced a body: the
    // listener answers "100 Continue" so the client sends the body.
    bool takeContinueRequest();

private:
    enum class State { RequestLine, Headers, Body };

    bool processLine(QByteArrayView line);
    bool processRequestLine(QByteArrayView line);
    bool processHeader(QByteArrayView line);
    bool endOfHead();
    void completeRequest();
    bool reject(int status, const char *reason);

    FramingLimits m_limits;
    State m_state = State::RequestLine;
    QByteArray m_line;
    qsizetype m_headBytes = 0;
    qsizetype m_bodyRemaining = 0;
    std::optional<qsizetype> m_contentLength;
    bool m_chunked = false;
    bool m_expectContinue = false;
    bool m_continueRequested = false;
    bool m_inRequest = false;
    bool m_http10 = false;
    bool m_connectionClose = false;
    bool m_keepAlive = false;
    bool m_upload = false;
    bool m_article = false;
    int m_hostHeaders = 0;
    Head m_head;
    Head m_lastHead;
    int m_completed = 0;
    Rejection m_rejection;
};

} // namespace frontline::http
