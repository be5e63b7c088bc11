// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "consoleitems.h"

#include <QMap>
#include <QObject>

namespace frontline::ui {

// The messages of the session the agent has open, in seq order. Messages arrive from the
// first read, from the event stream and from re-reads after a reconnect, in any order:
// each seq is kept once.
class Conversation final : public QObject
{
    Q_OBJECT
public:
    explicit Conversation(QObject *parent = nullptr);

    void open(const QString &sessionId); // empties it; "" closes
    QString sessionId() const { return m_sessionId; }
    // Adds what it does not have yet; messages of other sessions are ignored.
    void merge(const QList<MessageItem> &messages);
    qint64 lastSeq() const { return m_messages.isEmpty() ? 0 : m_messages.lastKey(); }
    QList<MessageItem> messages() const { return m_messages.values(); }

    // The newest seq the customer's page has shown (the session's customerSeenSeq): it only
    // grows while the session is open.
    void setCustomerSeenSeq(qint64 seq);
    qint64 customerSeenSeq() const { return m_customerSeenSeq; }
    // Whether the customer is typing now (the controller forgets it after a few seconds).
    void setCustomerTyping(bool typing);
    bool customerTyping() const { return m_customerTyping; }

    // The e-mails of the session (GET /api/agent/sessions/{id}/mails, then the `mail` events):
    // setMails() replaces them, absorbMail() keeps a mail's newest state; those of another
    // session are ignored.
    void setMails(const QList<MailItem> &mails);
    void absorbMail(const MailItem &mail);
    QList<MailItem> mails() const { return m_mails.values(); }
    // The reply mail that covers the message of `seq` (the newest, should two), or nullptr.
    const MailItem *replyMailFor(qint64 seq) const;

Q_SIGNALS:
    void reset(); // everything changed: show messages() again
    void appended(const frontline::ui::MessageItem &message); // a new last message
    void customerSeenChanged(qint64 seq);
    void customerTypingChanged(bool typing);
    void mailsChanged();

private:
    QString m_sessionId;
    qint64 m_customerSeenSeq = 0;
    bool m_customerTyping = false;
    QMap<qint64, MessageItem> m_messages;
    QMap<qint64, MailItem> m_mails; // by id
};

} // namespace frontline::ui
