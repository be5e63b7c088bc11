// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requestframer.h"

#include <QByteArray>
#include <QString>

namespace frontline::http {

// The complete answers the listener writes itself (QHttpServer never sees those requests):
// JSON errors like the API's, and the connection closed after them.
// `code` replaces the status's own error code.
QByteArray listenerAnswer(
    int status, const QString &message, int retryAfterSeconds = 0, const QByteArray &code = {});
// What to tell a client whose request the framer refused.
QString refusalMessage(const RequestFramer::Rejection &rejection, const FramingLimits &limits);
QString overCapMessage();

} // namespace frontline::http
