// SPDX-License-Identifier: GPL-3.0-or-later
#include "mailmessage.h"

#include "domain/domainerror.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QStringList>

namespace frontline::mail {

namespace {

constexpr qsizetype FoldAt = 78;

bool isPlainAscii(const QString &text)
{
    for (const QChar c : text)
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            return false;
    return true;
}

bool isAtomText(const QString &word)
{
    for (const QChar c : word) {
        const char16_t u = c.unicode();
        if (!((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9')
                || QStringView(u"!#$%&'*+-/=?^_`{|}~").contains(c)))
            return false;
    }
    return !word.isEmpty();
}

// RFC 2047 encoded-words ("=?UTF-8?B?…?="), each of 64 characters at most and never splitting a
// UTF-8 sequence.
QList<QByteArray> encodedWords(const QString &text)
{
    QList<QByteArray> words;
    QByteArray chunk;
    // 39 bytes of UTF-8 make 52 characters of base64, 64 with the markers: a word fits a
    // line after "Subject: ".
    const auto flush = [&] {
        if (!chunk.isEmpty())
            words << "=?UTF-8?B?" + chunk.toBase64() + "?=";
        chunk.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        qsizetype length = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
        const QByteArray bytes = text.mid(i, length).toUtf8();
        if (chunk.size() + bytes.size() > 39)
            flush();
        chunk += bytes;
        i += length - 1;
    }
    flush();
    return words;
}

// The header "Name: token token…", folded before a token that would pass FoldAt.
QByteArray foldedHeader(const QByteArray &name, const QList<QByteArray> &tokens)
{
    QByteArray header = name + ':';
    qsizetype lineLength = header.size();
    for (const QByteArray &token : tokens) {
        if (lineLength + 1 + token.size() > FoldAt && lineLength > name.size() + 1) {
            header += "\r\n";
            lineLength = 0;
        }
        header += ' ' + token;
        lineLength += 1 + token.size();
    }
    return header + "\r\n";
}

// Unstructured text (a subject) as tokens: ASCII words as they are when they fit, else
// encoded-words throughout.
QList<QByteArray> textTokens(const QString &text)
{
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    bool plain = isPlainAscii(text) && !text.contains(QLatin1String("=?"));
    for (const QString &word : words)
        plain = plain && word.size() < FoldAt - 10;
    if (!plain)
        return encodedWords(text);
    QList<QByteArray> tokens;
    for (const QString &word : words)
        tokens << word.toLatin1();
    return tokens;
}

// A display name as tokens of a phrase: atoms, a quoted string, or encoded-words.
QList<QByteArray> phraseTokens(const QString &name)
{
    const QStringList words = name.split(u' ', Qt::SkipEmptyParts);
    bool atoms = !words.isEmpty();
    for (const QString &word : words)
        atoms = atoms && isAtomText(word) && word.size() < FoldAt - 10
            && !word.contains(QLatin1String("=?"));
    if (atoms) {
        QList<QByteArray> tokens;
        for (const QString &word : words)
            tokens << word.toLatin1();
        return tokens;
    }
    if (isPlainAscii(name) && name.size() < FoldAt - 20 && !name.contains(QLatin1String("=?"))) {
        QByteArray quoted = name.toLatin1();
        quoted.replace('\\', "\\\\").replace('"', "\\\"");
        return { '"' + quoted + '"' };
    }
    return encodedWords(name);
}

QByteArray mailboxHeader(const QByteArray &header, const Mailbox &mailbox)
{
    const QString name = neutralisedHeaderText(mailbox.name);
    QList<QByteArray> tokens = name.isEmpty() ? QList<QByteArray>() : phraseTokens(name);
    tokens << '<' + mailbox.address.toLatin1() + '>';
    return foldedHeader(header, tokens);
}

QByteArray rfc5322Date(const QDateTime &when)
{
    static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static const char *const months[]
        = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    const QDateTime utc = when.toUTC();
    const QDate date = utc.date();
    return QByteArray(days[date.dayOfWeek() - 1]) + ", "
        + QByteArray::number(date.day()).rightJustified(2, '0') + ' ' + months[date.month() - 1]
        + ' ' + QByteArray::number(date.year()) + ' '
        + utc.time().toString(QStringLiteral("HH:mm:ss")).toLatin1() + " +0000";
}

// Quoted-printable (RFC 2045) of `text` with its line ends made CRLF: lines under 77
// characters (soft breaks), trailing spaces and a leading dot encoded.
QByteArray quotedPrintable(const QString &text)
{
    QString normalized = text;
    normalized.replace(QLatin1String("\r\n"), QLatin1String("\n")).replace(u'\r', u'\n');
    QByteArray out;
    const QList<QByteArray> lines = normalized.toUtf8().split('\n');
    for (qsizetype l = 0; l < lines.size(); ++l) {
        const QByteArray &line = lines.at(l);
        QByteArray encodedLine;
        qsizetype lineLength = 0;
        for (qsizetype i = 0; i < line.size(); ++i) {
            const auto c = static_cast<unsigned char>(line.at(i));
            const bool last = i == line.size() - 1;
            QByteArray piece;
            if ((c >= 33 && c <= 126 && c != '=' && !(c == '.' && lineLength == 0))
                || ((c == ' ' || c == '\t') && !last))
                piece = QByteArray(1, char(c));
            else
                piece = '=' + QByteArray::number(c, 16).toUpper().rightJustified(2, '0');
            if (lineLength + piece.size() > 75) {
                encodedLine += "=\r\n";
                lineLength = 0;
                if (piece == ".")
                    piece = "=2E";
            }
            encodedLine += piece;
            lineLength += piece.size();
        }
        out += encodedLine;
        if (l + 1 < lines.size())
            out += "\r\n";
    }
    return out + "\r\n";
}

QByteArray randomHex(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    for (char &b : raw)
        b = char(QRandomGenerator::system()->bounded(256));
    return raw.toHex();
}

void requireAddress(const QString &field, const QString &address)
{
    if (!isMailAddress(address))
        throw DomainError::invalidInput(field,
            QCoreApplication::translate(
                "MailMessage", "must be an e-mail address such as name@example.com."));
}

} // namespace

QString neutralisedHeaderText(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\r' || u == u'\n' || u == u'\t' || u == 0x2028 || u == 0x2029 || u == 0x85)
            out += u' ';
        else if (c.category() != QChar::Other_Control)
            out += c;
    }
    return out.simplified();
}

QString makeMessageId(const QString &fromAddress)
{
    const QString domain = fromAddress.section(u'@', 1);
    return QString::fromLatin1(randomHex(16)) + u'@'
        + (domain.isEmpty() ? QStringLiteral("frontline.invalid") : domain);
}

QByteArray renderMime(const MailMessage &message)
{
    requireAddress(QStringLiteral("from"), message.from.address);
    requireAddress(QStringLiteral("to"), message.to.address);
    if (!isMailAddress(message.messageId))
        throw DomainError::invalidInput(QStringLiteral("messageId"),
            QCoreApplication::translate("MailMessage", "must be written as local@domain."));

    QByteArray out;
    out += mailboxHeader("From", message.from);
    out += mailboxHeader("To", message.to);
    const QString subject = neutralisedHeaderText(message.subject);
    out += subject.isEmpty() ? QByteArray("Subject:\r\n")
                             : foldedHeader("Subject", textTokens(subject));
    out += "Date: "
        + rfc5322Date(message.date.isValid() ? message.date : QDateTime::currentDateTimeUtc())
        + "\r\n";
    out += "Message-ID: <" + message.messageId.toLatin1() + ">\r\n";
    out += "MIME-Version: 1.0\r\n";

    const QByteArray textPart = "Content-Type: text/plain; charset=UTF-8\r\n"
                                "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quotedPrintable(message.text);
    if (message.html.isEmpty())
        return out + textPart;
    // "=_" never occurs in quoted-printable, so the boundary cannot occur in a part.
    const QByteArray boundary = "=_frontline_" + randomHex(12);
    out += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n" + textPart;
    out += "--" + boundary + "\r\n";
    out += "Content-Type: text/html; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quotedPrintable(message.html);
    out += "--" + boundary + "--\r\n";
    return out;
}

} // namespace frontline::mail
