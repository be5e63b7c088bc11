// SPDX-License-Identifier: GPL-3.0-or-later
// What an uploaded file is (media/attachmentinspector.h): every input is made here, by QImage
// or by hand, byte by byte, so each hostile shape is exactly what the test says it is.
#include "api/errorresponse.h"
#include "domain/domainerror.h"
#include "hostilestrings.h"
#include "media/attachmentinspector.h"

#include <QBuffer>
#include <QColorSpace>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>
#include <QPainter>
#include <QTest>

using namespace frontline;
using namespace frontline::media;

namespace {

QImage gradient(int width, int height, bool alpha = false)
{
    QImage image(width, height, alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            image.setPixel(x, y,
                qRgba(x * 255 / std::max(1, width - 1), y * 255 / std::max(1, height - 1), 90,
                    alpha ? (x + y) % 256 : 255));
        }
    }
    return image;
}

QByteArray encoded(const QImage &image, const char *format)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    if (!writer.write(image))
        qFatal("cannot write %s: %s", format, qPrintable(writer.errorString()));
    return bytes;
}

QImage decoded(const QByteArray &bytes)
{
    return QImage::fromData(bytes);
}

quint32 crc32(const QByteArray &bytes)
{
    quint32 crc = 0xffffffffU;
    for (const char c : bytes) {
        crc ^= static_cast<quint8>(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
    }
    return ~crc;
}

QByteArray bigEndian32(quint32 value)
{
    QByteArray bytes(4, '\0');
    for (int i = 0; i < 4; ++i)
        bytes[i] = static_cast<char>((value >> (24 - 8 * i)) & 0xffU);
    return bytes;
}

QByteArray bigEndian16(quint16 value)
{
    QByteArray bytes(2, '\0');
    bytes[0] = static_cast<char>(value >> 8);
    bytes[1] = static_cast<char>(value & 0xffU);
    return bytes;
}

// A real PNG whose IHDR then says width × height, with its CRC made right again: a
// decompression bomb's header over a few bytes of pixels.
QByteArray pngDeclaring(quint32 width, quint32 height)
{
    QByteArray png = encoded(gradient(4, 4), "png");
    // Signature (8), IHDR's length (4), "IHDR" (4), then width and height.
    png.replace(16, 4, bigEndian32(width));
    png.replace(20, 4, bigEndian32(height));
    png.replace(29, 4, bigEndian32(crc32(png.mid(12, 17))));
    return png;
}

// A GIF of `colours.size()` frames, each filled with one of the colours, written by hand
// (Qt reads GIF but does not write it). LZW with a clear code before every pixel keeps the
// codes 3 bits wide and the table empty.
QByteArray gif(int width, int height, const QList<QRgb> &colours)
{
    QByteArray bytes("GIF89a");
    const auto le16 = [&](int value) {
        bytes.append(static_cast<char>(value & 0xff));
        bytes.append(static_cast<char>((value >> 8) & 0xff));
    };
    le16(width);
    le16(height);
    bytes.append(static_cast<char>(0xf1)); // a global table of 4 colours
    bytes.append('\0');
    bytes.append('\0');
    for (int i = 0; i < 4; ++i) {
        const QRgb c = colours.value(i, qRgb(0, 0, 0));
        bytes.append(static_cast<char>(qRed(c)));
        bytes.append(static_cast<char>(qGreen(c)));
        bytes.append(static_cast<char>(qBlue(c)));
    }
    if (colours.size() > 1) // NETSCAPE2.0: loop forever
        bytes.append(QByteArray("\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19));
    for (int frame = 0; frame < colours.size(); ++frame) {
        bytes.append(QByteArray("\x21\xf9\x04\x00\x0a\x00\x00\x00", 8)); // 0.1 s a frame
        bytes.append(',');
        le16(0);
        le16(0);
        le16(width);
        le16(height);
        bytes.append('\0');
        bytes.append('\x02'); // minimum code size
        QByteArray data;
        quint32 bits = 0;
        int count = 0;
        const auto put = [&](quint32 code) {
            bits |= code << count;
            count += 3;
            while (count >= 8) {
                data.append(static_cast<char>(bits & 0xffU));
                bits >>= 8;
                count -= 8;
            }
        };
        for (int i = 0; i < width * height; ++i) {
            put(4); // clear
            put(quint32(frame));
        }
        put(5); // end of information
        if (count > 0)
            data.append(static_cast<char>(bits & 0xffU));
        for (qsizetype at = 0; at < data.size(); at += 255) {
            const QByteArray block = data.mid(at, 255);
            bytes.append(static_cast<char>(block.size()));
            bytes.append(block);
        }
        bytes.append('\0');
    }
    bytes.append(';');
    return bytes;
}

// An EXIF APP1 segment (orientation 6, "turn 90° clockwise", and a GPS IFD with a latitude
// and a processing method naming a place) and a comment segment, put right after SOI.
QByteArray jpegWithExifAndComment(const QImage &image)
{
    QByteArray tiff("MM\x00\x2a\x00\x00\x00\x08", 8);
    // IFD0 at 8: orientation and the GPS IFD's offset (38).
    tiff += bigEndian16(2);
    tiff += bigEndian16(0x0112) + bigEndian16(3) + bigEndian32(1) + bigEndian16(6) + bigEndian16(0);
    tiff += bigEndian16(0x8825) + bigEndian16(4) + bigEndian32(1) + bigEndian32(38);
    tiff += bigEndian32(0);
    // The GPS IFD at 38: latitude ref, latitude (rationals at 80), processing method (at 104).
    const QByteArray method = QByteArray("ASCII\0\0\0", 8) + "SECRETGPSPLACE";
    tiff += bigEndian16(3);
    tiff += bigEndian16(0x0001) + bigEndian16(2) + bigEndian32(2) + QByteArray("N\0\0\0", 4);
    tiff += bigEndian16(0x0002) + bigEndian16(5) + bigEndian32(3) + bigEndian32(80);
    tiff += bigEndian16(0x001b) + bigEndian16(7) + bigEndian32(quint32(method.size()))
        + bigEndian32(104);
    tiff += bigEndian32(0);
    for (const quint32 value : { 48U, 51U, 30U })
        tiff += bigEndian32(value) + bigEndian32(1);
    tiff += method;
    Q_ASSERT(tiff.size() == 104 + method.size());
    const QByteArray exif = QByteArray("Exif\0\0", 6) + tiff;
    const QByteArray app1
        = QByteArray("\xff\xe1", 2) + bigEndian16(quint16(exif.size() + 2)) + exif;
    const QByteArray comment("SECRETCOMMENT in a COM segment");
    const QByteArray com
        = QByteArray("\xff\xfe", 2) + bigEndian16(quint16(comment.size() + 2)) + comment;
    QByteArray jpeg = encoded(image, "jpeg");
    jpeg.insert(2, app1 + com);
    return jpeg;
}

DomainError refusal(const QByteArray &data, const QString &name = QStringLiteral("file"),
    const InspectionLimits &limits = {})
{
    try {
        inspectAttachment(data, name, limits);
    } catch (const DomainError &error) {
        return error;
    }
    return { DomainError::Kind::Failed, QStringLiteral("accepted"), QString() };
}

bool hasControlOrBidi(const QString &name)
{
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0x202a && u <= 0x202e)
            || (u >= 0x2066 && u <= 0x2069) || u == 0x200e || u == 0x200f || u == 0x061c
            || (u >= 0x200b && u <= 0x200d) || u == 0xfeff)
            return true;
    }
    return false;
}

} // namespace

class TestAttachmentInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pngStaysPngWithItsPixels()
    {
        const QImage image = gradient(64, 48);
        const InspectedFile file
            = inspectAttachment(encoded(image, "png"), QStringLiteral("shot.png"), {});
        QCOMPARE(file.contentType, QStringLiteral("image/png"));
        QCOMPARE(file.filename, QStringLiteral("shot.png"));
        QCOMPARE(file.width, 64);
        QCOMPARE(file.height, 48);
        QVERIFY(file.bytes.startsWith("\x89PNG"));
        const QImage out = decoded(file.bytes);
        QCOMPARE(out.size(), QSize(64, 48));
        QCOMPARE(out.pixel(10, 20), image.pixel(10, 20));
    }

    void jpegStaysJpeg()
    {
        const InspectedFile file = inspectAttachment(
            encoded(gradient(80, 60), "jpeg"), QStringLiteral("photo.JPEG"), {});
        QCOMPARE(file.contentType, QStringLiteral("image/jpeg"));
        QCOMPARE(file.filename, QStringLiteral("photo.JPEG"));
        QVERIFY(file.bytes.startsWith("\xff\xd8"));
        QCOMPARE(decoded(file.bytes).size(), QSize(80, 60));
    }

    void progressiveJpegIsWhole()
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "jpeg");
        writer.setProgressiveScanWrite(true);
        QVERIFY(writer.write(gradient(120, 90)));
        // Several scans, each after its own start-of-scan marker.
        QVERIFY(bytes.count(QByteArray("\xff\xda", 2)) > 1);
        const InspectedFile file = inspectAttachment(bytes, QStringLiteral("p.jpg"), {});
        QCOMPARE(QSize(file.width, file.height), QSize(120, 90));
        QCOMPARE(refusal(bytes.left(bytes.size() - 30)).code(), QStringLiteral("invalid_image"));
    }

    void gifBecomesPngOfItsFirstFrame()
    {
        const QByteArray animated
            = gif(8, 6, { qRgb(200, 10, 10), qRgb(10, 200, 10), qRgb(10, 10, 200) });
        QCOMPARE(QImage::fromData(animated).size(), QSize(8, 6)); // the test's GIF is one
        const InspectedFile file = inspectAttachment(animated, QStringLiteral("anim.gif"), {});
        QCOMPARE(file.contentType, QStringLiteral("image/png"));
        QCOMPARE(file.filename, QStringLiteral("anim.png"));
        QCOMPARE(QSize(file.width, file.height), QSize(8, 6));
        const QImage out = decoded(file.bytes);
        QVERIFY(file.bytes.startsWith("\x89PNG"));
        QCOMPARE(qRed(out.pixel(3, 3)), 200);
        QCOMPARE(qGreen(out.pixel(3, 3)), 10);
        // The other frames are gone: a PNG has no animation chunks.
        QVERIFY(!file.bytes.contains("acTL"));
    }

    void webpBecomesPng()
    {
        if (!QImageReader::supportedImageFormats().contains("webp")
            || !QImageWriter::supportedImageFormats().contains("webp")) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL("No WebP image plugin, which scripts/setup installs "
                      "(qt6-image-formats-plugins)");
            QSKIP("No WebP image plugin: install qt6-image-formats-plugins (scripts/setup does)");
        }
        const QByteArray webp = encoded(gradient(50, 40), "webp");
        const InspectedFile file = inspectAttachment(webp, QStringLiteral("sticker.webp"), {});
        QCOMPARE(file.contentType, QStringLiteral("image/png"));
        QCOMPARE(file.filename, QStringLiteral("sticker.png"));
        QCOMPARE(decoded(file.bytes).size(), QSize(50, 40));
    }

    void exifGpsAndCommentAreGone()
    {
        const QByteArray jpeg = jpegWithExifAndComment(gradient(40, 20));
        // The input does hold them, where a reader finds them.
        QVERIFY(jpeg.contains("Exif"));
        QVERIFY(jpeg.contains("SECRETGPSPLACE"));
        QVERIFY(jpeg.contains("SECRETCOMMENT"));
        QVERIFY(!QImage::fromData(jpeg).textKeys().isEmpty());

        const InspectedFile file = inspectAttachment(jpeg, QStringLiteral("IMG_0001.jpg"), {});
        QCOMPARE(file.contentType, QStringLiteral("image/jpeg"));
        for (const QByteArray &bytes : { file.bytes, file.thumbnail }) {
            QVERIFY(!bytes.contains("Exif"));
            QVERIFY(!bytes.contains("SECRETGPSPLACE"));
            QVERIFY(!bytes.contains("SECRETCOMMENT"));
            QVERIFY(!bytes.contains(QByteArray(bigEndian32(48) + bigEndian32(1))));
            QVERIFY(!bytes.contains("\xff\xe1")); // no APP1 at all
            QVERIFY(!bytes.contains("\xff\xfe")); // no comment segment
            QCOMPARE(QImage::fromData(bytes).textKeys(), QStringList());
        }
        // The orientation was applied to the pixels before the EXIF went.
        QCOMPARE(QSize(file.width, file.height), QSize(20, 40));
        QCOMPARE(decoded(file.bytes).size(), QSize(20, 40));
    }

    void pngTextChunksAreGone()
    {
        QImage image = gradient(30, 30);
        image.setText(QStringLiteral("Comment"), QStringLiteral("SECRETTEXT"));
        image.setText(QStringLiteral("Author"), QStringLiteral("SECRETAUTHOR"));
        const QByteArray png = encoded(image, "png");
        QVERIFY(png.contains("SECRETTEXT"));
        const InspectedFile file = inspectAttachment(png, QStringLiteral("a.png"), {});
        for (const QByteArray &bytes : { file.bytes, file.thumbnail }) {
            QVERIFY(!bytes.contains("SECRET"));
            QVERIFY(!bytes.contains("tEXt"));
            QVERIFY(!bytes.contains("iTXt"));
            QVERIFY(!bytes.contains("zTXt"));
            QCOMPARE(QImage::fromData(bytes).textKeys(), QStringList());
        }
    }

    void colourProfileIsAppliedThenDropped_data()
    {
        QTest::addColumn<QByteArray>("format");
        QTest::addColumn<QByteArray>("profileMark");
        QTest::newRow("png") << QByteArray("png") << QByteArray("iCCP");
        QTest::newRow("jpeg") << QByteArray("jpeg") << QByteArray("ICC_PROFILE");
    }

    void colourProfileIsAppliedThenDropped()
    {
        QFETCH(QByteArray, format);
        QFETCH(QByteArray, profileMark);
        QImage image(16, 16, QImage::Format_RGB32);
        image.fill(qRgb(0, 200, 0));
        image.setColorSpace(QColorSpace(QColorSpace::DisplayP3));
        const QByteArray input = encoded(image, format.constData());
        QVERIFY(input.contains(profileMark));
        const InspectedFile file = inspectAttachment(input, QStringLiteral("p3"), {});
        QVERIFY(!file.bytes.contains(profileMark));
        QVERIFY(!file.thumbnail.contains(profileMark));
        // Display P3's green is beyond sRGB's: in sRGB it has no red left and more green.
        const QImage out = decoded(file.bytes);
        QVERIFY(!out.colorSpace().isValid());
        QVERIFY2(qGreen(out.pixel(8, 8)) > 200, qPrintable(QString::number(out.pixel(8, 8), 16)));
    }

    void polyglotBecomesOnlyTheImage_data()
    {
        QTest::addColumn<QByteArray>("image");
        QTest::addColumn<QByteArray>("appended");
        const QByteArray html("<html><script>alert(document.cookie)</script></html>");
        const QByteArray zip = QByteArray("PK\x03\x04\x14\x00\x00\x00", 8) + "evil.html";
        QTest::newRow("png + html") << encoded(gradient(20, 10), "png") << html;
        QTest::newRow("png + zip") << encoded(gradient(20, 10), "png") << zip;
        QTest::newRow("jpeg + html") << encoded(gradient(20, 10), "jpeg") << html;
        QTest::newRow("gif + html") << gif(20, 10, { qRgb(1, 2, 3) }) << html;
    }

    void polyglotBecomesOnlyTheImage()
    {
        QFETCH(QByteArray, image);
        QFETCH(QByteArray, appended);
        const InspectedFile file = inspectAttachment(image + appended, QStringLiteral("x.png"), {});
        QVERIFY(file.contentType.startsWith(u"image/"));
        QCOMPARE(decoded(file.bytes).size(), QSize(20, 10));
        QVERIFY(!file.bytes.contains("<html"));
        QVERIFY(!file.bytes.contains("script"));
        QVERIFY(!file.bytes.contains("PK\x03\x04"));
        QVERIFY(!file.bytes.contains("evil"));
    }

    void thumbnails_data()
    {
        QTest::addColumn<QImage>("image");
        QTest::addColumn<QSize>("thumbnailSize");
        QTest::addColumn<QString>("thumbnailType");
        QTest::newRow("wide") << gradient(1000, 500) << QSize(320, 160)
                              << QStringLiteral("image/jpeg");
        QTest::newRow("tall") << gradient(300, 900) << QSize(106, 320)
                              << QStringLiteral("image/jpeg");
        QTest::newRow("small, not upscaled")
            << gradient(100, 50) << QSize(100, 50) << QStringLiteral("image/jpeg");
        QTest::newRow("alpha") << gradient(640, 640, true) << QSize(320, 320)
                               << QStringLiteral("image/png");
        QTest::newRow("a thin line keeps a pixel")
            << gradient(4000, 2) << QSize(320, 1) << QStringLiteral("image/jpeg");
    }

    void thumbnails()
    {
        QFETCH(QImage, image);
        QFETCH(QSize, thumbnailSize);
        QFETCH(QString, thumbnailType);
        const InspectedFile file
            = inspectAttachment(encoded(image, "png"), QStringLiteral("i.png"), {});
        QCOMPARE(QSize(file.width, file.height), image.size());
        QCOMPARE(file.thumbnailType, thumbnailType);
        const QImage thumbnail = decoded(file.thumbnail);
        QCOMPARE(thumbnail.size(), thumbnailSize);
        QCOMPARE(file.thumbnail.startsWith("\x89PNG"), thumbnailType == u"image/png");
        QCOMPARE(file.thumbnail.startsWith("\xff\xd8"), thumbnailType == u"image/jpeg");
    }

    void thumbnailSideIsTheLimits()
    {
        InspectionLimits limits;
        limits.thumbnailSide = 64;
        const InspectedFile file
            = inspectAttachment(encoded(gradient(200, 100), "png"), QStringLiteral("i"), limits);
        QCOMPARE(decoded(file.thumbnail).size(), QSize(64, 32));
    }

    void bombIsRefusedBeforeDecoding_data()
    {
        QTest::addColumn<quint32>("width");
        QTest::addColumn<quint32>("height");
        QTest::newRow("100000 x 100000") << 100000U << 100000U;
        QTest::newRow("a side over 20000") << 30000U << 10U;
        QTest::newRow("60 megapixels, sides within") << 10000U << 6000U;
        QTest::newRow("a million wide") << 1000000U << 1U;
    }

    void bombIsRefusedBeforeDecoding()
    {
        QFETCH(quint32, width);
        QFETCH(quint32, height);
        const QByteArray bomb = pngDeclaring(width, height);
        const DomainError error = refusal(bomb, QStringLiteral("bomb.png"));
        QCOMPARE(error.code(), QStringLiteral("image_too_large"));
        QCOMPARE(httpStatusOf(error.kind()), 400);
        QVERIFY2(error.message().contains(u"50 megapixels"), qPrintable(error.message()));
    }

    void zeroSizedImageIsInvalid()
    {
        QCOMPARE(refusal(pngDeclaring(0, 10)).code(), QStringLiteral("invalid_image"));
    }

    void decoderBoundIsPutBack()
    {
        const int before = QImageReader::allocationLimit();
        inspectAttachment(encoded(gradient(10, 10), "png"), QStringLiteral("a.png"), {});
        refusal(pngDeclaring(100000, 100000));
        QCOMPARE(QImageReader::allocationLimit(), before);
    }

    void truncatedImagesAreInvalid_data()
    {
        QTest::addColumn<QByteArray>("data");
        const QByteArray jpeg = encoded(gradient(200, 150), "jpeg");
        const QByteArray png = encoded(gradient(200, 150), "png");
        QTest::newRow("jpeg, half") << jpeg.left(jpeg.size() / 2);
        QTest::newRow("jpeg, no EOI") << jpeg.left(jpeg.size() - 2);
        QTest::newRow("jpeg, headers only") << jpeg.left(200);
        // An EXIF thumbnail is a whole JPEG, EOI included, inside APP1: the file is still cut.
        const QByteArray thumbnail = encoded(gradient(16, 16), "jpeg");
        const QByteArray exif = QByteArray("Exif\0\0", 6) + thumbnail;
        const QByteArray withThumbnail = jpeg.left(2) + QByteArray("\xff\xe1", 2)
            + bigEndian16(quint16(exif.size() + 2)) + exif + jpeg.mid(2);
        QVERIFY(withThumbnail.contains(QByteArray("\xff\xd9", 2)));
        QTest::newRow("jpeg with an EXIF thumbnail, half")
            << withThumbnail.left(withThumbnail.size() - jpeg.size() / 2);
        QTest::newRow("png, half") << png.left(png.size() / 2);
        QTest::newRow("png, no IEND") << png.left(png.size() - 12);
        QTest::newRow("png, signature only") << png.left(8);
        const QByteArray gif40 = gif(40, 40, { qRgb(9, 9, 9) });
        QTest::newRow("gif, half") << gif40.left(gif40.size() / 2);
        QTest::newRow("gif, first block only") << gif40.left(60);
        QTest::newRow("gif, no image") << gif40.left(33);
    }

    void truncatedImagesAreInvalid()
    {
        QFETCH(QByteArray, data);
        const DomainError error = refusal(data, QStringLiteral("cut.jpg"));
        QCOMPARE(error.code(), QStringLiteral("invalid_image"));
        QCOMPARE(httpStatusOf(error.kind()), 400);
    }

    void typeIsDecidedByTheBytes_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("name");
        QTest::newRow("html named x.png")
            << QByteArray("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
            << QStringLiteral("x.png");
        QTest::newRow("html without a doctype")
            << QByteArray("<html><script>alert(1)</script></html>") << QStringLiteral("a.txt");
        QTest::newRow("svg") << QByteArray(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script>"
            "</svg>") << QStringLiteral("logo.png");
        QTest::newRow("zip") << QByteArray("PK\x03\x04\x14\x00\x00\x00\x08\x00", 10)
                + QByteArray(100, 'z')
                             << QStringLiteral("photos.jpg");
        QTest::newRow("elf") << QByteArray("\x7f"
                                           "ELF\x02\x01\x01",
                                    7)
                + QByteArray(100, '\0')
                             << QStringLiteral("x.png");
        QTest::newRow("binary junk")
            << QByteArray("\x01\x02\xff\xfe\x00\x80\x90\x13\x37", 9) << QStringLiteral("a.txt");
        QTest::newRow("latin-1 text")
            << QByteArray("caf\xe9 cr\xe8me\n") << QStringLiteral("a.txt");
        QTest::newRow("utf-16 text")
            << QByteArray("\xff\xfeh\0i\0\n\0", 8) << QStringLiteral("a.txt");
    }

    void typeIsDecidedByTheBytes()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, name);
        const DomainError error = refusal(data, name);
        QCOMPARE(error.code(), QStringLiteral("unsupported_attachment"));
        QCOMPARE(httpStatusOf(error.kind()), 415);
        QVERIFY2(error.message().contains(u"PNG, JPEG, GIF, WebP"), qPrintable(error.message()));
    }

    void refusalSaysWhatTheFileIs()
    {
        const DomainError error = refusal(QByteArray("<html><body>x</body></html>"));
        QVERIFY2(error.message().contains(u"HTML"), qPrintable(error.message()));
    }

    void textIsKeptAsSent_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("filename");
        QTest::newRow("utf-8") << QStringLiteral("Bonjour, j’ai un problème 🙂\n").toUtf8()
                               << QStringLiteral("notes.txt") << QStringLiteral("notes.txt");
        QTest::newRow("log") << QByteArray(
            "2026-12-07 01:00:00 ERROR frontline.store: the database is locked\n"
            "2026-12-07 01:00:01 INFO retrying\n")
                             << QStringLiteral("server.log") << QStringLiteral("server.log");
        QTest::newRow("json") << QByteArray("{\"a\": [1, 2]}\n") << QStringLiteral("c.json")
                              << QStringLiteral("c.json");
        QTest::newRow("text named .html")
            << QByteArray("just words\n") << QStringLiteral("page.html")
            << QStringLiteral("page.html.txt");
    }

    void textIsKeptAsSent()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, name);
        QFETCH(QString, filename);
        const InspectedFile file = inspectAttachment(data, name, {});
        QCOMPARE(file.contentType, QStringLiteral("text/plain"));
        QCOMPARE(file.bytes, data);
        QCOMPARE(file.filename, filename);
        QCOMPARE(file.width, 0);
        QVERIFY(file.thumbnail.isEmpty());
        QVERIFY(file.thumbnailType.isEmpty());
    }

    void pdfIsKeptAsSent()
    {
        const QByteArray pdf("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                             "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
                             "trailer\n<< /Root 1 0 R >>\n%%EOF\n");
        const InspectedFile file = inspectAttachment(pdf, QStringLiteral("invoice.exe"), {});
        QCOMPARE(file.contentType, QStringLiteral("application/pdf"));
        QCOMPARE(file.bytes, pdf);
        QCOMPARE(file.filename, QStringLiteral("invoice.exe.pdf"));
        QVERIFY(file.thumbnail.isEmpty());
    }

    void emptyIsRefused()
    {
        const DomainError error = refusal(QByteArray());
        QCOMPARE(error.code(), QStringLiteral("empty_attachment"));
        QCOMPARE(httpStatusOf(error.kind()), 400);
    }

    void overTheLimitIsRefused()
    {
        InspectionLimits limits;
        limits.maxBytes = 2 * 1024 * 1024;
        QVERIFY(inspectAttachment(QByteArray(limits.maxBytes, 'a'), QStringLiteral("a.txt"), limits)
                    .bytes.size()
            == limits.maxBytes);
        const DomainError error = refusal(QByteArray(limits.maxBytes + 1, 'a'), {}, limits);
        QCOMPARE(error.code(), QStringLiteral("attachment_too_large"));
        QCOMPARE(httpStatusOf(error.kind()), 413);
        QVERIFY2(error.message().contains(u"2 MiB"), qPrintable(error.message()));
    }

    void namesAreCleaned_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("expected");
        const QString png = QStringLiteral("image/png");
        const QString text = QStringLiteral("text/plain");
        QTest::newRow("path") << QStringLiteral("../../etc/passwd") << text
                              << QStringLiteral("passwd.txt");
        QTest::newRow("windows path")
            << QStringLiteral("C:\\Users\\marie\\shot.png") << png << QStringLiteral("shot.png");
        QTest::newRow("nul") << (QStringLiteral("a") + QChar(0) + QStringLiteral("b.png")) << png
                             << QStringLiteral("ab.png");
        QTest::newRow("rlo") << QStringLiteral("invoice\u202Egnp.exe") << png
                             << QStringLiteral("invoicegnp.exe.png");
        QTest::newRow("bidi marks and isolates")
            << QStringLiteral("\u200Fa\u2066b\u2069\u061C\u200Ec.png") << png
            << QStringLiteral("abc.png");
        QTest::newRow("zero width")
            << QStringLiteral("a\u200Bb\uFEFFc\u200D.png") << png << QStringLiteral("abc.png");
        QTest::newRow("c0 c1 del") << QStringLiteral("a\u0007\u001b\u0085\u009b\u007fb.png") << png
                                   << QStringLiteral("ab.png");
        QTest::newRow("newline") << QStringLiteral("a\r\nb.png") << png << QStringLiteral("ab.png");
        QTest::newRow("only dots")
            << QStringLiteral("...") << png << QStringLiteral("attachment.png");
        QTest::newRow("dots and spaces around")
            << QStringLiteral(" . shot.png . ") << png << QStringLiteral("shot.png");
        QTest::newRow("empty") << QString() << text << QStringLiteral("attachment.txt");
        QTest::newRow("a folder") << QStringLiteral("photos/") << png
                                  << QStringLiteral("attachment.png");
        QTest::newRow("exe that is a png")
            << QStringLiteral("x.exe") << png << QStringLiteral("x.exe.png");
        QTest::newRow("gif re-encoded")
            << QStringLiteral("cat.GIF") << png << QStringLiteral("cat.png");
        QTest::newRow("jpeg keeps .jpeg")
            << QStringLiteral("a.jpeg") << QStringLiteral("image/jpeg") << QStringLiteral("a.jpeg");
        QTest::newRow("no extension")
            << QStringLiteral("screenshot") << png << QStringLiteral("screenshot.png");
        QTest::newRow("windows characters")
            << QStringLiteral("a<b>:c\"d|e?f*.png") << png << QStringLiteral("a_b__c_d_e_f_.png");
        QTest::newRow("nfc") << QStringLiteral("cafe\u0301.txt") << text
                             << QStringLiteral("caf\u00e9.txt");
        QTest::newRow("emoji kept")
            << QStringLiteral("🙂.png") << png << QStringLiteral("🙂.png");
        QTest::newRow("unpaired surrogate")
            << (QStringLiteral("a") + QChar(0xd800) + QStringLiteral("b.png")) << png
            << QStringLiteral("ab.png");
    }

    void namesAreCleaned()
    {
        QFETCH(QString, name);
        QFETCH(QString, type);
        QFETCH(QString, expected);
        QCOMPARE(cleanAttachmentName(name, type), expected);
    }

    void longNamesKeepTheirExtension()
    {
        const QString name = QString(300, u'n') + QStringLiteral(".png");
        const QString cleaned = cleanAttachmentName(name, QStringLiteral("image/png"));
        QCOMPARE(cleaned.size(), MaxAttachmentNameLength);
        QVERIFY(cleaned.endsWith(u".png"));
        const QString emoji
            = QString(200, u'x') + QStringLiteral("🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂.txt");
        const QString cut = cleanAttachmentName(
            QString(115, u'x') + QStringLiteral("🙂yy.txt"), QStringLiteral("text/plain"));
        QCOMPARE(cut, QString(115, u'x') + QStringLiteral(".txt")); // not half an emoji
        QVERIFY(cleanAttachmentName(emoji, QStringLiteral("text/plain")).size()
            <= MaxAttachmentNameLength);
        const QString unknown = cleanAttachmentName(QString(300, u'y'), QString());
        QCOMPARE(unknown.size(), MaxAttachmentNameLength);
    }

    void inspectionCleansTheName()
    {
        const InspectedFile file = inspectAttachment(
            encoded(gradient(8, 8), "png"), QStringLiteral("../evil\u202Egnp.exe"), {});
        QCOMPARE(file.filename, QStringLiteral("evilgnp.exe.png"));
    }

    void hostileNamesAreCleaned()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(strings);
        const QStringList types { QStringLiteral("image/png"), QStringLiteral("image/jpeg"),
            QStringLiteral("application/pdf"), QStringLiteral("text/plain") };
        for (const QString &name : strings) {
            for (const QString &type : types) {
                const QString cleaned = cleanAttachmentName(name, type);
                QVERIFY2(!cleaned.isEmpty(), qPrintable(name));
                QVERIFY2(!cleaned.contains(u'/'), qPrintable(cleaned));
                QVERIFY2(!cleaned.contains(u'\\'), qPrintable(cleaned));
                QVERIFY2(!hasControlOrBidi(cleaned), qPrintable(cleaned));
                QVERIFY2(cleaned.size() <= MaxAttachmentNameLength, qPrintable(cleaned));
                QVERIFY2(!cleaned.startsWith(u'.') && !cleaned.endsWith(u'.'), qPrintable(cleaned));
                // Cleaning is done once and for all.
                QCOMPARE(cleanAttachmentName(cleaned, type), cleaned);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestAttachmentInspector)
#include "tst_attachmentinspector.moc"
