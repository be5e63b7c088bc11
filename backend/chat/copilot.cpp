// SPDX-License-Identifier: GPL-3.0-or-later
#include "copilot.h"

#include "assistant/assistant.h"
#include "core/logging.h"
#include "domain/domainerror.h"

#include <QCoreApplication>
#include <QPointer>

#include <algorithm>
#include <memory>

namespace frontline {

namespace {

constexpr int KnowledgePassages = 4; // as many as a grounded answer gets
constexpr int RecentMessages = 30; // the conversation's end a suggestion or summary reads
constexpr int FirstMessages = 5; // and its beginning, for a summary

// What a copilot task reads: the session, its conversation (without notes), the passages.
struct CopilotContext
{
    ChatSession session;
    QList<ChatMessage> history;
    QList<KnowledgePassage> passages;
    QString text; // translate: the message's text
};

// On a store worker, as each of the functions below.
ChatSession existing(Store &store, const QString &sessionId)
{
    const auto session = store.session(sessionId);
    if (!session)
        throw DomainError::notFound(
            QCoreApplication::translate("Copilot", "No session has the id \"%1\".").arg(sessionId));
    return *session;
}

// The conversation's first messages and its latest, oldest first, without notes.
QList<ChatMessage> conversation(Store &store, const ChatSession &session, bool withBeginning)
{
    QList<ChatMessage> messages;
    if (withBeginning)
        messages = store.customerMessagesAfter(session.id, 0, FirstMessages);
    const qint64 from = std::max<qint64>(0, session.lastSeq - RecentMessages);
    const qint64 after = messages.isEmpty() ? -1 : messages.constLast().seq;
    for (const ChatMessage &message :
        store.customerMessagesAfter(session.id, from, RecentMessages)) {
        if (message.seq > after)
            messages.append(message);
    }
    return messages;
}

// The customer's latest words: what a suggestion answers.
// What the customer has asked since an agent last answered (their latest three messages at
// most), oldest first: "I was charged twice" is still the question when the customer then
// asked for a human.
QString customerQuestion(const QList<ChatMessage> &history)
{
    constexpr int MaxMessages = 3;
    QStringList asked;
    for (auto it = history.crbegin(); it != history.crend() && asked.size() < MaxMessages; ++it) {
        if (it->role == Role::Agent)
            break;
        if (it->role == Role::User && !it->content.trimmed().isEmpty())
            asked.prepend(it->content);
    }
    return asked.join(QLatin1Char('\n'));
}

DomainError providerFailed(const AssistantAnswer &answer)
{
    qCWarning(lcBackend, "The copilot's assistant failed: %s (%s)",
        qUtf8Printable(assistantFailureName(answer.failure)), qUtf8Printable(answer.detail));
    return DomainError(DomainError::Kind::Unavailable, QStringLiteral("assistant_unavailable"),
        QCoreApplication::translate("Copilot",
            "The AI provider did not answer (%1). Try again in a moment, or check the "
            "provider's settings.")
            .arg(assistantFailureName(answer.failure)));
}

} // namespace

Copilot::Copilot(StoreWorkers &store, Assistant &assistant, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_assistant(assistant)
{
}

// Asks the assistant for `request` and answers `done` or `failed`, on this thread.
static void ask(Assistant &assistant, QObject *context, const CopilotRequest &request,
    Copilot::Done done, Copilot::Failed failed)
{
    QPointer<QObject> alive(context);
    AssistantCallbacks callbacks;
    callbacks.done
        = [alive, done, failed, provider = assistant.name()](const AssistantAnswer &answer) {
              if (!alive)
                  return;
              if (!answer.ok) {
                  failed(std::make_exception_ptr(providerFailed(answer)));
                  return;
              }
              done({ answer.text, answer.sources, answer.translated, provider });
          };
    assistant.assist(request, std::move(callbacks));
}

void Copilot::suggestReply(
    const QString &sessionId, const QString &agentLocale, Done done, Failed failed)
{
    m_store.read(
        this,
        [sessionId](Store &store) {
            CopilotContext context;
            context.session = existing(store, sessionId);
            context.history = conversation(store, context.session, false);
            const QString question = customerQuestion(context.history);
            if (!question.isEmpty() && store.knowledgeArticleCount() > 0)
                // Broad, whoever drafts: the agent judges the draft before sending it.
                context.passages = store.searchKnowledge(
                    question, context.session.locale, KnowledgePassages, KnowledgeMatch::Broad);
            return context;
        },
        [this, agentLocale, done, failed](const CopilotContext &context) {
            CopilotRequest request;
            request.task = CopilotTask::SuggestReply;
            request.session = context.session;
            request.history = context.history;
            request.passages = context.passages;
            // The reply goes to the customer: in their language unless the agent says.
            request.targetLocale = agentLocale.isEmpty() ? context.session.locale : agentLocale;
            ask(m_assistant, this, request, done, failed);
        },
        failed);
}

void Copilot::summarize(
    const QString &sessionId, const QString &agentLocale, Done done, Failed failed)
{
    m_store.read(
        this,
        [sessionId](Store &store) {
            CopilotContext context;
            context.session = existing(store, sessionId);
            context.history = conversation(store, context.session, true);
            return context;
        },
        [this, agentLocale, done, failed](const CopilotContext &context) {
            CopilotRequest request;
            request.task = CopilotTask::Summarize;
            request.session = context.session;
            request.history = context.history;
            request.targetLocale = agentLocale.isEmpty() ? context.session.locale : agentLocale;
            ask(m_assistant, this, request, done, failed);
        },
        failed);
}

void Copilot::translate(
    const QString &sessionId, qint64 seq, const QString &targetLocale, Done done, Failed failed)
{
    m_store.read(
        this,
        [sessionId, seq](Store &store) {
            CopilotContext context;
            context.session = existing(store, sessionId);
            const QList<ChatMessage> found = store.messagesAfter(sessionId, seq - 1, 1);
            if (found.isEmpty() || found.constFirst().seq != seq)
                throw DomainError::notFound(
                    QCoreApplication::translate("Copilot", "Session \"%1\" has no message %2.")
                        .arg(sessionId)
                        .arg(seq));
            context.text = found.constFirst().content;
            return context;
        },
        [this, targetLocale, done, failed](const CopilotContext &context) {
            CopilotRequest request;
            request.task = CopilotTask::Translate;
            request.session = context.session;
            request.text = context.text;
            request.targetLocale = targetLocale;
            ask(m_assistant, this, request, done, failed);
        },
        failed);
}

} // namespace frontline
