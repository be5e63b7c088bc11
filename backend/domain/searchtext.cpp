// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/searchtext.h"

#include <QSet>

#include <algorithm>
#include <array>

namespace frontline::searchtext {

namespace {

// Letters that Unicode decomposition leaves alone but a reader takes for two plain ones.
QString special(char32_t c)
{
    switch (c) {
    case U'ß':
    case U'ẞ':
        return QStringLiteral("ss");
    case U'æ':
    case U'Æ':
        return QStringLiteral("ae");
    case U'œ':
    case U'Œ':
        return QStringLiteral("oe");
    case U'ø':
    case U'Ø':
        return QStringLiteral("o");
    case U'đ':
    case U'Đ':
        return QStringLiteral("d");
    case U'ł':
    case U'Ł':
        return QStringLiteral("l");
    case U'þ':
    case U'Þ':
        return QStringLiteral("th");
    case U'ı':
        return QStringLiteral("i");
    default:
        return {};
    }
}

// One code point folded: its letters and digits lower case without marks; empty when it is
// not a letter or a digit (a separator).
QString foldCodePoint(char32_t c)
{
    if (c < 0x80) {
        if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'))
            return QString(QChar(char16_t(c)));
        if (c >= U'A' && c <= U'Z')
            return QString(QChar(char16_t(c - U'A' + U'a')));
        return {};
    }
    if (QString s = special(c); !s.isEmpty())
        return s;
    if (!QChar::isLetterOrNumber(c))
        return {};
    const QString decomposed = QString::fromUcs4(&c, 1).normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (const char32_t d : decomposed.toUcs4()) {
        if (QChar::isMark(d))
            continue;
        if (!QChar::isLetterOrNumber(d)) {
            out.clear(); // "½" → "1⁄2": keep it whole rather than make two words of it
            out += QString::fromUcs4(&c, 1).toCaseFolded();
            return out;
        }
        if (QString s = special(d); !s.isEmpty())
            out += s;
        else
            out += QString::fromUcs4(&d, 1).toCaseFolded();
    }
    return out;
}

// The folded text and, for each of its UTF-16 units, where in the original text the code point
// that gave it starts (a separator: its first character) and ends.
struct Folded
{
    QString text;
    QList<qsizetype> from;
    QList<qsizetype> to;
};

Folded foldWithMap(const QString &text)
{
    Folded f;
    f.text.reserve(text.size());
    bool pendingSpace = false;
    qsizetype spaceAt = 0;
    for (qsizetype i = 0; i < text.size();) {
        char32_t c = text.at(i).unicode();
        qsizetype next = i + 1;
        if (QChar::isHighSurrogate(c) && next < text.size()
            && QChar::isLowSurrogate(text.at(next).unicode())) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(next));
            ++next;
        }
        const QString piece = foldCodePoint(c);
        if (piece.isEmpty()) {
            if (!pendingSpace) {
                pendingSpace = true;
                spaceAt = i;
            }
        } else {
            if (pendingSpace && !f.text.isEmpty()) {
                f.text += u' ';
                f.from.append(spaceAt);
                f.to.append(spaceAt + 1);
            }
            pendingSpace = false;
            for (const QChar ch : piece) {
                f.text += ch;
                f.from.append(i);
                f.to.append(next);
            }
        }
        i = next;
    }
    return f;
}

const QSet<QString> &stopWords()
{
    static const QSet<QString> words = [] {
        static const char *const list[] = { // English
            "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
            "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "get", "had",
            "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is",
            "it", "its", "just", "me", "my", "no", "not", "of", "on", "or", "our", "please", "she",
            "should", "so", "some", "than", "that", "the", "their", "them", "then", "there",
            "these", "they", "this", "to", "us", "was", "we", "were", "what", "when", "where",
            "which", "who", "why", "will", "with", "would", "you", "your",
            // French (folded: no accents)
            "ai", "au", "aux", "avec", "ce", "ces", "cet", "cette", "comment", "d", "dans", "de",
            "des", "du", "elle", "en", "est", "et", "etre", "eu", "fois", "il", "ils", "j", "je",
            "l", "la", "le", "les", "leur", "lui", "m", "ma", "mais", "me", "mes", "moi", "mon",
            "n", "ne", "nos", "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que",
            "quel", "quelle", "qui", "quoi", "s", "sa", "se", "ses", "si", "son", "sont", "sur",
            "t", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
            "svp", "bonjour", "merci", "hello", "hi", "thanks"
        };
        QSet<QString> set;
        for (const char *w : list)
            set.insert(QString::fromLatin1(w));
        return set;
    }();
    return words;
}

struct Suffix
{
    const char *text;
    int minStem; // letters that must remain before it
};

// Longest first: the first ending that fits is taken off, once.
constexpr std::array suffixes { // French
    Suffix { "issements", 4 }, Suffix { "issement", 4 }, Suffix { "eraient", 4 },
    Suffix { "erions", 4 }, Suffix { "ations", 4 }, Suffix { "atrices", 4 }, Suffix { "ateurs", 4 },
    Suffix { "ements", 4 }, Suffix { "ement", 4 }, Suffix { "ation", 4 }, Suffix { "atrice", 4 },
    Suffix { "ateur", 4 }, Suffix { "assent", 4 }, Suffix { "issons", 4 }, Suffix { "issez", 4 },
    Suffix { "issent", 4 }, Suffix { "erons", 4 }, Suffix { "eront", 4 }, Suffix { "erais", 4 },
    Suffix { "erait", 4 }, Suffix { "eriez", 4 }, Suffix { "aient", 4 }, Suffix { "ments", 4 },
    Suffix { "ment", 4 }, Suffix { "euses", 4 }, Suffix { "euse", 4 }, Suffix { "ables", 4 },
    Suffix { "able", 4 }, Suffix { "ibles", 4 }, Suffix { "ible", 4 }, Suffix { "istes", 4 },
    Suffix { "iste", 4 }, Suffix { "ismes", 4 }, Suffix { "isme", 4 }, Suffix { "ances", 4 },
    Suffix { "ance", 4 }, Suffix { "ences", 4 }, Suffix { "ence", 4 }, Suffix { "erai", 4 },
    Suffix { "eras", 4 }, Suffix { "erez", 4 }, Suffix { "ites", 4 }, Suffix { "ions", 4 },
    Suffix { "ives", 4 }, Suffix { "era", 4 }, Suffix { "ait", 4 }, Suffix { "ais", 4 },
    Suffix { "ant", 4 }, Suffix { "ees", 4 }, Suffix { "eux", 4 }, Suffix { "ite", 4 },
    Suffix { "ive", 4 }, Suffix { "iez", 4 }, Suffix { "ons", 4 }, Suffix { "er", 4 },
    Suffix { "ez", 4 }, Suffix { "ee", 4 }, Suffix { "ir", 4 },
    // English
    Suffix { "fulness", 4 }, Suffix { "ness", 4 }, Suffix { "less", 4 }, Suffix { "ings", 3 },
    Suffix { "ing", 3 }, Suffix { "ies", 3 }, Suffix { "ied", 3 }, Suffix { "ers", 4 },
    Suffix { "est", 4 }, Suffix { "ful", 4 }, Suffix { "ly", 4 }, Suffix { "ed", 3 },
    Suffix { "es", 3 }, Suffix { "y", 4 },
    // Both
    Suffix { "s", 3 }, Suffix { "x", 4 }, Suffix { "e", 3 }
};

bool isVowel(QChar c)
{
    return c == u'a' || c == u'e' || c == u'i' || c == u'o' || c == u'u' || c == u'y';
}

} // namespace

QString fold(const QString &text)
{
    return foldWithMap(text).text;
}

QStringList words(const QString &text, bool dropStopWords, int maxWords)
{
    const QStringList all = fold(text).split(u' ', Qt::SkipEmptyParts);
    QStringList unique;
    for (const QString &w : all) {
        if (!unique.contains(w))
            unique.append(w);
    }
    if (dropStopWords) {
        QStringList meaningful;
        for (const QString &w : std::as_const(unique)) {
            if (!stopWords().contains(w))
                meaningful.append(w);
        }
        if (!meaningful.isEmpty())
            unique = meaningful;
    }
    if (maxWords >= 0 && unique.size() > maxWords)
        unique.resize(maxWords);
    return unique;
}

QStringList meaningfulWords(const QString &text, int maxWords)
{
    QStringList meaningful;
    for (const QString &w : words(text, false, -1)) {
        if (maxWords >= 0 && meaningful.size() >= maxWords)
            break;
        if (!stopWords().contains(w))
            meaningful.append(w);
    }
    return meaningful;
}

bool isStopWord(const QString &foldedWord)
{
    return stopWords().contains(foldedWord);
}

QString stem(const QString &foldedWord)
{
    if (foldedWord.size() <= 3)
        return foldedWord;
    for (const Suffix &suffix : suffixes) {
        const QLatin1StringView ending(suffix.text);
        if (!foldedWord.endsWith(ending))
            continue;
        const qsizetype rest = foldedWord.size() - ending.size();
        if (rest < std::max(3, suffix.minStem))
            continue;
        QString s = foldedWord.left(rest);
        // "shipped" → "shipp" → "ship", "resetting" → "reset": a doubled last consonant
        // (but l, s, z, which double in the word itself) is one.
        const bool english = ending == QLatin1StringView("ed") || ending == QLatin1StringView("ing")
            || ending == QLatin1StringView("ings");
        if (english && s.size() > 3 && s.at(s.size() - 1) == s.at(s.size() - 2)
            && !isVowel(s.back()) && s.back() != u'l' && s.back() != u's' && s.back() != u'z')
            s.chop(1);
        return s;
    }
    return foldedWord;
}

QString fts5Query(const QStringList &words, Match match)
{
    QStringList terms;
    for (const QString &w : words) {
        // Only letters and digits reach the expression, each inside quotes: no FTS syntax.
        const QString s = stem(fold(w)).remove(u' ');
        if (!s.isEmpty())
            terms.append(u'"' + s + QStringLiteral("\"*"));
    }
    return terms.join(match == Match::AllWords ? QStringLiteral(" AND ") : QStringLiteral(" OR "));
}

QString tsQuery(const QStringList &words, Match match)
{
    QStringList terms;
    for (const QString &w : words) {
        const QString s = fold(w).remove(u' ');
        if (!s.isEmpty())
            terms.append(s + QStringLiteral(":*"));
    }
    return terms.join(match == Match::AllWords ? QStringLiteral(" & ") : QStringLiteral(" | "));
}

Snippet snippet(const QString &text, const QStringList &words, qsizetype maxChars)
{
    maxChars = std::max<qsizetype>(maxChars, 16);
    const Folded f = foldWithMap(text);

    QStringList stems;
    for (const QString &w : words) {
        const QString s = stem(fold(w)).remove(u' ');
        if (!s.isEmpty() && !stems.contains(s))
            stems.append(s);
    }

    // Every word of the folded text that begins with a stem: its extent in the original text.
    struct Hit
    {
        qsizetype start;
        qsizetype end;
    };
    QList<Hit> hits;
    for (qsizetype i = 0; i < f.text.size();) {
        qsizetype end = f.text.indexOf(u' ', i);
        if (end < 0)
            end = f.text.size();
        const QStringView word = QStringView(f.text).mid(i, end - i);
        for (const QString &s : std::as_const(stems)) {
            if (word.startsWith(s)) {
                hits.append({ f.from.at(i), f.to.at(end - 1) });
                break;
            }
        }
        i = end + 1;
    }

    const auto safe = [&text](qsizetype at) {
        // Never between the two halves of a surrogate pair.
        if (at > 0 && at < text.size() && text.at(at).isLowSurrogate()
            && text.at(at - 1).isHighSurrogate())
            return at - 1;
        return at;
    };

    qsizetype start = 0;
    if (!hits.isEmpty() && text.size() > maxChars) {
        // Some context before the first match, starting at a word.
        start = std::max<qsizetype>(0, hits.first().start - maxChars / 4);
        if (start > 0) {
            qsizetype space = start;
            while (space < hits.first().start && !text.at(space).isSpace())
                ++space;
            if (space < hits.first().start)
                start = space + 1;
        }
        // The whole window in the text when the match is near the end.
        start = std::min(start, std::max<qsizetype>(0, text.size() - maxChars));
    }
    start = safe(start);
    qsizetype end = std::min(text.size(), start + maxChars);
    if (end < text.size()) {
        qsizetype space = end;
        while (space > start + maxChars / 2 && !text.at(space).isSpace())
            --space;
        if (space > start + maxChars / 2)
            end = space;
    }
    end = safe(end);

    Snippet result;
    const bool cutBefore = start > 0;
    const bool cutAfter = end < text.size();
    QString window = text.mid(start, end - start);
    for (QChar &c : window) {
        if (c == u'\n' || c == u'\r' || c == u'\t')
            c = u' ';
    }
    if (cutBefore) {
        // No space right after the "…".
        qsizetype lead = 0;
        while (lead < window.size() && window.at(lead).isSpace())
            ++lead;
        window.remove(0, lead);
        start += lead;
    }
    const qsizetype offset = cutBefore ? 1 : 0;
    result.text = (cutBefore ? QStringLiteral("…") : QString()) + window
        + (cutAfter ? QStringLiteral("…") : QString());
    for (const Hit &hit : std::as_const(hits)) {
        if (hit.start < start || hit.end > start + window.size())
            continue;
        result.highlights.append({ hit.start - start + offset, hit.end - hit.start });
    }
    return result;
}

} // namespace frontline::searchtext
