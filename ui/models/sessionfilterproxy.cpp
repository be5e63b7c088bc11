// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionfilterproxy.h"

#include "consoleitems.h"
#include "sessionlistmodel.h"

#include <QCoreApplication>

#include <optional>

namespace frontline::ui {

std::optional<SessionState> SessionFilterProxy::stateShownBy(Filter filter)
{
    switch (filter) {
    case Filter::Waiting:
        return SessionState::Waiting;
    case Filter::Mine:
        return SessionState::Mine;
    case Filter::Ai:
        return SessionState::Ai;
    case Filter::Closed:
        return SessionState::Closed;
    case Filter::All:
        break;
    }
    return std::nullopt;
}

QString SessionFilterProxy::nameOf(Filter filter)
{
    // (Translated where the tabs always were.)
    switch (filter) {
    case Filter::Waiting:
        return QCoreApplication::translate("frontline::ui::SessionListPanel", "Waiting");
    case Filter::Mine:
        return QCoreApplication::translate("frontline::ui::SessionListPanel", "Mine");
    case Filter::Ai:
        return QCoreApplication::translate("frontline::ui::SessionListPanel", "AI");
    case Filter::Closed:
        return QCoreApplication::translate("frontline::ui::SessionListPanel", "Closed");
    case Filter::All:
        break;
    }
    return QCoreApplication::translate("frontline::ui::SessionListPanel", "All");
}

SessionFilterProxy::SessionFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
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

QString SessionFilterProxy::withoutLabelWords(const QString &text, QString *label)
{
    QStringList kept;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word.startsWith(QLatin1String("label:"), Qt::CaseInsensitive)) {
            if (label)
                *label = word.mid(6);
        } else {
            kept.append(word);
        }
    }
    return kept.join(QLatin1Char(' '));
}

void SessionFilterProxy::setLabelFilter(const QString &name)
{
    if (m_label == name)
        return;
    m_label = name;
    invalidateFilter();
}

void SessionFilterProxy::setSearchText(const QString &text)
{
    QString label;
    const QString trimmed = withoutLabelWords(text.trimmed(), &label);
    if (m_search == trimmed && m_searchLabel == label)
        return;
    m_search = trimmed;
    m_searchLabel = label;
    m_serverMatches.clear();
    invalidateFilter();
}

void SessionFilterProxy::setServerMatches(const QString &forText, const QSet<QString> &sessionIds)
{
    if (withoutLabelWords(forText.trimmed()) != m_search)
        return; // the answer to a search the agent has since changed
    m_serverMatches = sessionIds;
    invalidateFilter();
}

bool SessionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto state = static_cast<SessionState>(index.data(SessionListModel::StateRole).toInt());
    if (const auto wanted = stateShownBy(m_filter); wanted && state != *wanted)
        return false;
    const QStringList labels = index.data(SessionListModel::LabelsRole).toStringList();
    for (const QString &wanted : { m_label, m_searchLabel }) {
        if (!wanted.isEmpty() && !labels.contains(wanted, Qt::CaseInsensitive))
            return false;
    }
    if (m_search.isEmpty())
        return true;
    return index.data(SessionListModel::SearchTextRole)
               .toString()
               .contains(m_search, Qt::CaseInsensitive)
        || m_serverMatches.contains(index.data(SessionListModel::SessionIdRole).toString());
}

bool SessionFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (left.column() != SessionListModel::Time)
        return QSortFilterProxyModel::lessThan(left, right);
    const QDateTime leftWaits = left.data(SessionListModel::WaitingSinceRole).toDateTime();
    const QDateTime rightWaits = right.data(SessionListModel::WaitingSinceRole).toDateTime();
    if (!leftWaits.isValid() && !rightWaits.isValid())
        return QSortFilterProxyModel::lessThan(left, right);
    // The proxy reverses lessThan for a descending order: "shown above" is "greater" then.
    const bool descending = sortOrder() == Qt::DescendingOrder;
    const auto shownAbove = [](const QDateTime &a, const QDateTime &b) {
        if (a.isValid() != b.isValid())
            return a.isValid(); // waiting before not waiting
        return a < b; // waiting longer (since earlier) first
    };
    return descending ? shownAbove(rightWaits, leftWaits) : shownAbove(leftWaits, rightWaits);
}

} // namespace frontline::ui
