// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/outboxmail.h"
#include "sqlrow.h"

namespace frontline::sql {

// The columns of mail_outbox (migration 0021), read the same way by both dialects.
OutboxMail readOutboxMail(const Row &row);

} // namespace frontline::sql
