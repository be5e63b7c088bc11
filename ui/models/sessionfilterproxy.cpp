// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionfilterproxy.h"

#include "consoleitems.h"
#include "sessionlistmodel.h"

namespace frontline::ui {

SessionFilterProxy::SessionFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SessionListModel::SortRole);
    setDynamicSortFilter(true);
}

void SessionFilterProxy::setFilter(Filter filter)
{
    if (m_filter == filter)
        return;
    m_filter = filter;
    invalidateFilter();
}

void SessionFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (m_search == trimmed)
        return;
    m_search = trimmed;
    m_serverMatches.clear();
    invalidateFilter();
}

void SessionFilterProxy::setServerMatches(const QString &forText, const QSet<QString> &sessionIds)
{
    if (forText.trimmed() != m_search)
        return; // the answer to a search the agent has since changed
    m_serverMatches = sessionIds;
    invalidateFilter();
}

bool SessionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto state = static_cast<SessionState>(index.data(SessionListModel::StateRole).toInt());
    switch (m_filter) {
    case Filter::Waiting:
        if (state != SessionState::Waiting)
            return false;
        break;
    case Filter::Mine:
        if (state != SessionState::Mine)
            return false;
        break;
    case Filter::Ai:
        if (state != SessionState::Ai)
            return false;
        break;
    case Filter::Closed:
        if (state != SessionState::Closed)
            return false;
        break;
    case Filter::All:
        break;
    }
    if (m_search.isEmpty())
        return true;
    return index.data(SessionListModel::SearchTextRole).toString().contains(m_search, Qt::CaseInsensitive)
        || m_serverMatches.contains(index.data(SessionListModel::SessionIdRole).toString());
}

} // namespace frontline::ui
