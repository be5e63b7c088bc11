// SPDX-License-Identifier: GPL-3.0-or-later
// The provider key goes to a real Secret Service (a private gnome-keyring, see
// tests/support/with-keyring.sh) and comes back; it is never in a file of ours.

#include "keychainentry.h"

#include <QSignalSpy>
#include <QTest>

using frontline::ui::KeychainEntry;

class TestKeychainEntry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesReadsAndRemovesTheKey()
    {
        KeychainEntry keychain(KeychainEntry::providerKey());
        QSignalSpy written(&keychain, &KeychainEntry::secretWritten);
        keychain.write(QStringLiteral("sk-keychain-test"));
        QVERIFY(written.wait(10000));
        QVERIFY2(written.first().at(0).toBool(), qPrintable(written.first().at(1).toString()));

        QSignalSpy read(&keychain, &KeychainEntry::secretRead);
        keychain.read();
        QVERIFY(read.wait(10000));
        QCOMPARE(read.first().at(0).toString(), QStringLiteral("sk-keychain-test"));

        QSignalSpy removed(&keychain, &KeychainEntry::secretRemoved);
        keychain.remove();
        QVERIFY(removed.wait(10000));
        QVERIFY(removed.first().at(0).toBool());
        keychain.read();
        QVERIFY(read.wait(10000));
        QCOMPARE(read.last().at(0).toString(), QString());
        QCOMPARE(read.last().at(1).toString(), QString()); // nothing stored is not an error
    }

    void keepsEachSecretUnderItsOwnName()
    {
        KeychainEntry token(KeychainEntry::agentToken());
        KeychainEntry key(KeychainEntry::providerKey());
        QSignalSpy written(&token, &KeychainEntry::secretWritten);
        token.write(QStringLiteral("agent-token-test"));
        QVERIFY(written.wait(10000));
        QVERIFY(written.first().at(0).toBool());
        QSignalSpy keyRead(&key, &KeychainEntry::secretRead);
        key.read();
        QVERIFY(keyRead.wait(10000));
        QCOMPARE(keyRead.first().at(0).toString(), QString());
        QSignalSpy tokenRead(&token, &KeychainEntry::secretRead);
        token.read();
        QVERIFY(tokenRead.wait(10000));
        QCOMPARE(tokenRead.first().at(0).toString(), QStringLiteral("agent-token-test"));
        QSignalSpy removed(&token, &KeychainEntry::secretRemoved);
        token.remove();
        QVERIFY(removed.wait(10000));
    }
};

QTEST_GUILESS_MAIN(TestKeychainEntry)
#include "tst_keychainentry.moc"
