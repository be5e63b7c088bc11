// SPDX-License-Identifier: GPL-3.0-or-later
// How long the conversation view takes with a long conversation (5,000 messages): to show
// them all as the console does (one read, merged into the open conversation), to add one
// at the end, to wrap them all again at another width. Figures, not a pass/fail: nothing
// here is timed against a limit (docs/PERFORMANCE.md).
//
//   QT_QPA_PLATFORM=offscreen build/release/tests/bench_transcript

#include "models/conversation.h"
#include "models/transcriptmodel.h"
#include "widgets/conversationview.h"

#include <QScrollBar>
#include <QTest>

using namespace frontline::ui;

namespace {

constexpr int Messages = 5000;

MessageItem message(qint64 seq, const QDateTime &at)
{
    static const QStringList roles { QStringLiteral("USER"), QStringLiteral("USER"),
        QStringLiteral("ASSISTANT"), QStringLiteral("AGENT"), QStringLiteral("SYSTEM") };
    static const QStringList texts { QStringLiteral("Hello, my invoice is wrong."),
        QStringLiteral("Could you tell me the invoice number, and the month it was issued for? "
                       "I will look at the charges on your account right away."),
        QStringLiteral("INV-2026-%1 🙏"),
        QStringLiteral("First line\nsecond line\nthird line of a longer message that wraps "
                       "in a narrow conversation view, as customers write them"),
        QStringLiteral("https://billing.example.com/refunds/2026/11/"
                       "a-very-long-address-without-spaces-0123456789abcdefghijklmnopqrstuvwxyz"),
        QStringLiteral("Thanks! 😊") };
    MessageItem m;
    m.sessionId = QStringLiteral("s");
    m.id = QString::number(seq);
    m.seq = seq;
    m.role = roles.at(static_cast<qsizetype>(seq * 7 % roles.size()));
    m.agentName = QStringLiteral("Ana");
    m.content = texts.at(static_cast<qsizetype>(seq * 3 % texts.size()));
    m.content.replace(QStringLiteral("%1"), QString::number(seq));
    m.createdAt = at;
    m.sanitized = seq % 50 == 0;
    return m;
}

// Five thousand messages over about two weeks, a few minutes apart.
QList<MessageItem> conversationOf(int count)
{
    QList<MessageItem> messages;
    QDateTime at = QDateTime::currentDateTime().addDays(-14);
    for (qint64 seq = 1; seq <= count; ++seq) {
        at = at.addSecs(seq % 4 ? 40 : 400);
        messages << message(seq, at);
    }
    return messages;
}

// Until the view has laid out every row and painted: what the agent waits for.
void settle(ConversationView &view)
{
    const QModelIndex last = view.model()->index(view.model()->rowCount() - 1, 0);
    (void)view.visualRect(last); // runs the pending layout now
    view.viewport()->repaint();
    QCoreApplication::processEvents();
}

} // namespace

class BenchTranscript : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { m_messages = conversationOf(Messages); }

    void showFiveThousandMessages()
    {
        Conversation conversation;
        ConversationView view;
        view.resize(560, 800);
        view.setConversation(&conversation);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QBENCHMARK
        {
            conversation.open(QStringLiteral("s"));
            conversation.merge(m_messages);
            settle(view);
        }
        QVERIFY(view.transcript()->rowCount() > Messages);
        QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
    }

    void appendOneToFiveThousand()
    {
        Conversation conversation;
        ConversationView view;
        showAll(conversation, view);
        qint64 seq = Messages;
        QDateTime at = m_messages.last().createdAt;
        QBENCHMARK
        {
            ++seq;
            at = at.addSecs(30);
            conversation.merge({ message(seq, at) });
            settle(view);
        }
        QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
    }

    void wrapFiveThousandAtAnotherWidth()
    {
        Conversation conversation;
        ConversationView view;
        showAll(conversation, view);
        int width = 560;
        QBENCHMARK
        {
            width = width == 560 ? 420 : 560;
            view.resize(width, 800);
            settle(view);
        }
        QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
    }

private:
    // The view on screen with the 5,000 messages laid out, at the bottom.
    void showAll(Conversation &conversation, ConversationView &view)
    {
        view.resize(560, 800);
        view.setConversation(&conversation);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        conversation.open(QStringLiteral("s"));
        conversation.merge(m_messages);
        settle(view);
    }

    QList<MessageItem> m_messages;
};

QTEST_MAIN(BenchTranscript)
#include "bench_transcript.moc"
