// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/ratelimithitsmodel.h"

#include <QMap>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QPushButton;
class QTableView;
class QTreeWidget;
class QValueAxis;

namespace frontline::ui {

class ConsoleController;

// Who is being rate-limited and why: the live table of hits, a chart of hits per minute over
// the last hour, the most limited keys, and a button that lifts a key's block.
class RateLimitsView final : public QWidget
{
    Q_OBJECT
public:
    explicit RateLimitsView(ConsoleController &console, QWidget *parent = nullptr);

    // Per minute, as the chart shows it (for tests).
    QMap<QDateTime, int> hitsPerMinute() const { return m_perMinute; }

Q_SIGNALS:
    // The agent double-clicked (or pressed Enter on) a hit of a session: open it.
    void sessionChosen(const QString &sessionId);

protected:
    void changeEvent(QEvent *event) override; // the chart follows light and dark

private:
    void applyChartColours();
    void setMinutes(const QList<QPair<QDateTime, int>> &minutes);
    void countHit(const RateLimitHitItem &hit, qint64 newHits);
    void updateChart();
    void updateTopKeys();
    void liftSelected();

    ConsoleController &m_console;
    QTableView *m_table;
    QChart *m_chart;
    QChartView *m_chartView;
    QLineSeries *m_series;
    QDateTimeAxis *m_minutesAxis;
    QValueAxis *m_hitsAxis;
    QTreeWidget *m_topKeys;
    QPushButton *m_lift;
    QMap<QDateTime, int> m_perMinute; // minute (UTC) -> hits
};

} // namespace frontline::ui
