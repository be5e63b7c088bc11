// SPDX-License-Identifier: GPL-3.0-or-later
#include "diagnosticsdialog.h"

#include "eventlooplag.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace frontline::ui {

DiagnosticsDialog::DiagnosticsDialog(const EventLoopLag &lag, QWidget *parent)
    : QDialog(parent)
    , m_lag(lag)
    , m_figures(new QLabel(this))
{
    setWindowTitle(tr("Diagnostics"));
    m_figures->setObjectName(QStringLiteral("lagFigures"));
    m_figures->setTextFormat(Qt::PlainText);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Event-loop lag of the console (how late it runs what is due; "
                                    "above 16 ms a frame is missed):"),
        this));
    layout->addWidget(m_figures);
    m_refresh.setInterval(1000);
    connect(&m_refresh, &QTimer::timeout, this, &DiagnosticsDialog::refresh);
    refresh();
}

QString DiagnosticsDialog::text() const
{
    return m_figures->text();
}

void DiagnosticsDialog::showEvent(QShowEvent *event)
{
    refresh();
    m_refresh.start();
    QDialog::showEvent(event);
}

void DiagnosticsDialog::hideEvent(QHideEvent *event)
{
    m_refresh.stop();
    QDialog::hideEvent(event);
}

void DiagnosticsDialog::refresh()
{
    const QLocale locale;
    m_figures->setText(tr("p50 %1 ms · p99 %2 ms · max %3 ms")
                           .arg(locale.toString(m_lag.percentileMs(0.5), 'f', 1),
                               locale.toString(m_lag.percentileMs(0.99), 'f', 1),
                               locale.toString(m_lag.maxMs(), 'f', 1))
        + QLatin1Char(' ') + tr("(%Ln sample(s))", nullptr, static_cast<int>(m_lag.sampleCount())));
}

} // namespace frontline::ui
