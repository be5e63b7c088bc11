// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace frontline::ui {

class ConsoleController;

// Settings → Labels: the server's labels, kept current as they change; administrators add,
// rename, recolour (QColorDialog) and delete them, the other agents read them.
class LabelsPage final : public QWidget
{
    Q_OBJECT
public:
    LabelsPage(ConsoleController &console, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    // The agent's actions, each asking what it needs (a name, a colour, a confirmation).
    void addLabel();
    void renameLabel();
    void recolourLabel();
    void deleteLabel();

private:
    void showLabels();
    void updateButtons();
    void showError(const QString &error);
    qint64 currentId() const;

    ConsoleController &m_console;
    QLabel *m_intro;
    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_rename;
    QPushButton *m_recolour;
    QPushButton *m_delete;
    QLabel *m_error;
};

} // namespace frontline::ui
