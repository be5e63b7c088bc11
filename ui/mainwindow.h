// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class QLabel;

namespace frontline::ui {

// The console's main window. For now it shows where the embedded backend serves; the
// session list, conversation view and the rest come with the console itself.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    Q_DISABLE_COPY_MOVE(MainWindow)

    void showServing(const QString &url);
    void showBackendFailed(const QString &message);

private:
    QLabel *m_serverState = nullptr;
};

} // namespace frontline::ui
