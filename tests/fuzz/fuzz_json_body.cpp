// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: any bytes as a JSON request body. Decoding and reading the fields either
// succeed or throw DomainError (an answer with a status and a message); nothing else escapes.
#include "api/errorresponse.h"
#include "api/requestparsing.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    try {
        const QJsonObject object
            = frontline::decodeJsonBody(body, QByteArrayLiteral("application/json"), 64 * 1024);
        for (const char *field : { "sessionId", "message", "name", "email", "locale" }) {
            try {
                frontline::stringField(object, QLatin1String(field), false, 2000);
            } catch (const frontline::DomainError &error) {
                if (frontline::httpStatusOf(error.kind()) != 400)
                    std::abort();
            }
        }
        frontline::clientMessageId(object);
    } catch (const frontline::DomainError &error) {
        const int status = frontline::httpStatusOf(error.kind());
        if (status < 400 || status > 499 || error.message().isEmpty())
            std::abort();
    }
    return 0;
}
