// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QImage>

namespace frontline::testsupport {

// Files made in the test for what an upload must survive or be refused for.
QImage gradientImage(int width, int height);
QByteArray encodedImage(const QImage &image, const char *format, int quality = -1);
// A JPEG with an EXIF segment holding GPS coordinates (marked GpsMarker) and a comment segment
// (CommentMarker), as a phone camera writes them.
QByteArray jpegWithGpsAndComment(const QImage &image);
inline constexpr char GpsMarker[] = "GPSLatitude48.8566N";
inline constexpr char CommentMarker[] = "taken-at-home-by-marie";
// A valid PNG header (signature and IHDR with its CRC) that declares width × height pixels,
// with one tiny IDAT and IEND: a decompression bomb's shape.
QByteArray pngDeclaring(quint32 width, quint32 height);

} // namespace frontline::testsupport
