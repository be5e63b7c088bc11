// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <stdexcept>

namespace frontline {

class StoreError;

// The one error type of the HTTP API. Thrown by routes and services; ApiResponder turns it
// into {"error":{"code","message"}} with its status (one place, see routing.cpp).
class ApiError : public std::runtime_error
{
public:
    ApiError(int status, QString code, const QString &message)
        : std::runtime_error(message.toStdString()),
          m_status(status),
          m_code(std::move(code)),
          m_message(message)
    {
    }

    int status() const { return m_status; }
    QString code() const { return m_code; }
    QString message() const { return m_message; }
    int retryAfterSeconds() const { return m_retryAfterSeconds; }
    ApiError &withRetryAfter(int seconds)
    {
        m_retryAfterSeconds = seconds;
        return *this;
    }

    static ApiError invalidJson(const QString &message) { return {400, QStringLiteral("invalid_json"), message}; }
    // `field` is named in the message so the caller knows what to fix.
    static ApiError invalidRequest(const QString &field, const QString &problem)
    {
        return {400, QStringLiteral("invalid_request"),
                QStringLiteral("Field \"%1\": %2").arg(field, problem)};
    }
    static ApiError unauthorized(const QString &message) { return {401, QStringLiteral("unauthorized"), message}; }
    static ApiError notFound(const QString &message) { return {404, QStringLiteral("not_found"), message}; }
    static ApiError sessionClosed()
    {
        return {409, QStringLiteral("session_closed"),
                QStringLiteral("This conversation is closed. Start a new session to write again.")};
    }
    static ApiError unavailable(const QString &message) { return {503, QStringLiteral("unavailable"), message}; }
    // What a client is told about a database failure (details go to the log only).
    static ApiError fromStoreError(const StoreError &error);

private:
    int m_status;
    QString m_code;
    QString m_message;
    int m_retryAfterSeconds = 0;
};

} // namespace frontline
