// SPDX-License-Identifier: GPL-3.0-or-later
#include "smtpsender.h"

#include "core/logging.h"
#include "domain/domainerror.h"

#include <QCoreApplication>

#include <cstring>
#include <curl/curl.h>
#include <mutex>

namespace frontline::mail {

namespace {

void initializeCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// What one transfer reads and hears.
struct Transfer
{
    const QByteArray *body = nullptr;
    qsizetype offset = 0;
    QByteArray lastReply; // the server's last reply line
    QByteArray lastCommand; // the verb of the last command sent (never its arguments)
    bool quitting = false;
};

size_t readBody(char *buffer, size_t size, size_t count, void *userData)
{
    auto *transfer = static_cast<Transfer *>(userData);
    const qsizetype left = transfer->body->size() - transfer->offset;
    const auto n = static_cast<qsizetype>(std::min<size_t>(size * count, size_t(left)));
    if (n > 0)
        std::memcpy(buffer, transfer->body->constData() + transfer->offset, size_t(n));
    transfer->offset += n;
    return size_t(n);
}

int watch(CURL *, curl_infotype type, char *data, size_t size, void *userData)
{
    auto *transfer = static_cast<Transfer *>(userData);
    const QByteArray line = QByteArray(data, qsizetype(size)).trimmed();
    // What comes after QUIT (curl's goodbye, after a refusal too) is not the answer.
    if (transfer->quitting || line.isEmpty())
        return 0;
    if (type == CURLINFO_HEADER_IN) {
        transfer->lastReply = line.left(300);
    } else if (type == CURLINFO_HEADER_OUT) {
        // Only the verb: an AUTH line carries the credentials.
        const qsizetype space = line.indexOf(' ');
        const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper().left(16);
        if (verb == "QUIT")
            transfer->quitting = true;
        else
            transfer->lastCommand = verb;
    }
    return 0;
}

SendResult describe(CURLcode code, long smtpCode, const Transfer &transfer, const char *curlError)
{
    SendResult result;
    result.smtpCode = int(smtpCode);
    const QString reply = QString::fromUtf8(transfer.lastReply);
    const QString detail = !reply.isEmpty() && smtpCode >= 400
        ? reply
        : QString::fromUtf8(*curlError ? curlError : curl_easy_strerror(code));
    if (code == CURLE_OK) {
        result.ok = true;
        result.message
            = QCoreApplication::translate("SmtpSender", "accepted by the mail server: %1")
                  .arg(reply);
        return result;
    }
    result.permanent = smtpCode >= 500 && smtpCode < 600;
    switch (code) {
    case CURLE_LOGIN_DENIED:
        result.permanent = true;
        result.message = QCoreApplication::translate("SmtpSender",
            "authentication failed: the mail server refused the user name or "
            "password of FRONTLINE_SMTP_URL (%1)")
                             .arg(detail);
        return result;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
        result.message
            = QCoreApplication::translate("SmtpSender", "the mail server cannot be reached (%1)")
                  .arg(detail);
        return result;
    case CURLE_OPERATION_TIMEDOUT:
        result.message = QCoreApplication::translate(
            "SmtpSender", "the mail server did not answer in time (%1)")
                             .arg(detail);
        return result;
    case CURLE_USE_SSL_FAILED:
        result.message = QCoreApplication::translate("SmtpSender",
            "the mail server does not offer STARTTLS, which is required: "
            "nothing was sent in the clear (%1)")
                             .arg(detail);
        return result;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        result.message = QCoreApplication::translate("SmtpSender",
            "the secure connection to the mail server failed, its certificate "
            "was not trusted or TLS did not work (%1)")
                             .arg(detail);
        return result;
    default:
        break;
    }
    if (smtpCode >= 400) {
        result.messageRefused = result.permanent
            && (transfer.lastCommand == "RCPT" || transfer.lastCommand == "DATA");
        if (transfer.lastCommand == "RCPT")
            result.message = QCoreApplication::translate(
                "SmtpSender", "the mail server refused the recipient: %1")
                                 .arg(detail);
        else if (transfer.lastCommand == "MAIL")
            result.message = QCoreApplication::translate(
                "SmtpSender", "the mail server refused the sender: %1")
                                 .arg(detail);
        else if (transfer.lastCommand == "DATA" || transfer.lastCommand.isEmpty())
            result.message = QCoreApplication::translate(
                "SmtpSender", "the mail server refused the message: %1")
                                 .arg(detail);
        else
            result.message
                = QCoreApplication::translate("SmtpSender", "the mail server refused: %1")
                      .arg(detail);
        return result;
    }
    result.message = QCoreApplication::translate("SmtpSender", "sending failed: %1").arg(detail);
    return result;
}

} // namespace

SmtpSender::SmtpSender(SmtpSettings settings)
    : m_settings(std::move(settings))
{
    initializeCurlOnce();
}

SendResult SmtpSender::send(const MailMessage &message) const
{
    QByteArray rendered;
    try {
        rendered = renderMime(message);
    } catch (const DomainError &error) {
        SendResult result;
        result.permanent = true;
        result.messageRefused = true;
        result.message = error.field() + QLatin1Char(' ') + error.message();
        return result;
    }
    return send(message.from.address, message.to.address, rendered);
}

SendResult SmtpSender::send(
    const QString &envelopeFrom, const QString &recipient, const QByteArray &rendered) const
{
    // What goes into MAIL FROM and RCPT TO is checked here as well: curl would send a line
    // break in them as it is.
    for (const QString *address : { &envelopeFrom, &recipient }) {
        if (!isMailAddress(*address)) {
            SendResult result;
            result.permanent = true;
            result.messageRefused = true;
            result.message
                = QCoreApplication::translate("SmtpSender", "\"%1\" is not an e-mail address")
                      .arg(*address);
            return result;
        }
    }

    CURL *curl = curl_easy_init();
    if (!curl) {
        SendResult result;
        result.message
            = QCoreApplication::translate("SmtpSender", "sending failed: libcurl could not start");
        return result;
    }
    Transfer transfer;
    transfer.body = &rendered;
    char curlError[CURL_ERROR_SIZE] = {};
    const QByteArray url = m_settings.curlUrl();
    const QByteArray from = '<' + envelopeFrom.toLatin1() + '>';
    const QByteArray to = '<' + recipient.toLatin1() + '>';
    const QByteArray user = m_settings.user.toUtf8();
    const QByteArray password = m_settings.password.toUtf8();
    const QByteArray caFile = m_settings.caFile.toLocal8Bit();
    curl_slist *recipients = curl_slist_append(nullptr, to.constData());

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
#endif
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // on a worker thread: no SIGALRM
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curlError);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(rendered.size()));
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
        m_settings.tlsRequired() ? long(CURLUSESSL_ALL) : long(CURLUSESSL_TRY));
    // Always verified: the certificate's chain and the host's name.
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
        long(std::chrono::milliseconds(m_settings.connectTimeout).count()));
    curl_easy_setopt(
        curl, CURLOPT_TIMEOUT_MS, long(std::chrono::milliseconds(m_settings.totalTimeout).count()));
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, watch);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L); // for the debug function: nothing is printed

    const CURLcode code = curl_easy_perform(curl);
    long smtpCode = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &smtpCode);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);

    SendResult result = describe(code, smtpCode, transfer, curlError);
    if (!result.ok)
        qCWarning(lcMail).noquote() << "a mail was not sent:" << result.message;
    return result;
}

} // namespace frontline::mail
