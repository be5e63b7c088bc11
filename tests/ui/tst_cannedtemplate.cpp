// SPDX-License-Identifier: GPL-3.0-or-later
// The variables of a canned response, filled in once: known ones from the values (empty or
// the fallback without one), anything else kept as typed, and a value never read again.

#include "models/cannedtemplate.h"

#include <QTest>

using namespace frontline::ui;

class TestCannedTemplate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fillsTheKnownVariables_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("filled");
        QTest::newRow("every one")
            << "Hi {customer.name} ({customer.email}), {agent.name} (@{agent.username}) here, "
               "conversation {conversation.id}."
            << "Hi Camille (camille@example.org), Marie (@marie) here, conversation s-42.";
        QTest::newRow("twice") << "{agent.name}/{agent.name}"
                               << "Marie/Marie";
        QTest::newRow("unknown beside known") << "Write to {customer.phone}{customer.email}."
                                              << "Write to {customer.phone}camille@example.org.";
        QTest::newRow("unknown kept") << "Order {order.id} and {agent}"
                                      << "Order {order.id} and {agent}";
        QTest::newRow("not a variable") << "{ } {} {customer.name"
                                        << "{ } {} {customer.name";
        QTest::newRow("case matters") << "{Customer.Name}"
                                      << "{Customer.Name}";
        QTest::newRow("fallback unused") << "Hello {customer.name|there}!"
                                         << "Hello Camille!";
        QTest::newRow("nothing to fill") << "Plain text."
                                         << "Plain text.";
        QTest::newRow("nested braces") << "{{agent.name}}"
                                       << "{Marie}";
    }
    void fillsTheKnownVariables()
    {
        QFETCH(QString, body);
        QFETCH(QString, filled);
        const QHash<QString, QString> values { { QStringLiteral("customer.name"),
                                                   QStringLiteral("Camille") },
            { QStringLiteral("customer.email"), QStringLiteral("camille@example.org") },
            { QStringLiteral("agent.name"), QStringLiteral("Marie") },
            { QStringLiteral("agent.username"), QStringLiteral("marie") },
            { QStringLiteral("conversation.id"), QStringLiteral("s-42") } };
        QCOMPARE(CannedTemplate::fill(body, values), filled);
    }

    void aMissingValueIsEmptyOrTheFallback()
    {
        const QHash<QString, QString> values { { QStringLiteral("customer.name"),
            QStringLiteral("  ") } };
        QCOMPARE(
            CannedTemplate::fill(QStringLiteral("Hello {customer.name}, {agent.name}."), values),
            QStringLiteral("Hello , ."));
        QCOMPARE(CannedTemplate::fill(QStringLiteral("Hello {customer.name|there}!"), values),
            QStringLiteral("Hello there!"));
        QCOMPARE(CannedTemplate::fill(QStringLiteral("Hello {customer.name|}!"), {}),
            QStringLiteral("Hello !"));
    }

    void neverExpandsWhatAValueBrings()
    {
        // A hostile customer name: its braces are text, inserted as they are.
        const QHash<QString, QString> values {
            { QStringLiteral("customer.name"), QStringLiteral("{agent.name} {customer.email|x}") },
            { QStringLiteral("customer.email"), QStringLiteral("{customer.name}") },
            { QStringLiteral("agent.name"), QStringLiteral("Marie") }
        };
        QCOMPARE(CannedTemplate::fill(
                     QStringLiteral("Dear {customer.name}, from {agent.name} to {customer.email}"),
                     values),
            QStringLiteral("Dear {agent.name} {customer.email|x}, from Marie to {customer.name}"));
        // Braces in a fallback make it no variable: the one inside is the body's own.
        QCOMPARE(CannedTemplate::fill(QStringLiteral("{customer.phone|{agent.name}}"), values),
            QStringLiteral("{customer.phone|Marie}"));
        QCOMPARE(CannedTemplate::fill(QStringLiteral("{conversation.id|{x}"), values),
            QStringLiteral("{conversation.id|{x}"));
    }

    void namesTheVariablesItFills()
    {
        QCOMPARE(CannedTemplate::variables(),
            QStringList({ QStringLiteral("customer.name"), QStringLiteral("customer.email"),
                QStringLiteral("agent.name"), QStringLiteral("agent.username"),
                QStringLiteral("conversation.id") }));
    }
};

QTEST_GUILESS_MAIN(TestCannedTemplate)
#include "tst_cannedtemplate.moc"
