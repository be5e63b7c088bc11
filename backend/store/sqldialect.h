// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace frontline {

enum class SqlDialect { Sqlite, Postgresql };

inline QString sqlDialectName(SqlDialect dialect)
{
    return dialect == SqlDialect::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

} // namespace frontline
