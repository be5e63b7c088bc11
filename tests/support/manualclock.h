// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"

#include <atomic>

namespace frontline::testsupport {

// A clock the test moves by hand: stored times are exact and time windows pass at once. The
// store workers read it from their threads while the test moves it.
class ManualClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_nowMs, Qt::UTC); }
    void advance(qint64 ms) { m_nowMs += ms; }
    void set(const QDateTime &time) { m_nowMs = time.toMSecsSinceEpoch(); }

private:
    std::atomic<qint64> m_nowMs {
        QDateTime(QDate(2026, 11, 24), QTime(9, 30, 0, 125), Qt::UTC).toMSecsSinceEpoch()
    };
};

} // namespace frontline::testsupport
