// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "request.h"
#include "responder.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

class QHttpServer;
class QTcpServer;

namespace frontline::http {

// The one owner of QtHttpServer: every route, the answer to unknown paths and the binding to
// the listener go through it, so that a port to another QtHttpServer API (Qt 6.8 changed it)
// touches http/ only. Handlers get Frontline's own Request and Responder.
//
// A path may have a route per method. A request for a known path with another method goes
// to the path's other-method handler (each API area answers it in its own way: a preflight, a
// 405 that names the method to use), or, without one, is unknown like a path without routes.
// Paths are matched in the order they were first added; "<arg>" matches one path segment,
// given to the handler as request.pathArgument().
//
// The connections it serves are its children (through QHttpServer), so they live and go with
// its owner.
class Router final : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<void(const Request &request, Responder &&responder)>;
    // `expected` is the method of the path's first route.
    using OtherMethodHandler
        = std::function<void(const Request &request, Responder &&responder, Method expected)>;

    struct Route
    {
        Method method;
        QString path;
        Handler handler;
    };

    explicit Router(QObject *parent = nullptr);
    ~Router() override;
    Q_DISABLE_COPY_MOVE(Router)

    // `otherMethod` counts for the route's path when it is the path's first route.
    void add(Route route, OtherMethodHandler otherMethod = {});
    // Answers requests for paths no route has.
    void setMissingHandler(Handler handler);
    // Serves the connections `listener` accepts. QtHttpServer 6.4 makes the listener its own
    // child: it goes with the router.
    void bind(QTcpServer *listener);

private:
    struct PathRoutes
    {
        QList<Route> routes;
        OtherMethodHandler otherMethod;
    };

    void dispatch(const PathRoutes &path, const Request &request, Responder &&responder) const;

    QHttpServer *m_server; // a child
    QHash<QString, std::shared_ptr<PathRoutes>> m_paths;
    std::shared_ptr<Handler> m_missing;
};

} // namespace frontline::http
