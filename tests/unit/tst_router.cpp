// SPDX-License-Identifier: GPL-3.0-or-later
// The router is the one owner of QtHttpServer: what each API area relies on, over loopback.
#include "http/response.h"
#include "http/router.h"
#include "httpclient.h"

#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace frontline;
using namespace frontline::testsupport;

class TestRouter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_router = std::make_unique<http::Router>();
        m_listener = new QTcpServer(this);
        m_router->setMissingHandler([](const http::Request &request, http::Responder &&responder) {
            responder.answer(http::error(http::Status::NotFound, QStringLiteral("not_found"),
                QStringLiteral("no route for ") + request.path()));
        });
    }

    void cleanup()
    {
        m_router.reset(); // and the listener, which QtHttpServer made its own
        delete m_listener;
    }

    void answersWithTheCommonHeadersWhichARouteMayReplace()
    {
        m_router->add({ http::Method::Get, QStringLiteral("/plain"),
            [](const http::Request &, http::Responder &&responder) {
                responder.answer(http::json({ { QStringLiteral("ok"), true } }));
            } });
        m_router->add({ http::Method::Get, QStringLiteral("/cached"),
            [](const http::Request &, http::Responder &&responder) {
                http::Response response { http::Status::Ok, "text/plain", "hello", {} };
                response.setHeader("Cache-Control", "no-cache");
                responder.answer(response);
            } });
        listen();

        HttpClient client;
        const HttpResult plain = client.get(url("/plain"));
        QCOMPARE(plain.status, 200);
        QCOMPARE(plain.json().value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(plain.header("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        QCOMPARE(plain.header("Cache-Control"), QByteArrayLiteral("no-store"));
        const HttpResult cached = client.get(url("/cached"));
        QCOMPARE(cached.body, QByteArrayLiteral("hello"));
        QCOMPARE(cached.header("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
        QCOMPARE(cached.header("Cache-Control"), QByteArrayLiteral("no-cache"));
    }

    void dispatchesOnTheMethodAndGivesThePathArgument()
    {
        const auto echo = [](const char *what) {
            return [what](const http::Request &request, http::Responder &&responder) {
                responder.answer(http::json({ { QStringLiteral("what"), QLatin1String(what) },
                    { QStringLiteral("argument"), request.pathArgument() },
                    { QStringLiteral("header"), QString::fromLatin1(request.header("x-probe")) },
                    { QStringLiteral("body"), QString::fromLatin1(request.body()) } }));
            };
        };
        m_router->add({ http::Method::Get, QStringLiteral("/items/<arg>/name"), echo("read") });
        m_router->add({ http::Method::Put, QStringLiteral("/items/<arg>/name"), echo("write") });
        listen();

        HttpClient client;
        const QJsonObject read = client.get(url("/items/42/name"), { { "X-Probe", "p" } }).json();
        QCOMPARE(read.value(QStringLiteral("what")).toString(), QStringLiteral("read"));
        QCOMPARE(read.value(QStringLiteral("argument")).toString(), QStringLiteral("42"));
        QCOMPARE(read.value(QStringLiteral("header")).toString(), QStringLiteral("p"));
        const QJsonObject written
            = client.send("PUT", url("/items/7/name"), "new", { { "Content-Type", "text/plain" } })
                  .json();
        QCOMPARE(written.value(QStringLiteral("what")).toString(), QStringLiteral("write"));
        QCOMPARE(written.value(QStringLiteral("argument")).toString(), QStringLiteral("7"));
        QCOMPARE(written.value(QStringLiteral("body")).toString(), QStringLiteral("new"));
    }

    void leavesOtherMethodsToTheArea()
    {
        const auto ok = [](const http::Request &, http::Responder &&responder) {
            responder.answer(http::json({}));
        };
        std::optional<http::Method> expected;
        m_router->add({ http::Method::Post, QStringLiteral("/area"), ok },
            [&expected](const http::Request &, http::Responder &&responder, http::Method method) {
                expected = method;
                responder.answer(http::error(http::Status::MethodNotAllowed,
                    QStringLiteral("method_not_allowed"), http::methodName(method)));
            });
        // Without an other-method handler, another method is an unknown route.
        m_router->add({ http::Method::Get, QStringLiteral("/strict"), ok });
        listen();

        HttpClient client;
        const HttpResult refused = client.get(url("/area"));
        QCOMPARE(refused.status, 405);
        QCOMPARE(expected, http::Method::Post);
        QCOMPARE(refused.json()
                     .value(QStringLiteral("error"))
                     .toObject()
                     .value(QStringLiteral("message"))
                     .toString(),
            QStringLiteral("POST"));
        QCOMPARE(client.post(url("/area"), {}).status, 200);
        QCOMPARE(client.post(url("/strict"), {}).status, 404);
        const HttpResult unknown = client.get(url("/nowhere"));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.header("Cache-Control"), QByteArrayLiteral("no-store"));
    }

    void keepsAResponderToAnswerLater()
    {
        std::optional<http::Responder> kept;
        m_router->add({ http::Method::Get, QStringLiteral("/later"),
            [&kept](const http::Request &, http::Responder &&responder) {
                kept.emplace(std::move(responder));
            } });
        listen();

        QTimer::singleShot(50, this, [&kept] {
            QVERIFY(kept && !kept->clientGone());
            kept->answer(http::json({ { QStringLiteral("late"), true } }));
        });
        HttpClient client;
        const HttpResult late = client.get(url("/later"));
        QCOMPARE(late.status, 200);
        QCOMPARE(late.json().value(QStringLiteral("late")).toBool(), true);
    }

    void dropsTheAnswerToAClientThatHasGone()
    {
        std::optional<http::Responder> kept;
        m_router->add({ http::Method::Get, QStringLiteral("/gone"),
            [&kept](const http::Request &, http::Responder &&responder) {
                kept.emplace(std::move(responder));
            } });
        listen();

        auto *client = new QTcpSocket(this);
        client->connectToHost(QHostAddress::LocalHost, m_listener->serverPort());
        QVERIFY(client->waitForConnected(5000));
        client->write("GET /gone HTTP/1.1\r\nHost: x\r\n\r\n");
        QTRY_VERIFY(kept.has_value());
        delete client;
        // Qt frees the server's socket once it sees the client go: the kept responder knows.
        QTRY_VERIFY(kept->clientGone());
        kept->answer(http::json({})); // nothing to write to, and no crash
    }

private:
    void listen()
    {
        QVERIFY(m_listener->listen(QHostAddress::LocalHost, 0));
        m_router->bind(m_listener);
    }

    QUrl url(const char *path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_listener->serverPort())
            + QLatin1String(path));
    }

    std::unique_ptr<http::Router> m_router;
    QPointer<QTcpServer> m_listener;
};

QTEST_MAIN(TestRouter)
#include "tst_router.moc"
