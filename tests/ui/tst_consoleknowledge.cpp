// SPDX-License-Identifier: GPL-3.0-or-later
// The knowledge base in the console, end to end: its real main window offscreen against a
// real backend on this thread (SQLite and PostgreSQL), the other side over real HTTP. An
// administrator writes, changes and deletes an article in the knowledge window (its preview
// shows HTML as text); an agent reads it without the means to change it, and sees articles
// added elsewhere live; an unanswered question starts an article and is dismissed, and the
// unanswered list follows questions recorded and dismissed elsewhere while it is open. The
// copilot drafts a reply into the composer (never sent), summarizes a conversation taken
// over and translates a customer's message (mock mode: it says it needs a provider); an
// answer's sources are links under it; a search shows the words that matched in bold.

#include "apiclient.h"
#include "consolecontroller.h"
#include "mainwindow.h"
#include "models/sessionlistmodel.h"
#include "models/transcriptmodel.h"
#include "server/backend.h"
#include "store/store.h"
#include "testbackend.h"
#include "testdatabases.h"
#include "widgets/composer.h"
#include "widgets/conversationview.h"
#include "widgets/knowledgewindow.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDesktopServices>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

// The article's list under whatever name the server gives it.
QJsonArray listIn(const QJsonObject &body)
{
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.value().isArray())
            return it.value().toArray();
    }
    return {};
}

QStringList titlesIn(const ui::KnowledgeWindow &window)
{
    QStringList titles;
    for (int row = 0; row < window.articleList()->count(); ++row) {
        if (!window.articleList()->item(row)->isHidden())
            titles << window.articleList()->item(row)->text();
    }
    return titles;
}

// Stands for the desktop's browser: the addresses it was asked to open.
class UrlCatcher final : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void open(const QUrl &url) { opened.append(url); }
};

} // namespace

class TestConsoleKnowledge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        m_home = std::make_unique<QTemporaryDir>();
        m_backend = startBackend(m_databases.serverOptions(dialect));
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
        m_adminToken = addAgent(
            *m_backend->store(), QStringLiteral("ana"), QStringLiteral("Ana"), AgentRole::Admin);
        m_agentToken = addAgent(*m_backend->store(), QStringLiteral("bruno"),
            QStringLiteral("Bruno"), AgentRole::Agent);
        m_settings = std::make_unique<QSettings>(
            m_home->filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    }

    void cleanup()
    {
        m_window.reset();
        m_backend.reset();
        m_settings.reset();
        m_home.reset();
    }

    void anAdministratorWritesChangesAndDeletesAnArticle()
    {
        QVERIFY(openConsole(m_adminToken));
        QVERIFY(m_window->knowledgeAction()->isEnabled());
        QCOMPARE(m_window->knowledgeAction()->shortcut(),
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
        m_window->knowledgeAction()->trigger();
        auto *window = m_window->findChild<ui::KnowledgeWindow *>();
        QVERIFY(window);
        QVERIFY(window->isVisible());
        QVERIFY(window->saveButton()->isVisible());
        QVERIFY(!window->saveButton()->isEnabled()); // nothing written yet

        QTest::mouseClick(window->newButton(), Qt::LeftButton);
        QTest::keyClicks(window->titleEdit(), QStringLiteral("Resetting your password"));
        window->urlEdit()->setText(QStringLiteral("https://help.example.com/password"));
        window->languageBox()->setCurrentIndex(
            window->languageBox()->findData(QStringLiteral("en")));
        const QString body
            = QStringLiteral("# Reset\n\nClick **Forgot password** on the sign-in page.\n\n"
                             "<script>alert(1)</script>\n\n<b>not bold</b>\n");
        window->bodyEdit()->setPlainText(body);

        // The preview renders the Markdown, and shows the HTML in it as text.
        const QString shown = window->preview()->document()->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("Forgot password")), qPrintable(shown));
        QVERIFY2(!shown.contains(QStringLiteral("**")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("<script>alert(1)</script>")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("<b>not bold</b>")), qPrintable(shown));
        QVERIFY(!window->preview()->toHtml().contains(QStringLiteral("<script")));

        QVERIFY(window->saveButton()->isEnabled());
        QTest::mouseClick(window->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(window->editedId() != 0);
        const qint64 id = window->editedId();
        QTRY_COMPARE(titlesIn(*window), QStringList { QStringLiteral("Resetting your password") });
        QVERIFY(!window->saveButton()->isEnabled()); // as stored

        HttpResult stored
            = m_api.get(QStringLiteral("/api/agent/knowledge/%1").arg(id), m_agentToken);
        QCOMPARE(stored.status, 200);
        QJsonObject json = stored.json();
        if (json.value(QStringLiteral("article")).isObject())
            json = json.value(QStringLiteral("article")).toObject();
        QCOMPARE(json.value(QStringLiteral("title")).toString(),
            QStringLiteral("Resetting your password"));
        QCOMPARE(json.value(QStringLiteral("body")).toString(), body);
        QCOMPARE(json.value(QStringLiteral("url")).toString(),
            QStringLiteral("https://help.example.com/password"));
        QCOMPARE(json.value(QStringLiteral("locale")).toString(), QStringLiteral("en"));
        QCOMPARE(json.value(QStringLiteral("updatedBy")).toString(), QStringLiteral("ana"));

        // A refused address is said, and nothing is sent.
        window->urlEdit()->setText(QStringLiteral("javascript:alert(1)"));
        QTest::mouseClick(window->saveButton(), Qt::LeftButton);
        QVERIFY(window->status()->text().contains(QStringLiteral("http")));
        window->urlEdit()->setText(QStringLiteral("https://help.example.com/password"));

        // Changed: the same article, its new title.
        window->titleEdit()->setText(QStringLiteral("Password reset"));
        QTest::mouseClick(window->saveButton(), Qt::LeftButton);
        QTRY_COMPARE(titlesIn(*window), QStringList { QStringLiteral("Password reset") });
        QCOMPARE(window->editedId(), id);
        QTRY_VERIFY(
            listIn(m_api.get(QStringLiteral("/api/agent/knowledge"), m_agentToken).json()).size()
            == 1);
        stored = m_api.get(QStringLiteral("/api/agent/knowledge/%1").arg(id), m_agentToken);
        json = stored.json();
        if (json.value(QStringLiteral("article")).isObject())
            json = json.value(QStringLiteral("article")).toObject();
        QCOMPARE(json.value(QStringLiteral("title")).toString(), QStringLiteral("Password reset"));

        // The filter finds it by a word of its body, whatever the case, and hides it else.
        window->filter()->setText(QStringLiteral("FORGOT"));
        QCOMPARE(titlesIn(*window), QStringList { QStringLiteral("Password reset") });
        window->filter()->setText(QStringLiteral("refund"));
        QCOMPARE(titlesIn(*window), QStringList());
        window->filter()->clear();

        // Deleted, once confirmed.
        QTimer::singleShot(0, this, [] {
            for (QWidget *widget : QApplication::topLevelWidgets()) {
                if (auto *box = qobject_cast<QMessageBox *>(widget))
                    box->button(QMessageBox::Yes)->click();
            }
        });
        QTest::mouseClick(window->deleteButton(), Qt::LeftButton);
        QTRY_COMPARE(titlesIn(*window), QStringList());
        QCOMPARE(window->editedId(), 0);
        QCOMPARE(
            m_api.get(QStringLiteral("/api/agent/knowledge/%1").arg(id), m_agentToken).status, 404);
    }

    void anAgentReadsTheKnowledgeBaseAndSeesChangesLive()
    {
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/knowledge"),
                         QJsonDocument(
                             QJsonObject { { QStringLiteral("title"), QStringLiteral("Refunds") },
                                 { QStringLiteral("body"),
                                     QStringLiteral("Refunds take **5 days**.") } })
                             .toJson(),
                         m_adminToken)
                     .status,
            201);
        QVERIFY(openConsole(m_agentToken));
        ui::KnowledgeWindow *window = m_window->openKnowledge();
        QVERIFY(window);
        QTRY_COMPARE(titlesIn(*window), QStringList { QStringLiteral("Refunds") });
        QVERIFY(
            window->selectArticle(window->articleList()->item(0)->data(Qt::UserRole).toLongLong()));
        QCOMPARE(window->titleEdit()->text(), QStringLiteral("Refunds"));
        QVERIFY(window->preview()->document()->toPlainText().contains(QStringLiteral("5 days")));
        // Read only: nothing to save or delete, and it says why.
        QVERIFY(window->titleEdit()->isReadOnly());
        QVERIFY(window->bodyEdit()->isReadOnly());
        QVERIFY(!window->languageBox()->isEnabled());
        QVERIFY(!window->saveButton()->isVisible());
        QVERIFY(!window->deleteButton()->isVisible());
        QVERIFY(!window->newButton()->isVisible());
        QVERIFY(window->findChild<QLabel *>(QStringLiteral("knowledgeReadOnly"))->isVisible());
        QVERIFY(!window->dismissButton()->isVisible());

        // An administrator adds one elsewhere: the list has it at once (the `knowledge` event).
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/knowledge"),
                         QJsonDocument(
                             QJsonObject { { QStringLiteral("title"), QStringLiteral("Billing") },
                                 { QStringLiteral("body"),
                                     QStringLiteral("Plans are billed monthly.") } })
                             .toJson(),
                         m_adminToken)
                     .status,
            201);
        QTRY_COMPARE(titlesIn(*window),
            (QStringList { QStringLiteral("Billing"), QStringLiteral("Refunds") }));
        // The agent's own copy of the article shown stays what it was.
        QCOMPARE(window->titleEdit()->text(), QStringLiteral("Refunds"));
    }

    void anUnansweredQuestionStartsAnArticleAndIsDismissed()
    {
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Camille") } });
        QCOMPARE(customer.created.status, 201);
        m_backend->store()->recordUnansweredQuestion(customer.id,
            QStringLiteral("Où modifier mon adresse de livraison ?"), QStringLiteral("fr"));

        QVERIFY(openConsole(m_adminToken));
        ui::KnowledgeWindow *window = m_window->openKnowledge();
        QTreeWidget *questions = window->unansweredList();
        QTRY_COMPARE(questions->topLevelItemCount(), 1);
        QCOMPARE(questions->topLevelItem(0)->text(0),
            QStringLiteral("Où modifier mon adresse de livraison ?"));
        window->tabs()->setCurrentIndex(1);
        QVERIFY(!window->writeArticleButton()->isEnabled()); // none chosen yet
        questions->setCurrentItem(questions->topLevelItem(0));
        QVERIFY(window->writeArticleButton()->isEnabled());
        QTest::mouseClick(window->writeArticleButton(), Qt::LeftButton);
        QCOMPARE(window->tabs()->currentIndex(), 0);
        QCOMPARE(window->editedId(), 0);
        QCOMPARE(
            window->titleEdit()->text(), QStringLiteral("Où modifier mon adresse de livraison ?"));
        QCOMPARE(window->languageBox()->currentData().toString(), QStringLiteral("fr"));

        window->tabs()->setCurrentIndex(1);
        questions->setCurrentItem(questions->topLevelItem(0));
        QTest::mouseClick(window->dismissButton(), Qt::LeftButton);
        QTRY_COMPARE(questions->topLevelItemCount(), 0);
        QTRY_COMPARE(
            listIn(
                m_api.get(QStringLiteral("/api/agent/knowledge/unanswered"), m_adminToken).json())
                .size(),
            0);
        QVERIFY(m_backend->store()->unansweredQuestions(10).isEmpty());
    }

    // The unanswered list follows the `unanswered` events while the window is open: a question
    // the (mock) assistant found nothing for appears, one dismissed elsewhere goes.
    void theUnansweredListFollowsQuestionsRecordedAndDismissedElsewhere()
    {
        addArticle(QStringLiteral("Opening hours"), QStringLiteral("We open at nine."));
        const CustomerSession earlier = m_api.createSession();
        QCOMPARE(earlier.created.status, 201);
        const UnansweredQuestion first = m_backend->store()->recordUnansweredQuestion(
            earlier.id, QStringLiteral("Do you ship to Mars?"), QStringLiteral("en"));

        QVERIFY(openConsole(m_adminToken));
        ui::KnowledgeWindow *window = m_window->openKnowledge();
        QVERIFY(window);
        QTreeWidget *questions = window->unansweredList();
        QTRY_COMPARE(questions->topLevelItemCount(), 1); // read once the window opened

        // A customer asks what the knowledge base does not say: the list has it, the window
        // still open and not reopened.
        const CustomerSession customer = m_api.createSession();
        QCOMPARE(customer.created.status, 201);
        QCOMPARE(
            m_api.sendMessage(customer, QStringLiteral("Can I pay with seashells?")).status, 200);
        const auto texts = [questions] {
            QStringList shown;
            for (int row = 0; row < questions->topLevelItemCount(); ++row)
                shown << questions->topLevelItem(row)->text(0);
            return shown;
        };
        QTRY_COMPARE(texts(),
            (QStringList { QStringLiteral("Can I pay with seashells?"),
                QStringLiteral("Do you ship to Mars?") }));

        // Another administrator dismisses the first elsewhere: it goes, and the question
        // chosen here stays chosen.
        window->tabs()->setCurrentIndex(1);
        questions->setCurrentItem(questions->topLevelItem(0));
        QCOMPARE(
            m_api
                .send("DELETE", QStringLiteral("/api/agent/knowledge/unanswered/%1").arg(first.id),
                    {}, m_adminToken)
                .status,
            204);
        QTRY_COMPARE(texts(), QStringList { QStringLiteral("Can I pay with seashells?") });
        QVERIFY(questions->currentItem());
        QCOMPARE(questions->currentItem()->text(0), QStringLiteral("Can I pay with seashells?"));
        QVERIFY(window->dismissButton()->isEnabled());
    }

    void theCopilotSuggestsSummarizesAndTranslatesWithoutSendingAnything()
    {
        addArticle(QStringLiteral("Resetting your password"),
            QStringLiteral("Open the sign-in page and choose Forgot your password. We e-mail "
                           "you a link to reset it, valid for one hour."),
            QStringLiteral("https://help.example.com/password"));
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Camille") },
                { QStringLiteral("locale"), QStringLiteral("en") } });
        QCOMPARE(customer.created.status, 201);
        QCOMPARE(
            m_api.sendMessage(customer, QStringLiteral("How do I reset my password?")).status, 200);

        QVERIFY(openConsole(m_adminToken));
        ui::ConsoleController *console = m_window->console();
        console->openSession(customer.id);
        ui::ConversationView *view = m_window->conversationView();
        QAbstractItemModel *transcript = view->model();
        const auto rowOf = [transcript](const QString &role) {
            for (int row = transcript->rowCount() - 1; row >= 0; --row) {
                const QModelIndex index = transcript->index(row, 0);
                if (index.data(ui::TranscriptModel::MessageRoleRole).toString() == role)
                    return index;
            }
            return QModelIndex();
        };
        // The assistant answered from the article: its source is a link under the answer.
        QTRY_VERIFY(rowOf(QStringLiteral("ASSISTANT")).isValid());
        const QModelIndex answer = rowOf(QStringLiteral("ASSISTANT"));
        const auto sources
            = answer.data(ui::TranscriptModel::SourcesRole).value<QList<KnowledgeSource>>();
        QCOMPARE(sources.size(), 1);
        QCOMPARE(sources.first().title, QStringLiteral("Resetting your password"));
        view->scrollTo(answer);
        const QRect link = view->sourceRect(answer, 0);
        QVERIFY(link.isValid());
        QVERIFY(view->visualRect(answer).contains(link));
        QCOMPARE(view->sourceAt(link.center()),
            QUrl(QStringLiteral("https://help.example.com/password")));
        // A click opens it in the browser (here: the test's handler of https addresses).
        UrlCatcher browser;
        QDesktopServices::setUrlHandler(QStringLiteral("https"), &browser, "open");
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, link.center());
        QDesktopServices::unsetUrlHandler(QStringLiteral("https"));
        QCOMPARE(browser.opened,
            QList<QUrl> { QUrl(QStringLiteral("https://help.example.com/password")) });

        // Taking it over shows the summary above the transcript; it can be dismissed.
        QVERIFY(!m_window->summaryBanner()->isVisible());
        console->takeOver();
        QTRY_VERIFY(m_window->summaryBanner()->isVisible());
        QVERIFY(m_window->summaryText()->text().contains(
            QStringLiteral("password"), Qt::CaseInsensitive));
        QTest::mouseClick(
            m_window->summaryBanner()->findChild<QToolButton *>(QStringLiteral("dismissSummary")),
            Qt::LeftButton);
        QVERIFY(!m_window->summaryBanner()->isVisible());

        // Suggest a reply: a draft in the composer, its source under it, nothing sent.
        const qsizetype before = m_api.history(customer).size();
        QTRY_VERIFY(m_window->suggestAction()->isEnabled());
        QCOMPARE(m_window->suggestAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_J));
        m_window->suggestAction()->trigger();
        QTRY_VERIFY(!m_window->composer()->toPlainText().isEmpty());
        QTRY_VERIFY(m_window->draftSources()->isVisible());
        QVERIFY(
            m_window->draftSources()->text().contains(QStringLiteral("Resetting your password")));
        QVERIFY(m_window->draftSources()->text().contains(
            QStringLiteral("href=\"https://help.example.com/password\"")));
        QCOMPARE(m_api.history(customer).size(), before);
        for (const QJsonValue &message : m_api.history(customer))
            QVERIFY(message.toObject().value(QStringLiteral("role")).toString()
                != QLatin1String("AGENT"));

        // Translate, from a customer's message's menu: mock mode says it needs a provider.
        const QModelIndex question = rowOf(QStringLiteral("USER"));
        QVERIFY(question.isValid());
        QMenu *menu = view->messageMenu(question);
        QAction *translate = menu->findChild<QAction *>(QStringLiteral("translateMessage"));
        QVERIFY(translate);
        translate->trigger();
        delete menu;
        QTRY_VERIFY(question.data(ui::TranscriptModel::TranslationRole)
                        .toString()
                        .contains(QStringLiteral("needs an AI provider")));
        // An assistant's answer has no Translate, but opens its source.
        QMenu *answerMenu = view->messageMenu(rowOf(QStringLiteral("ASSISTANT")));
        QVERIFY(!answerMenu->findChild<QAction *>(QStringLiteral("translateMessage")));
        QVERIFY(answerMenu->findChild<QAction *>(QStringLiteral("openSource")));
        delete answerMenu;
    }

    void aSearchShowsTheMatchingWordsInBold()
    {
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Jonas") } });
        QCOMPARE(customer.created.status, 201);
        QCOMPARE(
            m_api.sendMessage(customer, QStringLiteral("Please forward this to Élodie in billing"))
                .status,
            200);
        QCOMPARE(m_api.sendMessage(customer, QStringLiteral("Thanks, bye")).status, 200);
        QVERIFY(openConsole(m_adminToken));
        auto *search = m_window->findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
        QVERIFY(search);
        QTest::keyClicks(search, QStringLiteral("elodie"));
        ui::SessionListModel *sessions = m_window->console()->sessions();
        const auto snippet = [sessions, &customer] {
            const int row = sessions->rowOf(customer.id);
            return row < 0
                ? QString()
                : sessions->index(row, 0).data(ui::SessionListModel::MatchSnippetRole).toString();
        };
        QTRY_VERIFY(snippet().contains(QStringLiteral("Élodie")));
        const int row = sessions->rowOf(customer.id);
        const QVariantList highlights
            = sessions->index(row, 0).data(ui::SessionListModel::MatchHighlightsRole).toList();
        QVERIFY(!highlights.isEmpty());
        const QPoint first = highlights.first().toPoint();
        QCOMPARE(snippet().mid(first.x(), first.y()), QStringLiteral("Élodie"));
        // The search cleared: the row shows its last message again.
        search->clear();
        QTRY_VERIFY(snippet().isEmpty());
    }

    void listsTheArticlesInTheAgentsLanguageFirst()
    {
        addArticle(QStringLiteral("Annuler un abonnement"), QStringLiteral("Dans Réglages."), {},
            QStringLiteral("fr"));
        addArticle(QStringLiteral("Opening hours"), QStringLiteral("We open at nine."), {}, {});
        addArticle(QStringLiteral("Refunds"), QStringLiteral("Within 30 days."));
        addArticle(QStringLiteral("Billing"), QStringLiteral("Monthly or yearly."));
        QVERIFY(openConsole(m_adminToken));
        ui::KnowledgeWindow *window = m_window->openKnowledge();
        QVERIFY(window);
        // The console is in English: its articles, then those for any language, then French.
        QTRY_COMPARE(titlesIn(*window),
            (QStringList { QStringLiteral("Billing"), QStringLiteral("Refunds"),
                QStringLiteral("Opening hours"), QStringLiteral("Annuler un abonnement") }));
    }

    void theSummaryIsInTheAgentsLanguageAndTheDraftInTheCustomers()
    {
        addArticle(QStringLiteral("Réinitialiser votre mot de passe"),
            QStringLiteral("Ouvrez la page de connexion et choisissez Mot de passe oublié. Le "
                           "lien envoyé par e-mail est valable une heure."),
            {}, QStringLiteral("fr"));
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("locale"), QStringLiteral("fr") } });
        QCOMPARE(customer.created.status, 201);
        QCOMPARE(
            m_api.sendMessage(customer, QStringLiteral("Comment réinitialiser mon mot de passe ?"))
                .status,
            200);

        // The console is in English (no translation installed): the agent reads English, the
        // customer is answered in French.
        QCOMPARE(ui::ConsoleController::agentLanguage(), QStringLiteral("en"));
        QVERIFY(openConsole(m_adminToken));
        ui::ConsoleController *console = m_window->console();
        console->openSession(customer.id);
        console->takeOver();
        QTRY_VERIFY(m_window->summaryBanner()->isVisible());
        QVERIFY2(m_window->summaryText()->text().startsWith(QStringLiteral("Question: Comment")),
            qPrintable(m_window->summaryText()->text()));

        QTRY_VERIFY(m_window->suggestAction()->isEnabled());
        m_window->suggestAction()->trigger();
        QTRY_VERIFY(!m_window->composer()->toPlainText().isEmpty());
        QVERIFY2(m_window->composer()->toPlainText().startsWith(
                     QStringLiteral("Ouvrez la page de connexion")),
            qPrintable(m_window->composer()->toPlainText()));
    }

private:
    void addArticle(const QString &title, const QString &body, const QString &url = {},
        const QString &locale = QStringLiteral("en"))
    {
        QJsonObject article { { QStringLiteral("title"), title },
            { QStringLiteral("body"), body } };
        if (!locale.isEmpty())
            article.insert(QStringLiteral("locale"), locale);
        if (!url.isEmpty())
            article.insert(QStringLiteral("url"), url);
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/knowledge"), QJsonDocument(article).toJson(),
                         m_adminToken)
                     .status,
            201);
    }

    bool openConsole(const QByteArray &token)
    {
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(m_backend->url()), QString::fromLatin1(token));
        m_window->resize(1200, 800);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        if (!QTest::qWaitForWindowExposed(m_window.get()))
            return false;
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        return QTest::qWaitFor([&] { return connection->text() == QLatin1String("Live"); }, 20000);
    }

    TestDatabases m_databases;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ui::MainWindow> m_window;
    ApiClient m_api;
    QByteArray m_adminToken;
    QByteArray m_agentToken;
};

QTEST_MAIN(TestConsoleKnowledge)
#include "tst_consoleknowledge.moc"
