// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/clock.h"

#include <QDateTime>
#include <QString>

#include <memory>

namespace frontline {

class Store;

// What a health check says of the database. The database is asked at most once a second (by
// the clock); in between, its last answer is given again, so health checks neither load a
// struggling database nor wait for it.
class DatabaseHealth final
{
public:
    struct Report
    {
        QString database; // the dialect: "sqlite" or "postgresql"
        bool reachable = false;
        int schemaVersion = 0; // while the database is unreachable: the last version seen
        bool writesFailing = false; // the last write failed, until one succeeds
    };

    DatabaseHealth(Store &store, std::shared_ptr<const Clock> clock);

    Report check();

private:
    Store &m_store;
    std::shared_ptr<const Clock> m_clock;
    QDateTime m_askedAt; // invalid: never asked
    bool m_reachable = false;
    int m_schemaVersion = 0;
};

} // namespace frontline
