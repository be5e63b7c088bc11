// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/passwordhasher.h"

#include <QTest>

using namespace frontline;

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void verifiesOnlyTheRightPassword()
    {
        const PasswordHasher hasher(1000); // the work factor is stored with the hash
        const QString encoded = hasher.hash(QStringLiteral("correct horse battery staple"));
        QVERIFY(encoded.startsWith(QLatin1String("pbkdf2-sha256$1000$")));
        QVERIFY(hasher.verify(QStringLiteral("correct horse battery staple"), encoded));
        QVERIFY(!hasher.verify(QStringLiteral("correct horse battery stapl"), encoded));
        QVERIFY(!hasher.verify(QString(), encoded));
        // Another hasher (other default work factor) still verifies it.
        QVERIFY(PasswordHasher().verify(QStringLiteral("correct horse battery staple"), encoded));
        // Salted: the same password never hashes the same twice.
        QVERIFY(hasher.hash(QStringLiteral("same")) != hasher.hash(QStringLiteral("same")));
        QVERIFY(hasher.verify(
            QStringLiteral("mot de passe é"), hasher.hash(QStringLiteral("mot de passe é"))));
    }

    void refusesWhatIsNotAHashOfOurs_data()
    {
        QTest::addColumn<QString>("encoded");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain text") << QStringLiteral("secret");
        QTest::newRow("other scheme") << QStringLiteral("md5$1$c2FsdA==$aGFzaA==");
        QTest::newRow("bad iterations") << QStringLiteral("pbkdf2-sha256$0$c2FsdA==$aGFzaA==");
        QTest::newRow("short hash") << QStringLiteral("pbkdf2-sha256$1000$c2FsdA==$aGFzaA==");
    }
    void refusesWhatIsNotAHashOfOurs()
    {
        QFETCH(QString, encoded);
        QVERIFY(!PasswordHasher(1000).verify(QStringLiteral("secret"), encoded));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
