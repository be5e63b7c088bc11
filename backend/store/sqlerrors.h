// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sqldialect.h"

#include <QString>

class QSqlError;

namespace frontline::sql {

// What a failed statement says about itself, read from the driver's native error code: the
// store turns each into the StoreError kind its callers act on.

// A constraint refused the write (a duplicate key, a missing foreign row).
bool isConflict(SqlDialect dialect, const QSqlError &error);
// The statement waited for a lock, or ran, longer than the database timeout: the connection
// is fine, the database is busy (a long transaction, a table locked by an operator).
bool isBusy(SqlDialect dialect, const QSqlError &error);
// Errors that say nothing about the statement itself: the connection (or the file) is gone.
bool isUnavailable(SqlDialect dialect, const QSqlError &error);
// The driver's and the database's texts in one line, for messages.
QString oneLine(const QSqlError &error);

} // namespace frontline::sql
