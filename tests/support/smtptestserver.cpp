// SPDX-License-Identifier: GPL-3.0-or-later
#include "smtptestserver.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

namespace frontline::testsupport {

QString SmtpTestServer::python()
{
    static const QString found = [] {
        QStringList candidates { QStringLiteral("/usr/bin/python3") };
        const QString onPath = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (!onPath.isEmpty())
            candidates << onPath;
        for (const QString &candidate : candidates) {
            if (!QFile::exists(candidate))
                continue;
            QProcess probe;
            probe.start(candidate, { QStringLiteral("-c"), QStringLiteral("import aiosmtpd") });
            if (probe.waitForFinished(30000) && probe.exitStatus() == QProcess::NormalExit
                && probe.exitCode() == 0)
                return candidate;
        }
        return QString();
    }();
    return found;
}

SmtpTestServer::SmtpTestServer(Options options)
    : m_options(std::move(options))
{
    QDir().mkpath(m_dir.filePath(QStringLiteral("received")));
}

SmtpTestServer::~SmtpTestServer()
{
    stop();
}

QString SmtpTestServer::certificateFile() const
{
    return m_dir.filePath(QStringLiteral("cert.pem"));
}

bool SmtpTestServer::start(QString *error)
{
    if (m_options.mode != Mode::Plain && !QFile::exists(certificateFile())) {
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
            { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"),
                QStringLiteral("-addext"),
                QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"),
                QStringLiteral("-keyout"), m_dir.filePath(QStringLiteral("key.pem")),
                QStringLiteral("-out"), certificateFile() });
        if (!openssl.waitForFinished(60000) || openssl.exitCode() != 0) {
            *error = QStringLiteral("openssl could not make the test certificate: ")
                + QString::fromLocal8Bit(openssl.readAllStandardError());
            return false;
        }
    }
    QStringList arguments { QStringLiteral(FRONTLINE_SOURCE_DIR "/tests/support/smtpserver.py"),
        QStringLiteral("--folder"), m_dir.filePath(QStringLiteral("received")),
        QStringLiteral("--port"), QString::number(m_port), QStringLiteral("--mode"),
        m_options.mode == Mode::Plain          ? QStringLiteral("plain")
            : m_options.mode == Mode::StartTls ? QStringLiteral("starttls")
                                               : QStringLiteral("smtps") };
    if (m_options.mode != Mode::Plain)
        arguments << QStringLiteral("--cert") << certificateFile() << QStringLiteral("--key")
                  << m_dir.filePath(QStringLiteral("key.pem"));
    if (!m_options.user.isEmpty())
        arguments << QStringLiteral("--user") << m_options.user << QStringLiteral("--password")
                  << m_options.password;
    for (const QString &refused : m_options.refusedRecipients)
        arguments << QStringLiteral("--refuse") << refused;
    if (m_options.holdFirstData)
        arguments << QStringLiteral("--hold-first-data");

    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->start(python(), arguments);
    if (!m_process->waitForStarted(30000)) {
        *error = QStringLiteral("python3 did not start: ") + m_process->errorString();
        return false;
    }
    QByteArray out;
    while (!out.contains('\n')) {
        if (!m_process->waitForReadyRead(60000)) {
            *error = QStringLiteral("the SMTP server did not start: ")
                + QString::fromLocal8Bit(m_process->readAllStandardError());
            return false;
        }
        out += m_process->readAllStandardOutput();
    }
    const QByteArray line = out.left(out.indexOf('\n')).trimmed();
    if (!line.startsWith("ready ")) {
        *error = QStringLiteral("the SMTP server said: ") + QString::fromUtf8(line);
        return false;
    }
    m_port = line.mid(6).toInt();
    return m_port > 0;
}

void SmtpTestServer::stop()
{
    if (!m_process)
        return;
    m_process->closeWriteChannel();
    if (!m_process->waitForFinished(20000)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    m_process.reset();
}

bool SmtpTestServer::holdingData() const
{
    return QFile::exists(m_dir.filePath(QStringLiteral("received/holding")));
}

bool SmtpTestServer::clientLeft() const
{
    return QFile::exists(m_dir.filePath(QStringLiteral("received/left")));
}

QList<SmtpTestServer::Received> SmtpTestServer::received() const
{
    QList<Received> messages;
    const QDir folder(m_dir.filePath(QStringLiteral("received")));
    for (const QString &name :
        folder.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        QFile file(folder.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject record = QJsonDocument::fromJson(file.readAll()).object();
        Received message;
        message.mailFrom = record.value(QLatin1String("mailFrom")).toString();
        for (const QJsonValue &to : record.value(QLatin1String("rcptTos")).toArray())
            message.rcptTos << to.toString();
        message.tls = record.value(QLatin1String("tls")).toBool();
        message.authenticated = record.value(QLatin1String("authenticated")).toBool();
        message.data
            = QByteArray::fromBase64(record.value(QLatin1String("data")).toString().toLatin1());
        message.parsed = record.value(QLatin1String("parsed")).toObject();
        messages << message;
    }
    return messages;
}

} // namespace frontline::testsupport
