// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/redaction.h"

#include <QTest>

using namespace frontline;

class TestRedaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void luhn_data()
    {
        QTest::addColumn<QString>("digits");
        QTest::addColumn<bool>("passes");
        QTest::newRow("visa test card") << QStringLiteral("4111111111111111") << true;
        QTest::newRow("mastercard test card") << QStringLiteral("5555555555554444") << true;
        QTest::newRow("amex test card") << QStringLiteral("378282246310005") << true;
        QTest::newRow("one digit off") << QStringLiteral("4111111111111112") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("not digits") << QStringLiteral("41111111a1111111") << false;
    }
    void luhn()
    {
        QFETCH(QString, digits);
        QFETCH(bool, passes);
        QCOMPARE(passesLuhn(digits), passes);
    }

    void redacts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("redacted");
        QTest::newRow("e-mail") << QStringLiteral(
            "Write to élodie.martin+shop@example.co.uk please")
                                << QStringLiteral("Write to [email] please");
        QTest::newRow("plain e-mail")
            << QStringLiteral("me: jane.doe@example.com.") << QStringLiteral("me: [email].");
        QTest::newRow("two e-mails")
            << QStringLiteral("a@b.io or c@d.fr") << QStringLiteral("[email] or [email]");
        QTest::newRow("card, spaces") << QStringLiteral("my card is 4111 1111 1111 1111, thanks")
                                      << QStringLiteral("my card is [card], thanks");
        QTest::newRow("card, dashes")
            << QStringLiteral("5555-5555-5555-4444") << QStringLiteral("[card]");
        QTest::newRow("card, together")
            << QStringLiteral("378282246310005") << QStringLiteral("[card]");
        QTest::newRow("French mobile") << QStringLiteral("Appelez-moi au 06 12 34 56 78 demain")
                                       << QStringLiteral("Appelez-moi au [phone] demain");
        QTest::newRow("international")
            << QStringLiteral("call +33 6 12 34 56 78") << QStringLiteral("call [phone]");
        QTest::newRow("US, parentheses")
            << QStringLiteral("(555) 123-4567 is mine") << QStringLiteral("[phone] is mine");
        QTest::newRow("dotted") << QStringLiteral("06.12.34.56.78") << QStringLiteral("[phone]");
        QTest::newRow("one block") << QStringLiteral("0612345678") << QStringLiteral("[phone]");
    }
    void redacts()
    {
        QFETCH(QString, text);
        QFETCH(QString, redacted);
        QCOMPARE(redactPersonalData(text), redacted);
    }

    void keepsWhatIdentifiesNobody_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("words") << QStringLiteral("How do I reset my password?");
        QTest::newRow("order number") << QStringLiteral("Order 12345 arrived broken");
        QTest::newRow("price") << QStringLiteral("It costs 9.99 € per month, 119 per year");
        QTest::newRow("ISO date") << QStringLiteral("Since 2026-12-07 it fails");
        QTest::newRow("time") << QStringLiteral("at 12:30 or 14:45");
        QTest::newRow("version") << QStringLiteral("version 6.4.2");
        QTest::newRow("card failing Luhn, 16 digits")
            << QStringLiteral("ref 4111 1111 1111 1112 x");
        QTest::newRow("at without domain") << QStringLiteral("@support or me@localhost");
        QTest::newRow("empty") << QString();
    }
    void keepsWhatIdentifiesNobody()
    {
        QFETCH(QString, text);
        QCOMPARE(redactPersonalData(text), text);
    }
};

QTEST_GUILESS_MAIN(TestRedaction)
#include "tst_redaction.moc"
