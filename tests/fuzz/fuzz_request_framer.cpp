// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes from a client, fed to the listener's request framer at split
// points the input chooses, the way the listener's connection guard feeds it (cutting the
// stream into requests). It never crashes, a rejection always says which answer, every byte
// is taken exactly once, and the requests cut out are the same as when the whole stream is
// fed at once.
#include "http/requestframer.h"

#include <QList>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

using frontline::http::FramingLimits;
using frontline::http::RequestFramer;

struct Cut
{
    QList<QByteArray> requests;
    int status = 0;
};

// The first byte of each piece header says how long the piece is (1..64 bytes).
Cut cut(QByteArrayView stream, QByteArrayView splits)
{
    RequestFramer framer(FramingLimits { .maxHeaderBytes = 4096, .maxBodyBytes = 8192 });
    Cut result;
    QByteArray current;
    qsizetype split = 0;
    while (!stream.isEmpty() && framer.rejection().status == 0) {
        const qsizetype size = splits.isEmpty()
            ? stream.size()
            : 1 + static_cast<unsigned char>(splits[split++ % splits.size()]) % 64;
        QByteArrayView piece = stream.first(std::min(size, stream.size()));
        stream = stream.sliced(piece.size());
        while (!piece.isEmpty() && framer.rejection().status == 0) {
            const int before = framer.completedRequests();
            const qsizetype used = framer.feedUntilRequestEnds(piece);
            if (used < 0 || used > piece.size() || (used == 0 && framer.rejection().status == 0))
                std::abort(); // every byte is taken once, and progress is always made
            current += piece.first(used);
            piece = piece.sliced(used);
            if (framer.completedRequests() != before)
                result.requests.append(std::exchange(current, {}));
            framer.takeContinueRequest();
        }
    }
    result.status = framer.rejection().status;
    if (result.status != 0 && result.status < 400)
        std::abort();
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    // The first byte says how many of the next bytes choose split points.
    const auto bytes
        = QByteArrayView(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const qsizetype splitCount
        = std::min<qsizetype>(static_cast<unsigned char>(bytes[0]) % 16, bytes.size() - 1);
    const QByteArrayView splits = bytes.sliced(1, splitCount);
    const QByteArrayView stream = bytes.sliced(1 + splitCount);
    const Cut whole = cut(stream, {});
    const Cut pieces = cut(stream, splits);
    if (whole.status != pieces.status || whole.requests != pieces.requests)
        std::abort();
    return 0;
}
