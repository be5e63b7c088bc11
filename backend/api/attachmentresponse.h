// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/attachment.h"
#include "http/response.h"

namespace frontline {

// An attachment's bytes as both APIs serve them, so that a file can never act as a page of
// this site: its sniffed type (never the one it was uploaded with), no sniffing by the
// browser, a sandbox with nothing allowed, and a download for everything but an image. Its
// bytes never change, so a browser may keep it (privately).
http::Response attachmentResponse(const AttachmentContent &content);

// `filename="…"` in ASCII (what old clients read) and `filename*=UTF-8''…` (RFC 6266).
QByteArray contentDisposition(const QString &disposition, const QString &filename);

} // namespace frontline
