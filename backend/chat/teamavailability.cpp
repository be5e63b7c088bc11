// SPDX-License-Identifier: GPL-3.0-or-later
#include "teamavailability.h"

namespace frontline {

TeamAvailability::TeamAvailability(
    std::function<bool()> anyoneOnline, BusinessHours hours, std::shared_ptr<const Clock> clock)
    : m_anyoneOnline(std::move(anyoneOnline))
    , m_hours(std::move(hours))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
{
}

Availability TeamAvailability::now() const
{
    const QDateTime now = m_clock->now();
    Availability availability;
    availability.withinHours = m_hours.isOpen(now);
    availability.agentsOnline = m_anyoneOnline && m_anyoneOnline();
    availability.timeZone = m_hours.enabled ? m_hours.timeZone : QString();
    if (!availability.withinHours)
        availability.nextOpening = m_hours.nextOpening(now);
    return availability;
}

} // namespace frontline
