// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace frontline::ui {

class SessionListModel;

struct RateLimitHitItem
{
    QDateTime at;
    QString route;
    QString keyKind; // ip, user, session
    QString key;
    QString clientIp;
    QString sessionId;
    qint64 id = 0;
    qint64 count = 1; // refusals of the key and route in that second

    static RateLimitHitItem fromJson(const QJsonObject &json, const QDateTime &fallbackTime);
};

// The latest rate-limit hits, newest first, live. The server keeps one row per key, route
// and second with a count, and announces a row again as its count grows: a row comes once.
class RateLimitHitsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Route, KeyKind, Key, Count, ClientIp, Session, ColumnCount };
    enum Roles { SessionIdRole = Qt::UserRole + 1 }; // of the row's hit; "" when none
    static constexpr int MaxRows = 2000;

    struct KeyCount
    {
        QString keyKind;
        QString key;
        int hits = 0;
    };

    explicit RateLimitHitsModel(QObject *parent = nullptr);

    // Where the Customer column finds the names of the sessions the hits limited; it follows
    // that list as names come.
    void setSessions(const SessionListModel *sessions);

    void reset(const QList<RateLimitHitItem> &hits); // newest first
    // Adds the row, or updates the one with its id; returns the refusals it adds.
    qint64 add(const RateLimitHitItem &hit);
    const RateLimitHitItem &hit(int row) const { return m_hits.at(row); }
    // The keys with the most hits since `since`, most first.
    QList<KeyCount> topKeys(const QDateTime &since, int count) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<RateLimitHitItem> m_hits;
    const SessionListModel *m_sessions = nullptr;
};

} // namespace frontline::ui
