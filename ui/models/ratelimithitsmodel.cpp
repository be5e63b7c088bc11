// SPDX-License-Identifier: GPL-3.0-or-later
#include "ratelimithitsmodel.h"

#include "domain/ratelimitkey.h"
#include "sessionlistmodel.h"

#include <QHash>
#include <QLocale>

#include <algorithm>

namespace frontline::ui {

RateLimitHitItem RateLimitHitItem::fromJson(const QJsonObject &json, const QDateTime &fallbackTime)
{
    RateLimitHitItem hit;
    hit.at = QDateTime::fromString(json.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs);
    if (!hit.at.isValid())
        hit.at = fallbackTime; // live events carry no time: they happen now
    hit.route = json.value(QStringLiteral("route")).toString();
    hit.keyKind = json.value(QStringLiteral("keyKind")).toString();
    hit.key = json.value(QStringLiteral("key")).toString();
    hit.clientIp = json.value(QStringLiteral("clientIp")).toString();
    hit.sessionId = json.value(QStringLiteral("sessionId")).toString();
    hit.id = json.value(QStringLiteral("id")).toInteger();
    hit.count = std::max<qint64>(1, json.value(QStringLiteral("count")).toInteger(1));
    return hit;
}

RateLimitHitsModel::RateLimitHitsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RateLimitHitsModel::reset(const QList<RateLimitHitItem> &hits)
{
    beginResetModel();
    m_hits = hits.mid(0, MaxRows);
    endResetModel();
}

qint64 RateLimitHitsModel::add(const RateLimitHitItem &hit)
{
    if (hit.id != 0) {
        for (qsizetype row = 0; row < m_hits.size(); ++row) {
            RateLimitHitItem &known = m_hits[row];
            if (known.id != hit.id)
                continue;
            const qint64 added = std::max<qint64>(0, hit.count - known.count);
            known.count = std::max(known.count, hit.count);
            known.clientIp = hit.clientIp;
            if (!hit.sessionId.isEmpty())
                known.sessionId = hit.sessionId;
            Q_EMIT dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
            return added;
        }
    }
    beginInsertRows({}, 0, 0);
    m_hits.prepend(hit);
    endInsertRows();
    if (m_hits.size() > MaxRows) {
        const int last = static_cast<int>(m_hits.size()) - 1;
        beginRemoveRows({}, last, last);
        m_hits.removeLast();
        endRemoveRows();
    }
    return hit.count;
}

QList<RateLimitHitsModel::KeyCount> RateLimitHitsModel::topKeys(
    const QDateTime &since, int count) const
{
    QHash<QString, KeyCount> byKey;
    for (const RateLimitHitItem &hit : m_hits) {
        if (hit.at < since)
            continue;
        KeyCount &entry = byKey[RateLimitKey { hit.keyKind, hit.key }.name()];
        entry.keyKind = hit.keyKind;
        entry.key = hit.key;
        entry.hits += static_cast<int>(hit.count);
    }
    QList<KeyCount> keys = byKey.values();
    std::sort(keys.begin(), keys.end(), [](const KeyCount &a, const KeyCount &b) {
        return a.hits != b.hits ? a.hits > b.hits : a.key < b.key;
    });
    return keys.mid(0, count);
}

int RateLimitHitsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_hits.size());
}

int RateLimitHitsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void RateLimitHitsModel::setSessions(const SessionListModel *sessions)
{
    m_sessions = sessions;
    const auto namesChanged = [this] {
        if (!m_hits.isEmpty())
            Q_EMIT dataChanged(index(0, Session), index(rowCount() - 1, Session));
    };
    connect(sessions, &QAbstractItemModel::rowsInserted, this, namesChanged);
    connect(sessions, &QAbstractItemModel::modelReset, this, namesChanged);
}

QVariant RateLimitHitsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_hits.size())
        return {};
    const RateLimitHitItem &hit = m_hits.at(index.row());
    if (role == SessionIdRole)
        return hit.sessionId;
    if (role == Qt::ToolTipRole && index.column() == Session && !hit.sessionId.isEmpty())
        return tr("Session %1 — double-click to open the conversation").arg(hit.sessionId);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time:
        return QLocale().toString(hit.at.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Route:
        return hit.route;
    case KeyKind:
        return hit.keyKind;
    case Key:
        return hit.key;
    case Count:
        return hit.count;
    case ClientIp:
        return hit.clientIp;
    case Session:
        if (hit.sessionId.isEmpty())
            return QString();
        if (const SessionItem *session = m_sessions ? m_sessions->find(hit.sessionId) : nullptr)
            return session->customerLabel();
        return hit.sessionId.left(8); // a session this console has not listed
    }
    return {};
}

QVariant RateLimitHitsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Route:
        return tr("Route");
    case KeyKind:
        return tr("Limited by");
    case Key:
        return tr("Key");
    case Count:
        return tr("Hits");
    case ClientIp:
        return tr("Client IP");
    case Session:
        return tr("Customer");
    }
    return {};
}

} // namespace frontline::ui
