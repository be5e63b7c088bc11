// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domainerror.h"

#include <QHttpServerResponse>

namespace frontline {

// The one place an error becomes an HTTP answer.

// The status a kind of failure is answered with.
int httpStatusOf(DomainError::Kind kind);
// That status, {"error":{"code","message","field"?,"retryAfterSeconds"?}} and Retry-After.
QHttpServerResponse errorResponse(const DomainError &error);

} // namespace frontline
