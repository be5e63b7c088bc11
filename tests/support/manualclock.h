// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"

namespace frontline::testsupport {

// A clock the test moves by hand: stored times are exact and time windows pass at once.
class ManualClock final : public Clock
{
public:
    QDateTime now() const override { return m_now; }
    void advance(qint64 ms) { m_now = m_now.addMSecs(ms); }

private:
    QDateTime m_now = QDateTime(QDate(2026, 11, 24), QTime(9, 30, 0, 125), Qt::UTC);
};

} // namespace frontline::testsupport
