// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sqldialect.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace frontline {

// SQL lives in resource files, one per query, loaded by name:
//   :/sql/queries/<dialect>/<name>.sql   where the dialects differ, else
//   :/sql/queries/common/<name>.sql
// and numbered migrations in :/sql/migrations/<dialect>/NNNN_description.sql.
class SqlQueries final
{
public:
    explicit SqlQueries(SqlDialect dialect);

    // The text of a query; throws StoreError(Failed) naming the file if it does not exist,
    // which is a packaging bug, not a user error.
    QString text(const QString &name) const;

    struct Migration
    {
        int version = 0;
        QString name; // file name without extension
        QString script;
    };
    // Sorted by version.
    QList<Migration> migrations() const;

    // Splits a script into statements at semicolons outside quotes and comments, so one file
    // can hold several statements (drivers execute one at a time). A SQLite trigger is one
    // statement, up to the semicolon after its END.
    static QStringList splitStatements(const QString &script);

private:
    SqlDialect m_dialect;
    mutable QHash<QString, QString> m_cache;
};

} // namespace frontline
