// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>

namespace frontline {

class StoreWorkers;

// What a health check says of the database. The database is asked (by a store reader) at
// most once a second by the clock; in between its last answer is given again at once, so
// health checks neither load a struggling database nor wait for it. The check that finds the
// last answer a second old waits for the new one, but never more than a second: a database
// that does not answer by then is reported unreachable.
class DatabaseHealth final : public QObject
{
    Q_OBJECT
public:
    struct Report
    {
        QString database; // the dialect: "sqlite" or "postgresql"
        bool reachable = false;
        int schemaVersion = 0; // while the database is unreachable: the last version seen
        bool writesFailing = false; // the last write failed, until one succeeds
    };
    using Answer = std::function<void(const Report &)>;

    DatabaseHealth(
        StoreWorkers &store, std::shared_ptr<const Clock> clock, QObject *parent = nullptr);

    // `answer` runs with the report, at once or when the database has answered.
    void check(Answer answer);

private:
    void ask();
    void answered(bool reachable, int schemaVersion);
    Report report() const;

    StoreWorkers &m_store;
    std::shared_ptr<const Clock> m_clock;
    QDateTime m_askedAt; // invalid: never asked
    bool m_reachable = false;
    int m_schemaVersion = 0;
    QList<Answer> m_waiting; // checks waiting for the database's answer
    QTimer m_patience; // how long they wait
    quint64 m_question = 0; // which ask() an answer belongs to
};

} // namespace frontline
