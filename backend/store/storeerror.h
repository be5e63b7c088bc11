// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <stdexcept>

namespace frontline {

// Thrown by the store. The message is a sentence a user or operator can act on; it never
// contains a password.
class StoreError : public std::runtime_error
{
public:
    enum class Kind {
        Unavailable, // the database cannot be reached or opened
        SchemaTooNew, // written by a newer Frontline; refused so nothing is damaged
        InvalidDatabase, // not a database, or not one of ours
        Conflict, // a constraint refused the write (duplicate username, ...)
        NotFound, // the row the operation needs does not exist
        Busy, // a statement waited for a lock, or ran, past the database timeout
        Changed, // the row is no longer as the write required (the session changed hands)
        Failed, // any other statement error
    };

    StoreError(Kind kind, const QString &message)
        : std::runtime_error(message.toStdString())
        , m_kind(kind)
        , m_message(message)
    {
    }

    Kind kind() const { return m_kind; }
    QString message() const { return m_message; }

private:
    Kind m_kind;
    QString m_message;
};

} // namespace frontline
