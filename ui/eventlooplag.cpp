// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlooplag.h"

#include <algorithm>
#include <cmath>

namespace frontline::ui {

EventLoopLag::EventLoopLag(QObject *parent, int intervalMs, int keptSamples)
    : QObject(parent)
    , m_intervalMs(intervalMs)
    , m_kept(static_cast<size_t>(keptSamples))
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopLag::sample);
}

void EventLoopLag::start()
{
    m_clock.start();
    m_expectedAtNs = m_clock.nsecsElapsed() + qint64(m_intervalMs) * 1000000;
    m_timer.start(m_intervalMs);
}

void EventLoopLag::stop()
{
    m_timer.stop();
}

void EventLoopLag::sample()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double lateMs = static_cast<double>(std::max<qint64>(0, now - m_expectedAtNs)) / 1e6;
    if (m_samples.size() < m_kept)
        m_samples.push_back(lateMs);
    else
        m_samples[m_next] = lateMs;
    m_next = (m_next + 1) % m_kept;
    // The next one is due an interval from now: lateness does not pile up.
    m_expectedAtNs = now + qint64(m_intervalMs) * 1000000;
    m_timer.start(m_intervalMs);
}

double EventLoopLag::percentileMs(double fraction) const
{
    if (m_samples.empty())
        return 0;
    std::vector<double> sorted = m_samples;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double EventLoopLag::maxMs() const
{
    return m_samples.empty() ? 0 : *std::max_element(m_samples.begin(), m_samples.end());
}

} // namespace frontline::ui
