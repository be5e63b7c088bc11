// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>

namespace frontline {

namespace http {
class Router;
}

class DatabaseHealth;

// GET /healthz: {"status":"ok"|"degraded"|"unavailable","database","schemaVersion","writes":
// "ok"|"failing","version"} — what a load balancer or a service manager asks.
// - 200 "ok": the database answers and the last write succeeded;
// - 200 "degraded", "writes":"failing": the database answers but the last write failed
//   (disk full, a locked table), until one succeeds. Still 200: a load balancer that took
//   every node out would never send the write that shows the database has recovered;
// - 503 "unavailable": the database cannot be reached.
// The database is asked at most once a second (see DatabaseHealth), which outlives the router.
void addHealthRoute(http::Router &router, DatabaseHealth &health);

} // namespace frontline
