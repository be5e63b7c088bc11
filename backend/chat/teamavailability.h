// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"
#include "domain/businesshours.h"
#include "domain/sessionstatus.h"

#include <functional>
#include <memory>
#include <optional>

namespace frontline {

// Whether a human can answer a customer now, and if not, when the team is back (issue 20).
struct Availability
{
    bool withinHours = true; // always, without business hours
    bool agentsOnline = false; // an agent's console is connected and not away, on any node
    std::optional<QDateTime> nextOpening; // outside hours: when they begin again (UTC)
    QString timeZone; // the business hours' zone, to say nextOpening in
    bool humanNow() const { return withinHours && agentsOnline; }
    // Why nobody can answer now, as a session waiting from now on keeps it.
    Unattended unattended() const
    {
        return humanNow() ? Unattended::None
            : withinHours ? Unattended::NobodyOnline
                          : Unattended::OutsideHours;
    }
};

// The team's availability as the chat page is told it: the business hours, which the server
// keeps as the settings say (setBusinessHours), and the agents' presence, asked of
// `anyoneOnline` (AgentPresence, on every node).
class TeamAvailability final
{
public:
    TeamAvailability(std::function<bool()> anyoneOnline, BusinessHours hours,
        std::shared_ptr<const Clock> clock);

    void setBusinessHours(const BusinessHours &hours) { m_hours = hours; }
    Availability now() const;

private:
    std::function<bool()> m_anyoneOnline;
    BusinessHours m_hours;
    std::shared_ptr<const Clock> m_clock;
};

} // namespace frontline
