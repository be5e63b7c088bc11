// SPDX-License-Identifier: GPL-3.0-or-later
// Grounded answers (issue 21) as a customer sees them over HTTP: the assistant is given the
// knowledge base's best passages, answers from them with their sources, says so and lists the
// question when nothing answers it, and falls back to a human when the provider ignores the
// sources or answers nothing; the mock answers from the knowledge base too; the copilot. On
// SQLite and on PostgreSQL, against the project's fake OpenAI server.

#include "agents/knowledgefolder.h"
#include "apiclient.h"
#include "assistant/assistantrouter.h"
#include "chat/copilot.h"
#include "domain/customertexts.h"
#include "domain/domainerror.h"
#include "eventstreamclient.h"
#include "fakeopenai.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QString ApiKey = QStringLiteral("sk-test-knowledge-0123456789");

const QString PasswordTitle = QStringLiteral("Resetting your password");
const QString PasswordUrl = QStringLiteral("https://help.example.com/password");
const QString PasswordText
    = QStringLiteral("Use “Forgot password?” on the sign-in page. The link we send is valid for "
                     "one hour.");

const QString ShippingText = QStringLiteral("Parcels leave within two days.");
const QString AQuestionOfThreeArticles
    = QStringLiteral("Questions about a refund, my password and a parcel");

QString contentOf(const QJsonObject &message)
{
    return message.value(QStringLiteral("content")).toString();
}

QString firstSourceTitle(const QJsonObject &message)
{
    return message.value(QStringLiteral("sources"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("title"))
        .toString();
}

} // namespace

class TestGrounded : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }
    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        m_fake = std::make_unique<FakeOpenAi>();
        m_options = m_databases.serverOptions(dialect);
        m_options.mockMode = false;
        m_options.openAi.apiKey = ApiKey;
        m_options.openAi.baseUrl = QUrl(m_fake->baseUrl());
        m_options.openAi.requestTimeout = std::chrono::seconds(3);
        m_options.openAi.retryBudget = std::chrono::seconds(6);
        m_options.assistantPolicy.replyWait = std::chrono::seconds(5);
    }
    void cleanup()
    {
        m_backend.reset();
        m_fake.reset();
    }

    void thePromptHoldsThePassagesAndTheReplyItsSources()
    {
        startBackend();
        addArticles();
        m_fake->script(FakeReply::streamed({ QStringLiteral("Use “Forgot password?”"),
                                               QStringLiteral(" on the sign-in page [1].") },
            50, 12));
        createSession();
        EventStreamClient events;
        events.open(eventsUrl(), customerAuth());
        QVERIFY(events.waitFor("message", 1));

        const HttpResult sent = sendMessage(QStringLiteral("I forgot my password, what now?"));
        QCOMPARE(sent.status, 200);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("ASSISTANT"));
        QCOMPARE(contentOf(reply), QStringLiteral("Use “Forgot password?” on the sign-in page."));

        // What the provider was asked: the passage, numbered, with the rules.
        QCOMPARE(m_fake->completionRequests().size(), 1);
        const QJsonArray messages
            = m_fake->completionRequests().first().value(QStringLiteral("messages")).toArray();
        const QString system = contentOf(messages.first().toObject());
        QVERIFY2(system.contains(QStringLiteral("[1] ") + PasswordTitle), qPrintable(system));
        QVERIFY2(system.contains(PasswordText), qPrintable(system));
        QVERIFY(system.contains(QLatin1String("NO_ANSWER")));
        QVERIFY2(!system.contains(QLatin1String("Refunds are possible")), qPrintable(system));
        QCOMPARE(contentOf(messages.last().toObject()),
            QStringLiteral("I forgot my password, what now?"));

        // The stored answer carries its source, as the customer's history shows it; the
        // citation never streamed to the customer.
        const QList<ChatMessage> stored = m_backend->store()->messagesAfter(m_customer.id, 2, 10);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(
            stored.first().sources, (QList<KnowledgeSource> { { PasswordTitle, PasswordUrl } }));
        const QJsonObject last = history().last().toObject();
        QCOMPARE(last.value(QStringLiteral("sources")).toArray(),
            (QJsonArray { QJsonObject { { QStringLiteral("title"), PasswordTitle },
                { QStringLiteral("url"), PasswordUrl } } }));
        QVERIFY(events.waitFor("message", 3));
        for (const auto &delta : events.events("delta"))
            QVERIFY2(!delta.data.contains("[1]"), delta.data.constData());
        QCOMPARE(sessionStatus(), QStringLiteral("ACTIVE"));
    }

    void nothingRelevantOffersAHumanAndListsTheQuestion()
    {
        startBackend();
        addArticles();
        m_fake->script(FakeReply::streamed({ QStringLiteral("NO_ANSWER") }, 30, 2));
        createSession(QStringLiteral("fr"));
        const HttpResult sent = sendMessage(QStringLiteral("Livrez-vous en Islande ?"));
        QCOMPARE(sent.status, 200);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("ASSISTANT"));
        QCOMPARE(contentOf(reply), customertexts::nothingInKnowledgeBase(QStringLiteral("fr")));
        QVERIFY(!reply.contains(QStringLiteral("sources")));
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->store()->unansweredQuestions(10).size(), 1, 5000);
        const UnansweredQuestion question = m_backend->store()->unansweredQuestions(10).first();
        QCOMPARE(question.sessionId, m_customer.id);
        QCOMPARE(question.question, QStringLiteral("Livrez-vous en Islande ?"));
        QCOMPARE(question.locale, QStringLiteral("fr"));
    }

    // A provider judges relevance itself (NO_ANSWER): it is given every passage holding a word
    // of the question, even when none holds enough of them for the mock.
    void theProviderIsGivenThePassagesHoldingAnyWord()
    {
        startBackend();
        addArticles();
        addShippingArticle();
        m_fake->script(FakeReply::streamed({ QStringLiteral("Refunds take 14 days [2].") }, 5, 3));
        createSession();
        const HttpResult sent = sendMessage(AQuestionOfThreeArticles);
        QCOMPARE(sent.status, 200);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("ASSISTANT"));
        QCOMPARE(m_fake->completionRequests().size(), 1);
        const QString system = contentOf(m_fake->completionRequests()
                                             .first()
                                             .value(QStringLiteral("messages"))
                                             .toArray()
                                             .first()
                                             .toObject());
        QVERIFY2(system.contains(PasswordText), qPrintable(system));
        QVERIFY2(system.contains(QLatin1String("Refunds are possible")), qPrintable(system));
        QVERIFY2(system.contains(ShippingText), qPrintable(system));
        QVERIFY(!firstSourceTitle(reply).isEmpty());
    }

    // A provider that ignores the sources, answers nothing, or answers only citations: the
    // customer gets the fallback and a human, as without a knowledge base.
    void aProviderWhoseAnswerIsNotGroundedHandsToAHuman_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::newRow("ignoring the sources") << QStringLiteral("Sure, just call us any time!");
        QTest::newRow("nothing") << QStringLiteral("   ");
        QTest::newRow("only citations") << QStringLiteral(" [1]");
    }
    void aProviderWhoseAnswerIsNotGroundedHandsToAHuman()
    {
        QFETCH(QString, answer);
        startBackend();
        addArticles();
        m_fake->script(FakeReply::streamed({ answer }, 30, 1));
        createSession();
        expectFallback(sendMessage(QStringLiteral("How do I reset my password?")));
    }

    void withoutAKnowledgeBaseNothingChanges()
    {
        startBackend();
        m_fake->script(FakeReply::streamed({ QStringLiteral("Hello there.") }, 5, 3));
        createSession();
        const HttpResult sent = sendMessage(QStringLiteral("Hello"));
        QCOMPARE(contentOf(sent.json().value(QStringLiteral("reply")).toObject()),
            QStringLiteral("Hello there."));
        const QString system = contentOf(m_fake->completionRequests()
                                             .first()
                                             .value(QStringLiteral("messages"))
                                             .toArray()
                                             .first()
                                             .toObject());
        QVERIFY(!system.contains(QLatin1String("NO_ANSWER")));
        QVERIFY(!history().last().toObject().contains(QStringLiteral("sources")));
    }

    void redactsPersonalDataForTheProvider()
    {
        m_options.openAi.redaction = Redaction::On; // the fake is on loopback: auto would not
        startBackend();
        createSession();
        QCOMPARE(sendMessage(QStringLiteral("I am jane.doe@example.com, card 4111 1111 1111 1111, "
                                            "phone 06 12 34 56 78"))
                     .status,
            200);
        const QJsonArray messages
            = m_fake->completionRequests().first().value(QStringLiteral("messages")).toArray();
        QCOMPARE(contentOf(messages.last().toObject()),
            QStringLiteral("I am [email], card [card], phone [phone]"));
        // What is stored and shown to agents is what the customer wrote.
        QVERIFY(contentOf(history().at(1).toObject()).contains(QLatin1String("jane.doe@")));
    }

    void autoRedactionLeavesALocalProviderAlone()
    {
        startBackend(); // auto, and the fake listens on 127.0.0.1
        createSession();
        QCOMPARE(sendMessage(QStringLiteral("I am jane.doe@example.com")).status, 200);
        const QJsonArray messages
            = m_fake->completionRequests().first().value(QStringLiteral("messages")).toArray();
        QCOMPARE(
            contentOf(messages.last().toObject()), QStringLiteral("I am jane.doe@example.com"));
    }

    void theMockAnswersFromTheKnowledgeBase()
    {
        m_options.mockMode = true;
        m_options.mockForced = true;
        startBackend();
        addArticles();
        createSession();
        const HttpResult sent = sendMessage(QStringLiteral("How can I reset my password?"));
        QCOMPARE(sent.status, 200);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(contentOf(reply), PasswordText);
        QCOMPARE(reply.value(QStringLiteral("sources")).toArray().size(), 1);
        QCOMPARE(reply.value(QStringLiteral("sources"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("url"))
                     .toString(),
            PasswordUrl);
        QVERIFY(m_fake->completionRequests().isEmpty());

        // Nothing relevant: said, a human offered, the question listed.
        const HttpResult other = sendMessage(QStringLiteral("Do you sell bicycles?"));
        QCOMPARE(contentOf(other.json().value(QStringLiteral("reply")).toObject()),
            customertexts::nothingInKnowledgeBase(QStringLiteral("en")));
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->store()->unansweredQuestions(10).size(), 1, 5000);
        QCOMPARE(m_backend->store()->unansweredQuestions(10).first().question,
            QStringLiteral("Do you sell bicycles?"));
    }

    // The mock cannot judge relevance: it is given only passages holding enough of the words,
    // and says it found nothing rather than answer from a passage about something else.
    void theMockIsGivenOnlyPassagesHoldingEnoughWords()
    {
        m_options.mockMode = true;
        m_options.mockForced = true;
        startBackend();
        addArticles();
        addShippingArticle();
        createSession();
        const HttpResult sent = sendMessage(AQuestionOfThreeArticles);
        QCOMPARE(sent.status, 200);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(contentOf(reply), customertexts::nothingInKnowledgeBase(QStringLiteral("en")));
        QVERIFY(!reply.contains(QStringLiteral("sources")));
    }

    // The demo's knowledge base in mock mode, as a French customer asks it: a word no article
    // holds does not hide the answer, a greeting does not hide the question, thanks are small
    // talk (never an unanswered question).
    void theMockAnswersEverydayQuestionsFromTheDemoArticles()
    {
        m_options.mockMode = true;
        m_options.mockForced = true;
        startBackend();
        QVERIFY(loadDemoKnowledge(*m_backend->store()) > 0);
        createSession(QStringLiteral("fr"));

        QJsonObject reply = replyTo(QStringLiteral("Où trouver ma facture d'octobre ?"));
        QCOMPARE(firstSourceTitle(reply), QStringLiteral("Facturation et offres"));
        QVERIFY2(contentOf(reply).contains(QLatin1String("facture")), qPrintable(contentOf(reply)));

        reply
            = replyTo(QStringLiteral("Bonjour ! Ma facture de septembre a été débitée deux fois"));
        QCOMPARE(firstSourceTitle(reply), QStringLiteral("Facturation et offres"));
        QVERIFY2(contentOf(reply).startsWith(QStringLiteral("Une facture débitée deux fois")),
            qPrintable(contentOf(reply)));

        reply = replyTo(QStringLiteral("Bonjour !"));
        QCOMPARE(contentOf(reply), QStringLiteral("Bonjour ! Comment puis-je vous aider ?"));
        QVERIFY(!reply.contains(QStringLiteral("sources")));

        reply = replyTo(QStringLiteral("Merci beaucoup !"));
        QCOMPARE(contentOf(reply),
            QStringLiteral("Avec plaisir ! Puis-je vous aider pour autre chose ?"));
        QVERIFY(!reply.contains(QStringLiteral("sources")));

        // Only what the knowledge base has nothing about is listed: the thanks were not (the
        // questions are recorded in order, so the thanks would be there first).
        reply = replyTo(QStringLiteral("Vendez-vous des vélos ?"));
        QCOMPARE(contentOf(reply), customertexts::nothingInKnowledgeBase(QStringLiteral("fr")));
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->store()->unansweredQuestions(10).size(), 1, 5000);
        QCOMPARE(m_backend->store()->unansweredQuestions(10).first().question,
            QStringLiteral("Vendez-vous des vélos ?"));
        QCOMPARE(sessionStatus(), QStringLiteral("ACTIVE"));
    }

    // Thanks and goodbyes in English, with a knowledge base and without one.
    void theMockAnswersThanksAndGoodbyes()
    {
        m_options.mockMode = true;
        m_options.mockForced = true;
        startBackend();
        const QString welcome
            = QStringLiteral("You’re welcome! Is there anything else I can help you with?");
        createSession();
        QCOMPARE(contentOf(replyTo(QStringLiteral("Thanks for the quick answer"))), welcome);
        QCOMPARE(contentOf(replyTo(QStringLiteral("ok thanks, bye"))), welcome);
        addArticles();
        createSession();
        QCOMPARE(contentOf(replyTo(QStringLiteral("Thanks for the quick answer"))), welcome);
        QCOMPARE(contentOf(replyTo(QStringLiteral("ok thanks, bye"))), welcome);
        QCOMPARE(contentOf(replyTo(QStringLiteral("Do you sell bicycles?"))),
            customertexts::nothingInKnowledgeBase(QStringLiteral("en")));
        QTRY_COMPARE_WITH_TIMEOUT(m_backend->store()->unansweredQuestions(10).size(), 1, 5000);
        QCOMPARE(m_backend->store()->unansweredQuestions(10).first().question,
            QStringLiteral("Do you sell bicycles?"));
    }

    void theCopilotSuggestsSummarizesAndTranslates()
    {
        startBackend();
        addArticles();
        createSession();
        m_fake->script(
            FakeReply::streamed({ QStringLiteral("Use “Forgot password?” [1].") }, 5, 3));
        QCOMPARE(sendMessage(QStringLiteral("I forgot my password")).status, 200);

        m_fake->script(FakeReply::streamed(
            { QStringLiteral("Hello! Use “Forgot password?” on the sign-in page [1].") }, 5, 3));
        const CopilotResult suggestion = copilot([&](auto done, auto failed) {
            m_backend->copilot()->suggestReply(m_customer.id, QString(), done, failed);
        });
        QCOMPARE(
            suggestion.text, QStringLiteral("Hello! Use “Forgot password?” on the sign-in page."));
        QCOMPARE(suggestion.sources, (QList<KnowledgeSource> { { PasswordTitle, PasswordUrl } }));
        QCOMPARE(suggestion.provider, QStringLiteral("openai"));
        QString system = contentOf(m_fake->completionRequests()
                                       .last()
                                       .value(QStringLiteral("messages"))
                                       .toArray()
                                       .first()
                                       .toObject());
        QVERIFY2(system.contains(PasswordText), qPrintable(system));
        // Nothing of it reached the customer.
        QCOMPARE(history().size(), 3);

        m_fake->script(
            FakeReply::streamed({ QStringLiteral("The customer lost their password.") }, 5, 3));
        const CopilotResult summary = copilot([&](auto done, auto failed) {
            m_backend->copilot()->summarize(m_customer.id, QStringLiteral("fr"), done, failed);
        });
        QCOMPARE(summary.text, QStringLiteral("The customer lost their password."));
        const QJsonArray asked
            = m_fake->completionRequests().last().value(QStringLiteral("messages")).toArray();
        QVERIFY(contentOf(asked.first().toObject()).contains(QLatin1String("in French")));
        QVERIFY2(contentOf(asked.last().toObject())
                     .contains(QLatin1String("Customer: I forgot my password")),
            qPrintable(contentOf(asked.last().toObject())));

        m_fake->script(
            FakeReply::streamed({ QStringLiteral("J’ai oublié mon mot de passe") }, 5, 3));
        const CopilotResult translation = copilot([&](auto done, auto failed) {
            m_backend->copilot()->translate(m_customer.id, 2, QStringLiteral("fr"), done, failed);
        });
        QCOMPARE(translation.text, QStringLiteral("J’ai oublié mon mot de passe"));
        QVERIFY(translation.translated);
        QCOMPARE(contentOf(m_fake->completionRequests()
                               .last()
                               .value(QStringLiteral("messages"))
                               .toArray()
                               .last()
                               .toObject()),
            QStringLiteral("I forgot my password"));

        // No such session, no such message: NotFound; a provider failing: Unavailable.
        QCOMPARE(copilotError([&](auto done, auto failed) {
            m_backend->copilot()->summarize(
                QStringLiteral("no-such-session"), QString(), done, failed);
        }),
            DomainError::Kind::NotFound);
        QCOMPARE(copilotError([&](auto done, auto failed) {
            m_backend->copilot()->translate(m_customer.id, 99, QStringLiteral("fr"), done, failed);
        }),
            DomainError::Kind::NotFound);
        m_fake->script(FakeReply::error(401, QJsonObject {}));
        QCOMPARE(copilotError([&](auto done, auto failed) {
            m_backend->copilot()->summarize(m_customer.id, QString(), done, failed);
        }),
            DomainError::Kind::Unavailable);
    }

    void theMockCopilotDegrades()
    {
        m_options.mockMode = true;
        m_options.mockForced = true;
        startBackend();
        addArticles();
        createSession();
        QCOMPARE(sendMessage(QStringLiteral("How can I reset my password?")).status, 200);
        const CopilotResult suggestion = copilot([&](auto done, auto failed) {
            m_backend->copilot()->suggestReply(m_customer.id, QString(), done, failed);
        });
        QCOMPARE(suggestion.text, PasswordText);
        QCOMPARE(suggestion.provider, QStringLiteral("mock"));
        const CopilotResult summary = copilot([&](auto done, auto failed) {
            m_backend->copilot()->summarize(m_customer.id, QString(), done, failed);
        });
        QVERIFY2(summary.text.startsWith(QLatin1String("Question: How can I reset my password?")),
            qPrintable(summary.text));
        const CopilotResult translation = copilot([&](auto done, auto failed) {
            m_backend->copilot()->translate(m_customer.id, 2, QStringLiteral("fr"), done, failed);
        });
        QCOMPARE(translation.text, QStringLiteral("How can I reset my password?"));
        QVERIFY(!translation.translated);
    }

private:
    void startBackend()
    {
        m_backend = testsupport::startBackend(m_options);
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
    }
    void addArticles()
    {
        KnowledgeArticle password;
        password.title = PasswordTitle;
        password.url = PasswordUrl;
        password.locale = QStringLiteral("en");
        password.body = QStringLiteral("## Steps\n\n") + PasswordText;
        m_backend->store()->addKnowledgeArticle(password,
            { .actor = QStringLiteral("admin"), .action = QStringLiteral("knowledge.add") });
        KnowledgeArticle refunds;
        refunds.title = QStringLiteral("Refunds");
        refunds.locale = QStringLiteral("en");
        refunds.body = QStringLiteral("Refunds are possible within 14 days of purchase.");
        m_backend->store()->addKnowledgeArticle(refunds,
            { .actor = QStringLiteral("admin"), .action = QStringLiteral("knowledge.add") });
    }
    void addShippingArticle()
    {
        KnowledgeArticle shipping;
        shipping.title = QStringLiteral("Shipping");
        shipping.locale = QStringLiteral("en");
        shipping.body = ShippingText;
        m_backend->store()->addKnowledgeArticle(shipping,
            { .actor = QStringLiteral("admin"), .action = QStringLiteral("knowledge.add") });
    }
    // The assistant's reply to `text`, sent by the customer.
    QJsonObject replyTo(const QString &text)
    {
        const HttpResult sent = sendMessage(text);
        if (sent.status != 200)
            qWarning("sending %s: HTTP %d", qPrintable(text), sent.status);
        return sent.json().value(QStringLiteral("reply")).toObject();
    }
    template <typename Call>
    CopilotResult copilot(Call call)
    {
        std::optional<CopilotResult> result;
        QString error;
        call([&](const CopilotResult &r) { result = r; },
            [&](const std::exception_ptr &failure) {
                try {
                    std::rethrow_exception(failure);
                } catch (const DomainError &e) {
                    error = e.message();
                } catch (const std::exception &e) {
                    error = QString::fromUtf8(e.what());
                }
            });
        if (!QTest::qWaitFor([&] { return result || !error.isEmpty(); }, 10000))
            qWarning("the copilot did not answer");
        if (!error.isEmpty())
            qWarning("the copilot failed: %s", qPrintable(error));
        return result.value_or(CopilotResult { QStringLiteral("(none)"), {}, false, {} });
    }
    template <typename Call>
    std::optional<DomainError::Kind> copilotError(Call call)
    {
        std::optional<DomainError::Kind> kind;
        bool answered = false;
        call([&](const CopilotResult &) { answered = true; },
            [&](const std::exception_ptr &failure) {
                answered = true;
                try {
                    std::rethrow_exception(failure);
                } catch (const DomainError &e) {
                    kind = e.kind();
                } catch (...) {
                }
            });
        if (!QTest::qWaitFor([&] { return answered; }, 10000))
            qWarning("the copilot did not answer");
        return kind;
    }
    void createSession(const QString &locale = QStringLiteral("en"))
    {
        m_customer = m_api.createSession({ { QStringLiteral("locale"), locale } });
        QCOMPARE(m_customer.created.status, 201);
    }
    HttpResult sendMessage(const QString &text) { return m_api.sendMessage(m_customer, text); }
    QJsonArray history() { return m_api.history(m_customer); }
    QString sessionStatus()
    {
        return sessionStatusName(m_backend->store()->session(m_customer.id)->status);
    }
    QUrl eventsUrl() const
    {
        return m_api.url(QStringLiteral("/api/chat/events?sessionId=") + m_customer.id);
    }
    QHash<QByteArray, QByteArray> customerAuth() const
    {
        return { { "Authorization", "Bearer " + m_customer.token } };
    }
    // The provider's answer is not used: the customer gets the usual notice and a human.
    void expectFallback(const HttpResult &sent)
    {
        QCOMPARE(sent.status, 200);
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("SYSTEM"));
        QCOMPARE(contentOf(reply), customertexts::assistantUnavailable(QStringLiteral("en")));
        QCOMPARE(sessionStatus(), QStringLiteral("WAITING"));
        QCOMPARE(history().size(), 3);
        QVERIFY(m_backend->store()->unansweredQuestions(10).isEmpty());
    }

    TestDatabases m_databases;
    ApiClient m_api;
    std::unique_ptr<FakeOpenAi> m_fake;
    ServerOptions m_options;
    std::unique_ptr<Backend> m_backend;
    CustomerSession m_customer;
};

QTEST_GUILESS_MAIN(TestGrounded)
#include "tst_grounded.moc"
