// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QHttpServer;

namespace frontline {

class Store;

// GET /healthz: {"status":"ok"|"unavailable","database","schemaVersion","version"},
// 200 when the database answers, 503 when it does not — what a load balancer or a
// service manager asks.
void registerHealthRoute(QHttpServer &server, Store &store);

} // namespace frontline
