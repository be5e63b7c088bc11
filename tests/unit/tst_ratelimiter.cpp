// SPDX-License-Identifier: GPL-3.0-or-later
// "At most N in any window" with a clock the test moves: no sleeping.

#include "manualclock.h"
#include "security/ratelimiter.h"

#include <QTest>

using namespace frontline;
using frontline::testsupport::ManualClock;

class TestRateLimiter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void allowsTheLimitThenRefusesUntilTheWindowSlides()
    {
        auto clock = std::make_shared<ManualClock>();
        RateLimiter limiter(RateLimitPolicy::defaults(), clock);
        const QList<RateLimitKey> keys { { QStringLiteral("ip"), QStringLiteral("192.0.2.1") } };
        for (int i = 1; i <= 10; ++i) {
            const RateLimitDecision d = limiter.check(QStringLiteral("message"), keys);
            QVERIFY(d.allowed);
            QCOMPARE(d.limit, 10);
            QCOMPARE(d.remaining, 10 - i);
            clock->advance(1000); // one per second: the 10th at t=9 s
        }
        // t=10 s: the 11th is refused; the first slot frees at t=60 s.
        RateLimitDecision refused = limiter.check(QStringLiteral("message"), keys);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.retryAfterSeconds, 50);
        QCOMPARE(refused.remaining, 0);
        QCOMPARE(refused.refusedKey.kind, QStringLiteral("ip"));

        clock->advance(49999); // t=59.999 s: still inside the window
        QVERIFY(!limiter.check(QStringLiteral("message"), keys).allowed);
        clock->advance(1); // t=60 s: the first request has left the window
        QVERIFY(limiter.check(QStringLiteral("message"), keys).allowed);
        QVERIFY(!limiter.check(QStringLiteral("message"), keys).allowed);
        clock->advance(1000); // the second one leaves
        QVERIFY(limiter.check(QStringLiteral("message"), keys).allowed);
    }

    void neverAllowsMoreThanTheLimitInAnyWindow()
    {
        // A burst at the end of one minute and the start of the next: fixed buckets would let
        // 2N through within a few seconds; a sliding window does not.
        auto clock = std::make_shared<ManualClock>();
        RateLimiter limiter(RateLimitPolicy::defaults(), clock);
        const QList<RateLimitKey> keys { { QStringLiteral("ip"), QStringLiteral("192.0.2.2") } };
        clock->advance(58000);
        int allowed = 0;
        for (int i = 0; i < 40; ++i) {
            allowed += limiter.check(QStringLiteral("message"), keys).allowed ? 1 : 0;
            clock->advance(100); // 40 tries over 4 s
        }
        QCOMPARE(allowed, 10);
    }

    void requiresEveryKeyAndChargesNothingOnRefusal()
    {
        auto clock = std::make_shared<ManualClock>();
        RateLimiter limiter(
            *RateLimitPolicy::parse(QStringLiteral("message=2/60"), nullptr), clock);
        const RateLimitKey ip { QStringLiteral("ip"), QStringLiteral("192.0.2.3") };
        const RateLimitKey alice { QStringLiteral("user"), QStringLiteral("alice") };
        const RateLimitKey bob { QStringLiteral("user"), QStringLiteral("bob") };
        QVERIFY(limiter.check(QStringLiteral("message"), { ip, alice }).allowed);
        QVERIFY(limiter.check(QStringLiteral("message"), { ip, alice }).allowed);
        // The shared address is used up: bob behind it is refused too, by the ip key.
        const RateLimitDecision d = limiter.check(QStringLiteral("message"), { ip, bob });
        QVERIFY(!d.allowed);
        QCOMPARE(d.refusedKey.kind, QStringLiteral("ip"));
        // The refusal charged nothing to bob: from another address he has both slots.
        const RateLimitKey otherIp { QStringLiteral("ip"), QStringLiteral("192.0.2.4") };
        QVERIFY(limiter.check(QStringLiteral("message"), { otherIp, bob }).allowed);
        QCOMPARE(limiter.check(QStringLiteral("message"), { otherIp, bob }).remaining, 0);
    }

    void keepsRoutesApartAndLiftsBlocks()
    {
        auto clock = std::make_shared<ManualClock>();
        RateLimiter limiter(
            *RateLimitPolicy::parse(QStringLiteral("message=1/60,history=1/60"), nullptr), clock);
        const RateLimitKey ip { QStringLiteral("ip"), QStringLiteral("192.0.2.5") };
        QVERIFY(limiter.check(QStringLiteral("message"), { ip }).allowed);
        QVERIFY(limiter.check(QStringLiteral("history"), { ip }).allowed);
        QVERIFY(!limiter.check(QStringLiteral("message"), { ip }).allowed);
        limiter.lift(ip);
        QVERIFY(limiter.check(QStringLiteral("message"), { ip }).allowed);
        QVERIFY(!limiter.check(QStringLiteral("unlimited-route"), { ip }).limited);
    }

    void limitsEachSessionUnderTheAddresssCeiling()
    {
        auto clock = std::make_shared<ManualClock>();
        RateLimiter limiter(
            *RateLimitPolicy::parse(QStringLiteral("message=2/60,message-ip=3/60"), nullptr),
            clock);
        const RateLimitKey ip { QStringLiteral("ip"), QStringLiteral("192.0.2.6") };
        const auto message = [&](const QString &session) {
            return limiter.check(
                { { QStringLiteral("message"), { { QStringLiteral("session"), session } } },
                    { QStringLiteral("message-ip"), { ip } } });
        };
        QVERIFY(message(QStringLiteral("spammer")).allowed);
        QVERIFY(message(QStringLiteral("spammer")).allowed);
        for (int i = 0; i < 5; ++i) {
            const RateLimitDecision refused = message(QStringLiteral("spammer"));
            QVERIFY(!refused.allowed);
            QCOMPARE(refused.route, QStringLiteral("message"));
            QCOMPARE(refused.refusedKey.kind, QStringLiteral("session"));
        }
        // The spammer's refusals took nothing of the address: the customer beside it writes,
        // and is told of the tighter of its two budgets.
        const RateLimitDecision served = message(QStringLiteral("customer"));
        QVERIFY(served.allowed);
        QCOMPARE(served.route, QStringLiteral("message-ip"));
        QCOMPARE(served.limit, 3);
        QCOMPARE(served.remaining, 0);
        // A new session does not escape the ceiling, and its refusal costs it nothing either.
        const RateLimitDecision ceiling = message(QStringLiteral("newcomer"));
        QVERIFY(!ceiling.allowed);
        QCOMPARE(ceiling.route, QStringLiteral("message-ip"));
        QCOMPARE(ceiling.refusedKey.kind, QStringLiteral("ip"));
        QCOMPARE(ceiling.retryAfterSeconds, 60);
        limiter.lift(ip);
        QCOMPARE(message(QStringLiteral("newcomer")).remaining, 1); // its own 2, one left
    }

    void derivesTheAddressCeilingOfOlderPolicies_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("window");
        QTest::newRow("defaults") << "" << 60 << 60;
        QTest::newRow("message only") << "message=5/30" << 30 << 30;
        QTest::newRow("both") << "message=5/30,message-ip=12/60" << 12 << 60;
        QTest::newRow("ceiling first") << "message-ip=12/60,message=5/30" << 12 << 60;
    }
    void derivesTheAddressCeilingOfOlderPolicies()
    {
        QFETCH(QString, text);
        const RateLimitPolicy policy
            = text.isEmpty() ? RateLimitPolicy::defaults() : *RateLimitPolicy::parse(text, nullptr);
        const std::optional<RateLimit> ceiling = policy.limitFor(QStringLiteral("message-ip"));
        QVERIFY(ceiling);
        QTEST(ceiling->count, "count");
        QTEST(ceiling->windowSeconds, "window");
        QVERIFY(!RateLimitPolicy::off().limitFor(QStringLiteral("message-ip")));
        // Only a ceiling given is written back: a derived one follows its message limit.
        QCOMPARE(policy.toString().contains(QLatin1String("message-ip")),
            text.contains(QLatin1String("message-ip")));
    }

    void parsesPolicies_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("normalized");
        QTest::newRow("defaults") << "message=10/60,history=100/60,create-session=20/60" << true
                                  << "create-session=20/60,history=100/60,message=10/60";
        QTest::newRow("override one")
            << "message=5/30" << true << "create-session=20/60,history=100/60,message=5/30";
        QTest::newRow("off") << "off" << true << "off";
        QTest::newRow("OFF") << "OFF" << true << "off";
        QTest::newRow("zero") << "message=0/60" << false << "";
        QTest::newRow("no window") << "message=10" << false << "";
        QTest::newRow("garbage") << "fast please" << false << "";
    }
    void parsesPolicies()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QString error;
        const auto policy = RateLimitPolicy::parse(text, &error);
        QCOMPARE(policy.has_value(), valid);
        if (valid)
            QTEST(policy->toString(), "normalized");
        else
            QVERIFY2(error.contains(QLatin1String("ROUTE=COUNT/SECONDS")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
