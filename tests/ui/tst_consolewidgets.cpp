// SPDX-License-Identifier: GPL-3.0-or-later
// The console's widgets, offscreen, driven by QTest key and mouse events: the composer,
// the conversation view (plain text only), the waiting notifier and the settings dialog.

#include "config/configuration.h"
#include "eventlooplag.h"
#include "eventlooplagreport.h"
#include "hostilestrings.h"
#include "models/conversation.h"
#include "settings/consolesettings.h"
#include "settings/settingsdialog.h"
#include "testdatabases.h"
#include "waitingnotifier.h"
#include "widgets/composer.h"
#include "widgets/conversationview.h"
#include "widgets/customerpanel.h"
#include "widgets/diagnosticsdialog.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QThread>

using namespace frontline;
using namespace frontline::ui;

namespace {

MessageItem message(qint64 seq, const QString &role, const QString &content)
{
    MessageItem m;
    m.sessionId = QStringLiteral("s");
    m.seq = seq;
    m.role = role;
    m.content = content;
    m.createdAt = QDateTime::currentDateTimeUtc();
    return m;
}

// The settings dialog refuses with a message box: answer it as soon as it shows.
void answerTheRefusalWhenItShows(QWidget &dialog)
{
    QTimer::singleShot(0, &dialog, [] {
        QTRY_VERIFY(QApplication::activeModalWidget());
        QTest::keyClick(QApplication::activeModalWidget(), Qt::Key_Return);
    });
}

} // namespace

class TestConsoleWidgets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void enterSendsAndShiftEnterStartsANewLine()
    {
        Composer composer;
        composer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&composer));
        QSignalSpy submitted(&composer, &Composer::submitted);
        QTest::keyClicks(&composer, QStringLiteral("first line"));
        QTest::keyClick(&composer, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(&composer, QStringLiteral("second"));
        QCOMPARE(submitted.size(), 0);
        QTest::keyClick(&composer, Qt::Key_Return);
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().at(0).toString(), QStringLiteral("first line\nsecond"));
        // Nothing but blanks is not sent.
        composer.clear();
        QTest::keyClicks(&composer, QStringLiteral("   "));
        QTest::keyClick(&composer, Qt::Key_Enter);
        QCOMPARE(submitted.size(), 1);
    }

    void slashAndAShortcutInsertACannedResponse()
    {
        Composer composer;
        composer.setCannedResponses(
            { { QStringLiteral("hello"), QStringLiteral("Hello, how can I help?") },
                { QStringLiteral("bye"), QStringLiteral("Goodbye!") } });
        composer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&composer));
        QSignalSpy submitted(&composer, &Composer::submitted);

        // Typing "/" offers the shortcuts; Enter on an exact one puts its text in place.
        QTest::keyClicks(&composer, QStringLiteral("Dear customer, /"));
        QTRY_VERIFY(composer.completer()->popup()->isVisible());
        QCOMPARE(composer.completer()->completionCount(), 2);
        QTest::keyClicks(composer.completer()->popup(), QStringLiteral("he"));
        QCOMPARE(composer.completer()->completionCount(), 1);
        QTest::keyClick(composer.completer()->popup(), Qt::Key_Return);
        QTRY_COMPARE(
            composer.toPlainText(), QStringLiteral("Dear customer, Hello, how can I help?"));
        QCOMPARE(submitted.size(), 0); // choosing is not sending

        // Without the popup (typed quickly, then Enter): the exact shortcut still expands.
        composer.clear();
        composer.completer()->popup()->hide();
        composer.insertPlainText(QStringLiteral("/bye"));
        QTest::keyClick(&composer, Qt::Key_Return);
        QCOMPARE(composer.toPlainText(), QStringLiteral("Goodbye!"));
        QTest::keyClick(&composer, Qt::Key_Return);
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().at(0).toString(), QStringLiteral("Goodbye!"));

        // An unknown shortcut is text like any other.
        composer.clear();
        composer.insertPlainText(QStringLiteral("see /etc/hosts"));
        composer.completer()->popup()->hide();
        QTest::keyClick(&composer, Qt::Key_Return);
        QCOMPARE(submitted.last().at(0).toString(), QStringLiteral("see /etc/hosts"));
    }

    void showsMessagesByRoleAsPlainTextOnly()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(hostile);
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        ConversationView view;
        view.setConversation(&conversation);
        QList<MessageItem> messages;
        qint64 seq = 0;
        messages << message(++seq, QStringLiteral("USER"),
            QStringLiteral("<img src=x onerror=alert(1)><b>bold</b>"));
        MessageItem agent = message(
            ++seq, QStringLiteral("AGENT"), QStringLiteral("<a href='http://evil'>link</a>"));
        agent.agentName = QStringLiteral("Ana");
        messages << agent;
        MessageItem sanitized
            = message(++seq, QStringLiteral("USER"), QStringLiteral("cleaned text"));
        sanitized.sanitized = true;
        messages << sanitized;
        messages << message(
            ++seq, QStringLiteral("SYSTEM"), QStringLiteral("An agent will answer."));
        for (const QString &text : hostile)
            if (!text.trimmed().isEmpty())
                messages << message(++seq, QStringLiteral("USER"), text);
        conversation.merge(messages);

        const QString shown = view.toPlainText();
        QVERIFY(shown.contains(QStringLiteral("<img src=x onerror=alert(1)><b>bold</b>")));
        QVERIFY(shown.contains(QStringLiteral("Agent Ana")));
        QVERIFY(shown.contains(QStringLiteral("<a href='http://evil'>link</a>")));
        QVERIFY(shown.contains(QStringLiteral("sanitized")));
        QVERIFY(shown.contains(QStringLiteral("System")));
        // Every hostile text is there, character for character (line breaks become block breaks).
        for (const QString &text : hostile) {
            QString expected = text;
            expected.replace(QLatin1Char('\n'), QChar::ParagraphSeparator)
                .replace(QLatin1Char('\r'), QChar::ParagraphSeparator);
            QString document = view.document()->toRawText();
            if (!text.trimmed().isEmpty() && !document.contains(expected))
                QFAIL(qPrintable(QStringLiteral("Not shown as written: ") + text.toHtmlEscaped()));
        }
        // Nothing became an image, a link or a table: the document holds text blocks only.
        QCOMPARE(view.document()->allFormats().size() > 0, true);
        for (const QTextFormat &format : view.document()->allFormats()) {
            QVERIFY(!format.isImageFormat());
            QVERIFY(!format.isTableFormat());
            if (format.isCharFormat())
                QVERIFY(!format.toCharFormat().isAnchor());
        }
        // The agent cannot paste into it or type into it.
        QVERIFY(view.isReadOnly());
    }

    void notifiesWhenASessionStartsWaitingAndRepeats()
    {
        WaitingNotifier notifier;
        QSignalSpy notified(&notifier, &WaitingNotifier::notified);
        notifier.setRepeatSeconds(1);
        notifier.setWaitingCount(2);
        notifier.sessionStartedWaiting(QStringLiteral("Camille"));
        notifier.sessionStartedWaiting(QStringLiteral("Jonas"));
        QTRY_COMPARE(notified.size(), 1); // two at once make one notification
        QVERIFY(notified.first().at(1).toString().contains(QStringLiteral("2")));
        QTRY_COMPARE_WITH_TIMEOUT(notified.size(), 2, 3000); // repeated while unclaimed
        QVERIFY(notified.last().at(1).toString().contains(QStringLiteral("still waiting")));
        notifier.setWaitingCount(0);
        const qsizetype after = notified.size();
        QTest::qWait(1500);
        QCOMPARE(notified.size(), after); // nobody waits: silence
        QVERIFY(!WaitingNotifier::iconWithCount(3).isNull());
    }

    void showsTheCustomersNameAsTextOnTheDesktop()
    {
        // Desktop notifications interpret markup in their body (freedesktop's <b>, <a>, <img>):
        // a customer's chosen name must show as typed, never as a link or an image.
        WaitingNotifier notifier;
        QSignalSpy desktop(&notifier, &WaitingNotifier::desktopNotified);
        QSignalSpy notified(&notifier, &WaitingNotifier::notified);
        const QString name = QStringLiteral("<a href=\"https://evil.example\">Support</a> <img "
                                            "src=\"file:///etc/passwd\"/> & <b>Eve</b>");
        notifier.sessionStartedWaiting(name);
        QTRY_COMPARE(desktop.size(), 1);
        const QString body = desktop.first().at(1).toString();
#if !defined(Q_OS_WIN) && !defined(Q_OS_MACOS) // elsewhere the desktop shows the body as plain text
        QVERIFY2(!body.contains(QLatin1Char('<')) && !body.contains(QLatin1String("& ")),
            qPrintable(body));
        QVERIFY2(body.contains(name.toHtmlEscaped()), qPrintable(body));
#endif
        // The console's own status bar shows plain text: the name as typed.
        QVERIFY2(notified.first().at(1).toString().contains(name),
            qPrintable(notified.first().at(1).toString()));
    }

    void showsTheBrowserStringWithoutBidiOverrides()
    {
        // A session stored before the server cleaned the User-Agent still carries what the
        // browser sent: U+202E would make "gpj.exe" read as "exe.jpg" to the agent.
        SessionItem session;
        session.id = QStringLiteral("s-1");
        session.userAgent
            = QStringLiteral("Mozilla/5.0 \u202Egpj.exe\u202C\u2066 (X11)\u2069\u0007");
        CustomerPanel panel;
        panel.showSession(&session);
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("customerUserAgent"))->text(),
            QStringLiteral("Mozilla/5.0 gpj.exe (X11)"));
    }

    void measuresHowLateTheEventLoopRuns()
    {
        EventLoopLag lag(nullptr, 10, 1000);
        lag.start();
        QTest::qWait(300); // an idle loop: timers on time
        QVERIFY(lag.sampleCount() >= 10);
        QVERIFY2(lag.percentileMs(0.5) < 16, qPrintable(QString::number(lag.percentileMs(0.5))));
        for (int i = 0; i < 5; ++i) { // the GUI thread blocked 80 ms, five times
            QThread::msleep(80);
            QTest::qWait(30);
        }
        QVERIFY2(lag.maxMs() >= 60, qPrintable(QString::number(lag.maxMs())));
        QVERIFY2(lag.percentileMs(0.99) >= 60, qPrintable(QString::number(lag.percentileMs(0.99))));
        DiagnosticsDialog dialog(lag);
        dialog.show();
        QVERIFY(dialog.text().contains(QStringLiteral("p99")));
    }

    void writesTheEventLoopLagReportOnlyWhenAsked()
    {
        qunsetenv(EventLoopLagReport::environmentVariable);
        QVERIFY(!EventLoopLagReport::fromEnvironment());
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lag.json"));
        qputenv(EventLoopLagReport::environmentVariable, path.toLocal8Bit());
        {
            const auto report = EventLoopLagReport::fromEnvironment();
            qunsetenv(EventLoopLagReport::environmentVariable);
            QVERIFY(report);
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(path), 3000); // written every second
        } // and once more when it goes
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject summary = QJsonDocument::fromJson(file.readAll()).object();
        QVERIFY2(summary.value(QStringLiteral("samples")).toInt() >= 50,
            QJsonDocument(summary).toJson().constData());
        for (const char *key : { "p50_ms", "p99_ms", "max_ms" })
            QVERIFY2(summary.value(QLatin1String(key)).isDouble(), key);
    }

    void settingsDialogWritesTheFileTheServerReads()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        SettingsDialog dialog(settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const auto field = [&dialog](const char *name) {
            return dialog.findChild<QLineEdit *>(QLatin1String(name));
        };
        field("listen")->setText(QStringLiteral("0.0.0.0:9000"));
        field("databaseUrl")
            ->setText(QStringLiteral("postgresql://frontline@db.example:5432/support"));
        field("providerModel")->setText(QStringLiteral("gpt-4o"));
        field("rateLimits")->setText(QStringLiteral("message=5/60,history=100/60"));
        auto *sound = dialog.findChild<QCheckBox *>(QStringLiteral("notificationSound"));
        QVERIFY(sound && !sound->isChecked()); // silent unless the agent asks
        sound->setChecked(true);
        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        dialog.accept();
        QCOMPARE(saved.size(), 1);
        QVERIFY(ConsoleSettings(settings).notificationSound());
        QCOMPARE(settings.value(configkeys::listen().settingsKey).toString(),
            QStringLiteral("0.0.0.0:9000"));
        QCOMPARE(settings.value(configkeys::database().settingsKey).toString(),
            QStringLiteral("postgresql://frontline@db.example:5432/support"));
        QCOMPARE(settings.value(configkeys::openAiModel().settingsKey).toString(),
            QStringLiteral("gpt-4o"));
        QCOMPARE(settings.value(configkeys::rateLimits().settingsKey).toString(),
            QStringLiteral("message=5/60,history=100/60"));
        QVERIFY(!settings.contains(
            configkeys::tlsCertificate().settingsKey)); // empty: left to the default
        QCOMPARE(
            ConsoleSettings(settings).cannedResponses(), ConsoleSettings::defaultCannedResponses());
    }

    void settingsDialogRefusesBadValuesAndKeepsWhatWasStored_data()
    {
        QTest::addColumn<QString>("fieldName");
        QTest::addColumn<QString>("value");
        QTest::addColumn<int>("tab");
        QTest::newRow("listen address") << "listen"
                                        << "somewhere" << 1;
        QTest::newRow("password in the database URL") << "databaseUrl"
                                                      << "postgresql://u:secret@h/db" << 2;
        QTest::newRow("unknown database scheme") << "databaseUrl"
                                                 << "mysql://h/db" << 2;
        QTest::newRow("provider URL") << "providerBaseUrl"
                                      << "ftp://x" << 3;
        QTest::newRow("rate limits") << "rateLimits"
                                     << "message=ten" << 4;
    }

    void settingsDialogRefusesBadValuesAndKeepsWhatWasStored()
    {
        QFETCH(QString, fieldName);
        QFETCH(QString, value);
        QFETCH(int, tab);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        settings.setValue(configkeys::listen().settingsKey, QStringLiteral("127.0.0.1:8181"));
        SettingsDialog dialog(settings);
        dialog.show();
        dialog.findChild<QLineEdit *>(fieldName)->setText(value);
        answerTheRefusalWhenItShows(dialog);
        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        dialog.accept();
        QCOMPARE(saved.size(), 0);
        QCOMPARE(dialog.tabs()->currentIndex(), tab); // where the mistake is
        QCOMPARE(settings.value(configkeys::listen().settingsKey).toString(),
            QStringLiteral("127.0.0.1:8181"));
        QVERIFY(!settings.allKeys().join(QLatin1Char(' ')).contains(QStringLiteral("secret")));
        QVERIFY(!QFile(settings.fileName()).exists()
            || !QFile(settings.fileName()).open(QIODevice::ReadOnly)
            || !QFile(settings.fileName()).readAll().contains("secret"));
    }

    void settingsDialogChoosesARemoteServerAndALanguage()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        SettingsDialog dialog(settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("remoteUrl"));
        QVERIFY(!url->isEnabled()); // the embedded server by default
        dialog.findChild<QRadioButton *>(QStringLiteral("remoteServer"))->click();
        QVERIFY(url->isEnabled());
        auto *language = dialog.findChild<QComboBox *>(QStringLiteral("language"));
        language->setCurrentIndex(language->findData(QStringLiteral("fr")));

        // Not a server's address: refused on its page, nothing written.
        url->setText(QStringLiteral("support.example.com"));
        answerTheRefusalWhenItShows(dialog);
        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        dialog.accept();
        QCOMPARE(saved.size(), 0);
        QCOMPARE(dialog.tabs()->currentIndex(), 0);
        QVERIFY(ConsoleSettings(settings).remoteServer().isEmpty());

        url->setText(QStringLiteral("https://support.example.com:8443"));
        dialog.accept();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(ConsoleSettings(settings).remoteServer(),
            QUrl(QStringLiteral("https://support.example.com:8443")));
        QCOMPARE(ConsoleSettings(settings).language(), QStringLiteral("fr"));
    }

    void settingsDialogEditsTheAdministratorsNameForAnAdministratorOnly()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        SettingsDialog dialog(settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("administratorName"));
        auto *about = dialog.findChild<QLabel *>(QStringLiteral("administratorNameNote"));
        QVERIFY(name && about);
        // The default, as customers read it in either language.
        QCOMPARE(name->placeholderText(), QStringLiteral("Support"));
        QVERIFY2(about->text().contains(QStringLiteral("“Service client” in French")),
            qPrintable(about->text()));
        QVERIFY(!name->isEnabled()); // no server: nothing to show
        QVERIFY2(about->text().contains(QStringLiteral("Connect to a server")),
            qPrintable(about->text()));

        const QJsonObject server { { QStringLiteral("administratorName"),
            QStringLiteral("Help desk") } };
        dialog.setServerSettings(server, false);
        QCOMPARE(name->text(), QStringLiteral("Help desk"));
        QVERIFY(!name->isEnabled());
        QVERIFY2(about->text().contains(QStringLiteral("Only an administrator")),
            qPrintable(about->text()));

        dialog.setServerSettings(server, true);
        QVERIFY(name->isEnabled());
        QSignalSpy renamed(&dialog, &SettingsDialog::administratorNameChanged);
        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        // Blank: refused on its page, with the server's own words; nothing sent.
        name->setText(QStringLiteral("   "));
        answerTheRefusalWhenItShows(dialog);
        dialog.accept();
        QCOMPARE(saved.size(), 0);
        QCOMPARE(renamed.size(), 0);
        QCOMPARE(dialog.tabs()->currentWidget(), name->parentWidget());
        // Unchanged: nothing sent.
        name->setText(QStringLiteral(" Help desk "));
        dialog.accept();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(renamed.size(), 0);
    }

    void settingsDialogSendsANewAdministratorsName()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        SettingsDialog dialog(settings);
        dialog.setServerSettings({ { QStringLiteral("administratorName"), QString() } }, true);
        dialog.show();
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("administratorName"));
        QCOMPARE(name->text(), QString());
        name->setText(QString(80, QLatin1Char('x'))); // the field holds what the server takes
        QCOMPARE(name->text().size(), 60);
        name->setText(QStringLiteral("  Équipe Frontline "));
        QSignalSpy renamed(&dialog, &SettingsDialog::administratorNameChanged);
        dialog.accept();
        QCOMPARE(renamed.size(), 1);
        QCOMPARE(renamed.first().at(0).toString(), QStringLiteral("Équipe Frontline"));
        // Nothing of it in the file: the server keeps it.
        QVERIFY(!QFile(settings.fileName()).open(QIODevice::ReadOnly)
            || !QFile(settings.fileName()).readAll().contains("quipe"));
    }

    void testConnectionChecksARealDatabaseWithoutBlocking()
    {
        testsupport::TestDatabases databases;
        QVERIFY2(databases.start(), qPrintable(databases.errorString()));
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        SettingsDialog dialog(settings);
        dialog.show();
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("databaseUrl"));
        auto *button = dialog.findChild<QPushButton *>(QStringLiteral("testDatabase"));
        auto *result = dialog.findChild<QLabel *>(QStringLiteral("databaseResult"));
        QSignalSpy checked(&dialog, &SettingsDialog::databaseChecked);

        url->setText(databases.freshUrlText(QStringLiteral("postgresql")));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(!button->isEnabled()); // the GUI goes on while it connects
        QVERIFY(checked.wait(15000));
        QCOMPARE(checked.last().at(0).toString(), QString());
        QCOMPARE(result->text(), QStringLiteral("Connection works."));

        // A port where nothing listens.
        url->setText(QStringLiteral("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"));
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(checked.wait(15000));
        QVERIFY(!checked.last().at(0).toString().isEmpty());
        QVERIFY(result->text().startsWith(QStringLiteral("Cannot connect")));

        // A file that is not a database is reported, and left as it was.
        const QString notADatabase = dir.filePath(QStringLiteral("notes.txt"));
        {
            QFile file(notADatabase);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(4096, 'x'));
        }
        url->setText(QStringLiteral("sqlite:") + notADatabase);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(checked.wait(15000));
        QVERIFY(!checked.last().at(0).toString().isEmpty());
        QFile file(notADatabase);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray(4096, 'x'));

        // A new SQLite file in a writable folder is fine, and is not created by the check.
        const QString newFile = dir.filePath(QStringLiteral("new/frontline.db"));
        url->setText(QStringLiteral("sqlite:") + newFile);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(checked.wait(15000));
        QCOMPARE(checked.last().at(0).toString(), QString());
        QVERIFY(!QFile::exists(newFile));
    }
};

QTEST_MAIN(TestConsoleWidgets)
#include "tst_consolewidgets.moc"
