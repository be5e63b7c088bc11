// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requestframer.h"

#include <chrono>

namespace frontline::http {

struct ListenerLimits
{
    FramingLimits framing;
    std::chrono::milliseconds requestTimeout { 10000 }; // from a request's first byte to its last
    // An upload's body (RequestFramer::readingUpload) may take this long from its first byte:
    // 10 MiB on a slow uplink.
    std::chrono::milliseconds uploadTimeout { 300000 };
    std::chrono::milliseconds idleTimeout {
        60000
    }; // no request and no answer byte: the connection goes
    std::chrono::milliseconds writeTimeout {
        30000
    }; // an answer makes no progress: the connection goes
    int maxConnectionsPerIp = 256;
    int maxConnections = 10000; // in all; a trusted proxy's connections count only here
    int listenBacklog = 4096;
    // A client that sends requests without reading the answers: past either bound the
    // listener stops reading from it until its answers drain.
    int maxQueuedRequests = 16;
    qint64 maxUnsentBytes = 256 * 1024;
    // How long a closing connection reads (and drops) what the client still sends, so that
    // the kernel does not reset the connection over the last answer.
    std::chrono::milliseconds linger { 2000 };
};

} // namespace frontline::http
