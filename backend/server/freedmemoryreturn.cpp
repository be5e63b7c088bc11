// SPDX-License-Identifier: GPL-3.0-or-later
#include "freedmemoryreturn.h"

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace frontline {

namespace {

// A drop smaller than this is the ordinary coming and going of customers.
constexpr int CrowdSize = 64;

} // namespace

FreedMemoryReturn::FreedMemoryReturn(QObject *parent)
    : QObject(parent)
{
    // Not at once: the last connections of a crowd close over a moment, and a trim costs a
    // few milliseconds of the event loop.
    m_delay.setSingleShot(true);
    m_delay.setInterval(std::chrono::seconds(2));
    connect(&m_delay, &QTimer::timeout, this, &FreedMemoryReturn::trim);
}

void FreedMemoryReturn::openConnectionsChanged(int open)
{
    m_open = open;
    m_peak = std::max(m_peak, open);
    if (m_peak - open >= CrowdSize && !m_delay.isActive())
        m_delay.start();
}

void FreedMemoryReturn::trim()
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
    m_peak = m_open;
}

} // namespace frontline
