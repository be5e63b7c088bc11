// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QList>
#include <QPointer>

class QAction;
class QLineEdit;
class QListWidget;

namespace frontline::ui {

class SessionListModel;

// Ctrl+K: every action of the console and every conversation, found by typing a few letters
// of its name and run with Enter. Only enabled actions are offered, so what it lists can be
// done now; a conversation is opened as if the agent had clicked it.
class CommandPalette final : public QDialog
{
    Q_OBJECT
public:
    CommandPalette(const QList<QAction *> &actions, const SessionListModel &sessions,
        QWidget *parent = nullptr);

Q_SIGNALS:
    void sessionChosen(const QString &sessionId);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showMatches(const QString &text);
    void runCurrent();

    QList<QPointer<QAction>> m_actions;
    const SessionListModel &m_sessions;
    QLineEdit *m_filter;
    QListWidget *m_matches;
};

} // namespace frontline::ui
