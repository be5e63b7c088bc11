// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "domain/knowledge.h"
#include "store/storeworkers.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace frontline {

// The team's knowledge base (migration 0022), which the assistant answers from: anyone signed
// in reads it and searches it, administrators add, change and remove articles and dismiss the
// questions it had no answer to. Checks everything before anything is stored (a refusal changes
// nothing), stores and audits each change in one transaction on the store's writer
// (`knowledge.create`, `knowledge.update`, `knowledge.delete`, `knowledge.dismiss`, the id as
// target, the title as detail). Fails with DomainError: Forbidden for an agent who is not an
// administrator, InvalidInput naming the field, TooLarge (`article_too_large`) for a body over
// knowledge::MaxBodyBytes, NotFound for an unknown id. Announcing a change is the caller's.
class KnowledgeBase final : public QObject
{
    Q_OBJECT
public:
    explicit KnowledgeBase(StoreWorkers &store, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(KnowledgeBase)

    // An article from {"title","body","url"?,"locale"?} (the whole article, for a change too).
    static KnowledgeArticle parse(const QJsonObject &json);
    // The article's fields checked by the same rules (the import's too): title trimmed, one
    // line, at most MaxTitleLength; body at most MaxBodyBytes of UTF-8; url empty or http(s);
    // locale "fr", "en" or empty. Throws DomainError naming the field.
    static KnowledgeArticle checked(
        const QString &title, const QString &body, const QString &url, const QString &locale);
    static void checkAdministrator(const Agent &agent);
    // A path's id: a positive number, else NotFound.
    static qint64 idFrom(const QString &pathArgument);

    void list(std::function<void(const QList<KnowledgeArticle> &)> done, StoreFailure failed);
    void article(
        qint64 id, std::function<void(const KnowledgeArticle &)> done, StoreFailure failed);
    void create(const Agent &agent, const KnowledgeArticle &article,
        std::function<void(const KnowledgeArticle &)> done, StoreFailure failed);
    void update(const Agent &agent, qint64 id, const KnowledgeArticle &article,
        std::function<void(const KnowledgeArticle &)> done, StoreFailure failed);
    void remove(const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed);
    void search(const QString &question, const QString &locale, int limit, KnowledgeMatch match,
        std::function<void(const QList<KnowledgePassage> &)> done, StoreFailure failed);
    void unanswered(int limit, std::function<void(const QList<UnansweredQuestion> &)> done,
        StoreFailure failed);
    void dismiss(const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed);

private:
    StoreWorkers &m_store;
};

} // namespace frontline
