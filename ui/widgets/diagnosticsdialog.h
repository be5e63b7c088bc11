// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QTimer>

class QLabel;

namespace frontline::ui {

class EventLoopLag;

// The debug view: how responsive the console is (the GUI event loop's lag, p50/p99/max over
// the latest minute), refreshed every second while it is open.
class DiagnosticsDialog final : public QDialog
{
    Q_OBJECT
public:
    DiagnosticsDialog(const EventLoopLag &lag, QWidget *parent = nullptr);

    QString text() const;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void refresh();

    const EventLoopLag &m_lag;
    QLabel *m_figures;
    QTimer m_refresh;
};

} // namespace frontline::ui
