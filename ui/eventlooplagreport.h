// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "eventlooplag.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace frontline::ui {

// The console's event-loop lag written to a file, so that a benchmark can tell whether the
// console stays responsive while the server it watches is loaded (bench/run records it during
// its send scenario): the Diagnostics dialog shows the same figures, but only to someone
// looking. With FRONTLINE_EVENT_LOOP_LAG_REPORT=FILE in the environment, a 10 ms timer samples
// how late the GUI thread runs it, and {"samples","p50_ms","p99_ms","max_ms"} (over the last
// minute of samples) replaces FILE every second and when the report is destroyed, so a console
// that is killed leaves its last second's figures. Without the variable nothing is created.
class EventLoopLagReport final : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *environmentVariable = "FRONTLINE_EVENT_LOOP_LAG_REPORT";

    // A running report when the variable names a file, otherwise nullptr.
    static std::unique_ptr<EventLoopLagReport> fromEnvironment();

    explicit EventLoopLagReport(const QString &path, QObject *parent = nullptr);
    ~EventLoopLagReport() override;

    bool write() const; // false (and a message) when the file cannot be replaced

private:
    QString m_path;
    EventLoopLag m_lag;
    QTimer m_writeTimer;
    mutable bool m_warned = false; // once, not every second
};

} // namespace frontline::ui
