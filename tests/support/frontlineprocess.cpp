// SPDX-License-Identifier: GPL-3.0-or-later
#include "frontlineprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

namespace frontline::testsupport {

QProcessEnvironment isolatedEnvironment(const QString &home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("HOME"), home);
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/xdg-config"));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/xdg-data"));
    for (const char *name :
        { "DATABASE_URL", "FRONTLINE_LISTEN", "FRONTLINE_DATA_DIR", "FRONTLINE_CONFIG",
            "FRONTLINE_RATE_LIMITS", "OPENAI_API_KEY", "OPENAI_BASE_URL", "CHAT_MOCK_MODE",
            "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" })
        environment.remove(QLatin1String(name));
    return environment;
}

QString startHeadless(
    QProcess &server, const QStringList &args, const QProcessEnvironment &environment)
{
    server.setProcessEnvironment(environment);
    server.start(QStringLiteral(FRONTLINE_BINARY),
        QStringList { QStringLiteral("--headless"), QStringLiteral("--listen"),
            QStringLiteral("127.0.0.1:0") }
            + args);
    static const QRegularExpression line(
        QStringLiteral("^Listening on (https?://127\\.0\\.0\\.1:\\d+)$"));
    QByteArray out;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 30000 && server.state() != QProcess::NotRunning) {
        QTest::qWait(20);
        out += server.readAllStandardOutput();
        if (out.contains('\n')) {
            const auto match = line.match(QString::fromUtf8(out).trimmed());
            return match.hasMatch() ? match.captured(1) : QString();
        }
    }
    return {};
}

int stopHeadless(QProcess &server)
{
    ::kill(static_cast<pid_t>(server.processId()), SIGTERM);
    if (!server.waitForFinished(5000))
        return -1;
    return server.exitStatus() == QProcess::NormalExit ? server.exitCode() : -1;
}

} // namespace frontline::testsupport
