// SPDX-License-Identifier: GPL-3.0-or-later
// What a customer's session says about who and what opened it, over real HTTP against an
// in-process backend on SQLite and PostgreSQL: the host site's signature of its signed-in
// user (with an expiry, and the operator's choice to require one), and the browser string
// agents are shown.

#include "apiclient.h"
#include "manualclock.h"
#include "security/tokens.h"
#include "server/backend.h"
#include "testbackend.h"
#include "testdatabases.h"

#include <QJsonArray>
#include <QTest>

using namespace frontline;
using namespace frontline::testsupport;

namespace {

const QByteArray IdentitySecret = QByteArrayLiteral("identity-test-secret");
const QByteArray AdminToken = QByteArrayLiteral("identity-test-admin-token");

} // namespace

class TestIdentity : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }
    void init() { QVERIFY(startBackend(false)); }
    void cleanup() { m_backend.reset(); }

    void aFirstFormSignatureVouchesForNoOtherUser()
    {
        // A site that signs the first form for a user id someone chose ("user-7:<time>") must
        // not thereby vouch for "user-7" until that time.
        const qint64 expires = m_clock->now().toSecsSinceEpoch() + 600;
        const QString chosenId = QStringLiteral("user-7:%1").arg(expires);
        const QJsonObject forged { { QStringLiteral("userId"), QStringLiteral("user-7") },
            { QStringLiteral("userHash"), tokens::identityHash(IdentitySecret, chosenId) },
            { QStringLiteral("userHashExpires"), expires } };
        const HttpResult created = createSession(forged);
        QCOMPARE(created.status, 401);
        QVERIFY2(errorMessage(created).contains(QLatin1String("does not match")),
            qPrintable(errorMessage(created)));
    }

    void acceptsASignatureThatExpires()
    {
        // The host site signs "userId\nexpires" when its page loads; the server believes it
        // until then, and not a second after.
        const qint64 expires = m_clock->now().toSecsSinceEpoch() + 600;
        const QString hash
            = tokens::identityHash(IdentitySecret, QStringLiteral("user-7\n%1").arg(expires));
        const QJsonObject signedIn { { QStringLiteral("userId"), QStringLiteral("user-7") },
            { QStringLiteral("userHash"), hash }, { QStringLiteral("userHashExpires"), expires } };
        HttpResult created = createSession(signedIn);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json()
                     .value(QStringLiteral("session"))
                     .toObject()
                     .value(QStringLiteral("verified"))
                     .toBool(),
            true);

        m_clock->advance(600 * 1000);
        created = createSession(signedIn);
        QCOMPARE(created.status, 401);
        QVERIFY2(errorMessage(created).contains(QLatin1String("userHashExpires has passed")),
            qPrintable(errorMessage(created)));

        // The expiry is part of what is signed: a later one is not the site's word.
        QJsonObject extended = signedIn;
        extended.insert(QStringLiteral("userHashExpires"), expires + 3600);
        created = createSession(extended);
        QCOMPARE(created.status, 401);
        QVERIFY2(errorMessage(created).contains(QLatin1String("does not match")),
            qPrintable(errorMessage(created)));

        // Not a time: said so.
        extended.insert(QStringLiteral("userHashExpires"), QStringLiteral("tomorrow"));
        created = createSession(extended);
        QCOMPARE(created.status, 400);
        QVERIFY2(errorMessage(created).contains(QLatin1String("userHashExpires")),
            qPrintable(errorMessage(created)));
    }

    void keepsTheFirstFormUnlessTheOperatorRequiresAnExpiry()
    {
        const QJsonObject forever { { QStringLiteral("userId"), QStringLiteral("user-8") },
            { QStringLiteral("userHash"),
                tokens::identityHash(IdentitySecret, QStringLiteral("user-8")) } };
        QCOMPARE(createSession(forever).status, 201);

        QVERIFY(startBackend(true));
        const HttpResult refused = createSession(forever);
        QCOMPARE(refused.status, 401);
        QVERIFY2(errorMessage(refused).contains(QLatin1String("send userHashExpires")),
            qPrintable(errorMessage(refused)));
        const qint64 expires = m_clock->now().toSecsSinceEpoch() + 60;
        const HttpResult expiring = createSession({ { QStringLiteral("userId"),
                                                        QStringLiteral("user-8") },
            { QStringLiteral("userHash"),
                tokens::identityHash(IdentitySecret, QStringLiteral("user-8\n%1").arg(expires)) },
            { QStringLiteral("userHashExpires"), expires } });
        QCOMPARE(expiring.status, 201);
    }

    void showsAgentsTheBrowserStringWithoutControlsOrBidiOverrides()
    {
        // U+202E makes what follows read right to left ("gpj.exe" shows as "exe.jpg");
        // embeddings, isolates and U+200B reorder or hide text as well.
        const QString sent
            = QStringLiteral("Mozilla/5.0 \u202Egpj.exe\u202C (X11)\u2066 evil\u2069\u200B "
                             "Chrome/120\u202A\u202B\u202D\u2067\u2068");
        const HttpResult created
            = m_api.createSession({}, { { "User-Agent", sent.toUtf8() } }).created;
        QCOMPARE(created.status, 201);
        const HttpResult sessions = m_api.get(QStringLiteral("/api/agent/sessions"), AdminToken);
        QCOMPARE(sessions.status, 200);
        const QString shown = sessions.json()
                                  .value(QStringLiteral("sessions"))
                                  .toArray()
                                  .first()
                                  .toObject()
                                  .value(QStringLiteral("userAgent"))
                                  .toString();
        QCOMPARE(shown, QStringLiteral("Mozilla/5.0 gpj.exe (X11) evil Chrome/120"));
    }

private:
    bool startBackend(bool requireExpiry)
    {
        m_backend.reset();
        QFETCH_GLOBAL(QString, dialect);
        ServerOptions options = m_databases.serverOptions(dialect);
        options.identitySecret = IdentitySecret;
        options.identityRequireExpiry = requireExpiry;
        options.adminToken = QString::fromLatin1(AdminToken);
        m_clock = std::make_shared<ManualClock>();
        m_backend = testsupport::startBackend(options, m_clock);
        if (!m_backend)
            return false;
        m_api.setBaseUrl(m_backend->url());
        return true;
    }

    HttpResult createSession(const QJsonObject &body) { return m_api.createSession(body).created; }

    TestDatabases m_databases;
    ApiClient m_api;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<Backend> m_backend;
};

QTEST_GUILESS_MAIN(TestIdentity)
#include "tst_identity.moc"
