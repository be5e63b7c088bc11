// SPDX-License-Identifier: GPL-3.0-or-later
#include "mailcomposer.h"

#include "domain/customertexts.h"
#include "domain/mailtexts.h"
#include "mail/mailmessage.h"

namespace frontline {

namespace {

// Text from a customer or an agent, safe inside HTML: escaped, its line breaks kept.
QString htmlText(const QString &text)
{
    return text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>\n"));
}

QString paragraph(const QString &text)
{
    return QStringLiteral("<p>") + htmlText(text) + QStringLiteral("</p>\n");
}

// The HTML part's frame: plain, readable in every mail client, in the session's language.
QString htmlDocument(const QString &locale, const QString &body)
{
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"%1\">\n<head><meta charset=\"utf-8\"></head>\n"
               "<body style=\"font-family:sans-serif;line-height:1.4\">\n")
               .arg(customertexts::isFrench(locale) ? QStringLiteral("fr") : QStringLiteral("en"))
        + body + QStringLiteral("</body>\n</html>\n");
}

QString stamp(const ChatMessage &message)
{
    return message.createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
        + QStringLiteral(" UTC");
}

} // namespace

MailComposer::MailComposer(Mailbox from)
    : m_from(std::move(from))
    , m_team(mail::neutralisedHeaderText(m_from.name))
{
    if (m_team.isEmpty())
        m_team = QStringLiteral("Support");
}

QString MailComposer::newMessageId() const
{
    return mail::makeMessageId(m_from.address);
}

QString MailComposer::author(
    const ChatSession &session, const ChatMessage &message, Reader reader) const
{
    const QString &locale = session.locale;
    switch (message.role) {
    case Role::User:
        if (reader == Reader::Customer)
            return mailtexts::customerLabel(locale);
        return session.customerName.isEmpty() ? mailtexts::customerLabelForOperator(locale)
                                              : mail::neutralisedHeaderText(session.customerName);
    case Role::Assistant:
    case Role::System:
        return mailtexts::assistantLabel(locale);
    case Role::Agent:
    case Role::Note:
        break;
    }
    return message.agentName.isEmpty() ? mailtexts::agentLabel(locale)
                                       : mail::neutralisedHeaderText(message.agentName);
}

void MailComposer::appendMessages(const ChatSession &session, const QList<ChatMessage> &messages,
    Reader reader, QString &text, QString &html) const
{
    for (const ChatMessage &message : messages) {
        // The callers give what the customer may read; a note is left out all the same.
        if (message.role == Role::Note)
            continue;
        const QString who = author(session, message, reader);
        text += who + QStringLiteral(" (") + stamp(message) + QStringLiteral("):\n");
        html += QStringLiteral("<p style=\"margin-bottom:0\"><strong>") + who.toHtmlEscaped()
            + QStringLiteral("</strong> <span style=\"color:#666\">") + stamp(message)
            + QStringLiteral("</span></p>\n<blockquote style=\"margin-top:0.2em\">");
        if (!message.content.isEmpty()) {
            text += message.content + QLatin1Char('\n');
            html += htmlText(message.content);
        }
        for (const Attachment &file : message.attachments) {
            const QString label = mailtexts::attachmentLabel(session.locale, file.filename);
            text += label + QLatin1Char('\n');
            html += QStringLiteral("<br>") + label.toHtmlEscaped();
        }
        text += QLatin1Char('\n');
        html += QStringLiteral("</blockquote>\n");
    }
}

NewMail MailComposer::reply(const ChatSession &session, const QList<ChatMessage> &replies,
    const QString &resumeUrl, int linkDays) const
{
    const QString &locale = session.locale;
    const QString name = mail::neutralisedHeaderText(session.customerName);
    NewMail mail;
    mail.sessionId = session.id;
    mail.kind = MailKind::Reply;
    mail.recipient = session.customerEmail;
    mail.recipientName = name;
    mail.subject = mailtexts::replySubject(locale, m_team);
    if (!replies.isEmpty()) {
        mail.firstSeq = replies.first().seq;
        mail.lastSeq = replies.last().seq;
    }
    QString text = mailtexts::greeting(locale, name) + QStringLiteral("\n\n")
        + mailtexts::replyIntro(locale, m_team) + QStringLiteral("\n\n");
    QString html = paragraph(mailtexts::greeting(locale, name))
        + paragraph(mailtexts::replyIntro(locale, m_team));
    appendMessages(session, replies, Reader::Customer, text, html);
    text += mailtexts::resumeInvitation(locale) + QLatin1Char('\n') + resumeUrl
        + QStringLiteral("\n") + mailtexts::linkLifetime(locale, linkDays) + QStringLiteral("\n\n")
        + mailtexts::signature(locale, m_team) + QLatin1Char('\n');
    html += QStringLiteral("<p>") + htmlText(mailtexts::resumeInvitation(locale))
        + QStringLiteral("<br>\n<a href=\"") + resumeUrl.toHtmlEscaped() + QStringLiteral("\">")
        + resumeUrl.toHtmlEscaped() + QStringLiteral("</a><br>\n")
        + htmlText(mailtexts::linkLifetime(locale, linkDays)) + QStringLiteral("</p>\n")
        + paragraph(mailtexts::signature(locale, m_team));
    mail.text = text;
    mail.html = htmlDocument(locale, html);
    return mail;
}

NewMail MailComposer::transcript(
    const ChatSession &session, const QList<ChatMessage> &messages, const QString &to) const
{
    const QString &locale = session.locale;
    const QString name = mail::neutralisedHeaderText(session.customerName);
    NewMail mail;
    mail.sessionId = session.id;
    mail.kind = MailKind::Transcript;
    mail.recipient = to;
    mail.recipientName = name;
    mail.subject = mailtexts::transcriptSubject(locale, m_team);
    if (!messages.isEmpty()) {
        mail.firstSeq = messages.first().seq;
        mail.lastSeq = messages.last().seq;
    }
    QString text = mailtexts::greeting(locale, name) + QStringLiteral("\n\n")
        + mailtexts::transcriptIntro(locale, m_team) + QStringLiteral("\n\n");
    QString html = paragraph(mailtexts::greeting(locale, name))
        + paragraph(mailtexts::transcriptIntro(locale, m_team));
    appendMessages(session, messages, Reader::Customer, text, html);
    text += mailtexts::signature(locale, m_team) + QLatin1Char('\n');
    html += paragraph(mailtexts::signature(locale, m_team));
    mail.text = text;
    mail.html = htmlDocument(locale, html);
    return mail;
}

NewMail MailComposer::operatorCopy(
    const ChatSession &session, const QList<ChatMessage> &messages, const QString &to) const
{
    const QString &locale = session.locale;
    const QString name = mail::neutralisedHeaderText(session.customerName);
    const QString customer = name.isEmpty() ? session.customerEmail
        : session.customerEmail.isEmpty()
        ? name
        : name + QStringLiteral(" <") + session.customerEmail + QLatin1Char('>');
    NewMail mail;
    mail.sessionId = session.id;
    mail.kind = MailKind::OperatorCopy;
    mail.recipient = to;
    mail.recipientName = m_team;
    mail.subject = mailtexts::copySubject(locale, customer);
    if (!messages.isEmpty()) {
        mail.firstSeq = messages.first().seq;
        mail.lastSeq = messages.last().seq;
    }
    QString text = mailtexts::copyIntro(locale, session.id) + QStringLiteral("\n\n");
    QString html = paragraph(mailtexts::copyIntro(locale, session.id));
    appendMessages(session, messages, Reader::Operator, text, html);
    mail.text = text;
    mail.html = htmlDocument(locale, html);
    return mail;
}

} // namespace frontline
