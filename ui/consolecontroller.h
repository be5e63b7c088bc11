// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/knowledge.h"
#include "models/consoleitems.h"
#include "models/ratelimithitsmodel.h"
#include "settings/cannedresponse.h"

#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUrl>

namespace frontline::ui {

class AgentClient;
class AgentEventStream;
class AttachmentCache;
class Conversation;
class OutboxModel;
class SessionListModel;
struct ApiResult;

// What the console knows and does, without any widget: it signs in, keeps the models current
// from the event stream (re-reading everything after each reconnect), and performs the
// agent's actions through the agent API. The same for the embedded backend and a remote one.
class ConsoleController final : public QObject
{
    Q_OBJECT
public:
    ConsoleController(const QUrl &server, const QString &token, QObject *parent = nullptr);
    ~ConsoleController() override;
    Q_DISABLE_COPY_MOVE(ConsoleController)

    void start();
    // The agent's Retry: signs in again, or reconnects the event stream, now.
    void retryNow();
    bool isSignedIn() const { return !m_username.isEmpty(); }

    QUrl server() const;
    QString agentUsername() const { return m_username; }
    bool isAdmin() const { return m_admin; }
    bool isConnected() const;
    QJsonObject settings() const { return m_settings; }

    SessionListModel *sessions() const { return m_sessions; }
    Conversation *conversation() const { return m_conversation; }
    RateLimitHitsModel *rateLimitHits() const { return m_hits; }
    AttachmentCache *attachments() const { return m_attachments; }
    // The outbox: the newest e-mails and every failed one, live from the `mail` events.
    OutboxModel *outbox() const { return m_outbox; }
    // Whether the server has an outbox (false for one older than e-mail, until it answers).
    bool hasOutbox() const { return m_hasOutbox; }
    void loadOutbox();
    // Administrators: POST /api/agent/outbox/{id}/retry, a failed mail queued again now.
    void retryMail(qint64 id);

    // The session shown in the conversation view ("" for none).
    void openSession(const QString &sessionId);
    QString openSessionId() const;
    const SessionItem *openSessionItem() const;
    bool canTakeOver() const;
    bool canReturnToAi() const;
    bool canClose() const;
    bool canReply() const;
    bool canNote() const; // any open conversation, mine or not, closed or not
    bool canLabel() const; // any open conversation, not one read only
    // The session whose customer the customer panel shows: the open one, or while an earlier
    // conversation is read, the one it was opened from.
    const SessionItem *customerSessionItem() const;
    // Mine, or any that is not closed for an administrator.
    bool canTransfer() const;

    void takeOver();
    // Opens the customer who has waited longest and takes them over.
    void takeNextWaiting();
    void returnToAi();
    // Whether the agent can see the open conversation (the console's window is active): what
    // arrives in it counts as read only then, and what came meanwhile once the agent is back.
    void setAgentLooking(bool looking);
    void closeSession();
    // Hands the open conversation to `username`, or back to the queue when it is "".
    void transfer(const QString &username);
    // The team as the server last listed it, with presence kept by the `presence` events;
    // loadTeam() reads it again (before a transfer is chosen: the open conversations change).
    QList<TeamMember> team() const { return m_team; }
    void loadTeam();
    // This agent's presence as the server says it ("online", "away", "offline"; "" until
    // known), and PUT /api/agent/me/presence ("online" or "away").
    QString presence() const { return m_presence; }
    void setPresence(const QString &status);
    // The reply: its text (which may be empty when it has attachments) and the ids of the
    // attachments uploaded for it; `done(true)` once the server has it.
    void reply(const QString &text, const QStringList &attachmentIds = {},
        std::function<void(bool sent)> done = {});
    // POST /api/agent/sessions/{id}/attachments (see AgentClient::uploadAttachment).
    void uploadAttachment(const QString &sessionId, const QString &filename,
        const QByteArray &bytes, const QString &clientId,
        std::function<void(qint64 sent, qint64 total)> progress,
        std::function<void(const ApiResult &)> done);
    // An internal note on the open conversation, whoever owns it (or nobody): the customer
    // never sees it. A failure comes back as noteFailed, with the text to keep it.
    void note(const QString &text);
    // The agent edits the reply in the composer: the customer is told the owner types, at most
    // every TypingEveryMs, and only while the open conversation is this agent's.
    void composerEdited(const QString &text);
    static constexpr int TypingEveryMs = 3000;
    // How long "Customer is typing…" stays without another typing event.
    static constexpr int CustomerTypingShownMs = 5000;
    void setMockMode(bool on);
    void setRateLimits(const QString &policy); // administrators; "" for the defaults
    void setProvider(
        const QJsonObject &change); // administrators: the agent API's "provider" object
    // Administrators: the name customers see of the administrator ("" for the default).
    void setAdministratorName(const QString &name);
    // The whole auto-assignment policy, as the settings' `autoAssignment`.
    void setAutoAssignment(const QJsonObject &policy);
    // The settings' whole `businessHours`, as an administrator edited it.
    void setBusinessHours(const QJsonObject &hours);
    // The settings' whole `preChat` form, as an administrator edited it.
    void setPreChat(const QJsonObject &form);
    // PUT /api/agent/me: the name customers see of this agent (for the built-in
    // administrator, the administrator's name setting).
    void setDisplayName(const QString &name);
    // POST /api/agent/me/password; `done` gets "" once changed (this console stays signed
    // in), else the server's words.
    void changePassword(const QString &currentPassword, const QString &newPassword,
        std::function<void(const QString &error)> done);
    QString displayName() const { return m_displayName; }
    void search(const QString &text); // the server's search over every message

    // Labels: the server's list (loadLabels() reads it again; a `labels` event does too).
    QList<LabelItem> labels() const { return m_labels; }
    void loadLabels();
    // The open conversation carries exactly these labels (by name) afterwards.
    void setOpenSessionLabels(const QStringList &names);
    // Administrators: `done` gets "" once done, else the server's words.
    void addLabel(const QString &name, const QColor &colour,
        std::function<void(const QString &error)> done = {});
    void changeLabel(qint64 id, const QString &name, const QColor &colour,
        std::function<void(const QString &error)> done = {});
    void removeLabel(qint64 id, std::function<void(const QString &error)> done = {});

    // The customer's earlier conversations: pastConversationsLoaded answers.
    void loadPastConversations(const QString &sessionId);
    // Opens an earlier conversation read only (every action refused) until
    // backToConversation(), which opens the conversation it was reached from again.
    void viewPastConversation(const QString &sessionId);
    void backToConversation();
    bool isReadOnly() const { return !m_viewing.isEmpty() && m_viewing == openSessionId(); }
    // The session an earlier conversation was opened from ("" while none is read).
    QString returnToSessionId() const { return m_returnTo; }
    // The canned responses the server shares, by shortcut, kept current by the `canned`
    // events (and read again on each reconnect).
    QList<CannedResponse> cannedResponses() const { return m_canned; }
    bool cannedResponsesLoaded() const { return m_cannedLoaded; }
    // Administrators: makes the server's list what `edited` is (each id 0 added, each one
    // changed updated, each one missing removed); what the server refuses comes back as
    // actionFailed, and the list as the server has it through the events.
    void saveCannedResponses(const QList<CannedResponse> &edited);
    // Administrators: uploads those of `local` whose shortcut the server has none of (as
    // loaded). `done(true)` once every one is stored, taken already or refused for good (an
    // invalid shortcut), `done(false)` when one may yet be stored (try again later).
    void uploadCannedResponses(
        const QList<CannedResponse> &local, std::function<void(bool finished)> done);
    // The values of a canned response's variables in the open conversation (CannedTemplate).
    QHash<QString, QString> cannedValues() const;
    // Lifts the key's block, and those of the sessions it limited (a customer is refused by
    // whichever of its keys ran out first).
    void liftRateLimit(const QString &keyKind, const QString &key);
    void reloadRateLimits();

    // The knowledge base (GET /api/agent/knowledge), by title: every agent reads it, only
    // administrators change it. Read when first asked for (the knowledge window), then kept
    // current by the `knowledge` events and each reconnect; knowledgeChanged answers.
    QList<KnowledgeArticle> knowledgeArticles() const { return m_knowledge; }
    bool knowledgeLoaded() const { return m_knowledgeLoaded; }
    void loadKnowledge();
    // Administrators: POST (id 0) or PUT /api/agent/knowledge[/{id}]; `done` gets the
    // article as the server stored it and "", or the server's words.
    using KnowledgeDone = std::function<void(const KnowledgeArticle &saved, const QString &error)>;
    void saveKnowledgeArticle(const KnowledgeArticle &article, KnowledgeDone done);
    void removeKnowledgeArticle(qint64 id, std::function<void(const QString &error)> done);
    // The customers' questions the knowledge base had no answer to, newest first
    // (GET /api/agent/knowledge/unanswered); unansweredQuestionsChanged answers.
    QList<UnansweredQuestion> unansweredQuestions() const { return m_unanswered; }
    void loadUnansweredQuestions();
    // Administrators: DELETE /api/agent/knowledge/unanswered/{id}.
    void dismissUnansweredQuestion(qint64 id, std::function<void(const QString &error)> done);
    static KnowledgeArticle knowledgeArticleFromJson(const QJsonObject &json);

    // The copilot (its answers are never sent by themselves): a draft reply from the
    // conversation and the knowledge base, a summary of the conversation, a customer's
    // message in the agent's language. `done` gets what the server answered, or its error.
    struct CopilotAnswer
    {
        QString text;
        QList<KnowledgeSource> sources;
        bool translated = true; // false: the text is the message as it was (mock mode)
        QString provider;
        QString error; // "" on success
    };
    using CopilotDone = std::function<void(const CopilotAnswer &answer)>;
    // POST /api/agent/sessions/{id}/suggest: a reply to the customer, in their language when
    // `locale` is empty.
    void suggestReply(const QString &sessionId, const QString &locale, CopilotDone done);
    // GET /api/agent/sessions/{id}/summary?locale=: for the agent, in `locale` (agentLanguage()).
    void summarize(const QString &sessionId, const QString &locale, CopilotDone done);
    // POST /api/agent/sessions/{id}/translate, the message of `seq` into `to`.
    void translate(const QString &sessionId, qint64 seq, const QString &to, CopilotDone done);
    // The language the agent reads, as the copilot knows them: "fr" when the console is in
    // French, else "en".
    static QString agentLanguage();

Q_SIGNALS:
    void signedIn(const QString &displayName, bool admin);
    void signInFailed(const QString &message);
    void connectionChanged(bool connected, const QString &detail);
    void settingsChanged(const QJsonObject &settings);
    void openSessionChanged(); // its state changed, or another one was opened
    void usageLoaded(const QString &sessionId, const QJsonObject &usage); // empty: none recorded
    void searchMatched(const QString &text, const QSet<QString> &sessionIds);
    // A hit came live; `newHits` of its count are new (a row grows while its second lasts).
    void rateLimitHit(const frontline::ui::RateLimitHitItem &hit, qint64 newHits);
    void hitsPerMinuteLoaded(const QList<QPair<QDateTime, int>> &minutes);
    void replyFailed(const QString &text, const QString &message); // the text, to keep it
    void noteFailed(const QString &text, const QString &message);
    // A note of `by` names the signed-in agent in `sessionId` (the agents' `mention` event).
    void mentioned(const QString &sessionId, const QString &by, const QString &customer);
    void actionFailed(const QString &message);
    // The open conversation's messages could not be read (it is read again on reconnect).
    void conversationFailed(const QString &sessionId, const QString &message);
    void actionDone(const QString &message);
    void tookOver(const QString &sessionId); // this agent owns it now (Take over answered)
    void teamChanged();
    void cannedResponsesChanged();
    void presenceChanged(const QString &status); // this agent's own
    // Another agent, an administrator or auto-assignment gave this agent the conversation
    // with `customer`; `from` is the name of the agent who had it ("" when it came from the
    // queue).
    void labelsChanged();
    // `reason`: why there are none, or what went wrong; "" when the list says all.
    void pastConversationsLoaded(const QString &sessionId,
        const QList<frontline::ui::PastConversationItem> &conversations, const QString &reason);
    void transferredToMe(const QString &sessionId, const QString &from, const QString &customer);
    // The outbox was read again; `error` says why it could not be ("" when it was, and when
    // the server has no outbox: see hasOutbox()).
    void outboxLoaded(const QString &error);
    // The knowledge base was read again; `error` says why it could not be ("" when it was).
    void knowledgeChanged(const QString &error);
    void unansweredQuestionsChanged(const QString &error);

private:
    void resynchronise();
    void loadSessions();
    void loadMessages(const QString &sessionId, qint64 after);
    void loadSettings();
    void loadCannedResponses();
    void absorbCannedEvent(const QJsonObject &data);
    void loadUsage(const SessionItem &session);
    void loadMails(const QString &sessionId);
    void markRead();
    void onEvent(const QString &name, const QJsonObject &data);
    void sessionAction(const QString &verb, const QString &doneText);
    void absorbSessions(const ApiResult &result);
    QString memberName(const QString &username) const; // the display name, else the username
    void noticeTransferToMe(const SessionItem &session);
    // The customer of `sessionId` types (for CustomerTypingShownMs), or stopped.
    void setCustomerTyping(const QString &sessionId, bool typing);

    AgentClient *m_client;
    AgentEventStream *m_events;
    SessionListModel *m_sessions;
    Conversation *m_conversation;
    RateLimitHitsModel *m_hits;
    AttachmentCache *m_attachments;
    OutboxModel *m_outbox;
    bool m_hasOutbox = false;
    QString m_username;
    QString m_displayName;
    bool m_admin = false;
    QJsonObject m_settings;
    QTimer m_markRead; // coalesces "read up to here" while messages stream in
    // Per session whose customer typed a moment ago: forgets it after a few quiet seconds.
    QHash<QString, QTimer *> m_customerTyping;
    QElapsedTimer m_typingSent; // since this agent's typing was last told (invalid: never)
    static constexpr int FirstSignInRetryMs = 1000;
    static constexpr int MaxSignInRetryMs = 15000;
    int m_signInRetryMs = FirstSignInRetryMs; // doubles while the sign-in keeps failing
    QTimer m_signInRetry;
    bool m_agentLooking = true;
    bool m_readWhenLooking = false; // a mark of read waits for the agent to look
    QList<TeamMember> m_team;
    QList<CannedResponse> m_canned;
    QList<KnowledgeArticle> m_knowledge;
    bool m_knowledgeLoaded = false;
    bool m_knowledgeWanted = false; // asked for once: kept current from then on
    QList<UnansweredQuestion> m_unanswered;
    bool m_unansweredWanted = false;
    bool m_cannedLoaded = false;
    QString m_presence;
    QList<LabelItem> m_labels;
    QString m_viewing; // an earlier conversation read only
    QString m_returnTo; // the conversation it was opened from
    QSet<QString> m_claiming; // this console's own claims on their way: no "to me" news
};

} // namespace frontline::ui
