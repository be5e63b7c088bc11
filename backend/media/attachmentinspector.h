// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "attachmentname.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace frontline::media {

struct InspectionLimits
{
    qint64 maxBytes = 10 * 1024 * 1024;
    qint64 maxPixels = 50'000'000;
    int maxSide = 20000;
    int thumbnailSide = 320;
    // The language of the refusals' sentences: the customer's ("fr"…) for an upload from the
    // chat page, which shows them as they are; empty: the server's.
    QString language;
};

// What an uploaded file is, once inspected: what is stored and served.
struct InspectedFile
{
    QByteArray bytes; // to store: an image re-encoded, any other file as it was sent
    QString contentType; // found from the bytes: one of the accepted types below
    QString filename; // cleanAttachmentName(declaredName, contentType)
    int width = 0; // of the re-encoded image; 0 for a file that is not an image
    int height = 0;
    QByteArray thumbnail; // images only: the longest side at most thumbnailSide
    QString thumbnailType; // "image/jpeg", or "image/png" for an image with alpha
};

// Decides what `data` is from its bytes alone (never its name or a declared type) and makes
// it safe to serve. Accepted: PNG, JPEG, GIF, WebP (decoded and re-encoded: JPEG as JPEG, the
// others as PNG, with no metadata; an animated GIF keeps its first frame), PDF and text in
// UTF-8 (stored as they were sent, text as text/plain). Throws DomainError:
// - empty_attachment (InvalidInput) for no bytes;
// - attachment_too_large (TooLarge) over limits.maxBytes;
// - unsupported_attachment (UnsupportedFormat) for any other type, saying what is accepted;
// - image_too_large (InvalidInput) when the image's header declares more than
//   limits.maxPixels or a side over limits.maxSide: refused before anything is decoded;
// - invalid_image (InvalidInput) for an image that is truncated or cannot be decoded.
// Safe to call from any thread (image decoding is serialized: see the .cpp).
InspectedFile inspectAttachment(
    const QByteArray &data, const QString &declaredName, const InspectionLimits &limits);

// The types inspectAttachment accepts, as a page's file chooser is told them.
QStringList acceptedAttachmentTypes();

} // namespace frontline::media
