// SPDX-License-Identifier: GPL-3.0-or-later
// Attachments over real HTTP, on SQLite and PostgreSQL: a customer uploads a file, a message
// carries it, history, events and the agent API show it, and its signed link serves it with
// the headers that keep it from acting as a page; an agent does the same. What is accepted is
// decided by the bytes: an HTML file named x.png is refused, an image is re-encoded without
// its metadata, a bomb or a truncated image is refused before anything is stored; names are
// cleaned; other sessions' tokens and altered or expired links are refused. Refused input
// stores nothing.

#include "apiclient.h"
#include "apitestcase.h"
#include "eventstreamclient.h"
#include "manualclock.h"
#include "security/ratelimiter.h"
#include "server/backend.h"
#include "store/ratelimits.h"
#include "store/store.h"
#include "testbackend.h"
#include "testimages.h"

#include <QBuffer>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>
#include <QUrlQuery>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

QJsonObject attachmentOf(const HttpResult &result)
{
    return result.json().value(QStringLiteral("attachment")).toObject();
}

QString text(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

// The first attachment of the last message that has some (the assistant answers after it).
QJsonObject lastAttachment(const QJsonArray &messages)
{
    for (qsizetype i = messages.size() - 1; i >= 0; --i) {
        const QJsonArray attachments
            = messages.at(i).toObject().value(QStringLiteral("attachments")).toArray();
        if (!attachments.isEmpty())
            return attachments.first().toObject();
    }
    return {};
}

QImage decoded(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer);
    return reader.read();
}

} // namespace

class TestAttachments : public ApiTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_options = optionsForThisRow();
        m_clock = std::make_shared<ManualClock>();
        startServer();
    }

    void anImageIsUploadedSentAndServed()
    {
        const HttpResult uploaded = m_api.uploadAttachment(m_customer, QStringLiteral("screen.png"),
            encodedImage(gradientImage(640, 480), "png"), {}, "image/png");
        QCOMPARE(uploaded.status, 201);
        const QJsonObject attachment = attachmentOf(uploaded);
        const QString id = text(attachment, "id");
        QVERIFY(!id.isEmpty());
        QCOMPARE(text(attachment, "filename"), QStringLiteral("screen.png"));
        QCOMPARE(text(attachment, "contentType"), QStringLiteral("image/png"));
        QCOMPARE(attachment.value(QStringLiteral("width")).toInt(), 640);
        QCOMPARE(attachment.value(QStringLiteral("height")).toInt(), 480);
        QVERIFY(attachment.value(QStringLiteral("size")).toInteger() > 0);
        QVERIFY(text(attachment, "url").startsWith(QStringLiteral("/api/chat/attachments/") + id));
        QVERIFY(text(attachment, "thumbnailUrl").contains(QStringLiteral("/thumbnail?")));

        // A message with no words, only the file.
        const HttpResult sent = m_api.post(QStringLiteral("/api/chat/message"),
            toJson({ { QStringLiteral("sessionId"), m_customer.id },
                { QStringLiteral("message"), QString() },
                { QStringLiteral("attachments"), QJsonArray { id } } }),
            m_customer.token);
        QCOMPARE(sent.status, 200);
        const QJsonObject message = sent.json().value(QStringLiteral("userMessage")).toObject();
        QCOMPARE(text(message, "content"), QString());
        QCOMPARE(message.value(QStringLiteral("attachments")).toArray().size(), 1);

        // History shows it, and its link serves the file in an <img src>, without a header.
        const QJsonArray history = m_api.history(m_customer);
        const QJsonObject inHistory = lastAttachment(history);
        QCOMPARE(text(inHistory, "id"), id);
        const HttpResult file = m_api.get(text(inHistory, "url"));
        QCOMPARE(file.status, 200);
        QCOMPARE(file.header("Content-Type"), QByteArray("image/png"));
        QCOMPARE(file.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(file.header("Content-Security-Policy"), QByteArray("sandbox; default-src 'none'"));
        QVERIFY(file.header("Content-Disposition").startsWith("inline; filename=\"screen.png\""));
        QCOMPARE(decoded(file.body).size(), QSize(640, 480));
        const HttpResult thumbnail = m_api.get(text(inHistory, "thumbnailUrl"));
        QCOMPARE(thumbnail.status, 200);
        const QImage small = decoded(thumbnail.body);
        QCOMPARE(std::max(small.width(), small.height()), 320);

        // Agents see it with their own links, fetched with their token.
        const HttpResult messages = m_api.get(
            QStringLiteral("/api/agent/sessions/%1/messages").arg(m_customer.id), m_agent);
        const QJsonObject forAgents
            = lastAttachment(messages.json().value(QStringLiteral("messages")).toArray());
        QCOMPARE(text(forAgents, "url"), QStringLiteral("/api/agent/attachments/") + id);
        QCOMPARE(m_api.get(text(forAgents, "url")).status, 401);
        const HttpResult agentFile = m_api.get(text(forAgents, "url"), m_agent);
        QCOMPARE(agentFile.status, 200);
        QCOMPARE(agentFile.body, file.body);
        QCOMPARE(m_api.get(text(forAgents, "thumbnailUrl"), m_agent).body, thumbnail.body);
    }

    void eventsCarryTheAttachments()
    {
        EventStreamClient consoles;
        consoles.open(m_api.url(QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + m_agent } });
        QVERIFY(consoles.waitFor("hello", 1));
        const QString id = upload(QStringLiteral("notes.txt"), "line one\nline two\n");
        QCOMPARE(sendWith({ id }, QStringLiteral("here are my notes")).status, 200);
        QVERIFY(consoles.waitFor("message", 2)); // the customer's, then the assistant's
        QJsonArray events;
        for (const ServerSentEvent &event : consoles.events("message"))
            events.append(QJsonDocument::fromJson(event.data).object());
        const QJsonObject attachment = lastAttachment(events);
        QCOMPARE(text(attachment, "contentType"), QStringLiteral("text/plain"));
        QCOMPARE(text(attachment, "url"), QStringLiteral("/api/agent/attachments/") + id);
        QVERIFY(!attachment.contains(QStringLiteral("thumbnailUrl")));
        // Text is served as a download, never inline.
        const HttpResult file = m_api.get(text(attachment, "url"), m_agent);
        QCOMPARE(file.header("Content-Type"), QByteArray("text/plain; charset=utf-8"));
        QVERIFY(
            file.header("Content-Disposition").startsWith("attachment; filename=\"notes.txt\""));
        QCOMPARE(file.body, QByteArray("line one\nline two\n"));
    }

    void theSameClientIdStoresOneFile()
    {
        const QByteArray png = encodedImage(gradientImage(20, 20), "png");
        const HttpResult first = m_api.uploadAttachment(
            m_customer, QStringLiteral("a.png"), png, QStringLiteral("up-1"));
        QCOMPARE(first.status, 201);
        const HttpResult again = m_api.uploadAttachment(
            m_customer, QStringLiteral("a.png"), png, QStringLiteral("up-1"));
        QCOMPARE(again.status, 200);
        QCOMPARE(text(attachmentOf(again), "id"), text(attachmentOf(first), "id"));
        const HttpResult other = m_api.uploadAttachment(
            m_customer, QStringLiteral("a.png"), png, QStringLiteral("up-2"));
        QCOMPARE(other.status, 201);
        QVERIFY(text(attachmentOf(other), "id") != text(attachmentOf(first), "id"));
        QCOMPARE(m_api
                     .uploadAttachment(
                         m_customer, QStringLiteral("a.png"), png, QStringLiteral("not valid!"))
                     .status,
            400);
    }

    void aFileOverTheLimitIsRefusedBeforeItsBodyIsRead()
    {
        // Only the head is sent: the answer comes without a byte of the 11 MiB.
        QTcpSocket socket;
        const QUrl url(m_backend->url());
        socket.connectToHost(url.host(), quint16(url.port()));
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray head = "POST /api/chat/attachments?sessionId=" + m_customer.id.toUtf8()
            + "&filename=big.png HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer "
            + m_customer.token + "\r\nContent-Type: image/png\r\nContent-Length: "
            + QByteArray::number(11 << 20) + "\r\n\r\n";
        socket.write(head);
        QByteArray answer;
        QTRY_VERIFY((answer += socket.readAll()).contains("\r\n\r\n{"));
        QTRY_VERIFY((answer += socket.readAll()).endsWith("}"));
        QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
        const QJsonObject error
            = QJsonDocument::fromJson(answer.mid(answer.indexOf("\r\n\r\n") + 4))
                  .object()
                  .value(QStringLiteral("error"))
                  .toObject();
        QCOMPARE(text(error, "code"), QStringLiteral("attachment_too_large"));
        QVERIFY(text(error, "message").contains(QStringLiteral("10.0 MiB")));
        // Other requests keep their small limit.
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/chat/message"), QByteArray(70 * 1024, 'x'),
                         m_customer.token)
                     .status,
            413);
        QCOMPARE(storedFiles(), 0);
    }

    void whatTheBytesAreDecidesNotTheName()
    {
        const HttpResult html = m_api.uploadAttachment(m_customer, QStringLiteral("x.png"),
            "<!DOCTYPE html><html><script>alert(1)</script></html>", {}, "image/png");
        QCOMPARE(html.status, 415);
        QCOMPARE(errorCode(html), QStringLiteral("unsupported_attachment"));
        QVERIFY(errorMessage(html).contains(QStringLiteral("PNG")));
        // Said in the customer's language: the chat page shows it as it is.
        const CustomerSession french
            = m_api.createSession({ { QStringLiteral("locale"), QStringLiteral("fr-FR") } });
        const HttpResult refusedInFrench = m_api.uploadAttachment(
            french, QStringLiteral("x.png"), "<!DOCTYPE html><html></html>", {}, "image/png");
        QCOMPARE(refusedInFrench.status, 415);
        QVERIFY2(errorMessage(refusedInFrench).startsWith(QStringLiteral("Frontline accepte")),
            refusedInFrench.body.constData());

        const HttpResult bomb = m_api.uploadAttachment(
            m_customer, QStringLiteral("bomb.png"), pngDeclaring(100000, 100000), {}, "image/png");
        QCOMPARE(bomb.status, 400);
        QCOMPARE(errorCode(bomb), QStringLiteral("image_too_large"));

        const QByteArray jpeg = encodedImage(gradientImage(300, 200), "jpg", 90);
        const HttpResult truncated = m_api.uploadAttachment(
            m_customer, QStringLiteral("cut.jpg"), jpeg.left(jpeg.size() / 2), {}, "image/jpeg");
        QCOMPARE(truncated.status, 400);
        QCOMPARE(errorCode(truncated), QStringLiteral("invalid_image"));
        QCOMPARE(storedFiles(), 0);

        // A PDF is kept as sent, and served as a download.
        const QByteArray pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
        const HttpResult invoice = m_api.uploadAttachment(
            m_customer, QStringLiteral("invoice.pdf"), pdf, {}, "text/html");
        QCOMPARE(invoice.status, 201);
        QCOMPARE(text(attachmentOf(invoice), "contentType"), QStringLiteral("application/pdf"));
        const HttpResult served = m_api.get(text(attachmentOf(invoice), "url"));
        QCOMPARE(served.header("Content-Type"), QByteArray("application/pdf"));
        QVERIFY(served.header("Content-Disposition").startsWith("attachment;"));
        QCOMPARE(served.body, pdf);
    }

    void aPhotoLosesItsLocationAndComment()
    {
        const QByteArray photo = jpegWithGpsAndComment(gradientImage(400, 300));
        QVERIFY(photo.contains(GpsMarker) && photo.contains(CommentMarker));
        const HttpResult uploaded
            = m_api.uploadAttachment(m_customer, QStringLiteral("IMG_0042.JPG"), photo);
        QCOMPARE(uploaded.status, 201);
        QCOMPARE(text(attachmentOf(uploaded), "contentType"), QStringLiteral("image/jpeg"));
        const HttpResult served = m_api.get(text(attachmentOf(uploaded), "url"));
        QCOMPARE(served.status, 200);
        QVERIFY(!served.body.contains(GpsMarker));
        QVERIFY(!served.body.contains(CommentMarker));
        QVERIFY(!served.body.contains("Exif"));
        QCOMPARE(decoded(served.body).size(), QSize(400, 300));
    }

    void namesAreCleaned()
    {
        const QByteArray png = encodedImage(gradientImage(10, 10), "png");
        const QString sneaky = QStringLiteral("../../etc/pass") + QChar(0) + QStringLiteral("wd")
            + QChar(0x202E) + QStringLiteral("gnp.exe");
        const HttpResult uploaded = m_api.uploadAttachment(m_customer, sneaky, png);
        QCOMPARE(uploaded.status, 201);
        const QString name = text(attachmentOf(uploaded), "filename");
        QVERIFY2(!name.contains(QLatin1Char('/')) && !name.contains(QChar(0))
                && !name.contains(QChar(0x202E)) && !name.contains(QStringLiteral("..")),
            qPrintable(name));
        QVERIFY2(name.endsWith(QStringLiteral(".png")), qPrintable(name));
        const HttpResult served = m_api.get(text(attachmentOf(uploaded), "url"));
        const QByteArray disposition = served.header("Content-Disposition");
        QVERIFY(!disposition.contains('/') && !disposition.contains('\0'));
    }

    void otherSessionsAndAlteredLinksAreRefused()
    {
        const QString id = upload(QStringLiteral("mine.txt"), "private\n");
        const QString url = fileUrl(id);
        const CustomerSession stranger = m_api.createSession();

        // The owner's token opens it; another session's does not, whichever session it names.
        const QString byToken = QStringLiteral("/api/chat/attachments/%1?sessionId=%2");
        QCOMPARE(m_api.get(byToken.arg(id, m_customer.id), m_customer.token).status, 200);
        QCOMPARE(m_api.get(byToken.arg(id, m_customer.id), stranger.token).status, 401);
        QCOMPARE(m_api.get(byToken.arg(id, stranger.id), stranger.token).status, 403);
        QCOMPARE(m_api.get(QStringLiteral("/api/chat/attachments/") + id).status, 401);

        // An altered signature, another file's signature, an expiry moved on: refused.
        QUrlQuery query(QUrl(url).query());
        const QString signature = query.queryItemValue(QStringLiteral("signature"));
        const QString expires = query.queryItemValue(QStringLiteral("expires"));
        const QString signedPath
            = QStringLiteral("/api/chat/attachments/%1?expires=%2&signature=%3");
        QString altered = signature;
        altered[3] = altered[3] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QCOMPARE(m_api.get(signedPath.arg(id, expires, altered)).status, 403);
        QCOMPARE(
            m_api.get(signedPath.arg(id, QString::number(expires.toLongLong() + 3600), signature))
                .status,
            403);
        const QString other = upload(QStringLiteral("other.txt"), "other\n");
        QCOMPARE(m_api.get(signedPath.arg(other, expires, signature)).status, 403);
        const HttpResult forbidden = m_api.get(signedPath.arg(id, expires, altered));
        QCOMPARE(errorCode(forbidden), QStringLiteral("invalid_link"));
        // Expired: a day and more later.
        QCOMPARE(m_api.get(url).status, 200);
        m_clock->advance(26LL * 3600 * 1000);
        QCOMPARE(m_api.get(url).status, 403);
        // A fresh history gives a fresh link.
        QCOMPARE(sendWith({ id }, QStringLiteral("see")).status, 200);
        const QJsonObject fresh = lastAttachment(m_api.history(m_customer));
        QCOMPARE(m_api.get(text(fresh, "url")).status, 200);
    }

    void aMessageCannotNameAnotherSessionsFile()
    {
        const CustomerSession stranger = m_api.createSession();
        const HttpResult theirs
            = m_api.uploadAttachment(stranger, QStringLiteral("t.txt"), "theirs");
        QCOMPARE(theirs.status, 201);
        const qsizetype before = m_api.history(m_customer).size();
        const HttpResult refused
            = sendWith({ text(attachmentOf(theirs), "id") }, QStringLiteral("x"));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
            QStringLiteral("attachments"));
        QCOMPARE(sendWith({ QStringLiteral("no-such-id") }, QStringLiteral("x")).status, 400);
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/chat/message"),
                         toJson({ { QStringLiteral("sessionId"), m_customer.id },
                             { QStringLiteral("message"), QStringLiteral("x") },
                             { QStringLiteral("attachments"), QStringLiteral("nope") } }),
                         m_customer.token)
                     .status,
            400);
        QCOMPARE(m_api.history(m_customer).size(), before);
        // Without a file, an empty message is refused as before.
        QCOMPARE(sendWith({}, QString()).status, 400);
    }

    void anAgentRepliesWithAFile()
    {
        QCOMPARE(m_api
                     .post(QStringLiteral("/api/agent/sessions/%1/claim").arg(m_customer.id), {},
                         m_agent)
                     .status,
            200);
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("filename"), QStringLiteral("steps.png"));
        const HttpResult uploaded = m_api.send("POST",
            QStringLiteral("/api/agent/sessions/%1/attachments?").arg(m_customer.id)
                + query.toString(QUrl::FullyEncoded),
            encodedImage(gradientImage(50, 40), "png"), m_agent);
        QCOMPARE(uploaded.status, 201);
        const QString id = text(attachmentOf(uploaded), "id");
        QCOMPARE(
            text(attachmentOf(uploaded), "url"), QStringLiteral("/api/agent/attachments/") + id);
        const HttpResult replied
            = m_api.post(QStringLiteral("/api/agent/sessions/%1/reply").arg(m_customer.id),
                toJson({ { QStringLiteral("message"), QStringLiteral("Follow these steps") },
                    { QStringLiteral("attachments"), QJsonArray { id } } }),
                m_agent);
        QCOMPARE(replied.status, 200);
        const QJsonObject reply = m_api.history(m_customer).last().toObject();
        QCOMPARE(text(reply, "role"), QStringLiteral("AGENT"));
        const QJsonObject attachment
            = reply.value(QStringLiteral("attachments")).toArray().first().toObject();
        QCOMPARE(text(attachment, "id"), id);
        QVERIFY(text(attachment, "url").contains(QStringLiteral("signature=")));
        QCOMPARE(decoded(m_api.get(text(attachment, "url")).body).size(), QSize(50, 40));
        // An upload to no such session.
        QCOMPARE(
            m_api
                .send("POST", QStringLiteral("/api/agent/sessions/nope/attachments?filename=a"),
                    "text", m_agent)
                .status,
            404);
    }

    void aConversationHasAQuota()
    {
        m_options.attachmentQuotaBytes = 3000;
        startServer();
        QCOMPARE(m_api.uploadAttachment(m_customer, QStringLiteral("a.txt"), QByteArray(2000, 'a'))
                     .status,
            201);
        const HttpResult over
            = m_api.uploadAttachment(m_customer, QStringLiteral("b.txt"), QByteArray(2000, 'b'));
        QCOMPARE(over.status, 413);
        QCOMPARE(errorCode(over), QStringLiteral("attachment_quota"));
        QCOMPARE(storedFiles(), 1);
    }

    void uploadsHaveARateLimitOfTheirOwn()
    {
        QString error;
        m_backend->rateLimits()->setPolicy(
            *RateLimitPolicy::parse(QStringLiteral("message=10/60,attachment=2/60"), &error));
        QCOMPARE(m_api.uploadAttachment(m_customer, QStringLiteral("1.txt"), "1").status, 201);
        QCOMPARE(m_api.uploadAttachment(m_customer, QStringLiteral("2.txt"), "2").status, 201);
        const HttpResult limited = m_api.uploadAttachment(m_customer, QStringLiteral("3.txt"), "3");
        QCOMPARE(limited.status, 429);
        QCOMPARE(storedFiles(), 2);
    }

private:
    // ApiTestCase::startServer(), then the agent and a new customer.
    void startServer()
    {
        QVERIFY(ApiTestCase::startServer(m_clock));
        if (m_agent.isEmpty() || !m_backend->store()->agentByUsername(QStringLiteral("ada")))
            m_agent = addAgent(*m_backend->store(), QStringLiteral("ada"), QStringLiteral("Ada"));
        m_customer = m_api.createSession();
        QCOMPARE(m_customer.created.status, 201);
    }

    QString upload(const QString &name, const QByteArray &bytes)
    {
        const HttpResult uploaded = m_api.uploadAttachment(m_customer, name, bytes);
        if (uploaded.status != 201)
            qWarning("upload refused: %s", uploaded.body.constData());
        return text(attachmentOf(uploaded), "id");
    }

    HttpResult sendWith(const QStringList &ids, const QString &message)
    {
        return m_api.post(QStringLiteral("/api/chat/message"),
            toJson({ { QStringLiteral("sessionId"), m_customer.id },
                { QStringLiteral("message"), message },
                { QStringLiteral("attachments"), QJsonArray::fromStringList(ids) } }),
            m_customer.token);
    }

    // The signed link of one of the customer's files, as uploading it answered.
    QString fileUrl(const QString &id)
    {
        if (sendWith({ id }, QStringLiteral("file")).status != 200)
            return {};
        for (const QJsonValue &message : m_api.history(m_customer)) {
            for (const QJsonValue &a :
                message.toObject().value(QStringLiteral("attachments")).toArray()) {
                if (text(a.toObject(), "id") == id)
                    return text(a.toObject(), "url");
            }
        }
        return {};
    }

    // Files the store holds for the customer's session.
    qsizetype storedFiles()
    {
        return m_backend->store()->attachmentsOfSession(m_customer.id).size();
    }

    std::shared_ptr<ManualClock> m_clock;
    QByteArray m_agent;
    CustomerSession m_customer;
};

QTEST_GUILESS_MAIN(TestAttachments)
#include "tst_attachments.moc"
