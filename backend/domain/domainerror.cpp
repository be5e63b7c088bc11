// SPDX-License-Identifier: GPL-3.0-or-later
#include "domainerror.h"

namespace frontline {

DomainError::DomainError(Kind kind, QString code, const QString &message)
    : std::runtime_error(message.toStdString())
    , m_kind(kind)
    , m_code(std::move(code))
    , m_message(message)
{
}

DomainError &DomainError::withRetryAfter(int seconds)
{
    m_retryAfterSeconds = seconds;
    return *this;
}

DomainError DomainError::invalidInput(const QString &field, const QString &problem)
{
    DomainError error(Kind::InvalidInput, QStringLiteral("invalid_request"),
        QStringLiteral("Field \"%1\": %2").arg(field, problem));
    error.m_field = field;
    return error;
}

DomainError DomainError::refusedText(const QString &field, const QString &sentence)
{
    DomainError error(Kind::InvalidInput, QStringLiteral("invalid_request"), sentence);
    error.m_field = field;
    return error;
}

DomainError DomainError::unauthorized(const QString &message)
{
    return { Kind::Unauthorized, QStringLiteral("unauthorized"), message };
}

DomainError DomainError::forbidden(const QString &code, const QString &message)
{
    return { Kind::Forbidden, code, message };
}

DomainError DomainError::notFound(const QString &message)
{
    return { Kind::NotFound, QStringLiteral("not_found"), message };
}

DomainError DomainError::conflict(const QString &code, const QString &message)
{
    return { Kind::Conflict, code, message };
}

DomainError DomainError::conflictOn(
    const QString &field, const QString &code, const QString &message)
{
    DomainError error(Kind::Conflict, code, message);
    error.m_field = field;
    return error;
}

DomainError DomainError::sessionClosed()
{
    return conflict(QStringLiteral("session_closed"),
        QStringLiteral("This conversation is closed. Start a new session to write again."));
}

} // namespace frontline
