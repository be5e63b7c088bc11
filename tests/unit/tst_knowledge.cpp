// SPDX-License-Identifier: GPL-3.0-or-later
// An article in passages (issue 21): under their heading, about PassageChars each, never a
// word cut, the title alone for an empty body.

#include "domain/knowledge.h"

#include <QRegularExpression>
#include <QTest>

using namespace frontline;
using namespace frontline::knowledge;

class TestKnowledge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void splitsUnderHeadings()
    {
        const QList<PassageDraft> passages = splitIntoPassages(QStringLiteral("Refunds"),
            QStringLiteral("Intro line one\nline two.\n\n# Delays\n\nFourteen days.\n\nOr more.\r\n"
                           "## Empty\n### Cards ###\nBack on the card."));
        QCOMPARE(passages,
            (QList<PassageDraft> {
                { QStringLiteral(""), QStringLiteral("Intro line one line two.") },
                { QStringLiteral("Delays"), QStringLiteral("Fourteen days.\n\nOr more.") },
                { QStringLiteral("Cards"), QStringLiteral("Back on the card.") } }));
    }

    void keepsCodeFencesAsText()
    {
        const QList<PassageDraft> passages = splitIntoPassages(QStringLiteral("T"),
            QStringLiteral("```\n# not a heading\n```\n<script>alert(1)</script>"));
        QCOMPARE(passages.size(), 1);
        QVERIFY(passages.at(0).text.contains(QStringLiteral("# not a heading")));
        QVERIFY(passages.at(0).text.contains(QStringLiteral("<script>alert(1)</script>")));
    }

    void theTitleAloneForAnEmptyBody()
    {
        QCOMPARE(splitIntoPassages(QStringLiteral(" Billing "), QString()),
            (QList<PassageDraft> { { QStringLiteral(""), QStringLiteral("Billing") } }));
        QCOMPARE(splitIntoPassages(QStringLiteral("Billing"), QStringLiteral("\n\n## Only\n\n")),
            (QList<PassageDraft> { { QStringLiteral(""), QStringLiteral("Billing") } }));
    }

    void longTextInPassagesBetweenWords()
    {
        QStringList words;
        for (int i = 0; i < 1000; ++i)
            words.append(QStringLiteral("word%1").arg(i));
        const QString paragraph = words.join(QLatin1Char(' '));
        const QList<PassageDraft> passages
            = splitIntoPassages(QStringLiteral("T"), paragraph + QStringLiteral("\n\nEnd."));
        QVERIFY(passages.size() > 5);
        QStringList again;
        for (const PassageDraft &p : passages) {
            QVERIFY2(p.text.size() <= PassageChars, qPrintable(QString::number(p.text.size())));
            again.append(p.text);
        }
        // Nothing lost, no word cut: the words come back in order.
        QCOMPARE(again.join(QLatin1Char(' ')).split(QRegularExpression(QStringLiteral("\\s+"))),
            (words << QStringLiteral("End.")));
        // One word longer than a passage is cut where it must.
        const QList<PassageDraft> cut = splitIntoPassages(
            QStringLiteral("T"), QString(PassageChars * 2 + 5, QLatin1Char('x')));
        QCOMPARE(cut.size(), 3);
        QCOMPARE(cut.at(0).text.size(), PassageChars);
    }
};

QTEST_GUILESS_MAIN(TestKnowledge)
#include "tst_knowledge.moc"
