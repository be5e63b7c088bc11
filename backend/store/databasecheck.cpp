// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasecheck.h"

#include "databaseurl.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace frontline {

QString checkDatabaseConnection(const QString &text, const QString &baseDir)
{
    QString error;
    const auto url = DatabaseUrl::parse(text, baseDir, &error);
    if (!url)
        return error;
    if (url->kind == DatabaseUrl::Kind::Sqlite && !QFileInfo::exists(url->sqlitePath)) {
        const QFileInfo folder(QFileInfo(url->sqlitePath).absolutePath());
        if (folder.isDir() && folder.isWritable())
            return {};
        if (!folder.exists()) {
            // Frontline creates the folder; its nearest existing parent must be writable.
            QDir parent(folder.absoluteFilePath());
            while (!parent.exists() && parent.cdUp()) { }
            if (QFileInfo(parent.absolutePath()).isWritable())
                return {};
        }
        return QCoreApplication::translate("DatabaseCheck",
            "The folder %1 is not writable: choose another place for the SQLite file.")
            .arg(folder.absoluteFilePath());
    }

    const QString name
        = QStringLiteral("frontline-check-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        QSqlDatabase db = url->addConnection(name);
        if (url->kind == DatabaseUrl::Kind::Sqlite)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            error = QCoreApplication::translate("DatabaseCheck", "Cannot connect to %1: %2")
                        .arg(url->displayString(), db.lastError().text());
        } else {
            QSqlQuery query(db);
            // Reading SQLite's catalogue is what tells a database file from any other file.
            const QString probe = url->kind == DatabaseUrl::Kind::Sqlite
                ? QStringLiteral("SELECT count(*) FROM sqlite_master")
                : QStringLiteral("SELECT 1");
            if (!query.exec(probe))
                error = QCoreApplication::translate(
                    "DatabaseCheck", "%1 answered, but not as a database: %2")
                            .arg(url->displayString(), query.lastError().text());
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

} // namespace frontline
