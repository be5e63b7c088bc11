// SPDX-License-Identifier: GPL-3.0-or-later
// The provider key goes to a real Secret Service (a private gnome-keyring, see
// tests/support/with-keyring.sh) and comes back; it is never in a file of ours.

#include "apikeychain.h"

#include <QSignalSpy>
#include <QTest>

using frontline::ui::ApiKeyChain;

class TestApiKeyChain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storesReadsAndRemovesTheKey()
    {
        ApiKeyChain keychain;
        QSignalSpy written(&keychain, &ApiKeyChain::keyWritten);
        keychain.write(QStringLiteral("sk-keychain-test"));
        QVERIFY(written.wait(10000));
        QVERIFY2(written.first().at(0).toBool(), qPrintable(written.first().at(1).toString()));

        QSignalSpy read(&keychain, &ApiKeyChain::keyRead);
        keychain.read();
        QVERIFY(read.wait(10000));
        QCOMPARE(read.first().at(0).toString(), QStringLiteral("sk-keychain-test"));

        QSignalSpy removed(&keychain, &ApiKeyChain::keyRemoved);
        keychain.remove();
        QVERIFY(removed.wait(10000));
        QVERIFY(removed.first().at(0).toBool());
        keychain.read();
        QVERIFY(read.wait(10000));
        QCOMPARE(read.last().at(0).toString(), QString());
        QCOMPARE(read.last().at(1).toString(), QString()); // nothing stored is not an error
    }
};

QTEST_GUILESS_MAIN(TestApiKeyChain)
#include "tst_apikeychain.moc"
