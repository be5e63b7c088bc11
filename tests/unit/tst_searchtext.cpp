// SPDX-License-Identifier: GPL-3.0-or-later
// The search text (issue 21): folding accents and case, the words of a search without FTS
// syntax, a light French and English stemmer, the FTS5 and tsquery expressions made from the
// words, and snippets with highlights.

#include "domain/searchtext.h"
#include "hostilestrings.h"

#include <QTest>

using namespace frontline;
using namespace frontline::searchtext;

class TestSearchText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void foldTakesOffAccentsAndCase_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("folded");
        QTest::newRow("name") << u"Élodie"_qs << u"elodie"_qs;
        QTest::newRow("upper") << u"ÉLODIE"_qs << u"elodie"_qs;
        QTest::newRow("sharp s") << u"Straße"_qs << u"strasse"_qs;
        QTest::newRow("ligature") << u"Œuvre cœur"_qs << u"oeuvre coeur"_qs;
        QTest::newRow("cedilla") << u"Ça reçu"_qs << u"ca recu"_qs;
        QTest::newRow("punctuation") << u"  l'adresse, e-mail!!  "_qs << u"l adresse e mail"_qs;
        QTest::newRow("fts syntax") << u"\"a*\" NEAR(b:c) -d"_qs << u"a near b c d"_qs;
        QTest::newRow("digits") << u"Commande n°12345"_qs << u"commande n 12345"_qs;
        QTest::newRow("fullwidth") << u"ＡＢＣ"_qs << u"abc"_qs;
        QTest::newRow("cyrillic") << u"Привет"_qs << u"привет"_qs;
        QTest::newRow("emoji") << u"ok 👍 bien"_qs << u"ok bien"_qs;
        QTest::newRow("symbols only") << u"*** ()"_qs << QString();
        QTest::newRow("empty") << QString() << QString();
    }
    void foldTakesOffAccentsAndCase()
    {
        QFETCH(QString, text);
        QFETCH(QString, folded);
        QCOMPARE(fold(text), folded);
    }

    void wordsAreFoldedUniqueAndLimited()
    {
        QCOMPARE(
            words(u"Élodie elodie ELODIE Dupont"_qs), (QStringList { u"elodie"_qs, u"dupont"_qs }));
        QCOMPARE(words(u"a b c d e"_qs, false, 3), (QStringList { u"a"_qs, u"b"_qs, u"c"_qs }));
        QCOMPARE(words(u"\"reset\" AND (password* OR NEAR:x"_qs),
            (QStringList {
                u"reset"_qs, u"and"_qs, u"password"_qs, u"or"_qs, u"near"_qs, u"x"_qs }));
        QVERIFY(words(u"*** :: ((("_qs).isEmpty());
        QCOMPARE(words(QString(100, u'x') + u" y"_qs).size(), 2);
    }

    void stopWordsAreDroppedUnlessNothingElse()
    {
        QCOMPARE(words(u"How do I reset my password?"_qs, true),
            (QStringList { u"reset"_qs, u"password"_qs }));
        QCOMPARE(words(u"Comment je réinitialise le mot de passe ?"_qs, true),
            (QStringList { u"reinitialise"_qs, u"mot"_qs, u"passe"_qs }));
        // Only stop words: kept, rather than a search for nothing.
        QCOMPARE(words(u"the and"_qs, true), (QStringList { u"the"_qs, u"and"_qs }));
    }

    void meaningfulWordsAreNoneForStopWordsOnly()
    {
        QCOMPARE(meaningfulWords(u"Bonjour ! Ma facture de septembre"_qs),
            (QStringList { u"facture"_qs, u"septembre"_qs }));
        QVERIFY(meaningfulWords(u"How are you?"_qs).isEmpty());
        QVERIFY(meaningfulWords(u"Merci !"_qs).isEmpty());
        // At most maxWords meaningful ones, however many stop words come first.
        QCOMPARE(meaningfulWords(u"the a an of one two three"_qs, 2),
            (QStringList { u"one"_qs, u"two"_qs }));
        QVERIFY(isStopWord(u"the"_qs));
        QVERIFY(!isStopWord(u"facture"_qs));
    }

    void stemTakesOffEndings_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("stemmed");
        QTest::newRow("fr verb") << u"reinitialiser"_qs << u"reinitialis"_qs;
        QTest::newRow("fr noun") << u"reinitialisation"_qs << u"reinitialis"_qs;
        QTest::newRow("fr participle") << u"reinitialisee"_qs << u"reinitialis"_qs;
        QTest::newRow("fr imperative") << u"reinitialisez"_qs << u"reinitialis"_qs;
        QTest::newRow("fr plural") << u"commandes"_qs << u"command"_qs;
        QTest::newRow("fr adverb") << u"rapidement"_qs << u"rapid"_qs;
        QTest::newRow("en plural") << u"passwords"_qs << u"password"_qs;
        QTest::newRow("en gerund") << u"resetting"_qs << u"reset"_qs;
        QTest::newRow("en past") << u"shipped"_qs << u"ship"_qs;
        QTest::newRow("en past 2") << u"refunded"_qs << u"refund"_qs;
        QTest::newRow("en ies") << u"queries"_qs << u"quer"_qs;
        QTest::newRow("en y") << u"query"_qs << u"quer"_qs;
        QTest::newRow("en ing keeps ll") << u"billing"_qs << u"bill"_qs;
        QTest::newRow("short") << u"mot"_qs << u"mot"_qs;
        QTest::newRow("never under 3") << u"ages"_qs << u"age"_qs;
        QTest::newRow("user") << u"user"_qs << u"user"_qs;
        QTest::newRow("digits") << u"12345"_qs << u"12345"_qs;
    }
    void stemTakesOffEndings()
    {
        QFETCH(QString, word);
        QFETCH(QString, stemmed);
        QCOMPARE(stem(word), stemmed);
    }

    void stemIsAPrefixOfTheOtherForms()
    {
        // What conversation search relies on: the query's stem is a prefix of the word stored.
        const QString s = stem(u"reinitialiser"_qs);
        for (const QString &form : { u"reinitialisation"_qs, u"reinitialise"_qs,
                 u"reinitialiserai"_qs, u"reinitialisons"_qs })
            QVERIFY2(form.startsWith(s), qPrintable(form));
        QVERIFY(u"passwords"_qs.startsWith(stem(u"password"_qs)));
    }

    void fts5QueryIsQuotedPrefixes()
    {
        QCOMPARE(fts5Query({ u"reinitialiser"_qs, u"elodie"_qs }, Match::AllWords),
            u"\"reinitialis\"* AND \"elodi\"*"_qs);
        QCOMPARE(fts5Query({ u"a"_qs, u"b"_qs }, Match::AnyWord), u"\"a\"* OR \"b\"*"_qs);
        QCOMPARE(fts5Query({}, Match::AllWords), QString());
        // Words not folded yet are folded; nothing but letters and digits inside the quotes.
        QCOMPARE(fts5Query({ u"\"NEAR*"_qs }, Match::AllWords), u"\"near\"*"_qs);
        QCOMPARE(fts5Query({ u"***"_qs }, Match::AllWords), QString());
    }

    void tsQueryIsPrefixes()
    {
        QCOMPARE(tsQuery({ u"reinitialiser"_qs, u"elodie"_qs }, Match::AllWords),
            u"reinitialiser:* & elodie:*"_qs);
        QCOMPARE(tsQuery({ u"a"_qs, u"b"_qs }, Match::AnyWord), u"a:* | b:*"_qs);
        QCOMPARE(tsQuery({ u"&|!():*'"_qs }, Match::AllWords), QString());
        QCOMPARE(tsQuery({}, Match::AnyWord), QString());
    }

    void hostileStringsGiveOnlyLettersAndDigits()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(hostile);
        for (const QString &s : hostile) {
            const QStringList w = words(s, true);
            for (const QString &word : w) {
                QVERIFY(!word.isEmpty());
                for (const char32_t c : word.toUcs4())
                    QVERIFY2(QChar::isLetterOrNumber(c), qPrintable(s));
            }
            const QString fts = fts5Query(w, Match::AllWords);
            QCOMPARE(fts.count(u'"'), 2 * w.size());
            QVERIFY(!tsQuery(w, Match::AnyWord).contains(u'\''));
            const Snippet sn = snippet(s, w, 40);
            for (const Highlight &h : sn.highlights) {
                QVERIFY(h.start >= 0 && h.length > 0);
                QVERIFY(h.start + h.length <= sn.text.size());
            }
        }
    }

    void snippetHighlightsEveryOccurrence()
    {
        const Snippet s = snippet(u"Bonjour, je suis Élodie. ELODIE again."_qs, { u"elodie"_qs });
        QCOMPARE(s.text, u"Bonjour, je suis Élodie. ELODIE again."_qs);
        QCOMPARE(s.highlights, (QList<Highlight> { { 17, 6 }, { 25, 6 } }));
        QCOMPARE(s.text.mid(17, 6), u"Élodie"_qs);
    }

    void snippetHighlightsTheWholeWordOfAStem()
    {
        const Snippet s = snippet(
            u"La réinitialisation du mot de passe"_qs, { u"reinitialiser"_qs, u"passe"_qs });
        QCOMPARE(s.highlights.size(), 2);
        QCOMPARE(s.text.mid(s.highlights.at(0).start, s.highlights.at(0).length),
            u"réinitialisation"_qs);
        QCOMPARE(s.text.mid(s.highlights.at(1).start, s.highlights.at(1).length), u"passe"_qs);
    }

    void snippetIsAWindowAroundTheFirstMatch()
    {
        QString text;
        for (int i = 0; i < 60; ++i)
            text += u"filler "_qs;
        text += u"the refund arrived"_qs;
        for (int i = 0; i < 60; ++i)
            text += u" more"_qs;
        const Snippet s = snippet(text, { u"refunds"_qs }, 80);
        QVERIFY(s.text.startsWith(u"…"_qs));
        QVERIFY(s.text.endsWith(u"…"_qs));
        QVERIFY(s.text.size() <= 82);
        QCOMPARE(s.highlights.size(), 1);
        QCOMPARE(s.text.mid(s.highlights.at(0).start, s.highlights.at(0).length), u"refund"_qs);
        QVERIFY(!s.text.contains(u"… "_qs));
    }

    void snippetWithoutMatchIsTheBeginning()
    {
        const Snippet s = snippet(u"Line one\nline two"_qs, { u"absent"_qs });
        QCOMPARE(s.text, u"Line one line two"_qs);
        QVERIFY(s.highlights.isEmpty());
        QCOMPARE(snippet(QString(), { u"x"_qs }), Snippet {});
    }

    void snippetNeverSplitsASurrogatePair()
    {
        QString text;
        for (int i = 0; i < 100; ++i)
            text += u"😀"_qs;
        text += u" target "_qs;
        for (int i = 0; i < 100; ++i)
            text += u"😀"_qs;
        const Snippet s = snippet(text, { u"target"_qs }, 41);
        for (qsizetype i = 0; i < s.text.size(); ++i) {
            if (s.text.at(i).isHighSurrogate())
                QVERIFY(i + 1 < s.text.size() && s.text.at(i + 1).isLowSurrogate());
            if (s.text.at(i).isLowSurrogate())
                QVERIFY(i > 0 && s.text.at(i - 1).isHighSurrogate());
        }
        QCOMPARE(s.highlights.size(), 1);
        QCOMPARE(s.text.mid(s.highlights.at(0).start, s.highlights.at(0).length), u"target"_qs);
    }
};

QTEST_GUILESS_MAIN(TestSearchText)
#include "tst_searchtext.moc"
