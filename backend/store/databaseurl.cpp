// SPDX-License-Identifier: GPL-3.0-or-later
#include "databaseurl.h"

#include <QCoreApplication>
#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace frontline {

namespace {

const QString validForms = QCoreApplication::translate(
    "DatabaseUrl", "Use sqlite:PATH or postgresql://user:password@host:port/dbname.");

// Where the password of `text` is, if it has one: [first, last) between "user:" and the last '@'.
std::optional<std::pair<qsizetype, qsizetype>> passwordSpan(const QString &text)
{
    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    if (schemeEnd <= 0
        || text.left(schemeEnd).compare(QLatin1String("sqlite"), Qt::CaseInsensitive) == 0)
        return std::nullopt;
    const qsizetype authority = schemeEnd + 3;
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    const qsizetype colon = text.indexOf(QLatin1Char(':'), authority);
    if (at < authority || colon < 0 || colon > at)
        return std::nullopt;
    return std::pair { colon + 1, at };
}

QString invalid(const QString &text, const QString &problem)
{
    // The problem may quote part of the URL too: the password goes wherever it shows.
    QString maskedProblem = problem;
    if (const auto span = passwordSpan(text); span && span->second - span->first >= 3)
        maskedProblem.replace(
            text.mid(span->first, span->second - span->first), QStringLiteral("***"));
    return QCoreApplication::translate("DatabaseUrl", "Invalid database URL \"%1\": %2. %3")
        .arg(DatabaseUrl::maskPassword(text), maskedProblem, validForms);
}

// Only the libpq options that make sense for a server connection are passed through, so a
// typo in the URL is reported instead of silently ignored.
const QStringList passedThroughOptions = {
    QStringLiteral("sslmode"),
    QStringLiteral("sslrootcert"),
    QStringLiteral("sslcert"),
    QStringLiteral("sslkey"),
    QStringLiteral("connect_timeout"),
    QStringLiteral("application_name"),
    QStringLiteral("target_session_attrs"),
};

std::optional<DatabaseUrl> parsePostgresql(const QString &text, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid()) {
        // QUrl's message ends with the whole URL ("; source was ..."), password included.
        *error = invalid(
            text, url.errorString().section(QLatin1String("; source was"), 0, 0).trimmed());
        return std::nullopt;
    }
    DatabaseUrl result;
    result.kind = DatabaseUrl::Kind::Postgresql;
    result.user = url.userName(QUrl::FullyDecoded);
    result.password = url.password(QUrl::FullyDecoded);
    result.host = url.host(QUrl::FullyDecoded);
    result.port = url.port(5432);
    result.databaseName = url.path(QUrl::FullyDecoded).mid(1);

    QStringList options;
    bool hasTimeout = false;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == QLatin1String("host")) { // a Unix socket folder, as libpq accepts it
            result.host = value;
        } else if (passedThroughOptions.contains(key)) {
            options.append(key + QLatin1Char('=') + value);
            hasTimeout = hasTimeout || key == QLatin1String("connect_timeout");
        } else if (key.contains(QLatin1Char('@'))) {
            // A '?' in the password made the rest of the URL look like a query.
            *error = invalid(text,
                QCoreApplication::translate(
                    "DatabaseUrl", "percent-encode any ?, @ or / in the password"));
            return std::nullopt;
        } else {
            *error = invalid(text,
                QCoreApplication::translate("DatabaseUrl", "unknown parameter \"%1\"").arg(key));
            return std::nullopt;
        }
    }
    // Without a timeout an unreachable host would hang start-up for minutes.
    if (!hasTimeout)
        options.append(QStringLiteral("connect_timeout=5"));
    result.connectOptions = options.join(QLatin1Char(';'));

    if (result.host.isEmpty()) {
        *error = invalid(text, QCoreApplication::translate("DatabaseUrl", "no host"));
        return std::nullopt;
    }
    if (result.databaseName.isEmpty() || result.databaseName.contains(QLatin1Char('/'))) {
        *error = invalid(text,
            QCoreApplication::translate("DatabaseUrl",
                "no database name (add it after the host, as in "
                "postgresql://user:password@localhost:5432/frontline)"));
        return std::nullopt;
    }
    return result;
}

} // namespace

std::optional<DatabaseUrl> DatabaseUrl::parse(
    const QString &text, const QString &baseDir, QString *error)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
    const QString scheme = colon > 0 ? trimmed.left(colon).toLower() : QString();

    if (scheme == QLatin1String("sqlite")) {
        QString path = trimmed.mid(colon + 1);
        if (path.startsWith(QLatin1String("//"))) // tolerate sqlite:///abs/path and sqlite://rel
            path = path.mid(2);
        if (path.isEmpty()) {
            *error = invalid(trimmed,
                QCoreApplication::translate("DatabaseUrl", "no file path after \"sqlite:\""));
            return std::nullopt;
        }
        if (path.endsWith(QLatin1Char('/'))) {
            *error = invalid(trimmed,
                QCoreApplication::translate("DatabaseUrl", "the path names a folder, not a file"));
            return std::nullopt;
        }
        return sqliteFile(QDir::cleanPath(QDir(baseDir).absoluteFilePath(path)));
    }
    if (scheme == QLatin1String("postgresql") || scheme == QLatin1String("postgres"))
        return parsePostgresql(trimmed, error);

    if (trimmed.isEmpty())
        *error = invalid(trimmed, QCoreApplication::translate("DatabaseUrl", "it is empty"));
    else if (scheme.isEmpty())
        *error = invalid(trimmed, QCoreApplication::translate("DatabaseUrl", "no scheme"));
    else
        *error = invalid(trimmed,
            QCoreApplication::translate("DatabaseUrl", "unknown scheme \"%1\"").arg(scheme));
    return std::nullopt;
}

DatabaseUrl DatabaseUrl::sqliteFile(const QString &absolutePath)
{
    DatabaseUrl result;
    result.kind = Kind::Sqlite;
    result.sqlitePath = absolutePath;
    return result;
}

QString DatabaseUrl::dialectName() const
{
    return kind == Kind::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

QString DatabaseUrl::driverName() const
{
    return kind == Kind::Sqlite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QSqlDatabase DatabaseUrl::addConnection(const QString &connectionName) const
{
    QSqlDatabase db = QSqlDatabase::addDatabase(driverName(), connectionName);
    if (kind == Kind::Sqlite) {
        db.setDatabaseName(sqlitePath);
    } else {
        db.setHostName(host);
        db.setPort(port);
        db.setUserName(user);
        db.setPassword(password);
        db.setDatabaseName(databaseName);
        db.setConnectOptions(connectOptions);
    }
    return db;
}

DatabaseUrl DatabaseUrl::withApplicationName(const QString &name) const
{
    DatabaseUrl named = *this;
    if (kind == Kind::Sqlite || connectOptions.contains(QLatin1String("application_name=")))
        return named;
    named.connectOptions = connectOptions.isEmpty() ? QString() : connectOptions + QLatin1Char(';');
    named.connectOptions += QStringLiteral("application_name=") + name;
    return named;
}

QString DatabaseUrl::maskPassword(const QString &text)
{
    const auto span = passwordSpan(text);
    if (!span)
        return text;
    return text.left(span->first) + QStringLiteral("***") + text.mid(span->second);
}

QString DatabaseUrl::displayString() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite:") + sqlitePath;
    QString userPart;
    if (!user.isEmpty())
        userPart
            = user + (password.isEmpty() ? QString() : QStringLiteral(":***")) + QLatin1Char('@');
    return QStringLiteral("postgresql://") + userPart + host + QLatin1Char(':')
        + QString::number(port) + QLatin1Char('/') + databaseName;
}

} // namespace frontline
