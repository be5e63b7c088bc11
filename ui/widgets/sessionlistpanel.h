// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sessionfilterproxy.h"

#include <QTimer>
#include <QTreeView>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QTabBar;
class QToolButton;

namespace frontline::ui {

class ConsoleController;

// The session list's view, which knows when the agent is choosing a row: while it handles
// the agent's click or key. Qt moves the current row by itself too (when a filter hides it,
// when the view first gets the focus); those moves are no choice of the agent's.
class SessionListView final : public QTreeView
{
    Q_OBJECT
public:
    using QTreeView::QTreeView;
    bool agentIsChoosing() const { return m_agentChoosing; }
    // What the empty list says instead of nothing ("Nobody is waiting…").
    void setPlaceholderText(const QString &text);
    QString placeholderText() const { return m_placeholder; }

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    bool m_agentChoosing = false;
    QString m_placeholder;
};

// The list of sessions with its filters (Waiting, Mine, AI, Closed, All) and search box.
class SessionListPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit SessionListPanel(ConsoleController &console, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    SessionFilterProxy *proxy() const { return m_proxy; }
    void setFilter(SessionFilterProxy::Filter filter);
    void focusSearch();
    // Shows the open session's row, changing to Mine (or else All) if the filter hides it:
    // after Take over, the list follows the conversation the agent took.
    void followOpenSession();
    // Opens the conversation below (+1) or above (-1) the open one in the list as shown.
    void openAdjacent(int step);

Q_SIGNALS:
    void sessionActivated(const QString &sessionId);

protected:
    void changeEvent(QEvent *event) override; // the sort button's icon follows the palette

private:
    // Selects the open session's row if it is shown, or nothing: never another session.
    void selectOpenSession();
    bool showsOpenSession() const;
    // "Waiting (2)": each tab says how many sessions it holds, as live events change them.
    void countSessionsPerFilter();
    // The empty list's words for the filter and search shown.
    void showPlaceholder();

    ConsoleController &m_console;
    QTabBar *m_filters;
    QLineEdit *m_search;
    QToolButton *m_sort; // latest activity, oldest, most unread, name
    QComboBox *m_labelFilter; // "Any label", then the labels
    SessionListView *m_view;
    SessionFilterProxy *m_proxy;
    QTimer m_searchDelay; // one server search once the agent pauses typing
    QTimer m_recount; // the tabs' counts, at most five times a second while events stream in
    // Set while the list itself moves the selection to the open session: that opens nothing.
    bool m_selectingOpenSession = false;
};

} // namespace frontline::ui
