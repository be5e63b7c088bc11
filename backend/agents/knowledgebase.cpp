// SPDX-License-Identifier: GPL-3.0-or-later
#include "knowledgebase.h"

#include "domain/domainerror.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QUrl>

namespace frontline {

namespace {

QString stringOf(const QJsonObject &json, const QString &name, bool required)
{
    const QJsonValue value = json.value(name);
    if (value.isUndefined() || value.isNull()) {
        if (required)
            throw DomainError::invalidInput(
                name, QCoreApplication::translate("KnowledgeBase", "is required."));
        return QString();
    }
    if (!value.isString())
        throw DomainError::invalidInput(
            name, QCoreApplication::translate("KnowledgeBase", "must be a string."));
    return value.toString();
}

DomainError unknown(qint64 id)
{
    return DomainError::notFound(QCoreApplication::translate("KnowledgeBase",
        "No article of the knowledge base has the id %1; GET /api/agent/knowledge lists them.")
                                     .arg(id));
}

} // namespace

KnowledgeBase::KnowledgeBase(StoreWorkers &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
}

KnowledgeArticle KnowledgeBase::parse(const QJsonObject &json)
{
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (it.key() != QLatin1String("title") && it.key() != QLatin1String("body")
            && it.key() != QLatin1String("url") && it.key() != QLatin1String("locale"))
            throw DomainError::invalidInput(it.key(),
                QCoreApplication::translate("KnowledgeBase",
                    "is not a field of an article; use title, body, url or locale."));
    }
    return checked(stringOf(json, QStringLiteral("title"), true),
        stringOf(json, QStringLiteral("body"), true), stringOf(json, QStringLiteral("url"), false),
        stringOf(json, QStringLiteral("locale"), false));
}

KnowledgeArticle KnowledgeBase::checked(
    const QString &title, const QString &body, const QString &url, const QString &locale)
{
    KnowledgeArticle article;
    article.title = title.trimmed();
    if (article.title.isEmpty())
        throw DomainError::invalidInput(QStringLiteral("title"),
            QCoreApplication::translate("KnowledgeBase", "must not be empty."));
    if (article.title.size() > knowledge::MaxTitleLength)
        throw DomainError::invalidInput(QStringLiteral("title"),
            QCoreApplication::translate("KnowledgeBase", "must be at most %1 characters.")
                .arg(knowledge::MaxTitleLength));
    for (const QChar c : article.title) {
        if (c.category() == QChar::Other_Control)
            throw DomainError::invalidInput(QStringLiteral("title"),
                QCoreApplication::translate(
                    "KnowledgeBase", "must be one line, without control characters."));
    }
    if (body.toUtf8().size() > knowledge::MaxBodyBytes)
        throw DomainError(DomainError::Kind::TooLarge, QStringLiteral("article_too_large"),
            QCoreApplication::translate("KnowledgeBase",
                "The article's body is larger than %1 KiB: split it into several articles.")
                .arg(knowledge::MaxBodyBytes / 1024));
    article.body = body;
    article.url = url.trimmed();
    if (!article.url.isEmpty()) {
        const QUrl parsed(article.url, QUrl::StrictMode);
        if (article.url.size() > knowledge::MaxUrlLength || !parsed.isValid()
            || (parsed.scheme() != QLatin1String("http")
                && parsed.scheme() != QLatin1String("https"))
            || parsed.host().isEmpty())
            throw DomainError::invalidInput(QStringLiteral("url"),
                QCoreApplication::translate("KnowledgeBase",
                    "must be an http:// or https:// address (at most %1 characters), or empty.")
                    .arg(knowledge::MaxUrlLength));
    }
    article.locale = locale.trimmed().toLower();
    if (!article.locale.isEmpty() && article.locale != QLatin1String("fr")
        && article.locale != QLatin1String("en"))
        throw DomainError::invalidInput(QStringLiteral("locale"),
            QCoreApplication::translate(
                "KnowledgeBase", "must be \"fr\", \"en\" or empty (any language)."));
    return article;
}

void KnowledgeBase::checkAdministrator(const Agent &agent)
{
    if (agent.role != AgentRole::Admin)
        throw DomainError::forbidden(QStringLiteral("forbidden"),
            QCoreApplication::translate("KnowledgeBase",
                "Only administrators change the knowledge base; every agent may read it."));
}

qint64 KnowledgeBase::idFrom(const QString &pathArgument)
{
    bool ok = false;
    const qint64 id = pathArgument.toLongLong(&ok);
    if (!ok || id <= 0)
        throw DomainError::notFound(QCoreApplication::translate("KnowledgeBase",
            "No article of the knowledge base has the id \"%1\"; GET "
            "/api/agent/knowledge lists them.")
                                        .arg(pathArgument));
    return id;
}

void KnowledgeBase::list(
    std::function<void(const QList<KnowledgeArticle> &)> done, StoreFailure failed)
{
    m_store.read(
        this, [](Store &store) { return store.knowledgeArticles(); }, std::move(done),
        std::move(failed));
}

void KnowledgeBase::article(
    qint64 id, std::function<void(const KnowledgeArticle &)> done, StoreFailure failed)
{
    m_store.read(
        this,
        [id](Store &store) {
            const std::optional<KnowledgeArticle> article = store.knowledgeArticle(id);
            if (!article)
                throw unknown(id);
            return *article;
        },
        std::move(done), std::move(failed));
}

void KnowledgeBase::create(const Agent &agent, const KnowledgeArticle &fields,
    std::function<void(const KnowledgeArticle &)> done, StoreFailure failed)
{
    checkAdministrator(agent);
    KnowledgeArticle article = fields;
    article.updatedBy = agent.username;
    m_store.write(
        this,
        [article](Store &store) {
            return store.addKnowledgeArticle(article,
                { .actor = article.updatedBy,
                    .action = QStringLiteral("knowledge.create"),
                    .detail = article.title });
        },
        std::move(done), std::move(failed));
}

void KnowledgeBase::update(const Agent &agent, qint64 id, const KnowledgeArticle &fields,
    std::function<void(const KnowledgeArticle &)> done, StoreFailure failed)
{
    checkAdministrator(agent);
    KnowledgeArticle article = fields;
    article.id = id;
    article.updatedBy = agent.username;
    m_store.write(
        this,
        [article](Store &store) {
            const std::optional<KnowledgeArticle> updated = store.updateKnowledgeArticle(article,
                { .actor = article.updatedBy,
                    .action = QStringLiteral("knowledge.update"),
                    .target = QString::number(article.id),
                    .detail = article.title });
            if (!updated)
                throw unknown(article.id);
            return *updated;
        },
        std::move(done), std::move(failed));
}

void KnowledgeBase::remove(
    const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed)
{
    checkAdministrator(agent);
    m_store.write(
        this,
        [id, username = agent.username](Store &store) {
            const std::optional<KnowledgeArticle> article = store.knowledgeArticle(id);
            if (!article
                || !store.removeKnowledgeArticle(id,
                    { .actor = username,
                        .action = QStringLiteral("knowledge.delete"),
                        .target = QString::number(id),
                        .detail = article->title }))
                throw unknown(id);
        },
        std::move(done), std::move(failed));
}

void KnowledgeBase::search(const QString &question, const QString &locale, int limit,
    KnowledgeMatch match, std::function<void(const QList<KnowledgePassage> &)> done,
    StoreFailure failed)
{
    m_store.read(
        this,
        [question, locale, limit, match](
            Store &store) { return store.searchKnowledge(question, locale, limit, match); },
        std::move(done), std::move(failed));
}

void KnowledgeBase::unanswered(
    int limit, std::function<void(const QList<UnansweredQuestion> &)> done, StoreFailure failed)
{
    m_store.read(
        this, [limit](Store &store) { return store.unansweredQuestions(limit); }, std::move(done),
        std::move(failed));
}

void KnowledgeBase::dismiss(
    const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed)
{
    checkAdministrator(agent);
    m_store.write(
        this,
        [id, username = agent.username](Store &store) {
            if (!store.dismissUnansweredQuestion(id,
                    { .actor = username,
                        .action = QStringLiteral("knowledge.dismiss"),
                        .target = QString::number(id) }))
                throw DomainError::notFound(QCoreApplication::translate("KnowledgeBase",
                    "No unanswered question has the id %1; GET "
                    "/api/agent/knowledge/unanswered lists them.")
                                                .arg(id));
        },
        std::move(done), std::move(failed));
}

} // namespace frontline
