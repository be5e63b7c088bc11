// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMainWindow>
#include <QPointer>

class QAction;
class QImage;
class QLabel;
class QMenu;
class QPushButton;
class QSettings;
class QTabBar;
class QTabWidget;
class QToolBar;
class QToolButton;

class QStackedWidget;

namespace frontline::ui {

class Appearance;
class PendingAttachments;
struct AttachmentItem;
class WelcomePane;
class WaitingBanner;
class Composer;
class ConsoleController;
class ConversationView;
class ConsolePresence;
class CustomerPanel;
class PresenceButton;
class DiagnosticsDialog;
class KnowledgeWindow;
class OutboxDialog;
class ProblemBanner;
class EventLoopLag;
class RateLimitsView;
class SessionListPanel;
class SettingsDialog;
class WaitingNotifier;

// The console: sessions on the left, the open conversation with its composer in the middle,
// the customer on the right, rate limits on a second tab; actions in the toolbar with their
// shortcuts; the AI provider, the server and the live connection in the status bar.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;
    Q_DISABLE_COPY_MOVE(MainWindow)

    // Starts the console against a Frontline server (the embedded one on loopback, or remote).
    void connectTo(const QUrl &server, const QString &token);
    void showServing(const QString &url);
    void showBackendFailed(const QString &message);

    ConsoleController *console() const { return m_console; }
    SessionListPanel *sessionList() const { return m_sessionList; }
    ConversationView *conversationView() const { return m_conversationView; }
    WelcomePane *welcomePane() const { return m_welcome; }
    WaitingBanner *waitingBanner() const { return m_waitingBanner; }
    Composer *composer() const { return m_composer; }
    // Reply (0) or Note (1): what the composer sends.
    QTabBar *composerMode() const { return m_composerMode; }
    // The attachments of the reply being written (chips above the composer).
    PendingAttachments *pendingAttachments() const { return m_pending; }
    QToolButton *attachButton() const { return m_attach; }
    QAction *attachAction() const { return m_attachAction; }
    // What "Attach a file…" (Ctrl+O) does once files are chosen, and what dropping files or
    // pasting an image does: each is uploaded to the open conversation for the next reply.
    void attachFiles(const QStringList &paths);
    void attachImage(const QImage &image);
    // Opens the viewer of an attachment (its dialog, AttachmentViewer).
    void openAttachment(const AttachmentItem &attachment);
    CustomerPanel *customerPanel() const { return m_customerPanel; }
    RateLimitsView *rateLimitsView() const { return m_rateLimitsView; }
    WaitingNotifier *notifier() const { return m_notifier; }
    QAction *takeOverAction() const { return m_takeOver; }
    QAction *takeNextWaitingAction() const { return m_takeNext; }
    QAction *nextConversationAction() const { return m_nextConversation; }
    QAction *previousConversationAction() const { return m_previousConversation; }
    QAction *commandPaletteAction() const { return m_palette; }
    QAction *returnToAiAction() const { return m_returnToAi; }
    QAction *closeSessionAction() const { return m_closeSession; }
    QAction *transferAction() const { return m_transfer; }
    QAction *labelsAction() const { return m_labelsAction; }
    QMenu *labelsMenu() const { return m_labelsMenu; }
    QWidget *readOnlyStrip() const { return m_readOnlyStrip; }
    ConsolePresence *consolePresence() const { return m_presence; }
    PresenceButton *presenceButton() const { return m_presenceButton; }
    QAction *mockModeAction() const { return m_mockMode; }
    QAction *signInAction() const { return m_signIn; }
    QTabWidget *pages() const { return m_pages; }
    ProblemBanner *problemBanner() const { return m_banner; }
    QAction *outboxAction() const { return m_outboxAction; }
    QAction *knowledgeAction() const { return m_knowledgeAction; }
    QAction *suggestAction() const { return m_suggestAction; }
    QLabel *draftSources() const { return m_draftSources; }
    QWidget *summaryBanner() const { return m_summaryBanner; }
    QLabel *summaryText() const { return m_summaryText; }
    // Asks the copilot for a draft reply to the open conversation, put in the composer.
    void suggestReply();
    // Shows the summary of the open conversation in the banner above the transcript.
    void showSummary(const QString &sessionId);
    // Asks for the translation of the open conversation's message `seq`, shown under it.
    void translateMessage(qint64 seq);
    // The status bar's "2 e-mails failed", shown while some are; it opens the outbox.
    QToolButton *failedMailsButton() const { return m_failedMails; }
    // Opens the outbox window (showing the failed e-mails only, when `failed`).
    OutboxDialog *openOutbox(bool failed = false);
    // The knowledge base window (Ctrl+Shift+K), made when first opened.
    KnowledgeWindow *openKnowledge();

private:
    void changeEvent(QEvent *event) override;
    void createActions();
    // Every action's and button's icon again, drawn for the current palette.
    void applyIcons();
    void retranslateActions();
    void retranslate();
    // The pages (conversations, rate limits) and the connections of their widgets; built
    // again when the language changes.
    void buildPages();
    // The pages, and the connections to the controller and actions, made once per connection.
    void buildConsole();
    void showConnectionState();
    // The banner says what stops the agent's work now, or hides.
    void showProblem();
    void showServerState();
    void showWindowTitle(); // with the count of waiting sessions
    void showFailedMails();
    void updateActions();
    bool noteMode() const;
    // The composer's look and words for its mode: a note is tinted amber and says that the
    // customer never sees it.
    void showComposerMode();
    void sendComposed(const QString &text);
    void chooseAttachments(); // the file dialog of "Attach a file…"
    bool canAttach() const; // a reply (not a note) to a conversation of this agent's
    void updateConversationHeader();
    // The conversation while one is open, the welcome pane while none is.
    void showMiddlePane();
    void showSettings(const QJsonObject &settings);
    void openSettingsDialog();
    void openCommandPalette();
    // Transfer…: the team with their presence, to hand the open conversation over.
    void openTransferDialog();
    // The Labels menu: a checkable action per label (objectName "label:" + name) and, for
    // administrators, "New label…".
    void buildLabelsMenu();
    void newLabel();
    // The strip of an earlier conversation read only, the composer hidden meanwhile.
    void showReadOnly();
    // A remote server refused the token: sign in with a password, no restart.
    void openSignInDialog();
    void applyConsoleSettings();
    // The composer offers the server's canned responses, and this console's own until they
    // are moved to the server; an administrator's console moves them, once.
    void offerCannedResponses();
    void migrateLocalCannedResponses();

    bool m_migratingCanned = false;
    QSettings &m_settings;
    QString m_language; // as chosen in the settings: "" follows the system
    ConsoleController *m_console = nullptr;
    Appearance *m_appearance = nullptr;
    QTabWidget *m_pages = nullptr;
    ProblemBanner *m_banner = nullptr;
    SessionListPanel *m_sessionList = nullptr;
    QLabel *m_conversationHeader = nullptr;
    QLabel *m_customerTyping = nullptr; // "Customer is typing…" under the transcript
    ConversationView *m_conversationView = nullptr;
    WelcomePane *m_welcome = nullptr;
    WaitingBanner *m_waitingBanner = nullptr;
    QString m_failedSession; // the open conversation whose messages could not be read
    QStackedWidget *m_middle = nullptr;
    Composer *m_composer = nullptr;
    QTabBar *m_composerMode = nullptr;
    QPushButton *m_send = nullptr;
    PendingAttachments *m_pending = nullptr;
    QToolButton *m_attach = nullptr;
    // The copilot: Suggest a reply (Ctrl+J) and the sources of its draft under the composer,
    // the summary shown when this agent takes a conversation over.
    QAction *m_suggestAction = nullptr;
    QToolButton *m_suggest = nullptr;
    QLabel *m_draftSources = nullptr;
    QWidget *m_summaryBanner = nullptr;
    QLabel *m_summaryText = nullptr;
    QAction *m_attachAction = nullptr;
    CustomerPanel *m_customerPanel = nullptr;
    RateLimitsView *m_rateLimitsView = nullptr;
    WaitingNotifier *m_notifier = nullptr;
    QPointer<SettingsDialog> m_settingsDialog;
    QAction *m_takeOver = nullptr;
    QAction *m_takeNext = nullptr;
    QAction *m_nextConversation = nullptr;
    QAction *m_previousConversation = nullptr;
    QAction *m_palette = nullptr;
    QAction *m_returnToAi = nullptr;
    QAction *m_closeSession = nullptr;
    QAction *m_transfer = nullptr;
    QAction *m_labelsAction = nullptr;
    QMenu *m_labelsMenu = nullptr;
    QWidget *m_readOnlyStrip = nullptr;
    QWidget *m_composerArea = nullptr;
    ConsolePresence *m_presence = nullptr; // of m_console
    PresenceButton *m_presenceButton = nullptr;
    QAction *m_mockMode = nullptr;
    QAction *m_find = nullptr;
    QAction *m_settingsAction = nullptr;
    QAction *m_showConversations = nullptr;
    QAction *m_showRateLimits = nullptr;
    QAction *m_diagnostics = nullptr;
    QAction *m_signIn = nullptr;
    EventLoopLag *m_lag = nullptr;
    QPointer<DiagnosticsDialog> m_diagnosticsDialog;
    QAction *m_outboxAction = nullptr;
    QAction *m_knowledgeAction = nullptr;
    QPointer<OutboxDialog> m_outboxDialog;
    QPointer<KnowledgeWindow> m_knowledgeWindow;
    QToolButton *m_failedMails = nullptr;
    QLabel *m_providerState = nullptr;
    QLabel *m_serverState = nullptr;
    QLabel *m_connectionState = nullptr;
    QToolBar *m_toolbar = nullptr;

    // What the status bar shows, kept to be shown again in another language.
    enum class ConnectionState { SigningIn, NotSignedIn, Live, Disconnected };
    ConnectionState m_connection = ConnectionState::SigningIn;
    QString m_disconnectedDetail;
    QString m_signInProblem;
    QString m_assistantState; // as the server last said ("ok", "unreachable"...)
    QString m_servingUrl;
    QString m_backendFailure;
    QJsonObject m_openUsage; // the open session's customer usage, as last loaded
};

} // namespace frontline::ui
