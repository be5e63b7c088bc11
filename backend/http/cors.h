// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace frontline::http {

class Request;

// Which other origins may call the API from a browser. The default (empty list) is the
// same origin only: no CORS header is ever sent. "*" allows every origin.
class Cors final
{
public:
    explicit Cors(QStringList allowedOrigins = {});

    bool isAllowed(const QByteArray &origin) const;
    // Headers for an ordinary answer to `request` (none when its origin is not allowed).
    QList<std::pair<QByteArray, QByteArray>> headersFor(const Request &request) const;
    // Headers for a preflight (OPTIONS) of an allowed origin.
    QList<std::pair<QByteArray, QByteArray>> preflightHeaders(const Request &request) const;

private:
    QStringList m_allowedOrigins;
};

} // namespace frontline::http
