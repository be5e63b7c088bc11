// SPDX-License-Identifier: GPL-3.0-or-later
#include "groundedanswer.h"

#include "domain/customertexts.h"

#include <QRegularExpression>
#include <QSet>

namespace frontline::grounded {

QString numberedPassages(const QList<KnowledgePassage> &passages)
{
    QString text;
    for (qsizetype i = 0; i < passages.size(); ++i) {
        const KnowledgePassage &passage = passages.at(i);
        text += QStringLiteral("[%1] %2").arg(i + 1).arg(passage.title.simplified());
        if (!passage.heading.trimmed().isEmpty())
            text += QStringLiteral(" — ") + passage.heading.simplified();
        text += QLatin1Char('\n') + passage.text.trimmed() + QStringLiteral("\n\n");
    }
    return text.trimmed();
}

QString systemMessage(const QString &basePrompt, const QList<KnowledgePassage> &passages)
{
    QString text = basePrompt.trimmed();
    text += QStringLiteral(
        "\n\nAnswer the customer's last message only from the knowledge base passages below. "
        "Cite each passage you use by its number in square brackets, like [1]. Do not add "
        "anything the passages do not say. If the passages do not answer the question, reply "
        "exactly %1 and nothing else.\n\nKnowledge base passages:\n")
                .arg(NoAnswer);
    text += passages.isEmpty() ? QStringLiteral("(none)") : numberedPassages(passages);
    return text;
}

QList<KnowledgeSource> sourcesOf(const QList<KnowledgePassage> &passages)
{
    QList<KnowledgeSource> sources;
    QSet<qint64> articles;
    for (const KnowledgePassage &passage : passages) {
        if (articles.contains(passage.articleId))
            continue;
        articles.insert(passage.articleId);
        sources.append(passage.source());
    }
    return sources;
}

AssistantAnswer readAnswer(
    AssistantAnswer answer, const QList<KnowledgePassage> &passages, const QString &locale)
{
    static const QRegularExpression punctuation(QStringLiteral("[\\s.!`*\"'«»“”]"));
    QString bare = answer.text;
    bare.remove(punctuation);
    if (bare.compare(NoAnswer, Qt::CaseInsensitive) == 0) {
        answer.nothingRelevant = true;
        answer.text = customertexts::nothingInKnowledgeBase(locale);
        answer.sources.clear();
        return answer;
    }
    // [1], [2, 3], [1][2]: each number cites the passage of that rank.
    static const QRegularExpression citation(QStringLiteral("\\s?\\[(\\d+(?:\\s*,\\s*\\d+)*)\\]"));
    QList<KnowledgePassage> cited;
    QSet<qint64> citedIds;
    QRegularExpressionMatchIterator it = citation.globalMatch(answer.text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        for (const QString &number : match.captured(1).split(QLatin1Char(','))) {
            bool ok = false;
            const int n = number.trimmed().toInt(&ok);
            if (!ok || n < 1 || n > passages.size())
                continue;
            const KnowledgePassage &passage = passages.at(n - 1);
            if (!citedIds.contains(passage.id)) {
                citedIds.insert(passage.id);
                cited.append(passage);
            }
        }
    }
    QString text = answer.text;
    text.remove(citation);
    text = text.trimmed();
    if (text.isEmpty()) {
        answer.ok = false;
        answer.failure = AssistantFailure::BadResponse;
        answer.detail = QStringLiteral("an empty answer");
        answer.text.clear();
        return answer;
    }
    if (!passages.isEmpty() && cited.isEmpty()) {
        answer.ok = false;
        answer.failure = AssistantFailure::Ungrounded;
        answer.detail = QStringLiteral("the answer ignores the sources (it cites no passage)");
        answer.text.clear();
        return answer;
    }
    answer.text = text;
    answer.sources = sourcesOf(cited);
    return answer;
}

} // namespace frontline::grounded
