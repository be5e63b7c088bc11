// SPDX-License-Identifier: GPL-3.0-or-later
#include "pendinganswer.h"

#include "chatservice.h"
#include "core/logging.h"
#include "domain/customertexts.h"
#include "domain/replymarker.h"
#include "live/livehub.h"
#include "store/storeerror.h"
#include "store/storeworkers.h"
#include "teamavailability.h"

#include <QPointer>
#include <QTimer>

#include <utility>

namespace frontline {

PendingAnswer::PendingAnswer(ChatService &service, ChatSession session, ChatMessage question,
    std::chrono::milliseconds replyWait, RequestAnswer answerRequest)
    : QObject(&service)
    , m_service(service)
    , m_hub(service.m_hub)
    , m_session(std::move(session))
    , m_question(std::move(question))
    , m_replyWait(replyWait)
    , m_answerRequest(std::move(answerRequest))
{
    // A takeover (here, or on another node through the cluster bridge) silences the answer.
    connect(&m_hub, &LiveHub::sessionChanged, this, &PendingAnswer::sessionChanged);
}

void PendingAnswer::start(const AssistantRequest &request)
{
    // The assistant may outlive this object (the backend stopping while a provider thinks).
    QPointer<PendingAnswer> self(this);
    AssistantCallbacks callbacks;
    callbacks.delta = [self](const QString &text) {
        if (self)
            self->pieceArrived(text);
    };
    callbacks.done = [self](const AssistantAnswer &answer) {
        if (self)
            self->assistantAnswered(answer);
    };
    m_service.m_assistant.answer(request, std::move(callbacks));
    // The mock answers at once; a provider may take its time.
    if (isWaitingForAssistant())
        QTimer::singleShot(m_replyWait, this, [this] { answerRequest(std::nullopt); });
}

bool PendingAnswer::isWaitingForAssistant() const
{
    return m_state == State::WaitingForAssistant || m_state == State::Streaming
        || m_state == State::Silenced;
}

void PendingAnswer::sessionChanged(const ChatSession &session)
{
    if (session.id != m_session.id || assistantAnswers(session))
        return;
    if (m_state == State::WaitingForAssistant || m_state == State::Streaming)
        m_state = State::Silenced;
}

void PendingAnswer::pieceArrived(const QString &text)
{
    if (m_state == State::WaitingForAssistant) {
        // A takeover announced after this question was stored but before the assistant was
        // asked came before this object listened: the first piece looks once.
        m_state = assistantStillAnswers() ? State::Streaming : State::Silenced;
    }
    if (m_state == State::Streaming)
        Q_EMIT m_hub.assistantDelta(m_session.id, m_question.seq, text);
}

void PendingAnswer::assistantAnswered(const AssistantAnswer &answer)
{
    const bool silenced = m_state == State::Silenced;
    m_answer = answer;
    m_message.sessionId = m_session.id;
    m_message.role = Role::Assistant;
    m_message.content = answer.text;
    m_message.sources = answer.sources;
    m_message.clientMessageId = replyMarker(m_question.id);
    // An agent may have taken the session over while the assistant was thinking (even if it
    // gave it back since): then the answer is dropped, whatever the assistant said.
    if (silenced || !assistantStillAnswers()) {
        answerRequest(std::nullopt);
        finish(State::Abandoned);
        return;
    }
    if (answer.ok) {
        // Group-committed with the other appends of the moment; the customer's request is
        // answered once it is durable.
        m_state = State::Storing;
        m_service.m_store.append(
            this, { m_message, ChatService::answerCharge(m_session, answer) },
            [this](const AppendResult &appended) { answerStored(appended); },
            [this](const std::exception_ptr &failure) { answerNotStored(storeErrorOf(failure)); });
        return;
    }
    qCWarning(lcBackend, "The assistant failed for session %s: %s (%s)",
        qUtf8Printable(m_session.id), qUtf8Printable(assistantFailureName(answer.failure)),
        qUtf8Printable(answer.detail));
    m_state = State::Storing;
    m_service.handToHuman(
        m_session, WaitingReason::AssistantUnavailable, m_service.m_availability.now(),
        customertexts::assistantUnavailable(m_session.locale), m_question,
        [this](const ChatMessage &notice) {
            answerRequest(notice);
            finish(State::HandedToHuman);
        },
        [this](const std::exception_ptr &failure) {
            // A failed hand-over to a human is only logged: the customer's question is
            // stored, and asking again (or for a human) works once the database is back.
            qCWarning(lcBackend, "Cannot hand session %s to a human: %s",
                qUtf8Printable(m_session.id), qUtf8Printable(storeErrorOf(failure).message()));
            answerRequest(std::nullopt);
            finish(State::HandedToHuman);
        });
}

bool PendingAnswer::assistantStillAnswers() const
{
    return assistantAnswers(m_service.current(m_session));
}

void PendingAnswer::answerStored(const AppendResult &appended)
{
    if (!appended.duplicate)
        Q_EMIT m_hub.messageAdded(appended.message);
    if (m_answer.nothingRelevant && !appended.duplicate)
        recordUnanswered();
    answerRequest(appended.message);
    finish(State::Answered);
}

void PendingAnswer::recordUnanswered()
{
    // For administrators to write an article from; a failure is only logged (the customer
    // has the answer already).
    const QString sessionId = m_session.id;
    m_service.m_store.write(
        &m_service,
        [sessionId, question = m_question.content, locale = m_session.locale](
            Store &store) { return store.recordUnansweredQuestion(sessionId, question, locale); },
        [&hub = m_hub](const UnansweredQuestion &recorded) {
            Q_EMIT hub.unansweredQuestionRecorded(recorded);
        },
        [sessionId](const std::exception_ptr &failure) {
            qCWarning(lcBackend, "Cannot record the unanswered question of session %s: %s",
                qUtf8Printable(sessionId), qUtf8Printable(storeErrorOf(failure).message()));
        });
}

void PendingAnswer::answerNotStored(const StoreError &error)
{
    // The question was acknowledged: its answer is kept and written once the database takes
    // writes again (the customer's request is answered now; the answer comes through events
    // and history).
    answerRequest(std::nullopt);
    m_service.storeAnswerLater(m_session, m_message, m_answer, error, 0);
    finish(State::KeptForLater);
}

void PendingAnswer::answerRequest(const std::optional<ChatMessage> &reply)
{
    if (!m_answerRequest)
        return; // the reply wait is over, or the answer came
    const RequestAnswer answer = std::exchange(m_answerRequest, nullptr);
    answer({ m_question, reply });
}

void PendingAnswer::finish(State outcome)
{
    m_state = outcome;
    Q_EMIT finished(outcome);
}

} // namespace frontline
