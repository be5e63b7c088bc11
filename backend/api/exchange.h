// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/responder.h"
#include "http/response.h"

#include <exception>
#include <functional>
#include <memory>

namespace frontline {

class DomainError;

// One API request being answered, now or later. Its responder drops a late answer (after the
// assistant, say) to a client that has gone. Extra headers (CORS, rate limits) gathered while
// handling go on whatever answer is sent, error or not.
class Exchange final
{
public:
    using Headers = http::HeaderList;

    explicit Exchange(http::Responder &&responder);
    Q_DISABLE_COPY_MOVE(Exchange)

    void addHeaders(const Headers &headers);
    bool hasHeader(const QByteArray &name) const;
    void reply(http::Response &&response);
    // Answers with `error` as errorResponse() words it.
    void fail(const DomainError &error);
    // Answers with what `error` holds: a DomainError or a StoreError as errorResponse() words
    // it, anything else as an internal failure.
    void fail(const std::exception_ptr &error);
    // Runs `work`; a DomainError or StoreError it throws becomes the answer.
    void failOnError(const std::function<void()> &work);
    bool answered() const { return m_answered; }
    bool clientGone() const;
    // For streaming answers: hands the responder over (the exchange is then answered).
    http::Responder takeResponder();
    const Headers &headers() const { return m_headers; }

private:
    http::Responder m_responder;
    Headers m_headers;
    bool m_answered = false;
};

using ExchangePtr = std::shared_ptr<Exchange>;

} // namespace frontline
