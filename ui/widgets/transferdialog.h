// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/consoleitems.h"

#include <QDialog>

class QLabel;
class QListWidget;
class QPushButton;

namespace frontline::ui {

// Transfer…: the other agents of the team, each with their presence (a coloured dot and its
// word, so that it does not rest on colour alone) and how many conversations they have open,
// to hand the open conversation to one of them, or back to the queue.
class TransferDialog final : public QDialog
{
    Q_OBJECT
public:
    // `me`: the signed-in agent, left out of the list.
    TransferDialog(const QString &customer, const QString &me, QWidget *parent = nullptr);

    // Shown again as it is now (presence changes while the dialog is open).
    void setTeam(const QList<TeamMember> &team);
    QListWidget *list() const { return m_list; }
    // Says why the list is empty (nobody else in the team), hidden otherwise.
    QLabel *emptyNotice() const { return m_empty; }
    QPushButton *queueButton() const { return m_queue; }
    QPushButton *transferButton() const { return m_transfer; }

Q_SIGNALS:
    // The username chosen, or "" for the queue.
    void chosen(const QString &username);

private:
    QString m_me;
    QListWidget *m_list;
    QLabel *m_empty;
    QPushButton *m_transfer;
    QPushButton *m_queue;
};

} // namespace frontline::ui
