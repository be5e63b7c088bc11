// SPDX-License-Identifier: GPL-3.0-or-later
#include "webpages.h"

#include "frameancestors.h"
#include "response.h"
#include "router.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>

namespace frontline::http {

namespace {

struct WebFile
{
    const char *path; // where it is served
    const char *resource; // where it is compiled in
    const char *contentType;
    bool embeddable; // may be loaded by other sites (the widget's script)
};

constexpr WebFile Files[] = {
    { "/support/chat", ":/web/chat.html", "text/html; charset=utf-8", false },
    { "/support/chat.js", ":/web/chat.js", "text/javascript; charset=utf-8", false },
    { "/support/texts.js", ":/web/texts.js", "text/javascript; charset=utf-8", false },
    { "/support/chat.css", ":/web/chat.css", "text/css; charset=utf-8", false },
    { "/widget.js", ":/web/widget.js", "text/javascript; charset=utf-8", true },
};

QByteArray contentSecurityPolicy(const FrameAncestors &frameAncestors)
{
    return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src "
           "'self' data:; "
           "base-uri 'none'; form-action 'none'; frame-ancestors "
        + frameAncestors.policySources();
}

// GET and HEAD of one file.
Router::Handler fileHandler(const WebFile &file, const QByteArray &policy)
{
    QFile resource(QLatin1String(file.resource));
    if (!resource.open(QIODevice::ReadOnly))
        qFatal("The web page resource %s is missing from the build", file.resource);
    const QByteArray body = resource.readAll();
    const QByteArray etag
        = '"' + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(32) + '"';
    const QByteArray contentType = file.contentType;
    const bool embeddable = file.embeddable;
    return [=](const Request &request, Responder &&responder) {
        Response response;
        if (request.header(QByteArrayLiteral("If-None-Match")) == etag)
            response.status = Status::NotModified;
        else
            response = { Status::Ok, contentType, body,
                {} }; // for HEAD too: the listener drops the body, keeps its length
        response.setHeader(QByteArrayLiteral("ETag"), etag);
        // Revalidated at each load, so a new version of Frontline is seen at once.
        response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache"));
        response.setHeader(QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer"));
        response.setHeader(QByteArrayLiteral("Content-Security-Policy"), policy);
        if (embeddable)
            response.setHeader(QByteArrayLiteral("Cross-Origin-Resource-Policy"),
                QByteArrayLiteral("cross-origin"));
        responder.answer(response);
    };
}

void refuseMethod(const Request &, Responder &&responder, Method)
{
    responder.answer(error(Status::MethodNotAllowed, QStringLiteral("method_not_allowed"),
        QCoreApplication::translate("WebPages", "Use GET for this page.")));
}

} // namespace

void addWebPages(Router &router, const FrameAncestors &frameAncestors)
{
    const QByteArray policy = contentSecurityPolicy(frameAncestors);
    for (const WebFile &file : Files) {
        const QString path = QLatin1String(file.path);
        const Router::Handler handler = fileHandler(file, policy);
        router.add({ Method::Get, path, handler }, &refuseMethod);
        router.add({ Method::Head, path, handler });
    }
}

} // namespace frontline::http
