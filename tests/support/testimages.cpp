// SPDX-License-Identifier: GPL-3.0-or-later
#include "testimages.h"

#include <QBuffer>
#include <QImageWriter>
#include <QPainter>
#include <QtEndian>

namespace frontline::testsupport {

namespace {

quint32 crc32(const QByteArray &data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char byte : data) {
        crc ^= quint8(byte);
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

QByteArray bigEndian(quint32 value)
{
    QByteArray bytes(4, '\0');
    qToBigEndian(value, bytes.data());
    return bytes;
}

QByteArray pngChunk(const QByteArray &type, const QByteArray &data)
{
    return bigEndian(quint32(data.size())) + type + data + bigEndian(crc32(type + data));
}

QByteArray jpegSegment(char marker, const QByteArray &payload)
{
    QByteArray segment;
    segment.append(char(0xFF));
    segment.append(marker);
    const quint16 length = quint16(payload.size() + 2);
    segment.append(char(length >> 8));
    segment.append(char(length & 0xFF));
    return segment + payload;
}

} // namespace

QImage gradientImage(int width, int height)
{
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixel(x, y, qRgb(x * 255 / width, y * 255 / height, 128));
    return image;
}

QByteArray encodedImage(const QImage &image, const char *format, int quality)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    writer.setQuality(quality);
    writer.write(image);
    return bytes;
}

QByteArray jpegWithGpsAndComment(const QImage &image)
{
    const QByteArray jpeg = encodedImage(image, "jpg", 90);
    // A TIFF header (little endian) whose IFD0 points to a GPS IFD, plus the marker text: what
    // matters is that the bytes are there and must be gone after re-encoding.
    QByteArray tiff = QByteArray("II*\0", 4) + QByteArray("\x08\0\0\0", 4);
    tiff += QByteArray("\x01\0", 2); // one entry
    tiff += QByteArray("\x25\x88\x04\0\x01\0\0\0\x1a\0\0\0", 12); // GPSInfo → offset 26
    tiff += QByteArray("\0\0\0\0", 4); // no next IFD
    tiff += QByteArray(GpsMarker);
    const QByteArray exif = jpegSegment(char(0xE1), QByteArray("Exif\0\0", 6) + tiff);
    const QByteArray comment = jpegSegment(char(0xFE), QByteArray(CommentMarker));
    return jpeg.left(2) + exif + comment + jpeg.mid(2);
}

QByteArray pngDeclaring(quint32 width, quint32 height)
{
    QByteArray header = bigEndian(width) + bigEndian(height);
    header += QByteArray("\x08\x02\0\0\0", 5); // 8 bits, RGB, deflate, no filter, no interlace
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", header)
        + pngChunk("IDAT", QByteArray("\x78\x9c\x03\0\0\0\0\x01", 8)) + pngChunk("IEND", {});
}

} // namespace frontline::testsupport
