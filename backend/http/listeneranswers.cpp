// SPDX-License-Identifier: GPL-3.0-or-later
#include "listeneranswers.h"

#include "response.h"

#include <QCoreApplication>
#include <QJsonDocument>

namespace frontline::http {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 411:
        return QByteArrayLiteral("Length Required");
    case 413:
        return QByteArrayLiteral("Payload Too Large");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        return QByteArrayLiteral("Error");
    }
}

QByteArray errorCode(int status)
{
    switch (status) {
    case 408:
        return QByteArrayLiteral("request_timeout");
    case 411:
        return QByteArrayLiteral("length_required");
    case 413:
        return QByteArrayLiteral("payload_too_large");
    case 431:
        return QByteArrayLiteral("headers_too_large");
    case 503:
        return QByteArrayLiteral("too_many_connections");
    default:
        return QByteArrayLiteral("bad_request");
    }
}

} // namespace

QByteArray listenerAnswer(
    int status, const QString &message, int retryAfterSeconds, const QByteArray &code)
{
    const QByteArray body = QJsonDocument(
        errorBody(QString::fromLatin1(code.isEmpty() ? errorCode(status) : code), message))
                                .toJson(QJsonDocument::Compact);
    QByteArray answer = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nConnection: "
          "close\r\n";
    if (retryAfterSeconds > 0)
        answer += "Retry-After: " + QByteArray::number(retryAfterSeconds) + "\r\n";
    return answer + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QString refusalMessage(const RequestFramer::Rejection &rejection, const FramingLimits &limits)
{
    switch (rejection.status) {
    case 408:
        return QCoreApplication::translate("HttpListener", "The request was not received in time.");
    case 411:
        return QCoreApplication::translate("HttpListener",
            "Send the body with a Content-Length header (chunked requests are not accepted).");
    case 413:
        if (rejection.upload)
            return QCoreApplication::translate("HttpListener",
                "The file is larger than %1 MiB, the most this server accepts: send a smaller "
                "one (the operator sets the limit with FRONTLINE_MAX_ATTACHMENT_BYTES).")
                .arg(QString::number(double(limits.maxUploadBytes) / (1024.0 * 1024.0), 'f', 1));
        return QCoreApplication::translate(
            "HttpListener", "The request body is larger than %1 bytes.")
            .arg(limits.maxBodyBytes);
    case 431:
        return QCoreApplication::translate(
            "HttpListener", "The request headers are larger than %1 bytes.")
            .arg(limits.maxHeaderBytes);
    case 501:
        return QCoreApplication::translate("HttpListener", "This request method is not supported.");
    case 505:
        return QCoreApplication::translate("HttpListener", "Use HTTP/1.1.");
    default:
        if (rejection.hostProblem)
            return QCoreApplication::translate("HttpListener", "Send exactly one Host header.");
        return QCoreApplication::translate("HttpListener", "The request is not valid HTTP.");
    }
}

QString overCapMessage()
{
    return QCoreApplication::translate("HttpListener",
        "Too many connections from your address; "
        "close some and try again.");
}

} // namespace frontline::http
