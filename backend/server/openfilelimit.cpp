// SPDX-License-Identifier: GPL-3.0-or-later
#include "openfilelimit.h"

#include <sys/resource.h>

namespace frontline {

void raiseOpenFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit); // left as it was if refused
    }
}

} // namespace frontline
