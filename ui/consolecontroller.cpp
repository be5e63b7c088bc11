// SPDX-License-Identifier: GPL-3.0-or-later
#include "consolecontroller.h"

#include "client/agentclient.h"
#include "client/agenteventstream.h"
#include "client/attachmentcache.h"
#include "core/translations.h"
#include "domain/ratelimitkey.h"
#include "domain/role.h"
#include "models/conversation.h"
#include "models/outboxmodel.h"
#include "models/sessionfilterproxy.h"
#include "models/sessionlistmodel.h"
#include "security/ratelimiter.h"

#include <QJsonArray>
#include <QLocale>
#include <QLoggingCategory>
#include <QSet>
#include <QUuid>

#include <algorithm>

namespace frontline::ui {

namespace {

Q_LOGGING_CATEGORY(lcConsole, "frontline.console")

constexpr int PageSize = 200;

QString sessionPath(const QString &sessionId, const QString &what)
{
    return QStringLiteral("/api/agent/sessions/")
        + QString::fromLatin1(QUrl::toPercentEncoding(sessionId)) + QLatin1Char('/') + what;
}

} // namespace

ConsoleController::ConsoleController(const QUrl &server, const QString &token, QObject *parent)
    : QObject(parent)
    , m_client(new AgentClient(server, token, this))
    , m_events(new AgentEventStream(*m_client, this))
    , m_sessions(new SessionListModel(this))
    , m_conversation(new Conversation(this))
    , m_hits(new RateLimitHitsModel(this))
    , m_attachments(new AttachmentCache(*m_client, this))
    , m_outbox(new OutboxModel(this))
{
    m_hits->setSessions(m_sessions);
    connect(m_events, &AgentEventStream::connected, this, [this] {
        m_attachments->forgetFailures(); // a thumbnail the network lost is fetched again
        Q_EMIT connectionChanged(true, QString());
        resynchronise();
    });
    connect(m_events, &AgentEventStream::disconnected, this,
        [this](const QString &reason) { Q_EMIT connectionChanged(false, reason); });
    connect(m_events, &AgentEventStream::eventReceived, this, &ConsoleController::onEvent);
    connect(m_events, &AgentEventStream::tokenRefused, this, [this] {
        Q_EMIT signInFailed(
            tr("Your sign-in has ended: it was signed out, expired or revoked, or the agent was "
               "removed. Set a valid token in Settings → Connection to sign in again."));
    });
    m_markRead.setSingleShot(true);
    m_markRead.setInterval(300);
    connect(&m_markRead, &QTimer::timeout, this, &ConsoleController::markRead);

    m_signInRetry.setSingleShot(true);
    connect(&m_signInRetry, &QTimer::timeout, this, &ConsoleController::start);
}

ConsoleController::~ConsoleController() = default;

void ConsoleController::start()
{
    m_client->get(QStringLiteral("/api/agent/me"), {}, [this](const ApiResult &result) {
        if (!result.ok()) {
            Q_EMIT signInFailed(
                result.status == 401 ? tr(
                    "The server refused the agent token. Set a valid one in Settings → Connection "
                    "('frontline agent add NAME' creates one).")
                                     : result.errorText);
            // Not up yet, gone, busy, or without its database: keep trying in the background,
            // less often the longer it lasts. A refused token waits for the agent instead.
            if (result.status == 0 || result.status == 429 || result.status >= 500) {
                m_signInRetry.start(m_signInRetryMs);
                m_signInRetryMs = std::min(2 * m_signInRetryMs, MaxSignInRetryMs);
            }
            return;
        }
        m_signInRetryMs = FirstSignInRetryMs;
        m_username = result.body.value(QStringLiteral("username")).toString();
        m_displayName = result.body.value(QStringLiteral("displayName")).toString();
        m_admin = agentRoleFromName(result.body.value(QStringLiteral("role")).toString())
            == AgentRole::Admin;
        m_sessions->setCurrentAgent(m_username);
        qCInfo(lcConsole, "Signed in to %s as %s", qUtf8Printable(m_client->server().toString()),
            qUtf8Printable(m_username));
        Q_EMIT signedIn(m_displayName, m_admin);
        m_events->start();
    });
}

void ConsoleController::retryNow()
{
    if (isSignedIn()) {
        m_events->reconnectNow();
        return;
    }
    m_signInRetry.stop();
    m_signInRetryMs = FirstSignInRetryMs;
    start();
}

QUrl ConsoleController::server() const
{
    return m_client->server();
}

bool ConsoleController::isConnected() const
{
    return m_events->isConnected();
}

void ConsoleController::resynchronise()
{
    // Whatever happened while the stream was down is read again: the session list, the open
    // conversation after the last seq it has, the settings and the rate-limit hits.
    loadSessions();
    if (!m_conversation->sessionId().isEmpty()) {
        loadMessages(m_conversation->sessionId(), m_conversation->lastSeq());
        loadMails(m_conversation->sessionId());
    }
    loadSettings();
    loadOutbox();
    reloadRateLimits();
    loadTeam();
    loadLabels();
    loadCannedResponses();
    if (m_knowledgeWanted)
        loadKnowledge();
    if (m_unansweredWanted)
        loadUnansweredQuestions();
}

void ConsoleController::loadLabels()
{
    m_client->get(QStringLiteral("/api/agent/labels"), {}, [this](const ApiResult &result) {
        if (!result.ok())
            return;
        m_labels.clear();
        QHash<QString, QColor> colours;
        for (const QJsonValue &value : result.body.value(QStringLiteral("labels")).toArray()) {
            m_labels.append(LabelItem::fromJson(value.toObject()));
            colours.insert(m_labels.last().name.toCaseFolded(), m_labels.last().colour);
        }
        m_sessions->setLabelColours(colours);
        Q_EMIT labelsChanged();
    });
}

void ConsoleController::setOpenSessionLabels(const QStringList &names)
{
    const QString sessionId = m_conversation->sessionId();
    if (sessionId.isEmpty() || isReadOnly())
        return;
    m_client->put(sessionPath(sessionId, QStringLiteral("labels")),
        { { QStringLiteral("labels"), QJsonArray::fromStringList(names) } },
        [this](const ApiResult &result) {
            if (!result.ok())
                Q_EMIT actionFailed(result.errorText);
            // The session event brings the labels to every console, this one too.
        });
}

void ConsoleController::addLabel(
    const QString &name, const QColor &colour, std::function<void(const QString &)> done)
{
    QJsonObject body { { QStringLiteral("name"), name } };
    if (colour.isValid())
        body.insert(QStringLiteral("colour"), colour.name());
    m_client->post(
        QStringLiteral("/api/agent/labels"), body, [this, done](const ApiResult &result) {
            if (result.ok())
                loadLabels();
            if (done)
                done(result.errorText);
        });
}

void ConsoleController::changeLabel(
    qint64 id, const QString &name, const QColor &colour, std::function<void(const QString &)> done)
{
    QJsonObject body;
    if (!name.isEmpty())
        body.insert(QStringLiteral("name"), name);
    if (colour.isValid())
        body.insert(QStringLiteral("colour"), colour.name());
    m_client->put(QStringLiteral("/api/agent/labels/%1").arg(id), body,
        [this, done](const ApiResult &result) {
            if (result.ok())
                loadLabels();
            if (done)
                done(result.errorText);
        });
}

void ConsoleController::removeLabel(qint64 id, std::function<void(const QString &)> done)
{
    m_client->remove(
        QStringLiteral("/api/agent/labels/%1").arg(id), [this, done](const ApiResult &result) {
            if (result.ok())
                loadLabels();
            if (done)
                done(result.errorText);
        });
}

void ConsoleController::loadPastConversations(const QString &sessionId)
{
    if (sessionId.isEmpty())
        return;
    m_client->get(sessionPath(sessionId, QStringLiteral("past")), {},
        [this, sessionId](const ApiResult &result) {
            QList<PastConversationItem> past;
            for (const QJsonValue &value :
                result.body.value(QStringLiteral("conversations")).toArray())
                past.append(PastConversationItem::fromJson(value.toObject()));
            Q_EMIT pastConversationsLoaded(sessionId, past,
                result.ok() ? result.body.value(QStringLiteral("reason")).toString()
                            : result.errorText);
        });
}

void ConsoleController::viewPastConversation(const QString &sessionId)
{
    if (sessionId.isEmpty() || sessionId == m_conversation->sessionId())
        return;
    if (m_returnTo.isEmpty())
        m_returnTo = m_conversation->sessionId();
    m_viewing = sessionId;
    openSession(sessionId);
}

void ConsoleController::backToConversation()
{
    if (m_returnTo.isEmpty())
        return;
    const QString back = m_returnTo;
    m_returnTo.clear();
    m_viewing.clear();
    openSession(back);
}

void ConsoleController::loadSessions()
{
    // The most recent sessions, and every one that is waiting or assigned however old.
    const auto absorb = [this](const ApiResult &result) { absorbSessions(result); };
    QUrlQuery recent;
    recent.addQueryItem(QStringLiteral("limit"), QString::number(PageSize));
    m_client->get(QStringLiteral("/api/agent/sessions"), recent, absorb);
    for (const QString &status : { QStringLiteral("WAITING"), QStringLiteral("ASSIGNED") }) {
        QUrlQuery query = recent;
        query.addQueryItem(QStringLiteral("status"), status);
        m_client->get(QStringLiteral("/api/agent/sessions"), query, absorb);
    }
}

void ConsoleController::absorbSessions(const ApiResult &result)
{
    if (!result.ok()) {
        Q_EMIT actionFailed(result.errorText);
        return;
    }
    const QString open = m_conversation->sessionId();
    const SessionItem *before = m_sessions->find(open);
    const QString statusBefore = before ? before->status + before->assignedAgent : QString();
    for (const QJsonValue &value : result.body.value(QStringLiteral("sessions")).toArray())
        m_sessions->upsert(SessionItem::fromJson(value.toObject()), true);
    const SessionItem *after = m_sessions->find(open);
    if (after && after->status + after->assignedAgent != statusBefore)
        Q_EMIT openSessionChanged();
}

void ConsoleController::loadMessages(const QString &sessionId, qint64 after)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("after"), QString::number(after));
    query.addQueryItem(QStringLiteral("limit"), QString::number(PageSize));
    m_client->get(sessionPath(sessionId, QStringLiteral("messages")), query,
        [this, sessionId](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(result.errorText);
                if (sessionId == m_conversation->sessionId())
                    Q_EMIT conversationFailed(sessionId, result.errorText);
                return;
            }
            if (sessionId != m_conversation->sessionId())
                return; // the agent has moved on
            QList<MessageItem> messages;
            for (const QJsonValue &value : result.body.value(QStringLiteral("messages")).toArray())
                messages.append(MessageItem::fromJson(value.toObject()));
            m_conversation->merge(messages);
            if (result.body.value(QStringLiteral("hasMore")).toBool() && !messages.isEmpty())
                loadMessages(sessionId, messages.last().seq);
            else
                m_markRead.start();
        });
}

void ConsoleController::loadSettings()
{
    m_client->get(QStringLiteral("/api/agent/settings"), {}, [this](const ApiResult &result) {
        if (!result.ok())
            return;
        m_settings = result.body;
        Q_EMIT settingsChanged(m_settings);
    });
}

void ConsoleController::loadMails(const QString &sessionId)
{
    m_client->get(sessionPath(sessionId, QStringLiteral("mails")), {},
        [this, sessionId](const ApiResult &result) {
            // A server older than e-mail (404) has none to show: nothing is marked.
            if (!result.ok() || sessionId != m_conversation->sessionId())
                return;
            QList<MailItem> mails;
            for (const QJsonValue &value : result.body.value(QStringLiteral("mails")).toArray())
                mails.append(MailItem::fromJson(value.toObject()));
            m_conversation->setMails(mails);
        });
}

void ConsoleController::loadOutbox()
{
    // The newest mails, and the failed ones however old: those are what agents act on.
    QUrlQuery newest;
    newest.addQueryItem(QStringLiteral("limit"), QString::number(PageSize));
    QUrlQuery failed = newest;
    failed.addQueryItem(QStringLiteral("state"), QStringLiteral("failed"));
    for (const QUrlQuery &query : { newest, failed }) {
        m_client->get(QStringLiteral("/api/agent/outbox"), query, [this](const ApiResult &result) {
            if (result.status == 404) { // a server older than the outbox
                m_hasOutbox = false;
                Q_EMIT outboxLoaded(QString());
                return;
            }
            if (!result.ok()) {
                Q_EMIT outboxLoaded(result.errorText);
                return;
            }
            m_hasOutbox = true;
            QList<MailItem> mails;
            for (const QJsonValue &value : result.body.value(QStringLiteral("mails")).toArray())
                mails.append(MailItem::fromJson(value.toObject()));
            m_outbox->absorb(mails);
            Q_EMIT outboxLoaded(QString());
        });
    }
}

void ConsoleController::retryMail(qint64 id)
{
    m_client->post(
        QStringLiteral("/api/agent/outbox/%1/retry").arg(id), {}, [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The e-mail was not queued again: %1").arg(result.errorText));
                return;
            }
            const MailItem mail
                = MailItem::fromJson(result.body.value(QStringLiteral("mail")).toObject());
            m_outbox->absorb(mail);
            m_conversation->absorbMail(mail);
            Q_EMIT actionDone(tr("The e-mail to %1 is queued again.").arg(mail.to));
        });
}

void ConsoleController::loadUsage(const SessionItem &session)
{
    const QString sessionId = session.id;
    m_client->get(QStringLiteral("/api/agent/usage/")
            + QString::fromLatin1(QUrl::toPercentEncoding(session.usageKey())),
        {}, [this, sessionId](const ApiResult &result) {
            Q_EMIT usageLoaded(sessionId, result.ok() ? result.body : QJsonObject());
        });
}

void ConsoleController::reloadRateLimits()
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(RateLimitHitsModel::MaxRows));
    m_client->get(QStringLiteral("/api/agent/rate-limits"), query, [this](const ApiResult &result) {
        if (!result.ok())
            return;
        QList<RateLimitHitItem> hits;
        for (const QJsonValue &value : result.body.value(QStringLiteral("hits")).toArray()) {
            hits.append(RateLimitHitItem::fromJson(value.toObject(), {}));
            const RateLimitHitItem &hit = hits.last();
            if (!hit.sessionId.isEmpty())
                m_sessions->markRateLimited(hit.sessionId, hit.at);
        }
        m_hits->reset(hits);
    });
    m_client->get(
        QStringLiteral("/api/agent/rate-limits/per-minute"), {}, [this](const ApiResult &result) {
            if (!result.ok())
                return;
            QList<QPair<QDateTime, int>> minutes;
            for (const QJsonValue &value : result.body.value(QStringLiteral("minutes")).toArray()) {
                const QJsonObject minute = value.toObject();
                minutes.append(
                    { QDateTime::fromString(
                          minute.value(QStringLiteral("minute")).toString(), Qt::ISODateWithMs),
                        minute.value(QStringLiteral("hits")).toInt() });
            }
            Q_EMIT hitsPerMinuteLoaded(minutes);
        });
}

void ConsoleController::onEvent(const QString &name, const QJsonObject &data)
{
    if (name == QLatin1String("session")) {
        const SessionItem session = SessionItem::fromJson(data);
        noticeTransferToMe(session);
        m_sessions->upsert(session, false);
        if (session.id == m_conversation->sessionId()) {
            m_conversation->setCustomerSeenSeq(session.customerSeenSeq);
            Q_EMIT openSessionChanged();
        }
    } else if (name == QLatin1String("message")) {
        const MessageItem message = MessageItem::fromJson(data);
        const bool isOpen = message.sessionId == m_conversation->sessionId();
        m_sessions->addMessage(message, !isOpen);
        if (isOpen) {
            // A gap (a message lost while reconnecting) is filled by reading from the last seq.
            if (message.seq > m_conversation->lastSeq() + 1 && m_conversation->lastSeq() > 0)
                loadMessages(message.sessionId, m_conversation->lastSeq());
            m_conversation->merge({ message });
            m_markRead.start();
        }
        if (message.role == QLatin1String("USER")) // what they were typing has come
            setCustomerTyping(message.sessionId, false);
    } else if (name == QLatin1String("typing")) {
        if (data.value(QStringLiteral("who")).toString() == QLatin1String("customer"))
            setCustomerTyping(data.value(QStringLiteral("sessionId")).toString(), true);
    } else if (name == QLatin1String("seen")) {
        const QString sessionId = data.value(QStringLiteral("sessionId")).toString();
        const qint64 seq = data.value(QStringLiteral("seq")).toInteger();
        m_sessions->setCustomerSeen(sessionId, seq);
        if (sessionId == m_conversation->sessionId())
            m_conversation->setCustomerSeenSeq(seq);
    } else if (name == QLatin1String("mention")) {
        // Every console gets every mention: this one takes up those of its own agent only,
        // and not their own mentions of themselves.
        const QString sessionId = data.value(QStringLiteral("sessionId")).toString();
        if (data.value(QStringLiteral("username")).toString() != m_username || m_username.isEmpty())
            return;
        if (sessionId != m_conversation->sessionId())
            m_sessions->addMention(sessionId);
        const SessionItem *session = m_sessions->find(sessionId);
        const QString customer = session ? session->customerLabel() : sessionId;
        Q_EMIT mentioned(sessionId, data.value(QStringLiteral("by")).toString(), customer);
    } else if (name == QLatin1String("rate-limit-hit")) {
        const RateLimitHitItem hit
            = RateLimitHitItem::fromJson(data, QDateTime::currentDateTimeUtc());
        const qint64 newHits = m_hits->add(hit);
        const QString sessionId = !hit.sessionId.isEmpty()
            ? hit.sessionId
            : RateLimitKey { hit.keyKind, hit.key }.sessionId();
        if (!sessionId.isEmpty())
            m_sessions->markRateLimited(sessionId, hit.at);
        Q_EMIT rateLimitHit(hit, newHits);
    } else if (name == QLatin1String("mail")) {
        const MailItem mail = MailItem::fromJson(data.value(QStringLiteral("mail")).toObject());
        if (mail.id <= 0)
            return;
        m_hasOutbox = true;
        m_outbox->absorb(mail);
        m_conversation->absorbMail(mail);
    } else if (name == QLatin1String("settings")) {
        loadSettings();
    } else if (name == QLatin1String("labels")) {
        loadLabels();
    } else if (name == QLatin1String("canned")) {
        absorbCannedEvent(data);
    } else if (name == QLatin1String("knowledge")) {
        // An article changed: read again what is shown.
        if (m_knowledgeWanted)
            loadKnowledge();
    } else if (name == QLatin1String("unanswered")) {
        // A question was recorded or dismissed (here or on another node): the list shown is
        // read again, which keeps its order and limit the server's.
        if (m_unansweredWanted)
            loadUnansweredQuestions();
    } else if (name == QLatin1String("presence")) {
        const QString username = data.value(QStringLiteral("username")).toString();
        const QString status = data.value(QStringLiteral("status")).toString();
        for (TeamMember &member : m_team) {
            if (member.username == username)
                member.presence = status;
        }
        Q_EMIT teamChanged();
        if (username == m_username && status != m_presence) {
            m_presence = status;
            Q_EMIT presenceChanged(status);
        }
    }
}

void ConsoleController::openSession(const QString &sessionId)
{
    if (sessionId == m_conversation->sessionId())
        return;
    if (sessionId != m_viewing) { // the agent opened another one: no longer reading the past
        m_viewing.clear();
        m_returnTo.clear();
    }
    m_conversation->open(sessionId);
    m_conversation->setCustomerTyping(m_customerTyping.contains(sessionId));
    m_typingSent.invalidate();
    Q_EMIT openSessionChanged();
    if (sessionId.isEmpty())
        return;
    loadMessages(sessionId, 0);
    loadMails(sessionId);
    if (const SessionItem *session = m_sessions->find(sessionId)) {
        m_conversation->setCustomerSeenSeq(session->customerSeenSeq);
        loadUsage(*session);
    }
}

QString ConsoleController::openSessionId() const
{
    return m_conversation->sessionId();
}

const SessionItem *ConsoleController::openSessionItem() const
{
    // An earlier conversation read only offers no action.
    if (isReadOnly())
        return nullptr;
    return m_sessions->find(m_conversation->sessionId());
}

bool ConsoleController::canTakeOver() const
{
    const SessionItem *s = openSessionItem();
    return s && (s->status == QLatin1String("ACTIVE") || s->status == QLatin1String("WAITING"));
}

bool ConsoleController::canReturnToAi() const
{
    const SessionItem *s = openSessionItem();
    return s && s->stateFor(m_username) == SessionState::Mine;
}

bool ConsoleController::canClose() const
{
    const SessionItem *s = openSessionItem();
    if (!s || s->status == QLatin1String("CLOSED"))
        return false;
    return s->status != QLatin1String("ASSIGNED") || s->assignedAgent == m_username || m_admin;
}

bool ConsoleController::canReply() const
{
    return canReturnToAi();
}

bool ConsoleController::canNote() const
{
    return !m_conversation->sessionId().isEmpty() && !isReadOnly();
}

bool ConsoleController::canLabel() const
{
    return openSessionItem() != nullptr;
}

const SessionItem *ConsoleController::customerSessionItem() const
{
    return isReadOnly() ? m_sessions->find(m_returnTo) : openSessionItem();
}

bool ConsoleController::canTransfer() const
{
    const SessionItem *s = openSessionItem();
    if (!s || s->status == QLatin1String("CLOSED"))
        return false;
    return m_admin || (s->status == QLatin1String("ASSIGNED") && s->assignedAgent == m_username);
}

void ConsoleController::transfer(const QString &username)
{
    const QString sessionId = m_conversation->sessionId();
    if (sessionId.isEmpty())
        return;
    const QJsonObject body { { QStringLiteral("agent"),
        username.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(username) } };
    const QString doneText = username.isEmpty()
        ? tr("The conversation is back in the queue.")
        : tr("The conversation is now %1’s.").arg(memberName(username));
    m_client->post(sessionPath(sessionId, QStringLiteral("transfer")), body,
        [this, doneText](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(result.errorText);
                return;
            }
            const SessionItem session
                = SessionItem::fromJson(result.body.value(QStringLiteral("session")).toObject());
            m_sessions->upsert(session, false);
            if (session.id == m_conversation->sessionId())
                Q_EMIT openSessionChanged();
            Q_EMIT actionDone(doneText);
        });
}

void ConsoleController::loadTeam()
{
    m_client->get(QStringLiteral("/api/agent/agents"), {}, [this](const ApiResult &result) {
        if (!result.ok())
            return;
        m_team.clear();
        for (const QJsonValue &value : result.body.value(QStringLiteral("agents")).toArray())
            m_team.append(TeamMember::fromJson(value.toObject()));
        for (const TeamMember &member : std::as_const(m_team)) {
            if (member.username == m_username && member.presence != m_presence) {
                m_presence = member.presence;
                Q_EMIT presenceChanged(m_presence);
            }
        }
        Q_EMIT teamChanged();
    });
}

void ConsoleController::setPresence(const QString &status)
{
    m_client->put(QStringLiteral("/api/agent/me/presence"),
        { { QStringLiteral("status"), status } }, [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(result.errorText);
                return;
            }
            const QString now = result.body.value(QStringLiteral("status")).toString();
            if (now != m_presence) {
                m_presence = now;
                Q_EMIT presenceChanged(now);
            }
        });
}

QString ConsoleController::memberName(const QString &username) const
{
    for (const TeamMember &member : m_team) {
        if (member.username == username && !member.displayName.isEmpty())
            return member.displayName;
    }
    return username;
}

// A session event that makes this agent the owner of a conversation they did not take
// themselves: someone handed it over (its previous owner, or an administrator), or it came
// from the queue (auto-assignment, or an administrator's transfer of a waiting conversation).
void ConsoleController::noticeTransferToMe(const SessionItem &session)
{
    if (m_username.isEmpty() || session.status != QLatin1String("ASSIGNED")
        || session.assignedAgent != m_username || m_claiming.contains(session.id))
        return;
    const SessionItem *before = m_sessions->find(session.id);
    if (before && before->status == QLatin1String("ASSIGNED")
        && before->assignedAgent == m_username)
        return; // mine already
    const QString from = before && before->status == QLatin1String("ASSIGNED")
        ? memberName(before->assignedAgent)
        : QString();
    Q_EMIT transferredToMe(session.id, from, session.customerLabel());
}

void ConsoleController::takeOver()
{
    sessionAction(
        QStringLiteral("claim"), tr("You have taken the conversation over; the AI is silent."));
}

void ConsoleController::takeNextWaiting()
{
    const QString next = m_sessions->longestWaiting();
    if (next.isEmpty()) {
        Q_EMIT actionDone(tr("No customer is waiting."));
        return;
    }
    openSession(next);
    takeOver();
}

void ConsoleController::setAgentLooking(bool looking)
{
    m_agentLooking = looking;
    if (looking && m_readWhenLooking)
        markRead();
}

void ConsoleController::returnToAi()
{
    sessionAction(QStringLiteral("release"), tr("The conversation is back with the AI."));
}

void ConsoleController::closeSession()
{
    sessionAction(QStringLiteral("close"), tr("The conversation is closed."));
}

void ConsoleController::sessionAction(const QString &verb, const QString &doneText)
{
    const QString sessionId = m_conversation->sessionId();
    if (sessionId.isEmpty())
        return;
    if (verb == QLatin1String("claim"))
        m_claiming.insert(sessionId);
    m_client->post(sessionPath(sessionId, verb), {},
        [this, verb, doneText, sessionId](const ApiResult &result) {
            if (verb == QLatin1String("claim"))
                m_claiming.remove(sessionId);
            if (!result.ok()) {
                Q_EMIT actionFailed(result.errorText);
                return;
            }
            const SessionItem session
                = SessionItem::fromJson(result.body.value(QStringLiteral("session")).toObject());
            m_sessions->upsert(session, false);
            if (session.id == m_conversation->sessionId())
                Q_EMIT openSessionChanged();
            if (verb == QLatin1String("claim"))
                Q_EMIT tookOver(session.id);
            Q_EMIT actionDone(doneText);
        });
}

void ConsoleController::reply(
    const QString &text, const QStringList &attachmentIds, std::function<void(bool sent)> done)
{
    const QString sessionId = m_conversation->sessionId();
    if (sessionId.isEmpty() || (text.trimmed().isEmpty() && attachmentIds.isEmpty()))
        return;
    QJsonObject body { { QStringLiteral("message"), text },
        { QStringLiteral("clientMessageId"), QUuid::createUuid().toString(QUuid::WithoutBraces) } };
    if (!attachmentIds.isEmpty())
        body.insert(QStringLiteral("attachments"), QJsonArray::fromStringList(attachmentIds));
    m_client->post(sessionPath(sessionId, QStringLiteral("reply")), body,
        [this, text, done](const ApiResult &result) {
            if (done)
                done(result.ok());
            if (!result.ok()) {
                Q_EMIT replyFailed(text, result.errorText);
                return;
            }
            const MessageItem message
                = MessageItem::fromJson(result.body.value(QStringLiteral("message")).toObject());
            m_conversation->merge({ message });
            m_sessions->addMessage(message, false);
        });
}

void ConsoleController::uploadAttachment(const QString &sessionId, const QString &filename,
    const QByteArray &bytes, const QString &clientId,
    std::function<void(qint64 sent, qint64 total)> progress,
    std::function<void(const ApiResult &)> done)
{
    m_client->uploadAttachment(
        sessionId, filename, bytes, clientId, std::move(progress), std::move(done));
}

void ConsoleController::note(const QString &text)
{
    const QString sessionId = m_conversation->sessionId();
    if (sessionId.isEmpty() || text.trimmed().isEmpty())
        return;
    m_client->post(sessionPath(sessionId, QStringLiteral("notes")),
        { { QStringLiteral("text"), text } }, [this, text](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT noteFailed(text, result.errorText);
                return;
            }
            const MessageItem note
                = MessageItem::fromJson(result.body.value(QStringLiteral("note")).toObject());
            m_conversation->merge({ note });
            m_sessions->addMessage(note, false);
        });
}

void ConsoleController::setCustomerTyping(const QString &sessionId, bool typing)
{
    if (typing) {
        QTimer *&timer = m_customerTyping[sessionId];
        if (!timer) {
            timer = new QTimer(this);
            timer->setSingleShot(true);
            timer->setInterval(CustomerTypingShownMs);
            connect(timer, &QTimer::timeout, this,
                [this, sessionId] { setCustomerTyping(sessionId, false); });
        }
        timer->start();
    } else if (QTimer *timer = m_customerTyping.take(sessionId)) {
        timer->deleteLater();
    }
    m_sessions->setCustomerTyping(sessionId, typing);
    if (sessionId == m_conversation->sessionId())
        m_conversation->setCustomerTyping(typing);
}

void ConsoleController::composerEdited(const QString &text)
{
    const SessionItem *session = openSessionItem();
    if (!session || session->stateFor(m_username) != SessionState::Mine) {
        return;
    }
    if (text.trimmed().isEmpty()) {
        m_typingSent.invalidate(); // cleared or sent: the next words are news again
        return;
    }
    if (m_typingSent.isValid() && m_typingSent.elapsed() < TypingEveryMs)
        return;
    m_typingSent.start();
    // Nothing to say if it fails: typing is news of a moment.
    m_client->post(
        sessionPath(session->id, QStringLiteral("typing")), {}, [](const ApiResult &) {});
}

void ConsoleController::setMockMode(bool on)
{
    m_client->put(QStringLiteral("/api/agent/settings"), { { QStringLiteral("mockMode"), on } },
        [this, on](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(result.errorText);
                Q_EMIT settingsChanged(m_settings); // puts the toggle back as it is
                return;
            }
            m_settings = result.body;
            Q_EMIT settingsChanged(m_settings);
            Q_EMIT actionDone(on ? tr("Mock mode is on: the built-in assistant answers.")
                                 : tr("Mock mode is off: the AI provider answers."));
        });
}

void ConsoleController::setProvider(const QJsonObject &change)
{
    m_client->put(QStringLiteral("/api/agent/settings"), { { QStringLiteral("provider"), change } },
        [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The server kept its AI provider settings: %1").arg(result.errorText));
                return;
            }
            m_settings = result.body;
            Q_EMIT settingsChanged(m_settings);
            Q_EMIT actionDone(tr("AI provider settings applied to the server"));
        });
}

void ConsoleController::setRateLimits(const QString &policy)
{
    const QString text = policy.isEmpty() ? RateLimitPolicy::defaults().toString() : policy;
    m_client->put(QStringLiteral("/api/agent/settings"), { { QStringLiteral("rateLimits"), text } },
        [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The server kept its rate limits: %1").arg(result.errorText));
                return;
            }
            m_settings = result.body;
            Q_EMIT settingsChanged(m_settings);
            Q_EMIT actionDone(tr("Rate limits now: %1")
                                  .arg(m_settings.value(QStringLiteral("rateLimits")).toString()));
        });
}

void ConsoleController::setAdministratorName(const QString &name)
{
    m_client->put(QStringLiteral("/api/agent/settings"),
        { { QStringLiteral("administratorName"), name } }, [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The server kept the administrator's name: %1").arg(result.errorText));
                return;
            }
            m_settings = result.body;
            Q_EMIT settingsChanged(m_settings);
            const QString set = m_settings.value(QStringLiteral("administratorName")).toString();
            Q_EMIT actionDone(set.isEmpty()
                    ? tr("Customers now see the administrator under the default name.")
                    : tr("Customers now see the administrator as “%1”.").arg(set));
        });
}

void ConsoleController::setAutoAssignment(const QJsonObject &policy)
{
    m_client->put(QStringLiteral("/api/agent/settings"),
        { { QStringLiteral("autoAssignment"), policy } }, [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The server kept its auto-assignment: %1").arg(result.errorText));
                return;
            }
            m_settings = result.body;
            Q_EMIT settingsChanged(m_settings);
            const QJsonObject set = m_settings.value(QStringLiteral("autoAssignment")).toObject();
            Q_EMIT actionDone(set.value(QStringLiteral("enabled")).toBool()
                    ? tr("Waiting conversations now go to available agents, %n at most each.",
                        nullptr, set.value(QStringLiteral("capacity")).toInt())
                    : tr("Auto-assignment is off: agents take waiting conversations themselves."));
        });
}

void ConsoleController::setBusinessHours(const QJsonObject &hours)
{
    m_client->put(QStringLiteral("/api/agent/settings"),
        { { QStringLiteral("businessHours"), hours } }, [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The server kept its business hours: %1").arg(result.errorText));
                return;
            }
            m_settings = result.body;
            Q_EMIT settingsChanged(m_settings);
            const QJsonObject set = m_settings.value(QStringLiteral("businessHours")).toObject();
            Q_EMIT actionDone(set.value(QStringLiteral("enabled")).toBool()
                    ? tr("Business hours saved, in the time zone %1.")
                          .arg(set.value(QStringLiteral("timeZone")).toString())
                    : tr("Business hours are off: the team counts as always there."));
        });
}

void ConsoleController::setPreChat(const QJsonObject &form)
{
    m_client->put(QStringLiteral("/api/agent/settings"), { { QStringLiteral("preChat"), form } },
        [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The server kept its pre-chat form: %1").arg(result.errorText));
                return;
            }
            m_settings = result.body;
            Q_EMIT settingsChanged(m_settings);
            const QJsonObject set = m_settings.value(QStringLiteral("preChat")).toObject();
            Q_EMIT actionDone(set.value(QStringLiteral("enabled")).toBool()
                    ? tr("Customers now fill in the pre-chat form before their first message.")
                    : tr("The pre-chat form is off: customers write at once."));
        });
}

void ConsoleController::setDisplayName(const QString &name)
{
    m_client->put(QStringLiteral("/api/agent/me"), { { QStringLiteral("displayName"), name } },
        [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(tr("The server kept your name: %1").arg(result.errorText));
                return;
            }
            m_displayName = result.body.value(QStringLiteral("displayName")).toString();
            Q_EMIT actionDone(tr("Customers now see you as “%1”.").arg(m_displayName));
            if (m_admin && m_username == QLatin1String("admin"))
                loadSettings(); // the administrator's name is a setting
        });
}

void ConsoleController::changePassword(const QString &currentPassword, const QString &newPassword,
    std::function<void(const QString &)> done)
{
    QJsonObject body { { QStringLiteral("newPassword"), newPassword } };
    if (!currentPassword.isEmpty())
        body.insert(QStringLiteral("currentPassword"), currentPassword);
    m_client->post(
        QStringLiteral("/api/agent/me/password"), body, [this, done](const ApiResult &result) {
            if (result.ok())
                Q_EMIT actionDone(tr("Your password is changed; your other sign-ins ended."));
            done(result.errorText);
        });
}

void ConsoleController::search(const QString &text)
{
    const QString trimmed = text.trimmed();
    QString label;
    const QString words = SessionFilterProxy::withoutLabelWords(trimmed, &label);
    if (trimmed.isEmpty()) {
        m_sessions->setMatches({}); // every row its last message again
        return;
    }
    QUrlQuery query;
    if (!words.isEmpty())
        query.addQueryItem(
            QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(words)));
    if (!label.isEmpty())
        query.addQueryItem(
            QStringLiteral("label"), QString::fromLatin1(QUrl::toPercentEncoding(label)));
    query.addQueryItem(QStringLiteral("limit"), QString::number(PageSize));
    m_client->get(
        QStringLiteral("/api/agent/sessions"), query, [this, trimmed](const ApiResult &result) {
            if (!result.ok())
                return;
            QSet<QString> ids;
            QHash<QString, SessionListModel::Match> matches;
            for (const QJsonValue &value :
                result.body.value(QStringLiteral("sessions")).toArray()) {
                const SessionItem session = SessionItem::fromJson(value.toObject());
                ids.insert(session.id);
                m_sessions->upsert(session, true);
                const QJsonObject match
                    = value.toObject().value(QStringLiteral("match")).toObject();
                if (!match.isEmpty())
                    matches.insert(session.id, SessionListModel::matchFromJson(match));
            }
            m_sessions->setMatches(matches);
            Q_EMIT searchMatched(trimmed, ids);
        });
}

void ConsoleController::liftRateLimit(const QString &keyKind, const QString &key)
{
    // The limiter refuses a customer by whichever key ran out first (address, session or
    // user), and the others may have run out too: lifting the block lifts them all.
    QList<RateLimitKey> keys { { keyKind, key } };
    for (int row = 0; row < m_hits->rowCount(); ++row) {
        const RateLimitHitItem &hit = m_hits->hit(row);
        if (hit.keyKind != keyKind || hit.key != key || hit.sessionId.isEmpty())
            continue;
        const SessionItem *session = m_sessions->find(hit.sessionId);
        const RateLimitKey sessionKey
            = RateLimitKey::customer(hit.sessionId, session ? session->userId : QString());
        if (!keys.contains(sessionKey))
            keys.append(sessionKey);
    }
    auto pending = std::make_shared<qsizetype>(keys.size());
    auto failure = std::make_shared<QString>();
    for (const RateLimitKey &lifted : keys) {
        m_client->post(QStringLiteral("/api/agent/rate-limits/lift"),
            { { QStringLiteral("keyKind"), lifted.kind }, { QStringLiteral("key"), lifted.value } },
            [this, key, pending, failure](const ApiResult &result) {
                if (!result.ok())
                    *failure = result.errorText;
                if (--*pending > 0)
                    return;
                if (failure->isEmpty())
                    Q_EMIT actionDone(tr("The block on %1 is lifted.").arg(key));
                else
                    Q_EMIT actionFailed(*failure);
            });
    }
}

namespace {

CannedResponse cannedFromJson(const QJsonObject &json)
{
    return { json.value(QStringLiteral("shortcut")).toString(),
        json.value(QStringLiteral("body")).toString(),
        json.value(QStringLiteral("title")).toString(),
        json.value(QStringLiteral("id")).toInteger() };
}

QJsonObject cannedJson(const CannedResponse &response)
{
    return { { QStringLiteral("shortcut"), response.shortcut },
        { QStringLiteral("title"), response.title }, { QStringLiteral("body"), response.text } };
}

void sortByShortcut(QList<CannedResponse> &responses)
{
    std::sort(responses.begin(), responses.end(),
        [](const CannedResponse &a, const CannedResponse &b) { return a.shortcut < b.shortcut; });
}

} // namespace

void ConsoleController::loadCannedResponses()
{
    m_client->get(
        QStringLiteral("/api/agent/canned-responses"), {}, [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT actionFailed(
                    tr("The canned responses could not be read: %1").arg(result.errorText));
                return;
            }
            m_canned.clear();
            for (const QJsonValue &value :
                result.body.value(QStringLiteral("cannedResponses")).toArray())
                m_canned.append(cannedFromJson(value.toObject()));
            sortByShortcut(m_canned);
            m_cannedLoaded = true;
            Q_EMIT cannedResponsesChanged();
        });
}

void ConsoleController::absorbCannedEvent(const QJsonObject &data)
{
    const qint64 id = data.value(QStringLiteral("id")).toInteger();
    m_canned.removeIf([id](const CannedResponse &response) { return response.id == id; });
    if (!data.value(QStringLiteral("deleted")).toBool()) {
        const CannedResponse saved
            = cannedFromJson(data.value(QStringLiteral("cannedResponse")).toObject());
        // A shortcut given to another response on another node first: this one is newer.
        m_canned.removeIf([&saved](const CannedResponse &response) {
            return response.shortcut == saved.shortcut;
        });
        m_canned.append(saved);
        sortByShortcut(m_canned);
    }
    Q_EMIT cannedResponsesChanged();
}

void ConsoleController::saveCannedResponses(const QList<CannedResponse> &edited)
{
    const auto failed = [this](const QString &shortcut) {
        return [this, shortcut](const ApiResult &result) {
            if (!result.ok())
                Q_EMIT actionFailed(tr("The server kept its canned response “/%1”: %2")
                                        .arg(shortcut, result.errorText));
        };
    };
    // Removals first: a shortcut given back may be taken by a new one.
    for (const CannedResponse &stored : std::as_const(m_canned)) {
        const bool kept = std::any_of(edited.cbegin(), edited.cend(),
            [&stored](const CannedResponse &response) { return response.id == stored.id; });
        if (!kept)
            m_client->remove(QStringLiteral("/api/agent/canned-responses/%1").arg(stored.id),
                failed(stored.shortcut));
    }
    for (const CannedResponse &response : edited) {
        if (response.id == 0) {
            m_client->post(QStringLiteral("/api/agent/canned-responses"), cannedJson(response),
                failed(response.shortcut));
            continue;
        }
        const auto stored = std::find_if(m_canned.cbegin(), m_canned.cend(),
            [&response](const CannedResponse &s) { return s.id == response.id; });
        if (stored != m_canned.cend() && *stored != response)
            m_client->put(QStringLiteral("/api/agent/canned-responses/%1").arg(response.id),
                cannedJson(response), failed(response.shortcut));
    }
}

void ConsoleController::uploadCannedResponses(
    const QList<CannedResponse> &local, std::function<void(bool finished)> done)
{
    QList<CannedResponse> missing;
    for (const CannedResponse &response : local) {
        const bool there = std::any_of(
            m_canned.cbegin(), m_canned.cend(), [&response](const CannedResponse &stored) {
                return stored.shortcut.compare(response.shortcut, Qt::CaseInsensitive) == 0;
            });
        if (!there && !response.shortcut.trimmed().isEmpty())
            missing.append(response);
    }
    if (missing.isEmpty()) {
        done(true);
        return;
    }
    struct Upload
    {
        qsizetype waiting = 0;
        bool finished = true;
        int stored = 0;
    };
    auto upload = std::make_shared<Upload>();
    upload->waiting = missing.size();
    for (const CannedResponse &response : std::as_const(missing)) {
        m_client->post(QStringLiteral("/api/agent/canned-responses"), cannedJson(response),
            [this, upload, done, shortcut = response.shortcut](const ApiResult &result) {
                if (result.status == 201) {
                    ++upload->stored;
                } else if (result.status == 400 || result.status == 409) {
                    // Refused for good (a shortcut the server does not take) or taken meanwhile.
                    Q_EMIT actionFailed(tr(
                        "The canned response “/%1” of this console was not moved to the server: %2")
                                            .arg(shortcut, result.errorText));
                } else {
                    upload->finished = false;
                }
                if (--upload->waiting == 0) {
                    if (upload->stored > 0)
                        Q_EMIT actionDone(
                            tr("Canned responses of this console now shared on the server: %1.")
                                .arg(upload->stored));
                    done(upload->finished);
                }
            });
    }
}

QHash<QString, QString> ConsoleController::cannedValues() const
{
    QHash<QString, QString> values { { QStringLiteral("agent.name"), m_displayName },
        { QStringLiteral("agent.username"), m_username } };
    if (const SessionItem *session = openSessionItem()) {
        values.insert(QStringLiteral("customer.name"), session->name);
        values.insert(QStringLiteral("customer.email"), session->email);
        values.insert(QStringLiteral("conversation.id"), session->id);
    }
    return values;
}

void ConsoleController::markRead()
{
    const QString sessionId = m_conversation->sessionId();
    const qint64 seq = m_conversation->lastSeq();
    if (sessionId.isEmpty() || seq == 0)
        return;
    m_readWhenLooking = !m_agentLooking;
    if (!m_agentLooking)
        return; // nobody has seen it yet
    m_sessions->setUnread(sessionId, 0);
    m_client->post(sessionPath(sessionId, QStringLiteral("read")),
        { { QStringLiteral("seq"), seq } }, [this, sessionId](const ApiResult &result) {
            if (result.ok())
                m_sessions->setUnread(
                    sessionId, result.body.value(QStringLiteral("unread")).toInt());
        });
}

namespace {

// The list a GET answered: under `key`, else the first array the object holds (the same
// answer whatever the server names it).
QJsonArray listIn(const QJsonObject &body, const QString &key)
{
    if (body.value(key).isArray())
        return body.value(key).toArray();
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.value().isArray())
            return it.value().toArray();
    }
    return {};
}

QDateTime timeFromJson(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QJsonObject knowledgeJson(const KnowledgeArticle &article)
{
    QJsonObject json { { QStringLiteral("title"), article.title },
        { QStringLiteral("body"), article.body } };
    json.insert(QStringLiteral("url"), article.url);
    json.insert(QStringLiteral("locale"), article.locale);
    return json;
}

void sortByTitle(QList<KnowledgeArticle> &articles)
{
    std::stable_sort(
        articles.begin(), articles.end(), [](const KnowledgeArticle &a, const KnowledgeArticle &b) {
            return a.title.compare(b.title, Qt::CaseInsensitive) < 0;
        });
}

} // namespace

KnowledgeArticle ConsoleController::knowledgeArticleFromJson(const QJsonObject &json)
{
    KnowledgeArticle article;
    article.id = json.value(QStringLiteral("id")).toInteger();
    article.title = json.value(QStringLiteral("title")).toString();
    article.body = json.value(QStringLiteral("body")).toString();
    article.url = json.value(QStringLiteral("url")).toString();
    article.locale = json.value(QStringLiteral("locale")).toString();
    article.createdAt = timeFromJson(json.value(QStringLiteral("createdAt")));
    article.updatedAt = timeFromJson(json.value(QStringLiteral("updatedAt")));
    article.updatedBy = json.value(QStringLiteral("updatedBy")).toString();
    return article;
}

void ConsoleController::loadKnowledge()
{
    m_knowledgeWanted = true;
    m_client->get(QStringLiteral("/api/agent/knowledge"), {}, [this](const ApiResult &result) {
        if (!result.ok()) {
            Q_EMIT knowledgeChanged(
                tr("The knowledge base could not be read: %1").arg(result.errorText));
            return;
        }
        m_knowledge.clear();
        for (const QJsonValue &value : listIn(result.body, QStringLiteral("articles")))
            m_knowledge.append(knowledgeArticleFromJson(value.toObject()));
        sortByTitle(m_knowledge);
        m_knowledgeLoaded = true;
        Q_EMIT knowledgeChanged({});
    });
}

void ConsoleController::saveKnowledgeArticle(const KnowledgeArticle &article, KnowledgeDone done)
{
    const auto answered = [this, done](const ApiResult &result) {
        if (!result.ok()) {
            if (done)
                done({}, result.errorText);
            return;
        }
        const QJsonObject json = result.body.value(QStringLiteral("article")).isObject()
            ? result.body.value(QStringLiteral("article")).toObject()
            : result.body;
        const KnowledgeArticle saved = knowledgeArticleFromJson(json);
        // Shown at once; the `knowledge` event reads the whole list again.
        m_knowledge.removeIf([&saved](const KnowledgeArticle &a) { return a.id == saved.id; });
        m_knowledge.append(saved);
        sortByTitle(m_knowledge);
        Q_EMIT knowledgeChanged({});
        if (done)
            done(saved, {});
    };
    if (article.id == 0)
        m_client->post(QStringLiteral("/api/agent/knowledge"), knowledgeJson(article), answered);
    else
        m_client->put(QStringLiteral("/api/agent/knowledge/%1").arg(article.id),
            knowledgeJson(article), answered);
}

void ConsoleController::removeKnowledgeArticle(
    qint64 id, std::function<void(const QString &error)> done)
{
    m_client->remove(QStringLiteral("/api/agent/knowledge/%1").arg(id),
        [this, id, done](const ApiResult &result) {
            if (result.ok() || result.status == 404) {
                m_knowledge.removeIf([id](const KnowledgeArticle &a) { return a.id == id; });
                Q_EMIT knowledgeChanged({});
            }
            if (done)
                done(result.ok() || result.status == 404 ? QString() : result.errorText);
        });
}

void ConsoleController::loadUnansweredQuestions()
{
    m_unansweredWanted = true;
    m_client->get(
        QStringLiteral("/api/agent/knowledge/unanswered"), {}, [this](const ApiResult &result) {
            if (!result.ok()) {
                Q_EMIT unansweredQuestionsChanged(
                    tr("The unanswered questions could not be read: %1").arg(result.errorText));
                return;
            }
            m_unanswered.clear();
            for (const QJsonValue &value : listIn(result.body, QStringLiteral("questions"))) {
                const QJsonObject json = value.toObject();
                UnansweredQuestion question;
                question.id = json.value(QStringLiteral("id")).toInteger();
                question.sessionId = json.value(QStringLiteral("sessionId")).toString();
                question.question = json.value(QStringLiteral("question")).toString();
                question.locale = json.value(QStringLiteral("locale")).toString();
                question.askedAt = timeFromJson(json.value(QStringLiteral("askedAt")));
                m_unanswered.append(question);
            }
            Q_EMIT unansweredQuestionsChanged({});
        });
}

void ConsoleController::dismissUnansweredQuestion(
    qint64 id, std::function<void(const QString &error)> done)
{
    m_client->remove(QStringLiteral("/api/agent/knowledge/unanswered/%1").arg(id),
        [this, id, done](const ApiResult &result) {
            if (result.ok() || result.status == 404) {
                m_unanswered.removeIf([id](const UnansweredQuestion &q) { return q.id == id; });
                Q_EMIT unansweredQuestionsChanged({});
            }
            if (done)
                done(result.ok() || result.status == 404 ? QString() : result.errorText);
        });
}

namespace {

ConsoleController::CopilotAnswer copilotAnswer(const ApiResult &result)
{
    ConsoleController::CopilotAnswer answer;
    if (!result.ok()) {
        answer.error = result.errorText;
        return answer;
    }
    answer.text = result.body.value(QStringLiteral("text")).toString();
    answer.translated = result.body.value(QStringLiteral("translated")).toBool(true);
    answer.provider = result.body.value(QStringLiteral("provider")).toString();
    for (const QJsonValue &value : result.body.value(QStringLiteral("sources")).toArray()) {
        const QJsonObject source = value.toObject();
        const QString title = source.value(QStringLiteral("title")).toString();
        if (!title.isEmpty())
            answer.sources.append({ title, source.value(QStringLiteral("url")).toString() });
    }
    return answer;
}

} // namespace

QString ConsoleController::agentLanguage()
{
    QString language = installedLanguage();
    if (language.isEmpty())
        language = QLocale().name().section(QLatin1Char('_'), 0, 0);
    // The languages the server's copilot knows: French, else English.
    return language == QLatin1String("fr") ? QStringLiteral("fr") : QStringLiteral("en");
}

void ConsoleController::suggestReply(
    const QString &sessionId, const QString &locale, CopilotDone done)
{
    QJsonObject body;
    if (!locale.isEmpty())
        body.insert(QStringLiteral("locale"), locale);
    m_client->post(
        sessionPath(sessionId, QStringLiteral("suggest")), body, [done](const ApiResult &result) {
            if (done)
                done(copilotAnswer(result));
        });
}

void ConsoleController::summarize(const QString &sessionId, const QString &locale, CopilotDone done)
{
    QUrlQuery query;
    if (!locale.isEmpty())
        query.addQueryItem(QStringLiteral("locale"), locale);
    m_client->get(
        sessionPath(sessionId, QStringLiteral("summary")), query, [done](const ApiResult &result) {
            if (done)
                done(copilotAnswer(result));
        });
}

void ConsoleController::translate(
    const QString &sessionId, qint64 seq, const QString &to, CopilotDone done)
{
    m_client->post(sessionPath(sessionId, QStringLiteral("translate")),
        { { QStringLiteral("seq"), seq }, { QStringLiteral("to"), to } },
        [done](const ApiResult &result) {
            if (done)
                done(copilotAnswer(result));
        });
}

} // namespace frontline::ui
