// SPDX-License-Identifier: GPL-3.0-or-later
// The translations are complete, current and load: lupdate finds nothing new or gone in the
// sources, no text or plural form is unfinished or empty, every translation keeps its
// source's placeholders, and the compiled-in translations are what installTranslations()
// installs. French has every text; English (the source language) its plural forms.

#include "core/translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; // one, or one per plural form
    bool unfinished = false;
    bool numerus = false;
};

QList<Message> readTs(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (xml.name() == QLatin1String("message")) {
            current = Message { context, {}, {}, false,
                xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes") };
        } else if (xml.name() == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            current.unfinished = xml.attributes().hasAttribute(QLatin1String("type"));
            if (!current.numerus)
                current.translations = { xml.readElementText() };
            messages.append(current);
        } else if (xml.name() == QLatin1String("numerusform")) {
            messages.last().translations.append(xml.readElementText());
        }
    }
    return messages;
}

QSet<QString> placeholdersOf(const QString &text)
{
    static const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
    QSet<QString> found;
    for (auto it = placeholder.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(0));
    return found;
}

} // namespace

class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void isCurrent_data()
    {
        QTest::addColumn<QString>("tsFile");
        QTest::addColumn<QStringList>("extraOptions");
        QTest::newRow("French") << QStringLiteral(FRONTLINE_TS_FILE) << QStringList();
        QTest::newRow("English plurals") << QStringLiteral(FRONTLINE_PLURALS_TS_FILE)
                                         << QStringList { QStringLiteral("-pluralonly") };
    }
    void isCurrent()
    {
        // lupdate, run as the build runs it, on a copy: the committed file must not change.
        QFETCH(QString, tsFile);
        QFETCH(QStringList, extraOptions);
        QTemporaryDir dir;
        const QString copy = dir.filePath(QFileInfo(tsFile).fileName());
        QVERIFY(QFile::copy(tsFile, copy));
        QFile sources(QStringLiteral(FRONTLINE_TRANSLATABLE_SOURCES_FILE));
        QVERIFY(sources.open(QIODevice::ReadOnly));
        QStringList arguments
            = QString::fromUtf8(sources.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        arguments << QStringLiteral("-locations") << QStringLiteral("none")
                  << QStringLiteral("-no-obsolete") << QStringLiteral("-no-ui-lines")
                  << QStringLiteral("-silent") << extraOptions << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.start(QStringLiteral(FRONTLINE_LUPDATE), arguments);
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);
        QFile committed(tsFile);
        QFile updated(copy);
        QVERIFY(committed.open(QIODevice::ReadOnly) && updated.open(QIODevice::ReadOnly));
        const QByteArray before = committed.readAll();
        const QByteArray after = updated.readAll();
        if (before != after) {
            QStringList added;
            for (const Message &m : readTs(copy))
                if (m.unfinished)
                    added << m.context + QStringLiteral(": ") + m.source;
            QFAIL(qPrintable(tsFile
                + QStringLiteral(" is stale: run 'cmake --build build/release --target "
                                 "frontline_lupdate', translate, and commit it. "
                                 "New or changed texts: ")
                + added.join(QStringLiteral(" | "))));
        }
    }

    void isCompleteAndKeepsPlaceholders_data()
    {
        QTest::addColumn<QString>("tsFile");
        QTest::addColumn<int>("atLeast");
        QTest::newRow("French") << QStringLiteral(FRONTLINE_TS_FILE) << 300;
        QTest::newRow("English plurals") << QStringLiteral(FRONTLINE_PLURALS_TS_FILE) << 10;
    }
    void isCompleteAndKeepsPlaceholders()
    {
        QFETCH(QString, tsFile);
        QFETCH(int, atLeast);
        const QList<Message> messages = readTs(tsFile);
        QVERIFY(messages.size() >= atLeast);
        for (const Message &m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            QVERIFY2(!m.unfinished, qPrintable(QStringLiteral("unfinished: ") + where));
            // French and English both have two plural forms (one, many).
            QVERIFY2(m.translations.size() == (m.numerus ? 2 : 1),
                qPrintable(QStringLiteral("forms missing: ") + where));
            for (const QString &translation : m.translations) {
                QVERIFY2(!translation.trimmed().isEmpty() || m.source.trimmed().isEmpty(),
                    qPrintable(QStringLiteral("empty: ") + where));
                QVERIFY2(placeholdersOf(translation) == placeholdersOf(m.source),
                    qPrintable(QStringLiteral("placeholders differ: ") + where
                        + QStringLiteral(" -> ") + translation));
            }
        }
    }

    void installsFrenchAndPlurals()
    {
        frontline::installTranslations(QStringLiteral("fr"));
        QCOMPARE(frontline::installedLanguage(), QStringLiteral("fr"));
        QCOMPARE(QCoreApplication::translate("AgentDesk", "Take the session over before replying."),
            QStringLiteral("Prenez la session en main avant de répondre."));
        QCOMPARE(QCoreApplication::translate("frontline::ui::WaitingNotifier",
                     "%n customer(s) are waiting for an agent.", nullptr, 1),
            QStringLiteral("1 client attend un agent."));
        QCOMPARE(QCoreApplication::translate("frontline::ui::WaitingNotifier",
                     "%n customer(s) are waiting for an agent.", nullptr, 3),
            QStringLiteral("3 clients attendent un agent."));
        QCOMPARE(
            QCoreApplication::translate("ChatRoutes", "Try again in %n second(s).", nullptr, 1),
            QStringLiteral("Réessayez dans 1 seconde."));
        // Qt's own texts too (scripts/setup installs them; the .deb recommends them): the
        // standard buttons of every dialog speak French.
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "&Yes"), QStringLiteral("&Oui"));
        QCOMPARE(
            QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Annuler"));
        frontline::installTranslations(QStringLiteral("en"));
        QCOMPARE(frontline::installedLanguage(), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("AgentDesk", "Take the session over before replying."),
            QStringLiteral("Take the session over before replying."));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "&Yes"), QStringLiteral("&Yes"));
        QCOMPARE(
            QCoreApplication::translate("ChatRoutes", "Try again in %n second(s).", nullptr, 1),
            QStringLiteral("Try again in 1 second."));
        QCOMPARE(
            QCoreApplication::translate("ChatRoutes", "Try again in %n second(s).", nullptr, 42),
            QStringLiteral("Try again in 42 seconds."));
        // A language Frontline does not speak gets English, plurals included.
        frontline::installTranslations(QStringLiteral("de"));
        QCOMPARE(frontline::installedLanguage(), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("frontline::ui::WaitingNotifier",
                     "%n customer(s) are waiting for an agent.", nullptr, 1),
            QStringLiteral("1 customer is waiting for an agent."));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
