// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

namespace frontline::testsupport {

// A real SMTP server for the mail tests: tests/support/smtpserver.py on Debian's aiosmtpd,
// on a free port of 127.0.0.1, plain, with STARTTLS or SMTPS (a certificate for 127.0.0.1 and
// localhost made with openssl when the server is made), with AUTH when a user is given. What it
// accepted is read back from its folder, with what Python's own mail parser made of it.
class SmtpTestServer final
{
public:
    enum class Mode { Plain, StartTls, Smtps };
    struct Options
    {
        Mode mode = Mode::Plain;
        QString user; // empty: no AUTH
        QString password;
        QStringList refusedRecipients; // RCPT TO answered 550
        // The first message's DATA is never answered: the server waits for the client to leave
        // and stores nothing (see holdingData(), clientLeft()). The next ones go as usual.
        bool holdFirstData = false;
    };
    struct Received
    {
        QString mailFrom;
        QStringList rcptTos;
        bool tls = false;
        bool authenticated = false;
        QByteArray data; // the bytes as received
        QJsonObject parsed; // headers, addresses, parts, defects (Python's email package)
    };

    // A python3 that imports aiosmtpd (Debian's /usr/bin/python3 first), or empty.
    static QString python();

    explicit SmtpTestServer(Options options);
    ~SmtpTestServer();

    // Starts the server (on the port it had, after a stop()); false and why in `error`.
    bool start(QString *error);
    void stop();
    int port() const { return m_port; }
    // The server's certificate, to trust as a CA (FRONTLINE_SMTP_CA_FILE).
    QString certificateFile() const;
    // holdFirstData: the first message's DATA came and is held, unanswered.
    bool holdingData() const;
    // holdFirstData: the client of the held message left; it was not stored.
    bool clientLeft() const;
    // Every message accepted so far, oldest first.
    QList<Received> received() const;

private:
    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
};

} // namespace frontline::testsupport

// In a test function: skip when python3-aiosmtpd is missing, fail instead in CI, where
// scripts/setup installs it.
#define FRONTLINE_REQUIRE_AIOSMTPD()                                                               \
    if (frontline::testsupport::SmtpTestServer::python().isEmpty()) {                              \
        if (qEnvironmentVariable("CI") == QLatin1String("true"))                                   \
            QFAIL("No python3 with aiosmtpd, which scripts/setup installs (python3-aiosmtpd)");    \
        QSKIP("No python3 with aiosmtpd: install python3-aiosmtpd (scripts/setup does)");          \
    }
