// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/sessionfilterproxy.h"

#include <QTimer>
#include <QWidget>

class QLineEdit;
class QTabBar;
class QTreeView;

namespace frontline::ui {

class ConsoleController;

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

Q_SIGNALS:
    void sessionActivated(const QString &sessionId);

private:
    void selectOpenSession();

    ConsoleController &m_console;
    QTabBar *m_filters;
    QLineEdit *m_search;
    QTreeView *m_view;
    SessionFilterProxy *m_proxy;
    QTimer m_searchDelay; // one server search once the agent pauses typing
};

} // namespace frontline::ui
