// SPDX-License-Identifier: GPL-3.0-or-later
// The Markdown files of `frontline kb import/export`: front matter or a first heading as the
// title, clear problems for a bad file, a written article read back the same, safe file names.

#include "domain/knowledgemarkdown.h"

#include <QTest>

using namespace frontline;
using namespace frontline::knowledge;

class TestKnowledgeMarkdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheFrontMatter()
    {
        QString problem;
        const auto article = parseMarkdownArticle(QChar(0xFEFF)
                + QStringLiteral("---\r\ntitle: Refunds: how long\r\nurl: "
                                 "https://help.example.com/refunds\r\nlocale: en\r\n---\r\n\r\nWe "
                                 "refund.\r\n\r\n## Delay\r\n5 days.\r\n\r\n"),
            &problem);
        QVERIFY2(article, qPrintable(problem));
        QCOMPARE(article->title, QStringLiteral("Refunds: how long"));
        QCOMPARE(article->url, QStringLiteral("https://help.example.com/refunds"));
        QCOMPARE(article->locale, QStringLiteral("en"));
        QCOMPARE(article->body, QStringLiteral("We refund.\n\n## Delay\n5 days."));
    }

    void takesTheFirstHeadingAsTitleWithoutFrontMatter()
    {
        QString problem;
        const auto article = parseMarkdownArticle(
            QStringLiteral("\n# Réinitialiser le mot de passe #\n\nOuvrez la page.\n"), &problem);
        QVERIFY2(article, qPrintable(problem));
        QCOMPARE(article->title, QStringLiteral("Réinitialiser le mot de passe"));
        QCOMPARE(article->body, QStringLiteral("Ouvrez la page."));
        QCOMPARE(article->url, QString());
        // A front matter without a title: the heading gives it.
        const auto withHeading = parseMarkdownArticle(
            QStringLiteral("---\nlocale: fr\n---\n# Titre\nTexte"), &problem);
        QVERIFY(withHeading);
        QCOMPARE(withHeading->title, QStringLiteral("Titre"));
        QCOMPARE(withHeading->locale, QStringLiteral("fr"));
        QCOMPARE(withHeading->body, QStringLiteral("Texte"));
    }

    void saysWhatIsWrongWithABadFile_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no title") << QStringLiteral("Just text.\n## Sub\n") << "title";
        QTest::newRow("empty") << QString() << "title";
        QTest::newRow("unclosed") << QStringLiteral("---\ntitle: x\nbody") << "---";
        QTest::newRow("not name: value") << QStringLiteral("---\njust words\n---\n") << "line 2";
        QTest::newRow("unknown field")
            << QStringLiteral("---\ntitle: x\nauthor: me\n---\n") << "author";
    }
    void saysWhatIsWrongWithABadFile()
    {
        QFETCH(QString, text);
        QFETCH(QString, mentions);
        QString problem;
        QVERIFY(!parseMarkdownArticle(text, &problem));
        QVERIFY2(problem.contains(mentions, Qt::CaseInsensitive), qPrintable(problem));
    }

    void readsBackWhatItWrites_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("body");
        QTest::newRow("plain") << "Refunds"
                               << "https://example.com/r"
                               << "en"
                               << "We refund.";
        QTest::newRow("no url, no locale") << "Billing"
                                           << ""
                                           << ""
                                           << "# Heading\n\nText";
        QTest::newRow("quotes and colons") << "\"Quoted\": a title"
                                           << ""
                                           << "fr"
                                           << "<script>alert(1)</script>";
        QTest::newRow("a body with ---") << "Rules"
                                         << ""
                                         << ""
                                         << "---\ntitle: not this\n---";
        QTest::newRow("empty body") << "Only a title"
                                    << ""
                                    << ""
                                    << "";
    }
    void readsBackWhatItWrites()
    {
        QFETCH(QString, title);
        QFETCH(QString, url);
        QFETCH(QString, locale);
        QFETCH(QString, body);
        KnowledgeArticle article;
        article.title = title;
        article.url = url;
        article.locale = locale;
        article.body = body;
        QString problem;
        const auto read = parseMarkdownArticle(markdownArticle(article), &problem);
        QVERIFY2(read, qPrintable(problem));
        QCOMPARE(read->title, title);
        QCOMPARE(read->url, url);
        QCOMPARE(read->locale, locale);
        QCOMPARE(read->body, body);
    }

    void makesSafeFileNames()
    {
        QCOMPARE(markdownFileName(QStringLiteral("Réinitialiser votre mot de passe")),
            QStringLiteral("reinitialiser-votre-mot-de-passe.md"));
        QCOMPARE(
            markdownFileName(QStringLiteral("../../etc/passwd")), QStringLiteral("etc-passwd.md"));
        QCOMPARE(markdownFileName(QStringLiteral("日本語")), QStringLiteral("article.md"));
        QCOMPARE(markdownFileName(QStringLiteral("Refunds"),
                     { QStringLiteral("refunds.md"), QStringLiteral("refunds-2.md") }),
            QStringLiteral("refunds-3.md"));
        QVERIFY(markdownFileName(QString(200, QLatin1Char('a'))).size() <= 63);
    }
};

QTEST_GUILESS_MAIN(TestKnowledgeMarkdown)
#include "tst_knowledgemarkdown.moc"
