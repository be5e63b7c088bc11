// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mailmessage.h"
#include "smtpsettings.h"

#include <QByteArray>
#include <QString>

namespace frontline::mail {

// What became of one message.
struct SendResult
{
    bool ok = false;
    // Trying again will not help: the server answered 5xx, or refused the credentials. The
    // outbox marks the message failed instead of retrying it.
    bool permanent = false;
    // This message itself was refused (5xx to RCPT TO or after DATA, or it cannot be written):
    // sending it again will not help, while other messages may still go. False for a refusal
    // of the credentials or of the sender, which is the configuration's and holds for every
    // message until an operator fixes it: the outbox keeps those queued.
    bool messageRefused = false;
    int smtpCode = 0; // the server's last reply code, 0 if it never answered
    // For agents: what happened, in words ("authentication failed: …", "the mail server
    // cannot be reached: …"), with the server's reply when there was one.
    QString message;
};

// Sends one message over SMTP with libcurl: STARTTLS or TLS as the settings say, the
// certificate and host name always verified, authentication when a user is set, the
// settings' connect and total timeouts.
//
// send() BLOCKS until the server has answered or a timeout has passed (up to
// SmtpSettings::totalTimeout): call it on a worker thread, never on the backend (HTTP) thread.
// One SmtpSender may be used from one thread at a time; several, each on its own thread, are
// fine (libcurl's global set-up is done once per process, thread-safely).
class SmtpSender final
{
public:
    explicit SmtpSender(SmtpSettings settings);

    // `rendered` (renderMime's bytes) from the envelope sender to one recipient.
    SendResult send(
        const QString &envelopeFrom, const QString &recipient, const QByteArray &rendered) const;
    // renderMime(message) from message.from to message.to. A message renderMime refuses is a
    // permanent failure.
    SendResult send(const MailMessage &message) const;

    const SmtpSettings &settings() const { return m_settings; }

private:
    SmtpSettings m_settings;
};

} // namespace frontline::mail
