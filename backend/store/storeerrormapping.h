// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/domainerror.h"

namespace frontline {

class StoreError;

// What whoever asked is told about a database failure: the kind and a sentence saying what
// to do. The database's own words (tables, constraints) go to the log only.
DomainError toDomainError(const StoreError &error);

} // namespace frontline
