// SPDX-License-Identifier: GPL-3.0-or-later
#include "sqlqueries.h"

#include "storeerror.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>

namespace frontline {

namespace {

// A SQLite trigger's body holds statements of its own, each ending with a semicolon: the
// trigger ends at the semicolon after its END. (PostgreSQL's triggers have no BEGIN: they call
// a function, whose body is a quoted string.)
bool insideTriggerBody(const QString &statement)
{
    static const QRegularExpression trigger(
        QStringLiteral("^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b.*\\bBEGIN\\b"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression end(
        QStringLiteral("\\bEND\\s*$"), QRegularExpression::CaseInsensitiveOption);
    return trigger.match(statement).hasMatch() && !end.match(statement).hasMatch();
}

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

} // namespace

SqlQueries::SqlQueries(SqlDialect dialect)
    : m_dialect(dialect)
{
}

QString SqlQueries::text(const QString &name) const
{
    if (const auto cached = m_cache.constFind(name); cached != m_cache.constEnd())
        return *cached;
    const QString dialectPath
        = QStringLiteral(":/sql/queries/%1/%2.sql").arg(sqlDialectName(m_dialect), name);
    const QString commonPath = QStringLiteral(":/sql/queries/common/%1.sql").arg(name);
    QString sql = QFile::exists(dialectPath) ? readResource(dialectPath) : readResource(commonPath);
    if (sql.isEmpty()) {
        throw StoreError(StoreError::Kind::Failed,
            QStringLiteral("The SQL query \"%1\" is missing from %2: this build of "
                           "Frontline is incomplete.")
                .arg(name, commonPath));
    }
    // Comments are for readers of the file; Qt's placeholder parser would take an apostrophe
    // in one ("the session's row") for the start of a string and miss the placeholders after.
    sql = splitStatements(sql).join(QStringLiteral(";\n"));
    m_cache.insert(name, sql);
    return sql;
}

QList<SqlQueries::Migration> SqlQueries::migrations() const
{
    static const QRegularExpression fileName(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.sql$"));
    const QString folder = QStringLiteral(":/sql/migrations/") + sqlDialectName(m_dialect);
    QList<Migration> result;
    const QStringList entries = QDir(folder).entryList(QDir::Files, QDir::Name);
    for (const QString &entry : entries) {
        const QRegularExpressionMatch match = fileName.match(entry);
        if (!match.hasMatch())
            continue;
        result.append({ match.captured(1).toInt(), entry.chopped(4),
            readResource(folder + QLatin1Char('/') + entry) });
    }
    std::sort(result.begin(), result.end(),
        [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return result;
}

QStringList SqlQueries::splitStatements(const QString &script)
{
    QStringList statements;
    QString current;
    enum class State { Code, SingleQuote, DoubleQuote, LineComment, BlockComment };
    State state = State::Code;
    for (qsizetype i = 0; i < script.size(); ++i) {
        const QChar c = script.at(i);
        const QChar next = i + 1 < script.size() ? script.at(i + 1) : QChar();
        switch (state) {
        case State::Code:
            if (c == QLatin1Char('\'')) {
                state = State::SingleQuote;
            } else if (c == QLatin1Char('"')) {
                state = State::DoubleQuote;
            } else if (c == QLatin1Char('-') && next == QLatin1Char('-')) {
                state = State::LineComment;
                continue; // comments are dropped
            } else if (c == QLatin1Char('/') && next == QLatin1Char('*')) {
                state = State::BlockComment;
                ++i;
                continue;
            } else if (c == QLatin1Char(';')) {
                if (insideTriggerBody(current))
                    break; // a statement of a SQLite trigger's BEGIN ... END
                if (!current.trimmed().isEmpty())
                    statements.append(current.trimmed());
                current.clear();
                continue;
            }
            break;
        case State::SingleQuote:
            if (c == QLatin1Char('\''))
                state = State::Code; // a doubled quote re-enters and leaves at once
            break;
        case State::DoubleQuote:
            if (c == QLatin1Char('"'))
                state = State::Code;
            break;
        case State::LineComment:
            if (c == QLatin1Char('\n'))
                state = State::Code;
            else
                continue;
            break;
        case State::BlockComment:
            if (c == QLatin1Char('*') && next == QLatin1Char('/')) {
                state = State::Code;
                ++i;
            }
            continue;
        }
        current.append(c);
    }
    if (!current.trimmed().isEmpty())
        statements.append(current.trimmed());
    return statements;
}

} // namespace frontline
