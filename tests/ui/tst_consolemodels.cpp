// SPDX-License-Identifier: GPL-3.0-or-later
// The console's models: sessions keyed by id whatever order snapshots and events come in,
// filters and search, conversations placed by seq, their transcript grouped by author and
// day, rate-limit hits counted by key.

#include "models/conversation.h"
#include "models/outboxmodel.h"
#include "models/ratelimithitsmodel.h"
#include "models/sessionfilterproxy.h"
#include "models/sessionlistmodel.h"
#include "models/transcriptmodel.h"

#include <QColor>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace frontline::ui;

namespace {

const QDateTime T0 = QDateTime(QDate(2026, 11, 24), QTime(9, 30), Qt::UTC);

SessionItem session(
    const QString &id, const QString &status, const QString &agent = {}, int secondsAfter = 0)
{
    SessionItem s;
    s.id = id;
    s.status = status;
    s.assignedAgent = agent;
    s.name = QStringLiteral("Customer ") + id;
    s.createdAt = T0;
    s.updatedAt = T0.addSecs(secondsAfter);
    return s;
}

MessageItem message(
    const QString &sessionId, qint64 seq, const QString &role, const QString &content)
{
    MessageItem m;
    m.id = sessionId + QString::number(seq);
    m.sessionId = sessionId;
    m.seq = seq;
    m.role = role;
    m.content = content;
    m.createdAt = T0.addSecs(seq);
    return m;
}

// A message of session "t" at a local date and time.
MessageItem said(qint64 seq, const QString &role, const QDateTime &at, const QString &agent = {})
{
    MessageItem m
        = message(QStringLiteral("t"), seq, role, QStringLiteral("m") + QString::number(seq));
    m.createdAt = at;
    m.agentName = agent;
    return m;
}

// Each row of a transcript as "kind first last" (D for a day, M for a message; F/L when the
// message opens or closes its group), so a test reads the whole shape at once.
QStringList shape(const TranscriptModel &model)
{
    QStringList rows;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        if (index.data(TranscriptModel::KindRole).toInt()
            == static_cast<int>(TranscriptModel::RowKind::DaySeparator)) {
            rows << QStringLiteral("D");
            continue;
        }
        QString r = QStringLiteral("M");
        if (index.data(TranscriptModel::GroupFirstRole).toBool())
            r += QLatin1Char('F');
        if (index.data(TranscriptModel::GroupLastRole).toBool())
            r += QLatin1Char('L');
        rows << r;
    }
    return rows;
}

QStringList visibleIds(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(SessionListModel::SessionIdRole).toString();
    return ids;
}

// A mail as the agent API sends it.
QJsonObject mailJson(qint64 id, const QString &sessionId, const QString &state, qint64 firstSeq,
    qint64 lastSeq, const QString &lastError = {})
{
    return { { QStringLiteral("id"), id }, { QStringLiteral("sessionId"), sessionId },
        { QStringLiteral("kind"), QStringLiteral("reply") },
        { QStringLiteral("to"), QStringLiteral("camille@example.com") },
        { QStringLiteral("toName"), QStringLiteral("Camille") },
        { QStringLiteral("subject"), QStringLiteral("Your conversation") },
        { QStringLiteral("state"), state }, { QStringLiteral("attempts"), 1 },
        { QStringLiteral("lastError"),
            lastError.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(lastError) },
        { QStringLiteral("createdAt"), QStringLiteral("2026-11-24T09:31:00.000Z") },
        { QStringLiteral("nextAttemptAt"), QJsonValue(QJsonValue::Null) },
        { QStringLiteral("sentAt"),
            state == QLatin1String("sent") ? QJsonValue(QStringLiteral("2026-11-24T09:32:00.000Z"))
                                           : QJsonValue(QJsonValue::Null) },
        { QStringLiteral("firstSeq"), firstSeq }, { QStringLiteral("lastSeq"), lastSeq } };
}

} // namespace

class TestConsoleModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesSessionsAndMessagesAsTheApiSendsThem()
    {
        const SessionItem s
            = SessionItem::fromJson(QJsonObject { { QStringLiteral("id"), QStringLiteral("abc") },
                { QStringLiteral("status"), QStringLiteral("ASSIGNED") },
                { QStringLiteral("assignedAgent"), QStringLiteral("ana") },
                { QStringLiteral("verified"), true },
                { QStringLiteral("userId"), QStringLiteral("u1") }, { QStringLiteral("unread"), 3 },
                { QStringLiteral("updatedAt"), QStringLiteral("2026-11-24T09:30:00.125Z") },
                { QStringLiteral("lastMessage"),
                    QJsonObject { { QStringLiteral("seq"), 7 },
                        { QStringLiteral("role"), QStringLiteral("USER") },
                        { QStringLiteral("content"), QStringLiteral("hi") },
                        { QStringLiteral("sanitized"), true } } } });
        QCOMPARE(s.stateFor(QStringLiteral("ana")), SessionState::Mine);
        QCOMPARE(s.stateFor(QStringLiteral("bob")), SessionState::Others);
        QCOMPARE(s.unread, 3);
        QCOMPARE(s.lastMessage.seq, 7);
        QVERIFY(s.lastMessage.sanitized);
        QCOMPARE(s.usageKey(), QStringLiteral("user:u1"));
        QCOMPARE(s.updatedAt, QDateTime(QDate(2026, 11, 24), QTime(9, 30, 0, 125), Qt::UTC));
        QVERIFY(SessionItem::fromJson({ { QStringLiteral("id"), QStringLiteral("abcdefghij") } })
                    .customerLabel()
                    .contains(QStringLiteral("abcdefgh")));
    }

    void keepsOneRowPerSessionAndTheNewestState()
    {
        SessionListModel model;
        model.setCurrentAgent(QStringLiteral("ana"));
        model.upsert(session(QStringLiteral("a"), QStringLiteral("ACTIVE")), true);
        model.upsert(session(QStringLiteral("b"), QStringLiteral("ACTIVE")), true);
        // An event: b was claimed by ana at +5 s.
        model.upsert(
            session(QStringLiteral("b"), QStringLiteral("ASSIGNED"), QStringLiteral("ana"), 5),
            false);
        // A list answer read before the claim arrives late: it must not undo it.
        model.upsert(session(QStringLiteral("b"), QStringLiteral("ACTIVE"), {}, 1), true);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.find(QStringLiteral("b"))->status, QStringLiteral("ASSIGNED"));
        QCOMPARE(model.index(model.rowOf(QStringLiteral("b")), SessionListModel::Status)
                     .data()
                     .toString(),
            QStringLiteral("Yours"));
        model.setCurrentAgent(QStringLiteral("bob"));
        QCOMPARE(model.index(model.rowOf(QStringLiteral("b")), SessionListModel::Status)
                     .data()
                     .toString(),
            QStringLiteral("ana's"));
    }

    void countsUnreadCustomerMessagesOnceEach()
    {
        SessionListModel model;
        model.upsert(session(QStringLiteral("a"), QStringLiteral("ACTIVE")), true);
        model.addMessage(
            message(QStringLiteral("a"), 2, QStringLiteral("USER"), QStringLiteral("hello\nthere")),
            true);
        model.addMessage(
            message(QStringLiteral("a"), 3, QStringLiteral("ASSISTANT"), QStringLiteral("Hi!")),
            true);
        model.addMessage(
            message(QStringLiteral("a"), 2, QStringLiteral("USER"), QStringLiteral("hello\nthere")),
            true); // replay
        model.addMessage(
            message(QStringLiteral("a"), 4, QStringLiteral("USER"), QStringLiteral("<b>bold</b>")),
            true);
        const SessionItem *a = model.find(QStringLiteral("a"));
        QCOMPARE(a->unread, 2);
        QCOMPARE(a->lastMessage.seq, 4);
        QCOMPARE(model.index(0, SessionListModel::LastMessage).data().toString(),
            QStringLiteral("<b>bold</b>"));
        QCOMPARE(model.index(0, SessionListModel::Unread).data().toInt(), 2);
        // An event without counters keeps them.
        model.upsert(session(QStringLiteral("a"), QStringLiteral("WAITING"), {}, 9), false);
        QCOMPARE(model.find(QStringLiteral("a"))->unread, 2);
        QCOMPARE(model.find(QStringLiteral("a"))->lastMessage.seq, 4);
        model.setUnread(QStringLiteral("a"), 0);
        QCOMPARE(model.index(0, SessionListModel::Unread).data(), QVariant());
    }

    void saysWhenASessionStartsWaiting()
    {
        SessionListModel model;
        QSignalSpy started(&model, &SessionListModel::sessionStartedWaiting);
        QSignalSpy count(&model, &SessionListModel::waitingCountChanged);
        model.upsert(session(QStringLiteral("a"), QStringLiteral("ACTIVE")), true);
        model.upsert(session(QStringLiteral("a"), QStringLiteral("WAITING"), {}, 1), false);
        model.upsert(
            session(QStringLiteral("a"), QStringLiteral("WAITING"), {}, 2), false); // still waiting
        SessionItem failed = session(QStringLiteral("b"), QStringLiteral("WAITING"));
        failed.waitingReason = QStringLiteral("assistant-unavailable");
        model.upsert(failed, true);
        QCOMPARE(started.size(), 2);
        // Each says why: the notification tells the agent.
        QCOMPARE(started.at(0).at(2).toString(), QString()); // the server did not say
        QCOMPARE(started.at(1).at(2).toString(), QStringLiteral("the AI could not answer"));
        QCOMPARE(SessionListModel::waitingReasonText(QStringLiteral("customer-asked")),
            QStringLiteral("asked for a human"));
        QCOMPARE(model.waitingCount(), 2);
        model.upsert(
            session(QStringLiteral("a"), QStringLiteral("ASSIGNED"), QStringLiteral("ana"), 3),
            false);
        QCOMPARE(count.last().at(0).toInt(), 1);
    }

    void marksRateLimitedSessions()
    {
        SessionListModel model;
        model.upsert(session(QStringLiteral("a"), QStringLiteral("ACTIVE")), true);
        QVERIFY(model.index(0, SessionListModel::Customer).data(Qt::DecorationRole).isNull());
        model.markRateLimited(QStringLiteral("a"), T0);
        QVERIFY(!model.index(0, SessionListModel::Customer).data(Qt::DecorationRole).isNull());
        QVERIFY(model.index(0, SessionListModel::Customer)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("Rate-limited")));
        // A later list answer keeps the marker.
        model.upsert(session(QStringLiteral("a"), QStringLiteral("ACTIVE"), {}, 1), true);
        QVERIFY(model.find(QStringLiteral("a"))->rateLimitedAt.isValid());
    }

    void filtersByStateAndSearches()
    {
        SessionListModel model;
        model.setCurrentAgent(QStringLiteral("ana"));
        model.upsert(session(QStringLiteral("ai"), QStringLiteral("ACTIVE")), true);
        model.upsert(session(QStringLiteral("wait"), QStringLiteral("WAITING")), true);
        model.upsert(
            session(QStringLiteral("mine"), QStringLiteral("ASSIGNED"), QStringLiteral("ana")),
            true);
        model.upsert(
            session(QStringLiteral("theirs"), QStringLiteral("ASSIGNED"), QStringLiteral("bob")),
            true);
        model.upsert(session(QStringLiteral("done"), QStringLiteral("CLOSED")), true);
        model.addMessage(message(QStringLiteral("ai"), 2, QStringLiteral("USER"),
                             QStringLiteral("Where is my invoice?")),
            true);

        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        const auto showing = [&proxy](SessionFilterProxy::Filter filter) {
            proxy.setFilter(filter);
            QStringList ids = visibleIds(proxy);
            ids.sort();
            return ids;
        };
        QCOMPARE(
            showing(SessionFilterProxy::Filter::Waiting), QStringList { QStringLiteral("wait") });
        QCOMPARE(showing(SessionFilterProxy::Filter::Mine), QStringList { QStringLiteral("mine") });
        QCOMPARE(showing(SessionFilterProxy::Filter::Ai), QStringList { QStringLiteral("ai") });
        QCOMPARE(
            showing(SessionFilterProxy::Filter::Closed), QStringList { QStringLiteral("done") });
        QCOMPARE(showing(SessionFilterProxy::Filter::All).size(), 5);

        proxy.setSearchText(QStringLiteral("INVOICE"));
        QCOMPARE(visibleIds(proxy), QStringList { QStringLiteral("ai") });
        // The server found the text in an older message of "done".
        proxy.setServerMatches(QStringLiteral("INVOICE"), { QStringLiteral("done") });
        QCOMPARE(visibleIds(proxy).size(), 2);
        // An answer to an earlier search is ignored.
        proxy.setSearchText(QStringLiteral("customer wait"));
        proxy.setServerMatches(
            QStringLiteral("INVOICE"), { QStringLiteral("done"), QStringLiteral("ai") });
        QCOMPARE(visibleIds(proxy), QStringList { QStringLiteral("wait") });
    }

    void filtersByLabelFromTheComboOrTheSearch()
    {
        SessionListModel model;
        model.setCurrentAgent(QStringLiteral("ana"));
        SessionItem billing = session(QStringLiteral("billing"), QStringLiteral("ACTIVE"));
        billing.labels = QStringList { QStringLiteral("Billing"), QStringLiteral("vip") };
        SessionItem bug = session(QStringLiteral("bug"), QStringLiteral("ACTIVE"));
        bug.labels = QStringList { QStringLiteral("bug") };
        model.upsert(billing, true);
        model.upsert(bug, true);
        model.upsert(session(QStringLiteral("none"), QStringLiteral("ACTIVE")), true);
        model.setLabelColours({ { QStringLiteral("billing"), QColor(0x2e, 0x7d, 0x32) } });
        const QModelIndex billingRow = model.index(model.rowOf(QStringLiteral("billing")), 0);
        QCOMPARE(billingRow.data(SessionListModel::LabelsRole).toStringList(), billing.labels);
        QCOMPARE(
            billingRow.data(SessionListModel::LabelColoursRole).toList().value(0).value<QColor>(),
            QColor(0x2e, 0x7d, 0x32));

        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        const auto shown = [&proxy] {
            QStringList ids = visibleIds(proxy);
            ids.sort();
            return ids;
        };
        QCOMPARE(shown().size(), 3);
        proxy.setLabelFilter(QStringLiteral("billing")); // whatever its case
        QCOMPARE(shown(), QStringList { QStringLiteral("billing") });
        proxy.setLabelFilter(QString());
        QCOMPARE(shown().size(), 3);
        proxy.setSearchText(QStringLiteral("label:BUG"));
        QCOMPARE(shown(), QStringList { QStringLiteral("bug") });
        // Both must hold: the combo's label and the search's.
        proxy.setLabelFilter(QStringLiteral("vip"));
        QCOMPARE(shown(), QStringList());
        proxy.setSearchText(QString());
        QCOMPARE(shown(), QStringList { QStringLiteral("billing") });
        QString label;
        QCOMPARE(SessionFilterProxy::withoutLabelWords(
                     QStringLiteral("invoice label:vip march"), &label),
            QStringLiteral("invoice march"));
        QCOMPARE(label, QStringLiteral("vip"));
    }

    void sortsByEachColumn()
    {
        SessionListModel model;
        model.upsert(session(QStringLiteral("old"), QStringLiteral("ACTIVE"), {}, 0), true);
        model.upsert(session(QStringLiteral("new"), QStringLiteral("ACTIVE"), {}, 60), true);
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.sort(SessionListModel::Time, Qt::DescendingOrder);
        QCOMPARE(visibleIds(proxy), (QStringList { QStringLiteral("new"), QStringLiteral("old") }));
        MessageItem bump
            = message(QStringLiteral("old"), 5, QStringLiteral("USER"), QStringLiteral("bump"));
        bump.createdAt = T0.addSecs(120); // a new message moves it up, live
        model.addMessage(bump, true);
        QTRY_COMPARE(visibleIds(proxy).first(), QStringLiteral("old"));
        proxy.sort(SessionListModel::Unread, Qt::DescendingOrder);
        QCOMPARE(visibleIds(proxy).first(), QStringLiteral("old"));
    }

    void putsTheQueueFirstLongestWaitingFirst()
    {
        // Three customers waiting (since 5, 20 and 10 minutes ago), two who do not wait but
        // wrote more recently than any of them.
        const QDateTime now = QDateTime::currentDateTimeUtc();
        SessionListModel model;
        const auto add = [&model, &now](const QString &id, const QString &status, int minutesAgo) {
            SessionItem s = session(id, status);
            s.updatedAt = now.addSecs(-60);
            s.lastMessageAt = now.addSecs(-60 * minutesAgo);
            if (status == QLatin1String("WAITING"))
                s.waitingSince = now.addSecs(-60 * minutesAgo);
            model.upsert(s, true);
        };
        add(QStringLiteral("w5"), QStringLiteral("WAITING"), 5);
        add(QStringLiteral("ai"), QStringLiteral("ACTIVE"), 0);
        add(QStringLiteral("w20"), QStringLiteral("WAITING"), 20);
        add(QStringLiteral("closed"), QStringLiteral("CLOSED"), 1);
        add(QStringLiteral("w10"), QStringLiteral("WAITING"), 10);
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        const auto order = [&proxy] {
            QStringList ids;
            for (int row = 0; row < proxy.rowCount(); ++row)
                ids << proxy.index(row, 0).data(SessionListModel::SessionIdRole).toString();
            return ids;
        };
        // As the console shows it: newest activity first, the queue pinned above it.
        proxy.sort(SessionListModel::Time, Qt::DescendingOrder);
        QCOMPARE(order(),
            (QStringList { QStringLiteral("w20"), QStringLiteral("w10"), QStringLiteral("w5"),
                QStringLiteral("ai"), QStringLiteral("closed") }));
        proxy.sort(SessionListModel::Time, Qt::AscendingOrder);
        QCOMPARE(order(),
            (QStringList { QStringLiteral("w20"), QStringLiteral("w10"), QStringLiteral("w5"),
                QStringLiteral("closed"), QStringLiteral("ai") }));
        proxy.sort(SessionListModel::Time, Qt::DescendingOrder);
        proxy.setFilter(SessionFilterProxy::Filter::Waiting);
        QCOMPARE(order(),
            (QStringList { QStringLiteral("w20"), QStringLiteral("w10"), QStringLiteral("w5") }));

        // Each waiting row says how long, amber then red past the thresholds.
        model.setWaitThresholds(8 * 60, 15 * 60);
        const auto time = [&model](const QString &id, int role) {
            return model.index(model.rowOf(id), SessionListModel::Time).data(role);
        };
        QCOMPARE(time(QStringLiteral("w5"), Qt::DisplayRole).toString(),
            SessionListModel::waitedText(5 * 60));
        QCOMPARE(SessionListModel::waitedText(5 * 60), QStringLiteral("5 min"));
        QCOMPARE(SessionListModel::waitedText(30), QStringLiteral("< 1 min"));
        QCOMPARE(SessionListModel::waitedText(3600 + 120), QStringLiteral("1 h 2 min"));
        QVERIFY(!time(QStringLiteral("w5"), Qt::ForegroundRole).isValid());
        QCOMPARE(time(QStringLiteral("w10"), Qt::ForegroundRole).value<QColor>(),
            QColor(0xd9, 0x77, 0x06));
        QCOMPARE(time(QStringLiteral("w20"), Qt::ForegroundRole).value<QColor>(),
            QColor(0xdc, 0x26, 0x26));
        QVERIFY(!time(QStringLiteral("ai"), Qt::ForegroundRole).isValid());

        // Taken, a customer leaves the queue and the rows follow at once.
        SessionItem taken
            = session(QStringLiteral("w20"), QStringLiteral("ASSIGNED"), QStringLiteral("marie"));
        taken.updatedAt = now;
        model.upsert(taken, false);
        QCOMPARE(order(), (QStringList { QStringLiteral("w10"), QStringLiteral("w5") }));
    }

    void saysWhenAsAChatListDoes()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(SessionListModel::relativeTimeText(now.addSecs(-20), now), QStringLiteral("now"));
        QCOMPARE(
            SessionListModel::relativeTimeText(now.addSecs(-5 * 60), now), QStringLiteral("5 min"));
        const QDateTime earlierToday = QDateTime(now.toLocalTime().date(), QTime(0, 5));
        if (earlierToday.secsTo(now) >= 3600) // (not in the first hour after midnight)
            QCOMPARE(SessionListModel::relativeTimeText(earlierToday.toUTC(), now),
                QLocale().toString(QTime(0, 5), QLocale::ShortFormat));
        const QDateTime yesterday = QDateTime(now.toLocalTime().date().addDays(-1), QTime(12, 0));
        QCOMPARE(SessionListModel::relativeTimeText(yesterday, now), QStringLiteral("Yesterday"));
        const QDate threeDaysAgo = now.toLocalTime().date().addDays(-3);
        QCOMPARE(SessionListModel::relativeTimeText(QDateTime(threeDaysAgo, QTime(12, 0)), now),
            QLocale().dayName(threeDaysAgo.dayOfWeek(), QLocale::ShortFormat));
        const QDate lastMonth = now.toLocalTime().date().addDays(-40);
        QCOMPARE(SessionListModel::relativeTimeText(QDateTime(lastMonth, QTime(12, 0)), now),
            QLocale().toString(lastMonth, QLocale::ShortFormat));
        QCOMPARE(SessionListModel::relativeTimeText({}, now), QString());
    }

    void placesMessagesBySeqWithoutDuplicates()
    {
        Conversation conversation;
        conversation.open(QStringLiteral("s"));
        QSignalSpy appended(&conversation, &Conversation::appended);
        QSignalSpy reset(&conversation, &Conversation::reset);
        conversation.merge(
            { message(QStringLiteral("s"), 1, QStringLiteral("ASSISTANT"), QStringLiteral("Hello")),
                message(QStringLiteral("s"), 3, QStringLiteral("USER"), QStringLiteral("three")) });
        QCOMPARE(appended.size(), 2);
        conversation.merge(
            { message(QStringLiteral("s"), 3, QStringLiteral("USER"), QStringLiteral("three")) });
        QCOMPARE(appended.size(), 2);
        conversation.merge({ message(
            QStringLiteral("other"), 4, QStringLiteral("USER"), QStringLiteral("not ours")) });
        QCOMPARE(conversation.lastSeq(), 3);
        // seq 2 arrives late (a re-read after a reconnect): everything is shown again, in order.
        conversation.merge(
            { message(QStringLiteral("s"), 2, QStringLiteral("USER"), QStringLiteral("two")) });
        QCOMPARE(reset.size(), 1);
        QList<qint64> seqs;
        for (const MessageItem &m : conversation.messages())
            seqs << m.seq;
        QCOMPARE(seqs, (QList<qint64> { 1, 2, 3 }));
        conversation.open(QString());
        conversation.merge(
            { message(QString(), 9, QStringLiteral("USER"), QStringLiteral("none")) });
        QVERIFY(conversation.messages().isEmpty());
    }

    void groupsConsecutiveMessagesOfOneAuthorWithinMinutes()
    {
        const QDateTime t = QDateTime(QDate(2026, 11, 24), QTime(10, 0), Qt::LocalTime);
        const qint64 gap = TranscriptModel::GroupGapSeconds;
        Conversation conversation;
        conversation.open(QStringLiteral("t"));
        conversation.merge({
            said(1, QStringLiteral("USER"), t),
            said(2, QStringLiteral("USER"), t.addSecs(60)), // same author, a minute later
            said(3, QStringLiteral("USER"), t.addSecs(60 + gap + 1)), // past the gap: new group
            said(4, QStringLiteral("ASSISTANT"), t.addSecs(60 + gap + 2)), // another author
            said(5, QStringLiteral("ASSISTANT"), t.addSecs(60 + gap + 3)),
            said(6, QStringLiteral("AGENT"), t.addSecs(60 + gap + 4), QStringLiteral("Ana")),
            said(7, QStringLiteral("AGENT"), t.addSecs(60 + gap + 5), QStringLiteral("Ben")),
            said(8, QStringLiteral("SYSTEM"), t.addSecs(60 + gap + 6)), // events stand alone
            said(9, QStringLiteral("SYSTEM"), t.addSecs(60 + gap + 7)),
        });
        TranscriptModel model;
        model.setConversation(&conversation);
        QCOMPARE(shape(model),
            QStringList({ QStringLiteral("D"), QStringLiteral("MF"), QStringLiteral("ML"),
                QStringLiteral("MFL"), QStringLiteral("MF"), QStringLiteral("ML"),
                QStringLiteral("MFL"), QStringLiteral("MFL"), QStringLiteral("MFL"),
                QStringLiteral("MFL") }));
        QCOMPARE(model.index(6).data(TranscriptModel::AuthorRole).toString(),
            QStringLiteral("Agent Ana"));
        QCOMPARE(model.index(7).data(TranscriptModel::AuthorRole).toString(),
            QStringLiteral("Agent Ben"));
        QCOMPARE(model.index(1).data().toString(), QStringLiteral("m1")); // the text itself
        QVERIFY(!model.index(1).data(Qt::ToolTipRole).toString().isEmpty()); // the full date

        // After an event Ben starts again; one more from him within the gap joins his group:
        // his previous message is no longer the last of it (its time moves down), which the
        // view hears as a change of that row.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        conversation.merge(
            { said(10, QStringLiteral("AGENT"), t.addSecs(60 + gap + 8), QStringLiteral("Ben")) });
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(
            shape(model).mid(9), QStringList({ QStringLiteral("MFL"), QStringLiteral("MFL") }));
        conversation.merge(
            { said(11, QStringLiteral("AGENT"), t.addSecs(60 + gap + 9), QStringLiteral("Ben")) });
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.last().at(0).toModelIndex().row(), 10);
        conversation.merge(
            { said(12, QStringLiteral("AGENT"), t.addSecs(60 + gap + 10), QStringLiteral("Ben")) });
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.last().at(0).toModelIndex().row(), 11);
        QCOMPARE(shape(model).mid(10),
            QStringList({ QStringLiteral("MF"), QStringLiteral("M"), QStringLiteral("ML") }));
        // Appending gave the same rows as showing it all at once.
        TranscriptModel again;
        again.setConversation(&conversation);
        QCOMPARE(shape(again), shape(model));
    }

    void separatesDaysAndNamesTodayAndYesterday()
    {
        const QDate today(2026, 11, 24);
        Conversation conversation;
        conversation.open(QStringLiteral("t"));
        conversation.merge({
            said(1, QStringLiteral("USER"), QDateTime(today.addDays(-5), QTime(9, 0))),
            said(2, QStringLiteral("USER"), QDateTime(today.addDays(-1), QTime(23, 58))),
            // Two minutes later, but another day: a separator, and a new group.
            said(3, QStringLiteral("USER"), QDateTime(today, QTime(0, 0))),
            said(4, QStringLiteral("ASSISTANT"), QDateTime(today, QTime(0, 1))),
        });
        TranscriptModel model;
        model.setToday(today);
        model.setConversation(&conversation);
        QCOMPARE(shape(model),
            QStringList({ QStringLiteral("D"), QStringLiteral("MFL"), QStringLiteral("D"),
                QStringLiteral("MFL"), QStringLiteral("D"), QStringLiteral("MFL"),
                QStringLiteral("MFL") }));
        QCOMPARE(model.index(0).data().toString(),
            QLocale().toString(today.addDays(-5), QLocale::LongFormat));
        QCOMPARE(model.index(2).data().toString(), QStringLiteral("Yesterday"));
        QCOMPARE(model.index(4).data().toString(), QStringLiteral("Today"));
        // Separators are not messages: not selectable, so never copied.
        QVERIFY(!model.flags(model.index(0)).testFlag(Qt::ItemIsSelectable));
        QVERIFY(model.flags(model.index(1)).testFlag(Qt::ItemIsSelectable));
        QVERIFY(!model.flags(model.index(1)).testFlag(Qt::ItemIsEditable));

        // A message tomorrow (the next day, seen from "today") opens one more day.
        conversation.merge(
            { said(5, QStringLiteral("USER"), QDateTime(today.addDays(1), QTime(8, 0))) });
        QCOMPARE(model.rowCount(), 9);
        QCOMPARE(model.index(7).data(TranscriptModel::KindRole).toInt(),
            static_cast<int>(TranscriptModel::RowKind::DaySeparator));
        // The next day, what was today is yesterday.
        model.setToday(today.addDays(1));
        QCOMPARE(model.index(4).data().toString(), QStringLiteral("Yesterday"));
        QCOMPARE(model.index(7).data().toString(), QStringLiteral("Today"));
        // Without a date set, Today is today's.
        model.setToday({});
        QCOMPARE(model.dayLabel(QDate::currentDate()), QStringLiteral("Today"));
        QCOMPARE(model.dayLabel(QDate::currentDate().addDays(-1)), QStringLiteral("Yesterday"));

        // Opening another session starts over.
        conversation.open(QStringLiteral("other"));
        QCOMPARE(model.rowCount(), 0);
    }

    void countsTheMostLimitedKeys()
    {
        RateLimitHitsModel model;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QList<RateLimitHitItem> hits;
        for (int i = 0; i < 3; ++i)
            hits << RateLimitHitItem { now.addSecs(-i), QStringLiteral("message"),
                QStringLiteral("ip"), QStringLiteral("10.0.0.1"), QStringLiteral("10.0.0.1"), {} };
        hits << RateLimitHitItem { now, QStringLiteral("message"), QStringLiteral("session"),
            QStringLiteral("s1"), QStringLiteral("10.0.0.2"), QStringLiteral("s1") };
        hits << RateLimitHitItem { now.addSecs(-7200), QStringLiteral("history"),
            QStringLiteral("ip"), QStringLiteral("10.0.0.9"), QStringLiteral("10.0.0.9"), {} };
        model.reset(hits);
        model.add(
            RateLimitHitItem::fromJson({ { QStringLiteral("route"), QStringLiteral("message") },
                                           { QStringLiteral("keyKind"), QStringLiteral("session") },
                                           { QStringLiteral("key"), QStringLiteral("s1") } },
                now));
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.index(0, RateLimitHitsModel::Key).data().toString(), QStringLiteral("s1"));
        const auto top = model.topKeys(now.addSecs(-3600), 10);
        QCOMPARE(top.size(), 2);
        QCOMPARE(top.at(0).key, QStringLiteral("10.0.0.1"));
        QCOMPARE(top.at(0).hits, 3);
        QCOMPARE(top.at(1).hits, 2);
    }

    void showsACountedRowOnceAsItGrows()
    {
        // The server keeps a row per key, route and second, and announces it again as it grows.
        RateLimitHitsModel model;
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto row = [&](qint64 id, qint64 count) {
            return RateLimitHitItem::fromJson(
                { { QStringLiteral("id"), id },
                    { QStringLiteral("route"), QStringLiteral("message") },
                    { QStringLiteral("keyKind"), QStringLiteral("ip") },
                    { QStringLiteral("key"), QStringLiteral("10.0.0.1") },
                    { QStringLiteral("count"), count } },
                now);
        };
        QCOMPARE(model.add(row(7, 20)), 20);
        QCOMPARE(model.add(row(7, 25)), 5); // the same row, 5 more refusals
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, RateLimitHitsModel::Count).data().toLongLong(), 25);
        QCOMPARE(
            model.headerData(RateLimitHitsModel::Count, Qt::Horizontal, Qt::DisplayRole).toString(),
            QStringLiteral("Hits"));
        QCOMPARE(model.add(row(8, 3)), 3); // the next second
        QCOMPARE(model.rowCount(), 2);
        const auto top = model.topKeys(now.addSecs(-60), 10);
        QCOMPARE(top.size(), 1);
        QCOMPARE(top.first().hits, 28);
        // An older server's hit has no count: it counts one.
        QCOMPARE(RateLimitHitItem::fromJson(
                     { { QStringLiteral("route"), QStringLiteral("message") } }, now)
                     .count,
            1);
    }

    void marksWaitingConversationsNobodyCanAnswer()
    {
        SessionListModel model;
        model.setCurrentAgent(QStringLiteral("ana"));
        SessionItem outside = SessionItem::fromJson({ { QStringLiteral("id"), QStringLiteral("o") },
            { QStringLiteral("status"), QStringLiteral("WAITING") },
            { QStringLiteral("unattended"), QStringLiteral("outside_hours") },
            { QStringLiteral("waitingSince"), QStringLiteral("2026-11-24T03:12:00.000Z") },
            { QStringLiteral("consentedAt"), QStringLiteral("2026-11-24T03:10:00.000Z") } });
        QCOMPARE(outside.unattended, QStringLiteral("outside_hours"));
        QCOMPARE(outside.consentedAt, QDateTime(QDate(2026, 11, 24), QTime(3, 10), Qt::UTC));
        SessionItem nobody = session(QStringLiteral("n"), QStringLiteral("WAITING"));
        nobody.unattended = QStringLiteral("nobody_online");
        const SessionItem attended = session(QStringLiteral("a"), QStringLiteral("WAITING"));
        // A server older than the mark sends no "unattended", nor "consentedAt".
        const SessionItem older
            = SessionItem::fromJson({ { QStringLiteral("id"), QStringLiteral("x") },
                { QStringLiteral("status"), QStringLiteral("WAITING") },
                { QStringLiteral("consentedAt"), QJsonValue(QJsonValue::Null) } });
        QVERIFY(older.unattended.isEmpty());
        QVERIFY(!older.consentedAt.isValid());
        for (const SessionItem &s : { outside, nobody, attended, older })
            model.upsert(s, true);
        const auto mark = [&model](const QString &id) {
            return model.index(model.rowOf(id), SessionListModel::Customer)
                .data(SessionListModel::UnattendedRole)
                .toString();
        };
        const auto tip = [&model](const QString &id) {
            return model.index(model.rowOf(id), SessionListModel::Status)
                .data(Qt::ToolTipRole)
                .toString();
        };
        QCOMPARE(mark(QStringLiteral("o")), QStringLiteral("Outside hours"));
        QCOMPARE(mark(QStringLiteral("n")), QStringLiteral("Nobody online"));
        QCOMPARE(mark(QStringLiteral("a")), QString());
        QCOMPARE(mark(QStringLiteral("x")), QString());
        // The tooltip says when the customer asked, in local time.
        const QString asked
            = QLocale().toString(outside.waitingSince.toLocalTime(), QLocale::ShortFormat);
        QVERIFY2(tip(QStringLiteral("o")).contains(asked), qPrintable(tip(QStringLiteral("o"))));
        QVERIFY(tip(QStringLiteral("o")).contains(QStringLiteral("outside business hours")));
        QVERIFY(tip(QStringLiteral("a")).isEmpty());
        // The search box finds them by their mark.
        SessionFilterProxy proxy;
        proxy.setSourceModel(&model);
        proxy.setSearchText(QStringLiteral("outside hours"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data(SessionListModel::SessionIdRole).toString(),
            QStringLiteral("o"));
        // Taken over, it is attended: no mark, whatever the session still says.
        SessionItem claimed = outside;
        claimed.status = QStringLiteral("ASSIGNED");
        claimed.assignedAgent = QStringLiteral("ana");
        claimed.updatedAt = T0.addSecs(60);
        model.upsert(claimed, false);
        QCOMPARE(mark(QStringLiteral("o")), QString());
    }

    void showsTheStateOfTheMailUnderEachReplyItCovers()
    {
        Conversation conversation;
        conversation.open(QStringLiteral("t"));
        conversation.merge({ message(QStringLiteral("t"), 1, QStringLiteral("USER"),
                                 QStringLiteral("hi")),
            message(QStringLiteral("t"), 2, QStringLiteral("AGENT"), QStringLiteral("first")),
            message(QStringLiteral("t"), 3, QStringLiteral("AGENT"), QStringLiteral("second")),
            message(QStringLiteral("t"), 4, QStringLiteral("NOTE"), QStringLiteral("a note")),
            message(QStringLiteral("t"), 5, QStringLiteral("AGENT"), QStringLiteral("later")) });
        TranscriptModel model;
        model.setConversation(&conversation);
        const auto rowOf = [&model](const QString &text) {
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.index(row).data().toString() == text)
                    return model.index(row);
            }
            return QModelIndex();
        };
        const auto markOf = [&](const QString &text) {
            return rowOf(text).data(TranscriptModel::MailTextRole).toString();
        };
        QCOMPARE(markOf(QStringLiteral("first")), QString()); // no mail yet

        // Queued, covering seqs 1 to 3: the agent's replies among them say so, nothing else.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        conversation.setMails({ MailItem::fromJson(
            mailJson(7, QStringLiteral("t"), QStringLiteral("queued"), 1, 3)) });
        QVERIFY(!changed.isEmpty());
        QCOMPARE(markOf(QStringLiteral("first")), QStringLiteral("E-mail queued"));
        QCOMPARE(markOf(QStringLiteral("second")), QStringLiteral("E-mail queued"));
        QCOMPARE(markOf(QStringLiteral("hi")), QString());
        QCOMPARE(markOf(QStringLiteral("a note")), QString());
        QCOMPARE(markOf(QStringLiteral("later")), QString());
        QCOMPARE(rowOf(QStringLiteral("first")).data(TranscriptModel::MailStateRole).toString(),
            QStringLiteral("queued"));
        QVERIFY(model.plainText(rowOf(QStringLiteral("second")).row())
                    .contains(QStringLiteral("E-mail queued")));

        // Retrying after an error: the tooltip says why.
        conversation.absorbMail(MailItem::fromJson(mailJson(7, QStringLiteral("t"),
            QStringLiteral("queued"), 1, 3, QStringLiteral("the mail server cannot be reached"))));
        QVERIFY(rowOf(QStringLiteral("first"))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("retrying: the mail server cannot be reached")));
        // Sent.
        conversation.absorbMail(
            MailItem::fromJson(mailJson(7, QStringLiteral("t"), QStringLiteral("sent"), 1, 3)));
        QCOMPARE(markOf(QStringLiteral("first")), QStringLiteral("Sent by e-mail"));
        // A later reply's mail refused for good.
        conversation.absorbMail(MailItem::fromJson(mailJson(9, QStringLiteral("t"),
            QStringLiteral("failed"), 4, 5, QStringLiteral("550 no such user"))));
        QCOMPARE(
            markOf(QStringLiteral("later")), QStringLiteral("E-mail failed: 550 no such user"));
        QCOMPARE(markOf(QStringLiteral("first")), QStringLiteral("Sent by e-mail"));
        // Another session's mail changes nothing here; a new conversation has none.
        conversation.absorbMail(
            MailItem::fromJson(mailJson(10, QStringLiteral("u"), QStringLiteral("failed"), 1, 3)));
        QCOMPARE(markOf(QStringLiteral("first")), QStringLiteral("Sent by e-mail"));
        conversation.open(QStringLiteral("u"));
        QVERIFY(conversation.mails().isEmpty());
    }

    void keepsTheOutboxNewestFirstAndCountsFailures()
    {
        OutboxModel model;
        QSignalSpy failed(&model, &OutboxModel::failedCountChanged);
        QList<MailItem> listed;
        for (const QJsonValue &value :
            QJsonArray { mailJson(3, QStringLiteral("t"), QStringLiteral("sent"), 1, 2),
                mailJson(1, QStringLiteral("t"), QStringLiteral("failed"), 1, 1,
                    QStringLiteral("550 refused")) })
            listed.append(MailItem::fromJson(value.toObject()));
        model.absorb(listed);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.failedCount(), 1);
        QCOMPARE(failed.size(), 1);
        // An event of a new mail goes on top; a second listing adds nothing twice.
        model.absorb(
            MailItem::fromJson(mailJson(4, QStringLiteral("t"), QStringLiteral("queued"), 3, 3)));
        model.absorb(listed);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.mail(0).id, 4);
        QCOMPARE(model.mail(2).id, 1);
        const QModelIndex state = model.index(2, OutboxModel::State);
        QCOMPARE(state.data().toString(), QStringLiteral("Failed"));
        QCOMPARE(model.index(2, OutboxModel::LastError).data().toString(),
            QStringLiteral("550 refused"));
        QCOMPARE(model.index(0, OutboxModel::To).data().toString(),
            QStringLiteral("Camille <camille@example.com>"));
        // Retried: queued again, no failure left.
        model.absorb(
            MailItem::fromJson(mailJson(1, QStringLiteral("t"), QStringLiteral("queued"), 1, 1)));
        QCOMPARE(model.failedCount(), 0);
        QCOMPARE(failed.size(), 2);
        QCOMPARE(failed.last().at(0).toInt(), 0);
        QCOMPARE(model.rowCount(), 3);
    }
};

QTEST_MAIN(TestConsoleModels)
#include "tst_consolemodels.moc"
