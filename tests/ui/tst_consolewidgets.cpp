// SPDX-License-Identifier: GPL-3.0-or-later
// The console's widgets, offscreen, driven by QTest key and mouse events: the composer,
// the conversation view (plain text only, grouped, following the bottom), the waiting notifier and
// the settings dialog.

#include "appearance.h"
#include "client/agentclient.h"
#include "client/attachmentcache.h"
#include "config/configuration.h"
#include "eventlooplag.h"
#include "eventlooplagreport.h"
#include "hostilestrings.h"
#include "models/conversation.h"
#include "models/sessionlistmodel.h"
#include "models/transcriptmodel.h"
#include "settings/consolesettings.h"
#include "settings/passworddialog.h"
#include "settings/settingsdialog.h"
#include "testdatabases.h"
#include "waitingnotifier.h"
#include "widgets/attachmentviewer.h"
#include "widgets/composer.h"
#include "widgets/conversationview.h"
#include "widgets/customerpanel.h"
#include "widgets/diagnosticsdialog.h"
#include "widgets/problembanner.h"
#include "widgets/sessionlistdelegate.h"
#include "widgets/transcriptdelegate.h"
#include "widgets/waitingbanner.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>

#include <cmath>

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

// WCAG's relative luminance and contrast ratio.
double luminance(const QColor &colour)
{
    const auto channel
        = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The same colour once painted (8 bits a channel, rounded either way).
bool samePainted(const QColor &a, const QColor &b)
{
    return qAbs(a.red() - b.red()) <= 1 && qAbs(a.green() - b.green()) <= 1
        && qAbs(a.blue() - b.blue()) <= 1;
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

    // Attachments from the message JSON: inside the bubble, a file as a row, an image as a box
    // of its shown size (its thumbnail is fetched by the console: tst_consoleattachments); a
    // message of attachments only has no text line.
    void showsAttachmentsInTheBubbleAndMakesRoomForThem()
    {
        const auto fromJson
            = [](qint64 seq, const QString &content, const QJsonArray &files, qint64 minutesAgo) {
                  QJsonObject json { { QStringLiteral("seq"), seq },
                      { QStringLiteral("sessionId"), QStringLiteral("s") },
                      { QStringLiteral("role"), QStringLiteral("USER") },
                      { QStringLiteral("content"), content },
                      { QStringLiteral("createdAt"),
                          QDateTime::currentDateTimeUtc()
                              .addSecs(-60 * minutesAgo)
                              .toString(Qt::ISODateWithMs) } };
                  if (!files.isEmpty())
                      json.insert(QStringLiteral("attachments"), files);
                  return MessageItem::fromJson(json);
              };
        const QJsonObject pdf { { QStringLiteral("id"), QStringLiteral("a1") },
            { QStringLiteral("filename"), QStringLiteral("invoice.pdf") },
            { QStringLiteral("contentType"), QStringLiteral("application/pdf") },
            { QStringLiteral("size"), 123456 },
            { QStringLiteral("url"), QStringLiteral("/api/agent/attachments/a1") } };
        const QJsonObject image { { QStringLiteral("id"), QStringLiteral("a2") },
            { QStringLiteral("filename"), QStringLiteral("screen.png") },
            { QStringLiteral("contentType"), QStringLiteral("image/png") },
            { QStringLiteral("size"), 2048 }, { QStringLiteral("width"), 1000 },
            { QStringLiteral("height"), 500 },
            { QStringLiteral("url"), QStringLiteral("/api/agent/attachments/a2") },
            { QStringLiteral("thumbnailUrl"),
                QStringLiteral("/api/agent/attachments/a2/thumbnail") } };
        // Each its own group (minutes apart), so that only the attachments differ.
        const QList<MessageItem> messages { fromJson(1, QStringLiteral("text only"), {}, 60),
            fromJson(2, QStringLiteral("with a file"), QJsonArray { pdf }, 40),
            fromJson(3, QString(), QJsonArray { pdf }, 20),
            fromJson(4, QStringLiteral("with an image"), QJsonArray { image }, 0) };
        QCOMPARE(messages.at(1).attachments.size(), 1);
        QCOMPARE(messages.at(1).attachments.first().filename, QStringLiteral("invoice.pdf"));
        QCOMPARE(messages.at(1).attachments.first().size, 123456);
        QVERIFY(!messages.at(1).attachments.first().isImage());
        QVERIFY(messages.at(3).attachments.first().isImage());

        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        ConversationView view;
        view.resize(600, 500);
        view.setConversation(&conversation);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        conversation.merge(messages);
        const TranscriptModel &model = *view.transcript();
        QHash<qint64, QModelIndex> bySeq;
        for (int row = 0; row < model.rowCount(); ++row)
            bySeq.insert(
                model.index(row).data(TranscriptModel::SeqRole).toLongLong(), model.index(row));
        QStyleOptionViewItem option;
        option.initFrom(&view);
        const auto height = [&](qint64 seq) {
            return view.itemDelegate()->sizeHint(option, bySeq.value(seq)).height();
        };
        QVERIFY(height(2) > height(1)); // the file's row
        QVERIFY(height(3) < height(2)); // no empty text line
        QVERIFY(height(3) > height(1) - QFontMetrics(view.font()).height());
        const QSize shown
            = messages.at(3).attachments.first().shownSize(TranscriptDelegate::thumbnailBox());
        QCOMPARE(shown, QSize(240, 120));
        QVERIFY(height(4) >= height(1) + shown.height());
        QCOMPARE(view.attachmentRect(bySeq.value(4), 0).size(), shown);
        QVERIFY(view.attachmentRect(bySeq.value(1), 0).isNull());
        // Under the pointer: the attachment, anywhere else in the row: none.
        QModelIndex under;
        AttachmentItem attachment;
        QVERIFY(view.attachmentAt(
            view.attachmentRect(bySeq.value(2), 0).center(), &under, &attachment));
        QCOMPARE(under, bySeq.value(2));
        QCOMPARE(attachment.id, QStringLiteral("a1"));
        QVERIFY(!view.attachmentAt(view.visualRect(bySeq.value(1)).center(), nullptr, nullptr));
        // The transcript's text names each file with its size, in the locale's units.
        QVERIFY(view.toPlainText().contains(QStringLiteral("invoice.pdf (")
            + QLocale().formattedDataSize(123456) + QLatin1Char(')')));
        // Painted without trouble, a loading image as its box.
        QImage canvas(600, 500, QImage::Format_ARGB32_Premultiplied);
        view.render(&canvas);
    }

    // The agent's token goes to the console's own server only; a thumbnail that cannot be
    // fetched turns its image into a file's row with a warning, and the viewer says why.
    void fetchesAttachmentsFromItsServerOnlyAndSaysWhenItCannot()
    {
        AgentClient client(QUrl(QStringLiteral("http://127.0.0.1:1")), QStringLiteral("token"));
        QCOMPARE(client.resolve(QStringLiteral("/api/agent/attachments/a1/thumbnail")),
            QUrl(QStringLiteral("http://127.0.0.1:1/api/agent/attachments/a1/thumbnail")));
        QCOMPARE(client.resolve(QStringLiteral("/api/agent/attachments/a1?x=1")).query(),
            QStringLiteral("x=1"));
        QVERIFY(!client.resolve(QStringLiteral("http://evil.example/api/agent/attachments/a1"))
                     .isValid());
        QVERIFY(!client.resolve(QStringLiteral("//evil.example/x")).isValid());
        QVERIFY(!client.resolve(QStringLiteral("http://127.0.0.1:2/x")).isValid());
        QVERIFY(!client.resolve(QStringLiteral("api/agent/attachments/a1")).isValid());

        // File names to save under: nothing but a name, in the downloads folder.
        for (const QString &hostile : { QStringLiteral("../../etc/passwd"),
                 QStringLiteral("..\\..\\evil.exe"), QStringLiteral("a\u202Egnp.exe"),
                 QString(QStringLiteral("nul\0l.txt")), QStringLiteral(".hidden") }) {
            const QString path = AttachmentViewer::suggestedPath(hostile);
            const QString name = QFileInfo(path).fileName();
            QVERIFY2(!name.isEmpty() && !name.contains(QLatin1Char('/'))
                    && !name.contains(QLatin1Char('\\')) && !name.contains(QChar(0x202E))
                    && !name.contains(QChar(0)) && !name.startsWith(QLatin1Char('.')),
                qPrintable(path));
        }
        QCOMPARE(
            QFileInfo(AttachmentViewer::suggestedPath(QStringLiteral("report.pdf"))).fileName(),
            QStringLiteral("report.pdf"));

        const AttachmentItem image
            = AttachmentItem::fromJson({ { QStringLiteral("id"), QStringLiteral("a1") },
                { QStringLiteral("filename"), QStringLiteral("screen.png") },
                { QStringLiteral("contentType"), QStringLiteral("image/png") },
                { QStringLiteral("size"), 5000 }, { QStringLiteral("width"), 800 },
                { QStringLiteral("height"), 600 },
                { QStringLiteral("url"), QStringLiteral("/api/agent/attachments/a1") },
                { QStringLiteral("thumbnailUrl"),
                    QStringLiteral("/api/agent/attachments/a1/thumbnail") } });
        AttachmentCache cache(client);
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        ConversationView view;
        view.resize(600, 400);
        view.setAttachmentCache(&cache);
        view.setConversation(&conversation);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        MessageItem m = message(1, QStringLiteral("USER"), QString());
        m.attachments = { image };
        conversation.merge({ m });
        const QModelIndex row = view.model()->index(1, 0);
        QCOMPARE(row.data(TranscriptModel::SeqRole).toLongLong(), 1);
        QCOMPARE(view.attachmentRect(row, 0).size(), QSize(240, 180)); // its box, while loading
        QTRY_COMPARE(cache.state(QStringLiteral("a1")), AttachmentCache::State::Failed);
        QVERIFY(!cache.failure(QStringLiteral("a1")).isEmpty());
        QVERIFY(row.data(Qt::DecorationRole).value<QPixmap>().isNull());
        QTRY_VERIFY(view.attachmentRect(row, 0).height() < 180); // a file's row now
        QVERIFY(view.visualRect(row).height() < 180);
        // Reconnected, the console asks again: the box while it loads, and the same failure.
        cache.forgetFailures();
        QVERIFY(cache.state(QStringLiteral("a1")) != AttachmentCache::State::Failed);
        QTRY_COMPARE(view.attachmentRect(row, 0).size(), QSize(240, 180));
        QTRY_COMPARE(cache.state(QStringLiteral("a1")), AttachmentCache::State::Failed);

        // The viewer says it could not fetch it, and offers nothing to save.
        auto *viewer = new AttachmentViewer(cache, image, &view);
        QTRY_VERIFY(viewer->isLoaded());
        QVERIFY(!viewer->errorText().isEmpty());
        QVERIFY(!viewer->saveButton()->isEnabled());
        QVERIFY(viewer->findChild<QLabel *>(QStringLiteral("attachmentStatus"))
                    ->text()
                    .contains(viewer->errorText()));
        QCOMPARE(viewer->findChild<QLabel *>(QStringLiteral("attachmentName"))->text(),
            QStringLiteral("screen.png"));
        delete viewer;
    }

    void showsMessagesByRoleAsPlainTextOnly()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(hostile);
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        ConversationView view;
        view.resize(600, 400);
        view.setConversation(&conversation);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
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
        const qint64 firstHostile = seq + 1;
        for (const QString &text : hostile)
            messages << message(++seq, QStringLiteral("USER"), text);
        conversation.merge(messages);

        const QString shown = view.toPlainText();
        QVERIFY(shown.contains(QStringLiteral("<img src=x onerror=alert(1)><b>bold</b>")));
        QVERIFY(shown.contains(QStringLiteral("Agent Ana")));
        QVERIFY(shown.contains(QStringLiteral("<a href='http://evil'>link</a>")));
        QVERIFY(shown.contains(QStringLiteral("Customer · ")));
        QVERIFY(shown.contains(QStringLiteral(" · sanitized\ncleaned text")));
        QVERIFY(shown.contains(QStringLiteral("System · ")));
        QVERIFY(shown.contains(QStringLiteral("Today")));

        // Every hostile text is the row's text character for character, and each is painted
        // (bidi controls, combining marks and emoji included) without trouble.
        const TranscriptModel &model = *view.transcript();
        QHash<qint64, QModelIndex> bySeq;
        for (int row = 0; row < model.rowCount(); ++row)
            bySeq.insert(
                model.index(row).data(TranscriptModel::SeqRole).toLongLong(), model.index(row));
        QImage canvas(600, 400, QImage::Format_ARGB32_Premultiplied);
        QPainter painter(&canvas);
        for (qsizetype i = 0; i < hostile.size(); ++i) {
            const QModelIndex index = bySeq.value(firstHostile + i);
            QVERIFY(index.isValid());
            if (index.data().toString() != hostile.at(i))
                QFAIL(qPrintable(
                    QStringLiteral("Not shown as written: ") + hostile.at(i).toHtmlEscaped()));
            if (!shown.contains(hostile.at(i)))
                QFAIL(qPrintable(QStringLiteral("Not in the transcript's text: ")
                    + hostile.at(i).toHtmlEscaped()));
            QStyleOptionViewItem option;
            option.initFrom(&view);
            option.font = view.font();
            option.rect = QRect(QPoint(0, 0), view.sizeHintForIndex(index));
            QVERIFY(option.rect.height() > 0);
            canvas.fill(Qt::white);
            view.transcriptDelegate()->paint(&painter, option, index);
        }
        painter.end();

        // Drawn as plain text: were markup read, ten <br> would make ten lines, and "&amp;"
        // would shrink to one character.
        Conversation markup;
        markup.open(QStringLiteral("s"));
        markup.merge({ message(1, QStringLiteral("USER"), QStringLiteral("first")),
            message(2, QStringLiteral("USER"), QStringLiteral("x")),
            message(3, QStringLiteral("USER"), QStringLiteral("<br>").repeated(10)),
            message(4, QStringLiteral("USER"), QStringLiteral("&").repeated(30)),
            message(5, QStringLiteral("USER"), QStringLiteral("&amp;").repeated(30)),
            message(6, QStringLiteral("USER"), QStringLiteral("last")) });
        view.setConversation(&markup);
        const auto heightOf = [&view](int row) {
            return view.sizeHintForIndex(view.transcript()->index(row)).height();
        };
        // Row 0 is the day, row 1 the first of the group (the author above it), row 6 the
        // last (its time below it): rows 2 to 5 are bubbles alone.
        QCOMPARE(heightOf(3), heightOf(2)); // ten <br>: one line, as "x" is
        QCOMPARE(heightOf(4), heightOf(2)); // thirty & fit on a line...
        QVERIFY(heightOf(5) > heightOf(4)); // ...thirty "&amp;" do not: they are 150 characters
        QCOMPARE(
            view.transcript()->index(5).data().toString(), QStringLiteral("&amp;").repeated(30));

        // The agent cannot edit a message.
        QCOMPARE(view.editTriggers(), QAbstractItemView::NoEditTriggers);
        QVERIFY(!(view.transcript()->flags(view.transcript()->index(1)) & Qt::ItemIsEditable));
    }

    void drawsEmojiInColour()
    {
        if (!QFontDatabase::families().contains(QStringLiteral("Noto Color Emoji")))
            QSKIP("Noto Color Emoji is not installed (scripts/setup installs it)");
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        ConversationView view;
        view.resize(400, 200);
        view.setConversation(&conversation);
        // Faces are in DejaVu Sans too, in black and white: they must come in colour anyway.
        conversation.merge({ message(1, QStringLiteral("USER"),
            QStringLiteral("angry \U0001F621 smile \U0001F60A grin \U0001F600")) });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage image = view.viewport()->grab().toImage();
        int coloured = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                coloured += std::max({ c.red(), c.green(), c.blue() })
                        - std::min({ c.red(), c.green(), c.blue() })
                    > 80;
            }
        QVERIFY2(coloured > 100, qPrintable(QString::number(coloured)));
    }

    void followsTheBottomAndOffersNewMessagesWhenScrolledUp()
    {
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        ConversationView view;
        view.resize(420, 300);
        view.setConversation(&conversation);
        QList<MessageItem> messages;
        for (qint64 seq = 1; seq <= 60; ++seq)
            messages << message(seq, seq % 3 ? QStringLiteral("USER") : QStringLiteral("ASSISTANT"),
                QStringLiteral("Message %1, long enough to wrap on two lines or more in a narrow "
                               "view like this one")
                    .arg(seq));
        conversation.merge(messages);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QScrollBar *bar = view.verticalScrollBar();
        QToolButton *pill = view.newMessagesButton();
        QTRY_VERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum()); // opens at the latest message
        QVERIFY(!pill->isVisible());

        // At the bottom: a new message keeps the view there.
        int before = bar->maximum();
        conversation.merge({ message(61, QStringLiteral("USER"), QStringLiteral("Still there?")) });
        QTRY_VERIFY(bar->maximum() > before);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(view.isFollowing());
        QVERIFY(!pill->isVisible());

        // Scrolled up: the view stays put and the button says how many came.
        bar->setValue(0);
        QVERIFY(!view.isFollowing());
        before = bar->maximum();
        conversation.merge({ message(62, QStringLiteral("AGENT"), QStringLiteral("Hello")) });
        QTRY_VERIFY(pill->isVisible());
        QVERIFY(pill->text().contains(QStringLiteral("1 new message")));
        QTRY_VERIFY(bar->maximum() > before);
        QCOMPARE(bar->value(), 0);
        conversation.merge({ message(63, QStringLiteral("AGENT"), QStringLiteral("Anyone?")) });
        QTRY_VERIFY(pill->text().contains(QStringLiteral("2 new message")));
        QCOMPARE(bar->value(), 0);
        // Over the bottom of the messages, centred.
        QVERIFY(view.viewport()->geometry().contains(pill->geometry()));
        QVERIFY(pill->geometry().top() > view.viewport()->geometry().center().y());
        QVERIFY(
            qAbs(pill->geometry().center().x() - view.viewport()->geometry().center().x()) <= 1);

        // Clicking it goes to the latest and hides it.
        QTest::mouseClick(pill, Qt::LeftButton);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(!pill->isVisible());
        QVERIFY(view.isFollowing());

        // Scrolling down by hand hides it too, and the view follows again.
        bar->setValue(bar->maximum() / 2);
        conversation.merge({ message(64, QStringLiteral("USER"), QStringLiteral("Ok")) });
        QTRY_VERIFY(pill->isVisible());
        QTest::keyClick(&view, Qt::Key_End, Qt::ControlModifier);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(!pill->isVisible());
        before = bar->maximum();
        conversation.merge({ message(65, QStringLiteral("USER"), QStringLiteral("Thanks")) });
        QTRY_VERIFY(bar->maximum() > before);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(!pill->isVisible());

        // A narrower window wraps the text again, and the view stays at the bottom.
        view.resize(300, 300);
        QTRY_VERIFY(bar->maximum() > before + 100);
        QTRY_COMPARE(bar->value(), bar->maximum());

        // Another conversation opens at its bottom, without the button.
        bar->setValue(0);
        conversation.merge({ message(66, QStringLiteral("USER"), QStringLiteral("?")) });
        QTRY_VERIFY(pill->isVisible());
        conversation.open(QStringLiteral("s2"));
        QVERIFY(!pill->isVisible());
        QVERIFY(view.isFollowing());
    }

    void copiesSelectedMessagesAsText()
    {
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        ConversationView view;
        view.setConversation(&conversation);
        MessageItem agent = message(2, QStringLiteral("AGENT"), QStringLiteral("Line two"));
        agent.agentName = QStringLiteral("Ana");
        conversation.merge(
            { message(1, QStringLiteral("USER"), QStringLiteral("<b>one</b>\nline")), agent });
        view.show();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        view.setFocus();
        const TranscriptModel &model = *view.transcript();
        QApplication::clipboard()->clear();

        view.selectionModel()->select(model.index(1), QItemSelectionModel::ClearAndSelect);
        QTest::keySequence(&view, QKeySequence::Copy);
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("<b>one</b>\nline"));

        // Two messages: each with its author and time, as the transcript reads.
        view.selectAll();
        QCOMPARE(view.selectionModel()->selectedIndexes().size(), 2); // the day is not copied
        QTest::keySequence(&view, QKeySequence::Copy);
        const QString both = QApplication::clipboard()->text();
        QVERIFY(both.startsWith(QStringLiteral("Customer · ")));
        QVERIFY(both.contains(QStringLiteral("<b>one</b>\nline\n\nAgent Ana · ")));
        QVERIFY(both.endsWith(QStringLiteral("\nLine two")));

        // The context menu's Copy does the same.
        QAction *copy = nullptr;
        for (QAction *action : view.actions())
            if (action->shortcut() == QKeySequence(QKeySequence::Copy))
                copy = action;
        QVERIFY(copy);
        QCOMPARE(view.contextMenuPolicy(), Qt::ActionsContextMenu);
        view.clearSelection();
        QVERIFY(!copy->isEnabled());
        view.selectionModel()->select(model.index(2), QItemSelectionModel::ClearAndSelect);
        QVERIFY(copy->isEnabled());
        copy->trigger();
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("Line two"));
        // The full date and time of a message is its tooltip.
        QCOMPARE(model.index(2).data(Qt::ToolTipRole).toString(),
            QLocale().toString(agent.createdAt.toLocalTime(), QLocale::LongFormat));
    }

    void putsTheCustomerOnOneSideReadablyInLightAndDark()
    {
        const QPalette dark = Appearance::darkPalette(); // the console's own dark theme
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        const QStringList roles { QStringLiteral("USER"), QStringLiteral("ASSISTANT"),
            QStringLiteral("AGENT"), QStringLiteral("SYSTEM") };
        for (const QPalette &palette : { light, dark }) {
            const QColor base = palette.color(QPalette::Base);
            QList<QRgb> seen { base.rgb() };
            for (const QString &role : roles) {
                const QColor bubble = TranscriptDelegate::bubbleColour(role, palette);
                QVERIFY2(contrast(palette.color(QPalette::Text), bubble) >= 7.0, qPrintable(role));
                QVERIFY2(contrast(TranscriptDelegate::accentColour(role, palette), base) >= 4.5,
                    qPrintable(role));
                QVERIFY2(!seen.contains(bubble.rgb()), qPrintable(role)); // each its own colour
                seen << bubble.rgb();
                // A dark palette keeps dark bubbles, a light one light bubbles.
                QCOMPARE(luminance(bubble) < 0.2, luminance(base) < 0.2);
            }
            QVERIFY(contrast(TranscriptDelegate::mutedTextColour(palette), base) >= 3.0);
        }

        // Painted: the customer's bubble on the left, the agent's on the right; mirrored
        // right to left.
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        MessageItem agent = message(2, QStringLiteral("AGENT"), QStringLiteral("Hello, I am Ana"));
        agent.agentName = QStringLiteral("Ana");
        conversation.merge(
            { message(1, QStringLiteral("USER"), QStringLiteral("Hi there, I need help")), agent,
                message(3, QStringLiteral("SYSTEM"), QStringLiteral("Ana joined")) });
        for (const Qt::LayoutDirection direction : { Qt::LeftToRight, Qt::RightToLeft }) {
            ConversationView view;
            view.setPalette(dark);
            view.setLayoutDirection(direction);
            view.resize(500, 300);
            view.setConversation(&conversation);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            const QImage image = view.viewport()->grab().toImage();
            const auto sides = [&image](const QColor &colour) {
                QPair<int, int> leftRight;
                for (int y = 0; y < image.height(); ++y)
                    for (int x = 0; x < image.width(); ++x)
                        if (samePainted(image.pixelColor(x, y), colour))
                            (x < image.width() / 2 ? leftRight.first : leftRight.second)++;
                return leftRight;
            };
            const auto customer
                = sides(TranscriptDelegate::bubbleColour(QStringLiteral("USER"), dark));
            const auto ana = sides(TranscriptDelegate::bubbleColour(QStringLiteral("AGENT"), dark));
            const auto event
                = sides(TranscriptDelegate::bubbleColour(QStringLiteral("SYSTEM"), dark));
            const bool ltr = direction == Qt::LeftToRight;
            QVERIFY2(ltr ? customer.first > 500 && customer.second < customer.first / 20
                         : customer.second > 500 && customer.first < customer.second / 20,
                qPrintable(QStringLiteral("%1/%2").arg(customer.first).arg(customer.second)));
            QVERIFY2(ltr ? ana.second > 500 && ana.first < ana.second / 20
                         : ana.first > 500 && ana.second < ana.first / 20,
                qPrintable(QStringLiteral("%1/%2").arg(ana.first).arg(ana.second)));
            // The event is centred: about as much on each side.
            QVERIFY(event.first > 100 && event.second > 100);
            QVERIFY(qAbs(event.first - event.second) < (event.first + event.second) / 5);
            // The background is the dark base.
            QVERIFY(
                samePainted(image.pixelColor(2, image.height() - 2), dark.color(QPalette::Base)));
        }
    }

    void drawsEachSessionAsAChatListCard()
    {
        QCOMPARE(SessionListDelegate::initialsOf(QStringLiteral("Camille Martin")),
            QStringLiteral("CM"));
        QCOMPARE(SessionListDelegate::initialsOf(QStringLiteral("  jonas  ")), QStringLiteral("J"));
        QCOMPARE(SessionListDelegate::initialsOf(QStringLiteral("Léa de la Tour")),
            QStringLiteral("LD"));
        QCOMPARE(SessionListDelegate::initialsOf(QStringLiteral("<b>x</b> <img>")),
            QStringLiteral("BI")); // letters only: never a "<"
        QCOMPARE(SessionListDelegate::initialsOf(QStringLiteral("\U0001F600 Smile")),
            QStringLiteral("\U0001F600S"));
        QCOMPARE(SessionListDelegate::initialsOf(QString()), QStringLiteral("?"));
        // A customer keeps their colour; two customers most often differ.
        QCOMPARE(SessionListDelegate::avatarColourFor(QStringLiteral("s1")),
            SessionListDelegate::avatarColourFor(QStringLiteral("s1")));
        QVERIFY(SessionListDelegate::avatarColourFor(QStringLiteral("s1"))
            != SessionListDelegate::avatarColourFor(QStringLiteral("s2")));

        // The list shows one card per session, two lines tall, painted without a failure
        // whatever the customer is called, light or dark.
        SessionListModel model;
        SessionItem hostile;
        hostile.id = QStringLiteral("s1");
        hostile.status = QStringLiteral("WAITING");
        hostile.name = QStringLiteral("<b>x</b><img src=y>");
        hostile.updatedAt = QDateTime::currentDateTimeUtc();
        hostile.unread = 120;
        model.upsert(hostile, true);
        model.markRateLimited(hostile.id, QDateTime::currentDateTimeUtc());
        QTreeView view;
        auto *delegate = new SessionListDelegate(&view);
        view.setItemDelegate(delegate);
        view.setModel(&model);
        view.header()->hide(); // as the session list shows it: one card per row
        for (int column = SessionListModel::Status; column < SessionListModel::ColumnCount;
             ++column)
            view.setColumnHidden(column, true);
        view.resize(420, 300);
        QStyleOptionViewItem option;
        option.initFrom(&view);
        const int height = delegate->sizeHint(option, model.index(0, 0)).height();
        QVERIFY(height >= 2 * view.fontMetrics().height());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        for (const bool dark : { false, true }) {
            view.setPalette(dark ? Appearance::darkPalette() : QPalette());
            // The card's text takes the palette's colour: light strokes on dark, dark on light.
            const QRect card = view.visualRect(model.index(0, 0));
            const QImage shot = view.viewport()->grab(card).toImage();
            int strokes = 0;
            for (int y = 0; y < shot.height(); ++y)
                for (int x = shot.width() / 4; x < shot.width() / 2; ++x) // the name, the chip
                    strokes += dark ? shot.pixelColor(x, y).lightness() > 200
                                    : shot.pixelColor(x, y).lightness() < 60;
            QVERIFY2(strokes > 20, dark ? "no light text on the dark card" : "no dark text");
        }
        // What a screen reader says of the row: everything the card shows.
        const QString spoken = model.index(0, 0).data(Qt::AccessibleTextRole).toString();
        QVERIFY2(spoken.startsWith(QStringLiteral("<b>x</b><img src=y>, Waiting, waiting for ")),
            qPrintable(spoken));
        QVERIFY2(spoken.contains(QStringLiteral("120 unread, rate-limited")), qPrintable(spoken));
    }

    void bannersFollowLightAndDark()
    {
        // A banner draws its own colours: switching the application's palette must give the
        // dark variant and back, without a loop (a style sheet is itself a palette change).
        ProblemBanner problem;
        WaitingBanner waiting;
        problem.showProblem(QStringLiteral("Disconnected"), true);
        waiting.showCustomer(QStringLiteral("s1"), QStringLiteral("<b>x</b>"),
            QStringLiteral("asked for a human"), 2);
        problem.show();
        waiting.show();
        const QString lightProblem = problem.styleSheet();
        const QString lightWaiting = waiting.styleSheet();
        const QPalette before = QApplication::palette();
        QApplication::setPalette(Appearance::darkPalette());
        QTRY_VERIFY(problem.styleSheet() != lightProblem);
        QTRY_VERIFY(waiting.styleSheet() != lightWaiting);
        QVERIFY(problem.styleSheet().contains(QLatin1String("#3b2f12")));
        QApplication::setPalette(before);
        QTRY_COMPARE(problem.styleSheet(), lightProblem);
        QTRY_COMPARE(waiting.styleSheet(), lightWaiting);
        QCOMPARE(waiting.text(),
            QStringLiteral("<b>x</b> is waiting for an agent: asked for a human. 2 customers are "
                           "waiting in all."));
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

    // The server's canned responses: read-only, saying so, for an agent who is not an
    // administrator; an administrator's edits are checked by the server's rules and come out
    // as the whole list.
    void settingsDialogShowsTheServersCannedResponses()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        SettingsDialog dialog(settings);
        const QList<frontline::ui::CannedResponse> shared {
            { QStringLiteral("hello"), QStringLiteral("Hello {customer.name}!"), QString(), 1 },
            { QStringLiteral("refund"), QStringLiteral("We refund."), QStringLiteral("Refunds"), 2 }
        };
        QSignalSpy edited(&dialog, &SettingsDialog::cannedResponsesEdited);
        auto *note = dialog.findChild<QLabel *>(QStringLiteral("cannedNote"));
        QTableWidget *table = dialog.cannedTable();

        dialog.setCannedResponses(shared, true, false);
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->item(1, 1)->text(), QStringLiteral("Refunds"));
        QCOMPARE(table->editTriggers(), QAbstractItemView::NoEditTriggers);
        QVERIFY(note->text().contains(QStringLiteral("Only administrators")));
        table->item(0, 2)->setText(QStringLiteral("changed anyway")); // not by the agent
        dialog.accept();
        QCOMPARE(edited.size(), 0);

        SettingsDialog admin(settings);
        QSignalSpy adminEdited(&admin, &SettingsDialog::cannedResponsesEdited);
        admin.setCannedResponses(shared, true, true);
        QVERIFY(admin.cannedTable()->editTriggers() != QAbstractItemView::NoEditTriggers);
        QVERIFY(!admin.findChild<QLabel *>(QStringLiteral("cannedNote"))
                     ->text()
                     .contains(QStringLiteral("Only administrators")));
        // Unchanged: nothing to send.
        admin.show();
        QVERIFY(QTest::qWaitForWindowExposed(&admin));
        admin.accept();
        QCOMPARE(adminEdited.size(), 0);
        admin.cannedTable()->item(1, 0)->setText(QStringLiteral("Hello")); // another "hello"
        admin.open();
        QTimer::singleShot(0, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->accept();
        });
        admin.accept();
        QCOMPARE(adminEdited.size(), 0); // refused: the shortcut is taken
        admin.cannedTable()->item(1, 0)->setText(QStringLiteral("/Refunds "));
        admin.accept();
        QCOMPARE(adminEdited.size(), 1);
        const auto list = adminEdited.first().at(0).value<QList<frontline::ui::CannedResponse>>();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(1).shortcut, QStringLiteral("refunds"));
        QCOMPARE(list.at(1).id, 2);
        QCOMPARE(list.at(0), shared.at(0));
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

    // Issue 18, point 9: the Account tab, the agent's own name and password.
    void settingsDialogEditsTheAgentsOwnAccount()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("frontline.ini")), QSettings::IniFormat);
        SettingsDialog dialog(settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *name = dialog.findChild<QLineEdit *>(QStringLiteral("displayName"));
        auto *password = dialog.findChild<QPushButton *>(QStringLiteral("changePassword"));
        auto *about = dialog.findChild<QLabel *>(QStringLiteral("accountNote"));
        QVERIFY(name && password && about);
        QVERIFY(!name->isEnabled() && !password->isEnabled()); // not connected

        // The built-in administrator: the name is the Chat page's setting, no password.
        dialog.setAccount(QStringLiteral("admin"), QStringLiteral("Support"));
        QVERIFY(!name->isEnabled());
        QVERIFY(!password->isEnabled());
        QVERIFY2(password->toolTip().contains(QStringLiteral("no password")),
            qPrintable(password->toolTip()));
        QVERIFY2(about->text().contains(QStringLiteral("Chat page")), qPrintable(about->text()));

        dialog.setAccount(QStringLiteral("marie"), QStringLiteral("Marie"));
        QVERIFY(name->isEnabled() && password->isEnabled());
        QCOMPARE(name->text(), QStringLiteral("Marie"));
        QCOMPARE(name->maxLength(), 60);
        QSignalSpy renamed(&dialog, &SettingsDialog::displayNameChanged);
        QSignalSpy saved(&dialog, &SettingsDialog::saved);
        QSignalSpy asked(&dialog, &SettingsDialog::changePasswordRequested);
        QTest::mouseClick(password, Qt::LeftButton);
        QCOMPARE(asked.size(), 1);
        // Blank: refused on its page, with the server's own words; nothing sent.
        name->setText(QStringLiteral("   "));
        answerTheRefusalWhenItShows(dialog);
        dialog.accept();
        QCOMPARE(saved.size(), 0);
        QCOMPARE(renamed.size(), 0);
        QCOMPARE(dialog.tabs()->currentWidget(), name->parentWidget());
        name->setText(QStringLiteral(" Marie Curie "));
        dialog.accept();
        QCOMPARE(saved.size(), 1);
        QCOMPARE(renamed.size(), 1);
        QCOMPARE(renamed.first().at(0).toString(), QStringLiteral("Marie Curie"));
    }

    void passwordDialogSaysWhatIsWrongBeforeAndAfterTheServer()
    {
        PasswordDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *current = dialog.findChild<QLineEdit *>(QStringLiteral("currentPassword"));
        auto *next = dialog.findChild<QLineEdit *>(QStringLiteral("newPassword"));
        auto *repeat = dialog.findChild<QLineEdit *>(QStringLiteral("repeatPassword"));
        QVERIFY(current && next && repeat);
        QCOMPARE(next->echoMode(), QLineEdit::Password);
        QSignalSpy submitted(&dialog, &PasswordDialog::submitted);
        current->setText(QStringLiteral("the old password"));
        next->setText(QStringLiteral("a new long password"));
        repeat->setText(QStringLiteral("a new long pasword"));
        dialog.accept();
        QCOMPARE(submitted.size(), 0);
        QVERIFY2(dialog.error().contains(QStringLiteral("differ")), qPrintable(dialog.error()));
        next->setText(QStringLiteral("short"));
        repeat->setText(QStringLiteral("short"));
        dialog.accept();
        QCOMPARE(submitted.size(), 0);
        QVERIFY2(
            dialog.error().contains(QStringLiteral("10 characters")), qPrintable(dialog.error()));
        next->setText(QStringLiteral("a new long password"));
        repeat->setText(QStringLiteral("a new long password"));
        dialog.accept();
        QCOMPARE(submitted.size(), 1);
        QCOMPARE(submitted.first().at(0).toString(), QStringLiteral("the old password"));
        QCOMPARE(submitted.first().at(1).toString(), QStringLiteral("a new long password"));
        QVERIFY(dialog.isVisible()); // until the server answers
        dialog.showError(QStringLiteral("The current password is wrong; nothing changed."));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.error(), QStringLiteral("The current password is wrong; nothing changed."));
        dialog.succeeded();
        QVERIFY(!dialog.isVisible());
        QVERIFY(next->text().isEmpty()); // not kept once closed
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
