// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

class QHttpServerRequest;

namespace frontline::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Other };

// "GET", "POST"...: what an Allow header or a "use GET" message says.
QString methodName(Method method);

// The request a route handler is given: Frontline's own view of it, so that code above http/
// does not depend on QtHttpServer (whose API changed in Qt 6.8). Valid during the handler's
// call only: a handler that answers later copies what it needs.
class Request final
{
public:
    // Made by the router; `pathArguments` are the parts of the path matched by "<arg>".
    explicit Request(const QHttpServerRequest &request, QStringList pathArguments = {});
    Q_DISABLE_COPY_MOVE(Request)

    Method method() const;
    QString path() const;
    QUrlQuery query() const;
    // The value of a header (its name in any case), empty when absent.
    QByteArray header(const QByteArray &name) const;
    QByteArray body() const;
    // The connection's peer: a proxy, perhaps (ClientAddress tells the client's address).
    QHostAddress peerAddress() const;
    // The part of the path matched by the route's "<arg>" (the first, or the index given).
    QString pathArgument(qsizetype index = 0) const;

private:
    const QHttpServerRequest &m_request;
    QStringList m_pathArguments;
};

} // namespace frontline::http
