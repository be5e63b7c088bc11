// SPDX-License-Identifier: GPL-3.0-or-later
#include "assistant/groundedanswer.h"
#include "assistant/mockassistant.h"
#include "domain/customertexts.h"

#include <QTest>

using namespace frontline;

namespace {

KnowledgePassage passage(qint64 id, qint64 articleId, const QString &title, const QString &text,
    const QString &url = QString(), const QString &heading = QString())
{
    KnowledgePassage p;
    p.id = id;
    p.articleId = articleId;
    p.title = title;
    p.url = url;
    p.heading = heading;
    p.text = text;
    return p;
}

const QList<KnowledgePassage> &passages()
{
    static const QList<KnowledgePassage> list = {
        passage(11, 1, QStringLiteral("Resetting your password"),
            QStringLiteral("Use “Forgot password?” on the sign-in page."),
            QStringLiteral("https://help.example.com/password"), QStringLiteral("Steps")),
        passage(21, 2, QStringLiteral("Refunds"),
            QStringLiteral("Refunds are possible within 14 days.")),
        passage(12, 1, QStringLiteral("Resetting your password"),
            QStringLiteral("The link is valid for one hour."),
            QStringLiteral("https://help.example.com/password")),
    };
    return list;
}

AssistantAnswer providerSaid(const QString &text)
{
    AssistantAnswer answer;
    answer.ok = true;
    answer.text = text;
    answer.tokensIn = 120;
    answer.tokensOut = 30;
    return answer;
}

ChatMessage message(Role role, const QString &content, qint64 seq)
{
    ChatMessage m;
    m.role = role;
    m.content = content;
    m.seq = seq;
    return m;
}

AssistantRequest groundedRequest(
    const QString &question, const QList<KnowledgePassage> &found, const QString &locale)
{
    AssistantRequest request;
    request.session.locale = locale;
    request.history = { message(Role::User, question, 2) };
    request.grounded = true;
    request.passages = found;
    return request;
}

} // namespace

class TestGroundedAnswer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemMessageListsThePassagesAndTheRules()
    {
        const QString system
            = grounded::systemMessage(QStringLiteral("You are the assistant."), passages());
        QVERIFY(system.startsWith(QLatin1String("You are the assistant.")));
        QVERIFY(system.contains(QStringLiteral("[1] Resetting your password — Steps\nUse "
                                               "“Forgot password?” on the sign-in page.")));
        QVERIFY(system.contains(QLatin1String("[2] Refunds\nRefunds are possible")));
        QVERIFY(system.contains(QLatin1String("[3] Resetting your password\nThe link")));
        QVERIFY(system.contains(QLatin1String("reply exactly NO_ANSWER")));
        QVERIFY(system.contains(QLatin1String("like [1]")));
        QVERIFY(grounded::systemMessage(QString(), {}).contains(QLatin1String("(none)")));
    }

    void citationsBecomeSourcesAndAreRemoved()
    {
        const AssistantAnswer answer = grounded::readAnswer(
            providerSaid(QStringLiteral("Use “Forgot password?” [1]. Refunds take 14 days [2]; the "
                                        "link lasts an hour [3][1].")),
            passages(), QStringLiteral("en"));
        QVERIFY(answer.ok);
        QCOMPARE(answer.text,
            QStringLiteral(
                "Use “Forgot password?”. Refunds take 14 days; the link lasts an hour."));
        // One source per article, in the order first cited.
        QCOMPARE(answer.sources,
            (QList<KnowledgeSource> { { QStringLiteral("Resetting your password"),
                                          QStringLiteral("https://help.example.com/password") },
                { QStringLiteral("Refunds"), QString() } }));
        QCOMPARE(answer.tokensIn, 120);
        QCOMPARE(answer.tokensOut, 30);
        QVERIFY(!answer.nothingRelevant);
    }

    void citationListsAndUnknownNumbers()
    {
        const AssistantAnswer answer
            = grounded::readAnswer(providerSaid(QStringLiteral("Both apply [2, 1] and [9].")),
                passages(), QStringLiteral("en"));
        QVERIFY(answer.ok);
        QCOMPARE(answer.text, QStringLiteral("Both apply and."));
        QCOMPARE(answer.sources.size(), 2);
        QCOMPARE(answer.sources.at(0).title, QStringLiteral("Refunds"));
        QCOMPARE(answer.sources.at(1).title, QStringLiteral("Resetting your password"));
    }

    void noAnswerIsNothingRelevant_data()
    {
        QTest::addColumn<QString>("reply");
        QTest::addColumn<QString>("locale");
        QTest::newRow("exact") << QStringLiteral("NO_ANSWER") << QStringLiteral("en");
        QTest::newRow("spaces and a dot")
            << QStringLiteral("  NO_ANSWER.\n") << QStringLiteral("fr");
        QTest::newRow("quoted, lower case")
            << QStringLiteral("`no_answer`") << QStringLiteral("fr");
    }
    void noAnswerIsNothingRelevant()
    {
        QFETCH(QString, reply);
        QFETCH(QString, locale);
        const AssistantAnswer answer
            = grounded::readAnswer(providerSaid(reply), passages(), locale);
        QVERIFY(answer.ok);
        QVERIFY(answer.nothingRelevant);
        QCOMPARE(answer.text, customertexts::nothingInKnowledgeBase(locale));
        QVERIFY(answer.sources.isEmpty());
    }

    void anAnswerThatCitesNothingFails()
    {
        const AssistantAnswer answer = grounded::readAnswer(
            providerSaid(QStringLiteral("Sure, refunds are always possible!")), passages(),
            QStringLiteral("en"));
        QVERIFY(!answer.ok);
        QCOMPARE(answer.failure, AssistantFailure::Ungrounded);
        QCOMPARE(assistantFailureName(answer.failure), QStringLiteral("ungrounded"));
        QVERIFY(answer.text.isEmpty());
    }

    void anAnswerOfCitationsAloneIsEmpty()
    {
        const AssistantAnswer answer = grounded::readAnswer(
            providerSaid(QStringLiteral(" [1] ")), passages(), QStringLiteral("en"));
        QVERIFY(!answer.ok);
        QCOMPARE(answer.failure, AssistantFailure::BadResponse);
    }

    void withoutPassagesAnAnswerNeedsNoCitation()
    {
        // Greetings and the like, when retrieval found nothing.
        const AssistantAnswer answer = grounded::readAnswer(
            providerSaid(QStringLiteral("Hello! How can I help?")), {}, QStringLiteral("en"));
        QVERIFY(answer.ok);
        QCOMPARE(answer.text, QStringLiteral("Hello! How can I help?"));
        QVERIFY(answer.sources.isEmpty());
    }

    void mockAnswersWithTheBestPassage()
    {
        MockAssistant mock;
        std::optional<AssistantAnswer> got;
        mock.answer(groundedRequest(QStringLiteral("How do I reset my password?"), passages(),
                        QStringLiteral("en")),
            { nullptr, [&](const AssistantAnswer &a) { got = a; } });
        QVERIFY(got);
        QVERIFY(got->ok);
        QCOMPARE(got->text, QStringLiteral("Use “Forgot password?” on the sign-in page."));
        QCOMPARE(got->sources,
            (QList<KnowledgeSource> { { QStringLiteral("Resetting your password"),
                QStringLiteral("https://help.example.com/password") } }));
    }

    void mockShortensALongPassageToSentences()
    {
        QString text;
        for (int i = 0; i < 40; ++i)
            text += QStringLiteral("Sentence number %1 says something useful. ").arg(i);
        const QString shortened
            = MockAssistant::firstSentences(QStringLiteral("## Heading\n\n") + text, 400);
        QVERIFY(shortened.size() <= 400);
        QVERIFY(shortened.startsWith(QLatin1String("Heading Sentence number 0")));
        QVERIFY(shortened.endsWith(QLatin1Char('.')));
    }

    void mockWithoutPassages_data()
    {
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<bool>("nothingRelevant");
        QTest::newRow("greeting") << QStringLiteral("Bonjour") << QStringLiteral("fr") << false;
        QTest::newRow("thanks") << QStringLiteral("Thanks for the quick answer")
                                << QStringLiteral("en") << false;
        QTest::newRow("merci") << QStringLiteral("Merci beaucoup !") << QStringLiteral("fr")
                               << false;
        QTest::newRow("bye") << QStringLiteral("ok thanks, bye") << QStringLiteral("en") << false;
        QTest::newRow("a question after a greeting")
            << QStringLiteral("Bonjour ! Ma facture de septembre a été débitée deux fois")
            << QStringLiteral("fr") << true;
        QTest::newRow("a human") << QStringLiteral("I want a human") << QStringLiteral("en")
                                 << false;
        QTest::newRow("unknown") << QStringLiteral("Do you sell bicycles?") << QStringLiteral("en")
                                 << true;
        // A topic the mock knows without a knowledge base is not answered from memory when
        // there is one: what it says must come from the articles.
        QTest::newRow("known topic, no article")
            << QStringLiteral("how much is a refund?") << QStringLiteral("en") << true;
    }
    void mockWithoutPassages()
    {
        QFETCH(QString, question);
        QFETCH(QString, locale);
        QFETCH(bool, nothingRelevant);
        MockAssistant mock;
        std::optional<AssistantAnswer> got;
        mock.answer(groundedRequest(question, {}, locale),
            { nullptr, [&](const AssistantAnswer &a) { got = a; } });
        QVERIFY(got && got->ok);
        QCOMPARE(got->nothingRelevant, nothingRelevant);
        QVERIFY(got->sources.isEmpty());
        if (nothingRelevant)
            QCOMPARE(got->text, customertexts::nothingInKnowledgeBase(locale));
        else
            QCOMPARE(got->text, MockAssistant::replyTo(question, locale));
    }

    // Thanks and goodbyes are small talk, answered in the session's language, with or without
    // a knowledge base, never from a passage.
    void mockAnswersThanksAndGoodbyes_data()
    {
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("reply");
        const QString english
            = QStringLiteral("You’re welcome! Is there anything else I can help you with?");
        const QString french
            = QStringLiteral("Avec plaisir ! Puis-je vous aider pour autre chose ?");
        QTest::newRow("thanks") << QStringLiteral("Thanks for the quick answer")
                                << QStringLiteral("en") << english;
        QTest::newRow("merci") << QStringLiteral("Merci beaucoup !") << QStringLiteral("fr")
                               << french;
        QTest::newRow("bye") << QStringLiteral("ok thanks, bye") << QStringLiteral("en") << english;
        QTest::newRow("au revoir") << QStringLiteral("Merci, au revoir et bonne journée")
                                   << QStringLiteral("fr") << french;
        QTest::newRow("hi and thanks") << QStringLiteral("Hi! Thank you so much for your help")
                                       << QStringLiteral("en") << english;
    }
    void mockAnswersThanksAndGoodbyes()
    {
        QFETCH(QString, question);
        QFETCH(QString, locale);
        QFETCH(QString, reply);
        QCOMPARE(MockAssistant::replyTo(question, locale), reply);
        MockAssistant mock;
        std::optional<AssistantAnswer> got;
        mock.answer(groundedRequest(question, passages(), locale),
            { nullptr, [&](const AssistantAnswer &a) { got = a; } });
        QVERIFY(got && got->ok);
        QCOMPARE(got->text, reply);
        QVERIFY(!got->nothingRelevant);
        QVERIFY(got->sources.isEmpty());
    }

    // A greeting is small talk only with nothing meaningful after it: the question after it is
    // answered, from the passage when grounded, from the topics when not.
    void mockAnswersTheQuestionAfterAGreeting()
    {
        const QString greetingFr = QStringLiteral("Bonjour ! Comment puis-je vous aider ?");
        QCOMPARE(
            MockAssistant::replyTo(QStringLiteral("Bonjour !"), QStringLiteral("fr")), greetingFr);
        QCOMPARE(MockAssistant::replyTo(QStringLiteral("Good morning"), QStringLiteral("en")),
            QStringLiteral("Hello! How can I help you today?"));
        const QString billing
            = QStringLiteral("Bonjour ! Ma facture de septembre a été débitée deux fois");
        QVERIFY(MockAssistant::replyTo(billing, QStringLiteral("fr")) != greetingFr);
        QCOMPARE(MockAssistant::replyTo(
                     QStringLiteral("Hello! I would like a refund"), QStringLiteral("en")),
            MockAssistant::replyTo(QStringLiteral("I would like a refund"), QStringLiteral("en")));
        QVERIFY(MockAssistant::replyTo(QStringLiteral("Hi, I need a refund"), QStringLiteral("en"))
                    .startsWith(QLatin1String("Refunds are possible")));

        MockAssistant mock;
        std::optional<AssistantAnswer> got;
        mock.answer(groundedRequest(QStringLiteral("Hello! How do I reset my password?"),
                        passages(), QStringLiteral("en")),
            { nullptr, [&](const AssistantAnswer &a) { got = a; } });
        QVERIFY(got && got->ok);
        QCOMPARE(got->text, QStringLiteral("Use “Forgot password?” on the sign-in page."));
        QCOMPARE(got->sources.size(), 1);
        // A request for a human is still one, whatever the passages.
        got.reset();
        mock.answer(groundedRequest(QStringLiteral("Hi, can I talk to a human?"), passages(),
                        QStringLiteral("en")),
            { nullptr, [&](const AssistantAnswer &a) { got = a; } });
        QVERIFY(got && got->ok);
        QVERIFY(got->sources.isEmpty());
        QVERIFY(got->text.startsWith(QLatin1String("I can hand you over")));
    }

    void mockNotGroundedIsAsBefore()
    {
        MockAssistant mock;
        AssistantRequest request;
        request.session.locale = QStringLiteral("en");
        request.history = { message(Role::User, QStringLiteral("I need a refund"), 2) };
        std::optional<AssistantAnswer> got;
        mock.answer(request, { nullptr, [&](const AssistantAnswer &a) { got = a; } });
        QVERIFY(got && got->ok);
        QCOMPARE(got->text,
            MockAssistant::replyTo(QStringLiteral("I need a refund"), QStringLiteral("en")));
        QVERIFY(!got->nothingRelevant);
    }

    void mockCopilotDegrades()
    {
        MockAssistant mock;
        CopilotRequest request;
        request.session.locale = QStringLiteral("fr");
        request.history = {
            message(Role::Assistant, QStringLiteral("Bonjour !"), 1),
            message(Role::User, QStringLiteral("Je voudrais un remboursement"), 2),
            message(Role::Assistant, QStringLiteral("Donnez-moi votre numéro de commande."), 3),
            message(Role::User, QStringLiteral("C’est la 1234"), 4),
        };
        std::optional<AssistantAnswer> got;
        const auto done = [&](const AssistantAnswer &a) { got = a; };

        request.task = CopilotTask::Summarize;
        mock.assist(request, { nullptr, done });
        QVERIFY(got && got->ok);
        QVERIFY2(got->text.startsWith(QLatin1String("Question : Je voudrais un remboursement")),
            qPrintable(got->text));
        QVERIFY(got->text.contains(QStringLiteral("Client : C’est la 1234")));

        got.reset();
        request.task = CopilotTask::SuggestReply;
        request.passages = { passages().at(1) };
        mock.assist(request, { nullptr, done });
        QVERIFY(got && got->ok);
        QCOMPARE(got->text, QStringLiteral("Refunds are possible within 14 days."));
        QCOMPARE(got->sources, (QList<KnowledgeSource> { { QStringLiteral("Refunds"), {} } }));

        got.reset();
        request.passages.clear();
        mock.assist(request, { nullptr, done });
        QVERIFY(got && got->ok);
        QVERIFY(got->sources.isEmpty());
        QVERIFY(got->text.startsWith(QLatin1String("Merci pour votre message")));

        got.reset();
        request.task = CopilotTask::Translate;
        request.text = QStringLiteral("C’est la 1234");
        request.targetLocale = QStringLiteral("en");
        mock.assist(request, { nullptr, done });
        QVERIFY(got && got->ok);
        QCOMPARE(got->text, QStringLiteral("C’est la 1234"));
        QVERIFY(!got->translated);
    }
};

QTEST_GUILESS_MAIN(TestGroundedAnswer)
#include "tst_groundedanswer.moc"
