// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes from a client, fed to the listener's request framer in pieces
// of a size the input chooses. It never crashes, and a rejection always says which answer.
#include "http/requestframer.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    frontline::http::RequestFramer framer(frontline::http::FramingLimits{.maxHeaderBytes = 4096, .maxBodyBytes = 8192});
    const size_t piece = 1 + data[0] % 64;
    for (size_t offset = 1; offset < size; offset += piece) {
        const auto chunk = QByteArrayView(reinterpret_cast<const char *>(data) + offset,
                                          static_cast<qsizetype>(std::min(piece, size - offset)));
        if (framer.feed(chunk) == frontline::http::RequestFramer::Verdict::Rejected) {
            if (framer.rejection().status < 400)
                std::abort();
            break;
        }
        framer.takeContinueRequest();
    }
    return 0;
}
