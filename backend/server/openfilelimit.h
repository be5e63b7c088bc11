// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace frontline {

// Raises this process's soft limit on open files to its hard limit. Every connection costs a
// descriptor, and the usual soft limit of 1,024 (systemd's default too) would refuse customers long
// before the machine runs short.
void raiseOpenFileLimit();

} // namespace frontline
