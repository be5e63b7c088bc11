// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API's routes of the knowledge base the assistant answers from: GET (every agent:
// the articles, one article, a search as the assistant would make it, the unanswered
// questions), POST, PUT and DELETE (administrators). KnowledgeBase checks and stores; each
// change is announced here to this node's consoles, and by the store's "knowledge" event to the
// others'.
#include "agentroutes.h"
#include "assistant/assistant.h"
#include "domain/domainerror.h"
#include "http/response.h"
#include "jsoncodec.h"
#include "live/livehub.h"
#include "requestparsing.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace frontline {

namespace {

// An article's JSON may be escaped to six times its UTF-8 size (\u0001…): its own limit is
// checked once it is read, so the request may be that large whatever the other routes allow.
constexpr qsizetype MaxArticleRequestBytes = 2 * 1024 * 1024;

http::Response articleAnswer(const KnowledgeArticle &article, http::Status status)
{
    return http::json({ { QStringLiteral("article"), json::knowledgeArticle(article) } }, status);
}

} // namespace

void AgentRoutes::knowledgeArticles(const Call &call, const StoreFailure &failed)
{
    m_knowledge.list(
        [exchange = call.exchange](const QList<KnowledgeArticle> &articles) {
            QJsonArray list;
            for (const KnowledgeArticle &article : articles)
                list.append(json::knowledgeArticle(article));
            exchange->reply(http::json({ { QStringLiteral("articles"), list } }));
        },
        failed);
}

void AgentRoutes::knowledgeArticle(const Call &call, const StoreFailure &failed)
{
    m_knowledge.article(
        KnowledgeBase::idFrom(call.pathArgument),
        [exchange = call.exchange](const KnowledgeArticle &article) {
            exchange->reply(articleAnswer(article, http::Status::Ok));
        },
        failed);
}

void AgentRoutes::addKnowledgeArticle(const Call &call, const StoreFailure &failed)
{
    // Who may, before what: an agent learns nothing from a refused body.
    KnowledgeBase::checkAdministrator(call.agent);
    m_knowledge.create(
        call.agent,
        KnowledgeBase::parse(call.json(std::max(m_maxBodyBytes, MaxArticleRequestBytes))),
        [this, exchange = call.exchange](const KnowledgeArticle &article) {
            Q_EMIT m_hub.knowledgeArticleSaved(article);
            exchange->reply(articleAnswer(article, http::Status::Created));
        },
        failed);
}

void AgentRoutes::changeKnowledgeArticle(const Call &call, const StoreFailure &failed)
{
    KnowledgeBase::checkAdministrator(call.agent);
    const qint64 id = KnowledgeBase::idFrom(call.pathArgument);
    m_knowledge.update(
        call.agent, id,
        KnowledgeBase::parse(call.json(std::max(m_maxBodyBytes, MaxArticleRequestBytes))),
        [this, exchange = call.exchange](const KnowledgeArticle &article) {
            Q_EMIT m_hub.knowledgeArticleSaved(article);
            exchange->reply(articleAnswer(article, http::Status::Ok));
        },
        failed);
}

void AgentRoutes::removeKnowledgeArticle(const Call &call, const StoreFailure &failed)
{
    KnowledgeBase::checkAdministrator(call.agent);
    const qint64 id = KnowledgeBase::idFrom(call.pathArgument);
    m_knowledge.remove(
        call.agent, id,
        [this, id, exchange = call.exchange] {
            Q_EMIT m_hub.knowledgeArticleRemoved(id);
            exchange->reply({ http::Status::NoContent, {}, {}, {} });
        },
        failed);
}

// The passages the assistant would be given for the question `q` (in the language `locale`),
// best first, searched as it searches now (strictly in mock mode, broadly with a provider): the
// console's preview of what an article answers.
void AgentRoutes::searchKnowledge(const Call &call, const StoreFailure &failed)
{
    const QString question
        = call.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (question.size() > 1000)
        throw DomainError::invalidInput(QStringLiteral("q"),
            QCoreApplication::translate("AgentRoutes", "must be at most 1000 characters."));
    const QString locale
        = call.query.queryItemValue(QStringLiteral("locale"), QUrl::FullyDecoded).trimmed();
    if (!locale.isEmpty() && locale != QLatin1String("fr") && locale != QLatin1String("en"))
        throw DomainError::invalidInput(QStringLiteral("locale"),
            QCoreApplication::translate("AgentRoutes", "must be \"fr\", \"en\" or empty."));
    const int limit
        = static_cast<int>(integerParameter(call.query, QStringLiteral("limit"), 5, 1, 20));
    const auto answer = [exchange = call.exchange](const QList<KnowledgePassage> &found) {
        QJsonArray passages;
        for (const KnowledgePassage &passage : found)
            passages.append(json::knowledgePassage(passage));
        exchange->reply(http::json({ { QStringLiteral("passages"), passages } }));
    };
    if (question.isEmpty()) {
        answer({});
        return;
    }
    m_knowledge.search(question, locale, limit, m_assistant.knowledgeMatch(), answer, failed);
}

void AgentRoutes::unansweredQuestions(const Call &call, const StoreFailure &failed)
{
    const int limit
        = static_cast<int>(integerParameter(call.query, QStringLiteral("limit"), 100, 1, 500));
    m_knowledge.unanswered(
        limit,
        [exchange = call.exchange](const QList<UnansweredQuestion> &found) {
            QJsonArray questions;
            for (const UnansweredQuestion &question : found)
                questions.append(json::unansweredQuestion(question));
            exchange->reply(http::json({ { QStringLiteral("questions"), questions } }));
        },
        failed);
}

void AgentRoutes::dismissUnansweredQuestion(const Call &call, const StoreFailure &failed)
{
    KnowledgeBase::checkAdministrator(call.agent);
    bool ok = false;
    const qint64 id = call.pathArgument.toLongLong(&ok);
    if (!ok || id <= 0)
        throw DomainError::notFound(QCoreApplication::translate("AgentRoutes",
            "No unanswered question has the id \"%1\"; GET /api/agent/knowledge/unanswered lists "
            "them.")
                                        .arg(call.pathArgument));
    m_knowledge.dismiss(
        call.agent, id,
        [this, id, exchange = call.exchange] {
            Q_EMIT m_hub.unansweredQuestionDismissed(id);
            exchange->reply({ http::Status::NoContent, {}, {}, {} });
        },
        failed);
}

} // namespace frontline
