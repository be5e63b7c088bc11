// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "consoleitems.h"

#include <QSet>
#include <QSortFilterProxyModel>

#include <optional>

namespace frontline::ui {

// The session list as the agent chose to see it: one of the filters (Waiting, Mine, AI,
// Closed, All) and the search box. The search matches the customer and the last message
// here, and any message at all through the server's full-text search (setServerMatches).
class SessionFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class Filter { Waiting, Mine, Ai, Closed, All };

    explicit SessionFilterProxy(QObject *parent = nullptr);

    // The one state a filter shows; none for All.
    static std::optional<SessionState> stateShownBy(Filter filter);
    // Its name on the session list's tab.
    static QString nameOf(Filter filter);

    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }
    // The search text; a word "label:name" in it shows only the sessions with that label.
    void setSearchText(const QString &text);
    // Only the sessions with the label named (whatever its case); "" for any.
    void setLabelFilter(const QString &name);
    QString labelFilter() const { return m_label; }
    // The search text without its "label:name" words, and the label they name ("" for none).
    static QString withoutLabelWords(const QString &text, QString *label = nullptr);
    // The sessions whose messages the server found for the current search text.
    void setServerMatches(const QString &forText, const QSet<QString> &sessionIds);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    // Sorted by time, the queue comes first: waiting sessions at the top, the customer who
    // has waited longest first, whichever way the other sessions are ordered.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    Filter m_filter = Filter::All;
    QString m_search; // without its label words
    QString m_searchLabel; // of a "label:name" word in the search
    QString m_label; // of the label filter
    QSet<QString> m_serverMatches;
};

} // namespace frontline::ui
