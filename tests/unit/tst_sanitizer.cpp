// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostilestrings.h"
#include "security/sanitizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;

class TestSanitizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleans_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("changed");
        const auto row = [](const char *name, const QString &in, const QString &out, bool changed) {
            QTest::newRow(name) << in << out << changed;
        };
        row("plain", QStringLiteral("Bonjour, j’ai un souci"),
            QStringLiteral("Bonjour, j’ai un souci"), false);
        row("nfd to nfc", QStringLiteral("cafe\u0301"), QStringLiteral("caf\u00e9"), true);
        row("crlf", QStringLiteral("a\r\nb\rc"), QStringLiteral("a\nb\nc"), true);
        row("nul and c0", QStringLiteral("a") + QChar(0) + QStringLiteral("b\u0007c\u001b[31m"),
            QStringLiteral("abc[31m"), true);
        // Found by fuzz_sanitizer: once the control character goes, the two marks meet out of
        // canonical order, so normalization has to come after removal.
        row("marks reordered after removal", QStringLiteral("\u05D4\u0659\u0001\u05B0"),
            QStringLiteral("\u05D4\u05B0\u0659"), true);
        row("c1", QStringLiteral("a\u0085b\u009bc"), QStringLiteral("abc"), true);
        row("tab kept", QStringLiteral("a\tb"), QStringLiteral("a\tb"), false);
        row("rlo", QStringLiteral("invoice\u202Efdp.exe"), QStringLiteral("invoicefdp.exe"), true);
        row("isolates", QStringLiteral("\u2066a\u2067b\u2068c\u2069"), QStringLiteral("abc"), true);
        row("bom", QStringLiteral("\uFEFFhello"), QStringLiteral("hello"), true);
        row("noncharacter", QStringLiteral("a\uFFFEb\uFDD0c"), QStringLiteral("abc"), true);
        row("astral noncharacter",
            QStringLiteral("a") + QString::fromUcs4(U"\U0001FFFF") + QStringLiteral("b"),
            QStringLiteral("ab"), true);
        row("emoji zwj", QStringLiteral("👩\u200D👩\u200D👧 family"),
            QStringLiteral("👩\u200D👩\u200D👧 family"), false);
        row("rtl text", QStringLiteral("שלום עולם مرحبا"), QStringLiteral("שלום עולם مرحبا"),
            false);
        row("markup is text", QStringLiteral("<script>alert(1)</script>"),
            QStringLiteral("<script>alert(1)</script>"), false);
        row("trim", QStringLiteral("  \n\thello \n "), QStringLiteral("hello"), true);
        row("blank lines", QStringLiteral("a\n\n\n\nb"), QStringLiteral("a\n\nb"), true);
        row("whitespace lines", QStringLiteral("a\n  \n\t\nb"), QStringLiteral("a\n\nb"), true);
        row("one blank line kept", QStringLiteral("a\n\nb"), QStringLiteral("a\n\nb"), false);
        row("trailing spaces kept inside", QStringLiteral("a  \nb"), QStringLiteral("a  \nb"),
            false);
    }
    void cleans()
    {
        QFETCH(QString, input);
        const SanitizedText result = Sanitizer().clean(input);
        QVERIFY2(result.ok, qPrintable(result.error));
        QTEST(result.text, "expected");
        QTEST(result.changed, "changed");
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << QString() << "empty";
        QTest::newRow("whitespace") << QStringLiteral(" \n\t ") << "empty";
        QTest::newRow("only controls") << QStringLiteral("\u0001\u202E\uFEFF") << "empty";
        QTest::newRow("only zero-width and format characters")
            << QStringLiteral("\u200B\u200C\u200D\u2060\u200E\u00AD") << "empty";
        QTest::newRow("only exotic spaces and fillers")
            << QStringLiteral("\u00A0\u3000\u2028\u3164\u115F") << "empty";
        QTest::newRow("unpaired surrogate")
            << (QStringLiteral("a") + QChar(0xD800) + QStringLiteral("b")) << "Unicode";
        QTest::newRow("2001 characters") << QString(2001, QLatin1Char('x')) << "2000";
        QTest::newRow("2001 emoji") << QStringLiteral("😀").repeated(2001) << "2000";
    }
    void rejects()
    {
        QFETCH(QString, input);
        QFETCH(QString, mentions);
        const SanitizedText result = Sanitizer().clean(input);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(mentions), qPrintable(result.error));
    }

    void countsCodePointsNotUtf16Units()
    {
        QVERIFY(Sanitizer().clean(QString(2000, QLatin1Char('x'))).ok);
        QVERIFY(Sanitizer().clean(QStringLiteral("😀").repeated(2000)).ok); // 4000 UTF-16 units
        QVERIFY(!Sanitizer({ 3, 10 }).clean(QStringLiteral("ab")).ok);
        QVERIFY(Sanitizer({ 3, 10 }).clean(QStringLiteral("abc")).ok);
    }

    void leavesEveryHostileStringCleanAndStable()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(strings)
        const Sanitizer sanitizer;
        int accepted = 0;
        for (const QString &text : strings) {
            const SanitizedText result = sanitizer.clean(text);
            if (!result.ok) {
                QVERIFY(!result.error.isEmpty());
                continue;
            }
            ++accepted;
            const SanitizedText again = sanitizer.clean(result.text);
            QCOMPARE(again.text, result.text); // idempotent
            QVERIFY(!again.changed);
            for (const uint c : result.text.toUcs4()) {
                QVERIFY(c >= 0x20 || c == '\n' || c == '\t');
                QVERIFY(!(c >= 0x7F && c <= 0x9F));
                QVERIFY(!(c >= 0x202A && c <= 0x202E) && !(c >= 0x2066 && c <= 0x2069));
            }
        }
        QVERIFY(accepted > 400);
    }
};

QTEST_GUILESS_MAIN(TestSanitizer)
#include "tst_sanitizer.moc"
