// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QList>
#include <QPointer>

#include <functional>
#include <memory>

class QTcpSocket;

namespace frontline {

class DomainError;

// One API request being answered, now or later. It holds the responder and a guarded
// pointer to its socket, so a late answer (after the assistant, say) to a client that has
// gone is dropped instead of written to a freed socket. Extra headers (CORS, rate limits)
// gathered while handling go on whatever answer is sent, error or not.
class Exchange final
{
public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;

    explicit Exchange(QHttpServerResponder &&responder);
    Q_DISABLE_COPY_MOVE(Exchange)

    void addHeaders(const Headers &headers);
    bool hasHeader(const QByteArray &name) const;
    void reply(QHttpServerResponse &&response);
    // Answers with `error` as errorResponse() words it.
    void fail(const DomainError &error);
    // Runs `work`; a DomainError or StoreError it throws becomes the answer.
    void failOnError(const std::function<void()> &work);
    bool answered() const { return m_answered; }
    bool clientGone() const;
    // For streaming answers: hands the responder over (the exchange is then answered).
    QHttpServerResponder takeResponder();
    const Headers &headers() const { return m_headers; }

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
    Headers m_headers;
    bool m_answered = false;
};

using ExchangePtr = std::shared_ptr<Exchange>;

} // namespace frontline
