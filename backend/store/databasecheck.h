// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

// Whether a database URL (as --database takes it) can be used, checked without changing
// anything: a PostgreSQL server is connected to and asked one query; an SQLite file that
// exists is opened read-only, one that does not yet exist needs a writable folder.
// Returns "" when it can, else one sentence saying what is wrong and what to do. Blocks:
// call it from a worker thread (it opens its own connection).
QString checkDatabaseConnection(const QString &url, const QString &baseDir);

} // namespace frontline
