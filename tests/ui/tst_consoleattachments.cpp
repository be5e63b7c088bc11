// SPDX-License-Identifier: GPL-3.0-or-later
// Attachments in the console, end to end: its real main window offscreen against a real
// backend on this thread (SQLite and PostgreSQL), the customer's side over real HTTP. A
// customer's PNG shows as a thumbnail in the transcript and opens in the viewer, whose
// Save as… writes the very bytes served; an agent attaches a file and a pasted image by the
// composer's paths, and the customer's history has them.

#include "apiclient.h"
#include "client/attachmentcache.h"
#include "consolecontroller.h"
#include "mainwindow.h"
#include "models/conversation.h"
#include "models/transcriptmodel.h"
#include "server/backend.h"
#include "testbackend.h"
#include "testdatabases.h"
#include "widgets/attachmentviewer.h"
#include "widgets/composer.h"
#include "widgets/conversationview.h"
#include "widgets/pendingattachments.h"
#include "widgets/transcriptdelegate.h"

#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDropEvent>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <functional>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

// A picture with something in it (a gradient and a disc), as a screenshot would be.
QImage picture(int width, int height, QColor colour)
{
    QImage image(width, height, QImage::Format_RGB32);
    QPainter painter(&image);
    QLinearGradient gradient(0, 0, width, height);
    gradient.setColorAt(0, Qt::white);
    gradient.setColorAt(1, colour);
    painter.fillRect(image.rect(), gradient);
    painter.setBrush(Qt::black);
    painter.drawEllipse(QPoint(width / 2, height / 2), width / 5, height / 5);
    return image;
}

QByteArray png(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QList<ui::AttachmentItem> attachmentsOf(const QModelIndex &index)
{
    return index.data(ui::TranscriptModel::AttachmentsRole).value<QList<ui::AttachmentItem>>();
}

} // namespace

class TestConsoleAttachments : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }

    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        m_home = std::make_unique<QTemporaryDir>();
        m_backend = startBackend(m_databases.serverOptions(dialect));
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
        m_agentToken = addAgent(
            *m_backend->store(), QStringLiteral("ana"), QStringLiteral("Ana"), AgentRole::Admin);
        m_settings = std::make_unique<QSettings>(
            m_home->filePath(QStringLiteral("console.ini")), QSettings::IniFormat);
        m_window = std::make_unique<ui::MainWindow>(*m_settings);
        m_window->connectTo(QUrl(m_backend->url()), QString::fromLatin1(m_agentToken));
        m_window->resize(1200, 800);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        auto *connection = m_window->findChild<QLabel *>(QStringLiteral("connectionState"));
        QTRY_COMPARE(connection->text(), QStringLiteral("Live"));

        const CustomerSession created
            = m_api.createSession({ { QStringLiteral("name"), QStringLiteral("Camille") } });
        QCOMPARE(created.created.status, 201);
        m_customer = created;
        QCOMPARE(
            m_api.sendMessage(m_customer, QStringLiteral("My screen shows an error")).status, 200);
    }

    void cleanup()
    {
        ui::AttachmentViewer::setSaveFileChooser({});
        m_window.reset();
        m_backend.reset();
        m_settings.reset();
        m_home.reset();
    }

    void aCustomersImageShowsAsAThumbnailAndOpensInTheViewer()
    {
        // The customer uploads a PNG and sends it with a few words.
        const QByteArray original = png(picture(640, 480, Qt::darkCyan));
        const HttpResult uploaded = m_api.send("POST",
            QStringLiteral("/api/chat/attachments?sessionId=%1&filename=screen.png")
                .arg(m_customer.id),
            original, m_customer.token);
        QCOMPARE(uploaded.status, 201);
        const QString attachmentId = uploaded.json()
                                         .value(QStringLiteral("attachment"))
                                         .toObject()
                                         .value(QStringLiteral("id"))
                                         .toString();
        QVERIFY(!attachmentId.isEmpty());
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/chat/message"),
                         toJson({ { QStringLiteral("sessionId"), m_customer.id },
                             { QStringLiteral("message"), QStringLiteral("Here it is") },
                             { QStringLiteral("attachments"), QJsonArray { attachmentId } } }),
                         m_customer.token)
                     .status,
            200);

        m_window->console()->openSession(m_customer.id);
        ui::ConversationView *view = m_window->conversationView();
        QAbstractItemModel *transcript = view->model();
        const auto rowWith = [transcript](const QString &text) {
            for (int row = 0; row < transcript->rowCount(); ++row) {
                const QModelIndex index = transcript->index(row, 0);
                if (index.data().toString() == text)
                    return index;
            }
            return QModelIndex();
        };
        QTRY_VERIFY(rowWith(QStringLiteral("Here it is")).isValid());
        const QModelIndex withImage = rowWith(QStringLiteral("Here it is"));
        const QModelIndex textOnly = rowWith(QStringLiteral("My screen shows an error"));
        QVERIFY(textOnly.isValid());
        const QList<ui::AttachmentItem> attachments = attachmentsOf(withImage);
        QCOMPARE(attachments.size(), 1);
        const ui::AttachmentItem attachment = attachments.first();
        QCOMPARE(attachment.id, attachmentId);
        QCOMPARE(attachment.filename, QStringLiteral("screen.png"));
        QCOMPARE(attachment.contentType, QStringLiteral("image/png"));
        QCOMPARE(QSize(attachment.width, attachment.height), QSize(640, 480));
        QVERIFY(attachment.isImage());

        // The thumbnail, as the server serves it to agents...
        const HttpResult served = m_api.get(attachment.thumbnailUrl, m_agentToken);
        QCOMPARE(served.status, 200);
        QImage thumbnail;
        QVERIFY(thumbnail.loadFromData(served.body));
        QVERIFY(thumbnail.width() < 640);
        // ...is the row's picture, once fetched (a box of its size meanwhile).
        view->scrollTo(withImage);
        QTRY_VERIFY(!withImage.data(Qt::DecorationRole).value<QPixmap>().isNull());
        QCOMPARE(withImage.data(Qt::DecorationRole).value<QPixmap>().size(), thumbnail.size());
        QCOMPARE(m_window->console()->attachments()->state(attachmentId),
            ui::AttachmentCache::State::Ready);
        // The row makes room for it: taller than a text-only row by the thumbnail shown.
        QStyleOptionViewItem option;
        option.initFrom(view);
        const int textHeight = view->itemDelegate()->sizeHint(option, textOnly).height();
        const int imageHeight = view->itemDelegate()->sizeHint(option, withImage).height();
        const QSize shown = attachment.shownSize(ui::TranscriptDelegate::thumbnailBox());
        QVERIFY2(imageHeight >= textHeight + shown.height(),
            qPrintable(QStringLiteral("%1 vs %2 + %3")
                           .arg(imageHeight)
                           .arg(textHeight)
                           .arg(shown.height())));
        const QRect drawn = view->attachmentRect(withImage, 0);
        QCOMPARE(drawn.size(), shown);
        QVERIFY(view->visualRect(withImage).contains(drawn));
        // The transcript's text names it.
        QVERIFY(view->toPlainText().contains(QStringLiteral("screen.png")));

        // A double-click opens the viewer: the full image, fetched with the agent's token.
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, drawn.center());
        ui::AttachmentViewer *viewer = nullptr;
        QTRY_VERIFY((viewer = m_window->findChild<ui::AttachmentViewer *>()) != nullptr);
        QTRY_VERIFY(viewer->isLoaded());
        QVERIFY2(viewer->errorText().isEmpty(), qPrintable(viewer->errorText()));
        QCOMPARE(viewer->image().size(), QSize(640, 480));
        const HttpResult full = m_api.get(attachment.url, m_agentToken);
        QCOMPARE(full.status, 200);
        QCOMPARE(viewer->bytes(), full.body);
        QVERIFY(viewer->saveButton()->isEnabled());

        // Save as… writes exactly those bytes, under the name the agent chose.
        QString suggested;
        const QString target = m_home->filePath(QStringLiteral("saved.png"));
        ui::AttachmentViewer::setSaveFileChooser(
            [&suggested, target](QWidget *, const QString &, const QString &path) {
                suggested = path;
                return target;
            });
        QTest::mouseClick(viewer->saveButton(), Qt::LeftButton);
        QVERIFY(suggested.endsWith(QStringLiteral("/screen.png")));
        QFile saved(target);
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(saved.readAll(), full.body);
        viewer->close();

        // Enter on the message opens it too.
        QTRY_VERIFY(m_window->findChild<ui::AttachmentViewer *>() == nullptr);
        view->setFocus();
        view->setCurrentIndex(withImage);
        QTest::keyClick(view, Qt::Key_Return);
        QTRY_VERIFY(m_window->findChild<ui::AttachmentViewer *>() != nullptr);
        QCOMPARE(m_window->findChild<ui::AttachmentViewer *>()->attachment().id, attachmentId);
        m_window->findChild<ui::AttachmentViewer *>()->close();

        // The attachment's context menu saves it without the viewer.
        const QString again = m_home->filePath(QStringLiteral("again.png"));
        ui::AttachmentViewer::setSaveFileChooser(
            [again](QWidget *, const QString &, const QString &) { return again; });
        bool chosen = false;
        QString menuName;
        // Once the menu is up (its own event loop runs): its Save as…, or it is closed.
        std::function<void()> choose = [&] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu) {
                QTimer::singleShot(10, this, choose);
                return;
            }
            menuName = menu->objectName();
            for (QAction *action : menu->actions()) {
                if (action->text() == QStringLiteral("Save as…")) {
                    chosen = true;
                    menu->setActiveAction(action);
                    action->trigger();
                }
            }
            menu->close();
        };
        QTimer::singleShot(0, this, choose);
        QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, drawn.center(),
            view->viewport()->mapToGlobal(drawn.center()));
        QApplication::sendEvent(view->viewport(), &menuEvent);
        QCOMPARE(menuName, QStringLiteral("attachmentMenu"));
        QVERIFY(chosen);
        QTRY_VERIFY(QFile::exists(again));
        QFile savedAgain(again);
        QVERIFY(savedAgain.open(QIODevice::ReadOnly));
        QTRY_COMPARE(savedAgain.size(), full.body.size());
        QCOMPARE(savedAgain.readAll(), full.body);
        QTRY_COMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Attachment saved"));
    }

    void anAgentAttachesAFileAndAPastedImageAndTheCustomerHasThem()
    {
        m_window->console()->openSession(m_customer.id);
        QTRY_COMPARE(m_window->console()->openSessionId(), m_customer.id);
        ui::PendingAttachments *pending = m_window->pendingAttachments();
        const QString path = m_home->filePath(QStringLiteral("steps.txt"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("1. Open Settings\n2. Choose Billing\n");
        }
        // Not this agent's conversation yet: nothing can be attached, as nothing can be sent.
        QTRY_VERIFY(!m_window->composer()->isEnabled());
        QVERIFY(!m_window->attachAction()->isEnabled());
        m_window->attachFiles({ path });
        QCOMPARE(pending->count(), 0);

        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/claim").arg(m_customer.id), "{}",
                         m_agentToken)
                     .status,
            200);
        QTRY_VERIFY(m_window->attachAction()->isEnabled());
        QVERIFY(m_window->attachButton()->isEnabled());

        // The button's path, with a file...
        m_window->attachFiles({ path });
        QCOMPARE(pending->count(), 1);
        QVERIFY(pending->isVisible());
        QTRY_COMPARE(pending->uploadedIds().size(), 1);
        // ...and an image pasted in the composer.
        const QImage pasted = picture(300, 200, Qt::darkMagenta);
        QApplication::clipboard()->setImage(pasted);
        m_window->composer()->setFocus();
        m_window->composer()->paste();
        QCOMPARE(pending->count(), 2);
        QTRY_COMPARE(pending->uploadedIds().size(), 2);
        QVERIFY(m_window->composer()->toPlainText().isEmpty()); // not pasted as text
        const QStringList ids = pending->uploadedIds();

        QTest::keyClicks(m_window->composer(), QStringLiteral("Here are the steps"));
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QTRY_COMPARE(pending->count(), 0);
        QVERIFY(!pending->isVisible());

        // The customer's history has the reply with both, in order.
        QJsonObject reply;
        QTRY_VERIFY((reply = lastMessage()).value(QStringLiteral("role")).toString()
            == QLatin1String("AGENT"));
        QCOMPARE(reply.value(QStringLiteral("content")).toString(),
            QStringLiteral("Here are the steps"));
        const QJsonArray attached = reply.value(QStringLiteral("attachments")).toArray();
        QCOMPARE(attached.size(), 2);
        QCOMPARE(attached.at(0).toObject().value(QStringLiteral("id")).toString(), ids.at(0));
        QCOMPARE(attached.at(0).toObject().value(QStringLiteral("filename")).toString(),
            QStringLiteral("steps.txt"));
        QCOMPARE(attached.at(0).toObject().value(QStringLiteral("contentType")).toString(),
            QStringLiteral("text/plain"));
        const QJsonObject image = attached.at(1).toObject();
        QCOMPARE(
            image.value(QStringLiteral("filename")).toString(), QStringLiteral("pasted-image.png"));
        QCOMPARE(
            image.value(QStringLiteral("contentType")).toString(), QStringLiteral("image/png"));
        QCOMPARE(image.value(QStringLiteral("width")).toInt(), 300);
        QCOMPARE(image.value(QStringLiteral("height")).toInt(), 200);
        // The customer reads the file as the agent sent it.
        const HttpResult file
            = m_api.get(attached.at(0).toObject().value(QStringLiteral("url")).toString());
        QCOMPARE(file.status, 200);
        QCOMPARE(file.body, QByteArray("1. Open Settings\n2. Choose Billing\n"));

        // A reply of attachments only: files dropped on the transcript, and Enter with no text.
        auto *data = new QMimeData;
        data->setUrls({ QUrl::fromLocalFile(path) });
        ui::ConversationView *view = m_window->conversationView();
        const QPoint at = view->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(at, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &drop);
        delete data;
        QCOMPARE(pending->count(), 1);
        QTRY_COMPARE(pending->uploadedIds().size(), 1);
        m_window->composer()->setFocus();
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QTRY_COMPARE(pending->count(), 0);
        QTRY_VERIFY(lastMessage().value(QStringLiteral("attachments")).toArray().size() == 1);
        QCOMPARE(lastMessage().value(QStringLiteral("content")).toString(), QString());

        // In the console, that reply is a file row with no text line: shorter than the same
        // file under a line of text would be.
        QAbstractItemModel *transcript = view->model();
        QModelIndex last;
        QTRY_VERIFY(
            attachmentsOf(last = transcript->index(transcript->rowCount() - 1, 0)).size() == 1);
        QVERIFY(last.data().toString().isEmpty());
        QVERIFY(!view->attachmentRect(last, 0).isNull());
    }

    void aFailedUploadKeepsItsChipUntilRetriedOrRemoved()
    {
        m_window->console()->openSession(m_customer.id);
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/claim").arg(m_customer.id), "{}",
                         m_agentToken)
                     .status,
            200);
        QTRY_VERIFY(m_window->attachAction()->isEnabled());
        ui::PendingAttachments *pending = m_window->pendingAttachments();
        // An HTML page named like an image: the server refuses it by its content.
        const QString path = m_home->filePath(QStringLiteral("x.png"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");
        }
        // Pasted as a file's URL (a file manager's Copy): that file, not its path as text.
        auto *copied = new QMimeData;
        copied->setUrls({ QUrl::fromLocalFile(path) });
        copied->setText(path);
        QApplication::clipboard()->setMimeData(copied);
        m_window->composer()->setFocus();
        m_window->composer()->paste();
        QVERIFY(m_window->composer()->toPlainText().isEmpty());
        QCOMPARE(pending->count(), 1);
        QTRY_VERIFY(pending->hasFailed());
        QVERIFY(!pending->errorOf(0).isEmpty());
        // The server's words, where the agent reads them.
        QVERIFY2(m_window->statusBar()->currentMessage().contains(pending->errorOf(0)),
            qPrintable(m_window->statusBar()->currentMessage()));
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("x.png")));
        QWidget *chip = pending->chip(0);
        auto *retry = chip->findChild<QToolButton *>(QStringLiteral("attachmentRetry"));
        QVERIFY(retry->isVisible());
        // Send is refused while one failed, and the text stays.
        QTest::keyClicks(m_window->composer(), QStringLiteral("See attached"));
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QCOMPARE(m_window->composer()->toPlainText(), QStringLiteral("See attached"));
        // Retry fails the same way (the content has not changed); × takes it off.
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_VERIFY(pending->hasFailed());
        QTest::mouseClick(
            chip->findChild<QToolButton *>(QStringLiteral("attachmentRemove")), Qt::LeftButton);
        QCOMPARE(pending->count(), 0);
        QTest::keyClick(m_window->composer(), Qt::Key_Return);
        QTRY_COMPARE(lastMessage().value(QStringLiteral("content")).toString(),
            QStringLiteral("See attached"));
        QVERIFY(!lastMessage().contains(QStringLiteral("attachments")));
    }

private:
    QJsonObject lastMessage()
    {
        const QJsonArray messages = m_api.history(m_customer);
        return messages.isEmpty() ? QJsonObject() : messages.last().toObject();
    }

    TestDatabases m_databases;
    ApiClient m_api;
    std::unique_ptr<QTemporaryDir> m_home;
    std::unique_ptr<Backend> m_backend;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<ui::MainWindow> m_window;
    QByteArray m_agentToken;
    CustomerSession m_customer;
};

QTEST_MAIN(TestConsoleAttachments)
#include "tst_consoleattachments.moc"
