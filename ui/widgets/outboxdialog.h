// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace frontline::ui {

class ConsoleController;

// The outbox window: the e-mails the server sends (replies to customers who left,
// transcripts, operator copies), their state, attempts and last error, live from the `mail`
// events. An administrator queues a failed one again with Retry. Against a server older
// than e-mail it says there is none.
class OutboxDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit OutboxDialog(ConsoleController &console, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QPushButton *retryButton() const { return m_retry; }
    QComboBox *stateFilter() const { return m_filter; }
    QLabel *note() const { return m_note; }
    // Selects the row of mail `id` (the first failed one when 0), if it is shown.
    void select(qint64 id);

private:
    void updateActions();
    void showNote(const QString &error);

    ConsoleController &m_console;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QComboBox *m_filter;
    QPushButton *m_retry;
    QPushButton *m_refresh;
    QLabel *m_note;
};

} // namespace frontline::ui
