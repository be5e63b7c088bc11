// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace frontline::ui {

// How late the GUI thread's event loop runs a timer: the console's own measure of whether it
// stays responsive (a late timer means input and painting wait as long). It samples every
// interval and keeps the latest samples for percentiles, shown in the debug view.
class EventLoopLag final : public QObject
{
    Q_OBJECT
public:
    explicit EventLoopLag(QObject *parent = nullptr, int intervalMs = 50, int keptSamples = 1200);

    void start();
    void stop();
    double percentileMs(double fraction) const; // 0.5, 0.99...; 0 without samples
    double maxMs() const;
    int sampleCount() const { return static_cast<int>(m_samples.size()); }

private:
    void sample();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expectedAtNs = 0;
    int m_intervalMs;
    size_t m_kept;
    std::vector<double> m_samples; // a ring once full
    size_t m_next = 0;
};

} // namespace frontline::ui
