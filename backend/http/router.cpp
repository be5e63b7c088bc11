// SPDX-License-Identifier: GPL-3.0-or-later
#include "router.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace frontline::http {

Router::Router(QObject *parent)
    : QObject(parent)
    , m_server(new QHttpServer(this))
    , m_missing(std::make_shared<Handler>())
{
    m_server->setMissingHandler(
        [missing = m_missing](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            if (*missing)
                (*missing)(Request(request), Responder(std::move(responder)));
        });
}

Router::~Router() = default;

void Router::add(Route route, OtherMethodHandler otherMethod)
{
    if (const auto known = m_paths.constFind(route.path); known != m_paths.cend()) {
        (*known)->routes.append(std::move(route));
        return;
    }
    const QString path = route.path;
    const auto routes = std::make_shared<PathRoutes>();
    routes->routes.append(std::move(route));
    routes->otherMethod = std::move(otherMethod);
    m_paths.insert(path, routes);
    // QtHttpServer gives the "<arg>" of a path as a handler argument: the handler's signature
    // depends on the path. One argument is all Frontline's paths have.
    const qsizetype arguments = path.count(QLatin1String("<arg>"));
    Q_ASSERT_X(arguments <= 1, "Router::add", "at most one <arg> per path");
    if (arguments == 0) {
        m_server->route(path,
            [this, routes](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                dispatch(*routes, Request(request), Responder(std::move(responder)));
            });
    } else {
        m_server->route(path,
            [this, routes](const QString &argument, const QHttpServerRequest &request,
                QHttpServerResponder &&responder) {
                dispatch(*routes, Request(request, { argument }), Responder(std::move(responder)));
            });
    }
}

void Router::setMissingHandler(Handler handler)
{
    *m_missing = std::move(handler);
}

void Router::bind(QTcpServer *listener)
{
    m_server->bind(listener);
}

void Router::dispatch(const PathRoutes &path, const Request &request, Responder &&responder) const
{
    for (const Route &route : path.routes) {
        if (route.method == request.method()) {
            route.handler(request, std::move(responder));
            return;
        }
    }
    if (path.otherMethod)
        path.otherMethod(request, std::move(responder), path.routes.first().method);
    else if (*m_missing)
        (*m_missing)(request, std::move(responder));
}

} // namespace frontline::http
