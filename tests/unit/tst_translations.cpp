// SPDX-License-Identifier: GPL-3.0-or-later
// The French translation is complete, current and loads: lupdate finds nothing new or gone
// in the sources, no text is unfinished, every translation keeps its source's placeholders,
// and the compiled-in translation is what installTranslations() installs.

#include "core/translations.h"

#include <QCoreApplication>
#include <QFile>
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
            current = Message{context, {}, {}, false};
        } else if (xml.name() == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (xml.name() == QLatin1String("translation")) {
            current.unfinished = xml.attributes().hasAttribute(QLatin1String("type"));
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            current.translations = {text};
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
    void frenchIsCurrent()
    {
        // lupdate, run as the build runs it, on a copy: the committed file must not change.
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("frontline_fr.ts"));
        QVERIFY(QFile::copy(QStringLiteral(FRONTLINE_TS_FILE), copy));
        QFile sources(QStringLiteral(FRONTLINE_TRANSLATABLE_SOURCES_FILE));
        QVERIFY(sources.open(QIODevice::ReadOnly));
        QStringList arguments = QString::fromUtf8(sources.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        arguments << QStringLiteral("-locations") << QStringLiteral("none") << QStringLiteral("-no-obsolete")
                  << QStringLiteral("-no-ui-lines") << QStringLiteral("-silent") << QStringLiteral("-ts") << copy;
        QProcess lupdate;
        lupdate.start(QStringLiteral(FRONTLINE_LUPDATE), arguments);
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);
        QFile committed(QStringLiteral(FRONTLINE_TS_FILE));
        QFile updated(copy);
        QVERIFY(committed.open(QIODevice::ReadOnly) && updated.open(QIODevice::ReadOnly));
        const QByteArray before = committed.readAll();
        const QByteArray after = updated.readAll();
        if (before != after) {
            QStringList added;
            for (const Message &m : readTs(copy))
                if (m.unfinished)
                    added << m.context + QStringLiteral(": ") + m.source;
            QFAIL(qPrintable(QStringLiteral("translations/frontline_fr.ts is stale: run "
                                            "'cmake --build build/release --target frontline_lupdate', translate, "
                                            "and commit it. New or changed texts: ") + added.join(QStringLiteral(" | "))));
        }
    }

    void frenchIsCompleteAndKeepsPlaceholders()
    {
        const QList<Message> messages = readTs(QStringLiteral(FRONTLINE_TS_FILE));
        QVERIFY(messages.size() > 300);
        for (const Message &m : messages) {
            const QString where = m.context + QStringLiteral(": ") + m.source;
            QVERIFY2(!m.unfinished, qPrintable(QStringLiteral("unfinished: ") + where));
            for (const QString &translation : m.translations) {
                QVERIFY2(!translation.trimmed().isEmpty() || m.source.trimmed().isEmpty(), qPrintable(QStringLiteral("empty: ") + where));
                QVERIFY2(placeholdersOf(translation) == placeholdersOf(m.source),
                         qPrintable(QStringLiteral("placeholders differ: ") + where + QStringLiteral(" -> ") + translation));
            }
        }
    }

    void installsFrenchAndPlurals()
    {
        frontline::installTranslations(QStringLiteral("fr"));
        QCOMPARE(frontline::installedLanguage(), QStringLiteral("fr"));
        QCOMPARE(QCoreApplication::translate("AgentDesk", "Take the session over before replying."),
                 QStringLiteral("Prenez la session en main avant de répondre."));
        QCOMPARE(QCoreApplication::translate("frontline::ui::WaitingNotifier", "%n customer(s) are waiting for an agent.", nullptr, 1),
                 QStringLiteral("1 client attend un agent."));
        QCOMPARE(QCoreApplication::translate("frontline::ui::WaitingNotifier", "%n customer(s) are waiting for an agent.", nullptr, 3),
                 QStringLiteral("3 clients attendent un agent."));
        frontline::installTranslations(QStringLiteral("en"));
        QCOMPARE(frontline::installedLanguage(), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("AgentDesk", "Take the session over before replying."),
                 QStringLiteral("Take the session over before replying."));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
