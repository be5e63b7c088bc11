// SPDX-License-Identifier: GPL-3.0-or-later
// docs/API.md is true: every example in it is run, as written, with curl against the real
// `frontline --headless`, and must get the status the document states.

#include "frontlineprocess.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Example
{
    QString expect; // an HTTP status, or "stream"
    bool saveSession = false;
    bool saveCanned = false; // the answer's cannedResponse.id as $CANNED_ID
    QString command;
    int line = 0;
    bool saveLabel = false; // its answer's label.id becomes $LABEL_ID
    bool saveAttachment = false; // attachment.id and .url as $ATTACHMENT_ID, $ATTACHMENT_URL
    bool file = false; // the answer is a file, not JSON (the command writes it elsewhere)
    bool saveArticle = false; // the answer's article.id as $ARTICLE_ID
};

QList<Example> examplesIn(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    static const QRegularExpression marker(
        QStringLiteral("^<!-- example expect=(\\S+)( save-session)?( save-label)?( save-canned)?"
                       "( save-article)?( save-attachment)?( file)? -->$"));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    QList<Example> examples;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const auto match = marker.match(lines.at(i));
        if (!match.hasMatch() || i + 1 >= lines.size() || lines.at(i + 1) != QLatin1String("```sh"))
            continue;
        Example example { match.captured(1), match.hasCaptured(2), match.hasCaptured(4), QString(),
            int(i + 1), match.hasCaptured(3), match.hasCaptured(6), match.hasCaptured(7),
            match.hasCaptured(5) };
        for (i += 2; i < lines.size() && lines.at(i) != QLatin1String("```"); ++i)
            example.command += lines.at(i) + QLatin1Char('\n');
        examples.append(example);
    }
    return examples;
}

} // namespace

class TestApiDocs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyExampleGetsItsDocumentedAnswer()
    {
        const QList<Example> examples
            = examplesIn(QStringLiteral(FRONTLINE_SOURCE_DIR "/docs/API.md"));
        QVERIFY2(examples.size() >= 16, "docs/API.md lost its examples");

        QTemporaryDir home;
        QProcessEnvironment environment = frontline::testsupport::isolatedEnvironment(home.path());
        environment.insert(QStringLiteral("FRONTLINE_ADMIN_TOKEN"),
            QStringLiteral("apidocs-admin-token-0123456789"));
        environment.insert(
            QStringLiteral("AGENT_TOKEN"), QStringLiteral("apidocs-admin-token-0123456789"));
        QProcess server;
        const QString url = frontline::testsupport::startHeadless(server, {}, environment);
        QVERIFY2(!url.isEmpty(), server.readAllStandardError().constData());
        environment.insert(QStringLiteral("FRONTLINE"), url);

        for (const Example &example : examples) {
            const bool stream = example.expect == QLatin1String("stream");
            QString command = example.command.trimmed();
            if (!stream)
                command += QStringLiteral(" -w '\\n%{http_code}'");
            QProcess curl;
            curl.setProcessEnvironment(environment);
            curl.start(QStringLiteral("bash"), { QStringLiteral("-c"), command });
            QVERIFY(curl.waitForFinished(15000));
            const QString output = QString::fromUtf8(curl.readAllStandardOutput());
            const QString where
                = QStringLiteral("docs/API.md line %1: %2").arg(example.line).arg(output.left(300));
            if (stream) {
                QVERIFY2(curl.exitCode() == 28 || curl.exitCode() == 0,
                    qPrintable(where)); // 28: --max-time
                QVERIFY2(output.contains(QLatin1String("event: status")), qPrintable(where));
                QVERIFY2(
                    output.contains(QLatin1String("id: 3\nevent: message")), qPrintable(where));
                continue;
            }
            QCOMPARE(curl.exitCode(), 0);
            const qsizetype lastBreak = output.lastIndexOf(QLatin1Char('\n'));
            QVERIFY2(output.mid(lastBreak + 1) == example.expect, qPrintable(where));
            // 204 No Content has no body at all; every other answer is a JSON object.
            if (example.expect == QLatin1String("204") || example.file) {
                QVERIFY2(lastBreak == 0, qPrintable(where));
                continue;
            }
            const QJsonObject body
                = QJsonDocument::fromJson(output.left(lastBreak).toUtf8()).object();
            QVERIFY2(!body.isEmpty(), qPrintable(where)); // every other answer is a JSON object
            if (example.saveLabel)
                environment.insert(QStringLiteral("LABEL_ID"),
                    QString::number(body.value(QStringLiteral("label"))
                                        .toObject()
                                        .value(QStringLiteral("id"))
                                        .toInteger()));
            if (example.saveAttachment) {
                const QJsonObject attachment = body.value(QStringLiteral("attachment")).toObject();
                environment.insert(QStringLiteral("ATTACHMENT_ID"),
                    attachment.value(QStringLiteral("id")).toString());
                environment.insert(QStringLiteral("ATTACHMENT_URL"),
                    attachment.value(QStringLiteral("url")).toString());
            }
            if (example.saveArticle)
                environment.insert(QStringLiteral("ARTICLE_ID"),
                    QString::number(body.value(QStringLiteral("article"))
                                        .toObject()
                                        .value(QStringLiteral("id"))
                                        .toInteger()));
            if (example.saveCanned)
                environment.insert(QStringLiteral("CANNED_ID"),
                    QString::number(body.value(QStringLiteral("cannedResponse"))
                                        .toObject()
                                        .value(QStringLiteral("id"))
                                        .toInteger()));
            if (example.saveSession) {
                environment.insert(QStringLiteral("SESSION_ID"),
                    body.value(QStringLiteral("sessionId")).toString());
                environment.insert(
                    QStringLiteral("TOKEN"), body.value(QStringLiteral("sessionToken")).toString());
            }
        }
        QCOMPARE(frontline::testsupport::stopHeadless(server), 0);
    }
};

QTEST_GUILESS_MAIN(TestApiDocs)
#include "tst_apidocs.moc"
