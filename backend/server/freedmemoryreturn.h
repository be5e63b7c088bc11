// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

namespace frontline {

// Gives the memory of a crowd of connections back to the system once the crowd has left.
// glibc keeps what is freed in its arenas for reuse, so a burst (thousands of event streams,
// a flood of idle connections) would otherwise leave the server tens of megabytes larger for
// good. Trims a little after the number of open connections has fallen well below its peak.
class FreedMemoryReturn final : public QObject
{
    Q_OBJECT
public:
    explicit FreedMemoryReturn(QObject *parent = nullptr);

    void openConnectionsChanged(int open);

private:
    void trim();

    int m_open = 0;
    int m_peak = 0; // since the last trim
    QTimer m_delay;
};

} // namespace frontline
