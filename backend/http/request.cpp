// SPDX-License-Identifier: GPL-3.0-or-later
#include "request.h"

#include <QHttpServerRequest>

namespace frontline::http {

QString methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return QStringLiteral("GET");
    case Method::Head:
        return QStringLiteral("HEAD");
    case Method::Post:
        return QStringLiteral("POST");
    case Method::Put:
        return QStringLiteral("PUT");
    case Method::Patch:
        return QStringLiteral("PATCH");
    case Method::Delete:
        return QStringLiteral("DELETE");
    case Method::Options:
        return QStringLiteral("OPTIONS");
    case Method::Other:
        break;
    }
    return QString();
}

Request::Request(const QHttpServerRequest &request, QStringList pathArguments)
    : m_request(request)
    , m_pathArguments(std::move(pathArguments))
{
}

Method Request::method() const
{
    switch (m_request.method()) {
    case QHttpServerRequest::Method::Get:
        return Method::Get;
    case QHttpServerRequest::Method::Head:
        return Method::Head;
    case QHttpServerRequest::Method::Post:
        return Method::Post;
    case QHttpServerRequest::Method::Put:
        return Method::Put;
    case QHttpServerRequest::Method::Patch:
        return Method::Patch;
    case QHttpServerRequest::Method::Delete:
        return Method::Delete;
    case QHttpServerRequest::Method::Options:
        return Method::Options;
    default:
        return Method::Other;
    }
}

QString Request::path() const
{
    return m_request.url().path();
}

QUrlQuery Request::query() const
{
    return m_request.query();
}

QByteArray Request::header(const QByteArray &name) const
{
    return m_request.value(name);
}

QByteArray Request::body() const
{
    return m_request.body();
}

QHostAddress Request::peerAddress() const
{
    return m_request.remoteAddress();
}

QString Request::pathArgument(qsizetype index) const
{
    return m_pathArguments.value(index);
}

} // namespace frontline::http
