// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversation.h"

namespace frontline::ui {

Conversation::Conversation(QObject *parent)
    : QObject(parent)
{
}

void Conversation::open(const QString &sessionId)
{
    m_sessionId = sessionId;
    m_messages.clear();
    m_mails.clear();
    m_customerSeenSeq = 0;
    setCustomerTyping(false);
    Q_EMIT reset();
}

void Conversation::setCustomerSeenSeq(qint64 seq)
{
    if (seq <= m_customerSeenSeq || m_sessionId.isEmpty())
        return;
    m_customerSeenSeq = seq;
    Q_EMIT customerSeenChanged(seq);
}

void Conversation::setCustomerTyping(bool typing)
{
    if (typing == m_customerTyping)
        return;
    m_customerTyping = typing;
    Q_EMIT customerTypingChanged(typing);
}

void Conversation::setMails(const QList<MailItem> &mails)
{
    m_mails.clear();
    for (const MailItem &mail : mails) {
        if (mail.sessionId == m_sessionId && !m_sessionId.isEmpty())
            m_mails.insert(mail.id, mail);
    }
    Q_EMIT mailsChanged();
}

void Conversation::absorbMail(const MailItem &mail)
{
    if (mail.sessionId != m_sessionId || m_sessionId.isEmpty())
        return;
    m_mails.insert(mail.id, mail);
    Q_EMIT mailsChanged();
}

const MailItem *Conversation::replyMailFor(qint64 seq) const
{
    const MailItem *found = nullptr; // the newest: ids grow
    for (const MailItem &mail : m_mails) {
        if (mail.covers(seq))
            found = &mail;
    }
    return found;
}

void Conversation::merge(const QList<MessageItem> &messages)
{
    bool inserted = false;
    bool onlyAppended = true;
    QList<MessageItem> appendedNow;
    for (const MessageItem &message : messages) {
        if (message.sessionId != m_sessionId || m_sessionId.isEmpty()
            || m_messages.contains(message.seq))
            continue;
        if (!m_messages.isEmpty() && message.seq < m_messages.lastKey())
            onlyAppended = false;
        m_messages.insert(message.seq, message);
        appendedNow.append(message);
        inserted = true;
    }
    if (!inserted)
        return;
    if (!onlyAppended) {
        Q_EMIT reset(); // one arrived out of order: show them all again, in order
        return;
    }
    std::sort(appendedNow.begin(), appendedNow.end(),
        [](const MessageItem &a, const MessageItem &b) { return a.seq < b.seq; });
    for (const MessageItem &message : appendedNow)
        Q_EMIT appended(message);
}

} // namespace frontline::ui
