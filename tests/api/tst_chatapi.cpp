// SPDX-License-Identifier: GPL-3.0-or-later
// The customer chat API over real HTTP on loopback, against an in-process backend, on
// SQLite and on PostgreSQL (every test runs once per database).

#include "apiclient.h"
#include "eventstreamclient.h"
#include "hostilestrings.h"
#include "live/livehub.h"
#include "manualclock.h"
#include "security/ratelimiter.h"
#include "security/sanitizer.h"
#include "security/tokens.h"
#include "server/backend.h"
#include "store/ratelimits.h"
#include "store/store.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QByteArray IdentitySecret = QByteArrayLiteral("host-site-secret");

// A client that sends its request and then reads nothing: a socket with a tiny receive
// buffer (set before connecting, so the window it announces stays small), so what the
// server writes stays in the server's memory. peek() looks at what arrived without taking it.
class NonReadingClient final
{
public:
    NonReadingClient(quint16 port, const QByteArray &request)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int tiny = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &tiny, sizeof tiny);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0)
            qFatal("cannot connect to port %d", port);
        sockaddr_in local {};
        socklen_t length = sizeof local;
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&local), &length);
        m_localPort = ntohs(local.sin_port);
        if (::send(m_fd, request.constData(), size_t(request.size()), 0) != request.size())
            qFatal("cannot send the request");
    }
    ~NonReadingClient()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Q_DISABLE_COPY_MOVE(NonReadingClient)

    quint16 localPort() const { return m_localPort; }
    QByteArray peek() const
    {
        QByteArray buffer(4096, Qt::Uninitialized);
        const ssize_t got
            = ::recv(m_fd, buffer.data(), size_t(buffer.size()), MSG_PEEK | MSG_DONTWAIT);
        return got > 0 ? buffer.left(got) : QByteArray();
    }
    // From now on it reads: a QTcpSocket takes the connection over.
    QTcpSocket *startReading(QObject *parent)
    {
        const int roomy = 1024 * 1024;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &roomy, sizeof roomy);
        auto *socket = new QTcpSocket(parent);
        socket->setSocketDescriptor(m_fd);
        m_fd = -1;
        return socket;
    }

private:
    int m_fd = -1;
    quint16 m_localPort = 0;
};

} // namespace

class TestChatApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }
    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        ServerOptions options = m_databases.serverOptions(dialect);
        options.identitySecret = IdentitySecret;
        options.corsOrigins = { QStringLiteral("https://shop.example") };
        m_clock = std::make_shared<ManualClock>();
        m_options = options;
        m_backend = startBackend(options, m_clock);
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
    }
    void cleanup() { m_backend.reset(); }

    void createsASessionWithAWelcomeMessage()
    {
        const HttpResult result = post(QStringLiteral("/api/chat/create-session"), "{}");
        QCOMPARE(result.status, 201);
        QCOMPARE(result.header("Content-Type"), QByteArrayLiteral("application/json"));
        QCOMPARE(result.header("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        const QJsonObject body = result.json();
        QVERIFY(!body.value(QStringLiteral("sessionId")).toString().isEmpty());
        QCOMPARE(body.value(QStringLiteral("sessionToken")).toString().size(), 43); // 256 bits
        const QJsonObject session = body.value(QStringLiteral("session")).toObject();
        QCOMPARE(session.value(QStringLiteral("status")).toString(), QStringLiteral("ACTIVE"));
        QCOMPARE(session.value(QStringLiteral("locale")).toString(), QStringLiteral("en"));
        const QJsonArray messages = body.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 1);
        const QJsonObject welcome = messages.at(0).toObject();
        QCOMPARE(welcome.value(QStringLiteral("role")).toString(), QStringLiteral("ASSISTANT"));
        QCOMPARE(welcome.value(QStringLiteral("seq")).toInt(), 1);
        QVERIFY(
            welcome.value(QStringLiteral("content")).toString().startsWith(QLatin1String("Hello")));
        QCOMPARE(welcome.value(QStringLiteral("createdAt")).toString(),
            QStringLiteral("2026-11-24T09:30:00.125Z"));

        // The token is stored hashed, never as such.
        const auto stored
            = m_backend->store()->session(body.value(QStringLiteral("sessionId")).toString());
        QCOMPARE(stored->tokenHash,
            tokens::hashToken(body.value(QStringLiteral("sessionToken")).toString()));
        QCOMPARE(m_backend->store()->usage(QStringLiteral("session:") + stored->id)->sessions, 1);
    }

    void welcomesInTheSessionsLocale()
    {
        const HttpResult result = post(QStringLiteral("/api/chat/create-session"),
            toJson({ { QStringLiteral("name"), QStringLiteral("Camille") },
                { QStringLiteral("locale"), QStringLiteral("fr") } }));
        QCOMPARE(result.status, 201);
        const QString welcome = result.json()
                                    .value(QStringLiteral("messages"))
                                    .toArray()
                                    .at(0)
                                    .toObject()
                                    .value(QStringLiteral("content"))
                                    .toString();
        QVERIFY2(welcome.startsWith(QLatin1String("Bonjour")), qPrintable(welcome));
        QCOMPARE(result.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("name"))
                     .toString(),
            QStringLiteral("Camille"));
    }

    void verifiesUsersVouchedForByTheHostSite()
    {
        const QString hash = tokens::identityHash(IdentitySecret, QStringLiteral("user-42"));
        HttpResult ok = post(QStringLiteral("/api/chat/create-session"),
            toJson({ { QStringLiteral("userId"), QStringLiteral("user-42") },
                { QStringLiteral("userHash"), hash } }));
        QCOMPARE(ok.status, 201);
        QCOMPARE(ok.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("verified"))
                     .toBool(),
            true);
        QCOMPARE(m_backend->store()->usage(QStringLiteral("user:user-42"))->sessions, 1);

        const HttpResult wrong = post(QStringLiteral("/api/chat/create-session"),
            toJson({ { QStringLiteral("userId"), QStringLiteral("user-43") },
                { QStringLiteral("userHash"), hash } }));
        QCOMPARE(wrong.status, 401);
        QCOMPARE(errorCode(wrong), QStringLiteral("unauthorized"));
        const HttpResult half = post(QStringLiteral("/api/chat/create-session"),
            toJson({ { QStringLiteral("userId"), QStringLiteral("user-42") } }));
        QCOMPARE(half.status, 400);
        QVERIFY2(
            errorMessage(half).contains(QLatin1String("userHash")), qPrintable(errorMessage(half)));
    }

    void holdsAConversationWithTheMockAssistant()
    {
        const CustomerSession s = createSession();
        const HttpResult sent
            = sendMessage(s, QStringLiteral("I forgot my password"), QStringLiteral("c-1"));
        QCOMPARE(sent.status, 200);
        const QJsonObject user = sent.json().value(QStringLiteral("userMessage")).toObject();
        QCOMPARE(user.value(QStringLiteral("role")).toString(), QStringLiteral("USER"));
        QCOMPARE(user.value(QStringLiteral("seq")).toInt(), 2);
        QCOMPARE(user.value(QStringLiteral("clientMessageId")).toString(), QStringLiteral("c-1"));
        QCOMPARE(user.value(QStringLiteral("content")).toString(),
            QStringLiteral("I forgot my password"));
        QVERIFY(!user.contains(QStringLiteral("sanitized")));
        const QJsonObject reply = sent.json().value(QStringLiteral("reply")).toObject();
        QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("ASSISTANT"));
        QCOMPARE(reply.value(QStringLiteral("seq")).toInt(), 3);
        QVERIFY(
            reply.value(QStringLiteral("content")).toString().contains(QLatin1String("password")));
        QVERIFY(!reply.contains(QStringLiteral("clientMessageId")));

        HttpResult history = getHistory(s, QStringLiteral(""));
        QCOMPARE(history.status, 200);
        QCOMPARE(history.json().value(QStringLiteral("messages")).toArray().size(), 3);
        QCOMPARE(history.json().value(QStringLiteral("hasMore")).toBool(), false);
        QCOMPARE(history.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("ACTIVE"));

        // A poller asks only for what is new.
        history = getHistory(s, QStringLiteral("&after=2"));
        const QJsonArray newer = history.json().value(QStringLiteral("messages")).toArray();
        QCOMPARE(newer.size(), 1);
        QCOMPARE(newer.at(0).toObject().value(QStringLiteral("seq")).toInt(), 3);
        QCOMPARE(getHistory(s, QStringLiteral("&after=3"))
                     .json()
                     .value(QStringLiteral("messages"))
                     .toArray()
                     .size(),
            0);
        history = getHistory(s, QStringLiteral("&limit=2"));
        QCOMPARE(history.json().value(QStringLiteral("messages")).toArray().size(), 2);
        QCOMPARE(history.json().value(QStringLiteral("hasMore")).toBool(), true);

        const auto usage = m_backend->store()->usage(QStringLiteral("session:") + s.id);
        QCOMPARE(usage->messagesSent, 1);
        QCOMPARE(usage->assistantReplies, 1);
    }

    void storesARetryOnceAndAnswersItOnce()
    {
        const CustomerSession s = createSession();
        const HttpResult first
            = sendMessage(s, QStringLiteral("refund please"), QStringLiteral("retry-1"));
        const HttpResult again
            = sendMessage(s, QStringLiteral("refund please"), QStringLiteral("retry-1"));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("userMessage")).toObject(),
            first.json().value(QStringLiteral("userMessage")).toObject());
        QCOMPARE(again.json().value(QStringLiteral("reply")).toObject(),
            first.json().value(QStringLiteral("reply")).toObject());
        QCOMPARE(
            getHistory(s, QString()).json().value(QStringLiteral("messages")).toArray().size(), 3);
        QCOMPARE(m_backend->store()->usage(QStringLiteral("session:") + s.id)->messagesSent, 1);
    }

    void marksSanitizedMessages()
    {
        const CustomerSession s = createSession();
        const HttpResult sent
            = sendMessage(s, QStringLiteral("  hello\u202E there\r\n\r\n\r\n\r\nbye  "), QString());
        QCOMPARE(sent.status, 200);
        const QJsonObject user = sent.json().value(QStringLiteral("userMessage")).toObject();
        QCOMPARE(
            user.value(QStringLiteral("content")).toString(), QStringLiteral("hello there\n\nbye"));
        QCOMPARE(user.value(QStringLiteral("sanitized")).toBool(), true);
        // Markup is text: stored and returned exactly as typed.
        const QString markup = QStringLiteral("<img src=x onerror=alert(1)> & <b>bold</b>");
        const HttpResult html = sendMessage(s, markup, QString());
        QCOMPARE(html.json()
                     .value(QStringLiteral("userMessage"))
                     .toObject()
                     .value(QStringLiteral("content"))
                     .toString(),
            markup);
    }

    void answersEveryErrorWithItsCode_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("mentions");
        QTest::addColumn<QString>("field"); // named in "field", when the error is about one
        const QByteArray json = QByteArrayLiteral("application/json");
        QTest::newRow("invalid json")
            << "/api/chat/message" << QByteArray("POST") << json << QByteArray("{\"sessionId\":")
            << true << 400 << "invalid_json"
            << "not valid JSON"
            << "";
        QTest::newRow("json array") << "/api/chat/message" << QByteArray("POST") << json
                                    << QByteArray("[1,2]") << true << 400 << "invalid_json"
                                    << "JSON object"
                                    << "";
        QTest::newRow("missing message")
            << "/api/chat/message" << QByteArray("POST") << json
            << QByteArray("{\"sessionId\":\"$ID\"}") << true << 400 << "invalid_request"
            << "\"message\""
            << "message";
        QTest::newRow("message not a string")
            << "/api/chat/message" << QByteArray("POST") << json
            << QByteArray("{\"sessionId\":\"$ID\",\"message\":42}") << true << 400
            << "invalid_request"
            << "\"message\""
            << "message";
        QTest::newRow("empty after cleaning")
            << "/api/chat/message" << QByteArray("POST") << json
            << QByteArray("{\"sessionId\":\"$ID\",\"message\":\" \\u0000 \\u202e \"}") << true
            << 400 << "invalid_request"
            << "The message is empty after removing invisible characters; type some text."
            << "message";
        QTest::newRow("too long") << "/api/chat/message" << QByteArray("POST") << json
                                  << (QByteArray("{\"sessionId\":\"$ID\",\"message\":\"")
                                         + QByteArray(2001, 'a') + "\"}")
                                  << true << 400 << "invalid_request"
                                  << "2000"
                                  << "message";
        QTest::newRow("bad client id")
            << "/api/chat/message" << QByteArray("POST") << json
            << QByteArray(
                   "{\"sessionId\":\"$ID\",\"message\":\"hi\",\"clientMessageId\":\"has space\"}")
            << true << 400 << "invalid_request"
            << "clientMessageId"
            << "clientMessageId";
        // The server files the assistant's answer to message 1 under this id.
        QTest::newRow("reply marker as client id")
            << "/api/chat/message" << QByteArray("POST") << json
            << QByteArray(
                   "{\"sessionId\":\"$ID\",\"message\":\"hi\",\"clientMessageId\":\"reply-to:1\"}")
            << true << 400 << "invalid_request"
            << "clientMessageId"
            << "clientMessageId";
        QTest::newRow("form body")
            << "/api/chat/message" << QByteArray("POST")
            << QByteArray("application/x-www-form-urlencoded") << QByteArray("message=hi") << true
            << 415 << "unsupported_media_type"
            << "application/json"
            << "";
        QTest::newRow("no token") << "/api/chat/message" << QByteArray("POST") << json
                                  << QByteArray("{\"sessionId\":\"$ID\",\"message\":\"hi\"}")
                                  << false << 401 << "unauthorized"
                                  << "Bearer"
                                  << "";
        QTest::newRow("history without token")
            << "/api/chat/history?sessionId=$ID" << QByteArray("GET") << QByteArray()
            << QByteArray() << false << 401 << "unauthorized"
            << "token"
            << "";
        QTest::newRow("unknown session")
            << "/api/chat/message" << QByteArray("POST") << json
            << QByteArray("{\"sessionId\":\"nope\",\"message\":\"hi\"}") << true << 401
            << "unauthorized"
            << "token"
            << "";
        QTest::newRow("bad after")
            << "/api/chat/history?sessionId=$ID&after=-1" << QByteArray("GET") << QByteArray()
            << QByteArray() << true << 400 << "invalid_request"
            << "after"
            << "after";
        QTest::newRow("bad limit")
            << "/api/chat/history?sessionId=$ID&limit=1000" << QByteArray("GET") << QByteArray()
            << QByteArray() << true << 400 << "invalid_request"
            << "limit"
            << "limit";
        QTest::newRow("unknown route") << "/api/chat/nothing" << QByteArray("GET") << QByteArray()
                                       << QByteArray() << true << 404 << "not_found"
                                       << "docs/API.md"
                                       << "";
        QTest::newRow("wrong method") << "/api/chat/message" << QByteArray("GET") << QByteArray()
                                      << QByteArray() << true << 405 << "method_not_allowed"
                                      << "POST"
                                      << "";
    }
    void answersEveryErrorWithItsCode()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(bool, withToken);
        const CustomerSession s = createSession();
        QHash<QByteArray, QByteArray> headers;
        if (!contentType.isEmpty())
            headers.insert("Content-Type", contentType);
        if (withToken)
            headers.insert("Authorization", "Bearer " + s.token);
        const QUrl url(m_backend->url() + QString(path).replace(QLatin1String("$ID"), s.id));
        body.replace("$ID", s.id.toLatin1());
        const HttpResult result = method == "GET" ? m_api.http().get(url, headers)
                                                  : m_api.http().post(url, body, headers);
        QTEST(result.status, "status");
        QTEST(errorCode(result), "code");
        QFETCH(QString, mentions);
        QVERIFY2(errorMessage(result).contains(mentions), qPrintable(errorMessage(result)));
        QFETCH(QString, field);
        QCOMPARE(result.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("field"))
                     .toString(),
            field);
        QCOMPARE(result.header("Content-Type"), QByteArrayLiteral("application/json"));
        QCOMPARE(result.header("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        // Rate-limited routes say where the client stands on every answer, errors included.
        if (path.startsWith(QLatin1String("/api/chat/message"))
            || path.startsWith(QLatin1String("/api/chat/history")))
            QVERIFY(!result.header("RateLimit-Limit").isEmpty());
        // Nothing was stored by a refused request.
        QCOMPARE(m_backend->store()->session(s.id)->lastSeq, 1);
    }

    // The chat page shows the message as it comes: a refused text is told in the sanitizer's
    // words, written for whoever typed it, and the field is named apart.
    void tellsARefusedTextInWordsForWhoeverTypedIt()
    {
        const CustomerSession s = createSession();
        const QString invisible = QStringLiteral("\u202e\u2066\u2069");
        const HttpResult result = sendMessage(s, invisible, QString());
        QCOMPARE(result.status, 400);
        QCOMPARE(errorCode(result), QStringLiteral("invalid_request"));
        QCOMPARE(errorMessage(result), Sanitizer().clean(invisible).error);
        QCOMPARE(
            result.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("field")),
            QJsonValue(QStringLiteral("message")));
    }

    // ...and in the language of the conversation, whatever the server's: a French customer
    // reads French, an English one English, plural forms included.
    void tellsARefusedTextInTheLanguageOfTheConversation()
    {
        const CustomerSession french
            = m_api.createSession({ { QStringLiteral("locale"), QStringLiteral("fr-FR") } });
        QCOMPARE(french.created.status, 201);
        const HttpResult empty = sendMessage(french, QStringLiteral("\u202e\u2066"), QString());
        QCOMPARE(empty.status, 400);
        QCOMPARE(errorMessage(empty),
            QStringLiteral("Le message est vide une fois les caractères invisibles retirés ; "
                           "écrivez du texte."));
        const HttpResult tooLong = sendMessage(french, QString(2001, QLatin1Char('a')), QString());
        QCOMPARE(tooLong.status, 400);
        QVERIFY2(errorMessage(tooLong).contains(QStringLiteral("2000 caractères")),
            qPrintable(errorMessage(tooLong)));
        const CustomerSession english
            = m_api.createSession({ { QStringLiteral("locale"), QStringLiteral("en-GB") } });
        const HttpResult englishEmpty
            = sendMessage(english, QStringLiteral("\u202e\u2066"), QString());
        QCOMPARE(errorMessage(englishEmpty),
            QStringLiteral(
                "The message is empty after removing invisible characters; type some text."));
        const HttpResult englishTooLong
            = sendMessage(english, QString(2001, QLatin1Char('a')), QString());
        QVERIFY2(errorMessage(englishTooLong).contains(QStringLiteral("2000 characters")),
            qPrintable(errorMessage(englishTooLong)));
    }

    void refusesAnotherSessionsToken()
    {
        const CustomerSession mine = createSession();
        const CustomerSession theirs = createSession();
        const HttpResult result
            = m_api.get(QStringLiteral("/api/chat/history?sessionId=") + theirs.id, mine.token);
        QCOMPARE(result.status, 401);
    }

    void refusesMessagesToAClosedSession()
    {
        const CustomerSession s = createSession();
        QVERIFY(m_backend->store()->setSessionStatus(s.id, SessionStatus::Closed, QString()));
        // Announced as every change of a session is: the server judges from what it knows.
        Q_EMIT m_backend->findChild<LiveHub *>()->sessionChanged(
            *m_backend->store()->session(s.id));
        const HttpResult result = sendMessage(s, QStringLiteral("hello?"), QString());
        QCOMPARE(result.status, 409);
        QCOMPARE(errorCode(result), QStringLiteral("session_closed"));
    }

    void limitsMessagesAndFreesTheLimitAsTheWindowSlides()
    {
        const CustomerSession s = createSession();
        for (int i = 1; i <= 10; ++i) {
            const HttpResult ok = sendMessage(s, QStringLiteral("message %1").arg(i), QString());
            QCOMPARE(ok.status, 200);
            QCOMPARE(ok.header("RateLimit-Limit"), QByteArrayLiteral("10"));
            QCOMPARE(ok.header("RateLimit-Remaining"), QByteArray::number(10 - i));
            QVERIFY(!ok.header("RateLimit-Reset").isEmpty());
            m_clock->advance(1000);
        }
        const HttpResult refused = sendMessage(s, QStringLiteral("one too many"), QString());
        QCOMPARE(refused.status, 429);
        QCOMPARE(errorCode(refused), QStringLiteral("rate_limited"));
        QCOMPARE(refused.header("Retry-After"), QByteArrayLiteral("50"));
        QCOMPARE(refused.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("retryAfterSeconds"))
                     .toInt(),
            50);
        QCOMPARE(refused.header("RateLimit-Remaining"), QByteArrayLiteral("0"));

        // Recorded for agents (within a second: refusals are written together), and counted in
        // the user's stats; nothing stored.
        QTRY_COMPARE(m_backend->store()->rateLimitHits({}).size(), 1);
        const auto hits = m_backend->store()->rateLimitHits({});
        QCOMPARE(hits.size(), 1);
        QCOMPARE(hits.first().route, QStringLiteral("message"));
        QCOMPARE(hits.first().sessionId, s.id);
        QCOMPARE(m_backend->store()->usage(QStringLiteral("session:") + s.id)->rateLimited, 1);
        QCOMPARE(m_backend->store()->session(s.id)->lastSeq, 21);

        m_clock->advance(50 * 1000); // the first message leaves the window
        QCOMPARE(sendMessage(s, QStringLiteral("back again"), QString()).status, 200);
        QCOMPARE(sendMessage(s, QStringLiteral("and again"), QString()).status, 429);
    }

    void limitsMessagesPerSessionUnderAnAddressCeiling()
    {
        // Three messages a minute per session, five per address: a spammer sharing the
        // customer's address (a NAT, an office) uses up its own budget, not the customer's.
        QString error;
        m_backend->rateLimits()->setPolicy(
            *RateLimitPolicy::parse(QStringLiteral("message=3/60,message-ip=5/60"), &error));
        const CustomerSession spammer = createSession();
        const CustomerSession customer = createSession();
        for (int i = 0; i < 3; ++i)
            QCOMPARE(sendMessage(spammer, QStringLiteral("spam %1").arg(i), QString()).status, 200);
        QCOMPARE(sendMessage(spammer, QStringLiteral("more spam"), QString()).status, 429);
        const HttpResult served
            = sendMessage(customer, QStringLiteral("where is my parcel?"), QString());
        QCOMPARE(served.status, 200);
        QCOMPARE(served.header("RateLimit-Limit"),
            QByteArrayLiteral("5")); // the address's budget is the tighter now
        QCOMPARE(served.header("RateLimit-Remaining"), QByteArrayLiteral("1"));

        // New sessions do not escape the address's ceiling.
        const CustomerSession another = createSession();
        QCOMPARE(sendMessage(another, QStringLiteral("hi"), QString()).status, 200);
        const CustomerSession yetAnother = createSession();
        const HttpResult ceiling = sendMessage(yetAnother, QStringLiteral("hi"), QString());
        QCOMPARE(ceiling.status, 429);
        QCOMPARE(ceiling.header("RateLimit-Limit"), QByteArrayLiteral("5"));
        QVERIFY2(errorMessage(ceiling).contains(QLatin1String("at most 5 per 60 second")),
            qPrintable(errorMessage(ceiling)));
        // A refusal uses up nothing: the spammer's refused messages took none of the address's
        // slots.
        QTRY_COMPARE(m_backend->store()->rateLimitHits({}).size(), 2);
        QCOMPARE(m_backend->store()->rateLimitHits({}).first().keyKind, QStringLiteral("ip"));
        QCOMPARE(m_backend->store()->rateLimitHits({}).last().keyKind, QStringLiteral("session"));
    }

    void limitsHistoryPolling()
    {
        const CustomerSession s = createSession();
        for (int i = 0; i < 100; ++i)
            QCOMPARE(getHistory(s, QStringLiteral("&after=1")).status, 200);
        const HttpResult refused = getHistory(s, QStringLiteral("&after=1"));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.header("Retry-After"), QByteArrayLiteral("60"));
    }

    void limitsSessionCreationPerAddress()
    {
        for (int i = 0; i < 20; ++i)
            QCOMPARE(post(QStringLiteral("/api/chat/create-session"), "{}").status, 201);
        const HttpResult refused = post(QStringLiteral("/api/chat/create-session"), "{}");
        QCOMPARE(refused.status, 429);
        QTRY_COMPARE(m_backend->store()->rateLimitHits({}).size(), 1);
        QCOMPARE(m_backend->store()->rateLimitHits({}).first().keyKind, QStringLiteral("ip"));
    }

    void handsTheSessionToAHuman()
    {
        // An agent is online: a human can answer, so the assistant stays silent (with nobody
        // there it goes on helping: tst_honest).
        const QByteArray agent
            = addAgent(*m_backend->store(), QStringLiteral("marie"), QStringLiteral("Marie"));
        EventStreamClient console;
        console.open(m_api.url(QStringLiteral("/api/agent/events")),
            { { "Authorization", "Bearer " + agent } });
        QVERIFY(console.waitFor("hello", 1));
        QTRY_VERIFY(m_api.get(QStringLiteral("/api/chat/availability"))
                        .json()
                        .value(QStringLiteral("availability"))
                        .toObject()
                        .value(QStringLiteral("humanNow"))
                        .toBool());
        const CustomerSession s = createSession();
        const HttpResult handoff = m_api.post(QStringLiteral("/api/chat/handoff"),
            toJson({ { QStringLiteral("sessionId"), s.id } }), s.token);
        QCOMPARE(handoff.status, 200);
        QCOMPARE(handoff.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("WAITING"));
        const HttpResult sent = sendMessage(s, QStringLiteral("hello? anyone?"), QString());
        QCOMPARE(sent.status, 200);
        QVERIFY(sent.json().value(QStringLiteral("reply")).isNull());
        const QJsonArray messages
            = getHistory(s, QString()).json().value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 3); // welcome, system notice, the customer's message
        QCOMPARE(messages.at(1).toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("SYSTEM"));
        QCOMPARE(messages.at(2).toObject().value(QStringLiteral("role")).toString(),
            QStringLiteral("USER"));
    }

    void streamsEventsAndResumesFromTheLastId()
    {
        const CustomerSession s = createSession();
        EventStreamClient stream;
        stream.open(eventsUrl(s, QString()), bearer(s));
        QVERIFY(stream.waitFor("message", 1));
        QCOMPARE(stream.status(), 200);
        QVERIFY(stream.header("Content-Type").startsWith("text/event-stream"));
        QCOMPARE(stream.events("status").size(), 1);
        QCOMPARE(stream.events("message").first().id, QByteArrayLiteral("1"));

        QCOMPARE(sendMessage(s, QStringLiteral("bug report"), QString()).status, 200);
        QVERIFY(stream.waitFor("message", 3));
        const auto events = stream.events("message");
        QCOMPARE(events.at(1).id, QByteArrayLiteral("2"));
        QCOMPARE(events.at(2).id, QByteArrayLiteral("3"));
        QCOMPARE(QJsonDocument::fromJson(events.at(1).data)
                     .object()
                     .value(QStringLiteral("content"))
                     .toString(),
            QStringLiteral("bug report"));

        // A status change arrives as its own event.
        m_api.post(QStringLiteral("/api/chat/handoff"),
            toJson({ { QStringLiteral("sessionId"), s.id } }), s.token);
        QVERIFY(stream.waitFor("status", 2));
        QCOMPARE(QJsonDocument::fromJson(stream.events("status").last().data)
                     .object()
                     .value(QStringLiteral("status"))
                     .toString(),
            QStringLiteral("WAITING"));
        stream.close();

        // Resuming with Last-Event-ID gives exactly what came after it.
        EventStreamClient resumed;
        QHash<QByteArray, QByteArray> resuming = bearer(s);
        resuming.insert("Last-Event-ID", "2");
        resumed.open(eventsUrl(s, QString()), resuming);
        QVERIFY(resumed.waitFor("message", 2)); // seq 3 and the system notice (seq 4)
        QVERIFY(!resumed.waitFor("message", 3, 300));
        QCOMPARE(resumed.events("message").first().id, QByteArrayLiteral("3"));
        QCOMPARE(resumed.events("message").last().id, QByteArrayLiteral("4"));

        EventStreamClient after;
        after.open(eventsUrl(s, QStringLiteral("&after=3")), bearer(s));
        QVERIFY(after.waitFor("message", 1));
        QVERIFY(!after.waitFor("message", 2, 300));
        QCOMPARE(after.events("message").first().id, QByteArrayLiteral("4"));

        EventStreamClient refused;
        refused.open(QUrl(m_backend->url() + QStringLiteral("/api/chat/events?sessionId=") + s.id),
            { { "Authorization", "Bearer wrong" } });
        QTRY_VERIFY(refused.isFinished());
        QCOMPARE(refused.status(), 401);
    }

    void refusesSessionTokensInUrls_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("history") << "/api/chat/history?sessionId=$ID&token=$TOKEN";
        QTest::newRow("events") << "/api/chat/events?sessionId=$ID&token=$TOKEN";
        // Even beside a good header: the token is in a log already, the client must change.
        QTest::newRow("events with the header too")
            << "/api/chat/events?sessionId=$ID&token=$TOKEN&header=1";
    }
    void refusesSessionTokensInUrls()
    {
        QFETCH(QString, path);
        const CustomerSession s = createSession();
        const QUrl url(m_backend->url()
            + path.replace(QLatin1String("$ID"), s.id)
                  .replace(QLatin1String("$TOKEN"), QString::fromLatin1(s.token)));
        QHash<QByteArray, QByteArray> headers;
        if (path.contains(QLatin1String("header=1")))
            headers.insert("Authorization", "Bearer " + s.token);
        EventStreamClient client; // reads a stream as well as an ordinary answer
        client.open(url, headers);
        QTRY_VERIFY(client.isFinished() || client.waitFor("status", 1, 200));
        QCOMPARE(client.status(), 401);
        QVERIFY(client.isFinished());
        // And an ordinary client reads why.
        const HttpResult result = m_api.http().get(url, headers);
        QCOMPARE(result.status, 401);
        QCOMPARE(errorCode(result), QStringLiteral("unauthorized"));
        QVERIFY2(errorMessage(result).contains(QLatin1String("Authorization: Bearer")),
            qPrintable(errorMessage(result)));
        QVERIFY2(errorMessage(result).contains(QLatin1String("/api/chat/events/ticket")),
            qPrintable(errorMessage(result)));
    }

    void opensAStreamWithASingleUseShortLivedTicket()
    {
        const CustomerSession s = createSession();
        const CustomerSession other = createSession();
        const HttpResult issued = m_api.post(QStringLiteral("/api/chat/events/ticket"),
            toJson({ { QStringLiteral("sessionId"), s.id } }), s.token);
        QCOMPARE(issued.status, 200);
        const QString ticket = issued.json().value(QStringLiteral("ticket")).toString();
        QVERIFY(ticket.size() >= 43);
        QCOMPARE(issued.json().value(QStringLiteral("expiresInSeconds")).toInt(), 60);

        // Not for another session, and not without the session's own token.
        EventStreamClient wrongSession;
        wrongSession.open(ticketUrl(other, ticket));
        QTRY_VERIFY(wrongSession.isFinished());
        QCOMPARE(wrongSession.status(), 401);
        const HttpResult anonymous = m_api.post(QStringLiteral("/api/chat/events/ticket"),
            toJson({ { QStringLiteral("sessionId"), s.id } }));
        QCOMPARE(anonymous.status, 401);

        EventStreamClient stream;
        stream.open(ticketUrl(s, ticket));
        QVERIFY(stream.waitFor("message", 1));
        QCOMPARE(stream.status(), 200);

        // Once only.
        const HttpResult again = m_api.http().get(ticketUrl(s, ticket));
        QCOMPARE(again.status, 401);
        QVERIFY2(errorMessage(again).contains(QLatin1String("POST /api/chat/events/ticket")),
            qPrintable(errorMessage(again)));

        // And for a minute only.
        const QString late = issueTicket(s);
        QVERIFY(!late.isEmpty());
        m_clock->advance(61 * 1000);
        QCOMPARE(m_api.http().get(ticketUrl(s, late)).status, 401);
        const QString inTime = issueTicket(s);
        QVERIFY(!inTime.isEmpty());
        m_clock->advance(59 * 1000);
        EventStreamClient justInTime;
        justInTime.open(ticketUrl(s, inTime));
        QVERIFY(justInTime.waitFor("message", 1));
        QCOMPARE(justInTime.status(), 200);
    }

    void acceptsATicketOnAnyNodeOfTheDatabaseOnce()
    {
        // A reconnect behind a load balancer may reach another node: the ticket is in the
        // database they share, and taking it there uses it up here too.
        Backend otherNode(m_options, m_clock); // the same database
        QVERIFY2(otherNode.start(), qPrintable(otherNode.errorString()));
        const CustomerSession s = createSession();
        const QString ticket = issueTicket(s);
        QVERIFY(!ticket.isEmpty());
        EventStreamClient there;
        there.open(QUrl(otherNode.url() + QStringLiteral("/api/chat/events?sessionId=") + s.id
            + QStringLiteral("&ticket=") + ticket));
        QVERIFY2(there.waitFor("message", 1), qPrintable(QString::number(there.status())));
        QCOMPARE(there.status(), 200);
        QCOMPARE(m_api.http().get(ticketUrl(s, ticket)).status, 401);
    }

    void capsStreamsPerSessionAndPerAddress()
    {
        // Defaults: 5 per session, 20 per address.
        QList<CustomerSession> sessions;
        for (int i = 0; i < 5; ++i)
            sessions.append(createSession());
        std::vector<std::unique_ptr<EventStreamClient>> open;
        const auto openStream = [&](const CustomerSession &s) {
            open.push_back(std::make_unique<EventStreamClient>());
            open.back()->open(
                eventsUrl(s, QString()), { { "Authorization", "Bearer " + s.token } });
            return open.back().get();
        };
        for (int i = 0; i < 5; ++i)
            QVERIFY(openStream(sessions[0])->waitFor("status", 1));
        QCOMPARE(streamStatus(sessions[0]), 429);
        const HttpResult sixth = m_api.http().get(eventsUrl(sessions[0], QString()),
            { { "Authorization", "Bearer " + sessions[0].token } });
        QCOMPARE(sixth.status, 429);
        QCOMPARE(errorCode(sixth), QStringLiteral("too_many_streams"));
        QCOMPARE(sixth.header("Retry-After"), QByteArrayLiteral("10"));
        QVERIFY2(errorMessage(sixth).contains(QLatin1String("close the other tabs")),
            qPrintable(errorMessage(sixth)));

        // Another customer on the same address is not refused for that one's tabs...
        for (int i = 1; i < 4; ++i) {
            for (int j = 0; j < 5; ++j)
                QVERIFY(openStream(sessions[i])->waitFor("status", 1));
        }
        // ...until the address holds 20.
        QCOMPARE(streamStatus(sessions[4]), 429);
        const HttpResult crowded = m_api.http().get(eventsUrl(sessions[4], QString()),
            { { "Authorization", "Bearer " + sessions[4].token } });
        QCOMPARE(crowded.status, 429);
        QCOMPARE(errorCode(crowded), QStringLiteral("too_many_streams"));
        QVERIFY2(errorMessage(crowded).contains(QLatin1String("from your address")),
            qPrintable(errorMessage(crowded)));

        // A closed stream gives its place back.
        open.front()->close();
        open.erase(open.begin());
        QVERIFY(QTest::qWaitFor([&] { return streamStatus(sessions[4]) == 200; }, 10000));
    }

    void replaysAPageAtATimeAsTheClientReads()
    {
        // About 4 MB of history, which a client that does not read must not make the server
        // copy into its memory.
        const CustomerSession s = createSession();
        appendLongMessages(s, 2000);
        const qint64 last = m_backend->store()->session(s.id)->lastSeq;
        NonReadingClient client(port(),
            "GET /api/chat/events?sessionId=" + s.id.toLatin1()
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.token + "\r\n\r\n");
        QTRY_VERIFY(client.peek().contains("event: message"));
        // Whatever the server does meanwhile with a client that does not read.
        QTest::qWait(500);
        const qint64 held = serverUnsentBytes();
        qInfo("the server holds %lld bytes for a client that does not read", held);
        QVERIFY2(held < 256 * 1024, qPrintable(QString::number(held)));

        // Once it reads, it gets everything, in order, once.
        QTcpSocket *reading = client.startReading(this);
        QByteArray received;
        QObject::connect(
            reading, &QTcpSocket::readyRead, reading, [&] { received += reading->readAll(); });
        const QByteArray lastId = "\nid: " + QByteArray::number(last) + "\n";
        QTRY_VERIFY_WITH_TIMEOUT(received.contains(lastId), 30000);
        qint64 expected = 1;
        for (const QByteArray &line : received.split('\n')) {
            if (line.startsWith("id: "))
                QCOMPARE(line.mid(4).toLongLong(), expected++);
        }
        QCOMPARE(expected, last + 1);
        delete reading;
    }

    void givesThePlaceBackWhenAPausedReplaysClientLeaves()
    {
        // Replays waiting for clients that do not read hold a stream's place, until they go.
        const CustomerSession s = createSession();
        appendLongMessages(s, 300); // more than a stream's room
        std::vector<std::unique_ptr<NonReadingClient>> clients;
        for (int i = 0; i < 5; ++i) {
            clients.push_back(std::make_unique<NonReadingClient>(port(),
                "GET /api/chat/events?sessionId=" + s.id.toLatin1()
                    + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.token + "\r\n\r\n"));
            QTRY_VERIFY(clients.back()->peek().contains("event: message"));
        }
        QCOMPARE(streamStatus(s), 429);
        clients.clear(); // they leave without having read
        QVERIFY(QTest::qWaitFor([&] { return streamStatus(s) == 200; }, 10000));
        QTRY_COMPARE(serverUnsentBytes(), 0); // and nothing is held for them
    }

    void cutsALiveStreamWhoseClientDoesNotRead()
    {
        const CustomerSession s = createSession();
        NonReadingClient client(port(),
            "GET /api/chat/events?sessionId=" + s.id.toLatin1()
                + "&after=1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.token + "\r\n\r\n");
        QTRY_VERIFY(client.peek().contains("event: status"));
        QVERIFY(serverSideOf(client.localPort()));
        // Live once its replay (of nothing) is over: the first message comes as it is announced.
        appendLongMessages(s, 1, true);
        QTRY_VERIFY(client.peek().contains("event: message"));
        // About 6 MB of live messages, announced as the chat service announces them.
        appendLongMessages(s, 3000, true);
        QTRY_VERIFY_WITH_TIMEOUT(!serverSideOf(client.localPort()), 10000);
        // The others are served as ever.
        QCOMPARE(sendMessage(s, QStringLiteral("still here"), QString()).status, 200);
    }

    void answersCorsPreflightsForAllowedOriginsOnly()
    {
        const QUrl url(m_backend->url() + QStringLiteral("/api/chat/message"));
        HttpClient client;
        HttpResult allowed = sendCustom(url, "OPTIONS",
            { { "Origin", "https://shop.example" }, { "Access-Control-Request-Method", "POST" } });
        QCOMPARE(allowed.status, 204);
        QCOMPARE(allowed.header("Access-Control-Allow-Origin"),
            QByteArrayLiteral("https://shop.example"));
        QVERIFY(allowed.header("Access-Control-Allow-Headers").contains("Authorization"));
        HttpResult other = sendCustom(url, "OPTIONS", { { "Origin", "https://evil.example" } });
        QCOMPARE(other.status, 403);
        QVERIFY(other.header("Access-Control-Allow-Origin").isEmpty());
        // An ordinary answer to an allowed origin carries the header, to others it does not.
        const HttpResult created
            = m_api.createSession({}, { { "Origin", "https://shop.example" } }).created;
        QCOMPARE(created.header("Access-Control-Allow-Origin"),
            QByteArrayLiteral("https://shop.example"));
        const HttpResult sameOrigin = post(QStringLiteral("/api/chat/create-session"), "{}");
        QVERIFY(sameOrigin.header("Access-Control-Allow-Origin").isEmpty());
    }

    void believesForwardedAddressesOnlyFromTrustedProxies()
    {
        const Headers forwarded { { "X-Forwarded-For", "203.0.113.9, 198.51.100.7" } };
        // Not configured: the header is the client's word, and is ignored.
        HttpResult created = m_api.createSession({}, forwarded).created;
        QCOMPARE(m_backend->store()
                     ->session(created.json().value(QStringLiteral("sessionId")).toString())
                     ->clientIp,
            QStringLiteral("127.0.0.1"));

        QFETCH_GLOBAL(QString, dialect);
        ServerOptions options = m_databases.serverOptions(dialect);
        QString error;
        options.clientAddress
            = *http::ClientAddress::parse(QStringLiteral("127.0.0.1, 10.0.0.0/8"), &error);
        Backend behindProxy(options, m_clock);
        QVERIFY(behindProxy.start());
        ApiClient viaProxy(behindProxy.url());
        created = viaProxy.createSession({}, forwarded).created;
        // The right-most address its trusted proxy saw: what the client wrote before it is not
        // trusted.
        QCOMPARE(behindProxy.store()
                     ->session(created.json().value(QStringLiteral("sessionId")).toString())
                     ->clientIp,
            QStringLiteral("198.51.100.7"));
    }

    void storesHostileStringsAsTheSanitizerDefines()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(strings)
        m_backend->rateLimits()->setPolicy(RateLimitPolicy::off());
        const CustomerSession s = createSession();
        const Sanitizer sanitizer;
        int stored = 0;
        int rejected = 0;
        for (const QString &text : strings) {
            const HttpResult result = sendMessage(s, text, QString());
            const SanitizedText expected = sanitizer.clean(text);
            if (expected.ok) {
                QCOMPARE(result.status, 200);
                const QJsonObject user
                    = result.json().value(QStringLiteral("userMessage")).toObject();
                QCOMPARE(user.value(QStringLiteral("content")).toString(), expected.text);
                QCOMPARE(user.value(QStringLiteral("sanitized")).toBool(), expected.changed);
                ++stored;
            } else {
                QCOMPARE(result.status, 400);
                QCOMPARE(errorCode(result), QStringLiteral("invalid_request"));
                ++rejected;
            }
        }
        qInfo("%d strings stored, %d rejected", stored, rejected);
        QVERIFY(stored > 400);
        QCOMPARE(m_api.get(QStringLiteral("/healthz")).status, 200);
    }

private:
    HttpResult post(const QString &path, const QByteArray &body) { return m_api.post(path, body); }
    HttpResult sendCustom(
        const QUrl &url, const QByteArray &verb, const QHash<QByteArray, QByteArray> &headers)
    {
        return m_api.http().send(verb, url, {}, headers);
    }
    static QHash<QByteArray, QByteArray> bearer(const CustomerSession &s)
    {
        return { { "Authorization", "Bearer " + s.token } };
    }
    CustomerSession createSession()
    {
        const CustomerSession session = m_api.createSession();
        if (session.created.status != 201)
            qFatal("create-session answered %d", session.created.status);
        return session;
    }
    HttpResult sendMessage(const CustomerSession &s, const QString &text, const QString &clientId)
    {
        return m_api.sendMessage(s, text, clientId);
    }
    HttpResult getHistory(const CustomerSession &s, const QString &extra)
    {
        return m_api.get(QStringLiteral("/api/chat/history?sessionId=") + s.id + extra, s.token);
    }
    QUrl eventsUrl(const CustomerSession &s, const QString &extra) const
    {
        return m_api.url(QStringLiteral("/api/chat/events?sessionId=") + s.id + extra);
    }
    QUrl ticketUrl(const CustomerSession &s, const QString &ticket) const
    {
        return eventsUrl(s, QStringLiteral("&ticket=") + ticket);
    }
    QString issueTicket(const CustomerSession &s)
    {
        const HttpResult issued = m_api.post(QStringLiteral("/api/chat/events/ticket"),
            toJson({ { QStringLiteral("sessionId"), s.id } }), s.token);
        if (issued.status != 200)
            qWarning("the ticket route answered %d", issued.status);
        return issued.json().value(QStringLiteral("ticket")).toString(); // empty then
    }
    // What a request for the session's event stream gets: 200 once it is open, or the refusal.
    int streamStatus(const CustomerSession &s)
    {
        EventStreamClient client;
        client.open(eventsUrl(s, QString()), { { "Authorization", "Bearer " + s.token } });
        (void)QTest::qWaitFor([&] { return client.isFinished() || client.status() != 0; }, 5000);
        return client.status();
    }
    quint16 port() const { return quint16(QUrl(m_backend->url()).port()); }
    // The server's end of the connection from `clientPort`, while it is connected.
    QTcpSocket *serverSideOf(quint16 clientPort) const
    {
        for (QTcpSocket *socket : m_backend->findChildren<QTcpSocket *>()) {
            if (socket->peerPort() == clientPort
                && socket->state() == QAbstractSocket::ConnectedState)
                return socket;
        }
        return nullptr;
    }
    // What the server has written and its clients have not taken yet: its memory for them.
    qint64 serverUnsentBytes() const
    {
        qint64 total = 0;
        for (const QTcpSocket *socket : m_backend->findChildren<QTcpSocket *>())
            total += socket->bytesToWrite();
        return total;
    }
    // `count` messages of 1,900 characters, stored in one transaction; with `announce`, each
    // is then announced on the hub as the chat service does (the backend does not hand its hub
    // out: a test finds it among its children).
    void appendLongMessages(const CustomerSession &s, int count, bool announce = false)
    {
        LiveHub *hub = m_backend->findChild<LiveHub *>();
        QVERIFY(hub);
        QList<AppendRequest> requests;
        for (int i = 0; i < count; ++i)
            requests.append({ NewMessage { s.id, Role::Agent,
                                  QString(1890, QLatin1Char('x')) + QString::number(i) },
                std::nullopt });
        for (const AppendOutcome &outcome : m_backend->store()->appendMessages(requests)) {
            QVERIFY2(
                outcome.result, qPrintable(outcome.error ? outcome.error->message() : QString()));
            if (announce)
                Q_EMIT hub->messageAdded(outcome.result->message);
        }
    }

    TestDatabases m_databases;
    ServerOptions m_options; // m_backend's
    ApiClient m_api;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<Backend> m_backend;
};

QTEST_GUILESS_MAIN(TestChatApi)
#include "tst_chatapi.moc"
