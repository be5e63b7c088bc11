// SPDX-License-Identifier: GPL-3.0-or-later
// GET /api/chat/widget-config over real HTTP against an in-process backend: whether a site
// may show the chat in a frame, from the same list as the chat page's frame-ancestors policy,
// and a clear 400 for what is not an origin. No database is read: SQLite only.

#include "apiclient.h"
#include "server/backend.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QTest>
#include <QUrl>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QString Route = QStringLiteral("/api/chat/widget-config");

QString askingFor(const QString &origin)
{
    return Route + QStringLiteral("?origin=")
        + QString::fromLatin1(QUrl::toPercentEncoding(origin));
}

} // namespace

class TestWidgetConfig : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        ServerOptions options = m_databases.serverOptions(QStringLiteral("sqlite"));
        // As ServerOptions writes them from FRONTLINE_FRAME_ANCESTORS.
        options.frameAncestors
            = { QStringLiteral("https://shop.example"), QStringLiteral("http://127.0.0.1:8081"),
                  QStringLiteral("https://xn--bcher-kva.example") };
        m_backend = startBackend(options);
        QVERIFY(m_backend);
        m_api.setBaseUrl(m_backend->url());
    }
    void cleanup() { m_backend.reset(); }

    void answersWhetherAnOriginMayEmbedTheChat_data()
    {
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("normalized");
        QTest::addColumn<bool>("embeddable");
        QTest::newRow("listed") << "https://shop.example"
                                << "https://shop.example" << true;
        QTest::newRow("listed, with a port") << "http://127.0.0.1:8081"
                                             << "http://127.0.0.1:8081" << true;
        // Browsers write origins in lowercase without the default port; a hand-written one
        // compares the same.
        QTest::newRow("another case, the default port") << "HTTPS://Shop.Example:443"
                                                        << "https://shop.example" << true;
        QTest::newRow("a trailing slash") << "https://shop.example/"
                                          << "https://shop.example" << true;
        QTest::newRow("an internationalized name") << "https://bücher.example"
                                                   << "https://xn--bcher-kva.example" << true;
        QTest::newRow("not listed") << "https://evil.example"
                                    << "https://evil.example" << false;
        QTest::newRow("another scheme of a listed site") << "http://shop.example"
                                                         << "http://shop.example" << false;
        QTest::newRow("another port of a listed site") << "http://127.0.0.1:8082"
                                                       << "http://127.0.0.1:8082" << false;
        QTest::newRow("a subdomain of a listed site") << "https://www.shop.example"
                                                      << "https://www.shop.example" << false;
        QTest::newRow("an IPv6 address") << "http://[::1]:8080"
                                         << "http://[::1]:8080" << false;
        // A file:// page or a sandboxed frame: an opaque origin, which no policy can list.
        QTest::newRow("the opaque origin") << "null"
                                           << "null" << false;
    }

    void answersWhetherAnOriginMayEmbedTheChat()
    {
        QFETCH(QString, origin);
        QFETCH(QString, normalized);
        QFETCH(bool, embeddable);
        const HttpResult result
            = m_api.get(askingFor(origin), {}, { { "Origin", "https://evil.example" } });
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArrayLiteral("application/json"));
        // Asked by the widget from any site's page, and the same for everyone.
        QCOMPARE(result.header("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
        QCOMPARE(result.header("Cache-Control"), QByteArrayLiteral("public, max-age=300"));
        const QJsonObject body = result.json();
        QCOMPARE(body.value(QStringLiteral("origin")).toString(), normalized);
        QCOMPARE(body.value(QStringLiteral("embeddable")).toBool(), embeddable);
        // What a page's file chooser is told (the server decides from the bytes all the same).
        const QJsonObject attachments = body.value(QStringLiteral("attachments")).toObject();
        QCOMPARE(attachments.value(QStringLiteral("maxBytes")).toInteger(), 10 * 1024 * 1024);
        QVERIFY(attachments.value(QStringLiteral("accept"))
                    .toArray()
                    .contains(QStringLiteral("image/png")));
        QCOMPARE(body.size(), 3);
    }

    void saysTheSameAsTheChatPagesPolicy()
    {
        const HttpResult page = m_api.get(QStringLiteral("/support/chat"));
        QCOMPARE(page.status, 200);
        const QByteArray policy = page.header("Content-Security-Policy");
        QVERIFY2(policy.endsWith("frame-ancestors 'self' https://shop.example "
                                 "http://127.0.0.1:8081 https://xn--bcher-kva.example"),
            policy.constData());
        // Each site the policy lets frame the chat, the widget is told it may.
        const QByteArray directive = "frame-ancestors 'self' ";
        const QByteArray sources = policy.mid(policy.indexOf(directive) + directive.size());
        for (const QByteArray &origin : sources.split(' ')) {
            const HttpResult answer = m_api.get(askingFor(QString::fromLatin1(origin)));
            QVERIFY2(
                answer.json().value(QStringLiteral("embeddable")).toBool(), origin.constData());
        }
    }

    void refusesWhatIsNotAnOrigin_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("saying");
        QTest::newRow("no origin") << ""
                                   << "is required";
        QTest::newRow("an empty origin") << "?origin="
                                         << "is required";
        QTest::newRow("a word") << "?origin=garbage"
                                << "must be an origin";
        QTest::newRow("a path") << "?origin=https%3A%2F%2Fshop.example%2Fpage"
                                << "must be an origin";
        QTest::newRow("a query") << "?origin=https%3A%2F%2Fshop.example%3Fa%3D1"
                                 << "must be an origin";
        QTest::newRow("another scheme") << "?origin=ftp%3A%2F%2Fshop.example"
                                        << "must be an origin";
        QTest::newRow("a user") << "?origin=https%3A%2F%2Fme%40shop.example"
                                << "must be an origin";
        QTest::newRow("a policy injection")
            << "?origin=https%3A%2F%2Fshop.example%3B%20script-src%20*"
            << "must be an origin";
        QTest::newRow("a wildcard") << "?origin=*"
                                    << "must be an origin";
        QTest::newRow("a CSP keyword") << "?origin=%27self%27"
                                       << "must be an origin";
    }

    void refusesWhatIsNotAnOrigin()
    {
        QFETCH(QString, query);
        QFETCH(QString, saying);
        const HttpResult result = m_api.get(Route + query);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.header("Content-Type"), QByteArrayLiteral("application/json"));
        QCOMPARE(result.header("Access-Control-Allow-Origin"), QByteArrayLiteral("*"));
        QCOMPARE(result.header("Cache-Control"), QByteArrayLiteral("no-store"));
        QCOMPARE(errorCode(result), QStringLiteral("invalid_request"));
        const QJsonObject error = result.json().value(QStringLiteral("error")).toObject();
        QCOMPARE(error.value(QStringLiteral("field")).toString(), QStringLiteral("origin"));
        QVERIFY2(errorMessage(result).contains(saying), qPrintable(errorMessage(result)));
        QVERIFY2(errorMessage(result).contains(QLatin1String("https://shop.example")),
            qPrintable(errorMessage(result)));
    }

    void answersOnlyGet()
    {
        const HttpResult result
            = m_api.post(askingFor(QStringLiteral("https://shop.example")), "{}");
        QCOMPARE(result.status, 405);
        QCOMPARE(result.header("Allow"), QByteArrayLiteral("GET"));
        QCOMPARE(errorCode(result), QStringLiteral("method_not_allowed"));
    }

private:
    TestDatabases m_databases; // SQLite only: PostgreSQL is not started
    ApiClient m_api;
    std::unique_ptr<Backend> m_backend;
};

QTEST_GUILESS_MAIN(TestWidgetConfig)
#include "tst_widgetconfig.moc"
