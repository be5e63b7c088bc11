// SPDX-License-Identifier: GPL-3.0-or-later
#include "knowledgemarkdown.h"

#include <QCoreApplication>

namespace frontline::knowledge {

namespace {

// A value as written after "key:", without one pair of double quotes around it.
QString frontMatterValue(const QString &raw)
{
    const QString value = raw.trimmed();
    if (value.size() >= 2 && value.startsWith(QLatin1Char('"')) && value.endsWith(QLatin1Char('"')))
        return value.mid(1, value.size() - 2);
    return value;
}

// Written so that frontMatterValue reads it back: quoted when the value could lose something.
QString writtenValue(const QString &value)
{
    if (value != value.trimmed() || value.startsWith(QLatin1Char('"')))
        return QLatin1Char('"') + value + QLatin1Char('"');
    return value;
}

// Blank lines before the body and spaces after it are the file's, not the article's.
QString bodyOf(const QStringList &lines)
{
    qsizetype first = 0;
    while (first < lines.size() && lines.at(first).trimmed().isEmpty())
        ++first;
    QString body = lines.mid(first).join(QLatin1Char('\n'));
    while (!body.isEmpty() && body.back().isSpace())
        body.chop(1);
    return body;
}

} // namespace

std::optional<MarkdownArticle> parseMarkdownArticle(const QString &text, QString *problem)
{
    QString normalized = text;
    if (normalized.startsWith(QChar(0xFEFF)))
        normalized.remove(0, 1);
    normalized.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    normalized.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    QStringList lines = normalized.split(QLatin1Char('\n'));

    MarkdownArticle article;
    if (!lines.isEmpty() && lines.constFirst().trimmed() == QLatin1String("---")) {
        qsizetype end = 1;
        for (; end < lines.size(); ++end) {
            const QString line = lines.at(end);
            if (line.trimmed() == QLatin1String("---"))
                break;
            if (line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
                continue;
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            const QString key = line.left(colon).trimmed().toLower();
            if (colon < 0 || key.isEmpty()) {
                if (problem)
                    *problem = QCoreApplication::translate(
                        "KnowledgeMarkdown", "Line %1 of the front matter is not \"name: value\".")
                                   .arg(end + 1);
                return std::nullopt;
            }
            const QString value = frontMatterValue(line.mid(colon + 1));
            if (key == QLatin1String("title"))
                article.title = value;
            else if (key == QLatin1String("url"))
                article.url = value;
            else if (key == QLatin1String("locale") || key == QLatin1String("lang")
                || key == QLatin1String("language"))
                article.locale = value;
            else {
                if (problem)
                    *problem = QCoreApplication::translate("KnowledgeMarkdown",
                        "The front matter's \"%1\" (line %2) is not a field of an "
                        "article; use title, url or locale.")
                                   .arg(key)
                                   .arg(end + 1);
                return std::nullopt;
            }
        }
        if (end >= lines.size()) {
            if (problem)
                *problem = QCoreApplication::translate("KnowledgeMarkdown",
                    "The front matter that begins with \"---\" has no closing \"---\" line.");
            return std::nullopt;
        }
        lines = lines.mid(end + 1);
    }
    if (article.title.isEmpty()) {
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString line = lines.at(i).trimmed();
            if (line.isEmpty())
                continue;
            if (line.startsWith(QLatin1String("# "))) {
                article.title = line.mid(2).trimmed();
                // A closing sequence of "#" is not part of the heading.
                while (article.title.endsWith(QLatin1Char('#')))
                    article.title.chop(1);
                article.title = article.title.trimmed();
                lines.remove(i);
            }
            break;
        }
    }
    if (article.title.isEmpty()) {
        if (problem)
            *problem = QCoreApplication::translate("KnowledgeMarkdown",
                "It has no title: give one in a front matter (\"title: …\" between two "
                "\"---\" lines) or begin it with a \"# heading\".");
        return std::nullopt;
    }
    article.body = bodyOf(lines);
    return article;
}

QString markdownArticle(const KnowledgeArticle &article)
{
    QString text = QStringLiteral("---\ntitle: ") + writtenValue(article.title) + QLatin1Char('\n');
    if (!article.url.isEmpty())
        text += QStringLiteral("url: ") + writtenValue(article.url) + QLatin1Char('\n');
    if (!article.locale.isEmpty())
        text += QStringLiteral("locale: ") + writtenValue(article.locale) + QLatin1Char('\n');
    text += QStringLiteral("---\n");
    if (!article.body.isEmpty())
        text += article.body + QLatin1Char('\n');
    return text;
}

QString markdownFileName(const QString &title, const QStringList &taken)
{
    // Accents go (é → e), anything else but letters and digits becomes one "-".
    const QString decomposed = title.normalized(QString::NormalizationForm_KD);
    QString stem;
    for (const QChar c : decomposed) {
        if (c.unicode() < 128 && c.isLetterOrNumber())
            stem += c.toLower();
        else if (c.isMark())
            continue;
        else if (!stem.isEmpty() && !stem.endsWith(QLatin1Char('-')))
            stem += QLatin1Char('-');
        if (stem.size() >= 60)
            break;
    }
    while (stem.endsWith(QLatin1Char('-')))
        stem.chop(1);
    if (stem.isEmpty())
        stem = QStringLiteral("article");
    QString name = stem + QStringLiteral(".md");
    for (int n = 2; taken.contains(name, Qt::CaseInsensitive); ++n)
        name = stem + QLatin1Char('-') + QString::number(n) + QStringLiteral(".md");
    return name;
}

} // namespace frontline::knowledge
