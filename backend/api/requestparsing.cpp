// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestparsing.h"

#include "domain/attachment.h"
#include "domain/domainerror.h"
#include "domain/replymarker.h"
#include "http/request.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>

namespace frontline {

QString bearerToken(const http::Request &request)
{
    const QByteArray header = request.header(QByteArrayLiteral("Authorization")).trimmed();
    if (header.size() > 7 && header.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        return QString::fromLatin1(header.mid(7).trimmed());
    return {};
}

// A string field: absent or null gives an empty string; any other type is refused.
QString stringField(const QJsonObject &body, const QString &name, bool required, int maxLength)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            throw DomainError::invalidInput(
                name, QCoreApplication::translate("RequestParsing", "is required."));
        return {};
    }
    if (!value.isString())
        throw DomainError::invalidInput(
            name, QCoreApplication::translate("RequestParsing", "must be a string."));
    const QString text = value.toString();
    if (required && text.isEmpty())
        throw DomainError::invalidInput(
            name, QCoreApplication::translate("RequestParsing", "must not be empty."));
    if (text.size() > maxLength)
        throw DomainError::invalidInput(name,
            QCoreApplication::translate(
                "RequestParsing", "is longer than %n character(s).", nullptr, int(maxLength)));
    return text;
}

std::optional<qint64> unixSecondsField(const QJsonObject &body, const QString &name)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    // Whole seconds from 1970 to 9999; a string or a fraction is a client mistake worth naming.
    const double seconds = value.toDouble(-1);
    if (!value.isDouble() || seconds != std::floor(seconds) || seconds < 0
        || seconds > 253402300799.0)
        throw DomainError::invalidInput(name,
            QCoreApplication::translate(
                "RequestParsing", "must be a time in whole Unix seconds, such as %1.")
                .arg(1767225600));
    return static_cast<qint64>(seconds);
}

QString clientMessageId(const QJsonObject &body)
{
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9._~:-]{1,100}$"));
    const QString id = stringField(body, QStringLiteral("clientMessageId"), false, 100);
    if (!id.isEmpty() && (!allowed.match(id).hasMatch() || isReplyMarker(id)))
        throw DomainError::invalidInput(QStringLiteral("clientMessageId"),
            QCoreApplication::translate("RequestParsing",
                "use 1 to 100 letters, digits or . _ ~ : - "
                "(a UUID is a good choice)."));
    return id;
}

QStringList attachmentIds(const QJsonObject &body)
{
    const QString name = QStringLiteral("attachments");
    const QJsonValue value = body.value(name);
    if (value.isUndefined() || value.isNull())
        return {};
    const auto refuse = [&] {
        return DomainError::invalidInput(name,
            QCoreApplication::translate("RequestParsing",
                "must be a list of at most %1 attachment ids, as uploading each file answered.")
                .arg(MaxAttachmentsPerMessage));
    };
    if (!value.isArray() || value.toArray().size() > MaxAttachmentsPerMessage)
        throw refuse();
    QStringList ids;
    for (const QJsonValue &id : value.toArray()) {
        if (!id.isString() || id.toString().isEmpty() || id.toString().size() > 100)
            throw refuse();
        ids.append(id.toString());
    }
    return ids;
}

QString stringParameter(const QUrlQuery &query, const QString &name, bool required, int maxLength)
{
    const QString value = query.queryItemValue(name, QUrl::FullyDecoded);
    if (required && value.isEmpty())
        throw DomainError::invalidInput(
            name, QCoreApplication::translate("RequestParsing", "is required in the URL."));
    if (value.size() > maxLength)
        throw DomainError::invalidInput(name,
            QCoreApplication::translate(
                "RequestParsing", "is longer than %n character(s).", nullptr, int(maxLength)));
    return value;
}

QString uploadClientId(const QUrlQuery &query)
{
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9._~:-]{1,100}$"));
    const QString id = query.queryItemValue(QStringLiteral("clientId"), QUrl::FullyDecoded);
    if (query.hasQueryItem(QStringLiteral("clientId")) && !allowed.match(id).hasMatch())
        throw DomainError::invalidInput(QStringLiteral("clientId"),
            QCoreApplication::translate("RequestParsing",
                "use 1 to 100 letters, digits or . _ ~ : - "
                "(a UUID is a good choice)."));
    return id;
}

qint64 integerParameter(
    const QUrlQuery &query, const QString &name, qint64 fallback, qint64 min, qint64 max)
{
    if (!query.hasQueryItem(name))
        return fallback;
    bool ok = false;
    const qint64 value = query.queryItemValue(name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        throw DomainError::invalidInput(name,
            QCoreApplication::translate("RequestParsing", "must be a whole number from %1 to %2.")
                .arg(min)
                .arg(max));
    return value;
}

QJsonObject jsonBody(const http::Request &request, qsizetype maxBodyBytes)
{
    return decodeJsonBody(
        request.body(), request.header(QByteArrayLiteral("Content-Type")), maxBodyBytes);
}

QJsonObject decodeJsonBody(
    const QByteArray &body, const QByteArray &contentType, qsizetype maxBodyBytes)
{
    if (body.size() > maxBodyBytes)
        throw DomainError(DomainError::Kind::TooLarge, QStringLiteral("payload_too_large"),
            QCoreApplication::translate(
                "RequestParsing", "The request body is larger than %1 bytes.")
                .arg(maxBodyBytes));
    const QByteArray type = contentType.trimmed().toLower();
    const bool isJson = type.startsWith("application/json");
    if (body.trimmed().isEmpty() && (type.isEmpty() || isJson))
        return {};
    if (!isJson)
        throw DomainError(DomainError::Kind::UnsupportedFormat,
            QStringLiteral("unsupported_media_type"),
            QCoreApplication::translate("RequestParsing",
                "Send the body as JSON with \"Content-Type: application/json\"."));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        throw DomainError(DomainError::Kind::InvalidInput, QStringLiteral("invalid_json"),
            QCoreApplication::translate(
                "RequestParsing", "The body is not valid JSON (%1 at byte %2).")
                .arg(error.errorString())
                .arg(error.offset));
    if (!document.isObject())
        throw DomainError(DomainError::Kind::InvalidInput, QStringLiteral("invalid_json"),
            QCoreApplication::translate("RequestParsing", "The body must be a JSON object."));
    return document.object();
}

} // namespace frontline
