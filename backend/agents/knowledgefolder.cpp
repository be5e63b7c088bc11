// SPDX-License-Identifier: GPL-3.0-or-later
#include "knowledgefolder.h"

#include "domain/domainerror.h"
#include "domain/knowledgemarkdown.h"
#include "knowledgebase.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStringDecoder>

namespace frontline {

namespace {

DomainError badFile(const QString &path, const QString &problem)
{
    return DomainError(DomainError::Kind::InvalidInput, QStringLiteral("bad_article_file"),
        QCoreApplication::translate("KnowledgeFolder", "%1: %2")
            .arg(QDir::toNativeSeparators(path), problem));
}

struct ReadArticle
{
    QString path;
    KnowledgeArticle article;
};

QList<ReadArticle> readFolder(const QString &folder)
{
    const QDir dir(folder);
    if (!dir.exists())
        throw DomainError(DomainError::Kind::NotFound, QStringLiteral("no_folder"),
            QCoreApplication::translate("KnowledgeFolder", "The folder %1 does not exist.")
                .arg(QDir::toNativeSeparators(folder)));
    const QStringList names
        = dir.entryList({ QStringLiteral("*.md") }, QDir::Files | QDir::Readable, QDir::Name);
    if (names.isEmpty())
        throw DomainError(DomainError::Kind::NotFound, QStringLiteral("no_articles"),
            QCoreApplication::translate(
                "KnowledgeFolder", "The folder %1 has no Markdown file (*.md) to import.")
                .arg(QDir::toNativeSeparators(folder)));
    QList<ReadArticle> read;
    for (const QString &name : names) {
        const QString path = dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            throw badFile(path,
                QCoreApplication::translate("KnowledgeFolder", "cannot be read (%1).")
                    .arg(file.errorString()));
        const QByteArray bytes = file.readAll();
        QStringDecoder utf8(QStringDecoder::Utf8);
        const QString text = utf8(bytes);
        if (utf8.hasError())
            throw badFile(
                path, QCoreApplication::translate("KnowledgeFolder", "is not UTF-8 text."));
        QString problem;
        const std::optional<knowledge::MarkdownArticle> parsed
            = knowledge::parseMarkdownArticle(text, &problem);
        if (!parsed)
            throw badFile(path, problem);
        try {
            ReadArticle entry { path,
                KnowledgeBase::checked(parsed->title, parsed->body, parsed->url, parsed->locale) };
            for (const ReadArticle &other : std::as_const(read)) {
                if (other.article.title.compare(entry.article.title, Qt::CaseInsensitive) == 0)
                    throw badFile(path,
                        QCoreApplication::translate("KnowledgeFolder",
                            "has the title \"%1\", as %2 does: an article's title is its name.")
                            .arg(entry.article.title, QDir::toNativeSeparators(other.path)));
            }
            read.append(entry);
        } catch (const DomainError &error) {
            if (error.code() == QLatin1String("bad_article_file"))
                throw;
            throw badFile(path, error.message());
        }
    }
    return read;
}

} // namespace

KnowledgeImport importKnowledgeFolder(Store &store, const QString &folder, const QString &actor)
{
    const QList<ReadArticle> read = readFolder(folder);
    QList<KnowledgeArticle> existing = store.knowledgeArticles();
    KnowledgeImport result;
    for (const ReadArticle &entry : read) {
        KnowledgeArticle article = entry.article;
        article.updatedBy = actor;
        const auto same
            = std::find_if(existing.cbegin(), existing.cend(), [&](const KnowledgeArticle &a) {
                  return a.title.compare(article.title, Qt::CaseInsensitive) == 0;
              });
        if (same == existing.cend()) {
            store.addKnowledgeArticle(article,
                { .actor = actor,
                    .action = QStringLiteral("knowledge.create"),
                    .detail = article.title });
            ++result.added;
            continue;
        }
        if (same->title == article.title && same->body == article.body && same->url == article.url
            && same->locale == article.locale) {
            ++result.unchanged;
            continue;
        }
        article.id = same->id;
        if (store.updateKnowledgeArticle(article,
                { .actor = actor,
                    .action = QStringLiteral("knowledge.update"),
                    .target = QString::number(article.id),
                    .detail = article.title }))
            ++result.updated;
        else {
            store.addKnowledgeArticle(article, // removed meanwhile
                { .actor = actor,
                    .action = QStringLiteral("knowledge.create"),
                    .detail = article.title });
            ++result.added;
        }
    }
    return result;
}

int exportKnowledgeFolder(Store &store, const QString &folder)
{
    if (!QDir().mkpath(folder))
        throw DomainError(DomainError::Kind::Failed, QStringLiteral("cannot_write"),
            QCoreApplication::translate("KnowledgeFolder", "Cannot create the folder %1.")
                .arg(QDir::toNativeSeparators(folder)));
    const QDir dir(folder);
    QStringList taken;
    int written = 0;
    for (const KnowledgeArticle &article : store.knowledgeArticles()) {
        const QString name = knowledge::markdownFileName(article.title, taken);
        taken.append(name);
        QSaveFile file(dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly)
            || file.write(knowledge::markdownArticle(article).toUtf8()) < 0 || !file.commit())
            throw DomainError(DomainError::Kind::Failed, QStringLiteral("cannot_write"),
                QCoreApplication::translate("KnowledgeFolder", "Cannot write %1 (%2).")
                    .arg(QDir::toNativeSeparators(dir.filePath(name)), file.errorString()));
        ++written;
    }
    return written;
}

int loadDemoKnowledge(Store &store)
{
    if (store.knowledgeArticleCount() > 0)
        return 0;
    int added = 0;
    for (const char *language : { "en", "fr" })
        added += importKnowledgeFolder(store,
            QStringLiteral(":/knowledge/") + QLatin1String(language), QStringLiteral("system"))
                     .added;
    return added;
}

} // namespace frontline
