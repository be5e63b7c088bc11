// SPDX-License-Identifier: GPL-3.0-or-later
#include "knowledge.h"

#include <QRegularExpression>

namespace frontline::knowledge {

namespace {

// "## Heading" (ATX, up to six #, then a space or nothing): its text, else a null string.
QString headingOf(const QString &line)
{
    static const QRegularExpression heading(
        QStringLiteral("^\\s{0,3}#{1,6}(?:\\s+(.*?))?\\s*#*\\s*$"));
    const QRegularExpressionMatch match = heading.match(line);
    if (!match.hasMatch())
        return QString();
    const QString text = match.captured(1).trimmed();
    return text.isNull() ? QStringLiteral("") : text;
}

// A paragraph longer than a passage, in pieces of at most PassageChars, cut between words
// (a single word longer than that is cut where it must).
QStringList piecesOf(const QString &paragraph)
{
    QStringList pieces;
    QString rest = paragraph;
    while (rest.size() > PassageChars) {
        qsizetype cut = rest.lastIndexOf(QLatin1Char(' '), PassageChars);
        if (cut <= 0)
            cut = PassageChars;
        pieces.append(rest.left(cut).trimmed());
        rest = rest.mid(cut).trimmed();
    }
    if (!rest.isEmpty())
        pieces.append(rest);
    return pieces;
}

} // namespace

QList<PassageDraft> splitIntoPassages(const QString &title, const QString &body)
{
    QList<PassageDraft> passages;
    QString heading = QStringLiteral("");
    QString current; // the passage being filled, paragraphs separated by a blank line
    QString paragraph; // the paragraph being read, its lines joined by a space
    bool inFence = false; // inside ``` code: no headings there
    const auto endPassage = [&] {
        if (!current.isEmpty())
            passages.append({ heading, current });
        current.clear();
    };
    const auto endParagraph = [&] {
        if (paragraph.isEmpty())
            return;
        for (const QString &piece : piecesOf(paragraph)) {
            if (!current.isEmpty() && current.size() + 2 + piece.size() > PassageChars)
                endPassage();
            current += current.isEmpty() ? piece : QStringLiteral("\n\n") + piece;
        }
        paragraph.clear();
    };
    const QStringList lines = QString(body)
                                  .replace(QStringLiteral("\r\n"), QStringLiteral("\n"))
                                  .split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (trimmed.startsWith(QStringLiteral("```")) || trimmed.startsWith(QStringLiteral("~~~")))
            inFence = !inFence;
        const QString headingText = inFence ? QString() : headingOf(line);
        if (!headingText.isNull()) {
            endParagraph();
            endPassage();
            heading = headingText;
        } else if (trimmed.isEmpty()) {
            endParagraph();
        } else {
            paragraph += paragraph.isEmpty() ? trimmed : QLatin1Char(' ') + trimmed;
        }
    }
    endParagraph();
    endPassage();
    if (passages.isEmpty())
        passages.append({ QStringLiteral(""), title.trimmed() });
    return passages;
}

} // namespace frontline::knowledge
