// SPDX-License-Identifier: GPL-3.0-or-later
#include "exchange.h"

#include "core/logging.h"
#include "domain/domainerror.h"
#include "errorresponse.h"
#include "http/response.h"
#include "store/storeerror.h"
#include "store/storeerrormapping.h"

#include <algorithm>

namespace frontline {

namespace {

DomainError internalFailure()
{
    return DomainError(DomainError::Kind::Failed, QStringLiteral("internal"),
        QStringLiteral("The server failed to answer this request; try again."));
}

} // namespace

Exchange::Exchange(http::Responder &&responder)
    : m_responder(std::move(responder))
{
}

void Exchange::addHeaders(const Headers &headers)
{
    m_headers.append(headers);
}

bool Exchange::hasHeader(const QByteArray &name) const
{
    return std::any_of(m_headers.cbegin(), m_headers.cend(),
        [&](const auto &header) { return header.first.compare(name, Qt::CaseInsensitive) == 0; });
}

void Exchange::failOnError(const std::function<void()> &work)
{
    try {
        work();
    } catch (const DomainError &error) {
        fail(error);
    } catch (const StoreError &error) {
        fail(toDomainError(error));
    }
}

void Exchange::fail(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const DomainError &domainError) {
        fail(domainError);
    } catch (const StoreError &storeError) {
        fail(toDomainError(storeError));
    } catch (const std::exception &other) {
        qCWarning(lcHttp, "A request failed unexpectedly: %s", other.what());
        fail(internalFailure());
    } catch (...) {
        qCWarning(lcHttp, "A request failed unexpectedly");
        fail(internalFailure());
    }
}

bool Exchange::clientGone() const
{
    return m_responder.clientGone();
}

void Exchange::reply(http::Response &&response)
{
    if (m_answered)
        return;
    m_answered = true;
    for (const auto &[name, value] : m_headers)
        response.setHeader(name, value);
    m_responder.answer(response);
}

void Exchange::fail(const DomainError &error)
{
    reply(errorResponse(error));
}

http::Responder Exchange::takeResponder()
{
    m_answered = true;
    return std::move(m_responder);
}

} // namespace frontline
