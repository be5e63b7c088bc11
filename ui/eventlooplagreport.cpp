// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventlooplagreport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>
#include <utility>

namespace frontline::ui {

namespace {

constexpr int SampleIntervalMs = 10;
constexpr int KeptSamples = 60 * 1000 / SampleIntervalMs; // a minute: sorting them stays cheap
constexpr int WriteIntervalMs = 1000;

double rounded(double ms)
{
    return std::round(ms * 1000) / 1000;
}

} // namespace

std::unique_ptr<EventLoopLagReport> EventLoopLagReport::fromEnvironment()
{
    const QString path = qEnvironmentVariable(environmentVariable);
    if (path.isEmpty())
        return nullptr;
    return std::make_unique<EventLoopLagReport>(path);
}

EventLoopLagReport::EventLoopLagReport(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_lag(nullptr, SampleIntervalMs, KeptSamples)
{
    m_writeTimer.setInterval(WriteIntervalMs);
    connect(&m_writeTimer, &QTimer::timeout, this, &EventLoopLagReport::write);
    m_lag.start();
    m_writeTimer.start();
}

EventLoopLagReport::~EventLoopLagReport()
{
    write();
}

bool EventLoopLagReport::write() const
{
    const QJsonObject summary {
        { QStringLiteral("samples"), m_lag.sampleCount() },
        { QStringLiteral("p50_ms"), rounded(m_lag.percentileMs(0.5)) },
        { QStringLiteral("p99_ms"), rounded(m_lag.percentileMs(0.99)) },
        { QStringLiteral("max_ms"), rounded(m_lag.maxMs()) },
    };
    // Replaced whole, never half written: a reader sees the previous summary or this one.
    QSaveFile file(m_path);
    if (file.open(QIODevice::WriteOnly)
        && file.write(QJsonDocument(summary).toJson(QJsonDocument::Compact) + '\n') >= 0
        && file.commit())
        return true;
    if (!std::exchange(m_warned, true))
        qWarning("Cannot write the event-loop lag report %s: %s", qUtf8Printable(m_path),
            qUtf8Printable(file.errorString()));
    return false;
}

} // namespace frontline::ui
