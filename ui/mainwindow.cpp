// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "appearance.h"
#include "client/attachmentcache.h"
#include "consolecontroller.h"
#include "core/translations.h"
#include "eventlooplag.h"
#include "icons.h"
#include "keychainentry.h"
#include "models/conversation.h"
#include "models/outboxmodel.h"
#include "models/sessionlistmodel.h"
#include "models/transcriptmodel.h"
#include "presence/consolepresence.h"
#include "presence/desktopidlesource.h"
#include "settings/consolesettings.h"
#include "settings/labelspage.h"
#include "settings/passworddialog.h"
#include "settings/settingsdialog.h"
#include "waitingnotifier.h"
#include "widgets/attachmentviewer.h"
#include "widgets/commandpalette.h"
#include "widgets/composer.h"
#include "widgets/conversationview.h"
#include "widgets/customerpanel.h"
#include "widgets/diagnosticsdialog.h"
#include "widgets/knowledgewindow.h"
#include "widgets/outboxdialog.h"
#include "widgets/pendingattachments.h"
#include "widgets/presencebutton.h"
#include "widgets/problembanner.h"
#include "widgets/ratelimitsview.h"
#include "widgets/sessionlistpanel.h"
#include "widgets/signindialog.h"
#include "widgets/transferdialog.h"
#include "widgets/waitingbanner.h"
#include "widgets/welcomepane.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileDialog>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QImage>
#include <QInputDialog>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTextCursor>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace frontline::ui {

namespace {

constexpr int StatusMessageMs = 6000;

QString providerStateText(const QString &state)
{
    if (state == QLatin1String("mock"))
        return MainWindow::tr("AI: mock");
    if (state == QLatin1String("ok"))
        return MainWindow::tr("AI: provider OK");
    if (state == QLatin1String("unauthorized"))
        return MainWindow::tr("AI: unauthorized — check the API key");
    if (state == QLatin1String("unreachable"))
        return MainWindow::tr("AI: provider unreachable");
    if (state == QLatin1String("rate-limited"))
        return MainWindow::tr("AI: provider rate-limited");
    return MainWindow::tr("AI: %1").arg(state);
}

} // namespace

MainWindow::MainWindow(QSettings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_language(ConsoleSettings(settings).language())
{
    setWindowTitle(tr("Frontline"));
    resize(1280, 780);
    m_providerState = new QLabel(this);
    m_providerState->setObjectName(QStringLiteral("providerState"));
    m_serverState = new QLabel(this);
    m_serverState->setObjectName(QStringLiteral("serverState"));
    m_connectionState = new QLabel(this);
    m_connectionState->setObjectName(QStringLiteral("connectionState"));
    m_failedMails = new QToolButton(this);
    m_failedMails->setObjectName(QStringLiteral("failedMails"));
    m_failedMails->setAutoRaise(true);
    m_failedMails->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_failedMails->hide();
    connect(m_failedMails, &QToolButton::clicked, this, [this] { openOutbox(true); });
    statusBar()->addPermanentWidget(m_failedMails);
    statusBar()->addPermanentWidget(m_providerState);
    statusBar()->addPermanentWidget(m_serverState);
    statusBar()->addPermanentWidget(m_connectionState);
    showServerState();
    auto *waiting = new QLabel(tr("Connecting…"), this);
    waiting->setAlignment(Qt::AlignCenter);
    setCentralWidget(waiting);
#ifdef FRONTLINE_HAS_DBUS
    m_appearance = new Appearance(QDBusConnection::sessionBus(), this);
#else
    m_appearance = new Appearance(this);
#endif
    m_appearance->setScheme(Appearance::schemeNamed(ConsoleSettings(settings).appearance()));
    createActions();
    m_lag = new EventLoopLag(this);
    m_lag->start();
    m_notifier = new WaitingNotifier(this);
    connect(m_notifier, &WaitingNotifier::notified, this,
        [this](const QString &title, const QString &message) {
            statusBar()->showMessage(
                //: A notification's title and text in the status bar (French puts a space before
                //: the colon)
                tr("%1: %2").arg(title, message), StatusMessageMs);
            QApplication::alert(this);
        });
    connect(m_notifier, &WaitingNotifier::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_toolbar = addToolBar(QString());
    m_toolbar->setObjectName(QStringLiteral("mainToolbar"));
    m_toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    const auto action = [this](const QKeySequence &shortcut, const QString &name) {
        auto *a = new QAction(this);
        a->setObjectName(name);
        a->setShortcut(shortcut);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setEnabled(false);
        m_toolbar->addAction(a);
        return a;
    };
    m_takeOver = action(QKeySequence(Qt::CTRL | Qt::Key_T), QStringLiteral("takeOver"));
    m_takeNext
        = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T), QStringLiteral("takeNextWaiting"));
    m_returnToAi = action(QKeySequence(Qt::CTRL | Qt::Key_R), QStringLiteral("returnToAi"));
    m_transfer = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), QStringLiteral("transfer"));
    m_labelsAction = action(QKeySequence(Qt::CTRL | Qt::Key_L), QStringLiteral("labels"));
    m_labelsMenu = new QMenu(this);
    m_labelsMenu->setObjectName(QStringLiteral("labelsMenu"));
    m_labelsAction->setMenu(m_labelsMenu);
    if (auto *button = qobject_cast<QToolButton *>(m_toolbar->widgetForAction(m_labelsAction)))
        button->setPopupMode(QToolButton::InstantPopup);
    connect(m_labelsMenu, &QMenu::aboutToShow, this, &MainWindow::buildLabelsMenu);
    // Ctrl+L opens the menu under its button.
    connect(m_labelsAction, &QAction::triggered, this, [this] {
        QWidget *button = m_toolbar->widgetForAction(m_labelsAction);
        m_labelsMenu->popup(
            button ? button->mapToGlobal(QPoint(0, button->height())) : mapToGlobal(QPoint(0, 0)));
    });
    m_closeSession
        = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W), QStringLiteral("closeSession"));
    m_toolbar->addSeparator();
    m_mockMode = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), QStringLiteral("mockMode"));
    m_mockMode->setCheckable(true);
    // The windows' tools sit at the right end as icons (their tooltips name them and their
    // shortcuts), so that the conversation's actions keep their words in every language.
    auto *spacer = new QWidget(m_toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolbar->addWidget(spacer);
    m_find = action(QKeySequence::Find, QStringLiteral("find"));
    // Window actions without a toolbar button: their shortcuts, and the command palette.
    const auto windowAction = [this](const QKeySequence &shortcut, const QString &name) {
        auto *a = new QAction(this);
        a->setObjectName(name);
        a->setShortcut(shortcut);
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        return a;
    };
    m_nextConversation
        = windowAction(QKeySequence(Qt::ALT | Qt::Key_Down), QStringLiteral("nextConversation"));
    m_previousConversation
        = windowAction(QKeySequence(Qt::ALT | Qt::Key_Up), QStringLiteral("previousConversation"));
    m_nextConversation->setEnabled(false);
    m_previousConversation->setEnabled(false);
    m_palette = windowAction(QKeySequence(Qt::CTRL | Qt::Key_K), QStringLiteral("commandPalette"));
    m_palette->setEnabled(false);
    connect(m_palette, &QAction::triggered, this, &MainWindow::openCommandPalette);
    m_showConversations = new QAction(this);
    m_showConversations->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_showRateLimits = new QAction(this);
    m_showRateLimits->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    addAction(m_showConversations);
    addAction(m_showRateLimits);
    m_signIn = windowAction(QKeySequence(), QStringLiteral("signIn"));
    m_signIn->setEnabled(false); // against a remote server only
    connect(m_signIn, &QAction::triggered, this, &MainWindow::openSignInDialog);
    m_diagnostics = new QAction(this);
    m_diagnostics->setObjectName(QStringLiteral("diagnostics"));
    m_diagnostics->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    addAction(m_diagnostics);
    connect(m_diagnostics, &QAction::triggered, this, [this] {
        if (!m_diagnosticsDialog)
            m_diagnosticsDialog = new DiagnosticsDialog(*m_lag, this);
        m_diagnosticsDialog->show();
        m_diagnosticsDialog->raise();
    });
    m_outboxAction
        = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), QStringLiteral("outbox"));
    connect(m_outboxAction, &QAction::triggered, this, [this] { openOutbox(); });
    m_knowledgeAction
        = action(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K), QStringLiteral("knowledge"));
    connect(m_knowledgeAction, &QAction::triggered, this, [this] { openKnowledge(); });
    m_settingsAction = action(QKeySequence(Qt::CTRL | Qt::Key_Comma), QStringLiteral("settings"));
    m_settingsAction->setEnabled(true);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettingsDialog);
    for (QAction *tool : { m_find, m_outboxAction, m_knowledgeAction, m_settingsAction }) {
        if (auto *button = qobject_cast<QToolButton *>(m_toolbar->widgetForAction(tool)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }
    retranslateActions();
    applyIcons();
}

void MainWindow::applyIcons()
{
    // Freedesktop names: the desktop's icon theme first, Frontline's own (Breeze) else.
    const QPalette &colours = palette();
    const std::pair<QAction *, const char *> named[]
        = { { m_takeOver, "im-user" }, { m_takeNext, "go-next" }, { m_returnToAi, "tools-wizard" },
              { m_closeSession, "dialog-ok-apply" }, { m_transfer, "system-switch-user" },
              { m_labelsAction, "tag" }, { m_mockMode, "system-run" }, { m_find, "edit-find" },
              { m_settingsAction, "configure" }, { m_palette, "format-list-unordered" },
              { m_nextConversation, "go-down" }, { m_previousConversation, "go-up" },
              { m_diagnostics, "help-about" }, { m_signIn, "im-user" },
              { m_outboxAction, "mail-queue" }, { m_knowledgeAction, "help-contents" } };
    for (const auto &[action, name] : named)
        action->setIcon(icons::named(QLatin1String(name), colours));
    if (m_send)
        m_send->setIcon(icons::named(QStringLiteral("document-send"), colours));
    if (m_attachAction)
        m_attachAction->setIcon(icons::named(QStringLiteral("mail-attachment"), colours));
    if (m_suggestAction)
        m_suggestAction->setIcon(icons::named(QStringLiteral("tools-wizard"), colours));
    m_failedMails->setIcon(icons::named(QStringLiteral("dialog-warning"), colours));
}

void MainWindow::retranslateActions()
{
    m_toolbar->setWindowTitle(tr("Conversation"));
    const auto name = [](QAction *a, const QString &text) {
        a->setText(text);
        a->setToolTip(QString(text).remove(QLatin1Char('&')) + QStringLiteral(" (")
            + a->shortcut().toString(QKeySequence::NativeText) + QLatin1Char(')'));
    };
    name(m_takeOver, tr("&Take over"));
    name(m_takeNext, tr("Take &next waiting"));
    name(m_nextConversation, tr("Next conversation"));
    name(m_previousConversation, tr("Previous conversation"));
    name(m_palette, tr("Command palette"));
    name(m_returnToAi, tr("&Return to AI"));
    name(m_closeSession, tr("&Close conversation"));
    name(m_transfer, tr("Trans&fer…"));
    name(m_labelsAction, tr("&Labels"));
    name(m_mockMode, tr("&Mock mode"));
    name(m_find, tr("&Find"));
    name(m_settingsAction, tr("&Settings…"));
    name(m_outboxAction, tr("&Outbox…"));
    name(m_knowledgeAction, tr("&Knowledge base…"));
    m_showConversations->setText(tr("Conversations"));
    m_showRateLimits->setText(tr("Rate limits"));
    m_diagnostics->setText(tr("Diagnostics"));
    m_signIn->setText(tr("Sign in with a password…"));
}

void MainWindow::changeEvent(QEvent *event)
{
    // A language chosen in the settings applies at once: the actions and status bar take their
    // new texts, and the pages are built again from the same controller (nothing reloads).
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    // Light to dark or back: the icons are drawn again in the new text colour.
    if (event->type() == QEvent::PaletteChange && m_toolbar)
        applyIcons();
    // The open conversation counts as read only while the agent can see it.
    if (event->type() == QEvent::ActivationChange && m_console)
        m_console->setAgentLooking(isActiveWindow());
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    showWindowTitle();
    retranslateActions();
    if (m_notifier)
        m_notifier->setWaitingCount(m_notifier->waitingCount()); // its tooltip
    delete m_diagnosticsDialog; // made again, translated, when next opened
    delete m_outboxDialog;
    delete m_knowledgeWindow;
    showFailedMails();
    showServerState();
    if (!m_console)
        return;
    showConnectionState();
    showSettings(m_console->settings());
    const int page = m_pages->currentIndex();
    buildPages();
    m_pages->setCurrentIndex(page);
    m_customerPanel->showSession(m_console->openSessionItem());
    if (!m_openUsage.isEmpty())
        m_customerPanel->showUsage(m_openUsage);
    updateActions();
    if (!focusWidget() || !m_pages->isAncestorOf(focusWidget()))
        m_sessionList->setFocus(); // the keyboard keeps working: the widget that had focus is gone
}

void MainWindow::connectTo(const QUrl &server, const QString &token)
{
    delete m_presenceButton;
    delete m_presence;
    delete m_outboxDialog; // of the console it shows
    delete m_knowledgeWindow;
    delete m_console;
    m_console = new ConsoleController(server, token, this);
    m_console->setAgentLooking(isActiveWindow());
    m_presence = new ConsolePresence(*m_console, new DesktopIdleSource(this), this);
    m_presence->setIdleMinutes(ConsoleSettings(m_settings).awayAfterIdleMinutes());
    m_presenceButton = new PresenceButton(*m_presence, this);
    statusBar()->insertPermanentWidget(0, m_presenceButton);
    // The embedded backend signs its local administrator in; a remote one takes passwords.
    m_signIn->setEnabled(m_servingUrl.isEmpty());
    buildConsole();
    connect(
        m_console->outbox(), &OutboxModel::failedCountChanged, this, &MainWindow::showFailedMails);
    showFailedMails();
    showServerState();
    m_connection = ConnectionState::SigningIn;
    showConnectionState();
    m_console->start();
}

void MainWindow::buildPages()
{
    ConsoleController &console = *m_console;

    m_sessionList = new SessionListPanel(console, this);
    m_conversationHeader = new QLabel(this);
    m_conversationHeader->setObjectName(QStringLiteral("conversationHeader"));
    m_conversationHeader->setTextFormat(Qt::PlainText);
    m_conversationHeader->setWordWrap(true);
    m_conversationView = new ConversationView(this);
    m_conversationView->setObjectName(QStringLiteral("conversationView"));
    m_conversationView->setConversation(console.conversation());
    m_customerTyping = new QLabel(SessionListModel::customerTypingText(), this);
    m_customerTyping->setObjectName(QStringLiteral("customerTyping"));
    m_customerTyping->setTextFormat(Qt::PlainText);
    {
        QFont italic = m_customerTyping->font();
        italic.setItalic(true);
        m_customerTyping->setFont(italic);
        m_customerTyping->setForegroundRole(QPalette::PlaceholderText);
    }
    m_customerTyping->hide();
    connect(console.conversation(), &Conversation::customerTypingChanged, m_customerTyping,
        &QWidget::setVisible);
    m_composer = new Composer(this);
    m_composer->setObjectName(QStringLiteral("composer"));
    m_composer->setMaximumHeight(96);
    m_composer->setVariableSource([this] { return m_console->cannedValues(); });
    m_send = new QPushButton(tr("Send"), this);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setIcon(icons::named(QStringLiteral("document-send"), palette()));
    m_customerPanel = new CustomerPanel(this);
    m_customerPanel->setObjectName(QStringLiteral("customerPanel"));
    m_rateLimitsView = new RateLimitsView(console, this);
    m_rateLimitsView->setObjectName(QStringLiteral("rateLimitsView"));

    m_composerMode = new QTabBar(this);
    m_composerMode->setObjectName(QStringLiteral("composerMode"));
    m_composerMode->addTab(tr("Reply"));
    m_composerMode->addTab(tr("Note"));
    m_composerMode->setDrawBase(false);
    m_composerMode->setExpanding(false);
    m_composerMode->setToolTip(
        tr("Reply to the customer, or write an internal note only agents see (Ctrl+Shift+N)"));
    auto *noteModeShortcut = new QAction(this);
    noteModeShortcut->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    noteModeShortcut->setShortcutContext(Qt::WindowShortcut);
    addAction(noteModeShortcut);
    connect(noteModeShortcut, &QAction::triggered, this, [this] {
        m_composerMode->setCurrentIndex(noteMode() ? 0 : 1);
        m_composer->setFocus();
    });
    connect(m_composerMode, &QTabBar::currentChanged, this, [this] {
        showComposerMode();
        updateActions();
    });

    m_pending = new PendingAttachments(this);
    m_pending->setUploader(
        [this](const QString &sessionId, const QString &filename, const QByteArray &bytes,
            const QString &clientId, AgentClient::Progress progress, AgentClient::Callback done) {
            m_console->uploadAttachment(
                sessionId, filename, bytes, clientId, std::move(progress), std::move(done));
        });
    m_pending->setSessionId(console.openSessionId());
    connect(m_pending, &PendingAttachments::uploadFailed, this,
        [this](const QString &filename, const QString &error) {
            statusBar()->showMessage(
                //: A file the agent attached was refused or lost; then the server's words
                tr("%1 was not attached: %2").arg(filename, error), StatusMessageMs);
        });
    connect(m_pending, &PendingAttachments::changed, this,
        [this] { m_composer->setSendsEmpty(m_pending->count() > 0 && !noteMode()); });
    m_attachAction = new QAction(tr("Attach a file…"), this);
    m_attachAction->setObjectName(QStringLiteral("attachFile"));
    m_attachAction->setShortcut(QKeySequence::Open);
    m_attachAction->setShortcutContext(Qt::WindowShortcut);
    m_attachAction->setToolTip(
        tr("Attach a file… (%1) — or drop files here, or paste an image")
            .arg(m_attachAction->shortcut().toString(QKeySequence::NativeText)));
    m_attachAction->setIcon(icons::named(QStringLiteral("mail-attachment"), palette()));
    connect(m_attachAction, &QAction::triggered, this, &MainWindow::chooseAttachments);
    m_attach = new QToolButton(this);
    m_attach->setObjectName(QStringLiteral("attach"));
    m_attach->setDefaultAction(m_attachAction);
    m_attach->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_attach->setMinimumHeight(m_send->sizeHint().height()); // as tall as Send beside it
    m_suggestAction = new QAction(tr("Suggest a reply"), this);
    m_suggestAction->setObjectName(QStringLiteral("suggestReply"));
    m_suggestAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    m_suggestAction->setShortcutContext(Qt::WindowShortcut);
    m_suggestAction->setToolTip(
        tr("Suggest a reply from the conversation and the knowledge "
           "base, in the composer: nothing is sent (%1)")
            .arg(m_suggestAction->shortcut().toString(QKeySequence::NativeText)));
    m_suggestAction->setIcon(icons::named(QStringLiteral("tools-wizard"), palette()));
    connect(m_suggestAction, &QAction::triggered, this, &MainWindow::suggestReply);
    m_suggest = new QToolButton(this);
    m_suggest->setObjectName(QStringLiteral("suggest"));
    m_suggest->setDefaultAction(m_suggestAction);
    m_suggest->setToolButtonStyle(Qt::ToolButtonIconOnly);
    m_suggest->setMinimumHeight(m_send->sizeHint().height());
    m_draftSources = new QLabel(this);
    m_draftSources->setObjectName(QStringLiteral("draftSources"));
    m_draftSources->setTextFormat(Qt::RichText); // links; every title escaped
    m_draftSources->setWordWrap(true);
    m_draftSources->setOpenExternalLinks(false);
    m_draftSources->hide();
    connect(m_draftSources, &QLabel::linkActivated, this, [](const QString &link) {
        const QUrl url(link, QUrl::StrictMode);
        if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
            QDesktopServices::openUrl(url);
    });
    // Once the agent has sent (or cleared) the draft, its sources are no longer what it says.
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this] {
        if (m_composer->toPlainText().isEmpty())
            m_draftSources->hide();
    });
    auto *composerRow = new QHBoxLayout;
    composerRow->addWidget(m_composer);
    composerRow->addWidget(m_suggest, 0, Qt::AlignBottom);
    composerRow->addWidget(m_attach, 0, Qt::AlignBottom);
    composerRow->addWidget(m_send, 0, Qt::AlignBottom);
    m_readOnlyStrip = new QFrame(this);
    m_readOnlyStrip->setObjectName(QStringLiteral("readOnlyStrip"));
    static_cast<QFrame *>(m_readOnlyStrip)->setFrameShape(QFrame::StyledPanel);
    auto *readOnlyText = new QLabel(
        tr("Read only — an earlier conversation of this customer. Nothing can be sent here."),
        m_readOnlyStrip);
    readOnlyText->setWordWrap(true);
    auto *back = new QPushButton(tr("Back to the conversation"), m_readOnlyStrip);
    back->setObjectName(QStringLiteral("backToConversation"));
    connect(back, &QPushButton::clicked, &console, &ConsoleController::backToConversation);
    auto *readOnlyLayout = new QHBoxLayout(m_readOnlyStrip);
    readOnlyLayout->addWidget(readOnlyText, 1);
    readOnlyLayout->addWidget(back);
    m_readOnlyStrip->hide();
    m_composerArea = new QWidget(this);
    auto *composerLayout = new QVBoxLayout(m_composerArea);
    composerLayout->setContentsMargins(0, 0, 0, 0);
    composerLayout->addWidget(m_composerMode);
    composerLayout->addWidget(m_pending);
    composerLayout->addLayout(composerRow);
    composerLayout->addWidget(m_draftSources);
    m_composerArea->addAction(m_attachAction); // its shortcut while the composer is shown
    m_attachAction->setParent(m_composerArea); // made again with the pages
    m_composerArea->addAction(m_suggestAction);
    m_suggestAction->setParent(m_composerArea);

    // The summary of a conversation this agent takes over, above its transcript.
    m_summaryBanner = new QFrame(this);
    m_summaryBanner->setObjectName(QStringLiteral("summaryBanner"));
    static_cast<QFrame *>(m_summaryBanner)->setFrameShape(QFrame::StyledPanel);
    m_summaryBanner->setAutoFillBackground(true);
    m_summaryBanner->setBackgroundRole(QPalette::AlternateBase);
    auto *summaryTitle = new QLabel(tr("Summary"), m_summaryBanner);
    {
        QFont bold = summaryTitle->font();
        bold.setBold(true);
        summaryTitle->setFont(bold);
    }
    m_summaryText = new QLabel(m_summaryBanner);
    m_summaryText->setObjectName(QStringLiteral("summaryText"));
    m_summaryText->setTextFormat(Qt::PlainText);
    m_summaryText->setWordWrap(true);
    m_summaryText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *dismissSummary = new QToolButton(m_summaryBanner);
    dismissSummary->setObjectName(QStringLiteral("dismissSummary"));
    dismissSummary->setText(QStringLiteral("✕"));
    dismissSummary->setAutoRaise(true);
    dismissSummary->setToolTip(tr("Hide the summary"));
    connect(dismissSummary, &QToolButton::clicked, m_summaryBanner, &QWidget::hide);
    auto *summaryLayout = new QGridLayout(m_summaryBanner);
    summaryLayout->addWidget(summaryTitle, 0, 0);
    summaryLayout->addWidget(dismissSummary, 0, 1, Qt::AlignRight | Qt::AlignTop);
    summaryLayout->addWidget(m_summaryText, 1, 0, 1, 2);
    summaryLayout->setColumnStretch(0, 1);
    m_summaryBanner->hide();
    connect(&console, &ConsoleController::openSessionChanged, this, [this] {
        if (m_summaryBanner->property("sessionId").toString() != m_console->openSessionId())
            m_summaryBanner->hide();
    });
    connect(m_conversationView, &ConversationView::sourceActivated, this,
        [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_conversationView, &ConversationView::translateRequested, this,
        &MainWindow::translateMessage);
    auto *middle = new QWidget(this);
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->addWidget(m_conversationHeader);
    middleLayout->addWidget(m_summaryBanner);
    middleLayout->addWidget(m_conversationView, 1);
    middleLayout->addWidget(m_customerTyping);
    middleLayout->addWidget(m_readOnlyStrip);
    middleLayout->addWidget(m_composerArea);
    showComposerMode();

    m_welcome = new WelcomePane(this);
    m_welcome->setServer(QUrl(m_servingUrl.isEmpty() ? console.server().toString() : m_servingUrl));
    m_welcome->setSettings(console.settings());
    m_welcome->setHasSessions(console.sessions()->rowCount() > 0);
    connect(m_welcome, &WelcomePane::settingsRequested, this, &MainWindow::openSettingsDialog);
    m_middle = new QStackedWidget(this);
    m_middle->addWidget(m_welcome);
    m_middle->addWidget(middle);
    const auto hasSessions
        = [this] { m_welcome->setHasSessions(m_console->sessions()->rowCount() > 0); };
    connect(console.sessions(), &QAbstractItemModel::rowsInserted, m_welcome, hasSessions);
    connect(console.sessions(), &QAbstractItemModel::modelReset, m_welcome, hasSessions);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_sessionList);
    split->addWidget(m_middle);
    split->addWidget(m_customerPanel);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 1);
    split->setSizes({ 560, 560, 260 });

    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addTab(split, tr("Conversations"));
    m_pages->addTab(m_rateLimitsView, tr("Rate limits"));
    m_banner = new ProblemBanner(this);
    connect(m_banner, &ProblemBanner::retryClicked, m_console, &ConsoleController::retryNow);
    connect(m_banner, &ProblemBanner::settingsClicked, this, &MainWindow::openSettingsDialog);
    connect(m_banner, &ProblemBanner::signInClicked, this, &MainWindow::openSignInDialog);
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(2);
    centralLayout->addWidget(m_banner);
    m_waitingBanner = new WaitingBanner(this);
    connect(m_waitingBanner, &WaitingBanner::openClicked, this, [this](const QString &id) {
        m_pages->setCurrentIndex(0);
        m_console->openSession(id);
    });
    centralLayout->addWidget(m_waitingBanner);
    centralLayout->addWidget(m_pages, 1);
    setCentralWidget(central); // (deletes the previous pages, when the language changed)
    showProblem();
    applyConsoleSettings();

    connect(m_sessionList, &SessionListPanel::sessionActivated, &console,
        &ConsoleController::openSession);
    // Right-click opens the conversation under the pointer, then offers what to do with it.
    m_sessionList->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_sessionList->view()->addActions({ m_takeOver, m_transfer, m_returnToAi, m_closeSession });
    connect(m_customerPanel, &CustomerPanel::pastConversationChosen, &console,
        &ConsoleController::viewPastConversation);
    connect(m_rateLimitsView, &RateLimitsView::sessionChosen, this, [this](const QString &id) {
        m_pages->setCurrentIndex(0);
        m_console->openSession(id);
    });
    connect(m_composer, &Composer::submitted, this, &MainWindow::sendComposed);
    connect(m_composer, &Composer::filesOffered, this, &MainWindow::attachFiles);
    connect(m_composer, &Composer::imageOffered, this, &MainWindow::attachImage);
    m_conversationView->setAttachmentCache(console.attachments());
    connect(m_conversationView, &ConversationView::filesDropped, this, &MainWindow::attachFiles);
    connect(m_conversationView, &ConversationView::attachmentActivated, this,
        &MainWindow::openAttachment);
    connect(m_conversationView, &ConversationView::saveAttachmentRequested, this,
        [this](const AttachmentItem &attachment) {
            AttachmentViewer::saveAttachment(
                *m_console->attachments(), attachment, this, [this](const QString &error) {
                    statusBar()->showMessage(
                        error.isEmpty() ? tr("Attachment saved") : error, StatusMessageMs);
                });
        });
    // Typing a reply (not a note) tells the customer, throttled by the controller.
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this] {
        if (!noteMode())
            m_console->composerEdited(m_composer->toPlainText());
    });
    connect(m_send, &QPushButton::clicked, this, [this] {
        const QString text = m_composer->toPlainText();
        if (!text.trimmed().isEmpty() || (!noteMode() && m_pending->count() > 0))
            sendComposed(text);
        m_composer->setFocus();
    });
    m_pages->setTabToolTip(0, tr("Conversations (Ctrl+1)"));
    m_pages->setTabToolTip(1, tr("Rate limits (Ctrl+2)"));
    showMiddlePane();
}

void MainWindow::buildConsole()
{
    ConsoleController &console = *m_console;
    buildPages();

    connect(&console, &ConsoleController::conversationFailed, this,
        [this](const QString &sessionId, const QString &message) {
            if (sessionId != m_console->openSessionId())
                return;
            m_failedSession = sessionId;
            m_conversationView->setPlaceholderText(
                tr("This conversation could not be read: %1\nIt is read again when you open "
                   "it again or when the console reconnects.")
                    .arg(message));
        });
    connect(&console, &ConsoleController::openSessionChanged, this, [this] {
        showMiddlePane();
        if (m_console->openSessionId() != m_failedSession) {
            m_failedSession.clear(); // another conversation: its own messages, or its own failure
            m_conversationView->setPlaceholderText({});
        }
        m_waitingBanner->sessionOpened(m_console->openSessionId());
        const SessionItem *customer = m_console->customerSessionItem();
        if (!m_console->isReadOnly()) {
            m_openUsage = {};
            m_customerPanel->showSession(customer);
            if (customer)
                m_console->loadPastConversations(customer->id);
        }
        showReadOnly();
        updateActions();
    });
    connect(&console, &ConsoleController::pastConversationsLoaded, this,
        [this](const QString &sessionId, const QList<PastConversationItem> &past,
            const QString &reason) {
            const SessionItem *customer = m_console->customerSessionItem();
            if (customer && customer->id == sessionId)
                m_customerPanel->showPastConversations(past, reason);
        });
    connect(&console, &ConsoleController::labelsChanged, this, [this] {
        m_customerPanel->setLabelColours(m_console->labels());
        m_customerPanel->showSession(m_console->customerSessionItem());
    });
    connect(console.sessions(), &QAbstractItemModel::dataChanged, this, [this] {
        m_customerPanel->showSession(m_console->customerSessionItem());
        updateConversationHeader();
    });
    connect(&console, &ConsoleController::usageLoaded, this,
        [this](const QString &sessionId, const QJsonObject &usage) {
            if (sessionId == m_console->openSessionId()) {
                m_openUsage = usage;
                m_customerPanel->showUsage(usage);
            }
        });
    connect(&console, &ConsoleController::signedIn, this, [this](const QString &name, bool admin) {
        statusBar()->showMessage(admin ? tr("Signed in as %1 (administrator)").arg(name)
                                       : tr("Signed in as %1").arg(name),
            StatusMessageMs);
        updateActions();
    });
    connect(&console, &ConsoleController::signInFailed, this, [this](const QString &message) {
        m_connection = ConnectionState::NotSignedIn;
        m_signInProblem = message;
        showConnectionState();
        statusBar()->showMessage(message, StatusMessageMs);
    });
    connect(&console, &ConsoleController::connectionChanged, this,
        [this](bool connected, const QString &detail) {
            m_connection = connected ? ConnectionState::Live : ConnectionState::Disconnected;
            m_disconnectedDetail = detail;
            showConnectionState();
            updateActions();
        });
    connect(&console, &ConsoleController::settingsChanged, this, &MainWindow::showSettings);
    connect(&console, &ConsoleController::cannedResponsesChanged, this, [this] {
        migrateLocalCannedResponses();
        offerCannedResponses();
        if (m_settingsDialog && m_settingsDialog->isVisible() && !m_console->isAdmin())
            m_settingsDialog->setCannedResponses(m_console->cannedResponses(), true, false);
    });
    connect(&console, &ConsoleController::actionFailed, this,
        [this](const QString &message) { statusBar()->showMessage(message, StatusMessageMs); });
    connect(&console, &ConsoleController::actionDone, this,
        [this](const QString &message) { statusBar()->showMessage(message, StatusMessageMs); });
    connect(&console, &ConsoleController::noteFailed, this,
        [this](const QString &text, const QString &message) {
            if (m_composer->toPlainText().isEmpty())
                m_composer->setPlainText(text); // nothing the agent wrote is lost
            statusBar()->showMessage(
                tr("The note was not saved: %1").arg(message), StatusMessageMs);
        });
    connect(&console, &ConsoleController::mentioned, this,
        [this](const QString &, const QString &by, const QString &customer) {
            m_notifier->mentioned(by, customer);
        });
    connect(&console, &ConsoleController::replyFailed, this,
        [this](const QString &text, const QString &message) {
            if (m_composer->toPlainText().isEmpty())
                m_composer->setPlainText(text); // nothing the agent wrote is lost
            statusBar()->showMessage(
                tr("The reply was not sent: %1").arg(message), StatusMessageMs);
        });
    connect(console.sessions(), &SessionListModel::waitingCountChanged, m_notifier,
        &WaitingNotifier::setWaitingCount);
    connect(console.sessions(), &SessionListModel::sessionStartedWaiting, m_notifier,
        [this](const QString &sessionId, const QString &customer, const QString &reason) {
            m_notifier->sessionStartedWaiting(customer, reason);
            // In the window too, unless the agent is looking at that very conversation.
            if (sessionId != m_console->openSessionId())
                m_waitingBanner->showCustomer(
                    sessionId, customer, reason, m_console->sessions()->waitingCount());
        });
    connect(console.sessions(), &SessionListModel::waitingCountChanged, this,
        [this](int waiting) { m_waitingBanner->setWaitingCount(waiting); });
    // After the notifier's connection above: the title reads its count.
    connect(console.sessions(), &SessionListModel::waitingCountChanged, this,
        &MainWindow::showWindowTitle);
    connect(console.sessions(), &SessionListModel::waitingCountChanged, this,
        [this](int waiting) { m_takeNext->setEnabled(m_console->isConnected() && waiting > 0); });

    connect(m_takeOver, &QAction::triggered, &console, &ConsoleController::takeOver);
    // The taken conversation stays open and selected wherever the list shows it now, and
    // the agent can write at once.
    connect(&console, &ConsoleController::tookOver, this, [this](const QString &sessionId) {
        if (sessionId != m_console->openSessionId())
            return;
        m_sessionList->followOpenSession();
        m_composer->setFocus(Qt::OtherFocusReason);
        showSummary(sessionId);
    });
    connect(m_takeNext, &QAction::triggered, &console, &ConsoleController::takeNextWaiting);
    connect(m_nextConversation, &QAction::triggered, this, [this] {
        m_pages->setCurrentIndex(0);
        m_sessionList->openAdjacent(+1);
    });
    connect(m_previousConversation, &QAction::triggered, this, [this] {
        m_pages->setCurrentIndex(0);
        m_sessionList->openAdjacent(-1);
    });
    m_nextConversation->setEnabled(true);
    m_previousConversation->setEnabled(true);
    m_palette->setEnabled(true);
    connect(m_returnToAi, &QAction::triggered, &console, &ConsoleController::returnToAi);
    connect(m_transfer, &QAction::triggered, this, &MainWindow::openTransferDialog);
    connect(&console, &ConsoleController::transferredToMe, this,
        [this](const QString &sessionId, const QString &from, const QString &customer) {
            m_notifier->transferredToMe(from, customer);
            if (sessionId != m_console->openSessionId())
                m_waitingBanner->showTransfer(sessionId,
                    from.isEmpty() ? tr("%1 was assigned to you.").arg(customer)
                                   : tr("%1 transferred %2 to you.").arg(from, customer));
        });
    connect(m_closeSession, &QAction::triggered, this, [this] {
        if (QMessageBox::question(this, tr("Close conversation"),
                tr("Close this conversation? The customer can no longer write in it."))
            == QMessageBox::Yes)
            m_console->closeSession();
    });
    // Mock mode changes what every customer gets: the agent confirms it first. The action's
    // check mark follows the server's answer (showSettings), never the click alone.
    connect(m_mockMode, &QAction::triggered, this, [this](bool on) {
        m_mockMode->setChecked(!on);
        const QString question = on
            ? tr("Switch every conversation to mock mode? Customers get the built-in "
                 "assistant's canned answers instead of the AI provider's, on every node.")
            : tr("Leave mock mode? Customers get the AI provider's answers again, on every "
                 "node.");
        if (QMessageBox::question(this, tr("Mock mode"), question) == QMessageBox::Yes)
            m_console->setMockMode(on);
    });
    connect(m_find, &QAction::triggered, this, [this] {
        m_pages->setCurrentIndex(0);
        m_sessionList->focusSearch();
    });
    m_find->setEnabled(true);
    connect(
        m_showConversations, &QAction::triggered, this, [this] { m_pages->setCurrentIndex(0); });
    connect(m_showRateLimits, &QAction::triggered, this, [this] { m_pages->setCurrentIndex(1); });
    updateActions();
}

void MainWindow::showConnectionState()
{
    switch (m_connection) {
    case ConnectionState::SigningIn:
        m_connectionState->setText(tr("Signing in…"));
        break;
    case ConnectionState::NotSignedIn:
        m_connectionState->setText(tr("Not signed in"));
        break;
    case ConnectionState::Live:
        m_connectionState->setText(tr("Live"));
        break;
    case ConnectionState::Disconnected:
        m_connectionState->setText(
            tr("Disconnected (%1) — reconnecting…").arg(m_disconnectedDetail));
        break;
    }
    showProblem();
    m_connectionState->setStyleSheet(m_connection == ConnectionState::Disconnected
            ? QStringLiteral("color: #b91c1c; font-weight: bold")
            : QString());
}

void MainWindow::showProblem()
{
    if (!m_banner)
        return;
    switch (m_connection) {
    case ConnectionState::NotSignedIn:
        m_banner->showProblem(
            tr("Not signed in: %1").arg(m_signInProblem), true, m_signIn->isEnabled());
        return;
    case ConnectionState::Disconnected:
        m_banner->showProblem(
            tr("Disconnected from the server (%1). Reconnecting by itself; what you miss "
               "meanwhile is read again.")
                .arg(m_disconnectedDetail),
            true);
        return;
    case ConnectionState::SigningIn:
    case ConnectionState::Live:
        break;
    }
    if (m_assistantState == QLatin1String("unreachable")
        || m_assistantState == QLatin1String("unauthorized")) {
        m_banner->showProblem(m_assistantState == QLatin1String("unauthorized")
                ? tr("The AI provider refuses the API key: customers are told an agent will "
                     "answer. Set a valid key in Settings → AI provider, or switch to mock mode.")
                : tr("The AI provider is unreachable: customers are told an agent will answer. "
                     "Check its URL in Settings → AI provider, or switch to mock mode."),
            false);
        return;
    }
    m_banner->clear();
}

void MainWindow::showWindowTitle()
{
    const int waiting = m_notifier ? m_notifier->waitingCount() : 0;
    setWindowTitle(waiting > 0 ? tr("Frontline (%n waiting)", nullptr, waiting) : tr("Frontline"));
}

void MainWindow::showServerState()
{
    if (!m_backendFailure.isEmpty())
        m_serverState->setText(tr("Backend stopped: %1").arg(m_backendFailure));
    else if (!m_servingUrl.isEmpty())
        m_serverState->setText(tr("Serving on %1").arg(m_servingUrl));
    else if (m_console)
        m_serverState->setText(m_console->server().toString(QUrl::RemoveUserInfo));
    else
        m_serverState->setText(tr("Starting the chat backend…"));
}

void MainWindow::updateActions()
{
    const bool live = m_console && m_console->isConnected();
    m_takeOver->setEnabled(live && m_console->canTakeOver());
    m_takeNext->setEnabled(live && m_console->sessions()->waitingCount() > 0);
    m_returnToAi->setEnabled(live && m_console->canReturnToAi());
    m_closeSession->setEnabled(live && m_console->canClose());
    m_transfer->setEnabled(live && m_console->canTransfer());
    m_labelsAction->setEnabled(live && m_console->canLabel());
    m_outboxAction->setEnabled(m_console && m_console->isSignedIn());
    m_knowledgeAction->setEnabled(m_console && m_console->isSignedIn());
    // A note may be written on any open conversation; a reply only on one's own.
    const bool canReply = live && (noteMode() ? m_console->canNote() : m_console->canReply());
    if (m_composer) {
        m_composer->setEnabled(canReply);
        m_send->setEnabled(canReply);
        m_pending->setSessionId(m_console ? m_console->openSessionId() : QString());
        m_pending->setVisible(!noteMode() && m_pending->count() > 0);
        m_attachAction->setEnabled(canAttach());
        m_suggestAction->setEnabled(live && !noteMode() && m_console->canReply());
        m_composer->setAcceptsAttachments(canAttach());
        m_composer->setSendsEmpty(m_pending->count() > 0 && !noteMode());
        if (canReply && m_composer->isVisible())
            m_composer->setFocus();
    }
    updateConversationHeader();
}

bool MainWindow::noteMode() const
{
    return m_composerMode && m_composerMode->currentIndex() == 1;
}

void MainWindow::showComposerMode()
{
    if (!m_composer)
        return;
    QPalette palette = this->palette();
    if (noteMode()) {
        const QColor base = palette.color(QPalette::Base);
        const QColor amber(0xea, 0xb3, 0x08);
        palette.setColor(QPalette::Base,
            QColor::fromRgbF(base.redF() * 0.75f + amber.redF() * 0.25f,
                base.greenF() * 0.75f + amber.greenF() * 0.25f,
                base.blueF() * 0.75f + amber.blueF() * 0.25f));
        m_composer->setPlaceholderText(tr("Write an internal note — the customer never sees it"));
        m_send->setText(tr("Add note"));
    } else {
        m_composer->setPlaceholderText(Composer::replyPlaceholder());
        m_send->setText(tr("Send"));
    }
    m_composer->setPalette(palette);
}

bool MainWindow::canAttach() const
{
    return m_console && m_console->isConnected() && !noteMode() && m_console->canReply()
        && !m_console->isReadOnly();
}

void MainWindow::chooseAttachments()
{
    if (!canAttach())
        return;
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Attach files"));
    attachFiles(paths);
}

void MainWindow::attachFiles(const QStringList &paths)
{
    if (paths.isEmpty())
        return;
    if (!canAttach()) {
        statusBar()->showMessage(
            tr("Files can be attached to a reply in a conversation of yours: take it over first."),
            StatusMessageMs);
        return;
    }
    for (const QString &path : paths) {
        const QString error = m_pending->addFile(path);
        if (!error.isEmpty()) {
            statusBar()->showMessage(error, StatusMessageMs);
            break;
        }
    }
    m_pending->setVisible(m_pending->count() > 0);
    m_composer->setFocus();
}

void MainWindow::attachImage(const QImage &image)
{
    if (!canAttach())
        return;
    const QString error = m_pending->addImage(image);
    if (!error.isEmpty())
        statusBar()->showMessage(error, StatusMessageMs);
    m_composer->setFocus();
}

void MainWindow::openAttachment(const AttachmentItem &attachment)
{
    if (!m_console)
        return;
    auto *viewer = new AttachmentViewer(*m_console->attachments(), attachment, this);
    viewer->show();
    viewer->raise();
    viewer->activateWindow();
}

void MainWindow::sendComposed(const QString &text)
{
    if (noteMode()) {
        m_console->note(text);
    } else {
        if (m_pending->isUploading()) {
            statusBar()->showMessage(
                tr("The attachments are still uploading: send once they are done."),
                StatusMessageMs);
            return;
        }
        if (m_pending->hasFailed()) {
            statusBar()->showMessage(
                tr("An attachment was not uploaded: retry it or remove it, then send."),
                StatusMessageMs);
            return;
        }
        const QStringList ids = m_pending->uploadedIds();
        if (text.trimmed().isEmpty() && ids.isEmpty())
            return;
        const QPointer<PendingAttachments> pending(m_pending);
        m_console->reply(text, ids, [pending, ids](bool sent) {
            if (sent && pending)
                pending->removeSent(ids);
        });
    }
    m_composer->clear();
    m_conversationView->scrollToLatest(); // one's own message is read where it lands
}

void MainWindow::showMiddlePane()
{
    if (!m_middle || !m_console)
        return;
    const bool open = !m_console->openSessionId().isEmpty();
    m_middle->setCurrentIndex(open ? 1 : 0);
}

void MainWindow::updateConversationHeader()
{
    if (!m_conversationHeader || !m_console)
        return;
    const SessionItem *session = m_console->openSessionItem();
    if (m_console->isReadOnly()) {
        const SessionItem *customer = m_console->customerSessionItem();
        m_conversationHeader->setText(customer
                ? tr("An earlier conversation of %1").arg(customer->customerLabel())
                : tr("An earlier conversation"));
        return;
    }
    if (!session) {
        m_conversationHeader->setText(tr("Choose a session on the left."));
        return;
    }
    QString state;
    switch (session->stateFor(m_console->agentUsername())) {
    case SessionState::Ai:
        state = tr("the AI is answering — Take over (Ctrl+T) to reply yourself");
        break;
    case SessionState::Waiting:
        state = tr("waiting for an agent — Take over (Ctrl+T)");
        break;
    case SessionState::Mine:
        state = tr("you are answering; the AI is silent");
        break;
    case SessionState::Others:
        state = tr("%1 is answering").arg(session->assignedAgent);
        break;
    case SessionState::Closed:
        state = tr("closed");
        break;
    }
    QString header = session->customerLabel() + QStringLiteral(" — ") + state;
    if (!session->labels.isEmpty())
        header += QStringLiteral(" · ") + session->labels.join(QStringLiteral(" · "));
    m_conversationHeader->setText(header);
}

void MainWindow::showSettings(const QJsonObject &settings)
{
    const bool mock = settings.value(QStringLiteral("mockMode")).toBool();
    const bool canLeave = settings.value(QStringLiteral("canLeaveMockMode")).toBool();
    m_mockMode->setChecked(mock);
    m_mockMode->setEnabled(m_console && m_console->isAdmin() && (canLeave || !mock));
    m_mockMode->setToolTip(!m_console || !m_console->isAdmin()
            ? tr("Only administrators switch mock mode")
            : canLeave || !mock
            ? tr("Mock mode: the built-in assistant answers instead of the AI provider")
            : tr("No AI provider key is set: mock mode cannot be left"));
    if (m_welcome)
        m_welcome->setSettings(settings);
    m_assistantState = settings.value(QStringLiteral("assistant")).toString();
    m_providerState->setText(providerStateText(m_assistantState));
    showProblem();
    const QJsonObject provider = settings.value(QStringLiteral("provider")).toObject();
    m_providerState->setToolTip(tr("Provider %1, model %2; rate limits %3")
                                    .arg(provider.value(QStringLiteral("baseUrl")).toString(),
                                        provider.value(QStringLiteral("model")).toString(),
                                        settings.value(QStringLiteral("rateLimits")).toString()));
}

void MainWindow::showServing(const QString &url)
{
    m_servingUrl = url;
    showServerState();
    if (m_welcome)
        m_welcome->setServer(QUrl(url));
}

void MainWindow::showBackendFailed(const QString &message)
{
    m_backendFailure = message;
    showServerState();
}

void MainWindow::openSettingsDialog()
{
    delete m_settingsDialog; // the previous one, whose secrets were written long ago
    m_settingsDialog = new SettingsDialog(m_settings, this);
    if (m_console && m_console->isSignedIn()) {
        auto *labels = new LabelsPage(*m_console, m_settingsDialog);
        labels->setObjectName(QStringLiteral("labelsPage"));
        m_settingsDialog->addPage(labels, tr("Labels"));
    }
    connect(m_settingsDialog, &SettingsDialog::saved, this, &MainWindow::applyConsoleSettings);
    connect(
        m_settingsDialog, &SettingsDialog::rateLimitsChanged, this, [this](const QString &policy) {
            if (m_console && m_console->isAdmin())
                m_console->setRateLimits(policy);
            else
                statusBar()->showMessage(
                    tr("The new rate limits apply at the next start."), StatusMessageMs);
        });
    connect(m_settingsDialog, &SettingsDialog::providerChanged, this,
        [this](const QJsonObject &change) {
            if (m_console && m_console->isAdmin())
                m_console->setProvider(change);
            else
                statusBar()->showMessage(
                    tr("The new AI provider settings apply at the next start."), StatusMessageMs);
        });
    // Only an administrator's dialog emits it: the field is read-only for the others.
    connect(m_settingsDialog, &SettingsDialog::administratorNameChanged, this,
        [this](const QString &name) {
            if (m_console)
                m_console->setAdministratorName(name);
        });
    connect(m_settingsDialog, &SettingsDialog::autoAssignmentChanged, this,
        [this](const QJsonObject &policy) {
            if (m_console)
                m_console->setAutoAssignment(policy);
        });
    connect(m_settingsDialog, &SettingsDialog::businessHoursChanged, this,
        [this](const QJsonObject &hours) {
            if (m_console)
                m_console->setBusinessHours(hours);
        });
    connect(
        m_settingsDialog, &SettingsDialog::preChatChanged, this, [this](const QJsonObject &form) {
            if (m_console)
                m_console->setPreChat(form);
        });
    m_settingsDialog->setServerSettings(
        m_console ? m_console->settings() : QJsonObject(), m_console && m_console->isAdmin());
    m_settingsDialog->setAccount(m_console ? m_console->agentUsername() : QString(),
        m_console ? m_console->displayName() : QString());
    m_settingsDialog->setCannedResponses(
        m_console ? m_console->cannedResponses() : QList<CannedResponse>(),
        m_console && m_console->cannedResponsesLoaded(), m_console && m_console->isAdmin());
    connect(m_settingsDialog, &SettingsDialog::cannedResponsesEdited, this,
        [this](const QList<CannedResponse> &responses) {
            if (m_console)
                m_console->saveCannedResponses(responses);
        });
    connect(
        m_settingsDialog, &SettingsDialog::displayNameChanged, this, [this](const QString &name) {
            if (m_console)
                m_console->setDisplayName(name);
        });
    connect(m_settingsDialog, &SettingsDialog::changePasswordRequested, this, [this] {
        if (!m_console)
            return;
        auto *dialog = new PasswordDialog(m_settingsDialog);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &PasswordDialog::submitted, this,
            [this, dialog = QPointer<PasswordDialog>(dialog)](
                const QString &current, const QString &next) {
                m_console->changePassword(current, next, [dialog](const QString &error) {
                    if (!dialog)
                        return;
                    if (error.isEmpty())
                        dialog->succeeded();
                    else
                        dialog->showError(error);
                });
            });
        dialog->open();
    });
    connect(m_settingsDialog, &SettingsDialog::secretNotSaved, this, [this](const QString &error) {
        QMessageBox::warning(this, tr("Frontline"),
            tr("The system keychain did not store the secret (%1). It was not saved anywhere else; "
               "set it in the environment instead.")
                .arg(error));
    });
    m_settingsDialog->open();
}

void MainWindow::openSignInDialog()
{
    if (!m_console || !m_signIn->isEnabled())
        return;
    const QUrl server = m_console->server();
    auto *dialog = new SignInDialog(server, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setUsername(m_console->agentUsername());
    connect(dialog, &SignInDialog::signedIn, this, [this, dialog, server](const QString &token) {
        if (dialog->remember()) {
            // For the next start; this run uses the token at once, whatever the keychain says.
            auto *keychain = new KeychainEntry(KeychainEntry::agentToken(), this);
            connect(keychain, &KeychainEntry::secretWritten, keychain,
                [this, keychain](bool ok, const QString &error) {
                    if (!ok)
                        statusBar()->showMessage(
                            tr("Signed in, but the system keychain did not keep the token (%1): "
                               "you will sign in again next time.")
                                .arg(error),
                            StatusMessageMs);
                    keychain->deleteLater();
                });
            keychain->write(token);
        }
        connectTo(server, token);
    });
    dialog->open();
}

void MainWindow::suggestReply()
{
    if (!m_console || !m_console->canReply())
        return;
    const QString sessionId = m_console->openSessionId();
    m_suggestAction->setEnabled(false);
    statusBar()->showMessage(tr("Asking for a suggested reply…"), StatusMessageMs);
    // A draft for the customer: in the conversation's language, whatever the console's.
    m_console->suggestReply(sessionId, QString(),
        [window = QPointer(this), sessionId](const ConsoleController::CopilotAnswer &answer) {
            if (!window || !window->m_console)
                return;
            window->updateActions();
            if (!answer.error.isEmpty()) {
                window->statusBar()->showMessage(
                    tr("No suggestion: %1").arg(answer.error), StatusMessageMs);
                return;
            }
            if (window->m_console->openSessionId() != sessionId || !window->m_composer)
                return; // another conversation is open now: the draft is not for it
            // In the composer, for the agent to read and change: never sent by itself.
            window->m_composer->setPlainText(answer.text);
            window->m_composer->moveCursor(QTextCursor::End);
            window->m_composer->setFocus();
            QStringList links;
            for (const KnowledgeSource &source : answer.sources) {
                const QUrl url(source.url, QUrl::StrictMode);
                const bool web = url.scheme() == QLatin1String("https")
                    || url.scheme() == QLatin1String("http");
                links << (web ? QStringLiteral("<a href=\"%1\">%2</a>")
                                    .arg(url.toString(QUrl::FullyEncoded).toHtmlEscaped(),
                                        source.title.toHtmlEscaped())
                              : source.title.toHtmlEscaped());
            }
            window->m_draftSources->setText(
                //: Under the composer: the knowledge base articles a suggested reply is from
                tr("Sources: %1").arg(links.join(QStringLiteral(" · "))));
            window->m_draftSources->setVisible(!links.isEmpty());
            window->statusBar()->showMessage(
                tr("Suggested reply in the composer: read it, change it, then send it."),
                StatusMessageMs);
        });
}

void MainWindow::showSummary(const QString &sessionId)
{
    if (!m_console || sessionId.isEmpty())
        return;
    m_console->summarize(sessionId, ConsoleController::agentLanguage(),
        [window = QPointer(this), sessionId](const ConsoleController::CopilotAnswer &answer) {
            if (!window || !window->m_summaryBanner
                || window->m_console->openSessionId() != sessionId)
                return;
            if (!answer.error.isEmpty() || answer.text.trimmed().isEmpty())
                return; // nothing to say: no banner
            window->m_summaryText->setText(answer.text);
            window->m_summaryBanner->setProperty("sessionId", sessionId);
            window->m_summaryBanner->show();
        });
}

void MainWindow::translateMessage(qint64 seq)
{
    if (!m_console || m_console->openSessionId().isEmpty())
        return;
    const QString sessionId = m_console->openSessionId();
    m_conversationView->transcript()->setTranslation(seq, tr("Translating…"));
    m_console->translate(sessionId, seq, ConsoleController::agentLanguage(),
        [window = QPointer(this), sessionId, seq](const ConsoleController::CopilotAnswer &answer) {
            if (!window || !window->m_conversationView
                || window->m_console->openSessionId() != sessionId)
                return;
            QString shown;
            if (!answer.error.isEmpty())
                shown = tr("Not translated: %1").arg(answer.error);
            else if (!answer.translated)
                shown = tr("Not translated: translating needs an AI provider (mock mode "
                           "answers without one).");
            else
                //: Under a customer's message: its translation into the agent's language
                shown = tr("Translation: %1").arg(answer.text);
            window->m_conversationView->transcript()->setTranslation(seq, shown);
        });
}

KnowledgeWindow *MainWindow::openKnowledge()
{
    if (!m_console)
        return nullptr;
    if (!m_knowledgeWindow)
        m_knowledgeWindow = new KnowledgeWindow(*m_console, this);
    m_knowledgeWindow->show();
    m_knowledgeWindow->raise();
    m_knowledgeWindow->activateWindow();
    return m_knowledgeWindow;
}

OutboxDialog *MainWindow::openOutbox(bool failed)
{
    if (!m_console)
        return nullptr;
    if (!m_outboxDialog) {
        m_outboxDialog = new OutboxDialog(*m_console, this);
        m_console->loadOutbox();
    }
    if (failed) {
        m_outboxDialog->stateFilter()->setCurrentIndex(
            m_outboxDialog->stateFilter()->findData(QStringLiteral("failed")));
        m_outboxDialog->select(0);
    }
    m_outboxDialog->show();
    m_outboxDialog->raise();
    m_outboxDialog->activateWindow();
    return m_outboxDialog;
}

void MainWindow::showFailedMails()
{
    const int failed = m_console ? m_console->outbox()->failedCount() : 0;
    m_failedMails->setVisible(failed > 0);
    m_failedMails->setText(tr("%n e-mail(s) failed", nullptr, failed));
    m_failedMails->setToolTip(
        tr("Some e-mails did not reach customers: open the outbox to see why and retry"));
}

void MainWindow::openCommandPalette()
{
    if (!m_console)
        return;
    const QList<QAction *> actions { m_takeOver, m_takeNext, m_transfer, m_returnToAi,
        m_closeSession, m_nextConversation, m_previousConversation, m_find, m_mockMode,
        m_showConversations, m_showRateLimits, m_outboxAction, m_settingsAction, m_signIn,
        m_diagnostics };
    auto *palette = new CommandPalette(actions, *m_console->sessions(), this);
    palette->setAttribute(Qt::WA_DeleteOnClose);
    connect(palette, &CommandPalette::sessionChosen, this, [this](const QString &sessionId) {
        m_pages->setCurrentIndex(0);
        m_console->openSession(sessionId);
    });
    palette->open();
}

void MainWindow::buildLabelsMenu()
{
    m_labelsMenu->clear();
    if (!m_console)
        return;
    const SessionItem *session = m_console->openSessionItem();
    const QStringList carried = session ? session->labels : QStringList();
    const QList<LabelItem> labels = m_console->labels();
    for (const LabelItem &label : labels) {
        QAction *item = m_labelsMenu->addAction(label.name);
        item->setObjectName(QStringLiteral("label:") + label.name);
        item->setCheckable(true);
        item->setChecked(carried.contains(label.name, Qt::CaseInsensitive));
        QPixmap swatch(12, 12);
        swatch.fill(label.colour);
        item->setIcon(QIcon(swatch));
        item->setEnabled(session != nullptr);
        connect(item, &QAction::toggled, this, [this, name = label.name](bool on) {
            const SessionItem *open = m_console->openSessionItem();
            if (!open)
                return;
            QStringList names = open->labels;
            names.removeIf(
                [&name](const QString &n) { return !n.compare(name, Qt::CaseInsensitive); });
            if (on)
                names.append(name);
            m_console->setOpenSessionLabels(names);
        });
    }
    if (labels.isEmpty()) {
        QAction *none = m_labelsMenu->addAction(m_console->isAdmin()
                ? tr("No labels yet")
                : tr("No labels yet: an administrator adds them in Settings → Labels"));
        none->setEnabled(false);
    }
    if (m_console->isAdmin()) {
        m_labelsMenu->addSeparator();
        QAction *add = m_labelsMenu->addAction(tr("New label…"));
        add->setObjectName(QStringLiteral("newLabel"));
        add->setEnabled(session != nullptr);
        connect(add, &QAction::triggered, this, &MainWindow::newLabel);
    }
}

void MainWindow::newLabel()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New label"),
        tr("Name (letters, digits, spaces, - _ and ., up to 40):"), QLineEdit::Normal, {}, &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    const QString sessionId = m_console->openSessionId();
    m_console->addLabel(name, QColor(), [this, name, sessionId](const QString &error) {
        if (!error.isEmpty()) {
            statusBar()->showMessage(error, StatusMessageMs);
            return;
        }
        // And on the conversation it was made from.
        const SessionItem *open = m_console->openSessionItem();
        if (open && open->id == sessionId)
            m_console->setOpenSessionLabels(open->labels + QStringList { name });
    });
}

void MainWindow::showReadOnly()
{
    if (!m_readOnlyStrip || !m_console)
        return;
    const bool readOnly = m_console->isReadOnly();
    m_readOnlyStrip->setVisible(readOnly);
    m_composerArea->setVisible(!readOnly);
}

void MainWindow::openTransferDialog()
{
    const SessionItem *session = m_console ? m_console->openSessionItem() : nullptr;
    if (!session || !m_console->canTransfer())
        return;
    auto *dialog = new TransferDialog(session->customerLabel(), m_console->agentUsername(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setTeam(m_console->team());
    // Read again: presence and open conversations may have changed since the last time.
    connect(m_console, &ConsoleController::teamChanged, dialog,
        [this, dialog] { dialog->setTeam(m_console->team()); });
    m_console->loadTeam();
    connect(dialog, &TransferDialog::chosen, m_console, &ConsoleController::transfer);
    dialog->open();
}

void MainWindow::applyConsoleSettings()
{
    ConsoleSettings settings(m_settings);
    if (m_presence)
        m_presence->setIdleMinutes(settings.awayAfterIdleMinutes());
    const auto scheme = Appearance::schemeNamed(settings.appearance());
    if (scheme != m_appearance->scheme())
        m_appearance->setScheme(scheme);
    if (settings.language() != m_language) {
        m_language = settings.language();
        installTranslations(m_language); // every window gets a LanguageChange event
    }
    offerCannedResponses();
    m_notifier->setRepeatSeconds(settings.notificationRepeatSeconds());
    if (m_console)
        m_console->sessions()->setWaitThresholds(
            settings.waitAmberMinutes() * 60, settings.waitRedMinutes() * 60);
    m_notifier->setSoundEnabled(settings.notificationSound());
}

void MainWindow::offerCannedResponses()
{
    if (!m_composer)
        return;
    ConsoleSettings settings(m_settings);
    QList<CannedResponse> offered
        = m_console ? m_console->cannedResponses() : QList<CannedResponse>();
    // Until an administrator's console moved them: this console's own, where the server has
    // none of the same shortcut (a console that is not an administrator's keeps them so).
    if (!settings.cannedResponsesMigrated()) {
        for (const CannedResponse &local : settings.cannedResponses()) {
            const bool shared = std::any_of(
                offered.cbegin(), offered.cend(), [&local](const CannedResponse &response) {
                    return response.id != 0
                        && response.shortcut.compare(local.shortcut, Qt::CaseInsensitive) == 0;
                });
            if (!shared)
                offered.append(local);
        }
    }
    m_composer->setCannedResponses(offered);
}

void MainWindow::migrateLocalCannedResponses()
{
    ConsoleSettings settings(m_settings);
    if (!m_console || !m_console->isAdmin() || !m_console->cannedResponsesLoaded()
        || settings.cannedResponsesMigrated() || m_migratingCanned)
        return;
    m_migratingCanned = true;
    m_console->uploadCannedResponses(settings.cannedResponses(), [this](bool finished) {
        m_migratingCanned = false;
        if (!finished)
            return; // tried again at the next reconnect
        ConsoleSettings(m_settings).setCannedResponsesMigrated(true);
        m_settings.sync();
        offerCannedResponses();
    });
}

} // namespace frontline::ui
