// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include <QLabel>
#include <QStatusBar>

namespace frontline::ui {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Frontline"));
    resize(1100, 700);
    m_serverState = new QLabel(tr("Starting the chat backend…"), this);
    m_serverState->setObjectName(QStringLiteral("serverState"));
    statusBar()->addPermanentWidget(m_serverState);
}

void MainWindow::showServing(const QString &url)
{
    m_serverState->setText(tr("Serving on %1").arg(url));
}

void MainWindow::showBackendFailed(const QString &message)
{
    m_serverState->setText(tr("Backend stopped: %1").arg(message));
}

} // namespace frontline::ui
