// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <stdexcept>

namespace frontline {

// Why something asked of Frontline cannot be done, in the domain's words: thrown by the
// services (chat, agents) and by the API's reading of requests. The kind is what sort of
// failure it is (the API turns it into an HTTP status, in one table: api/errorresponse.cpp);
// the code is the stable name clients test for; the message is a sentence for whoever asked,
// saying what to do next.
class DomainError : public std::runtime_error
{
public:
    enum class Kind {
        InvalidInput, // something sent cannot be used as it is (field() names it)
        TooLarge, // what was sent is over the size accepted
        UnsupportedFormat, // what was sent is in a format not understood
        NotSupported, // this operation is not offered there, another one is
        Unauthorized, // who asks is not known: no credential, a wrong or an expired one
        Forbidden, // who asks is known, but may not do this
        NotFound, // what the request names does not exist
        Conflict, // the state of things does not allow it (closed, owned by another, a clash)
        Limited, // too many such requests for now: retryAfterSeconds() says when to try again
        Gone, // what the request names existed but is no more (an expired link)
        Unavailable, // what it needs (the database, the sign-in checks) cannot take it now
        Failed, // something went wrong on the server's side
    };

    DomainError(Kind kind, QString code, const QString &message);

    Kind kind() const { return m_kind; }
    QString code() const { return m_code; }
    QString message() const { return m_message; }
    // The input at fault ("message", "provider.baseUrl"), or empty.
    QString field() const { return m_field; }
    // When trying again may succeed; 0 when there is no such advice.
    int retryAfterSeconds() const { return m_retryAfterSeconds; }
    DomainError &withRetryAfter(int seconds);

    // `problem` ends a sentence about `field` ("must be a string."): the message names the
    // field, for the developer whose client sent it.
    static DomainError invalidInput(const QString &field, const QString &problem);
    // A text someone typed was refused, and `sentence` says why on its own (the sanitizer's
    // words): it is the message as it is, fit to show to the person who typed it.
    static DomainError refusedText(const QString &field, const QString &sentence);
    static DomainError unauthorized(const QString &message);
    static DomainError forbidden(const QString &code, const QString &message);
    static DomainError notFound(const QString &message);
    static DomainError conflict(const QString &code, const QString &message);
    // A conflict caused by one field's value (a shortcut another canned response has).
    static DomainError conflictOn(
        const QString &field, const QString &code, const QString &message);
    static DomainError sessionClosed();

private:
    Kind m_kind;
    QString m_code;
    QString m_message;
    QString m_field;
    int m_retryAfterSeconds = 0;
};

} // namespace frontline
