// SPDX-License-Identifier: GPL-3.0-or-later
// When nobody is there, in the console end to end: its real main window offscreen against a
// real backend on this thread (SQLite and PostgreSQL) that sends through a real SMTP server
// the test starts (tests/support/smtpserver.py on aiosmtpd). The customer's side is plain
// HTTP. A customer's e-mail is shown and copied; a conversation waiting on a closed day is
// marked "Outside hours" until an agent takes it; a reply e-mailed says "Sent by e-mail"
// under it; a refused e-mail shows in the status bar and the outbox, and an administrator
// retries it; Settings → Pre-chat form saves the server's setting.
// A reply mail is queued straight into the database (Store::queueMail), as the reply sweep
// writes it.

#include "apiclient.h"
#include "consolecontroller.h"
#include "domain/outboxmail.h"
#include "mail/smtpsettings.h"
#include "mainwindow.h"
#include "models/conversation.h"
#include "models/outboxmodel.h"
#include "models/sessionlistmodel.h"
#include "models/transcriptmodel.h"
#include "server/backend.h"
#include "settings/prechatpage.h"
#include "settings/settingsdialog.h"
#include "smtptestserver.h"
#include "store/store.h"
#include "testbackend.h"
#include "testdatabases.h"
#include "widgets/conversationview.h"
#include "widgets/customerpanel.h"
#include "widgets/outboxdialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

// Long enough for a loaded machine; conditions are waited for, never times asserted.
constexpr int Patience = 60000;

} // namespace

class TestConsoleMail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void init()
    {
        FRONTLINE_REQUIRE_AIOSMTPD();
        QFETCH_GLOBAL(QString, dialect);
        SmtpTestServer::Options smtpOptions;
        smtpOptions.refusedRecipients = QStringList { QStringLiteral("nobody@example.com") };
        m_smtp = std::make_unique<SmtpTestServer>(smtpOptions);
        QString error;
        QVERIFY2(m_smtp->start(&error), qPrintable(error));
        ServerOptions options = m_databases.serverOptions(dialect);
        mail::SmtpSettings smtp;
        smtp.host = QStringLiteral("127.0.0.1");
        smtp.port = m_smtp->port();
        smtp.connectTimeout = std::chrono::seconds(10);
        smtp.totalTimeout = std::chrono::seconds(30);
        options.smtp = smtp;
        options.mailFrom = Mailbox { QStringLiteral("support@example.com"),
            QStringLiteral("Frontline Support") };
        // The test writes rows behind the server's back: it looks for them often.
        options.mailCheckInterval = std::chrono::milliseconds(100);
        options.mailRetryBase = std::chrono::milliseconds(200);
        m_home = std::make_unique<QTemporaryDir>();
        m_backend = startBackend(options);
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
        m_agentToken = addAgent(
            *m_backend->store(), QStringLiteral("ana"), QStringLiteral("Ana"), AgentRole::Admin);
        m_settings = std::make_unique<QSettings>(
            m_home->filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(m_backend->url()), QString::fromLatin1(m_agentToken));
        m_window->resize(1200, 800);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE(connection->text(), QStringLiteral("Live"));
    }

    void cleanup()
    {
        m_window.reset();
        m_backend.reset();
        m_settings.reset();
        m_home.reset();
        m_smtp.reset();
    }

    void theCustomersEmailIsShownAndCopied()
    {
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Camille") },
                { QStringLiteral("email"), QStringLiteral("camille@example.com") } });
        QCOMPARE(customer.created.status, 201);
        ui::ConsoleController *console = m_window->console();
        QTRY_VERIFY(console->sessions()->find(customer.id));
        console->openSession(customer.id);
        ui::CustomerPanel *panel = m_window->customerPanel();
        auto *email = panel->findChild<QLabel *>(QStringLiteral("customerEmail"));
        auto *copy = panel->findChild<QToolButton *>(QStringLiteral("copyCustomerEmail"));
        auto *consent = panel->findChild<QLabel *>(QStringLiteral("customerConsent"));
        QVERIFY(email && copy && consent);
        QTRY_COMPARE(email->text(), QStringLiteral("camille@example.com"));
        QVERIFY(copy->isVisible());
        QVERIFY(!consent->isVisible()); // she ticked no consent box
        QApplication::clipboard()->clear();
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("camille@example.com"));

        // A customer who gave none: nothing to copy.
        const CustomerSession anonymous = m_api.createSession();
        QTRY_VERIFY(console->sessions()->find(anonymous.id));
        console->openSession(anonymous.id);
        QTRY_COMPARE(email->text(), QStringLiteral("—"));
        QVERIFY(!copy->isVisible());
    }

    void aConversationWaitingOnAClosedDayIsMarkedUntilTakenOver()
    {
        // The team is closed today: a customer who asks for a human waits unattended.
        const QString today = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
        QCOMPARE(m_api
                     .send("PUT", QStringLiteral("/api/agent/settings"),
                         toJson({ { QStringLiteral("businessHours"),
                             QJsonObject { { QStringLiteral("enabled"), true },
                                 { QStringLiteral("timeZone"), QStringLiteral("UTC") },
                                 { QStringLiteral("closedDays"), QJsonArray { today } } } } }),
                         m_agentToken)
                     .status,
            200);
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Léa") } });
        QCOMPARE(m_api.sendMessage(customer, QStringLiteral("Is anyone there?")).status, 200);
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/chat/handoff"),
                         toJson({ { QStringLiteral("sessionId"), customer.id } }), customer.token)
                     .status,
            200);

        ui::ConsoleController *console = m_window->console();
        ui::SessionListModel *sessions = console->sessions();
        const auto cell = [sessions, &customer](int column, int role) {
            return sessions->index(sessions->rowOf(customer.id), column).data(role);
        };
        QTRY_COMPARE(
            cell(ui::SessionListModel::Customer, ui::SessionListModel::UnattendedRole).toString(),
            QStringLiteral("Outside hours"));
        QVERIFY(cell(ui::SessionListModel::Status, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("outside business hours")));

        // Taken over, it is attended: the mark goes.
        console->openSession(customer.id);
        QTRY_VERIFY(console->canTakeOver());
        console->takeOver();
        QTRY_COMPARE(console->sessions()->find(customer.id)->status, QStringLiteral("ASSIGNED"));
        QTRY_COMPARE(
            cell(ui::SessionListModel::Customer, ui::SessionListModel::UnattendedRole).toString(),
            QString());
    }

    void aReplyEmailedSaysSentByEmailUnderIt()
    {
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Marie") },
                { QStringLiteral("email"), QStringLiteral("marie@example.com") } });
        QCOMPARE(m_api.sendMessage(customer, QStringLiteral("My invoice is wrong")).status, 200);
        ui::ConsoleController *console = m_window->console();
        QTRY_VERIFY(console->sessions()->find(customer.id));
        console->openSession(customer.id);
        QTRY_VERIFY(console->canTakeOver());
        console->takeOver();
        QTRY_VERIFY(console->canReply());
        console->reply(QStringLiteral("Here is your credit note."));
        QAbstractItemModel *transcript = m_window->conversationView()->model();
        const auto reply = [transcript] {
            for (int row = 0; row < transcript->rowCount(); ++row) {
                const QModelIndex index = transcript->index(row, 0);
                if (index.data().toString() == QLatin1String("Here is your credit note."))
                    return index;
            }
            return QModelIndex();
        };
        QTRY_VERIFY(reply().isValid());
        QCOMPARE(reply().data(ui::TranscriptModel::MailTextRole).toString(), QString());

        // The customer has left: the reply goes out by e-mail.
        const qint64 seq = reply().data(ui::TranscriptModel::SeqRole).toLongLong();
        const OutboxMail queued = queueReply(customer.id, QStringLiteral("marie@example.com"), seq);
        QTRY_COMPARE_WITH_TIMEOUT(m_smtp->received().size(), 1, Patience);
        QTRY_COMPARE_WITH_TIMEOUT(reply().data(ui::TranscriptModel::MailTextRole).toString(),
            QStringLiteral("Sent by e-mail"), Patience);
        QVERIFY(
            reply().data(Qt::ToolTipRole).toString().contains(QStringLiteral("marie@example.com")));
        // The customer's own message is no reply: nothing under it.
        QCOMPARE(
            transcript->index(0, 0).data(ui::TranscriptModel::MailTextRole).toString(), QString());

        // Opened again, the conversation reads it from the server.
        console->openSession(QString());
        console->openSession(customer.id);
        QTRY_VERIFY(reply().isValid());
        QTRY_COMPARE(reply().data(ui::TranscriptModel::MailTextRole).toString(),
            QStringLiteral("Sent by e-mail"));
        // The outbox window lists it, sent.
        ui::OutboxDialog *outbox = m_window->openOutbox();
        QVERIFY(outbox);
        QTRY_VERIFY(console->outbox()->rowOf(queued.id) >= 0);
        const int row = console->outbox()->rowOf(queued.id);
        QTRY_COMPARE(console->outbox()->index(row, ui::OutboxModel::State).data().toString(),
            QStringLiteral("Sent"));
        QVERIFY(!m_window->failedMailsButton()->isVisible());
    }

    void aRefusedEmailShowsAndAnAdministratorRetriesIt()
    {
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Nobody") },
                { QStringLiteral("email"), QStringLiteral("nobody@example.com") } });
        QCOMPARE(m_api.sendMessage(customer, QStringLiteral("Hello")).status, 200);
        ui::ConsoleController *console = m_window->console();
        QTRY_VERIFY(console->sessions()->find(customer.id));
        console->openSession(customer.id);
        QTRY_VERIFY(console->canTakeOver());
        console->takeOver();
        QTRY_VERIFY(console->canReply());
        console->reply(QStringLiteral("We will look into it."));
        QAbstractItemModel *transcript = m_window->conversationView()->model();
        const auto reply = [transcript] {
            for (int row = 0; row < transcript->rowCount(); ++row) {
                const QModelIndex index = transcript->index(row, 0);
                if (index.data().toString() == QLatin1String("We will look into it."))
                    return index;
            }
            return QModelIndex();
        };
        QTRY_VERIFY(reply().isValid());
        const qint64 seq = reply().data(ui::TranscriptModel::SeqRole).toLongLong();
        const OutboxMail queued
            = queueReply(customer.id, QStringLiteral("nobody@example.com"), seq);

        // The server refuses the recipient for good: the reply says so, the status bar too.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queued.id), MailState::Failed, Patience);
        QToolButton *failed = m_window->failedMailsButton();
        QTRY_VERIFY(failed->isVisible());
        // (The English plural comes from frontline_en.qm, which tests do not load.)
        QVERIFY2(failed->text().startsWith(QStringLiteral("1 e-mail")), qPrintable(failed->text()));
        QTRY_VERIFY2(reply()
                         .data(ui::TranscriptModel::MailTextRole)
                         .toString()
                         .startsWith(QStringLiteral("E-mail failed: ")),
            qPrintable(reply().data(ui::TranscriptModel::MailTextRole).toString()));
        QCOMPARE(
            reply().data(ui::TranscriptModel::MailStateRole).toString(), QStringLiteral("failed"));

        // The status bar's button opens the outbox on the failed ones, the refused one chosen.
        QTest::mouseClick(failed, Qt::LeftButton);
        auto *outbox = m_window->findChild<ui::OutboxDialog *>();
        QVERIFY(outbox);
        QTRY_VERIFY(outbox->isVisible());
        QCOMPARE(outbox->stateFilter()->currentData().toString(), QStringLiteral("failed"));
        QTableView *view = outbox->view();
        QTRY_COMPARE(view->model()->rowCount(), 1);
        outbox->select(queued.id);
        const QModelIndex current = view->selectionModel()->currentIndex();
        QCOMPARE(current.data(ui::OutboxModel::MailIdRole).toLongLong(), queued.id);
        QVERIFY(view->model()
                    ->index(current.row(), ui::OutboxModel::LastError)
                    .data()
                    .toString()
                    .contains(QStringLiteral("550")));
        QVERIFY(outbox->retryButton()->isEnabled()); // Ana is an administrator
        QSignalSpy done(console, &ui::ConsoleController::actionDone);
        QTest::mouseClick(outbox->retryButton(), Qt::LeftButton);
        // The server queued it again (its attempts start again)…
        QTRY_VERIFY(!done.isEmpty());
        QCOMPARE(done.first().at(0).toString(),
            QStringLiteral("The e-mail to nobody@example.com is queued again."));
        // …and sent it again, refused again: the server has not changed its mind.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(queued.id), MailState::Failed, Patience);
        QTRY_VERIFY(failed->isVisible());
        QTRY_COMPARE(console->outbox()->mail(console->outbox()->rowOf(queued.id)).state,
            QStringLiteral("failed"));
    }

    void thePreChatPageSavesTheServersForm()
    {
        m_window->findChild<QAction *>(QStringLiteral("settings"))->trigger();
        auto *dialog = m_window->findChild<ui::SettingsDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *page = dialog->findChild<ui::PreChatPage *>(QStringLiteral("preChatPage"));
        QVERIFY(page);
        dialog->tabs()->setCurrentWidget(page);
        QTRY_VERIFY(page->enabledField()->isEnabled()); // the server's form, an administrator
        page->enabledField()->setChecked(true);
        page->emailField()->setCurrentIndex(
            page->emailField()->findData(QStringLiteral("required")));
        page->nameField()->setCurrentIndex(page->nameField()->findData(QStringLiteral("optional")));
        page->consentField()->setChecked(true);
        // Without its text, the consent cannot be saved: the dialog says so and stays.
        page->consentTextField()->clear();
        QVERIFY(!page->problem().isEmpty());
        QString refusal;
        QTimer::singleShot(0, this, [&refusal] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            refusal = box->text();
            box->accept();
        });
        dialog->accept();
        QCOMPARE(refusal, page->problem());
        QVERIFY(dialog->isVisible());
        page->consentTextField()->setPlainText(
            QStringLiteral("I agree that my messages are kept."));
        page->consentRequiredField()->setChecked(true);
        dialog->accept();
        QTRY_VERIFY(!dialog->isVisible());

        const auto form = [this] {
            return m_api.get(QStringLiteral("/api/agent/settings"), m_agentToken)
                .json()
                .value(QStringLiteral("preChat"))
                .toObject();
        };
        QTRY_COMPARE_WITH_TIMEOUT(form().value(QStringLiteral("enabled")).toBool(), true, Patience);
        const QJsonObject saved = form();
        QCOMPARE(saved.value(QStringLiteral("email")).toString(), QStringLiteral("required"));
        QCOMPARE(saved.value(QStringLiteral("name")).toString(), QStringLiteral("optional"));
        QCOMPARE(saved.value(QStringLiteral("consent")).toObject(),
            (QJsonObject {
                { QStringLiteral("text"), QStringLiteral("I agree that my messages are kept.") },
                { QStringLiteral("required"), true } }));

        // A customer who ticks it: the panel says when.
        const CustomerSession customer
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Inès") },
                { QStringLiteral("email"), QStringLiteral("ines@example.com") },
                { QStringLiteral("consent"), true } });
        QCOMPARE(customer.created.status, 201);
        ui::ConsoleController *console = m_window->console();
        QTRY_VERIFY(console->sessions()->find(customer.id));
        QVERIFY(console->sessions()->find(customer.id)->consentedAt.isValid());
        console->openSession(customer.id);
        auto *consent
            = m_window->customerPanel()->findChild<QLabel *>(QStringLiteral("customerConsent"));
        QTRY_VERIFY(consent->isVisible());
        QVERIFY(consent->text().startsWith(QStringLiteral("Consented ")));

        // The dialog shows the form again as the server has it.
        m_window->findChild<QAction *>(QStringLiteral("settings"))->trigger();
        auto *again = m_window->findChild<ui::SettingsDialog *>();
        auto *shown = again->findChild<ui::PreChatPage *>(QStringLiteral("preChatPage"));
        QVERIFY(shown->enabledField()->isChecked());
        QCOMPARE(shown->emailField()->currentData().toString(), QStringLiteral("required"));
        QVERIFY(!shown->change()); // nothing edited, nothing to send
        again->reject();
    }

private:
    OutboxMail queueReply(const QString &sessionId, const QString &to, qint64 seq)
    {
        NewMail mail;
        mail.sessionId = sessionId;
        mail.kind = MailKind::Reply;
        mail.recipient = to;
        mail.recipientName = QStringLiteral("Customer");
        mail.subject = QStringLiteral("Your conversation with Frontline Support");
        mail.text = QStringLiteral("A reply");
        mail.html = QStringLiteral("<p>A reply</p>");
        mail.firstSeq = seq;
        mail.lastSeq = seq;
        const std::optional<OutboxMail> queued = m_backend->store()->queueMail(
            mail, QStringLiteral("console-test-%1@example.com").arg(++m_mailCounter));
        if (!queued)
            qFatal("the test's mail was not queued");
        // (The outbox finds it within its check interval, and announces each change.)
        return *queued;
    }

    MailState stateOf(qint64 id) const
    {
        const std::optional<OutboxMail> row = m_backend->store()->mail(id);
        return row ? row->state : MailState::Queued;
    }

    TestDatabases m_databases;
    std::unique_ptr<SmtpTestServer> m_smtp;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<Backend> m_backend;
    ApiClient m_api;
    QByteArray m_agentToken;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ui::MainWindow> m_window;
    int m_mailCounter = 0;
};

QTEST_MAIN(TestConsoleMail)
#include "tst_consolemail.moc"
