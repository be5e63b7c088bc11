// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domainerror.h"
#include "http/response.h"

namespace frontline {

// The one place an error becomes an HTTP answer.

// The status a kind of failure is answered with.
int httpStatusOf(DomainError::Kind kind);
// That status, {"error":{"code","message","field"?,"retryAfterSeconds"?}} and Retry-After.
http::Response errorResponse(const DomainError &error);

} // namespace frontline
