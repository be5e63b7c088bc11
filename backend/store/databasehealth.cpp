// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasehealth.h"

#include "store.h"
#include "storeworkers.h"

namespace frontline {

namespace {

constexpr qint64 RecheckAfterMs = 1000;
constexpr std::chrono::milliseconds Patience { 1000 };

} // namespace

DatabaseHealth::DatabaseHealth(
    StoreWorkers &store, std::shared_ptr<const Clock> clock, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_clock(std::move(clock))
{
    m_patience.setSingleShot(true);
    m_patience.setInterval(Patience);
    connect(&m_patience, &QTimer::timeout, this, [this] { answered(false, m_schemaVersion); });
}

void DatabaseHealth::check(Answer answer)
{
    const QDateTime now = m_clock->now();
    const bool fresh
        = m_askedAt.isValid() && m_askedAt.msecsTo(now) < RecheckAfterMs && m_askedAt <= now;
    if (fresh && m_waiting.isEmpty()) {
        answer(report());
        return;
    }
    m_waiting.append(std::move(answer));
    if (m_waiting.size() == 1)
        ask();
}

void DatabaseHealth::ask()
{
    m_askedAt = m_clock->now();
    const quint64 question = ++m_question;
    m_patience.start();
    m_store.read(
        this,
        [](Store &store) {
            // isHealthy() reconnects once if the connection was lost.
            return store.isHealthy() ? store.schemaVersion() : 0;
        },
        [this, question](int schemaVersion) {
            if (question == m_question)
                answered(schemaVersion > 0, schemaVersion > 0 ? schemaVersion : m_schemaVersion);
        },
        [this, question](const std::exception_ptr &) {
            if (question == m_question)
                answered(false, m_schemaVersion);
        });
}

void DatabaseHealth::answered(bool reachable, int schemaVersion)
{
    m_patience.stop();
    ++m_question; // a late answer to this question changes nothing now
    m_reachable = reachable;
    m_schemaVersion = schemaVersion;
    const QList<Answer> waiting = std::exchange(m_waiting, {});
    const Report now = report();
    for (const Answer &answer : waiting)
        answer(now);
}

DatabaseHealth::Report DatabaseHealth::report() const
{
    // Known without asking the database.
    return { m_store.dialectName(), m_reachable, m_schemaVersion, m_store.writesFailing() };
}

} // namespace frontline
