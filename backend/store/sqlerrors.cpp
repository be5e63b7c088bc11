// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlerrors.h"

#include <QSqlError>

namespace frontline::sql {

bool isConflict(SqlDialect dialect, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (dialect == SqlDialect::Postgresql)
        return code.startsWith(QLatin1String("23")); // integrity constraint violation
    return (code.toInt() & 0xff) == 19; // SQLITE_CONSTRAINT and its extended codes
}

bool isBusy(SqlDialect dialect, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (dialect == SqlDialect::Postgresql) // query_canceled (statement_timeout), lock_not_available
                                           // (lock_timeout)
        return code == QLatin1String("57014") || code == QLatin1String("55P03");
    const int primary = code.toInt() & 0xff;
    return primary == 5 /*BUSY*/ || primary == 6 /*LOCKED*/;
}

bool isUnavailable(SqlDialect dialect, const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    if (dialect == SqlDialect::Postgresql) {
        // A SQLSTATE from the server names a statement problem, except these classes:
        // connection exception, operator intervention (shutdown), insufficient resources.
        return code.size() != 5 || code.startsWith(QLatin1String("08"))
            || code.startsWith(QLatin1String("57")) || code.startsWith(QLatin1String("53"));
    }
    const int primary = code.toInt() & 0xff;
    return primary == 8 /*READONLY*/
        || primary == 10 /*IOERR*/ || primary == 13 /*FULL*/ || primary == 14 /*CANTOPEN*/;
}

QString oneLine(const QSqlError &error)
{
    QString text = error.databaseText().trimmed();
    const QString driverText = error.driverText().trimmed();
    if (text.isEmpty())
        text = driverText;
    else if (!driverText.isEmpty() && !text.contains(driverText))
        text = driverText + QStringLiteral(": ") + text;
    return text.simplified();
}

} // namespace frontline::sql
