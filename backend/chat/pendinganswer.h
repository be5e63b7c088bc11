// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant/assistant.h"
#include "store/store.h"

#include <QObject>

#include <chrono>
#include <functional>
#include <optional>

namespace frontline {

class ChatService;
class LiveHub;
class StoreError;
struct PostedMessage;

// One customer's question on its way to the assistant's answer: it asks, passes the pieces
// on as they stream while the session is still the assistant's, then stores the answer (or,
// when the assistant failed, hands the session to a human) and answers the customer's
// request. That request gets the answer if it comes within the reply wait, else none (the
// answer then reaches the customer through events and history); it is answered exactly once.
//
// ChatService creates one per question it gives the assistant, as its child, and deletes it
// once it has finished.
class PendingAnswer final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        WaitingForAssistant, // asked; no piece of the answer yet
        Streaming, // the pieces reach the customer as they come
        Silenced, // the session stopped being the assistant's: nothing more reaches the customer
        Storing, // the answer is being written, group-committed with the others of the moment
        // Finished:
        Answered, // the answer is stored
        Abandoned, // the session was no longer the assistant's: the answer is dropped
        HandedToHuman, // the assistant failed: the session is handed to an agent (if it can be)
        KeptForLater, // the answer could not be written yet: ChatService writes it later
    };
    Q_ENUM(State)

    using RequestAnswer = std::function<void(const PostedMessage &)>;

    PendingAnswer(ChatService &service, ChatSession session, ChatMessage question,
        std::chrono::milliseconds replyWait, RequestAnswer answerRequest);
    Q_DISABLE_COPY_MOVE(PendingAnswer)

    void start(const AssistantRequest &request);
    State state() const { return m_state; }

Q_SIGNALS:
    void finished(frontline::PendingAnswer::State outcome);

private:
    bool isWaitingForAssistant() const;
    void sessionChanged(const ChatSession &session);
    void pieceArrived(const QString &text);
    void assistantAnswered(const AssistantAnswer &answer);
    void answerStored(const AppendResult &appended);
    void answerNotStored(const StoreError &error);
    // A grounded answer found nothing relevant: the question is listed for administrators.
    void recordUnanswered();
    // The assistant still answers the session (assistantAnswers), as far as this node knows.
    bool assistantStillAnswers() const;
    void answerRequest(const std::optional<ChatMessage> &reply);
    void finish(State outcome);

    ChatService &m_service;
    LiveHub &m_hub;
    const ChatSession m_session;
    const ChatMessage m_question;
    const std::chrono::milliseconds m_replyWait;
    RequestAnswer m_answerRequest; // empty once the request is answered
    State m_state = State::WaitingForAssistant;
    // What the assistant answered and the message it makes, while it is being stored.
    AssistantAnswer m_answer;
    NewMessage m_message;
};

} // namespace frontline
