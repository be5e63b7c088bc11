// SPDX-License-Identifier: GPL-3.0-or-later
// The console end to end: its real main window, driven by QTest key and mouse events,
// against a real Frontline server over loopback HTTP — the embedded backend on its own
// thread (SQLite), and the real `frontline --headless` binary (PostgreSQL). The customer
// side is plain HTTP, as a browser's would be.

#include "apiclient.h"
#include "config/configuration.h"
#include "config/serveroptions.h"
#include "consolecontroller.h"
#include "core/translations.h"
#include "eventstreamclient.h"
#include "fakeopenai.h"
#include "frontlineprocess.h"
#include "mainwindow.h"
#include "models/conversation.h"
#include "models/sessionlistmodel.h"
#include "models/transcriptmodel.h"
#include "presence/consolepresence.h"
#include "presence/idlesource.h"
#include "server/backendthread.h"
#include "settings/businesshourspage.h"
#include "settings/consolesettings.h"
#include "settings/labelspage.h"
#include "settings/settingsdialog.h"
#include "testdatabases.h"
#include "waitingnotifier.h"
#include "widgets/commandpalette.h"
#include "widgets/composer.h"
#include "widgets/conversationview.h"
#include "widgets/customerpanel.h"
#include "widgets/presencebutton.h"
#include "widgets/problembanner.h"
#include "widgets/ratelimitsview.h"
#include "widgets/sessionlistpanel.h"
#include "widgets/signindialog.h"
#include "widgets/transferdialog.h"
#include "widgets/waitingbanner.h"
#include "widgets/welcomepane.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QColorDialog>
#include <QComboBox>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QString AdminToken = QStringLiteral("console-test-admin-token-0123456789abcdef");

// One Frontline server for a test: the embedded backend on a thread of this process, or the
// real binary. Both are configured the same way, by command-line options and environment.
class TestServer final
{
public:
    TestServer(QString kind, QString databaseUrl, QString home)
        : m_kind(std::move(kind))
        , m_databaseUrl(std::move(databaseUrl))
        , m_home(std::move(home))
    {
    }
    ~TestServer() { stop(); }
    Q_DISABLE_COPY_MOVE(TestServer)

    void setOption(const QString &name, const QString &value) { m_options.insert(name, value); }
    void setEnvironment(const QString &name, const QString &value)
    {
        m_environment.insert(name, value);
    }

    // On `port` (0: any free one). Returns the URL, or "" (then errorString() says why).
    QString start(quint16 port = 0)
    {
        QProcessEnvironment environment = isolatedEnvironment(m_home);
        environment.insert(QStringLiteral("FRONTLINE_ADMIN_TOKEN"), AdminToken);
        for (auto it = m_environment.cbegin(); it != m_environment.cend(); ++it)
            environment.insert(it.key(), it.value());
        QHash<QString, QString> options = m_options;
        options.insert(QStringLiteral("database"), m_databaseUrl);
        options.insert(QStringLiteral("data-dir"), m_home + QStringLiteral("/data"));
        options.insert(
            QStringLiteral("listen"), QStringLiteral("127.0.0.1:") + QString::number(port));

        if (m_kind == QLatin1String("embedded")) {
            QString error;
            const auto resolved
                = ServerOptions::resolve(Configuration(options, environment, nullptr), &error);
            if (!resolved) {
                m_error = error;
                return {};
            }
            m_thread = std::make_unique<BackendThread>(*resolved);
            QSignalSpy started(m_thread.get(), &BackendThread::started);
            QSignalSpy failed(m_thread.get(), &BackendThread::failed);
            m_thread->start();
            if (!QTest::qWaitFor([&] { return !started.isEmpty() || !failed.isEmpty(); }, 20000)
                || started.isEmpty()) {
                m_error = failed.isEmpty() ? QStringLiteral("no answer")
                                           : failed.first().at(0).toString();
                return {};
            }
            m_url = started.first().at(0).toString();
            return m_url;
        }
        QStringList args;
        for (auto it = options.cbegin(); it != options.cend(); ++it)
            args << QStringLiteral("--") + it.key() << it.value();
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::SeparateChannels);
        m_url = startHeadless(*m_process, args, environment);
        if (m_url.isEmpty())
            m_error = QString::fromUtf8(m_process->readAllStandardError());
        return m_url;
    }

    void stop()
    {
        m_thread.reset();
        if (m_process) {
            stopHeadless(*m_process);
            m_process.reset();
        }
    }

    QString url() const { return m_url; }
    quint16 port() const { return static_cast<quint16>(QUrl(m_url).port()); }
    QString errorString() const { return m_error; }

private:
    QString m_kind;
    QString m_databaseUrl;
    QString m_home;
    QHash<QString, QString> m_options;
    QHash<QString, QString> m_environment;
    std::unique_ptr<BackendThread> m_thread;
    std::unique_ptr<QProcess> m_process;
    QString m_url;
    QString m_error;
};

struct Customer
{
    QString sessionId;
    QString token;
};

// The desktop's idle time as a test wants it: the real one is the desktop's, not ours.
class SetIdleSource final : public ui::IdleSource
{
public:
    std::chrono::milliseconds idle { 0 };
    void ask() override { Q_EMIT idleTimeRead(idle); }
};

} // namespace

class TestConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void initTestCase_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("dialect");
        QTest::newRow("embedded backend, sqlite")
            << QStringLiteral("embedded") << QStringLiteral("sqlite");
        QTest::newRow("headless frontline, postgresql")
            << QStringLiteral("remote") << QStringLiteral("postgresql");
    }

    void init()
    {
        QFETCH_GLOBAL(QString, kind);
        QFETCH_GLOBAL(QString, dialect);
        m_home = std::make_unique<QTemporaryDir>();
        m_databaseUrl = m_databases.freshUrlText(dialect);
        m_server = std::make_unique<TestServer>(kind, m_databaseUrl, m_home->path());
        m_settings = std::make_unique<QSettings>(
            m_home->filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
    }

    void cleanup()
    {
        frontline::installTranslations(QStringLiteral("en")); // whatever a test chose
        m_window.reset();
        m_server.reset();
        m_settings.reset();
        m_home.reset();
    }

    void customerPostsAgentTakesOverAndRepliesThroughTheWidgets()
    {
        QVERIFY(startConsole());
        const Customer customer = createCustomer(QStringLiteral("Camille"));
        // The session appears in the console's list, live, with the customer's message. (The
        // client here waits with the event loop running, so the console works meanwhile.)
        QElapsedTimer sinceSent;
        sinceSent.start();
        QVERIFY(sendAsCustomer(customer, QStringLiteral("My invoice is wrong")).status == 200);
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(customer.sessionId).isValid()
                && m_window->console()->sessions()->find(customer.sessionId)->lastMessage.seq >= 2,
            500);
        qInfo("The session and its message were in the console's list %lld ms after the customer "
              "sent it",
            static_cast<long long>(sinceSent.elapsed()));

        openInConsole(customer.sessionId);
        QTRY_VERIFY(m_window->conversationView()->toPlainText().contains(
            QStringLiteral("My invoice is wrong")));
        QVERIFY(!m_window->composer()->isEnabled()); // not ours yet
        // Searching and clearing the search keep the open session selected.
        auto *search
            = m_window->sessionList()->findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
        QTest::keyClicks(search, QStringLiteral("invoice"));
        QTRY_COMPARE(m_window->sessionList()->view()->model()->rowCount(), 1);
        search->clear();
        QTRY_COMPARE(m_window->sessionList()
                         ->view()
                         ->selectionModel()
                         ->selectedRows()
                         .value(0)
                         .data(ui::SessionListModel::SessionIdRole)
                         .toString(),
            customer.sessionId);
        QTRY_COMPARE(
            m_window->customerPanel()->findChild<QLabel *>(QStringLiteral("customerName"))->text(),
            QStringLiteral("Camille"));
        QTRY_VERIFY(m_window->customerPanel()
                        ->findChild<QLabel *>(QStringLiteral("customerUsage"))
                        ->text()
                        .contains(QStringLiteral("Sessions 1, messages 1")));

        // Take over with its shortcut; the composer opens; the reply goes with Enter.
        QTRY_VERIFY(m_window->takeOverAction()->isEnabled());
        QTest::keyClick(m_window.get(), Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY(m_window->composer()->isEnabled());
        QVERIFY(!m_window->takeOverAction()->isEnabled());
        QVERIFY(m_window->returnToAiAction()->isEnabled());
        const QModelIndex row = rowOf(customer.sessionId);
        QCOMPARE(row.siblingAtColumn(ui::SessionListModel::Status).data().toString(),
            QStringLiteral("Yours"));

        m_window->composer()->setFocus();
        QTest::keyClicks(m_window->composer(), QStringLiteral("Hello Camille, I am checking it"));
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QTRY_VERIFY(m_window->composer()->toPlainText().isEmpty());

        // The customer's history has the agent's message.
        QTRY_VERIFY(lastMessageOf(customer).value(QStringLiteral("role")).toString()
            == QLatin1String("AGENT"));
        const QJsonObject reply = lastMessageOf(customer);
        QCOMPARE(reply.value(QStringLiteral("content")).toString(),
            QStringLiteral("Hello Camille, I am checking it"));
        QCOMPARE(reply.value(QStringLiteral("agentName")).toString(), QStringLiteral("Support"));

        // The customer answers: the console shows it live, and the AI stays silent.
        const qint64 agentSeq = reply.value(QStringLiteral("seq")).toInteger();
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("Thank you!")).status, 200);
        QTRY_VERIFY(
            m_window->conversationView()->toPlainText().contains(QStringLiteral("Thank you!")));
        QTest::qWait(1500); // longer than the mock assistant takes to answer
        for (const QJsonValue &value : history(customer)) {
            const QJsonObject m = value.toObject();
            if (m.value(QStringLiteral("seq")).toInteger() > agentSeq)
                QCOMPARE(m.value(QStringLiteral("role")).toString(), QStringLiteral("USER"));
        }

        // Return to AI, then the AI answers again.
        QTest::keyClick(m_window.get(), Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY(!m_window->composer()->isEnabled());
        QTRY_COMPARE(rowOf(customer.sessionId)
                         .siblingAtColumn(ui::SessionListModel::Status)
                         .data()
                         .toString(),
            QStringLiteral("AI"));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("One more question")).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(lastMessageOf(customer).value(QStringLiteral("role")).toString(),
            QStringLiteral("ASSISTANT"), 5000);

        // Close, from the keyboard, after saying yes to the question: the customer can no
        // longer write.
        QTest::keyClick(m_window.get(), Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY(m_window->closeSessionAction()->isEnabled());
        QTimer::singleShot(0, this, [] {
            auto *question = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(question);
            QTest::keyClick(question, Qt::Key_Y, Qt::AltModifier);
            if (question->isVisible())
                question->button(QMessageBox::Yes)->click();
        });
        QTest::keyClick(m_window.get(), Qt::Key_W, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(rowOf(customer.sessionId)
                         .siblingAtColumn(ui::SessionListModel::Status)
                         .data()
                         .toString(),
            QStringLiteral("Closed"));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("Hello again?")).status, 409);
    }

    void showsHowCustomersReachTheChatUntilAConversationIsOpen()
    {
        QVERIFY(startConsole());
        // The first window: no conversation, so the middle says how customers get here.
        ui::WelcomePane *welcome = m_window->welcomePane();
        QVERIFY(welcome->isVisible());
        QVERIFY(!m_window->conversationView()->isVisible());
        QCOMPARE(welcome->findChild<QLabel *>(QStringLiteral("welcomeTitle"))->text(),
            QStringLiteral("No conversations yet"));
        const QUrl chatPage = welcome->chatPageUrl();
        QCOMPARE(chatPage, QUrl(m_server->url() + QStringLiteral("/support/chat")));
        QCOMPARE(welcome->findChild<QLineEdit *>(QStringLiteral("welcomeChatUrl"))->text(),
            chatPage.toString());
        QVERIFY(welcome->widgetSnippet().contains(m_server->url() + QStringLiteral("/widget.js")));
        // Both addresses are real: the server answers them.
        QNetworkAccessManager network;
        for (const QUrl &url : { chatPage, QUrl(m_server->url() + QStringLiteral("/widget.js")) }) {
            std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
            QTRY_VERIFY(reply->isFinished());
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        }
        QTest::mouseClick(
            welcome->findChild<QPushButton *>(QStringLiteral("welcomeCopyUrl")), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), chatPage.toString());
        QTest::mouseClick(welcome->findChild<QPushButton *>(QStringLiteral("welcomeCopySnippet")),
            Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), welcome->widgetSnippet());
        // The checklist says mock mode is on (no provider key in the tests).
        QVERIFY(welcome->findChild<QLabel *>(QStringLiteral("welcomeAiStep"))
                    ->text()
                    .contains(QStringLiteral("mock mode")));
        // Every empty pane says why it is empty.
        auto *list = static_cast<ui::SessionListView *>(m_window->sessionList()->view());
        QCOMPARE(list->placeholderText(),
            QStringLiteral("No conversations yet. They appear here as soon as a customer writes."));
        m_window->sessionList()->setFilter(ui::SessionFilterProxy::Filter::Waiting);
        QCOMPARE(list->placeholderText(), QStringLiteral("Nobody is waiting for an agent."));
        m_window->sessionList()->setFilter(ui::SessionFilterProxy::Filter::All);
        QVERIFY(m_window->customerPanel()
                    ->findChild<QLabel *>(QStringLiteral("customerPlaceholder"))
                    ->isVisible());

        // A customer writes: the list fills, the middle now says how to pick a conversation.
        const Customer customer = createCustomer(QStringLiteral("Camille"));
        QTRY_VERIFY(rowOf(customer.sessionId).isValid());
        QTRY_COMPARE(welcome->findChild<QLabel *>(QStringLiteral("welcomeTitle"))->text(),
            QStringLiteral("Choose a conversation"));
        auto *search
            = m_window->sessionList()->findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
        QTest::keyClicks(search, QStringLiteral("zzz"));
        QTRY_COMPARE(
            list->placeholderText(), QStringLiteral("No conversation matches \u201czzz\u201d."));
        search->clear();
        // Opened, the conversation takes the middle; the customer panel shows who it is.
        openInConsole(customer.sessionId);
        QTRY_VERIFY(m_window->conversationView()->isVisible());
        QVERIFY(!welcome->isVisible());
        QVERIFY(!m_window->customerPanel()
                     ->findChild<QLabel *>(QStringLiteral("customerPlaceholder"))
                     ->isVisible());

        // A conversation whose messages cannot be read says so where they would be.
        m_window->console()->openSession(QStringLiteral("00000000-0000-4000-8000-000000000000"));
        QTRY_VERIFY2(m_window->conversationView()->placeholderText().contains(
                         QLatin1String("could not be read")),
            qPrintable(m_window->conversationView()->placeholderText()));
        openInConsole(customer.sessionId);
        QTRY_VERIFY(m_window->conversationView()->placeholderText().isEmpty());
    }

    // Issue 17, point 5: the agent looking at the window sees who starts waiting, and why.
    void saysInTheWindowWhoStartsWaiting()
    {
        QVERIFY(startConsole());
        const Customer camille = createCustomer(QStringLiteral("Camille"));
        const Customer hostile = createCustomer(QStringLiteral("<b>x</b><img src=y>"));
        QTRY_VERIFY(rowOf(camille.sessionId).isValid() && rowOf(hostile.sessionId).isValid());
        openInConsole(camille.sessionId);
        ui::WaitingBanner *banner = m_window->waitingBanner();
        QVERIFY(!banner->isVisible());

        // The open conversation's customer asks: the agent sees it already, no banner.
        QCOMPARE(askForAHuman(camille), 200);
        QTRY_COMPARE(m_window->console()->sessions()->waitingCount(), 1);
        QVERIFY(!banner->isVisible());
        // Another one asks: the banner names them, as typed, and says why.
        QCOMPARE(askForAHuman(hostile), 200);
        QTRY_VERIFY(banner->isVisible());
        QCOMPARE(banner->text(),
            QStringLiteral("<b>x</b><img src=y> is waiting for an agent: asked for a human. "
                           "2 customers are waiting in all."));
        QCOMPARE(banner->findChild<QLabel *>(QStringLiteral("waitingText"))->textFormat(),
            Qt::PlainText);
        // Open goes to that conversation, and the banner has done its job.
        QTest::mouseClick(
            banner->findChild<QPushButton *>(QStringLiteral("waitingOpen")), Qt::LeftButton);
        QTRY_COMPARE(m_window->console()->openSessionId(), hostile.sessionId);
        QVERIFY(!banner->isVisible());
    }

    void anotherAgentsSessionIsNotOurs()
    {
        QVERIFY(startConsole());
        const QString bobToken = addAgent(QStringLiteral("bob"));
        QVERIFY(!bobToken.isEmpty());
        const Customer customer = createCustomer(QStringLiteral("Jonas"));
        QTRY_VERIFY(m_window->console()->sessions()->find(customer.sessionId));
        openInConsole(customer.sessionId);

        QCOMPARE(agentPost(bobToken,
                     QStringLiteral("/api/agent/sessions/%1/claim").arg(customer.sessionId))
                     .status,
            200);
        QTRY_COMPARE(rowOf(customer.sessionId)
                         .siblingAtColumn(ui::SessionListModel::Status)
                         .data()
                         .toString(),
            QStringLiteral("bob's"));
        QTRY_VERIFY(!m_window->takeOverAction()->isEnabled());
        QVERIFY(!m_window->composer()->isEnabled());
        QVERIFY(m_window->closeSessionAction()->isEnabled()); // an administrator may close it

        // The server decides: a claim through the API while bob owns it is refused.
        QSignalSpy failed(m_window->console(), &ui::ConsoleController::actionFailed);
        m_window->console()->takeOver();
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().at(0).toString(),
            QStringLiteral("bob has already taken this session over."));

        // The customer asks for a human after bob leaves: "Waiting", and a notification.
        QCOMPARE(agentPost(bobToken,
                     QStringLiteral("/api/agent/sessions/%1/release").arg(customer.sessionId))
                     .status,
            200);
        QSignalSpy notified(m_window->notifier(), &ui::WaitingNotifier::notified);
        QCOMPARE(askForAHuman(customer), 200);
        QTRY_COMPARE(rowOf(customer.sessionId)
                         .siblingAtColumn(ui::SessionListModel::Status)
                         .data()
                         .toString(),
            QStringLiteral("Waiting"));
        QTRY_VERIFY(!notified.isEmpty());
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("Jonas")));
        QTRY_VERIFY(m_window->windowTitle().contains(QStringLiteral("1 waiting")));
        QVERIFY(m_window->takeOverAction()->isEnabled());

        // Filters: Waiting shows it, Mine does not.
        m_window->sessionList()->setFilter(ui::SessionFilterProxy::Filter::Mine);
        QVERIFY(!rowOf(customer.sessionId).isValid());
        m_window->sessionList()->setFilter(ui::SessionFilterProxy::Filter::Waiting);
        QVERIFY(rowOf(customer.sessionId).isValid());
    }

    void transferSaysSoWhenNobodyElseIsInTheTeam()
    {
        QVERIFY(startConsole());
        const Customer customer = createCustomer(QStringLiteral("Alone"));
        QTRY_VERIFY(m_window->console()->sessions()->find(customer.sessionId));
        openInConsole(customer.sessionId);
        QTRY_VERIFY(m_window->takeOverAction()->isEnabled());
        m_window->takeOverAction()->trigger();
        QTRY_VERIFY(m_window->transferAction()->isEnabled());
        m_window->transferAction()->trigger();
        ui::TransferDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::TransferDialog *>()));
        // Once the team is read: only the console's own agent, so a sentence, not a blank box.
        QTRY_VERIFY(!dialog->emptyNotice()->isHidden());
        QVERIFY(dialog->list()->isHidden());
        QVERIFY(dialog->emptyNotice()->text().contains(QLatin1String("frontline agent add")));
        QVERIFY(dialog->queueButton()->isEnabled());
        dialog->reject();
    }

    void transfersAConversationToAnotherAgentAndBackToTheQueue()
    {
        QVERIFY(startConsole());
        const QString bobToken = addAgent(QStringLiteral("bob"));
        QVERIFY(!bobToken.isEmpty());
        EventStreamClient bobsConsole; // bob is online
        bobsConsole.open(QUrl(m_server->url() + QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + bobToken.toUtf8() } });
        QVERIFY(bobsConsole.waitFor("hello", 1));
        const Customer customer = createCustomer(QStringLiteral("Dubois"));
        QTRY_VERIFY(m_window->console()->sessions()->find(customer.sessionId));
        openInConsole(customer.sessionId);
        QTRY_VERIFY(m_window->takeOverAction()->isEnabled());
        m_window->takeOverAction()->trigger();
        QTRY_VERIFY(m_window->composer()->isEnabled());
        QTRY_VERIFY(m_window->transferAction()->isEnabled());

        // Transfer… lists bob with his presence and his open conversations.
        m_window->transferAction()->trigger();
        ui::TransferDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::TransferDialog *>()));
        QListWidget *agents = dialog->list();
        const auto bobRow = [agents]() -> QListWidgetItem * {
            for (int row = 0; row < agents->count(); ++row) {
                if (agents->item(row)->text().startsWith(QLatin1String("bob")))
                    return agents->item(row);
            }
            return nullptr;
        };
        QTRY_VERIFY(bobRow() && bobRow()->text().contains(QStringLiteral("Online")));
        QCOMPARE(bobRow()->text(), QStringLiteral("bob — Online · open conversations: 0"));
        QCOMPARE(agents->count(), 1); // not the console's own agent
        agents->setCurrentItem(bobRow());
        QTest::mouseClick(dialog->transferButton(), Qt::LeftButton);

        // bob's now, on the server and in the console: no reply here any more.
        QTRY_COMPARE(m_window->console()->sessions()->find(customer.sessionId)->assignedAgent,
            QStringLiteral("bob"));
        QTRY_VERIFY(!m_window->composer()->isEnabled());
        QCOMPARE(agentPost(bobToken,
                     QStringLiteral("/api/agent/sessions/%1/reply").arg(customer.sessionId))
                     .status,
            400); // bob may reply (400: no text), where the console's agent may not
        const HttpResult refused = serverApi().post(
            QStringLiteral("/api/agent/sessions/%1/reply").arg(customer.sessionId),
            R"({"message":"still me?"})", AdminToken.toUtf8());
        QCOMPARE(refused.status, 409);
        QVERIFY(m_window->transferAction()->isEnabled()); // an administrator, on any

        // bob hands it back: a notification and a strip say who and whose.
        m_window->console()->openSession(QString()); // nothing open: the strip shows
        QSignalSpy notified(m_window->notifier(), &ui::WaitingNotifier::notified);
        QCOMPARE(
            serverApi()
                .post(QStringLiteral("/api/agent/sessions/%1/transfer").arg(customer.sessionId),
                    R"({"agent":"admin"})", bobToken.toUtf8())
                .status,
            200);
        QTRY_VERIFY(!notified.isEmpty());
        QCOMPARE(notified.first().at(0).toString(),
            QStringLiteral("bob transferred a conversation to you"));
        QCOMPARE(notified.first().at(1).toString(), QStringLiteral("Dubois is yours now."));
        QTRY_COMPARE(
            m_window->waitingBanner()->text(), QStringLiteral("bob transferred Dubois to you."));

        // Back to the queue, from the context menu's action.
        openInConsole(customer.sessionId);
        QVERIFY(m_window->sessionList()->view()->actions().contains(m_window->transferAction()));
        QTRY_VERIFY(m_window->composer()->isEnabled());
        m_window->transferAction()->trigger();
        QTRY_VERIFY((dialog = m_window->findChild<ui::TransferDialog *>()));
        QTest::mouseClick(dialog->queueButton(), Qt::LeftButton);
        QTRY_COMPARE(m_window->console()->sessions()->find(customer.sessionId)->status,
            QStringLiteral("WAITING"));
        QCOMPARE(m_window->console()->sessions()->find(customer.sessionId)->waitingReason,
            QStringLiteral("transferred"));
        QTRY_VERIFY(m_window->takeOverAction()->isEnabled());
    }

    void showsItsPresenceAndGoesAwayWhenIdle()
    {
        QVERIFY(startConsole());
        ui::ConsolePresence *presence = m_window->consolePresence();
        QVERIFY(presence);
        auto *idle = new SetIdleSource;
        presence->setIdleSource(idle);
        presence->setIdleMinutes(10);
        const auto serverSays = [this] {
            const HttpResult team
                = serverApi().get(QStringLiteral("/api/agent/agents"), AdminToken.toUtf8());
            for (const QJsonValue &agent : team.json().value(QStringLiteral("agents")).toArray()) {
                if (agent.toObject().value(QStringLiteral("username")).toString()
                    == QLatin1String("admin"))
                    return agent.toObject().value(QStringLiteral("presence")).toString();
            }
            return QString();
        };
        QTRY_COMPARE(serverSays(), QStringLiteral("online"));
        QVERIFY(m_window->presenceButton()->text().contains(QStringLiteral("Online")));

        // Nine idle minutes: still here. Eleven: away, by itself.
        idle->idle = std::chrono::minutes(9);
        presence->check();
        QCOMPARE(presence->state(), ui::ConsolePresence::State::Online);
        idle->idle = std::chrono::minutes(11);
        presence->check();
        QCOMPARE(presence->state(), ui::ConsolePresence::State::AwayIdle);
        QTRY_COMPARE(serverSays(), QStringLiteral("away"));
        QVERIFY(m_window->presenceButton()->text().contains(QStringLiteral("Away (idle)")));
        // Back at the computer: online again.
        idle->idle = std::chrono::seconds(1);
        presence->check();
        QTRY_COMPARE(serverSays(), QStringLiteral("online"));

        // Away by hand stays away, idle or not, until the agent says otherwise.
        m_window->presenceButton()->awayAction()->trigger();
        QTRY_COMPARE(serverSays(), QStringLiteral("away"));
        QVERIFY(m_window->presenceButton()->text().contains(QStringLiteral("Away")));
        presence->check();
        QCOMPARE(presence->state(), ui::ConsolePresence::State::AwayByHand);
        m_window->presenceButton()->onlineAction()->trigger();
        QTRY_COMPARE(serverSays(), QStringLiteral("online"));

        // The setting in Settings → General, 10 minutes unless changed.
        QCOMPARE(ui::ConsoleSettings(*m_settings).awayAfterIdleMinutes(), 10);
    }

    void writesANoteOnAConversationNotOursThatTheCustomerNeverSees()
    {
        QVERIFY(startConsole());
        const QString bobToken = addAgent(QStringLiteral("bob"));
        QVERIFY(!bobToken.isEmpty());
        const Customer customer = createCustomer(QStringLiteral("Lena"));
        QTRY_VERIFY(m_window->console()->sessions()->find(customer.sessionId));
        QCOMPARE(agentPost(bobToken,
                     QStringLiteral("/api/agent/sessions/%1/claim").arg(customer.sessionId))
                     .status,
            200);
        openInConsole(customer.sessionId);
        QTRY_COMPARE(rowOf(customer.sessionId)
                         .siblingAtColumn(ui::SessionListModel::Status)
                         .data()
                         .toString(),
            QStringLiteral("bob's"));
        QVERIFY(!m_window->composer()->isEnabled()); // no reply on bob's conversation...

        // ...but a note, in note mode (its shortcut), which says what it is.
        QTest::keyClick(m_window.get(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(m_window->composerMode()->currentIndex(), 1);
        QTRY_VERIFY(m_window->composer()->isEnabled());
        QCOMPARE(m_window->composer()->placeholderText(),
            QStringLiteral("Write an internal note — the customer never sees it"));
        QVERIFY(m_window->composer()->palette().color(QPalette::Base)
            != m_window->palette().color(QPalette::Base)); // tinted
        m_window->composer()->setFocus();
        QTest::keyClicks(m_window->composer(), QStringLiteral("Lena is a reseller, be generous"));
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QTRY_VERIFY(m_window->composer()->toPlainText().isEmpty());

        // In the transcript as a note, named so.
        QTRY_VERIFY(m_window->conversationView()->toPlainText().contains(
            QStringLiteral("Lena is a reseller, be generous")));
        QAbstractItemModel *transcript = m_window->conversationView()->model();
        bool shownAsNote = false;
        for (int row = 0; row < transcript->rowCount(); ++row) {
            const QModelIndex index = transcript->index(row, 0);
            if (index.data().toString() == QLatin1String("Lena is a reseller, be generous")) {
                QCOMPARE(index.data(ui::TranscriptModel::MessageRoleRole).toString(),
                    QStringLiteral("NOTE"));
                QVERIFY(index.data(ui::TranscriptModel::AuthorRole)
                            .toString()
                            .startsWith(QStringLiteral("Note · ")));
                shownAsNote = true;
            }
        }
        QVERIFY(shownAsNote);
        // The customer's history does not have it.
        for (const QJsonValue &value : history(customer))
            QVERIFY(!value.toObject()
                         .value(QStringLiteral("content"))
                         .toString()
                         .contains(QStringLiteral("reseller")));

        // Back in reply mode the composer is closed again: still bob's.
        m_window->composerMode()->setCurrentIndex(0);
        QVERIFY(!m_window->composer()->isEnabled());

        // bob names this console's agent in a note: a notification.
        QSignalSpy notified(m_window->notifier(), &ui::WaitingNotifier::notified);
        const QString me = m_window->console()->agentUsername();
        QVERIFY(!me.isEmpty());
        QCOMPARE(serverApi()
                     .post(QStringLiteral("/api/agent/sessions/%1/notes").arg(customer.sessionId),
                         QJsonDocument(QJsonObject { { QStringLiteral("text"),
                                           QStringLiteral("@%1 please look").arg(me) } })
                             .toJson(QJsonDocument::Compact),
                         bobToken.toUtf8())
                     .status,
            201);
        QTRY_VERIFY(!notified.isEmpty());
        QVERIFY(notified.first().at(0).toString().contains(QStringLiteral("mentioned you")));
    }

    void showsTheCustomerTypingAndWhatTheyHaveSeen()
    {
        QVERIFY(startConsole());
        const Customer customer = createCustomer(QStringLiteral("Noor"));
        QVERIFY(sendAsCustomer(customer, QStringLiteral("Is anyone there?")).status == 200);
        openInConsole(customer.sessionId);
        QCOMPARE(agentPost(AdminToken,
                     QStringLiteral("/api/agent/sessions/%1/claim").arg(customer.sessionId))
                     .status,
            200);
        QTRY_VERIFY(m_window->composer()->isEnabled());
        auto *typing = m_window->findChild<QLabel *>(QStringLiteral("customerTyping"));
        QVERIFY(typing);
        QVERIFY(!typing->isVisible());

        // The customer types: the console says so, until their message comes...
        QCOMPARE(customerPost(customer, QStringLiteral("/api/chat/typing")), 204);
        QTRY_VERIFY(typing->isVisible());
        QCOMPARE(typing->text(), QStringLiteral("Customer is typing…"));
        // The session's card says so too, in place of the last message.
        const auto cardText = [this, &customer] {
            return rowOf(customer.sessionId)
                .siblingAtColumn(ui::SessionListModel::LastMessage)
                .data()
                .toString();
        };
        QCOMPARE(cardText(), QStringLiteral("Customer is typing…"));
        QVERIFY(sendAsCustomer(customer, QStringLiteral("Hello?")).status == 200);
        QTRY_VERIFY(!typing->isVisible());
        QTRY_COMPARE(cardText(), QStringLiteral("Hello?"));
        // ...or for a few seconds without news.
        QCOMPARE(customerPost(customer, QStringLiteral("/api/chat/typing")), 204);
        QTRY_VERIFY(typing->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(
            !typing->isVisible(), ui::ConsoleController::CustomerTypingShownMs + 5000);

        // The agent replies; once the customer's page has shown it, the reply reads "Seen".
        m_window->composer()->setFocus();
        QTest::keyClicks(m_window->composer(), QStringLiteral("Yes, Noor, I am here"));
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QTRY_VERIFY(m_window->composer()->toPlainText().isEmpty());
        QTRY_COMPARE(lastMessageOf(customer).value(QStringLiteral("role")).toString(),
            QStringLiteral("AGENT"));
        const qint64 replySeq = lastMessageOf(customer).value(QStringLiteral("seq")).toInteger();
        QAbstractItemModel *transcript = m_window->conversationView()->model();
        const auto seenRows = [transcript] {
            QList<int> rows;
            for (int row = 0; row < transcript->rowCount(); ++row) {
                if (transcript->index(row, 0).data(ui::TranscriptModel::SeenRole).toBool())
                    rows.append(row);
            }
            return rows;
        };
        QTRY_VERIFY(m_window->conversationView()->toPlainText().contains(
            QStringLiteral("Yes, Noor, I am here")));
        QVERIFY(seenRows().isEmpty());
        QCOMPARE(customerPost(customer, QStringLiteral("/api/chat/seen"), replySeq), 204);
        QTRY_COMPARE(seenRows().size(), 1);
        const QModelIndex seen = transcript->index(seenRows().constFirst(), 0);
        QCOMPARE(seen.data().toString(), QStringLiteral("Yes, Noor, I am here"));
        QVERIFY(seen.data(Qt::AccessibleTextRole).toString().contains(QStringLiteral("Seen")));
    }

    void labelsAConversationFiltersByItAndReadsAnEarlierOneReadOnly()
    {
        QVERIFY(startConsole());
        QCOMPARE(serverApi()
                     .post(QStringLiteral("/api/agent/labels"),
                         "{\"name\":\"billing\",\"colour\":\"#2e7d32\"}", AdminToken.toUtf8())
                     .status,
            201);
        // The labels event brings it to the console.
        QTRY_COMPARE(m_window->console()->labels().size(), 1);
        const auto customerWithEmail = [this](const QString &name) {
            const CustomerSession created
                = customerApi().createSession({ { QStringLiteral("name"), name },
                    { QStringLiteral("email"), QStringLiteral("lena@example.org") },
                    { QStringLiteral("locale"), QStringLiteral("en") } });
            return Customer { created.id, QString::fromLatin1(created.token) };
        };
        const Customer earlier = customerWithEmail(QStringLiteral("Lena"));
        QCOMPARE(sendAsCustomer(earlier, QStringLiteral("my old invoice")).status, 200);
        QTest::qWait(5); // a later start, to the millisecond
        const Customer now = customerWithEmail(QStringLiteral("Lena again"));
        QTRY_VERIFY(m_window->console()->sessions()->find(now.sessionId));
        openInConsole(now.sessionId);

        // Labels (Ctrl+L) puts billing on it.
        QVERIFY(m_window->labelsAction()->isEnabled());
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::ControlModifier);
        QTRY_VERIFY(m_window->labelsMenu()->isVisible());
        auto *billing
            = m_window->labelsMenu()->findChild<QAction *>(QStringLiteral("label:billing"));
        QVERIFY(billing);
        QVERIFY(billing->isCheckable() && !billing->isChecked());
        QVERIFY(m_window->labelsMenu()->findChild<QAction *>(QStringLiteral("newLabel")));
        billing->trigger();
        m_window->labelsMenu()->close();
        QTRY_COMPARE(rowOf(now.sessionId).data(ui::SessionListModel::LabelsRole).toStringList(),
            QStringList({ QStringLiteral("billing") }));
        QCOMPARE(rowOf(now.sessionId)
                     .data(ui::SessionListModel::LabelColoursRole)
                     .toList()
                     .value(0)
                     .value<QColor>(),
            QColor(0x2e, 0x7d, 0x32));
        QTRY_VERIFY(m_window->customerPanel()
                        ->findChild<QLabel *>(QStringLiteral("customerLabels"))
                        ->text()
                        .contains(QStringLiteral("billing")));
        // The server has it too.
        bool labelled = false;
        for (const QJsonValue &s : agentGet(QStringLiteral("/api/agent/sessions?label=billing"))
                                       .json()
                                       .value(QStringLiteral("sessions"))
                                       .toArray())
            labelled = labelled || s.toObject().value(QStringLiteral("id")) == now.sessionId;
        QVERIFY(labelled);

        // The list filters by it: the combo, or label:name in the search.
        auto *filter
            = m_window->sessionList()->findChild<QComboBox *>(QStringLiteral("labelFilter"));
        QVERIFY(filter);
        QCOMPARE(filter->itemText(0), QStringLiteral("Any label"));
        filter->setCurrentIndex(filter->findData(QStringLiteral("billing")));
        QTRY_VERIFY(!rowOf(earlier.sessionId).isValid());
        QVERIFY(rowOf(now.sessionId).isValid());
        filter->setCurrentIndex(0);
        QTRY_VERIFY(rowOf(earlier.sessionId).isValid());
        auto *search
            = m_window->sessionList()->findChild<QLineEdit *>(QStringLiteral("sessionSearch"));
        QTest::keyClicks(search, QStringLiteral("label:billing"));
        QTRY_VERIFY(!rowOf(earlier.sessionId).isValid());
        QVERIFY(rowOf(now.sessionId).isValid());
        search->clear();
        QTRY_VERIFY(rowOf(earlier.sessionId).isValid());

        // The customer panel lists the earlier conversation of the same e-mail address...
        QListWidget *past = m_window->customerPanel()->pastConversations();
        QTRY_COMPARE(past->count(), 1);
        QCOMPARE(past->item(0)->data(Qt::UserRole).toString(), earlier.sessionId);
        QVERIFY(past->item(0)->text().contains(QStringLiteral("my old invoice")));
        // ...which opens read only.
        QTest::mouseClick(
            past->viewport(), Qt::LeftButton, {}, past->visualItemRect(past->item(0)).center());
        QTRY_COMPARE(m_window->console()->openSessionId(), earlier.sessionId);
        QVERIFY(m_window->console()->isReadOnly());
        QTRY_VERIFY(
            m_window->conversationView()->toPlainText().contains(QStringLiteral("my old invoice")));
        QVERIFY(m_window->readOnlyStrip()->isVisible());
        QVERIFY(!m_window->composer()->isVisible());
        QVERIFY(!m_window->takeOverAction()->isEnabled());
        QVERIFY(!m_window->labelsAction()->isEnabled());
        QVERIFY(!m_window->console()->canNote());

        // Back to the conversation: the composer again.
        auto *back = m_window->readOnlyStrip()->findChild<QPushButton *>(
            QStringLiteral("backToConversation"));
        QVERIFY(back);
        QTest::mouseClick(back, Qt::LeftButton);
        QTRY_COMPARE(m_window->console()->openSessionId(), now.sessionId);
        QVERIFY(!m_window->console()->isReadOnly());
        QVERIFY(!m_window->readOnlyStrip()->isVisible());
        QVERIFY(m_window->composer()->isVisible());
        QVERIFY(m_window->labelsAction()->isEnabled());
    }

    // Issue 20, point 1: an administrator sets the team's hours in Settings; what the server
    // would refuse is said by the field before anything is sent.
    void settingsBusinessHoursPageSetsTheTeamsHours()
    {
        QVERIFY(startConsole());
        QTRY_VERIFY(m_window->console()->settings().contains(QStringLiteral("businessHours")));
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        ui::SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::SettingsDialog *>()) && dialog->isVisible());
        auto *page = dialog->findChild<ui::BusinessHoursPage *>();
        QVERIFY(page);
        dialog->tabs()->setCurrentWidget(page);
        QTRY_VERIFY(page->timeZoneField()->isEnabled()); // an administrator, connected
        QCOMPARE(page->dayField(1)->text(), QStringLiteral("09:00–18:00")); // the default
        QCOMPARE(page->dayField(7)->text(), QString());

        page->findChild<QCheckBox *>(QStringLiteral("businessHoursEnabled"))->setChecked(true);
        page->timeZoneField()->setEditText(QStringLiteral("Europe/Paris"));
        page->dayField(1)->setText(QStringLiteral("9-12:30, 14:00–18:00"));
        page->dayField(5)->clear();
        page->dayField(6)->setText(QStringLiteral("10-13"));
        page->closedDaysField()->setText(QStringLiteral("2027-05-01"));
        // Wrong hours, a zone that is none, a date that is none: each said by its field.
        page->dayField(2)->setText(QStringLiteral("9 to 5"));
        QVERIFY2(page->problem().contains(QStringLiteral("9 to 5")), qPrintable(page->problem()));
        QCOMPARE(page->problemField(), page->dayField(2));
        page->dayField(2)->setText(QStringLiteral("18:00-09:00"));
        QVERIFY(!page->problem().isEmpty());
        QCOMPARE(page->problemField(), page->dayField(2));
        page->dayField(2)->setText(QStringLiteral("09:00-18:00"));
        page->timeZoneField()->setEditText(QStringLiteral("Mars/Olympus"));
        QVERIFY(!page->problem().isEmpty());
        QCOMPARE(page->problemField(), page->timeZoneField());
        page->timeZoneField()->setEditText(QStringLiteral("Europe/Paris"));
        page->closedDaysField()->setText(QStringLiteral("2027-02-30"));
        QCOMPARE(page->problemField(), page->closedDaysField());
        page->closedDaysField()->setText(QStringLiteral("2027-05-01"));
        QCOMPARE(page->problem(), QString());

        QTest::keyClick(dialog, Qt::Key_Return); // OK
        const auto hours = [this] {
            return serverApi()
                .get(QStringLiteral("/api/agent/settings"), AdminToken.toUtf8())
                .json()
                .value(QStringLiteral("businessHours"))
                .toObject();
        };
        QTRY_COMPARE(
            hours().value(QStringLiteral("timeZone")).toString(), QStringLiteral("Europe/Paris"));
        const QJsonObject set = hours();
        QVERIFY(set.value(QStringLiteral("enabled")).toBool());
        const QJsonObject weekly = set.value(QStringLiteral("weekly")).toObject();
        QCOMPARE(weekly.value(QStringLiteral("mon")),
            QJsonValue(QJsonArray { QJsonArray { QStringLiteral("09:00"), QStringLiteral("12:30") },
                QJsonArray { QStringLiteral("14:00"), QStringLiteral("18:00") } }));
        QCOMPARE(weekly.value(QStringLiteral("fri")), QJsonValue(QJsonArray {}));
        QCOMPARE(weekly.value(QStringLiteral("sat")),
            QJsonValue(
                QJsonArray { QJsonArray { QStringLiteral("10:00"), QStringLiteral("13:00") } }));
        QCOMPARE(set.value(QStringLiteral("closedDays")),
            QJsonValue(QJsonArray { QStringLiteral("2027-05-01") }));
    }

    void settingsLabelsPageKeepsTheLabelsForAdministratorsOnly()
    {
        QVERIFY(startConsole());
        QCOMPARE(serverApi()
                     .post(QStringLiteral("/api/agent/labels"), R"({"name":"refund"})",
                         AdminToken.toUtf8())
                     .status,
            201);
        QTRY_COMPARE(m_window->console()->labels().size(), 1);
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        ui::SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::SettingsDialog *>()) && dialog->isVisible());
        auto *page = dialog->findChild<ui::LabelsPage *>(QStringLiteral("labelsPage"));
        QVERIFY(page);
        dialog->tabs()->setCurrentWidget(page);
        QTRY_COMPARE(page->list()->count(), 1);
        QCOMPARE(page->list()->item(0)->text(), QStringLiteral("refund"));
        auto *rename = page->findChild<QPushButton *>(QStringLiteral("renameLabel"));
        QVERIFY(page->findChild<QPushButton *>(QStringLiteral("addLabel"))->isEnabled());
        QVERIFY(!rename->isEnabled()); // until one is chosen
        page->list()->setCurrentRow(0);
        QVERIFY(rename->isEnabled());

        // Renamed through its dialog, then recoloured through QColorDialog.
        QTimer::singleShot(0, this, [] {
            auto *input = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
            QVERIFY(input);
            input->setTextValue(QStringLiteral("refunds"));
            input->accept();
        });
        page->renameLabel();
        QTRY_COMPARE(m_window->console()->labels().value(0).name, QStringLiteral("refunds"));
        QTRY_COMPARE(page->list()->item(0)->text(), QStringLiteral("refunds"));
        page->list()->setCurrentRow(0);
        QTimer::singleShot(0, this, [] {
            auto *colours = qobject_cast<QColorDialog *>(QApplication::activeModalWidget());
            QVERIFY(colours);
            colours->setCurrentColor(QColor(0xc6, 0x28, 0x28));
            colours->accept();
        });
        page->recolourLabel();
        QTRY_COMPARE(m_window->console()->labels().value(0).colour, QColor(0xc6, 0x28, 0x28));

        // Another agent's page reads them and changes nothing.
        const QString bobToken = addAgent(QStringLiteral("bob"));
        QVERIFY(!bobToken.isEmpty());
        ui::ConsoleController bob(QUrl(m_server->url()), bobToken);
        QSignalSpy signedIn(&bob, &ui::ConsoleController::signedIn);
        bob.start();
        QTRY_VERIFY(!signedIn.isEmpty());
        QVERIFY(!bob.isAdmin());
        ui::LabelsPage readOnly(bob);
        QTRY_COMPARE(readOnly.list()->count(), 1);
        readOnly.list()->setCurrentRow(0);
        for (const char *button : { "addLabel", "renameLabel", "recolourLabel", "deleteLabel" })
            QVERIFY2(
                !readOnly.findChild<QPushButton *>(QLatin1String(button))->isEnabled(), button);
        bool says = false;
        for (const QLabel *label : readOnly.findChildren<QLabel *>())
            says = says || label->text().startsWith(QStringLiteral("Only administrators"));
        QVERIFY(says);

        // Deleted, after a confirmation.
        page->list()->setCurrentRow(0);
        QTimer::singleShot(0, this, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            box->button(QMessageBox::Yes)->click();
        });
        page->deleteLabel();
        QTRY_VERIFY(m_window->console()->labels().isEmpty());
        QTRY_COMPARE(page->list()->count(), 0);
    }

    void mockModeSwitchesFromTheToolbarAndTheProviderStateIsLive()
    {
        // A provider key makes mock mode a choice; the provider is a scripted fake.
        FakeOpenAi provider;
        m_server->setEnvironment(
            QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-console-test"));
        m_server->setEnvironment(QStringLiteral("OPENAI_BASE_URL"), provider.baseUrl());
        QVERIFY(startConsole());
        QTRY_VERIFY(m_window->mockModeAction()->isEnabled());
        QVERIFY(!m_window->mockModeAction()->isChecked());
        auto *providerState = m_window->findChild<QLabel *>(QStringLiteral("providerState"));
        QTRY_COMPARE_WITH_TIMEOUT(providerState->text(), QStringLiteral("AI: provider OK"), 15000);

        // Every customer would be switched: the console asks first, and No changes nothing.
        const auto answerMockModeQuestion = [this](QMessageBox::StandardButton answer) {
            QTimer::singleShot(0, this, [answer] {
                auto *question = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                QVERIFY(question);
                QVERIFY(question->text().contains(QStringLiteral("every conversation")));
                question->button(answer)->click();
            });
        };
        answerMockModeQuestion(QMessageBox::No);
        QTest::keyClick(m_window.get(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QTest::qWait(200);
        QVERIFY(!m_window->mockModeAction()->isChecked());
        QCOMPARE(agentGet(QStringLiteral("/api/agent/settings"))
                     .json()
                     .value(QStringLiteral("mockMode"))
                     .toBool(),
            false);
        m_window->activateWindow(); // back from the dialog: the shortcuts are the window's
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        answerMockModeQuestion(QMessageBox::Yes);
        QTest::keyClick(m_window.get(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(m_window->mockModeAction()->isChecked());
        QTRY_COMPARE(providerState->text(), QStringLiteral("AI: mock"));
        QCOMPARE(agentGet(QStringLiteral("/api/agent/settings"))
                     .json()
                     .value(QStringLiteral("mockMode"))
                     .toBool(),
            true);

        // Switched elsewhere (another console, automation): this one follows.
        const HttpResult off = serverApi().send("PUT", QStringLiteral("/api/agent/settings"),
            toJson({ { QStringLiteral("mockMode"), false } }), AdminToken.toUtf8());
        QCOMPARE(off.status, 200);
        QTRY_VERIFY(!m_window->mockModeAction()->isChecked());
        QTRY_COMPARE(providerState->text(), QStringLiteral("AI: provider OK"));

        // The provider refuses the key while answering a customer: the console learns it from
        // the server as it happens, without asking.
        provider.script(FakeReply::error(401,
            { { QStringLiteral("error"),
                QJsonObject { { QStringLiteral("code"), QStringLiteral("invalid_api_key") } } } }));
        const Customer customer = createCustomer(QStringLiteral("Ines"));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("Hello?")).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(
            providerState->text(), QStringLiteral("AI: unauthorized — check the API key"), 10000);
        // And says so in the window, with the way out.
        QVERIFY(m_window->problemBanner()->isVisible());
        QVERIFY2(m_window->problemBanner()->text().contains(QStringLiteral("refuses the API key")),
            qPrintable(m_window->problemBanner()->text()));
    }

    void settingsDialogAppliesRateLimitsAndTheProviderToTheServer()
    {
        QVERIFY(startConsole());
        // The dialog shows the server's own settings as the console last read them.
        QTRY_VERIFY(m_window->console()->settings().contains(QStringLiteral("administratorName")));
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        ui::SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::SettingsDialog *>()) && dialog->isVisible());
        dialog->findChild<QLineEdit *>(QStringLiteral("rateLimits"))
            ->setText(QStringLiteral("message=3/60"));
        dialog->findChild<QLineEdit *>(QStringLiteral("providerModel"))
            ->setText(QStringLiteral("gpt-from-the-console"));
        auto *administratorName
            = dialog->findChild<QLineEdit *>(QStringLiteral("administratorName"));
        QVERIFY(administratorName->isEnabled()); // the console's own administrator
        administratorName->setText(QStringLiteral("Console team"));
        QVERIFY(!m_window->notifier()->soundEnabled());
        dialog->findChild<QCheckBox *>(QStringLiteral("notificationSound"))->setChecked(true);
        QTest::keyClick(dialog, Qt::Key_Return); // OK
        QVERIFY(m_window->notifier()->soundEnabled()); // applied at once
        QTRY_VERIFY(agentGet(QStringLiteral("/api/agent/settings"))
                        .json()
                        .value(QStringLiteral("rateLimits"))
                        .toString()
                        .contains(QStringLiteral("message=3/60")));
        QTRY_COMPARE(agentGet(QStringLiteral("/api/agent/settings"))
                         .json()
                         .value(QStringLiteral("provider"))
                         .toObject()
                         .value(QStringLiteral("model"))
                         .toString(),
            QStringLiteral("gpt-from-the-console"));
        QCOMPARE(m_settings->value(configkeys::openAiModel().settingsKey).toString(),
            QStringLiteral("gpt-from-the-console"));
        QTRY_COMPARE(agentGet(QStringLiteral("/api/agent/settings"))
                         .json()
                         .value(QStringLiteral("administratorName"))
                         .toString(),
            QStringLiteral("Console team"));
        QCOMPARE(m_settings->value(configkeys::rateLimits().settingsKey).toString(),
            QStringLiteral("message=3/60"));
        QTRY_VERIFY(m_window->findChild<QLabel *>(QStringLiteral("providerState"))
                        ->toolTip()
                        .contains(QStringLiteral("message=3/60")));
    }

    void cannedResponsesComeFromTheServerFilledInAndLocalOnesMoveThereOnce()
    {
        // This console's own, from before the server kept them.
        ui::ConsoleSettings(*m_settings)
            .setCannedResponses({ { QStringLiteral("hello"),
                                      QStringLiteral("Hello {customer.name|there}, {agent.name} "
                                                     "here, about {conversation.id}.") },
                { QStringLiteral("bye"), QStringLiteral("Bye {customer.email|}!") } });
        m_settings->sync();
        QVERIFY(startConsole());
        // The administrator's console moves them to the server, once.
        QTRY_COMPARE(cannedOnServer().size(), 2);
        QTRY_VERIFY(ui::ConsoleSettings(*m_settings).cannedResponsesMigrated());
        QTRY_COMPARE(m_window->composer()->cannedResponses().size(), 2);
        for (const ui::CannedResponse &offered : m_window->composer()->cannedResponses())
            QVERIFY(offered.id > 0); // the server's, not the local copies

        // Inserted with the open conversation's values.
        const Customer customer = createCustomer(QStringLiteral("Camille {agent.name}"));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("Where is my parcel?")).status, 200);
        openInConsole(customer.sessionId);
        QTRY_VERIFY(m_window->takeOverAction()->isEnabled());
        m_window->takeOverAction()->trigger();
        QTRY_VERIFY(m_window->composer()->isEnabled());
        m_window->composer()->setFocus();
        m_window->composer()->insertPlainText(QStringLiteral("/hello"));
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        // A customer's name is text: the braces in it are not filled in again.
        QCOMPARE(m_window->composer()->toPlainText(),
            QStringLiteral("Hello Camille {agent.name}, %1 here, about %2.")
                .arg(m_window->console()->displayName(), customer.sessionId));
        QVERIFY(!m_window->console()->displayName().isEmpty());
        m_window->composer()->clear();
        m_window->composer()->insertPlainText(QStringLiteral("/bye"));
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QCOMPARE(m_window->composer()->toPlainText(), QStringLiteral("Bye !"));
        m_window->composer()->clear();

        // A change on the server reaches the composer live.
        QCOMPARE(serverApi()
                     .post(QStringLiteral("/api/agent/canned-responses"),
                         R"({"shortcut":"refund","title":"Refunds","body":"We refund."})",
                         AdminToken.toUtf8())
                     .status,
            201);
        QTRY_COMPARE(m_window->composer()->cannedResponses().size(), 3);

        // Settings shows the server's list, editable by this administrator; a change goes there.
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        ui::SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::SettingsDialog *>()) && dialog->isVisible());
        QTableWidget *table = dialog->cannedTable();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(2, 0)->text(), QStringLiteral("refund"));
        QVERIFY(table->editTriggers() != QAbstractItemView::NoEditTriggers);
        table->item(2, 2)->setText(QStringLiteral("We refund within 14 days."));
        table->removeRow(0); // "bye"
        QTest::keyClick(dialog, Qt::Key_Return); // OK
        QTRY_COMPARE(cannedOnServer().size(), 2);
        QTRY_COMPARE(cannedOnServer().at(1).toObject().value(QStringLiteral("body")).toString(),
            QStringLiteral("We refund within 14 days."));
        QTRY_COMPARE(m_window->composer()->cannedResponses().size(), 2);

        // Run again: nothing is moved twice, even if the mark were lost.
        for (const bool forgetMark : { false, true }) {
            if (forgetMark)
                ui::ConsoleSettings(*m_settings).setCannedResponsesMigrated(false);
            m_window.reset();
            m_window = std::make_unique<ui::MainWindow>(*m_settings);
            m_window->connectTo(QUrl(m_server->url()), AdminToken);
            m_window->show();
            auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
            QTRY_COMPARE(connection->text(), QStringLiteral("Live"));
            QTRY_VERIFY(m_window->console()->cannedResponsesLoaded());
            QTRY_VERIFY(ui::ConsoleSettings(*m_settings).cannedResponsesMigrated());
            QTRY_COMPARE(m_window->composer()->cannedResponses().size(), forgetMark ? 3 : 2);
            // "bye", removed on the server, came back once from the file when the mark was lost:
            // "hello" was there already.
            const QJsonArray listed = cannedOnServer();
            QCOMPARE(listed.size(), forgetMark ? 3 : 2);
            QStringList shortcuts;
            for (const QJsonValue &value : listed)
                shortcuts.append(value.toObject().value(QStringLiteral("shortcut")).toString());
            shortcuts.removeDuplicates();
            QCOMPARE(shortcuts.size(), int(listed.size()));
        }
    }

    // An agent who is not an administrator: the server's canned responses, read-only in
    // Settings, and the console's own ones kept (not uploaded) until an administrator's
    // console moves them.
    void anAgentsConsoleKeepsItsOwnCannedResponsesUntilAnAdministratorsMovesThem()
    {
        const QString url = m_server->start();
        QVERIFY2(!url.isEmpty(), qPrintable(m_server->errorString()));
        QCOMPARE(
            serverApi()
                .post(QStringLiteral("/api/agent/canned-responses"),
                    R"({"shortcut":"hello","body":"Hello from the team."})", AdminToken.toUtf8())
                .status,
            201);
        ui::ConsoleSettings(*m_settings)
            .setCannedResponses({ { QStringLiteral("hello"), QStringLiteral("My own hello") },
                { QStringLiteral("mine"), QStringLiteral("Only mine") } });
        const QString token
            = QString::fromUtf8(agentCommand({ QStringLiteral("add"), QStringLiteral("nina") })
                                    .trimmed()
                                    .split('\n')
                                    .last());
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(url), token);
        m_window->show();
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Live"), 10000);
        QTRY_VERIFY(m_window->console()->cannedResponsesLoaded());
        // The server's "hello", and its own "mine"; nothing uploaded, nothing marked.
        QTRY_COMPARE(m_window->composer()->cannedResponses().size(), 2);
        const QList<ui::CannedResponse> offered = m_window->composer()->cannedResponses();
        QCOMPARE(offered.at(0).text, QStringLiteral("Hello from the team."));
        QCOMPARE(offered.at(1).shortcut, QStringLiteral("mine"));
        QCOMPARE(offered.at(1).id, 0);
        QCOMPARE(cannedOnServer().size(), 1);
        QVERIFY(!ui::ConsoleSettings(*m_settings).cannedResponsesMigrated());

        // Settings shows the server's, read-only, and says who edits them.
        QTest::keyClick(m_window.get(), Qt::Key_Comma, Qt::ControlModifier);
        ui::SettingsDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::SettingsDialog *>()) && dialog->isVisible());
        QCOMPARE(dialog->cannedTable()->rowCount(), 1);
        QCOMPARE(dialog->cannedTable()->editTriggers(), QAbstractItemView::NoEditTriggers);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("cannedNote"))
                    ->text()
                    .contains(QStringLiteral("Only administrators edit")));
        // A change on the server shows there and in the composer at once.
        QCOMPARE(
            serverApi()
                .post(QStringLiteral("/api/agent/canned-responses"),
                    R"({"shortcut":"mine","body":"The team has it now."})", AdminToken.toUtf8())
                .status,
            201);
        QTRY_COMPARE(dialog->cannedTable()->rowCount(), 2);
        QTRY_COMPARE(m_window->composer()->cannedResponses().at(1).text,
            QStringLiteral("The team has it now."));
        QCOMPARE(m_window->composer()->cannedResponses().size(), 2);
        dialog->reject();
    }

    void languageChosenInTheSettingsAppliesAtOnce()
    {
        QVERIFY(startConsole());
        const Customer customer = createCustomer(QStringLiteral("Chloé"));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("Bonjour")).status, 200);
        QTRY_VERIFY(m_window->console()->sessions()->find(customer.sessionId));
        openInConsole(customer.sessionId);
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE(connection->text(), QStringLiteral("Live"));
        const auto chooseLanguage = [this](const QString &language) {
            m_window->findChild<QAction *>(QStringLiteral("settings"))->trigger();
            ui::SettingsDialog *dialog = nullptr;
            QTRY_VERIFY(
                (dialog = m_window->findChild<ui::SettingsDialog *>()) && dialog->isVisible());
            auto *box = dialog->findChild<QComboBox *>(QStringLiteral("language"));
            box->setCurrentIndex(box->findData(language));
            QTest::keyClick(dialog, Qt::Key_Return); // OK
        };

        chooseLanguage(QStringLiteral("fr"));
        QTRY_COMPARE(m_window->takeOverAction()->text(), QStringLiteral("&Prendre la main"));
        QCOMPARE(m_window->pages()->tabText(1), QStringLiteral("Limites de débit"));
        QCOMPARE(connection->text(), QStringLiteral("En direct"));
        // Rebuilt on the same controller: the open conversation is still there, and still live.
        QCOMPARE(m_window->console()->openSessionId(), customer.sessionId);
        QTRY_VERIFY(
            m_window->conversationView()->toPlainText().contains(QStringLiteral("Bonjour")));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("Toujours là ?")).status, 200);
        QTRY_VERIFY(
            m_window->conversationView()->toPlainText().contains(QStringLiteral("Toujours là ?")));

        chooseLanguage(QStringLiteral("en"));
        QTRY_COMPARE(m_window->takeOverAction()->text(), QStringLiteral("&Take over"));
        QCOMPARE(m_window->pages()->tabText(1), QStringLiteral("Rate limits"));
        QCOMPARE(connection->text(), QStringLiteral("Live"));
    }

    void rateLimitHitsShowLiveAndABlockCanBeLifted()
    {
        // The address's ceiling is the one that refuses (the session's is as tight).
        m_server->setOption(
            QStringLiteral("rate-limits"), QStringLiteral("message=2/60,message-ip=2/60"));
        QVERIFY(startConsole());
        const Customer customer = createCustomer(QStringLiteral("Sam"));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("one")).status, 200);
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("two")).status, 200);
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("three")).status, 429);

        auto *table
            = m_window->rateLimitsView()->findChild<QTableView *>(QStringLiteral("rateLimitHits"));
        QTRY_VERIFY(table->model()->rowCount() >= 1);
        QCOMPARE(table->model()->index(0, ui::RateLimitHitsModel::Route).data().toString(),
            QStringLiteral("message"));
        QTRY_VERIFY(
            !rowOf(customer.sessionId).data(Qt::DecorationRole).isNull()); // marked in the list
        QTRY_VERIFY(!m_window->rateLimitsView()->hitsPerMinute().isEmpty());

        // Lift the most limited key from the rate-limits page, with the mouse.
        QTest::keyClick(m_window.get(), Qt::Key_2, Qt::ControlModifier);
        QTRY_COMPARE(m_window->pages()->currentIndex(), 1);
        auto *keys = m_window->rateLimitsView()->findChild<QTreeWidget *>(
            QStringLiteral("topLimitedKeys"));
        QTRY_VERIFY(keys->topLevelItemCount() >= 1);
        auto *lift
            = m_window->rateLimitsView()->findChild<QPushButton *>(QStringLiteral("liftBlock"));
        // Lifting the address's block lifts the customer's session too (it ran out as well).
        QCOMPARE(keys->topLevelItem(0)->text(0), QStringLiteral("ip: 127.0.0.1"));
        QTest::mouseClick(keys->viewport(), Qt::LeftButton, {},
            keys->visualItemRect(keys->topLevelItem(0)).center());
        QTRY_VERIFY(lift->isEnabled());
        QSignalSpy done(m_window->console(), &ui::ConsoleController::actionDone);
        QTest::mouseClick(lift, Qt::LeftButton);
        QVERIFY(done.wait(5000));
        QCOMPARE(sendAsCustomer(customer, QStringLiteral("four")).status, 200);

        // A hit names its customer; double-clicked, it opens the conversation.
        int samRow = -1;
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            if (table->model()->index(row, 0).data(ui::RateLimitHitsModel::SessionIdRole)
                == customer.sessionId)
                samRow = row;
        }
        QVERIFY(samRow >= 0);
        const QModelIndex samHit = table->model()->index(samRow, ui::RateLimitHitsModel::Session);
        QCOMPARE(samHit.data().toString(), QStringLiteral("Sam"));
        QCOMPARE(
            table->model()->headerData(ui::RateLimitHitsModel::Session, Qt::Horizontal).toString(),
            QStringLiteral("Customer"));
        table->scrollTo(samHit);
        const QPoint at = table->visualRect(samHit).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
        QTRY_COMPARE(m_window->pages()->currentIndex(), 0);
        QTRY_COMPARE(m_window->console()->openSessionId(), customer.sessionId);
    }

    void reconnectsAfterADropAndCatchesUpOnWhatItMissed()
    {
        QVERIFY(startConsole());
        const Customer first = createCustomer(QStringLiteral("Léa"));
        QTRY_VERIFY(m_window->console()->sessions()->find(first.sessionId));
        openInConsole(first.sessionId);
        QTRY_VERIFY(!m_window->console()->conversation()->messages().isEmpty()); // the welcome
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE(connection->text(), QStringLiteral("Live"));

        // The server goes away: the console says so.
        const quint16 port = m_server->port();
        m_server->stop();
        QTRY_VERIFY_WITH_TIMEOUT(
            connection->text().startsWith(QStringLiteral("Disconnected")), 10000);
        QVERIFY(!m_window->takeOverAction()->isEnabled());

        // Meanwhile, on another server over the same database, a customer writes and another
        // arrives.
        {
            QFETCH_GLOBAL(QString, kind);
            TestServer other(kind, m_databaseUrl, m_home->path());
            const QString url = other.start();
            QVERIFY2(!url.isEmpty(), qPrintable(other.errorString()));
            m_customerServer = url;
            QCOMPARE(sendAsCustomer(first, QStringLiteral("Are you still there?")).status, 200);
            m_missed = createCustomer(QStringLiteral("Nora"));
            other.stop();
        }

        // The console's server comes back on its address: the console reconnects by itself and
        // re-reads what it missed, with no event for any of it.
        m_customerServer.clear();
        QVERIFY2(!m_server->start(port).isEmpty(), qPrintable(m_server->errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Live"), 15000);
        QTRY_VERIFY(m_window->console()->sessions()->find(m_missed.sessionId));
        QTRY_VERIFY(m_window->conversationView()->toPlainText().contains(
            QStringLiteral("Are you still there?")));
    }

    // Issue 14, point 4: when the server ends the console's token (here its agent is removed),
    // the console stops reconnecting with it and says to sign in again.
    void saysSoWhenItsTokenIsRevoked()
    {
        const QString url = m_server->start();
        QVERIFY2(!url.isEmpty(), qPrintable(m_server->errorString()));
        const QString token
            = QString::fromUtf8(agentCommand({ QStringLiteral("add"), QStringLiteral("nina") })
                                    .trimmed()
                                    .split('\n')
                                    .last());
        QCOMPARE(token.size(), 43);
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(url), token);
        m_window->show();
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Live"), 10000);

        agentCommand({ QStringLiteral("remove"), QStringLiteral("nina") });
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Not signed in"), 15000);
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QLatin1String("sign in again")),
            qPrintable(m_window->statusBar()->currentMessage()));
    }

    // Issue 17, point 7: a remote server refuses the token; the agent signs in with a password
    // from the banner, and the console goes live without a restart.
    void signsInWithAPasswordWithoutARestart()
    {
        const QString url = m_server->start();
        QVERIFY2(!url.isEmpty(), qPrintable(m_server->errorString()));
        agentCommand({ QStringLiteral("add"), QStringLiteral("nina"),
            QStringLiteral("--display-name"), QStringLiteral("Nina") });
        agentCommand({ QStringLiteral("password"), QStringLiteral("nina") },
            QByteArrayLiteral("a long password for nina\n"));
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(url), QStringLiteral("a-token-the-server-never-made"));
        m_window->show();
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Not signed in"), 10000);
        auto *signIn = m_window->findChild<QPushButton *>(QStringLiteral("problemSignIn"));
        QTRY_VERIFY(signIn->isVisible());
        QTest::mouseClick(signIn, Qt::LeftButton);
        ui::SignInDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::SignInDialog *>()) && dialog->isVisible());
        auto *username = dialog->findChild<QLineEdit *>(QStringLiteral("signInUsername"));
        auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("signInPassword"));
        auto *error = dialog->findChild<QLabel *>(QStringLiteral("signInError"));
        QCOMPARE(password->echoMode(), QLineEdit::Password);

        // A wrong password: the dialog says so and stays; nothing else changes.
        username->setText(QStringLiteral("nina"));
        password->setText(QStringLiteral("not her password"));
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(error->isVisible(), 10000);
        QVERIFY2(error->text().contains(QLatin1String("do not match")), qPrintable(error->text()));
        QVERIFY(dialog->isVisible());
        QCOMPARE(connection->text(), QStringLiteral("Not signed in"));

        // The right one: signed in as Nina at once, live, the banner gone.
        password->setText(QStringLiteral("a long password for nina"));
        QTest::keyClick(password, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Live"), 10000);
        QCOMPARE(m_window->console()->agentUsername(), QStringLiteral("nina"));
        QTRY_VERIFY(!m_window->findChild<ui::ProblemBanner *>()->isVisible());
        QVERIFY(m_window->signInAction()->isEnabled()); // another agent may sign in later
    }

    // Issue 17, point 7: a sign-in the server answers with 503 (it is up, its database is
    // not) is tried again until it succeeds, without a restart.
    void signsInOnceTheServersDatabaseIsBack()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("the database is stopped and started again on PostgreSQL");
        const QString url = m_server->start();
        QVERIFY2(!url.isEmpty(), qPrintable(m_server->errorString()));
        const QString token = addAgent(QStringLiteral("nina"));
        QCOMPARE(token.size(), 43);
        QVERIFY(m_databases.postgres().stop());
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(url), token);
        m_window->show();
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Not signed in"), 10000);
        QTest::qWait(2500); // a few refused tries
        QVERIFY(connection->text() != QLatin1String("Live"));
        // The banner says so in the window, with Retry; Retry tries at once.
        ui::ProblemBanner *banner = m_window->problemBanner();
        QVERIFY(banner->isVisible());
        QVERIFY2(banner->text().startsWith(QStringLiteral("Not signed in: ")),
            qPrintable(banner->text()));
        auto *retry = banner->findChild<QPushButton *>(QStringLiteral("problemRetry"));
        QVERIFY(retry && retry->isVisible());
        QVERIFY2(m_databases.postgres().start(), qPrintable(m_databases.postgres().errorString()));
        retry->click();
        QTRY_COMPARE_WITH_TIMEOUT(connection->text(), QStringLiteral("Live"), 30000);
        QTRY_VERIFY(!m_window->problemBanner()->isVisible());
        QCOMPARE(m_window->problemBanner()->text(), QString());
    }

    // Issue 17, point 1: selection belongs to the agent. Take over from Waiting keeps the
    // taken conversation open and selected (the list follows it to Mine); changing filters
    // opens nothing and marks nothing read.
    void takeOverFromWaitingKeepsTheTakenConversationOpen()
    {
        QVERIFY(startConsole());
        const Customer camille = createCustomer(QStringLiteral("Camille"));
        const Customer jonas = createCustomer(QStringLiteral("Jonas"));
        for (const Customer &customer : { camille, jonas }) {
            QCOMPARE(sendAsCustomer(customer, QStringLiteral("I need a person")).status, 200);
            QCOMPARE(askForAHuman(customer), 200);
        }
        const auto unreadOf = [this](const Customer &customer) {
            const ui::SessionItem *item = m_window->console()->sessions()->find(customer.sessionId);
            return item ? item->unread : -1;
        };
        QTRY_VERIFY(unreadOf(camille) > 0 && unreadOf(jonas) > 0);
        QTRY_COMPARE(
            rowOf(jonas.sessionId).siblingAtColumn(ui::SessionListModel::Status).data().toString(),
            QStringLiteral("Waiting"));
        // The tabs count their sessions, live.
        auto *tabs
            = m_window->sessionList()->findChild<QTabBar *>(QStringLiteral("sessionFilters"));
        QVERIFY(tabs);
        const auto tabText
            = [tabs](ui::SessionFilterProxy::Filter filter) { return tabs->tabText(int(filter)); };
        QTRY_COMPARE(
            tabText(ui::SessionFilterProxy::Filter::Waiting), QStringLiteral("Waiting (2)"));
        QCOMPARE(tabText(ui::SessionFilterProxy::Filter::Mine), QStringLiteral("Mine (0)"));
        QCOMPARE(tabText(ui::SessionFilterProxy::Filter::All), QStringLiteral("All (2)"));
        const int camilleUnread = unreadOf(camille);
        const int jonasUnread = unreadOf(jonas);

        // Tabs change what the list shows, and open nothing.
        for (const auto filter :
            { ui::SessionFilterProxy::Filter::Mine, ui::SessionFilterProxy::Filter::Closed,
                ui::SessionFilterProxy::Filter::All, ui::SessionFilterProxy::Filter::Waiting }) {
            QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(int(filter)).center());
            QCOMPARE(m_window->sessionList()->proxy()->filter(), filter);
            QCOMPARE(m_window->console()->openSessionId(), QString());
        }
        QCOMPARE(unreadOf(camille), camilleUnread);
        QCOMPARE(unreadOf(jonas), jonasUnread);

        // The agent clicks Camille in Waiting and takes her over with the shortcut.
        QTreeView *view = m_window->sessionList()->view();
        const QModelIndex camilleRow = rowOf(camille.sessionId);
        QVERIFY(camilleRow.isValid());
        QTest::mouseClick(
            view->viewport(), Qt::LeftButton, {}, view->visualRect(camilleRow).center());
        QTRY_COMPARE(m_window->console()->openSessionId(), camille.sessionId);
        QTRY_COMPARE(unreadOf(camille), 0); // shown, in the active window
        QTRY_VERIFY(m_window->takeOverAction()->isEnabled());
        QTest::keyClick(m_window.get(), Qt::Key_T, Qt::ControlModifier);
        QTRY_VERIFY(m_window->composer()->isEnabled());

        // Camille left Waiting; her conversation is still the open one, the list followed her
        // to Mine with her row selected, and the cursor is in the reply box.
        QTRY_COMPARE(
            m_window->sessionList()->proxy()->filter(), ui::SessionFilterProxy::Filter::Mine);
        QCOMPARE(m_window->console()->openSessionId(), camille.sessionId);
        QTRY_COMPARE(view->currentIndex().data(ui::SessionListModel::SessionIdRole).toString(),
            camille.sessionId);
        QTRY_VERIFY(m_window->composer()->hasFocus());
        QTRY_COMPARE(
            tabText(ui::SessionFilterProxy::Filter::Waiting), QStringLiteral("Waiting (1)"));
        QCOMPARE(tabText(ui::SessionFilterProxy::Filter::Mine), QStringLiteral("Mine (1)"));
        // Jonas, who stayed waiting, was neither opened nor read; a second Ctrl+T has nothing
        // to take.
        QCOMPARE(unreadOf(jonas), jonasUnread);
        QVERIFY(!m_window->takeOverAction()->isEnabled());
        QTest::keyClick(m_window.get(), Qt::Key_T, Qt::ControlModifier);
        QTest::qWait(200);
        QCOMPARE(m_window->console()->openSessionId(), camille.sessionId);
        QCOMPARE(agentGet(QStringLiteral("/api/agent/sessions?status=WAITING"))
                     .json()
                     .value(QStringLiteral("sessions"))
                     .toArray()
                     .size(),
            1);
    }

    void worksTheQueueFromTheKeyboard()
    {
        QVERIFY(startConsole());
        // Jonas asks first, then Camille: Jonas has waited longest.
        const Customer jonas = createCustomer(QStringLiteral("Jonas"));
        const Customer camille = createCustomer(QStringLiteral("Camille"));
        for (const Customer &customer : { jonas, camille }) {
            QCOMPARE(askForAHuman(customer), 200);
            QTest::qWait(20); // distinct waiting times
        }
        QTRY_COMPARE(m_window->console()->sessions()->waitingCount(), 2);
        QTRY_VERIFY(m_window->takeNextWaitingAction()->isEnabled());

        // The queue sits on top of All, longest waiting first.
        const ui::SessionFilterProxy *proxy = m_window->sessionList()->proxy();
        QCOMPARE(proxy->index(0, 0).data(ui::SessionListModel::SessionIdRole).toString(),
            jonas.sessionId);
        QCOMPARE(proxy->index(1, 0).data(ui::SessionListModel::SessionIdRole).toString(),
            camille.sessionId);

        // Take next waiting takes Jonas, opens him and leaves the cursor in the reply box.
        QTest::keyClick(m_window.get(), Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(m_window->console()->openSessionId(), jonas.sessionId);
        QTRY_VERIFY(m_window->composer()->isEnabled());
        QTRY_VERIFY(m_window->composer()->hasFocus());
        QTRY_COMPARE(m_window->console()->sessions()->waitingCount(), 1);
        QTRY_COMPARE(m_window->sessionList()
                         ->view()
                         ->currentIndex()
                         .data(ui::SessionListModel::SessionIdRole)
                         .toString(),
            jonas.sessionId);

        // Alt+Down and Alt+Up walk the list as shown.
        m_window->sessionList()->setFilter(ui::SessionFilterProxy::Filter::All);
        const auto idAt = [proxy](int row) {
            return proxy->index(row, 0).data(ui::SessionListModel::SessionIdRole).toString();
        };
        QTRY_COMPARE(idAt(0), camille.sessionId); // still waiting: on top
        QTest::keyClick(m_window.get(), Qt::Key_Up, Qt::AltModifier);
        QTRY_COMPARE(m_window->console()->openSessionId(), camille.sessionId);
        QTest::keyClick(m_window.get(), Qt::Key_Down, Qt::AltModifier);
        QTRY_COMPARE(m_window->console()->openSessionId(), idAt(1));

        // Ctrl+K finds an action by a few letters of its name and runs it.
        QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
        ui::CommandPalette *palette = nullptr;
        QTRY_VERIFY((palette = m_window->findChild<ui::CommandPalette *>()) != nullptr);
        auto *filter = palette->findChild<QLineEdit *>(QStringLiteral("commandFilter"));
        auto *matches = palette->findChild<QListWidget *>(QStringLiteral("commandMatches"));
        QVERIFY(filter && matches);
        QTest::keyClicks(filter, QStringLiteral("next wait"));
        QCOMPARE(matches->count(), 1);
        QVERIFY(matches->item(0)->text().startsWith(QStringLiteral("Take next waiting")));
        QTest::keyClick(filter, Qt::Key_Return);
        QTRY_COMPARE(m_window->console()->openSessionId(), camille.sessionId);
        QTRY_COMPARE(m_window->console()->sessions()->waitingCount(), 0);
        QTRY_VERIFY(!m_window->takeNextWaitingAction()->isEnabled());

        // And a conversation by its customer's name; disabled actions are not offered.
        m_window->activateWindow(); // back from the dialog: the shortcuts are the window's
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_K, Qt::ControlModifier);
        QTRY_VERIFY((palette = m_window->findChild<ui::CommandPalette *>()) != nullptr
            && palette->isVisible());
        filter = palette->findChild<QLineEdit *>(QStringLiteral("commandFilter"));
        matches = palette->findChild<QListWidget *>(QStringLiteral("commandMatches"));
        QTest::keyClicks(filter, QStringLiteral("next wait"));
        QCOMPARE(matches->count(), 0);
        filter->clear();
        QTest::keyClicks(filter, QStringLiteral("jona"));
        QCOMPARE(matches->count(), 1);
        QTest::keyClick(filter, Qt::Key_Return);
        QTRY_COMPARE(m_window->console()->openSessionId(), jonas.sessionId);
    }

private:
    // The customer's "talk to a human" button; the answer's status.
    int askForAHuman(const Customer &customer)
    {
        return serverApi()
            .post(QStringLiteral("/api/chat/handoff"),
                toJson({ { QStringLiteral("sessionId"), customer.sessionId } }),
                customer.token.toUtf8())
            .status;
    }

    // `frontline agent ARGS` on the test's database; its standard output.
    QByteArray agentCommand(const QStringList &arguments, const QByteArray &input = {})
    {
        QProcess cli;
        cli.setProcessEnvironment(isolatedEnvironment(m_home->path()));
        cli.start(QStringLiteral(FRONTLINE_BINARY),
            QStringList { QStringLiteral("agent") } + arguments
                + QStringList { QStringLiteral("--database"), m_databaseUrl });
        if (!input.isEmpty())
            cli.write(input);
        cli.closeWriteChannel();
        if (!cli.waitForFinished(30000) || cli.exitCode() != 0)
            qWarning("frontline agent %s failed: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                cli.readAllStandardError().constData());
        return cli.readAllStandardOutput();
    }

    bool startConsole()
    {
        QFETCH_GLOBAL(QString, dialect);
        Q_UNUSED(dialect)
        const QString url = m_server->start();
        if (url.isEmpty()) {
            qWarning("The server did not start: %s", qPrintable(m_server->errorString()));
            return false;
        }
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(url), AdminToken);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        if (!QTest::qWaitForWindowActive(m_window.get()))
            return false;
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        return QTest::qWaitFor(
            [connection] { return connection->text() == QLatin1String("Live"); }, 10000);
    }

    QJsonArray cannedOnServer()
    {
        return serverApi()
            .get(QStringLiteral("/api/agent/canned-responses"), AdminToken.toUtf8())
            .json()
            .value(QStringLiteral("cannedResponses"))
            .toArray();
    }

    // The API of the console's server (which restarts on other ports)...
    ApiClient &serverApi()
    {
        m_api.setBaseUrl(m_server->url());
        return m_api;
    }
    // ...and the server customers reach: another one while the console's is away.
    ApiClient &customerApi()
    {
        m_api.setBaseUrl(m_customerServer.isEmpty() ? m_server->url() : m_customerServer);
        return m_api;
    }
    static CustomerSession sessionOf(const Customer &customer)
    {
        return { customer.sessionId, customer.token.toUtf8(), {} };
    }

    Customer createCustomer(const QString &name)
    {
        const CustomerSession created
            = customerApi().createSession({ { QStringLiteral("name"), name },
                { QStringLiteral("locale"), QStringLiteral("en") } });
        if (created.created.status != 201)
            qWarning("create-session answered %d: %s", created.created.status,
                created.created.body.constData());
        return { created.id, QString::fromLatin1(created.token) };
    }

    HttpResult sendAsCustomer(const Customer &customer, const QString &text)
    {
        return customerApi().sendMessage(sessionOf(customer), text);
    }

    QJsonArray history(const Customer &customer)
    {
        return serverApi().history(sessionOf(customer));
    }

    QJsonObject lastMessageOf(const Customer &customer)
    {
        const QJsonArray messages = history(customer);
        return messages.isEmpty() ? QJsonObject() : messages.last().toObject();
    }

    // A customer's typing (no seq) or seen (with one); the answer's status.
    int customerPost(const Customer &customer, const QString &path, qint64 seq = 0)
    {
        QJsonObject body { { QStringLiteral("sessionId"), customer.sessionId } };
        if (seq > 0)
            body.insert(QStringLiteral("seq"), seq);
        return customerApi().post(path, toJson(body), customer.token.toUtf8()).status;
    }

    HttpResult agentGet(const QString &path) { return serverApi().get(path, AdminToken.toUtf8()); }

    HttpResult agentPost(const QString &token, const QString &path)
    {
        return serverApi().post(path, "{}", token.toUtf8());
    }

    // A second agent, made the way an operator makes one: with the real binary's command.
    QString addAgent(const QString &name)
    {
        QProcess process;
        process.setProcessEnvironment(isolatedEnvironment(m_home->path()));
        process.start(QStringLiteral(FRONTLINE_BINARY),
            { QStringLiteral("agent"), QStringLiteral("add"), name, QStringLiteral("--database"),
                m_databaseUrl, QStringLiteral("--data-dir"),
                m_home->filePath(QStringLiteral("data")) });
        if (!process.waitForFinished(20000) || process.exitCode() != 0) {
            qWarning("agent add failed: %s", process.readAllStandardError().constData());
            return {};
        }
        // The token is the last line of its output.
        return QString::fromUtf8(process.readAllStandardOutput())
            .trimmed()
            .split(QLatin1Char('\n'))
            .last();
    }

    QModelIndex rowOf(const QString &sessionId)
    {
        const QAbstractItemModel *model = m_window->sessionList()->view()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex index = model->index(row, 0);
            if (index.data(ui::SessionListModel::SessionIdRole).toString() == sessionId)
                return index;
        }
        return {};
    }

    // Clicks the session's row in the list, as an agent does.
    void openInConsole(const QString &sessionId)
    {
        m_window->sessionList()->setFilter(ui::SessionFilterProxy::Filter::All);
        QTreeView *view = m_window->sessionList()->view();
        QModelIndex index;
        QVERIFY(QTest::qWaitFor([&] { return (index = rowOf(sessionId)).isValid(); }, 5000));
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        QTRY_COMPARE(m_window->console()->openSessionId(), sessionId);
    }

    TestDatabases m_databases;
    ApiClient m_api;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ui::MainWindow> m_window;
    QString m_databaseUrl;
    QString m_customerServer;
    Customer m_missed;
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
