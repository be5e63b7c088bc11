// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QVariant>

#include <optional>

namespace frontline::sql {

// Values as both dialects store them: times as milliseconds since the epoch (UTC), optional
// text as NULL rather than an empty string.
QVariant timeValue(const QDateTime &time);
QDateTime timeFrom(const QVariant &value);
QVariant textOrNull(const QString &text);

inline void bind(QSqlQuery &query, const char *placeholder, const QVariant &value)
{
    query.bindValue(QLatin1Char(':') + QLatin1String(placeholder), value);
}

// One row of a result, read by column name. QSqlQuery::value(name) rebuilds the result's
// record on every call, which Qt's PostgreSQL driver does at a real cost (a fifth of the
// send path in the benchmark's profile); here the record is taken once per result.
// With a prefix, the row reads the columns named prefix + name: a query that joins two
// entities names the second one's columns so.
class Row
{
public:
    explicit Row(const QSqlQuery &query, QLatin1String prefix = {})
        : m_query(query)
        , m_record(query.record())
        , m_prefix(prefix)
    {
    }

    QVariant value(const char *column) const
    {
        const int index = m_prefix.isEmpty() ? m_record.indexOf(QLatin1String(column))
                                             : m_record.indexOf(m_prefix + QLatin1String(column));
        return m_query.value(index);
    }
    QVariant value(int index) const { return m_query.value(index); }
    // Whether the result has the column (a column some queries of an entity leave out).
    bool has(const char *column) const
    {
        return (m_prefix.isEmpty() ? m_record.indexOf(QLatin1String(column))
                                   : m_record.indexOf(m_prefix + QLatin1String(column)))
            >= 0;
    }
    QString text(const char *column) const { return value(column).toString(); }

private:
    const QSqlQuery &m_query;
    const QSqlRecord m_record;
    const QLatin1String m_prefix;
};

template <typename T, typename Reader>
QList<T> readAll(QSqlQuery &query, Reader read)
{
    QList<T> rows;
    std::optional<Row> row;
    while (query.next()) {
        if (!row)
            row.emplace(query);
        rows.append(read(*row));
    }
    query.finish(); // SQLite: release the statement's read snapshot at once
    return rows;
}

template <typename T, typename Reader>
std::optional<T> readOne(QSqlQuery &query, Reader read)
{
    std::optional<T> found;
    if (query.next())
        found = read(Row(query));
    query.finish();
    return found;
}

// The first column of the first row, such as a COUNT(*) or a RETURNING id; 0 without a row.
inline qint64 readNumber(QSqlQuery &query)
{
    return readOne<qint64>(query, [](const Row &row) {
        return row.value(0).toLongLong();
    }).value_or(0);
}

} // namespace frontline::sql
