// SPDX-License-Identifier: GPL-3.0-or-later
// The rules that the server, the console and the stored data share, each defined once: their
// spellings are part of the API and of the database, so they must not drift.
#include "domain/customertexts.h"
#include "domain/label.h"
#include "domain/ratelimitkey.h"
#include "domain/replymarker.h"
#include "domain/role.h"
#include "domain/usagekey.h"
#include "security/ratelimitledger.h"

#include <QTest>

using namespace frontline;

class TestDomainRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void replyMarker_namesTheQuestion()
    {
        QCOMPARE(replyMarker(QStringLiteral("42")), QStringLiteral("reply-to:42"));
        QVERIFY(isReplyMarker(replyMarker(QStringLiteral("42"))));
        QVERIFY(!isReplyMarker(QStringLiteral("7d1c2f0e-1")));
        QVERIFY(!isReplyMarker(QStringLiteral("x-reply-to:42")));
    }

    void labelNamesAndColours()
    {
        for (const char *good : { "billing", "Bug report", "v1.2_beta-3", "café", "a" })
            QVERIFY2(labelNameProblem(QString::fromUtf8(good)).isEmpty(), good);
        QVERIFY(labelNameProblem(QStringLiteral("  padded  ")).isEmpty()); // trimmed
        for (const char *bad :
            { "", "   ", "a/b", "<b>", "x,y", "tab\there", "emoji \xf0\x9f\x98\x80" })
            QVERIFY2(!labelNameProblem(QString::fromUtf8(bad)).isEmpty(), bad);
        QVERIFY(labelNameProblem(QString(40, u'a')).isEmpty());
        QVERIFY(!labelNameProblem(QString(41, u'a')).isEmpty());
        QCOMPARE(labelKey(QStringLiteral(" Billing ")), labelKey(QStringLiteral("BILLING")));
        QVERIFY(isLabelColour(QStringLiteral("#2E7d32")));
        for (const char *bad : { "", "#12345", "#1234567", "123456", "#12345g", "red" })
            QVERIFY2(!isLabelColour(QString::fromLatin1(bad)), bad);
        QVERIFY(isLabelColour(defaultLabelColour()));
    }

    void rateLimitKeys()
    {
        QCOMPARE(RateLimitKey::address(QStringLiteral("10.0.0.1")).name(),
            QStringLiteral("ip:10.0.0.1"));
        QCOMPARE(
            RateLimitKey::customer(QStringLiteral("s1"), {}).name(), QStringLiteral("session:s1"));
        QCOMPARE(RateLimitKey::customer(QStringLiteral("s1"), QStringLiteral("u1")).name(),
            QStringLiteral("user:u1"));
        QCOMPARE(
            RateLimitKey::customer(QStringLiteral("s1"), {}).sessionId(), QStringLiteral("s1"));
        QCOMPARE(RateLimitKey::customer(QStringLiteral("s1"), QStringLiteral("u1")).sessionId(),
            QString());
        QCOMPARE(RateLimitKey::address(QStringLiteral("s1")).sessionId(), QString());
        for (const char *kind : { "ip", "user", "session" })
            QVERIFY2(RateLimitKey::isKind(QString::fromLatin1(kind)), kind);
        QVERIFY(!RateLimitKey::isKind(QStringLiteral("address")));
        QVERIFY(!RateLimitKey::isKind(QString()));
    }

    void rateLimitBuckets()
    {
        const RateLimitBucket bucket = RateLimitBucket::of(
            QStringLiteral("message"), RateLimitKey::address(QStringLiteral("::1")));
        QCOMPARE(bucket.name, QStringLiteral("message|ip:::1"));
        QCOMPARE(bucket.owner, QStringLiteral("ip:::1"));
    }

    void usageKeys()
    {
        QCOMPARE(customerUsageKey(QStringLiteral("s1"), {}), QStringLiteral("session:s1"));
        QCOMPARE(customerUsageKey(QStringLiteral("s1"), QStringLiteral("u1")),
            QStringLiteral("user:u1"));
        QCOMPARE(addressUsageKey(QStringLiteral("10.0.0.1")), QStringLiteral("address:10.0.0.1"));
    }

    void agentRoles()
    {
        QCOMPARE(roleName(AgentRole::Agent), QStringLiteral("agent"));
        QCOMPARE(roleName(AgentRole::Admin), QStringLiteral("admin"));
        QVERIFY(agentRoleFromName(QStringLiteral("admin")) == AgentRole::Admin);
        QVERIFY(agentRoleFromName(QStringLiteral("agent")) == AgentRole::Agent);
        QVERIFY(agentRoleFromName(QStringLiteral("administrator")) == std::nullopt);
        QVERIFY(agentRoleFromName(QStringLiteral("ADMIN")) == std::nullopt);
    }

    void customerTexts_followTheCustomersLanguage()
    {
        QVERIFY(customertexts::isFrench(QStringLiteral("fr-CA")));
        QVERIFY(!customertexts::isFrench(QStringLiteral("en")));
        QVERIFY(customertexts::welcome(QStringLiteral("fr")).startsWith(QStringLiteral("Bonjour")));
        QVERIFY(customertexts::welcome(QStringLiteral("de")).startsWith(QStringLiteral("Hello")));
        QCOMPARE(customertexts::administratorName(QStringLiteral("en")), QStringLiteral("Support"));
        QCOMPARE(customertexts::administratorName(QStringLiteral("fr-CA")),
            QStringLiteral("Service client"));
        QCOMPARE(customertexts::administratorName(QString()), QStringLiteral("Support"));
    }
};

QTEST_GUILESS_MAIN(TestDomainRules)
#include "tst_domainrules.moc"
