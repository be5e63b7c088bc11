// SPDX-License-Identifier: GPL-3.0-or-later
// Every store operation, on SQLite and on PostgreSQL: each test runs once per row of
// initTestCase_data(), so the output shows "(sqlite)" and "(postgresql)" for every test.

#include "agents/knowledgefolder.h"
#include "hostilestrings.h"
#include "manualclock.h"
#include "store/migrator.h"
#include "store/ratelimitledgers.h"
#include "store/ratelimits.h"
#include "store/sqlconnection.h"
#include "store/sqlqueries.h"
#include "store/sqlstore.h"
#include "store/storeerror.h"
#include "store/storeworkers.h"
#include "testdatabases.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSemaphore>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <functional>

using namespace frontline;
using frontline::testsupport::ManualClock;
using frontline::testsupport::TestDatabases;

namespace {

ChatSession draftSession(const QString &name = QStringLiteral("Camille"))
{
    ChatSession s;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.customerName = name;
    s.customerEmail = QStringLiteral("camille@example.fr");
    s.locale = QStringLiteral("fr");
    s.clientIp = QStringLiteral("192.0.2.7");
    s.userAgent = QStringLiteral("Mozilla/5.0 (X11; Linux x86_64)");
    s.tokenHash
        = QStringLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    return s;
}

// A transcript mail for the session (no condition on what was mailed before).
NewMail transcriptFor(const QString &sessionId)
{
    NewMail mail;
    mail.sessionId = sessionId;
    mail.kind = MailKind::Transcript;
    mail.recipient = QStringLiteral("ana@example.com");
    mail.subject = QStringLiteral("Your conversation");
    mail.text = QStringLiteral("hello");
    mail.html = QStringLiteral("<p>hello</p>");
    return mail;
}

NewMessage userMessage(
    const QString &sessionId, const QString &content, const QString &clientId = QString())
{
    NewMessage m;
    m.sessionId = sessionId;
    m.role = Role::User;
    m.content = content;
    m.clientMessageId = clientId;
    return m;
}

// A raw connection beside the store, to look at or tamper with what the store wrote.
class RawConnection final
{
public:
    explicit RawConnection(const DatabaseUrl &url)
        : m_name(QStringLiteral("raw-%1").arg(++s_counter))
    {
        QSqlDatabase db = url.addConnection(m_name);
        if (!db.open())
            qFatal("raw connection failed");
    }
    ~RawConnection() { QSqlDatabase::removeDatabase(m_name); }
    Q_DISABLE_COPY_MOVE(RawConnection)

    QVariant scalar(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    bool exec(const QString &sql) { return QSqlQuery(QSqlDatabase::database(m_name)).exec(sql); }

    // Undoes what the migrations after `version` (from 15 on) added, tables and columns, so
    // that they can run again; the caller undoes the rest and deletes their rows from
    // schema_migrations. A migration that adds a table or a column adds its undoing here.
    bool undoMigrationsAfter(int version)
    {
        struct Undo
        {
            int version;
            const char *statement;
            const char *onlyDriver = nullptr; // "QSQLITE" or "QPSQL": that dialect only
        };
        static constexpr Undo undos[] = {
            { 15, "DROP TABLE agent_presence" },
            { 16, "ALTER TABLE chat_sessions DROP COLUMN auto_assigned_at" },
            { 16, "ALTER TABLE chat_sessions DROP COLUMN passed_by" },
            { 17, "ALTER TABLE chat_sessions DROP COLUMN customer_seen_seq" },
            { 18, "DROP TABLE canned_responses" },
            { 19, "DROP TABLE session_labels" },
            { 19, "DROP TABLE labels" },
            { 20, "DROP TABLE server_secrets" },
            { 20, "ALTER TABLE chat_messages DROP COLUMN attachments" },
            { 20, "DROP TABLE attachments" },
            { 21, "DROP TABLE mail_outbox" },
            { 21, "ALTER TABLE chat_sessions DROP COLUMN customer_active_at" },
            { 21, "ALTER TABLE chat_sessions DROP COLUMN mailed_through_seq" },
            { 21, "ALTER TABLE chat_sessions DROP COLUMN waiting_unattended" },
            { 21, "ALTER TABLE chat_sessions DROP COLUMN consented_at" },
            { 22, "DROP TABLE unanswered_questions" },
            { 22, "DROP TABLE IF EXISTS knowledge_passages_fts" },
            { 22, "DROP TABLE knowledge_passages" },
            { 22, "DROP TABLE knowledge_articles" },
            { 22, "ALTER TABLE chat_messages DROP COLUMN sources" },
            { 23, "DROP TRIGGER IF EXISTS chat_messages_fts_insert", "QSQLITE" },
            { 23, "DROP TRIGGER IF EXISTS chat_messages_fts_delete", "QSQLITE" },
            { 23, "DROP TRIGGER IF EXISTS chat_messages_fts_update", "QSQLITE" },
            { 23, "DROP TABLE IF EXISTS chat_messages_fts", "QSQLITE" },
            { 23, "DROP INDEX chat_messages_search", "QPSQL" },
            { 23, "ALTER TABLE chat_messages DROP COLUMN search_words", "QPSQL" },
        };
        const QString driver = QSqlDatabase::database(m_name).driverName();
        for (const Undo &undo : undos) {
            if (undo.onlyDriver && driver != QLatin1String(undo.onlyDriver))
                continue;
            if (undo.version > version && !exec(QLatin1String(undo.statement)))
                return false;
        }
        return true;
    }

private:
    static inline int s_counter = 0;
    QString m_name;
};

} // namespace

// A group commit's outcomes, split: those stored (or found stored) and the refusals' kinds.
struct GroupOutcome
{
    QList<AppendResult> stored;
    QList<StoreError> refused;
    QList<StoreError::Kind> refusedKinds() const
    {
        QList<StoreError::Kind> kinds;
        for (const StoreError &error : refused)
            kinds.append(error.kind());
        return kinds;
    }
};

static GroupOutcome appendGroup(Store &store, const QList<AppendRequest> &requests)
{
    GroupOutcome outcome;
    for (const AppendOutcome &one : store.appendMessages(requests)) {
        if (one.result)
            outcome.stored.append(*one.result);
        else
            outcome.refused.append(*one.error);
    }
    return outcome;
}

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { TestDatabases::addDialectRows(); }
    void initTestCase() { QVERIFY2(m_databases.start(), qPrintable(m_databases.errorString())); }
    void init()
    {
        QFETCH_GLOBAL(QString, dialect);
        m_url = m_databases.fresh(dialect);
        m_clock = std::make_shared<ManualClock>();
        Migrator::migrateDatabase(m_url); // as the server does when it starts
        m_store = SqlStore::open(m_url, m_clock);
    }
    void cleanup() { m_store.reset(); }

    void migratesAnEmptyDatabaseToTheLatestVersion()
    {
        QFETCH_GLOBAL(QString, dialect);
        QCOMPARE(m_store->dialectName(), dialect);
        const int latest = SqlQueries(
            dialect == QLatin1String("sqlite") ? SqlDialect::Sqlite : SqlDialect::Postgresql)
                               .migrations()
                               .constLast()
                               .version;
        QCOMPARE(m_store->schemaVersion(), latest);
        RawConnection raw(m_url);
        QCOMPARE(
            raw.scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), latest);
        QVERIFY(m_store->isHealthy());
    }

    void bothDialectsHaveTheSameMigrations()
    {
        QList<int> sqlite, postgresql;
        for (const auto &m : SqlQueries(SqlDialect::Sqlite).migrations())
            sqlite.append(m.version);
        for (const auto &m : SqlQueries(SqlDialect::Postgresql).migrations())
            postgresql.append(m.version);
        QVERIFY(!sqlite.isEmpty());
        QCOMPARE(sqlite, postgresql);
        for (qsizetype i = 0; i < sqlite.size(); ++i)
            QCOMPARE(sqlite.at(i), int(i + 1)); // numbered 1, 2, 3, ... without holes
    }

    void opensAConnectionWithoutMigrating()
    {
        // Only the explicit step migrates: a connection (the ledger's, the cluster listener's)
        // or a store opened on an empty database leaves it empty.
        QFETCH_GLOBAL(QString, dialect);
        const DatabaseUrl empty = m_databases.fresh(dialect);
        const QString countTables = dialect == QLatin1String("sqlite")
            ? QStringLiteral("SELECT COUNT(*) FROM sqlite_master")
            : QStringLiteral("SELECT COUNT(*) FROM information_schema.tables "
                             "WHERE table_schema = current_schema()");
        {
            const auto connection = SqlConnection::open(empty);
            QCOMPARE(Migrator(*connection).currentVersion(), 0);
        }
        try {
            SqlStore::open(empty, m_clock);
            QFAIL("a store opened on a database that was not migrated");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::InvalidDatabase);
            QVERIFY2(
                error.message().contains(QLatin1String("migrate")), qPrintable(error.message()));
        }
        {
            RawConnection raw(empty);
            QCOMPARE(raw.scalar(countTables).toInt(), 0);
        }
        Migrator::migrateDatabase(empty);
        const auto store = SqlStore::open(empty, m_clock);
        QCOMPARE(store->schemaVersion(), TestDatabases::latestSchemaVersion());
        RawConnection raw(empty);
        QVERIFY(raw.scalar(countTables).toInt() > 0);
    }

    void reopensAnExistingDatabaseWithItsData()
    {
        const ChatSession created = m_store->createSession(draftSession(), {});
        m_store->appendMessage(userMessage(created.id, QStringLiteral("Bonjour")), {});
        m_store.reset();

        Migrator::migrateDatabase(m_url); // nothing left to do
        m_store = SqlStore::open(m_url, m_clock);
        const int latest = TestDatabases::latestSchemaVersion();
        QCOMPARE(m_store->schemaVersion(), latest);
        QCOMPARE(m_store->session(created.id)->customerName, QStringLiteral("Camille"));
        QCOMPARE(m_store->messagesAfter(created.id, 0, 10).size(), 1);
        RawConnection raw(m_url);
        QCOMPARE(
            raw.scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")).toInt(), latest);
    }

    void upgradesADatabaseOfTheFirstVersion()
    {
        // Take a database back to version 1, as the first release left it, then open it.
        QFETCH_GLOBAL(QString, dialect);
        const ChatSession created = m_store->createSession(draftSession(), {});
        m_store.reset();
        {
            RawConnection raw(m_url);
            QVERIFY(raw.exec(
                QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN assistant_messages")));
            QVERIFY(
                raw.exec(QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN waiting_since")));
            QVERIFY(
                raw.exec(QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN waiting_reason")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE stream_tickets")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE agent_tokens")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE agent_reads")));
            QVERIFY(raw.exec(QStringLiteral("DROP TABLE user_daily_tokens")));
            QVERIFY(raw.exec(QStringLiteral("DROP INDEX IF EXISTS chat_messages_session_role")));
            if (dialect == QLatin1String("postgresql")) {
                QVERIFY(raw.exec(QStringLiteral("DROP TABLE cluster_events")));
                QVERIFY(raw.exec(QStringLiteral("DROP TABLE rate_limit_windows")));
                QVERIFY(raw.exec(QStringLiteral("DROP FUNCTION frontline_take_rate_limit_slot")));
                QVERIFY(raw.exec(QStringLiteral("DROP FUNCTION frontline_append_messages")));
                QVERIFY(raw.exec(QStringLiteral("DROP FUNCTION frontline_append_message")));
                QVERIFY(raw.exec(QStringLiteral("DROP TYPE frontline_appended")));
                QVERIFY(raw.exec(QStringLiteral("DROP TYPE frontline_charge")));
            }
            QVERIFY(raw.exec(QStringLiteral("DROP INDEX rate_limit_hits_row")));
            QVERIFY(raw.exec(QStringLiteral("ALTER TABLE rate_limit_hits DROP COLUMN at_second")));
            QVERIFY(raw.exec(QStringLiteral("ALTER TABLE rate_limit_hits DROP COLUMN hit_count")));
            // Version 1 kept a row per refusal: two in one second, one in the next.
            for (const char *at : { "1795512600125", "1795512600900", "1795512601100" })
                QVERIFY(raw.exec(
                    QStringLiteral("INSERT INTO rate_limit_hits (at, route, key_kind, key) "
                                   "VALUES (%1, 'message', 'ip', '198.51.100.1')")
                        .arg(QLatin1String(at))));
            QVERIFY(raw.undoMigrationsAfter(1));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version > 1")));
        }
        try {
            SqlStore::open(m_url, m_clock);
            QFAIL("a store opened on a database that was not migrated");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::InvalidDatabase);
        }
        Migrator::migrateDatabase(m_url);
        m_store = SqlStore::open(m_url, m_clock);
        QCOMPARE(m_store->schemaVersion(), TestDatabases::latestSchemaVersion());
        QCOMPARE(m_store->session(created.id)->id, created.id);
        m_store->addUsage({ QStringLiteral("u"), UsageDelta { .tokensIn = 5, .tokensOut = 7 } });
        QCOMPARE(m_store->dailyTokens(QStringLiteral("u"), m_clock->now().date()), 12);
        // The refusals kept one per row are folded into a row per second with its count.
        const QList<RateLimitHit> hits = m_store->rateLimitHits({});
        QCOMPARE(hits.size(), 2);
        QCOMPARE(hits.at(0).count, 1);
        QCOMPARE(hits.at(1).count, 2);
        QCOMPARE(hits.at(1).at, QDateTime::fromMSecsSinceEpoch(1795512600125, Qt::UTC));
    }

    void startsTheWaitOfSessionsWaitingBeforeVersion12()
    {
        // Version 12 keeps since when a session waits: one waiting already counts from its
        // last change.
        const ChatSession waiting = m_store->createSession(draftSession(QStringLiteral("A")), {});
        const ChatSession active = m_store->createSession(draftSession(QStringLiteral("B")), {});
        QVERIFY(m_store->startWaiting(waiting.id, WaitingReason::CustomerAsked, Unattended::None));
        const QDateTime lastChange = m_store->session(waiting.id)->updatedAt;
        m_store.reset();
        {
            RawConnection raw(m_url);
            QVERIFY(
                raw.exec(QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN waiting_since")));
            QVERIFY(
                raw.exec(QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN waiting_reason")));
            QVERIFY(raw.undoMigrationsAfter(11));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version > 11")));
        }
        Migrator::migrateDatabase(m_url);
        m_store = SqlStore::open(m_url, m_clock);
        QCOMPARE(m_store->session(waiting.id)->waitingSince, lastChange);
        QCOMPARE(m_store->session(waiting.id)->waitingReason, WaitingReason::None);
        QVERIFY(!m_store->session(active.id)->waitingSince.isValid());
    }

    void acceptsNotesOnceADatabaseOfVersion13IsUpgraded()
    {
        // Version 14 lets chat_messages hold the agents' notes (role NOTE). A database of
        // version 13 refuses them; once upgraded it keeps every message as it was, its index
        // on the client's ids, and accepts a note.
        QFETCH_GLOBAL(QString, dialect);
        const ChatSession s = m_store->createSession(draftSession(), {});
        NewMessage first = userMessage(s.id, QStringLiteral("Bonjour"));
        first.clientMessageId = QStringLiteral("client-1");
        const ChatMessage kept = m_store->appendMessage(first, {}).message;
        m_store->appendMessage(userMessage(s.id, QStringLiteral("Encore")), {});
        m_store.reset();
        const QString oldCheck
            = QStringLiteral("CHECK (role IN ('USER', 'ASSISTANT', 'AGENT', 'SYSTEM'))");
        {
            RawConnection raw(m_url);
            if (dialect == QLatin1String("postgresql")) {
                QVERIFY(raw.exec(QStringLiteral(
                    "ALTER TABLE chat_messages DROP CONSTRAINT chat_messages_role_check")));
                QVERIFY(raw.exec(
                    QStringLiteral(
                        "ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_role_check ")
                    + oldCheck));
            } else {
                // The table as migration 0001 made it, with the columns of 0020 and 0022 (which the
                // undoing below drops).
                QVERIFY(raw.exec(QStringLiteral(
                    "CREATE TABLE old_messages (id TEXT PRIMARY KEY, session_id TEXT NOT NULL "
                    "REFERENCES chat_sessions (id) ON DELETE CASCADE, seq INTEGER NOT NULL, "
                    "role TEXT NOT NULL %1, content TEXT NOT NULL, sanitized INTEGER NOT NULL "
                    "DEFAULT 0, client_message_id TEXT, agent_name TEXT, created_at INTEGER NOT "
                    "NULL, attachments TEXT, sources TEXT, "
                    "CONSTRAINT chat_messages_session_seq UNIQUE (session_id, seq))")
                                     .arg(oldCheck)));
                QVERIFY(raw.exec(
                    QStringLiteral("INSERT INTO old_messages SELECT * FROM chat_messages")));
                QVERIFY(raw.exec(QStringLiteral("DROP TABLE chat_messages")));
                QVERIFY(
                    raw.exec(QStringLiteral("ALTER TABLE old_messages RENAME TO chat_messages")));
                QVERIFY(raw.exec(QStringLiteral("CREATE UNIQUE INDEX chat_messages_client_id ON "
                                                "chat_messages (session_id, client_message_id)")));
            }
            QVERIFY(raw.undoMigrationsAfter(13));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version > 13")));
            // Version 13 refuses a note.
            QVERIFY(!raw.exec(QStringLiteral(
                "INSERT INTO chat_messages (id, session_id, seq, role, content, created_at) "
                "VALUES ('n0', '%1', 99, 'NOTE', 'no', 0)")
                                  .arg(s.id)));
        }
        Migrator::migrateDatabase(m_url);
        m_store = SqlStore::open(m_url, m_clock);
        QCOMPARE(m_store->schemaVersion(), TestDatabases::latestSchemaVersion());
        const QList<ChatMessage> before = m_store->messagesAfter(s.id, 0, 10);
        QCOMPARE(before.size(), 2);
        QCOMPARE(before.first().id, kept.id);
        QCOMPARE(before.first().content, QStringLiteral("Bonjour"));
        QCOMPARE(before.first().clientMessageId, QStringLiteral("client-1"));
        QCOMPARE(before.first().createdAt, kept.createdAt);
        // The client's id is still unique in its session: the same again is the one stored.
        const AppendResult again = m_store->appendMessage(first, {});
        QVERIFY(again.duplicate);
        QCOMPARE(again.message.id, kept.id);

        NewMessage note = userMessage(s.id, QStringLiteral("VIP, be kind"));
        note.role = Role::Note;
        note.agentName = QStringLiteral("Marie");
        const ChatMessage noted = m_store->appendMessage(note, {}).message;
        QCOMPARE(noted.seq, 3);
        QCOMPARE(m_store->messagesAfter(s.id, 0, 10).constLast().role, Role::Note);
        QCOMPARE(m_store->customerMessagesAfter(s.id, 0, 10).size(), 2);
        // Deleting the session still takes its messages with it.
        if (dialect == QLatin1String("sqlite")) {
            RawConnection raw(m_url);
            QVERIFY(raw.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
            QVERIFY(
                raw.exec(QStringLiteral("DELETE FROM chat_sessions WHERE id = '%1'").arg(s.id)));
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM chat_messages")).toInt(), 0);
        }
    }

    void marksTheAdministratorsMessagesOfBeforeVersion13()
    {
        // Version 13 names the administrator when a message is shown: their messages written
        // under the old fixed name get the mark, unless an agent has that name (then nobody
        // can tell whose they were).
        const ChatSession s = m_store->createSession(draftSession(), {});
        const auto agentMessage = [&s](const QString &agentName) {
            NewMessage m = userMessage(s.id, QStringLiteral("Bonjour"));
            m.role = Role::Agent;
            m.agentName = agentName;
            return m;
        };
        const QString byAdministrator
            = m_store->appendMessage(agentMessage(QStringLiteral("Administrator")), {}).message.id;
        const QString byMarie
            = m_store->appendMessage(agentMessage(QStringLiteral("Marie")), {}).message.id;
        const auto migrateFrom12 = [this] {
            m_store.reset();
            {
                RawConnection raw(m_url);
                QVERIFY(raw.undoMigrationsAfter(12));
                QVERIFY(
                    raw.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version > 12")));
            }
            Migrator::migrateDatabase(m_url);
            m_store = SqlStore::open(m_url, m_clock);
        };
        const auto agentNameOf = [this, &s](const QString &id) {
            for (const ChatMessage &m : m_store->messagesAfter(s.id, 0, 10))
                if (m.id == id)
                    return m.agentName;
            return QStringLiteral("(missing)");
        };
        migrateFrom12();
        QCOMPARE(agentNameOf(byAdministrator), QStringLiteral(" admin"));
        QCOMPARE(agentNameOf(byMarie), QStringLiteral("Marie"));

        Agent named;
        named.username = QStringLiteral("boss");
        named.displayName = QStringLiteral("Administrator");
        named.tokenHash = QStringLiteral("0").repeated(64);
        m_store->addAgent(named);
        const QString ambiguous
            = m_store->appendMessage(agentMessage(QStringLiteral("Administrator")), {}).message.id;
        migrateFrom12();
        QCOMPARE(agentNameOf(ambiguous), QStringLiteral("Administrator"));
    }

    void keepsTheQueuesTimeAndReasonUntilTheSessionLeavesIt()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        QVERIFY(m_store->startWaiting(s.id, WaitingReason::AssistantUnavailable, Unattended::None));
        const QDateTime since = m_clock->now();
        m_clock->advance(30'000);
        QVERIFY(m_store->startWaiting(
            s.id, WaitingReason::CustomerAsked, Unattended::None)); // asks again
        QCOMPARE(m_store->session(s.id)->waitingSince, since);
        QCOMPARE(m_store->session(s.id)->waitingReason, WaitingReason::AssistantUnavailable);
        QVERIFY(m_store->claimSession(s.id, QStringLiteral("marie")));
        QVERIFY(!m_store->session(s.id)->waitingSince.isValid());
        QCOMPARE(m_store->session(s.id)->waitingReason, WaitingReason::None);
        QVERIFY(m_store->setSessionStatus(s.id, SessionStatus::Closed, QStringLiteral("marie")));
        QVERIFY(!m_store->startWaiting(
            s.id, WaitingReason::CustomerAsked, Unattended::None)); // closed stays so
        QCOMPARE(m_store->session(s.id)->status, SessionStatus::Closed);
        QVERIFY(!m_store->startWaiting(
            QStringLiteral("missing"), WaitingReason::CustomerAsked, Unattended::None));
    }

    void givesTheQueueOutLeastLoadedFirstUpToEachCapacity()
    {
        // Six waiting, two agents of capacity 3, one of them with one open already: the queue
        // goes out longest waiting first, to the least loaded; what is left stays waiting.
        const ChatSession owned = m_store->createSession(draftSession(QStringLiteral("Old")), {});
        QVERIFY(m_store->claimSession(owned.id, QStringLiteral("bob")));
        QList<QString> waiting;
        for (int i = 0; i < 6; ++i) {
            const ChatSession s = m_store->createSession(draftSession(QString::number(i)), {});
            QVERIFY(m_store->startWaiting(s.id, WaitingReason::CustomerAsked, Unattended::None));
            waiting.append(s.id);
            m_clock->advance(1000);
        }
        const QList<AssignableAgent> agents { { QStringLiteral("bob"), 0, 3 },
            { QStringLiteral("alice"), 0, 3 } };
        const QueueAssignment given = m_store->assignQueue(agents, QStringLiteral("auto"));
        QCOMPARE(given.assigned.size(), 5);
        QCOMPARE(given.stillWaiting, 1);
        QStringList owners;
        for (const ChatSession &s : given.assigned) {
            QCOMPARE(s.status, SessionStatus::Assigned);
            QVERIFY(!s.waitingSince.isValid());
            owners.append(s.assignedAgent);
        }
        // alice (0 open) first, then whoever has fewer, ties by name.
        const QString alice = QStringLiteral("alice");
        const QString bob = QStringLiteral("bob");
        QCOMPARE(owners, QStringList({ alice, alice, bob, alice, bob }));
        QCOMPARE(given.assigned.first().id, waiting.first());
        QCOMPARE(m_store->session(waiting.last())->status, SessionStatus::Waiting);
        QCOMPARE(m_store->auditEntries(1, 0).first().action, QStringLiteral("session.autoassign"));
        // Nobody has room now: nothing changes.
        const QueueAssignment again = m_store->assignQueue(agents, QStringLiteral("auto"));
        QVERIFY(again.assigned.isEmpty());
        QCOMPARE(again.stillWaiting, 1);
        QCOMPARE(m_store->session(waiting.last())->status, SessionStatus::Waiting);
    }

    void takesBackAConversationLeftUnansweredAndOffersItToTheNextAgent()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        QVERIFY(m_store->startWaiting(s.id, WaitingReason::CustomerAsked, Unattended::None));
        const QList<AssignableAgent> both { { QStringLiteral("alice"), 0, 3 },
            { QStringLiteral("bob"), 0, 3 } };
        QCOMPARE(m_store->assignQueue(both, QStringLiteral("auto")).assigned.first().assignedAgent,
            QStringLiteral("alice"));
        const QDateTime assignedAt = m_clock->now();
        // Not yet due.
        QVERIFY(
            m_store->returnUnanswered(assignedAt.addSecs(-1), QStringLiteral("auto")).isEmpty());
        m_clock->advance(180'000);
        const QList<ChatSession> returned
            = m_store->returnUnanswered(assignedAt, QStringLiteral("auto"));
        QCOMPARE(returned.size(), 1);
        QCOMPARE(returned.first().status, SessionStatus::Waiting);
        QCOMPARE(returned.first().waitingReason, WaitingReason::Unanswered);
        QVERIFY(returned.first().assignedAgent.isEmpty());
        // Offered to bob, never to alice again...
        QCOMPARE(m_store->assignQueue(both, QStringLiteral("auto")).assigned.first().assignedAgent,
            QStringLiteral("bob"));
        // ...who answers: it is his, however long it takes.
        NewMessage reply = userMessage(s.id, QStringLiteral("Bonjour, je regarde."));
        reply.role = Role::Agent;
        reply.agentName = QStringLiteral("Bob");
        m_store->appendMessage(reply, {});
        m_clock->advance(3'600'000);
        QVERIFY(m_store->returnUnanswered(m_clock->now(), QStringLiteral("auto")).isEmpty());
        QCOMPARE(m_store->session(s.id)->assignedAgent, QStringLiteral("bob"));

        // A conversation claimed by hand is never taken back, and offered again to anyone.
        const ChatSession other = m_store->createSession(draftSession(QStringLiteral("B")), {});
        QVERIFY(m_store->startWaiting(other.id, WaitingReason::CustomerAsked, Unattended::None));
        QCOMPARE(m_store->assignQueue({ { QStringLiteral("alice"), 0, 3 } }, QStringLiteral("auto"))
                     .assigned.size(),
            1);
        QVERIFY(m_store->claimSession(other.id, QStringLiteral("alice")));
        m_clock->advance(3'600'000);
        QVERIFY(m_store->returnUnanswered(m_clock->now(), QStringLiteral("auto")).isEmpty());
    }

    void countsTheAssistantMessagesOfADatabaseOfVersion8()
    {
        // Version 9 keeps each session's count of assistant messages in a column: migrating a
        // database of version 8 counts the messages it already holds.
        QFETCH_GLOBAL(QString, dialect);
        const ChatSession chatty = m_store->createSession(draftSession(QStringLiteral("A")), {});
        const ChatSession quiet = m_store->createSession(draftSession(QStringLiteral("B")), {});
        const ChatSession empty = m_store->createSession(draftSession(QStringLiteral("C")), {});
        NewMessage answer = userMessage(chatty.id, QStringLiteral("Bonjour !"));
        answer.role = Role::Assistant;
        for (int i = 0; i < 3; ++i) {
            m_store->appendMessage(userMessage(chatty.id, QStringLiteral("question")), {});
            m_store->appendMessage(answer, {});
        }
        m_store->appendMessage(userMessage(quiet.id, QStringLiteral("allô ?")), {});
        answer.sessionId = quiet.id;
        m_store->appendMessage(answer, {});
        m_store.reset();
        {
            RawConnection raw(m_url);
            QVERIFY(raw.exec(
                QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN assistant_messages")));
            QVERIFY(
                raw.exec(QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN waiting_since")));
            QVERIFY(
                raw.exec(QStringLiteral("ALTER TABLE chat_sessions DROP COLUMN waiting_reason")));
            if (dialect == QLatin1String("postgresql")) {
                QVERIFY(raw.exec(QStringLiteral("DROP FUNCTION frontline_append_messages")));
                QVERIFY(raw.exec(QStringLiteral("DROP FUNCTION frontline_append_message")));
                QVERIFY(raw.exec(QStringLiteral("DROP TYPE frontline_appended")));
                QVERIFY(raw.exec(QStringLiteral("DROP TYPE frontline_charge")));
            }
            QVERIFY(raw.undoMigrationsAfter(8));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version > 8")));
        }
        QVERIFY_THROWS_EXCEPTION(StoreError, SqlStore::open(m_url, m_clock));
        Migrator::migrateDatabase(m_url);
        m_store = SqlStore::open(m_url, m_clock);
        QCOMPARE(m_store->schemaVersion(), TestDatabases::latestSchemaVersion());
        RawConnection raw(m_url);
        const auto counted = [&](const ChatSession &session) {
            return raw
                .scalar(QStringLiteral("SELECT assistant_messages FROM chat_sessions "
                                       "WHERE id = '%1'")
                            .arg(session.id))
                .toLongLong();
        };
        QCOMPARE(counted(chatty), 3);
        QCOMPARE(counted(quiet), 1);
        QCOMPARE(counted(empty), 0);
        // Appends go on from there, and say so.
        answer.sessionId = chatty.id;
        QCOMPARE(m_store->appendMessage(answer, {}).assistantMessages, 4);
        QCOMPARE(m_store->appendMessage(userMessage(empty.id, QStringLiteral("hé")), {})
                     .assistantMessages,
            0);
        QCOMPARE(m_store->countMessages(chatty.id, Role::Assistant), 4);
    }

    void takesAStreamTicketOnceBeforeItExpires()
    {
        const ChatSession session = m_store->createSession(draftSession(), {});
        const ChatSession other = m_store->createSession(draftSession(), {});
        m_store->addStreamTicket(QStringLiteral("hash-1"), session.id, std::chrono::seconds(60));
        QVERIFY(!m_store->takeStreamTicket(QStringLiteral("hash-1"), other.id));
        QVERIFY(m_store->takeStreamTicket(QStringLiteral("hash-1"), session.id));
        QVERIFY(!m_store->takeStreamTicket(QStringLiteral("hash-1"), session.id));

        m_store->addStreamTicket(QStringLiteral("hash-2"), session.id, std::chrono::seconds(60));
        m_clock->advance(60 * 1000);
        QVERIFY(!m_store->takeStreamTicket(QStringLiteral("hash-2"), session.id));
        // Issuing one forgets the expired ones.
        m_store->addStreamTicket(QStringLiteral("hash-3"), session.id, std::chrono::seconds(60));
        RawConnection raw(m_url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM stream_tickets")).toInt(), 1);
    }

    void refusesADatabaseNewerThanTheProgram()
    {
        const ChatSession created = m_store->createSession(draftSession(), {});
        m_store.reset();
        {
            RawConnection raw(m_url);
            QVERIFY(
                raw.exec(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) "
                                        "VALUES (999, '0999_from_the_future', 0)")));
        }
        // Refused by the migration at start, and by a store opened anyway.
        for (const auto &open : std::initializer_list<std::function<void()>> {
                 [&] { Migrator::migrateDatabase(m_url); },
                 [&] { SqlStore::open(m_url, m_clock); } }) {
            try {
                open();
                QFAIL("a newer schema was accepted");
            } catch (const StoreError &error) {
                QCOMPARE(error.kind(), StoreError::Kind::SchemaTooNew);
                QVERIFY2(
                    error.message().contains(QLatin1String("999")), qPrintable(error.message()));
                QVERIFY2(
                    error.message().contains(QLatin1String("newer")), qPrintable(error.message()));
            }
        }
        RawConnection raw(m_url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM chat_sessions")).toInt(), 1);
        QCOMPARE(
            raw.scalar(QStringLiteral("SELECT MAX(version) FROM schema_migrations")).toInt(), 999);
        Q_UNUSED(created);
    }

    void createsAndReadsASession()
    {
        ChatSession draft = draftSession();
        draft.userId = QStringLiteral("user-42");
        const ChatSession created = m_store->createSession(
            draft, UsageCharge { QStringLiteral("user-42"), UsageDelta { .sessions = 1 } });
        QCOMPARE(created.createdAt, m_clock->now());
        QCOMPARE(created.updatedAt, m_clock->now());
        QCOMPARE(created.lastSeq, 0);

        const auto read = m_store->session(draft.id);
        QVERIFY(read.has_value());
        QCOMPARE(*read, created);
        QCOMPARE(read->createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(read->createdAt.time().msec(), 125);
        QCOMPARE(m_store->usage(QStringLiteral("user-42"))->sessions, 1);
        QVERIFY(!m_store->session(QStringLiteral("no-such-session")).has_value());
    }

    void listsSessionsByStatusAndActivity()
    {
        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        m_clock->advance(1000);
        const ChatSession b = m_store->createSession(draftSession(QStringLiteral("B")), {});
        m_clock->advance(1000);
        const ChatSession c = m_store->createSession(draftSession(QStringLiteral("C")), {});
        m_clock->advance(1000);
        m_store->appendMessage(userMessage(a.id, QStringLiteral("still there?")), {});
        m_clock->advance(1000);
        QVERIFY(m_store->setSessionStatus(b.id, SessionStatus::Assigned, QStringLiteral("marie")));
        QVERIFY(!m_store->setSessionStatus(QStringLiteral("missing"), SessionStatus::Closed, {}));

        const auto names = [](const QList<ChatSession> &sessions) {
            QStringList result;
            for (const auto &s : sessions)
                result.append(s.customerName);
            return result;
        };
        // Newest activity first: b's status change and a's message came after c was created.
        QCOMPARE(names(m_store->sessions({})),
            (QStringList { QStringLiteral("B"), QStringLiteral("A"), QStringLiteral("C") }));
        QCOMPARE(names(m_store->sessions({ .status = SessionStatus::Active })),
            (QStringList { QStringLiteral("A"), QStringLiteral("C") }));
        QCOMPARE(names(m_store->sessions({ .assignedAgent = QStringLiteral("marie") })),
            QStringList { QStringLiteral("B") });
        QCOMPARE(names(m_store->sessions({ .limit = 1, .offset = 1 })),
            QStringList { QStringLiteral("A") });
        const auto assigned = m_store->session(b.id);
        QCOMPARE(assigned->status, SessionStatus::Assigned);
        QCOMPARE(assigned->assignedAgent, QStringLiteral("marie"));
        QVERIFY(m_store->setSessionStatus(b.id, SessionStatus::Active, QString()));
        QVERIFY(m_store->session(b.id)->assignedAgent.isEmpty());
        Q_UNUSED(c);
    }

    void listsSessionOverviewsAsTheSessionsWithTheirLastMessageAndUnreadCount()
    {
        // One query for an agent's session list, with the same answer as the 2N+1 queries it
        // replaces: sessions(), then lastMessage() and unreadCount() for each.
        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        m_clock->advance(1000);
        const ChatSession b = m_store->createSession(draftSession(QStringLiteral("B")), {});
        m_clock->advance(1000);
        const ChatSession c = m_store->createSession(draftSession(QStringLiteral("C")), {});
        m_clock->advance(1000);
        m_store->appendMessage(userMessage(a.id, QStringLiteral("Bonjour")), {});
        m_store->appendMessage(userMessage(a.id, QStringLiteral("Vous êtes là ?")), {});
        m_store->appendMessage(userMessage(b.id, QStringLiteral("bonjour, 100% perdu")), {});
        NewMessage answer = userMessage(b.id, QStringLiteral("Je regarde."));
        answer.role = Role::Agent;
        answer.agentName = QStringLiteral("Marie");
        m_store->appendMessage(answer, {});
        m_clock->advance(1000);
        QVERIFY(m_store->claimSession(b.id, QStringLiteral("marie")));
        m_store->markRead(QStringLiteral("marie"), a.id, 1);
        m_store->markRead(QStringLiteral("paul"), b.id, 2);

        const QList<SessionFilter> filters { {}, { .status = SessionStatus::Active },
            { .assignedAgent = QStringLiteral("marie") }, { .search = QStringLiteral("BONJOUR") },
            { .search = QStringLiteral("100%") }, { .search = QStringLiteral("nowhere") },
            { .limit = 1, .offset = 1 }, { .limit = 2, .offset = 2 } };
        for (const SessionFilter &filter : filters) {
            for (const QString &reader : { QStringLiteral("marie"), QStringLiteral("paul") }) {
                QList<SessionOverview> expected;
                for (const ChatSession &session : m_store->sessions(filter))
                    expected.append({ session, m_store->lastMessage(session.id),
                        m_store->unreadCount(reader, session.id) });
                const QList<SessionOverview> overviews = m_store->sessionOverviews(filter, reader);
                QCOMPARE(overviews.size(), expected.size());
                for (qsizetype i = 0; i < overviews.size(); ++i) {
                    QCOMPARE(overviews.at(i).session, expected.at(i).session);
                    QCOMPARE(overviews.at(i).lastMessage, expected.at(i).lastMessage);
                    QCOMPARE(overviews.at(i).unread, expected.at(i).unread);
                }
            }
        }

        // And what that answer is: newest activity first, C without any message.
        const QList<SessionOverview> all = m_store->sessionOverviews({}, QStringLiteral("marie"));
        QCOMPARE(all.size(), 3);
        QCOMPARE(all.at(0).session.id, b.id);
        QCOMPARE(all.at(0).lastMessage->content, QStringLiteral("Je regarde."));
        QCOMPARE(all.at(0).lastMessage->agentName, QStringLiteral("Marie"));
        QCOMPARE(all.at(0).unread, 1);
        QCOMPARE(all.at(1).session.id, a.id);
        QCOMPARE(all.at(1).lastMessage->seq, 2);
        QCOMPARE(all.at(1).unread, 1);
        QCOMPARE(all.at(2).session.id, c.id);
        QVERIFY(!all.at(2).lastMessage);
        QCOMPARE(all.at(2).unread, 0);
        QCOMPARE(m_store->sessionOverviews({}, QStringLiteral("paul")).at(0).unread, 0);
    }

    void letsExactlyOneOfTwoAgentsClaimASession()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        // Two connections, as two nodes would have.
        const auto other = SqlStore::open(m_url, m_clock);
        QVERIFY(m_store->claimSession(s.id, QStringLiteral("marie")));
        QVERIFY(!other->claimSession(s.id, QStringLiteral("paul")));
        QVERIFY(other->claimSession(s.id, QStringLiteral("marie"))); // claiming again is fine
        QCOMPARE(m_store->session(s.id)->assignedAgent, QStringLiteral("marie"));
        QCOMPARE(m_store->session(s.id)->status, SessionStatus::Assigned);
        QVERIFY(!other->releaseSession(s.id, QStringLiteral("paul")));
        QVERIFY(other->releaseSession(s.id, QStringLiteral("marie")));
        QCOMPARE(m_store->session(s.id)->status, SessionStatus::Active);
        QVERIFY(m_store->claimSession(s.id, QStringLiteral("paul")));
        QVERIFY(m_store->setSessionStatus(s.id, SessionStatus::Closed, QStringLiteral("paul")));
        QVERIFY(!m_store->claimSession(s.id, QStringLiteral("paul"))); // closed stays closed
        QVERIFY(!m_store->claimSession(QStringLiteral("missing"), QStringLiteral("paul")));
    }

    void storesAnAgentsReplyOnlyWhileTheAgentOwnsTheSession()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        const auto otherNode = SqlStore::open(m_url, m_clock);
        QVERIFY(m_store->claimSession(s.id, QStringLiteral("marie")));
        NewMessage reply = userMessage(s.id, QStringLiteral("Je m'en occupe."));
        reply.role = Role::Agent;
        reply.requiredOwner = QStringLiteral("marie");
        QCOMPARE(m_store->appendMessage(reply, {}).message.seq, 1);

        QVERIFY(otherNode->releaseSession(s.id, QStringLiteral("marie")));
        try {
            m_store->appendMessage(reply, {});
            QFAIL("a reply was stored in a session its agent no longer owns");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::Changed);
        }
        QVERIFY(otherNode->claimSession(s.id, QStringLiteral("paul")));
        QVERIFY_THROWS_EXCEPTION(StoreError, m_store->appendMessage(reply, {}));
        QCOMPARE(m_store->messagesAfter(s.id, 0, 10).size(), 1);
        QCOMPARE(m_store->session(s.id)->lastSeq, 1); // no number was used up by the refusals

        reply.sessionId = QStringLiteral("missing");
        try {
            m_store->appendMessage(reply, {});
            QFAIL("a reply was stored in a session that does not exist");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::NotFound);
        }
    }

    void failsAWriteThatWaitsLongerThanTheTimeoutForALock()
    {
        QFETCH_GLOBAL(QString, dialect);
        DatabaseUrl url = m_url;
        url.timeoutMs = 1000;
        m_store = SqlStore::open(url, m_clock);
        const ChatSession s = m_store->createSession(draftSession(), {});
        QVERIFY(!m_store->writesFailing());

        RawConnection locker(m_url);
        QVERIFY(locker.exec(dialect == QLatin1String("sqlite") ? QStringLiteral("BEGIN IMMEDIATE")
                                                               : QStringLiteral("BEGIN")));
        if (dialect == QLatin1String("postgresql"))
            QVERIFY(
                locker.exec(QStringLiteral("LOCK TABLE chat_messages IN ACCESS EXCLUSIVE MODE")));
        QElapsedTimer waited;
        waited.start();
        try {
            m_store->appendMessage(
                userMessage(s.id, QStringLiteral("Allô ?"), QStringLiteral("c1")), {});
            QFAIL("a write went through a lock held by another connection");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::Busy);
        }
        qInfo("refused after %lld ms", static_cast<long long>(waited.elapsed()));
        QVERIFY2(
            waited.elapsed() < 10000, "the timeout did not cut the wait short"); // 1 s, generously
        QVERIFY(m_store->writesFailing());
        QVERIFY(m_store->isHealthy()); // reading is not writing

        QVERIFY(locker.exec(QStringLiteral("ROLLBACK")));
        m_store->appendMessage(
            userMessage(s.id, QStringLiteral("Allô ?"), QStringLiteral("c1")), {});
        QVERIFY(!m_store->writesFailing());
        QCOMPARE(m_store->messagesAfter(s.id, 0, 10).size(), 1);
    }

    void keepsTheWriteAheadLogSmall()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("sqlite"))
            QSKIP("PostgreSQL manages its own write-ahead log");
        // Without checkpoints cut back to a limit, SQLite's WAL grows to 4 MiB (1,000 pages)
        // and keeps that size: on a full disk, freed space is gone again within seconds.
        const ChatSession s = m_store->createSession(draftSession(), {});
        const QString wal = m_url.sqlitePath + QStringLiteral("-wal");
        qint64 largest = 0;
        for (int i = 0; i < 600; ++i) {
            m_store->appendMessage(userMessage(s.id, QString(1500, QChar(u'a' + i % 26))), {});
            largest = std::max(largest, QFileInfo(wal).size());
        }
        qInfo("the WAL was at most %lld bytes", static_cast<long long>(largest));
        QVERIFY2(largest <= 2 * 1024 * 1024, "the write-ahead log grew past 2 MiB");
    }

    void searchesMessagesAndCountsWhatAnAgentHasNotRead()
    {
        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        const ChatSession b = m_store->createSession(draftSession(QStringLiteral("B")), {});
        m_store->appendMessage(userMessage(a.id, QStringLiteral("My INVOICE is wrong")), {});
        m_store->appendMessage(userMessage(a.id, QStringLiteral("100% sure")), {});
        m_store->appendMessage(userMessage(b.id, QStringLiteral("password reset")), {});
        const auto names = [this](const QString &search) {
            QStringList result;
            for (const auto &s : m_store->sessions({ .search = search }))
                result.append(s.customerName);
            return result;
        };
        QCOMPARE(names(QStringLiteral("invoice")), QStringList { QStringLiteral("A") }); // any case
        QCOMPARE(names(QStringLiteral("100")), QStringList { QStringLiteral("A") });
        // Without a letter or a digit there is nothing to look for: no session, never all.
        QCOMPARE(names(QStringLiteral("%")), QStringList());
        QCOMPARE(names(QStringLiteral("_")), QStringList());
        QCOMPARE(names(QStringLiteral("nothing like it")), QStringList());

        QCOMPARE(m_store->lastMessage(a.id)->content, QStringLiteral("100% sure"));
        QCOMPARE(m_store->unreadCount(QStringLiteral("marie"), a.id), 2);
        m_store->markRead(QStringLiteral("marie"), a.id, 1);
        QCOMPARE(m_store->unreadCount(QStringLiteral("marie"), a.id), 1);
        m_store->markRead(QStringLiteral("marie"), a.id, 2);
        m_store->markRead(QStringLiteral("marie"), a.id, 1); // never goes back
        QCOMPARE(m_store->unreadCount(QStringLiteral("marie"), a.id), 0);
        QCOMPARE(m_store->unreadCount(QStringLiteral("paul"), a.id), 2); // per agent
    }

    // Conversation search on full text (issue 21, migration 0023).
    QStringList sessionsFound(const QString &search)
    {
        QStringList result;
        for (const auto &s : m_store->sessions({ .search = search }))
            result.append(s.customerName);
        return result;
    }

    void searchesWhateverTheCaseAndTheAccents()
    {
        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        const ChatSession b = m_store->createSession(draftSession(QStringLiteral("B")), {});
        const ChatSession c = m_store->createSession(draftSession(QStringLiteral("C")), {});
        m_store->appendMessage(
            userMessage(a.id, QStringLiteral("Bonjour, ici Élodie Dupont.")), {});
        m_store->appendMessage(
            userMessage(b.id, QStringLiteral("La réinitialisation du mot de passe échoue")), {});
        m_store->appendMessage(userMessage(c.id, QStringLiteral("Where is my parcel?")), {});
        const QStringList onlyA { QStringLiteral("A") };
        const QStringList onlyB { QStringLiteral("B") };
        QCOMPARE(sessionsFound(QStringLiteral("elodie")), onlyA);
        QCOMPARE(sessionsFound(QStringLiteral("ELODIE")), onlyA);
        QCOMPARE(sessionsFound(QStringLiteral("Élodie")), onlyA);
        QCOMPARE(sessionsFound(QStringLiteral("élodie dupont")), onlyA);
        QCOMPARE(sessionsFound(QStringLiteral("reinitialiser")), onlyB); // the word's stem
        QCOMPARE(sessionsFound(QStringLiteral("RÉINITIALISATION")), onlyB);
        QCOMPARE(sessionsFound(QStringLiteral("echoue mot")), onlyB);
        QCOMPARE(sessionsFound(QStringLiteral("parcels")), QStringList { QStringLiteral("C") });
        // Every word, in the same message.
        QCOMPARE(sessionsFound(QStringLiteral("elodie parcel")), QStringList());
        QCOMPARE(sessionsFound(QStringLiteral("zebra")), QStringList());

        // The overview says which message matched, with a snippet and its highlights.
        const QList<SessionOverview> found = m_store->sessionOverviews(
            { .search = QStringLiteral("reinitialiser passe") }, QStringLiteral("marie"));
        QCOMPARE(found.size(), 1);
        QVERIFY(found.at(0).match);
        const SessionMatch &match = *found.at(0).match;
        QCOMPARE(match.seq, 1);
        QCOMPARE(match.messageId, m_store->lastMessage(b.id)->id);
        QCOMPARE(match.snippet.text, QStringLiteral("La réinitialisation du mot de passe échoue"));
        QCOMPARE(match.snippet.highlights.size(), 2);
        QCOMPARE(match.snippet.text.mid(
                     match.snippet.highlights.at(0).start, match.snippet.highlights.at(0).length),
            QStringLiteral("réinitialisation"));
        QCOMPARE(match.snippet.text.mid(
                     match.snippet.highlights.at(1).start, match.snippet.highlights.at(1).length),
            QStringLiteral("passe"));
        // Without a search, no match.
        for (const SessionOverview &overview :
            m_store->sessionOverviews({}, QStringLiteral("marie")))
            QVERIFY(!overview.match);
    }

    void ranksTheBestMatchingSessionsFirst()
    {
        const ChatSession once = m_store->createSession(draftSession(QStringLiteral("once")), {});
        m_clock->advance(1000);
        const ChatSession often = m_store->createSession(draftSession(QStringLiteral("often")), {});
        m_clock->advance(1000);
        const ChatSession none = m_store->createSession(draftSession(QStringLiteral("none")), {});
        m_store->appendMessage(
            userMessage(often.id, QStringLiteral("Refund, refund: my refund!")), {});
        m_store->appendMessage(userMessage(often.id, QStringLiteral("Nothing else")), {});
        m_clock->advance(1000);
        m_store->appendMessage(userMessage(once.id,
                                   QStringLiteral("I wrote a long message about many things, the "
                                                  "weather, my holidays, the delivery, and at the "
                                                  "very end I asked whether a refund was possible "
                                                  "for the order that came broken last week")),
            {});
        m_clock->advance(1000);
        m_store->appendMessage(userMessage(none.id, QStringLiteral("Hello there")), {});
        // once is the most recent of the two, yet often ranks first.
        QCOMPARE(sessionsFound(QStringLiteral("refunds")),
            (QStringList { QStringLiteral("often"), QStringLiteral("once") }));
        const QList<SessionOverview> overviews
            = m_store->sessionOverviews({ .search = QStringLiteral("refund") }, QString());
        QCOMPARE(overviews.size(), 2);
        QCOMPARE(overviews.at(0).session.id, often.id);
        QCOMPARE(overviews.at(0).match->seq, 1); // its best message, not its newest
        QCOMPARE(overviews.at(0).lastMessage->seq, 2);
        QCOMPARE(overviews.at(0).match->snippet.highlights.size(), 3);
        QCOMPARE(overviews.at(1).session.id, once.id);
        // The snippet of a long message is a window around the word.
        QVERIFY(overviews.at(1).match->snippet.text.contains(QStringLiteral("refund")));
        // Paging and filters keep the order.
        QCOMPARE(m_store
                     ->sessionOverviews(
                         { .search = QStringLiteral("refund"), .limit = 1, .offset = 1 }, QString())
                     .at(0)
                     .session.id,
            once.id);
        QVERIFY(m_store->claimSession(once.id, QStringLiteral("marie")));
        const QList<ChatSession> mine = m_store->sessions(
            { .assignedAgent = QStringLiteral("marie"), .search = QStringLiteral("refund") });
        QCOMPARE(mine.size(), 1);
        QCOMPARE(mine.at(0).id, once.id);
    }

    void searchKeepsUpWithChangedAndDeletedMessages()
    {
        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        m_store->appendMessage(userMessage(a.id, QStringLiteral("first words")), {});
        const QString id = m_store->lastMessage(a.id)->id;
        QCOMPARE(sessionsFound(QStringLiteral("first")), QStringList { QStringLiteral("A") });
        RawConnection raw(m_url);
        QVERIFY(raw.exec(
            QStringLiteral("UPDATE chat_messages SET content = 'other text' WHERE id = '%1'")
                .arg(id)));
        QCOMPARE(sessionsFound(QStringLiteral("first")), QStringList());
        QCOMPARE(sessionsFound(QStringLiteral("other")), QStringList { QStringLiteral("A") });
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM chat_messages WHERE id = '%1'").arg(id)));
        QCOMPARE(sessionsFound(QStringLiteral("other")), QStringList());
        QFETCH_GLOBAL(QString, dialect);
        if (dialect == QLatin1String("sqlite")) // the index says the same as the table
            QVERIFY(raw.exec(QStringLiteral("INSERT INTO chat_messages_fts (chat_messages_fts, "
                                            "rank) VALUES ('integrity-check', 1)")));
    }

    void searchFindsTheMessagesWrittenBeforeTheMigration()
    {
        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        m_store->appendMessage(userMessage(a.id, QStringLiteral("Commande égarée")), {});
        m_store.reset();
        {
            RawConnection raw(m_url);
            QVERIFY(raw.undoMigrationsAfter(22));
            QVERIFY(raw.exec(QStringLiteral("DELETE FROM schema_migrations WHERE version > 22")));
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO chat_messages (id, session_id, seq, role, content, created_at) "
                "VALUES ('older', '%1', 2, 'USER', 'Une facture ÉGARÉE aussi', 0)")
                                 .arg(a.id)));
        }
        Migrator::migrateDatabase(m_url);
        m_store = SqlStore::open(m_url, m_clock);
        QCOMPARE(
            sessionsFound(QStringLiteral("egaree facture")), QStringList { QStringLiteral("A") });
        QCOMPARE(sessionsFound(QStringLiteral("commande")), QStringList { QStringLiteral("A") });
    }

    void searchTreatsAnyTextAsWords()
    {
        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        m_store->appendMessage(
            userMessage(a.id, QStringLiteral("near the (order) \"quote\" AND more: x-y*")), {});
        const QStringList syntax { QStringLiteral("\""), QStringLiteral("\"quote"),
            QStringLiteral("*"), QStringLiteral("order*"), QStringLiteral("NEAR"),
            QStringLiteral("NEAR(order quote)"), QStringLiteral("more:"), QStringLiteral(":"),
            QStringLiteral("("), QStringLiteral("(order"), QStringLiteral("order)"),
            QStringLiteral("AND"), QStringLiteral("AND order"), QStringLiteral("OR"),
            QStringLiteral("NOT"), QStringLiteral("-x"), QStringLiteral("x -y"),
            QStringLiteral("^order"), QStringLiteral("order & quote | !x"),
            QStringLiteral("content:order"), QStringLiteral("'"), QStringLiteral("\\"),
            QStringLiteral("{order}"), QStringLiteral("%_"), QString(QChar(0)),
            QStringLiteral("+order"), QStringLiteral("order:*"), QStringLiteral("<->") };
        for (const QString &search : syntax) {
            try {
                m_store->sessions({ .search = search });
                m_store->sessionOverviews({ .search = search }, QStringLiteral("marie"));
            } catch (const std::exception &e) {
                QFAIL(
                    qPrintable(QStringLiteral("%1 → %2").arg(search, QString::fromUtf8(e.what()))));
            }
        }
        // The syntax is words: these find the message by its words.
        for (const QString &search : { QStringLiteral("NEAR(order quote)"),
                 QStringLiteral("\"quote"), QStringLiteral("AND order"), QStringLiteral("more:"),
                 QStringLiteral("x -y"), QStringLiteral("order*"), QStringLiteral("(order") })
            QVERIFY2(
                sessionsFound(search) == QStringList { QStringLiteral("A") }, qPrintable(search));
        // Only symbols: nothing.
        for (const QString &search : { QStringLiteral("*"), QStringLiteral("\""),
                 QStringLiteral("("), QStringLiteral(":"), QStringLiteral("<->") })
            QVERIFY2(sessionsFound(search).isEmpty(), qPrintable(search));

        FRONTLINE_FETCH_HOSTILE_STRINGS(hostile);
        for (const QString &search : hostile) {
            try {
                m_store->sessionOverviews({ .search = search }, QStringLiteral("marie"));
            } catch (const std::exception &e) {
                QFAIL(
                    qPrintable(QStringLiteral("%1 → %2").arg(search, QString::fromUtf8(e.what()))));
            }
        }
    }

    void keepsLabelsAndTheSessionsThatCarryThem()
    {
        const Label billing = m_store->addLabel(
            QStringLiteral("Billing"), QStringLiteral("#2E7D32"), QStringLiteral("ada"));
        QCOMPARE(billing.colour, QStringLiteral("#2e7d32"));
        QCOMPARE(m_store->label(billing.id), std::optional<Label>(billing)); // read back equal
        const Label bug
            = m_store->addLabel(QStringLiteral("bug"), defaultLabelColour(), QStringLiteral("ada"));
        // Unique whatever the case, by the database itself.
        try {
            m_store->addLabel(
                QStringLiteral("BILLING"), defaultLabelColour(), QStringLiteral("ada"));
            QFAIL("a second label named billing was stored");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::Conflict);
        }
        QCOMPARE(m_store->labels(), QList<Label>({ billing, bug })); // by name

        const ChatSession a = m_store->createSession(draftSession(QStringLiteral("A")), {});
        const ChatSession b = m_store->createSession(draftSession(QStringLiteral("B")), {});
        QCOMPARE(m_store->setSessionLabels(a.id, { bug.id, billing.id }, QStringLiteral("marie"))
                     ->labels,
            QStringList({ QStringLiteral("Billing"), QStringLiteral("bug") }));
        QVERIFY(!m_store->setSessionLabels(
            QStringLiteral("missing"), { bug.id }, QStringLiteral("ada")));
        QVERIFY(m_store->setSessionLabels(b.id, { bug.id }, QStringLiteral("ada")));
        QCOMPARE(m_store->session(a.id)->labels,
            QStringList({ QStringLiteral("Billing"), QStringLiteral("bug") }));
        const auto named = [this](const QString &label) {
            QStringList result;
            for (const auto &s : m_store->sessions({ .label = label }))
                result.append(s.customerName);
            result.sort();
            return result;
        };
        QCOMPARE(named(QStringLiteral("billing")), QStringList({ QStringLiteral("A") }));
        QCOMPARE(named(QStringLiteral("BUG")),
            QStringList({ QStringLiteral("A"), QStringLiteral("B") }));
        QCOMPARE(
            m_store->sessionOverviews({ .label = QStringLiteral("bug") }, QStringLiteral("marie"))
                .size(),
            2);

        // Renamed: the sessions that carry it come back with the new name.
        const auto renamed = m_store->changeLabel(bug.id,
            { .name = QStringLiteral("Defect"), .colour = std::nullopt }, QStringLiteral("ada"));
        QVERIFY(renamed);
        QCOMPARE(renamed->sessions.size(), 2);
        QCOMPARE(m_store->session(b.id)->labels, QStringList({ QStringLiteral("Defect") }));
        QVERIFY(!m_store->changeLabel(9999, {}, QStringLiteral("ada")));
        // Deleted: off every session.
        const auto removed = m_store->removeLabel(billing.id, QStringLiteral("ada"));
        QVERIFY(removed);
        QCOMPARE(removed->sessions.size(), 1);
        QCOMPARE(m_store->session(a.id)->labels, QStringList({ QStringLiteral("Defect") }));
        QVERIFY(!m_store->removeLabel(billing.id, QStringLiteral("ada")));
        // A label gone meanwhile is refused, and the session keeps what it had.
        try {
            m_store->setSessionLabels(a.id, { billing.id }, QStringLiteral("ada"));
            QFAIL("a deleted label was put on a session");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::Conflict);
        }
        QCOMPARE(m_store->session(a.id)->labels, QStringList({ QStringLiteral("Defect") }));
        QStringList audited;
        for (const AuditEntry &entry : m_store->auditEntries(20, 0))
            audited.prepend(entry.action);
        QCOMPARE(audited,
            QStringList({ QStringLiteral("label.add"), QStringLiteral("label.add"),
                QStringLiteral("session.labels"), QStringLiteral("session.labels"),
                QStringLiteral("label.change"), QStringLiteral("label.remove") }));
    }

    void queuesEachReplyMailOnceAndKeepsWhatItSends()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        NewMail reply;
        reply.sessionId = s.id;
        reply.kind = MailKind::Reply;
        reply.recipient = QStringLiteral("ana@example.com");
        reply.recipientName = QStringLiteral("Ana \r\nBcc: x@example.com");
        reply.subject = QStringLiteral("Réponse à votre question");
        reply.text = QStringLiteral("Bonjour\n.\nfin");
        reply.html = QStringLiteral("<p>Bonjour</p>");
        reply.firstSeq = 2;
        reply.lastSeq = 3;
        const auto queued = m_store->queueMail(reply, QStringLiteral("a1@example.com"));
        QVERIFY(queued);
        QCOMPARE(queued->state, MailState::Queued);
        QCOMPARE(queued->messageId, QStringLiteral("a1@example.com"));
        QCOMPARE(queued->recipientName, reply.recipientName); // kept as given: renderMime cleans
        QCOMPARE(queued->text, reply.text);
        QCOMPARE(queued->lastSeq, 3);
        QVERIFY(queued->nextAttemptAt.isValid() && queued->sentAt.isNull());
        // The same replies again (another node looking): nothing queued; later ones are.
        QVERIFY(!m_store->queueMail(reply, QStringLiteral("a2@example.com")));
        // Overlapping ones (a node that read 3..5 while another queued 2..3): nothing either.
        reply.firstSeq = 3;
        reply.lastSeq = 5;
        QVERIFY(!m_store->queueMail(reply, QStringLiteral("a4@example.com")));
        reply.firstSeq = 4;
        reply.lastSeq = 4;
        QVERIFY(m_store->queueMail(reply, QStringLiteral("a3@example.com")));
        // A transcript has no such condition.
        NewMail transcript = reply;
        transcript.kind = MailKind::Transcript;
        QVERIFY(m_store->queueMail(transcript, QStringLiteral("t1@example.com")));
        QVERIFY(m_store->queueMail(transcript, QStringLiteral("t2@example.com")));
        const QList<OutboxMail> mails = m_store->mailsOfSession(s.id);
        QCOMPARE(mails.size(), 4);
        QCOMPARE(mails.first(), *queued);
        QCOMPARE(mails.last().kind, MailKind::Transcript);
        try {
            transcript.sessionId = QStringLiteral("missing");
            m_store->queueMail(transcript, QStringLiteral("t3@example.com"));
            QFAIL("a mail was queued for no session");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::NotFound);
        }
        // Deleting the session deletes its mails.
        RawConnection raw(m_url);
        if (m_store->dialectName() == QLatin1String("sqlite"))
            QVERIFY(raw.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM chat_sessions WHERE id = '%1'").arg(s.id)));
        QVERIFY(m_store->mailsOfSession(s.id).isEmpty());
    }

    void findsTheRepliesOfCustomersWhoLeftAndClosesWithTheCopy()
    {
        try {
            repliesAndClose();
        } catch (const StoreError &error) {
            QFAIL(qPrintable(error.message()));
        }
    }
    void repliesAndClose()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        const ChatSession noAddress = [&] {
            ChatSession draft = draftSession();
            draft.customerEmail.clear();
            return m_store->createSession(draft, {});
        }();
        m_store->appendMessage(userMessage(s.id, QStringLiteral("Bonjour")), {});
        NewMessage reply;
        reply.sessionId = s.id;
        reply.role = Role::Agent;
        reply.content = QStringLiteral("Voici");
        reply.agentName = QStringLiteral("Marie");
        const qint64 replySeq = m_store->appendMessage(reply, {}).message.seq;
        reply.sessionId = noAddress.id;
        m_store->appendMessage(reply, {});
        NewMessage note = reply;
        note.sessionId = s.id;
        note.role = Role::Note;
        note.content = QStringLiteral("SECRET");
        m_store->appendMessage(note, {});

        const QDateTime start = m_clock->now();
        // Active now: not gone yet. customer_active_at only moves forward.
        m_store->markCustomersActive({ s.id }, start.addSecs(60));
        m_store->markCustomersActive({ s.id }, start);
        QVERIFY(m_store->repliesToMail(start.addSecs(60), start.addDays(-1), 10).isEmpty());
        QList<RepliesToMail> due = m_store->repliesToMail(start.addSecs(61), start.addDays(-1), 10);
        QCOMPARE(due.size(), 1); // not the session without an address
        QCOMPARE(due.first().session.id, s.id);
        QCOMPARE(due.first().replies.size(), 1); // no customer's message, no note
        QCOMPARE(due.first().replies.first().seq, replySeq);
        // Too old a reply is left alone; a reply seen, or mailed, is no more due.
        QVERIFY(m_store->repliesToMail(start.addSecs(61), start.addSecs(1), 10).isEmpty());
        QVERIFY(m_store->markCustomerSeen(s.id, replySeq));
        QVERIFY(m_store->repliesToMail(start.addSecs(61), start.addDays(-1), 10).isEmpty());

        // A new token; the address given; a close that queues its copy in its transaction.
        const auto rotated = m_store->rotateSessionToken(s.id, QStringLiteral("ab12"));
        QVERIFY(rotated);
        QCOMPARE(rotated->tokenHash, QStringLiteral("ab12"));
        QVERIFY(!m_store->rotateSessionToken(QStringLiteral("missing"), QStringLiteral("ab12")));
        QCOMPARE(m_store->setCustomerEmail(s.id, QStringLiteral("new@example.com"))->customerEmail,
            QStringLiteral("new@example.com"));
        NewMail copy;
        copy.sessionId = s.id;
        copy.kind = MailKind::OperatorCopy;
        copy.recipient = QStringLiteral("archive@example.com");
        copy.subject = QStringLiteral("Closed");
        copy.text = QStringLiteral("text");
        copy.html = QStringLiteral("<p>text</p>");
        const ClosedSession closed
            = m_store->closeSession(s.id, QString(), copy, QStringLiteral("c1@example.com"));
        QVERIFY(closed.closed);
        QVERIFY(closed.copy);
        QCOMPARE(closed.copy->kind, MailKind::OperatorCopy);
        QCOMPARE(m_store->session(s.id)->status, SessionStatus::Closed);
        QCOMPARE(m_store->mailsOfSession(s.id).size(), 1);
        // The same Message-ID again: the copy fails, and so does the close with it.
        const ChatSession other = m_store->createSession(draftSession(), {});
        copy.sessionId = other.id;
        try {
            m_store->closeSession(other.id, QString(), copy, QStringLiteral("c1@example.com"));
            QFAIL("a copy with a Message-ID already used was queued");
        } catch (const StoreError &) {
        }
        QCOMPARE(m_store->session(other.id)->status, SessionStatus::Active);
        QVERIFY(
            !m_store->closeSession(QStringLiteral("missing"), QString(), std::nullopt, {}).closed);
    }

    void claimsDueMailsForALeaseAndFinishesThemByTheClaimerOnly()
    {
        m_store->setClusterNode(QStringLiteral("node-a")); // ignored by SQLite
        const ChatSession s = m_store->createSession(draftSession(), {});
        const OutboxMail first
            = *m_store->queueMail(transcriptFor(s.id), QStringLiteral("c1@x.com"));
        m_clock->advance(10);
        const OutboxMail second
            = *m_store->queueMail(transcriptFor(s.id), QStringLiteral("c2@x.com"));
        using namespace std::chrono_literals;

        // Oldest due first, as many as asked; each is the claimer's for the lease.
        const QList<OutboxMail> claimed = m_store->claimDueMails(QStringLiteral("node-a"), 1, 60s);
        QCOMPARE(claimed.size(), 1);
        QCOMPARE(claimed.first().id, first.id);
        QCOMPARE(claimed.first().state, MailState::Sending);
        QCOMPARE(claimed.first().attempts, 1);
        QCOMPARE(claimed.first().messageId, QStringLiteral("c1@x.com"));
        // A claimed row is nobody else's while its lease runs.
        const QList<OutboxMail> others = m_store->claimDueMails(QStringLiteral("node-b"), 10, 60s);
        QCOMPARE(others.size(), 1);
        QCOMPARE(others.first().id, second.id);
        QVERIFY(m_store->claimDueMails(QStringLiteral("node-b"), 10, 60s).isEmpty());

        // Only the claimer records the outcome.
        QVERIFY(!m_store->finishMail(first.id, QStringLiteral("node-b"), {}));
        QCOMPARE(m_store->mail(first.id)->state, MailState::Sending);
        const auto sent = m_store->finishMail(first.id, QStringLiteral("node-a"), {});
        QVERIFY(sent);
        QCOMPARE(sent->state, MailState::Sent);
        QCOMPARE(sent->sentAt, m_clock->now());
        QVERIFY(!m_store->finishMail(first.id, QStringLiteral("node-a"), {})); // once

        // A retry goes back to the queue for its time, with the reason.
        const MailOutcome retry { MailOutcome::Kind::Retry, m_clock->now().addSecs(5),
            QStringLiteral("the mail server cannot be reached") };
        const auto queued = m_store->finishMail(second.id, QStringLiteral("node-b"), retry);
        QVERIFY(queued);
        QCOMPARE(queued->state, MailState::Queued);
        QCOMPARE(queued->nextAttemptAt, m_clock->now().addSecs(5));
        QCOMPARE(queued->lastError, retry.error);
        QVERIFY(m_store->claimDueMails(QStringLiteral("node-a"), 10, 60s).isEmpty()); // not yet
        m_clock->advance(5000);
        const QList<OutboxMail> due = m_store->claimDueMails(QStringLiteral("node-a"), 10, 60s);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due.first().attempts, 2);
        QCOMPARE(due.first().lastError, retry.error); // kept until the next outcome

        // A claim that ran out (its node died or hung) is another node's to take, and the first
        // node's late outcome is refused.
        m_clock->advance(60'001);
        const QList<OutboxMail> taken = m_store->claimDueMails(QStringLiteral("node-b"), 10, 60s);
        QCOMPARE(taken.size(), 1);
        QCOMPARE(taken.first().id, second.id);
        QCOMPARE(taken.first().attempts, 3);
        QVERIFY(!m_store->finishMail(second.id, QStringLiteral("node-a"), {}));
        const MailOutcome failed { MailOutcome::Kind::Failed, {},
            QStringLiteral("the mail server refused the recipient: 550") };
        const auto gaveUp = m_store->finishMail(second.id, QStringLiteral("node-b"), failed);
        QCOMPARE(gaveUp->state, MailState::Failed);
        QCOMPARE(gaveUp->lastError, failed.error);
        QVERIFY(!gaveUp->sentAt.isValid());
        QVERIFY(m_store->claimDueMails(QStringLiteral("node-b"), 10, 60s).isEmpty());

        // The list, newest first, by state.
        QCOMPARE(m_store->mails({}).size(), 2);
        QCOMPARE(m_store->mails({}).first().id, second.id);
        QCOMPARE(m_store->mails({ .state = MailState::Sent }).size(), 1);
        QCOMPARE(m_store->mails({ .state = MailState::Sent }).first().id, first.id);
        QCOMPARE(m_store->mails({ .state = MailState::Queued }).size(), 0);
        QCOMPARE(m_store->mails({ .limit = 1, .offset = 1 }).first().id, first.id);
        QVERIFY(!m_store->mail(999999));

        if (m_store->dialectName() == QLatin1String("postgresql")) {
            // Every change told the other nodes: 2 queued, 4 claims, 3 outcomes (refusals none).
            RawConnection raw(m_url);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM cluster_events "
                                               "WHERE kind = 'mail' AND node = 'node-a'"))
                         .toInt(),
                9);
        }
    }

    void queuesAFailedMailAgainAndReleasesClaimsLeftBehind()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        NewMail plain = transcriptFor(s.id); // text alone, no name: both stored empty
        plain.html.clear();
        const OutboxMail mail = *m_store->queueMail(plain, QStringLiteral("r1@x.com"));
        QCOMPARE(mail.html, QString());
        QCOMPARE(mail.recipientName, QString());
        using namespace std::chrono_literals;
        QVERIFY(!m_store->requeueMail(mail.id, QStringLiteral("lea"))); // not failed
        QCOMPARE(m_store->claimDueMails(QStringLiteral("node-a"), 10, 60s).size(), 1);
        QVERIFY(m_store->finishMail(mail.id, QStringLiteral("node-a"),
            { MailOutcome::Kind::Failed, {}, QStringLiteral("refused") }));
        m_clock->advance(1000);
        const auto again = m_store->requeueMail(mail.id, QStringLiteral("lea"));
        QVERIFY(again);
        QCOMPARE(again->state, MailState::Queued);
        QCOMPARE(again->attempts, 0);
        QCOMPARE(again->nextAttemptAt, m_clock->now());
        QCOMPARE(again->lastError, QStringLiteral("refused"));
        const QList<AuditEntry> audit = m_store->auditEntries(1, 0);
        QCOMPARE(audit.first().action, QStringLiteral("mail.retry"));
        QCOMPARE(audit.first().actor, QStringLiteral("lea"));
        QCOMPARE(audit.first().target, QString::number(mail.id));
        QVERIFY(!m_store->requeueMail(999999, QStringLiteral("lea")));

        // A process that died mid-send left it claimed: released at start, due at once.
        QCOMPARE(m_store->claimDueMails(QStringLiteral("node-a"), 10, 60s).size(), 1);
        QCOMPARE(m_store->releaseClaims(), 1);
        const OutboxMail released = *m_store->mail(mail.id);
        QCOMPARE(released.state, MailState::Queued);
        QCOMPARE(released.nextAttemptAt, m_clock->now());
        QVERIFY(!m_store->finishMail(mail.id, QStringLiteral("node-a"), {})); // no longer its
        QCOMPARE(m_store->claimDueMails(QStringLiteral("node-b"), 10, 60s).size(), 1);
        QCOMPARE(m_store->releaseClaims(), 1);
        QCOMPARE(m_store->releaseClaims(), 0);
    }

    void twoNodesNeverClaimTheSameMail()
    {
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("one node on SQLite");
        const ChatSession s = m_store->createSession(draftSession(), {});
        const OutboxMail first
            = *m_store->queueMail(transcriptFor(s.id), QStringLiteral("k1@x.com"));
        m_clock->advance(10);
        const OutboxMail second
            = *m_store->queueMail(transcriptFor(s.id), QStringLiteral("k2@x.com"));
        using namespace std::chrono_literals;
        // Another node's claim in progress holds the first row: this one skips it rather than
        // wait for it (or claim it too) and takes the next.
        RawConnection otherNode(m_url);
        QVERIFY(otherNode.exec(QStringLiteral("BEGIN")));
        QVERIFY(otherNode.exec(
            QStringLiteral("SELECT id FROM mail_outbox WHERE id = %1 FOR UPDATE").arg(first.id)));
        const QList<OutboxMail> mine = m_store->claimDueMails(QStringLiteral("node-a"), 10, 60s);
        QCOMPARE(mine.size(), 1);
        QCOMPARE(mine.first().id, second.id);
        QVERIFY(otherNode.exec(QStringLiteral("ROLLBACK")));
        // Another store, a node of its own: what is left, then nothing.
        const auto nodeB = SqlStore::open(m_url, m_clock);
        const QList<OutboxMail> theirs = nodeB->claimDueMails(QStringLiteral("node-b"), 10, 60s);
        QCOMPARE(theirs.size(), 1);
        QCOMPARE(theirs.first().id, first.id);
        QVERIFY(m_store->claimDueMails(QStringLiteral("node-a"), 10, 60s).isEmpty());
        QVERIFY(nodeB->claimDueMails(QStringLiteral("node-b"), 10, 60s).isEmpty());
    }

    void keepsAttachmentsWithTheirMessagesAndSession()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        NewAttachment upload;
        upload.sessionId = s.id;
        upload.clientId = QStringLiteral("up-1");
        upload.filename = QStringLiteral("screen.png");
        upload.contentType = QStringLiteral("image/png");
        upload.bytes = QByteArray("\x89PNG\0bytes\xff", 11);
        upload.width = 64;
        upload.height = 48;
        upload.thumbnail = QByteArray("thumb\0nail", 10);
        upload.thumbnailType = QStringLiteral("image/jpeg");
        const SavedAttachment saved = m_store->addAttachment(upload, 1000);
        QVERIFY(saved.attachment && !saved.earlier);
        const Attachment stored = *saved.attachment;
        QCOMPARE(stored.size, 11);
        QVERIFY(stored.hasThumbnail);
        // The same client id: the first one, nothing more stored.
        const SavedAttachment again = m_store->addAttachment(upload, 1000);
        QVERIFY(again.earlier);
        QCOMPARE(*again.attachment, stored);
        QCOMPARE(m_store->attachmentsOfSession(s.id), QList<Attachment>({ stored }));
        // Over the session's quota: nothing stored, and how much it holds.
        upload.clientId.clear();
        const SavedAttachment over = m_store->addAttachment(upload, 20);
        QVERIFY(over.overQuota());
        QCOMPARE(over.quotaUsed, 11);
        QCOMPARE(m_store->attachmentsOfSession(s.id).size(), 1);
        try {
            upload.sessionId = QStringLiteral("missing");
            m_store->addAttachment(upload, 1000);
            QFAIL("an attachment was stored for no session");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::NotFound);
        }
        // Its bytes and thumbnail exactly; only its own session finds it.
        const auto file = m_store->attachmentContent(stored.id, false);
        QCOMPARE(file->bytes, QByteArray("\x89PNG\0bytes\xff", 11));
        QCOMPARE(file->contentType, QStringLiteral("image/png"));
        const auto thumbnail = m_store->attachmentContent(stored.id, true);
        QCOMPARE(thumbnail->bytes, QByteArray("thumb\0nail", 10));
        QCOMPARE(thumbnail->contentType, QStringLiteral("image/jpeg"));
        const ChatSession other = m_store->createSession(draftSession(), {});
        QCOMPARE(m_store->sessionAttachments(s.id, { stored.id, QStringLiteral("x") }).size(), 1);
        QVERIFY(m_store->sessionAttachments(other.id, { stored.id }).isEmpty());

        // A message keeps them: appended alone, in a group, and retried (a retry sends what it
        // sent: its answer is the stored message, files and all).
        NewMessage message = userMessage(s.id, QString(), QStringLiteral("m-1"));
        message.attachments = { stored };
        const AppendResult alone = m_store->appendMessage(message, {});
        QCOMPARE(alone.message.attachments, QList<Attachment>({ stored }));
        QCOMPARE(
            m_store->appendMessage(message, {}).message.attachments, QList<Attachment>({ stored }));
        NewMessage grouped = userMessage(s.id, QStringLiteral("and again"), QStringLiteral("m-2"));
        grouped.attachments = { stored };
        const GroupOutcome group = appendGroup(*m_store,
            { { grouped, std::nullopt },
                { userMessage(s.id, QStringLiteral("plain")), std::nullopt },
                { message, std::nullopt } });
        QCOMPARE(group.stored.size(), 3);
        QCOMPARE(group.stored.at(0).message.attachments, QList<Attachment>({ stored }));
        QVERIFY(group.stored.at(1).message.attachments.isEmpty());
        QVERIFY(group.stored.at(2).duplicate);
        QCOMPARE(group.stored.at(2).message.attachments, QList<Attachment>({ stored }));
        const QList<ChatMessage> read = m_store->messagesAfter(s.id, 0, 10);
        QCOMPARE(read.size(), 3);
        QCOMPARE(read.at(0).attachments, QList<Attachment>({ stored }));
        QCOMPARE(read.at(1).attachments, QList<Attachment>({ stored }));
        QVERIFY(read.at(2).attachments.isEmpty());
        QCOMPARE(m_store->customerMessagesAfter(s.id, 0, 10).at(0).attachments,
            QList<Attachment>({ stored }));

        // Deleting the session deletes its files.
        RawConnection raw(m_url);
        if (m_store->dialectName() == QLatin1String("sqlite"))
            QVERIFY(raw.exec(QStringLiteral("PRAGMA foreign_keys = ON")));
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM chat_sessions WHERE id = '%1'").arg(s.id)));
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM attachments")).toInt(), 0);
        QVERIFY(!m_store->attachmentContent(stored.id, false));
    }

    void sharesOneSecretBetweenEveryNode()
    {
        const QString first = m_store->sharedSecret(QStringLiteral("links"), QStringLiteral("one"));
        QCOMPARE(first, QStringLiteral("one"));
        QCOMPARE(m_store->sharedSecret(QStringLiteral("links"), QStringLiteral("two")),
            QStringLiteral("one"));
        QCOMPARE(m_store->sharedSecret(QStringLiteral("other"), QStringLiteral("two")),
            QStringLiteral("two"));
    }

    void findsTheEarlierConversationsOfAUserOrAnEmail()
    {
        ChatSession draft = draftSession(QStringLiteral("first"));
        draft.customerEmail = QStringLiteral("Camille@Example.fr");
        const ChatSession first = m_store->createSession(draft, {});
        m_store->appendMessage(userMessage(first.id, QStringLiteral("line one\nline two")), {});
        m_clock->advance(1000);
        draft = draftSession(QStringLiteral("verified"));
        draft.userId = QStringLiteral("u-1");
        const ChatSession verified = m_store->createSession(draft, {});
        m_clock->advance(1000);
        const ChatSession now = m_store->createSession(draftSession(QStringLiteral("now")), {});
        m_clock->advance(1000);
        const ChatSession later = m_store->createSession(draftSession(QStringLiteral("later")), {});

        // By e-mail, whatever its case; only the earlier ones, newest first.
        PastConversations past = m_store->pastConversations(*m_store->session(now.id), 20);
        QCOMPARE(past.total, 2);
        QCOMPARE(past.conversations.size(), 2);
        QCOMPARE(past.conversations.at(0).id, verified.id);
        QCOMPARE(past.conversations.at(1).id, first.id);
        QCOMPARE(past.conversations.at(1).preview, QStringLiteral("line one"));
        QCOMPARE(past.conversations.at(1).messages, 1);
        QVERIFY(past.conversations.at(1).lastMessageAt.isValid());
        past = m_store->pastConversations(*m_store->session(now.id), 1);
        QCOMPARE(past.conversations.size(), 1);
        QCOMPARE(past.total, 2);
        QCOMPARE(m_store->pastConversations(*m_store->session(later.id), 20).total, 3);
        // By the verified user, not the e-mail address.
        draft = draftSession(QStringLiteral("verified again"));
        draft.userId = QStringLiteral("u-1");
        m_clock->advance(1000);
        const ChatSession again = m_store->createSession(draft, {});
        past = m_store->pastConversations(*m_store->session(again.id), 20);
        QCOMPARE(past.conversations.size(), 1);
        QCOMPARE(past.conversations.at(0).id, verified.id);
        // Anonymous without e-mail: none.
        draft = draftSession(QStringLiteral("anonymous"));
        draft.customerEmail.clear();
        const ChatSession anonymous = m_store->createSession(draft, {});
        QCOMPARE(m_store->pastConversations(*m_store->session(anonymous.id), 20).total, 0);
    }

    void appendsMessagesWithIncreasingSequenceNumbers()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        NewMessage agent;
        agent.sessionId = s.id;
        agent.role = Role::Agent;
        agent.content = QStringLiteral("Je regarde ça.");
        agent.agentName = QStringLiteral("Marie");
        for (int i = 1; i <= 5; ++i) {
            m_clock->advance(10);
            const AppendResult r = m_store->appendMessage(
                i == 3 ? agent : userMessage(s.id, QStringLiteral("message %1").arg(i)), {});
            QCOMPARE(r.message.seq, i);
            QVERIFY(!r.duplicate);
        }
        const auto all = m_store->messagesAfter(s.id, 0, 100);
        QCOMPARE(all.size(), 5);
        QCOMPARE(all.at(2).role, Role::Agent);
        QCOMPARE(all.at(2).agentName, QStringLiteral("Marie"));
        QCOMPARE(all.at(2).content, QStringLiteral("Je regarde ça."));
        QCOMPARE(all.at(4).createdAt, m_clock->now());
        QCOMPARE(m_store->countMessages(s.id, Role::Agent), 1);
        QCOMPARE(m_store->countMessages(s.id, Role::User), 4);
        QCOMPARE(m_store->countMessages(s.id, Role::Assistant), 0);

        const auto after3 = m_store->messagesAfter(s.id, 3, 100);
        QCOMPARE(after3.size(), 2);
        QCOMPARE(after3.at(0).seq, 4);
        QCOMPARE(m_store->messagesAfter(s.id, 0, 2).size(), 2);
        QCOMPARE(m_store->messagesAfter(s.id, 5, 100).size(), 0);

        const auto session = m_store->session(s.id);
        QCOMPARE(session->lastSeq, 5);
        QCOMPARE(session->lastMessageAt, m_clock->now());
    }

    void keepsSanitizedFlagAndEmptyOptionalFields()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        NewMessage m = userMessage(s.id, QStringLiteral("<b>hi</b>"));
        m.sanitized = true;
        const auto stored = m_store->appendMessage(m, {}).message;
        const auto read = m_store->messagesAfter(s.id, 0, 10).constFirst();
        QCOMPARE(read, stored);
        QVERIFY(read.sanitized);
        QVERIFY(read.clientMessageId.isEmpty());
        QVERIFY(read.agentName.isEmpty());
    }

    void refusesAMessageForAMissingSession()
    {
        try {
            m_store->appendMessage(
                userMessage(QStringLiteral("missing"), QStringLiteral("hi")), {});
            QFAIL("stored a message without a session");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::NotFound);
        }
        QVERIFY(m_store->isHealthy()); // the failed transaction was rolled back
    }

    void keepsOneRowForADuplicateClientMessageId()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        const UsageCharge charge { QStringLiteral("session:") + s.id,
            UsageDelta { .messagesSent = 1 } };
        const AppendResult first = m_store->appendMessage(
            userMessage(s.id, QStringLiteral("hello"), QStringLiteral("c-1")), charge);
        const AppendResult again = m_store->appendMessage(
            userMessage(s.id, QStringLiteral("hello"), QStringLiteral("c-1")), charge);
        QVERIFY(!first.duplicate);
        QVERIFY(again.duplicate);
        QCOMPARE(again.message, first.message);
        QCOMPARE(m_store->messagesAfter(s.id, 0, 10).size(), 1);
        QCOMPARE(m_store->session(s.id)->lastSeq, 1); // no number was used up
        QCOMPARE(m_store->usage(charge.userKey)->messagesSent, 1);
        QCOMPARE(m_store->messageByClientId(s.id, QStringLiteral("c-1"))->id, first.message.id);
        QVERIFY(!m_store->messageByClientId(s.id, QStringLiteral("c-2")).has_value());

        // The same client id in another session is another message.
        const ChatSession other = m_store->createSession(draftSession(), {});
        QVERIFY(!m_store
                     ->appendMessage(
                         userMessage(other.id, QStringLiteral("hello"), QStringLiteral("c-1")), {})
                     .duplicate);
    }

    void answersAnAppendWithHowTheSessionAndTheDayStand()
    {
        // What the chat layer needs after an append comes with it: the session's status,
        // agent and assistant messages once the message is in, and the day's tokens of both
        // keys of the charge.
        const ChatSession s = m_store->createSession(draftSession(), {});
        const QString sessionKey = QStringLiteral("session:") + s.id;
        const QString ipKey = QStringLiteral("ip:192.0.2.7");
        m_store->addUsage({ ipKey, UsageDelta { .tokensIn = 100 } }); // another session's
        const UsageCharge question { sessionKey, UsageDelta { .messagesSent = 1, .tokensIn = 10 },
            ipKey };

        AppendResult r = m_store->appendMessage(
            userMessage(s.id, QStringLiteral("Bonjour"), QStringLiteral("c-1")), question);
        QVERIFY(!r.duplicate);
        QCOMPARE(r.message.seq, 1);
        QCOMPARE(r.sessionStatus, SessionStatus::Active);
        QVERIFY(r.assignedAgent.isEmpty());
        QCOMPARE(r.assistantMessages, 0);
        QCOMPARE(r.dailyTokens, 10);
        QCOMPARE(r.alsoDailyTokens, 110);

        NewMessage answer = userMessage(s.id, QStringLiteral("Bonjour ! Que puis-je faire ?"));
        answer.role = Role::Assistant;
        r = m_store->appendMessage(answer,
            UsageCharge {
                sessionKey, UsageDelta { .assistantReplies = 1, .tokensOut = 25 }, ipKey });
        QCOMPARE(r.message.seq, 2);
        QCOMPARE(r.assistantMessages, 1);
        QCOMPARE(r.dailyTokens, 35);
        QCOMPARE(r.alsoDailyTokens, 135);
        QCOMPARE(m_store->usage(sessionKey)->assistantReplies, 1);

        // A charge without tokens reads the day as it is; without a second key, 0 for it;
        // without a charge, 0 for both.
        r = m_store->appendMessage(userMessage(s.id, QStringLiteral("Merci")),
            UsageCharge { sessionKey, UsageDelta { .messagesSent = 1 } });
        QCOMPARE(r.dailyTokens, 35);
        QCOMPARE(r.alsoDailyTokens, 0);
        r = m_store->appendMessage(userMessage(s.id, QStringLiteral("Au revoir")), {});
        QCOMPARE(r.dailyTokens, 0);
        QCOMPARE(r.alsoDailyTokens, 0);
        QCOMPARE(r.assistantMessages, 1);

        // After a claim, the agent's reply sees the session assigned to its agent.
        QVERIFY(m_store->claimSession(s.id, QStringLiteral("marie")));
        NewMessage reply = userMessage(s.id, QStringLiteral("Je m'en occupe."));
        reply.role = Role::Agent;
        reply.agentName = QStringLiteral("Marie");
        reply.requiredOwner = QStringLiteral("marie");
        r = m_store->appendMessage(reply, {});
        QCOMPARE(r.message.seq, 5);
        QCOMPARE(r.sessionStatus, SessionStatus::Assigned);
        QCOMPARE(r.assignedAgent, QStringLiteral("marie"));
        QCOMPARE(r.assistantMessages, 1);
        for (int i = 0; i < 2; ++i)
            r = m_store->appendMessage(answer, {});
        QCOMPARE(r.assistantMessages, 3);
        QCOMPARE(m_store->countMessages(s.id, Role::Assistant), 3);

        // A retry answers with the stored message and the values as they stand now, the charge
        // not applied again.
        m_clock->advance(60 * 1000);
        const AppendResult again = m_store->appendMessage(
            userMessage(s.id, QStringLiteral("Bonjour"), QStringLiteral("c-1")), question);
        QVERIFY(again.duplicate);
        QCOMPARE(again.message.seq, 1);
        QCOMPARE(again.sessionStatus, SessionStatus::Assigned);
        QCOMPARE(again.assignedAgent, QStringLiteral("marie"));
        QCOMPARE(again.assistantMessages, 3);
        QCOMPARE(again.dailyTokens, 35);
        QCOMPARE(again.alsoDailyTokens, 135);
        QCOMPARE(m_store->usage(sessionKey)->messagesSent, 2);

        // The day is the UTC day of the append: a new one starts at 0.
        m_clock->advance(24 * 3600 * 1000);
        r = m_store->appendMessage(userMessage(s.id, QStringLiteral("Rebonjour")),
            UsageCharge { sessionKey, UsageDelta { .tokensIn = 4 }, ipKey });
        QCOMPARE(r.dailyTokens, 4);
        QCOMPARE(r.alsoDailyTokens, 4);
        QCOMPARE(r.dailyTokens, m_store->dailyTokens(sessionKey, m_clock->now().date()));
        QCOMPARE(m_store->dailyTokens(sessionKey, m_clock->now().date().addDays(-1)), 35);

        // After a release, the counter as the session's own column has it.
        QVERIFY(m_store->releaseSession(s.id, QStringLiteral("marie")));
        r = m_store->appendMessage(userMessage(s.id, QStringLiteral("Encore moi")), {});
        QCOMPARE(r.sessionStatus, SessionStatus::Active);
        QVERIFY(r.assignedAgent.isEmpty());
        RawConnection raw(m_url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT assistant_messages FROM chat_sessions "
                                           "WHERE id = '%1'")
                                .arg(s.id))
                     .toLongLong(),
            3);
    }

    void failsOnlyTheRefusedAppendsOfAGroup()
    {
        // A refusal inside a group commit (no such session, a reply whose agent lost the
        // session) fails that append only; the others of its transaction are committed.
        const ChatSession s = m_store->createSession(draftSession(), {});
        const ChatSession taken = m_store->createSession(draftSession(), {});
        const auto otherNode = SqlStore::open(m_url, m_clock);
        QVERIFY(m_store->claimSession(taken.id, QStringLiteral("marie")));
        QVERIFY(otherNode->releaseSession(taken.id, QStringLiteral("marie")));

        const UsageCharge charge { QStringLiteral("u"), UsageDelta { .messagesSent = 1 } };
        NewMessage lateReply = userMessage(taken.id, QStringLiteral("Je m'en occupe."));
        lateReply.role = Role::Agent;
        lateReply.requiredOwner = QStringLiteral("marie");
        const GroupOutcome group = appendGroup(*m_store,
            { { userMessage(s.id, QStringLiteral("un"), QStringLiteral("c-1")), charge },
                { userMessage(QStringLiteral("missing"), QStringLiteral("perdu")), charge },
                { userMessage(s.id, QStringLiteral("deux"), QStringLiteral("c-2")), charge },
                { lateReply, charge },
                { userMessage(s.id, QStringLiteral("un"), QStringLiteral("c-1")),
                    charge }, // a retry
                { userMessage(s.id, QStringLiteral("trois")), charge } });
        QCOMPARE(group.refusedKinds(),
            (QList<StoreError::Kind> { StoreError::Kind::NotFound, StoreError::Kind::Changed }));
        const QList<AppendResult> &stored = group.stored;
        QCOMPARE(stored.size(), 4);
        QVERIFY(stored.at(2).duplicate);
        QCOMPARE(stored.at(2).message, stored.at(0).message);

        // Committed, as another connection sees: numbered without gaps, charged once each.
        const QList<ChatMessage> messages = otherNode->messagesAfter(s.id, 0, 10);
        QCOMPARE(messages.size(), 3);
        for (qsizetype i = 0; i < messages.size(); ++i)
            QCOMPARE(messages.at(i).seq, qint64(i + 1));
        QCOMPARE(messages.at(2).content, QStringLiteral("trois"));
        QCOMPARE(otherNode->messagesAfter(taken.id, 0, 10).size(), 0);
        QCOMPARE(otherNode->session(taken.id)->lastSeq, 0);
        QCOMPARE(otherNode->usage(QStringLiteral("u"))->messagesSent, 3);
        QVERIFY(!m_store->writesFailing());
    }

    void keepsTheGroupOfAnAppendThatTimedOut()
    {
        // A statement that fails inside PostgreSQL's function (here the wait for a session's
        // row, past the timeout) is undone there and comes back as an outcome: had it raised,
        // the transaction would be aborted and its COMMIT a silent rollback of the whole group.
        QFETCH_GLOBAL(QString, dialect);
        if (dialect != QLatin1String("postgresql"))
            QSKIP("SQLite locks the whole database, not a session's row");
        DatabaseUrl url = m_url;
        url.timeoutMs = 1000;
        m_store = SqlStore::open(url, m_clock);
        const ChatSession a = m_store->createSession(draftSession(), {});
        const ChatSession b = m_store->createSession(draftSession(), {});
        RawConnection locker(m_url);
        QVERIFY(locker.exec(QStringLiteral("BEGIN")));
        QVERIFY(locker.exec(
            QStringLiteral("SELECT id FROM chat_sessions WHERE id = '%1' FOR UPDATE").arg(b.id)));

        const UsageCharge charge { QStringLiteral("u"), UsageDelta { .messagesSent = 1 } };
        const GroupOutcome group = appendGroup(*m_store,
            { { userMessage(a.id, QStringLiteral("un")), charge },
                { userMessage(b.id, QStringLiteral("bloqué")), charge },
                { userMessage(a.id, QStringLiteral("deux")), charge } });
        QVERIFY(locker.exec(QStringLiteral("ROLLBACK")));
        QCOMPARE(group.refusedKinds(), QList<StoreError::Kind> { StoreError::Kind::Busy });
        QCOMPARE(group.stored.size(), 2);

        const auto otherNode = SqlStore::open(m_url, m_clock);
        const QList<ChatMessage> messages = otherNode->messagesAfter(a.id, 0, 10);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(1).seq, 2);
        QCOMPARE(otherNode->session(b.id)->lastSeq, 0);
        QCOMPARE(otherNode->usage(QStringLiteral("u"))->messagesSent, 2);
        QVERIFY(!m_store->writesFailing()); // the group's commit succeeded since
    }

    void answersAClientMessageIdCommittedMeanwhileByAnotherConnectionAsADuplicate()
    {
        // Two connections append the same clientMessageId: the first holds it in its open
        // group while the second checks, finds nothing and waits for the session's row; once
        // the first commits, the second's insert is refused by the unique index (PostgreSQL;
        // SQLite's write lock makes the second wait before its check). The second gets the
        // stored message as a duplicate, without an error, and its group is committed.
        QFETCH_GLOBAL(QString, dialect);
        const ChatSession s = m_store->createSession(draftSession(), {});
        const ChatSession other = m_store->createSession(draftSession(), {});
        const UsageCharge secondCharge { QStringLiteral("v"), UsageDelta { .messagesSent = 1 } };
        // The first connection stores the message as an append does, by hand, and holds its
        // transaction open a while.
        QSemaphore firstAppended;
        QThread *first = QThread::create([&] {
            RawConnection raw(m_url);
            const bool sqlite = dialect == QLatin1String("sqlite");
            raw.exec(sqlite ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"));
            const qint64 seq = raw.scalar(QStringLiteral("UPDATE chat_sessions SET last_seq = "
                                                         "last_seq + 1 WHERE id = '%1' RETURNING "
                                                         "last_seq")
                                              .arg(s.id))
                                   .toLongLong();
            if (!raw.exec(QStringLiteral("INSERT INTO chat_messages (id, session_id, seq, role, "
                                         "content, client_message_id, created_at) VALUES "
                                         "('m-race', '%1', %2, 'USER', 'Allô ?', 'c-race', %3)")
                              .arg(s.id)
                              .arg(seq)
                              .arg(m_clock->now().toMSecsSinceEpoch())))
                qWarning("the first append failed");
            firstAppended.release();
            QThread::msleep(1500);
            raw.exec(QStringLiteral("COMMIT"));
        });
        first->start();
        QVERIFY(firstAppended.tryAcquire(1, 30000));

        QElapsedTimer waited;
        waited.start();
        const GroupOutcome group = appendGroup(*m_store,
            { { userMessage(other.id, QStringLiteral("avant")), secondCharge },
                { userMessage(s.id, QStringLiteral("Allô ?"), QStringLiteral("c-race")),
                    secondCharge },
                { userMessage(other.id, QStringLiteral("après")), secondCharge } });
        qInfo("the group waited %lld ms for the other connection",
            static_cast<long long>(waited.elapsed()));
        QVERIFY(waited.elapsed() >= 500); // it did wait for the first connection's commit
        QVERIFY(first->wait(30000));
        delete first;
        for (const StoreError &error : group.refused)
            qWarning("refused: %s", qUtf8Printable(error.message()));
        QCOMPARE(group.refused.size(), 0);
        const QList<AppendResult> &stored = group.stored;
        QCOMPARE(stored.size(), 3);
        QVERIFY(!stored.at(0).duplicate);
        QVERIFY(stored.at(1).duplicate);
        QVERIFY(!stored.at(2).duplicate);

        const QList<ChatMessage> raced = m_store->messagesAfter(s.id, 0, 10);
        QCOMPARE(raced.size(), 1);
        QCOMPARE(stored.at(1).message, raced.first());
        QCOMPARE(m_store->session(s.id)->lastSeq, 1); // the refused insert used no number
        QCOMPARE(m_store->messagesAfter(other.id, 0, 10).size(), 2);
        QCOMPARE(m_store->session(other.id)->lastSeq, 2);
        QCOMPARE(m_store->usage(QStringLiteral("v"))->messagesSent, 2); // not the duplicate
    }

    void appendsInOneStatementOnPostgresql()
    {
        // The statements an append costs: on PostgreSQL a whole group is one statement (one
        // round trip, and its own transaction), whatever its appends do or meet; SQLite runs
        // them in the process, one by one inside BEGIN and COMMIT.
        QFETCH_GLOBAL(QString, dialect);
        const bool postgresql = dialect == QLatin1String("postgresql");
        m_store->setClusterNode(QStringLiteral("node-a")); // ignored by SQLite
        const ChatSession s = m_store->createSession(draftSession(), {});
        const ChatSession taken = m_store->createSession(draftSession(), {});
        QVERIFY(m_store->claimSession(s.id, QStringLiteral("marie")));
        QVERIFY(m_store->claimSession(taken.id, QStringLiteral("paul")));
        int answered = 0;
        const auto append
            = [&](const NewMessage &message, const std::optional<UsageCharge> &charge) {
                  const qint64 before = m_store->statementsExecuted();
                  m_store->appendMessages({ { message, charge } });
                  ++answered;
                  // SQLite's BEGIN and COMMIT are not the append's.
                  return m_store->statementsExecuted() - before - (postgresql ? 0 : 2);
              };
        const UsageCharge full { QStringLiteral("session:") + s.id,
            UsageDelta { .messagesSent = 1, .tokensIn = 12, .tokensOut = 30 },
            QStringLiteral("ip:192.0.2.7") };
        QCOMPARE(append(userMessage(s.id, QStringLiteral("un")), {}), postgresql ? 1 : 4);

        NewMessage reply = userMessage(s.id, QStringLiteral("Je m'en occupe."));
        reply.role = Role::Agent;
        reply.requiredOwner = QStringLiteral("marie");
        NewMessage lateReply = reply;
        lateReply.sessionId = taken.id;
        struct Case
        {
            const char *what;
            NewMessage message;
            std::optional<UsageCharge> charge;
            qint64 sqlite;
        };
        const QList<Case> cases {
            { "a message with a client id, tokens for two keys",
                userMessage(s.id, QStringLiteral("deux"), QStringLiteral("c-2")), full, 10 },
            { "a message without a charge", userMessage(s.id, QStringLiteral("trois")), {}, 4 },
            { "an agent's reply", reply, {}, 4 },
            { "a retry", userMessage(s.id, QStringLiteral("deux"), QStringLiteral("c-2")), full,
                6 },
            { "a session that does not exist",
                userMessage(QStringLiteral("missing"), QStringLiteral("perdu")), full, 4 },
            { "a reply whose agent does not own the session", lateReply, {}, 5 },
        };
        for (const Case &c : cases) {
            const qint64 statements = append(c.message, c.charge);
            qInfo("%s: %lld statements", c.what, static_cast<long long>(statements));
            QCOMPARE(statements, postgresql ? 1 : c.sqlite);
        }
        QCOMPARE(answered, 1 + int(cases.size()));
        // All of them again in one group: on PostgreSQL still one statement.
        QList<AppendRequest> group;
        for (const Case &c : cases)
            group.append({ c.message, c.charge });
        const qint64 before = m_store->statementsExecuted();
        const QList<AppendOutcome> outcomes = m_store->appendMessages(group);
        if (postgresql)
            QCOMPARE(m_store->statementsExecuted() - before, 1);
        QCOMPARE(outcomes.size(), cases.size());
        QVERIFY(outcomes.at(0).result && outcomes.at(0).result->duplicate); // c-2 again
        QVERIFY(outcomes.at(1).result && !outcomes.at(1).result->duplicate);
        QCOMPARE(outcomes.at(4).error->kind(), StoreError::Kind::NotFound);
        QCOMPARE(outcomes.at(5).error->kind(), StoreError::Kind::Changed);
        QCOMPARE(m_store->messagesAfter(s.id, 0, 10).size(), 6);
        QCOMPARE(m_store->dailyTokens(full.userKey, m_clock->now().date()), 42);
        QCOMPARE(m_store->dailyTokens(full.alsoDailyTokensOf, m_clock->now().date()), 42);
        if (postgresql) { // each stored message left its event for the other nodes
            RawConnection raw(m_url);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM cluster_events "
                                               "WHERE kind = 'message' AND node = 'node-a'"))
                         .toInt(),
                6);
        }
    }

    void keepsWhatTheCustomerHasSeenOnlyGrowingAndAnnouncesTyping()
    {
        QFETCH_GLOBAL(QString, dialect);
        m_store->setClusterNode(QStringLiteral("node-a")); // ignored by SQLite
        const ChatSession s = m_store->createSession(draftSession(), {});
        for (int i = 1; i <= 3; ++i)
            m_store->appendMessage(userMessage(s.id, QStringLiteral("message %1").arg(i)), {});
        QCOMPARE(m_store->session(s.id)->customerSeenSeq, 0);
        QVERIFY(m_store->markCustomerSeen(s.id, 2));
        QCOMPARE(m_store->session(s.id)->customerSeenSeq, 2);
        QVERIFY(!m_store->markCustomerSeen(s.id, 2)); // the same: nothing changes
        QVERIFY(!m_store->markCustomerSeen(s.id, 1)); // lower: nothing changes
        QVERIFY(!m_store->markCustomerSeen(s.id, 4)); // beyond the last message
        QVERIFY(!m_store->markCustomerSeen(QStringLiteral("missing"), 1));
        QCOMPARE(m_store->session(s.id)->customerSeenSeq, 2);
        QVERIFY(m_store->markCustomerSeen(s.id, 3));
        // The session list reads it too.
        QCOMPARE(m_store->sessions({}).constFirst().customerSeenSeq, 3);
        m_store->announceTyping(s.id, QString());
        m_store->announceTyping(s.id, QStringLiteral("marie"));
        if (dialect == QLatin1String("postgresql")) { // events for the other nodes, no more
            RawConnection raw(m_url);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM cluster_events "
                                               "WHERE kind = 'seen' AND node = 'node-a'"))
                         .toInt(),
                2);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT MAX(number) FROM cluster_events "
                                               "WHERE kind = 'seen'"))
                         .toInt(),
                3);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM cluster_events "
                                               "WHERE kind = 'typing' AND actor = 'marie'"))
                         .toInt(),
                1);
            QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM cluster_events "
                                               "WHERE kind = 'typing' AND actor = ''"))
                         .toInt(),
                1);
        }
        QCOMPARE(m_store->messagesAfter(s.id, 0, 10).size(), 3); // typing stores no message
    }

    void numbersInterleavedWritesFromSeveralConnectionsWithoutGapsOrRepeats()
    {
        const ChatSession one = m_store->createSession(draftSession(), {});
        const ChatSession two = m_store->createSession(draftSession(), {});
        constexpr int Writers = 4;
        constexpr int PerWriter = 30;
        QList<QThread *> threads;
        QAtomicInt failures = 0;
        for (int w = 0; w < Writers; ++w) {
            threads.append(QThread::create([&, w] {
                try {
                    const auto store = SqlStore::open(m_url);
                    for (int i = 0; i < PerWriter; ++i) {
                        const QString session = (i + w) % 2 ? one.id : two.id;
                        store->appendMessage(
                            userMessage(session, QStringLiteral("w%1 #%2").arg(w).arg(i),
                                QStringLiteral("w%1-%2").arg(w).arg(i)),
                            {});
                    }
                } catch (const StoreError &error) {
                    qWarning("writer %d: %s", w, qUtf8Printable(error.message()));
                    failures.ref();
                }
            }));
        }
        for (QThread *t : threads)
            t->start();
        for (QThread *t : threads) {
            QVERIFY(t->wait(120000));
            delete t;
        }
        QCOMPARE(failures.loadRelaxed(), 0);

        qint64 total = 0;
        for (const ChatSession &s : { one, two }) {
            const auto messages = m_store->messagesAfter(s.id, 0, 1000);
            for (qsizetype i = 0; i < messages.size(); ++i)
                QCOMPARE(messages.at(i).seq, qint64(i + 1));
            QCOMPARE(m_store->session(s.id)->lastSeq, messages.size());
            total += messages.size();
        }
        QCOMPARE(total, Writers * PerWriter);
    }

    void storesHostileTextExactly()
    {
        FRONTLINE_FETCH_HOSTILE_STRINGS(strings)
        QVERIFY(strings.size() > 100);
        QFETCH_GLOBAL(QString, dialect);
        const ChatSession s = m_store->createSession(draftSession(), {});
        QStringList sent;
        int refused = 0;
        for (const QString &text : strings) {
            // The store keeps text as given; NUL alone cannot be stored by PostgreSQL and
            // is removed by the sanitizer before any message reaches the store.
            if (text.isEmpty() || text.contains(QChar(0)))
                continue;
            // SQLite would read a leading U+FEFF/U+FFFE as a byte-order mark: refused, not
            // altered.
            if (dialect == QLatin1String("sqlite")
                && (text.startsWith(QChar(0xFEFF)) || text.startsWith(QChar(0xFFFE)))) {
                QVERIFY_THROWS_EXCEPTION(
                    StoreError, m_store->appendMessage(userMessage(s.id, text), {}));
                ++refused;
                continue;
            }
            m_store->appendMessage(userMessage(s.id, text), {});
            sent.append(text);
        }
        if (dialect == QLatin1String("sqlite"))
            QVERIFY(refused > 0);
        const auto stored = m_store->messagesAfter(s.id, 0, 10000);
        QCOMPARE(stored.size(), sent.size());
        for (qsizetype i = 0; i < sent.size(); ++i)
            QCOMPARE(stored.at(i).content, sent.at(i));
    }

    void accumulatesUsageStats()
    {
        QVERIFY(!m_store->usage(QStringLiteral("user-1")).has_value());
        m_store->addUsage(
            { QStringLiteral("user-1"), UsageDelta { .sessions = 1, .messagesSent = 2 } });
        m_clock->advance(5000);
        m_store->addUsage({ QStringLiteral("user-1"),
            UsageDelta { .messagesSent = 1,
                .assistantReplies = 3,
                .rateLimited = 1,
                .tokensIn = 120,
                .tokensOut = 80 } });
        const UsageStats stats = *m_store->usage(QStringLiteral("user-1"));
        QCOMPARE(stats.sessions, 1);
        QCOMPARE(stats.messagesSent, 3);
        QCOMPARE(stats.assistantReplies, 3);
        QCOMPARE(stats.rateLimited, 1);
        QCOMPARE(stats.tokensIn, 120);
        QCOMPARE(stats.tokensOut, 80);
        QCOMPARE(stats.lastActiveAt, m_clock->now());
        // Tokens also count for the day, which starts anew at midnight UTC.
        QCOMPARE(m_store->dailyTokens(QStringLiteral("user-1"), m_clock->now().date()), 200);
        QCOMPARE(
            m_store->dailyTokens(QStringLiteral("user-1"), m_clock->now().date().addDays(1)), 0);
        QCOMPARE(m_store->dailyTokens(QStringLiteral("user-2"), m_clock->now().date()), 0);
    }

    // Issue 16: the limits' steps never run on the serving thread when they need the
    // database. On PostgreSQL two nodes' limits (two sets of workers) share one log, and a
    // decision comes later, from a store reader; on SQLite the one node decides at once, from
    // its memory.
    void takesTheRateLimitsStepsWhereTheLogsAre()
    {
        QFETCH_GLOBAL(QString, dialect);
        const bool shared = dialect == QLatin1String("postgresql");
        const auto keeping
            = shared ? RateLimitLedgers::Keeping::InDatabase : RateLimitLedgers::Keeping::InMemory;
        QString error;
        const auto policy = RateLimitPolicy::parse(QStringLiteral("message=2/60"), &error);
        QVERIFY2(policy, qPrintable(error));
        auto firstWorkers = StoreWorkers::start(m_url, m_clock, { 2, {} });
        auto secondWorkers = StoreWorkers::start(m_url, m_clock, { 2, {} });
        RateLimitLedgers firstLedgers(*firstWorkers, keeping);
        RateLimitLedgers secondLedgers(*secondWorkers, keeping);
        RateLimits first(firstLedgers, *policy, m_clock);
        RateLimits second(secondLedgers, *policy, m_clock);
        const QList<RateLimitCheck> checks { { QStringLiteral("message"),
            { RateLimitKey::address(QStringLiteral("192.0.2.9")) } } };

        QList<RateLimitDecision> decisions;
        const auto keep = [&decisions](const RateLimitDecision &d) { decisions.append(d); };
        const auto fail = [](const std::exception_ptr &e) {
            qFatal("%s", qPrintable(storeErrorOf(e).message()));
        };
        first.check(checks, keep, fail);
        QCOMPARE(decisions.size(), shared ? 0 : 1); // the database's answer is still to come
        QTRY_COMPARE(decisions.size(), 1);
        first.check(checks, keep, fail);
        QTRY_COMPARE(decisions.size(), 2);
        second.check(checks, keep, fail);
        QTRY_COMPARE(decisions.size(), 3);
        QVERIFY(decisions.at(0).allowed && decisions.at(1).allowed);
        QCOMPARE(decisions.at(0).remaining, 1);
        // The second node sees the first node's two messages only where the log is shared.
        QCOMPARE(decisions.at(2).allowed, !shared);

        // Lifting the block on one node lifts it on every node sharing the log.
        bool lifted = false;
        first.lift(
            RateLimitKey::address(QStringLiteral("192.0.2.9")), [&lifted] { lifted = true; }, fail);
        QTRY_VERIFY(lifted);
        second.check(checks, keep, fail);
        QTRY_COMPARE(decisions.size(), 4);
        QVERIFY(decisions.at(3).allowed);

        // With no limit for the route, nothing is asked of the ledger: decided at once.
        first.setPolicy(RateLimitPolicy::off());
        first.check(checks, keep, fail);
        QCOMPARE(decisions.size(), 5);
        QVERIFY(!decisions.at(4).limited);
    }

    void recordsAndFiltersRateLimitHits()
    {
        const QDateTime start = m_clock->now();
        for (int i = 0; i < 6; ++i) {
            RateLimitHit hit;
            hit.route = i % 2 ? QStringLiteral("message") : QStringLiteral("history");
            hit.keyKind = QStringLiteral("ip");
            hit.key = i < 4 ? QStringLiteral("198.51.100.1") : QStringLiteral("198.51.100.2");
            hit.clientIp = hit.key;
            hit.sessionId = i == 0 ? QString() : QStringLiteral("s-%1").arg(i);
            const QList<RateLimitHit> stored = m_store->recordRateLimitHits({ hit });
            QCOMPARE(stored.size(), 1);
            QVERIFY(stored.first().id > 0);
            QCOMPARE(stored.first().count, 1);
            m_clock->advance(60000);
        }
        const auto all = m_store->rateLimitHits({});
        QCOMPARE(all.size(), 6);
        QVERIFY(all.first().at > all.last().at); // newest first
        QVERIFY(all.last().sessionId.isEmpty());
        QCOMPARE(all.last().at, start);
        QCOMPARE(m_store->rateLimitHits({ .route = QStringLiteral("message") }).size(), 3);
        QCOMPARE(m_store->rateLimitHits({ .key = QStringLiteral("198.51.100.2") }).size(), 2);
        QCOMPARE(
            m_store->rateLimitHits({ .from = start.addSecs(120), .to = start.addSecs(240) }).size(),
            2);
        const auto page = m_store->rateLimitHits({ .limit = 2, .offset = 2 });
        QCOMPARE(page.size(), 2);
        QCOMPARE(page.first().id, all.at(2).id);

        // One hit in each of six minutes (the first at 09:30:00.125).
        const auto perMinute
            = m_store->rateLimitHitsPerMinute(start.addSecs(-60), start.addSecs(3600));
        QCOMPARE(perMinute.size(), 6);
        QCOMPARE(perMinute.first().first, QDateTime(QDate(2026, 11, 24), QTime(9, 30), Qt::UTC));
        QCOMPARE(perMinute.first().second, 1);
        QCOMPARE(m_store->rateLimitHitsPerMinute(start.addSecs(120), start.addSecs(180)).size(), 1);
    }

    void countsHitsPerKeyRouteAndSecondInOneTransaction()
    {
        // Two batches within one second, as two flushes (or two nodes) write them: they add
        // up in one row per key and route, which keeps the time of its first hit.
        const QDateTime start = m_clock->now(); // 09:30:00.125
        const auto hit
            = [](const QString &route, const QString &key, qint64 count, const QString &session) {
                  RateLimitHit h;
                  h.route = route;
                  h.keyKind = QStringLiteral("ip");
                  h.key = key;
                  h.clientIp = key;
                  h.sessionId = session;
                  h.count = count;
                  return h;
              };
        const QList<RateLimitHit> first = m_store->recordRateLimitHits(
            { hit(QStringLiteral("message"), QStringLiteral("198.51.100.1"), 20,
                  QStringLiteral("s-1")),
                hit(QStringLiteral("history"), QStringLiteral("198.51.100.1"), 3, QString()) },
            { { QStringLiteral("session:s-1"), UsageDelta { .rateLimited = 20 } } });
        QCOMPARE(first.size(), 2);
        QCOMPARE(first.at(0).count, 20);
        QCOMPARE(first.at(1).count, 3);
        m_clock->advance(800); // 09:30:00.925, the same second
        const QList<RateLimitHit> second = m_store->recordRateLimitHits(
            { hit(QStringLiteral("message"), QStringLiteral("198.51.100.1"), 5, QString()) },
            { { QStringLiteral("session:s-1"), UsageDelta { .rateLimited = 5 } } });
        QCOMPARE(second.size(), 1);
        QCOMPARE(second.first().id, first.first().id);
        QCOMPARE(second.first().count, 25);
        QCOMPARE(second.first().at, start);
        QCOMPARE(
            second.first().sessionId, QStringLiteral("s-1")); // a hit without one keeps the row's
        QCOMPARE(m_store->usage(QStringLiteral("session:s-1"))->rateLimited, 25);
        m_clock->advance(100); // 09:30:01.025: the next second has a row of its own
        QCOMPARE(m_store
                     ->recordRateLimitHits({ hit(
                         QStringLiteral("message"), QStringLiteral("198.51.100.1"), 1, QString()) })
                     .first()
                     .count,
            1);
        QCOMPARE(m_store->rateLimitHits({}).size(), 3);
        QCOMPARE(m_store->rateLimitHit(first.first().id)->count, 25);
        const auto perMinute
            = m_store->rateLimitHitsPerMinute(start.addSecs(-60), start.addSecs(60));
        QCOMPARE(perMinute.size(), 1);
        QCOMPARE(perMinute.first().second, 29); // hits, not rows
    }

    void deletesHitsBeforeATime()
    {
        RateLimitHit hit;
        hit.route = QStringLiteral("message");
        hit.keyKind = QStringLiteral("ip");
        hit.key = QStringLiteral("198.51.100.1");
        const QDateTime start = m_clock->now();
        m_store->recordRateLimitHits({ hit });
        m_clock->advance(3600 * 1000);
        m_store->recordRateLimitHits({ hit });
        QCOMPARE(m_store->deleteRateLimitHitsBefore(start), 0); // `before` is exclusive
        QCOMPARE(m_store->deleteRateLimitHitsBefore(start.addSecs(1)), 1);
        const auto left = m_store->rateLimitHits({});
        QCOMPARE(left.size(), 1);
        QCOMPARE(left.first().at, start.addSecs(3600));
    }

    void managesAgents()
    {
        Agent marie;
        marie.username = QStringLiteral("marie");
        marie.displayName = QStringLiteral("Marie Curie");
        marie.role = AgentRole::Admin;
        marie.tokenHash = QStringLiteral("aa11");
        marie.passwordHash = QStringLiteral("scrypt$16384$8$1$c2FsdA==$aGFzaA==");
        const Agent stored = m_store->addAgent(marie);
        QVERIFY(stored.id > 0);
        Agent paul;
        paul.username = QStringLiteral("paul");
        paul.displayName = QStringLiteral("Paul");
        m_store->addAgent(paul);

        try {
            m_store->addAgent(marie);
            QFAIL("a second agent named marie was accepted");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::Conflict);
        }
        const auto agents = m_store->agents();
        QCOMPARE(agents.size(), 2);
        QCOMPARE(agents.first(), stored);
        QCOMPARE(agents.last().role, AgentRole::Agent);
        QCOMPARE(
            m_store->agentByTokenHash(QStringLiteral("aa11"))->username, QStringLiteral("marie"));
        QVERIFY(!m_store->agentByTokenHash(QStringLiteral("bb22")).has_value());
        QCOMPARE(
            m_store->agentByUsername(QStringLiteral("paul"))->displayName, QStringLiteral("Paul"));
        QVERIFY(m_store->setAgentPassword(
            QStringLiteral("paul"), QStringLiteral("pbkdf2-sha256$1$x$y")));
        QCOMPARE(m_store->agentByUsername(QStringLiteral("paul"))->passwordHash,
            QStringLiteral("pbkdf2-sha256$1$x$y"));
        QVERIFY(!m_store->setAgentPassword(QStringLiteral("nobody"), QStringLiteral("x")));
        m_store->addAgentToken(QStringLiteral("paul"), QStringLiteral("cc33"));
        QCOMPARE(
            m_store->agentByTokenHash(QStringLiteral("cc33"))->username, QStringLiteral("paul"));
        QVERIFY_THROWS_EXCEPTION(
            StoreError, m_store->addAgentToken(QStringLiteral("nobody"), QStringLiteral("dd44")));
        QVERIFY(m_store->removeAgent(QStringLiteral("paul")));
        QVERIFY(
            !m_store->agentByTokenHash(QStringLiteral("cc33")).has_value()); // gone with the agent
        QVERIFY(!m_store->removeAgent(QStringLiteral("paul")));
        QCOMPARE(m_store->agents().size(), 1);
    }

    // Issue 14, point 4: sign-in tokens know when they were last used, end one by one (sign-out)
    // and all together with a new password; the agent's API token is not one of them.
    void keepsTheLifeOfSignInTokens()
    {
        Agent marie;
        marie.username = QStringLiteral("marie");
        marie.displayName = QStringLiteral("Marie");
        marie.tokenHash = QStringLiteral("api-token-hash");
        m_store->addAgent(marie);
        const QDateTime signedInAt = m_clock->now();
        m_store->addAgentToken(QStringLiteral("marie"), QStringLiteral("first"));
        m_store->addAgentToken(QStringLiteral("marie"), QStringLiteral("second"));
        QVERIFY(!m_store->agentBySignInToken(QStringLiteral("api-token-hash")).has_value());
        auto first = m_store->agentBySignInToken(QStringLiteral("first"));
        QVERIFY(first.has_value());
        QCOMPARE(first->first.username, QStringLiteral("marie"));
        QCOMPARE(first->second, signedInAt);

        m_clock->advance(90 * 1000);
        m_store->touchAgentToken(QStringLiteral("first"));
        QCOMPARE(
            m_store->agentBySignInToken(QStringLiteral("first"))->second, signedInAt.addSecs(90));
        QCOMPARE(m_store->agentBySignInToken(QStringLiteral("second"))->second, signedInAt);

        QVERIFY(m_store->removeAgentToken(QStringLiteral("first")));
        QVERIFY(!m_store->removeAgentToken(QStringLiteral("first")));
        QVERIFY(!m_store->agentBySignInToken(QStringLiteral("first")).has_value());
        QVERIFY(m_store->agentBySignInToken(QStringLiteral("second")).has_value());

        QVERIFY(m_store->setAgentPassword(
            QStringLiteral("marie"), QStringLiteral("pbkdf2-sha256$1$x$y")));
        QVERIFY(!m_store->agentBySignInToken(QStringLiteral("second")).has_value());
        QCOMPARE(m_store->agentByTokenHash(QStringLiteral("api-token-hash"))->username,
            QStringLiteral("marie"));
    }

    void appendsAndListsTheAuditLog()
    {
        for (int i = 0; i < 3; ++i) {
            m_store->appendAudit({ .actor = QStringLiteral("marie"),
                .action = QStringLiteral("session.claim"),
                .target = QStringLiteral("s-%1").arg(i),
                .detail = i == 1 ? QStringLiteral("{\"note\":\"x\"}") : QString() });
            m_clock->advance(1);
        }
        const auto entries = m_store->auditEntries(10, 0);
        QCOMPARE(entries.size(), 3);
        QCOMPARE(entries.first().target, QStringLiteral("s-2"));
        QCOMPARE(entries.at(1).detail, QStringLiteral("{\"note\":\"x\"}"));
        QCOMPARE(entries.last().at, m_clock->now().addMSecs(-3));
        QCOMPARE(m_store->auditEntries(1, 2).constFirst().target, QStringLiteral("s-0"));
    }

    // Migration 0018: each change with its audit row in one transaction; a shortcut taken
    // refuses the change and leaves no audit row.
    void keepsCannedResponsesWithTheirAudit()
    {
        const auto audit = [](const char *action) {
            return AuditEntry { .actor = QStringLiteral("alice"),
                .action = QLatin1String(action),
                .detail = QStringLiteral("refund") };
        };
        CannedResponse refund { .shortcut = QStringLiteral("refund"),
            .title = QString(),
            .body = QStringLiteral("We refund."),
            .updatedBy = QStringLiteral("alice") };
        const CannedResponse stored = m_store->addCannedResponse(refund, audit("canned.create"));
        QVERIFY(stored.id > 0);
        QCOMPARE(stored.createdAt, m_clock->now());
        QCOMPARE(m_store->cannedResponse(stored.id), stored);
        QCOMPARE(m_store->cannedResponse(stored.id)->title, QStringLiteral(""));
        QCOMPARE(m_store->auditEntries(1, 0).constFirst().target, QString::number(stored.id));

        CannedResponse again = refund;
        again.body = QStringLiteral("Twice");
        try {
            m_store->addCannedResponse(again, audit("canned.create"));
            QFAIL("a shortcut taken was stored twice");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::Conflict);
        }
        QCOMPARE(m_store->cannedResponses().size(), 1);
        QCOMPARE(m_store->auditEntries(10, 0).size(), 1);

        m_clock->advance(5);
        CannedResponse changed = stored;
        changed.body = QStringLiteral("We refund within 14 days.");
        changed.updatedBy = QStringLiteral("bob");
        const auto updated = m_store->updateCannedResponse(changed, audit("canned.update"));
        QVERIFY(updated);
        QCOMPARE(updated->body, changed.body);
        QCOMPARE(updated->createdAt, stored.createdAt);
        QCOMPARE(updated->updatedAt, m_clock->now());
        QCOMPARE(updated->updatedBy, QStringLiteral("bob"));
        changed.id = stored.id + 100;
        QVERIFY(!m_store->updateCannedResponse(changed, audit("canned.update")));
        QCOMPARE(m_store->auditEntries(10, 0).size(), 2);

        QVERIFY(m_store->removeCannedResponse(stored.id, audit("canned.delete")));
        QVERIFY(!m_store->removeCannedResponse(stored.id, audit("canned.delete")));
        QVERIFY(m_store->cannedResponses().isEmpty());
        QCOMPARE(m_store->auditEntries(10, 0).size(), 3);
        // The shortcut is free again.
        QVERIFY(m_store->addCannedResponse(refund, audit("canned.create")).id > stored.id);
    }

    // Migration 0022: each change with its audit row and a "knowledge" event in one
    // transaction; the passages are split again on each change and go with the article.
    void keepsKnowledgeArticlesWithTheirPassagesAndAudit()
    {
        const auto audit = [](const char *action) {
            return AuditEntry { .actor = QStringLiteral("alice"), .action = QLatin1String(action) };
        };
        QCOMPARE(m_store->knowledgeArticleCount(), 0);
        KnowledgeArticle reset { .title = QStringLiteral("Réinitialiser son mot de passe"),
            .body = QStringLiteral("Ouvrez la page de connexion.\n\n## Sans e-mail\n\n"
                                   "Écrivez-nous."),
            .url = QStringLiteral("https://example.com/reset"),
            .locale = QStringLiteral("fr"),
            .updatedBy = QStringLiteral("alice") };
        const KnowledgeArticle stored = m_store->addKnowledgeArticle(reset, audit("kb.create"));
        QVERIFY(stored.id > 0);
        QCOMPARE(stored.createdAt, m_clock->now());
        QCOMPARE(stored.updatedAt, m_clock->now());
        QCOMPARE(stored.title, reset.title);
        QCOMPARE(m_store->knowledgeArticle(stored.id), stored);
        QCOMPARE(m_store->knowledgeArticleCount(), 1);
        QCOMPARE(m_store->auditEntries(1, 0).constFirst().target, QString::number(stored.id));
        QCOMPARE(m_store->auditEntries(1, 0).constFirst().action, QStringLiteral("kb.create"));
        QList<KnowledgePassage> passages = m_store->knowledgePassages(stored.id);
        QCOMPARE(passages.size(), 2);
        QCOMPARE(passages.at(0).text, QStringLiteral("Ouvrez la page de connexion."));
        QCOMPARE(passages.at(0).heading, QStringLiteral(""));
        QCOMPARE(passages.at(1).heading, QStringLiteral("Sans e-mail"));
        QCOMPARE(passages.at(1).title, reset.title);
        QCOMPARE(passages.at(1).url, reset.url);
        QCOMPARE(passages.at(1).locale, QStringLiteral("fr"));

        // Listed by title whatever its case; an article without url nor locale keeps ''.
        KnowledgeArticle billing { .title = QStringLiteral("billing"),
            .body = QString(),
            .updatedBy = QStringLiteral("bob") };
        const KnowledgeArticle second = m_store->addKnowledgeArticle(billing, audit("kb.create"));
        QCOMPARE(second.url, QStringLiteral(""));
        QCOMPARE(second.locale, QStringLiteral(""));
        QCOMPARE(m_store->knowledgePassages(second.id).size(), 1); // the title alone
        QCOMPARE(m_store->knowledgePassages(second.id).constFirst().text, billing.title);
        const QList<KnowledgeArticle> listed = m_store->knowledgeArticles();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed.at(0).id, second.id);
        QCOMPARE(listed.at(1).id, stored.id);

        m_clock->advance(5);
        KnowledgeArticle changed = stored;
        changed.body = QStringLiteral("Une seule étape.");
        changed.updatedBy = QStringLiteral("bob");
        const auto updated = m_store->updateKnowledgeArticle(changed, audit("kb.update"));
        QVERIFY(updated);
        QCOMPARE(updated->body, changed.body);
        QCOMPARE(updated->createdAt, stored.createdAt);
        QCOMPARE(updated->updatedAt, m_clock->now());
        QCOMPARE(updated->updatedBy, QStringLiteral("bob"));
        passages = m_store->knowledgePassages(stored.id);
        QCOMPARE(passages.size(), 1);
        QCOMPARE(passages.at(0).text, QStringLiteral("Une seule étape."));
        QCOMPARE(m_store->auditEntries(1, 0).constFirst().target, QString::number(stored.id));
        changed.id = stored.id + 100;
        QVERIFY(!m_store->updateKnowledgeArticle(changed, audit("kb.update")));
        QCOMPARE(m_store->auditEntries(10, 0).size(), 3);

        QVERIFY(m_store->removeKnowledgeArticle(stored.id, audit("kb.delete")));
        QVERIFY(!m_store->removeKnowledgeArticle(stored.id, audit("kb.delete")));
        QVERIFY(!m_store->knowledgeArticle(stored.id));
        QVERIFY(m_store->knowledgePassages(stored.id).isEmpty());
        QCOMPARE(m_store->knowledgeArticleCount(), 1);
        QCOMPARE(m_store->auditEntries(10, 0).size(), 4);
        RawConnection raw(m_url);
        QCOMPARE(raw.scalar(QStringLiteral("SELECT COUNT(*) FROM knowledge_passages")).toInt(), 1);
        if (m_url.dialectName() == QLatin1String("sqlite")) {
            QCOMPARE(
                raw.scalar(QStringLiteral("SELECT COUNT(*) FROM knowledge_passages_fts")).toInt(),
                1);
        }
    }

    // Retrieval (migration 0022): accents and case folded, French and English stems, the
    // passages holding enough of the question's meaningful words the knowledge base knows
    // (strict), the reader's language first.
    void searchesTheKnowledgeBase()
    {
        const AuditEntry audit { .actor = QStringLiteral("alice"), .action = QStringLiteral("kb") };
        const KnowledgeArticle reset = m_store->addKnowledgeArticle(
            { .title = QStringLiteral("Mot de passe oublié"),
                .body = QStringLiteral("Pour la réinitialisation du mot de passe, ouvrez la page "
                                       "de connexion.\n\n## Contact\n\nSinon, contact au 3615."),
                .url = QStringLiteral("https://example.com/fr/reset"),
                .locale = QStringLiteral("fr"),
                .updatedBy = QStringLiteral("alice") },
            audit);
        const KnowledgeArticle refunds = m_store->addKnowledgeArticle(
            { .title = QStringLiteral("Refunds"),
                .body = QStringLiteral("We refund purchases within 14 days. Contact billing for "
                                       "invoices."),
                .locale = QStringLiteral("en"),
                .updatedBy = QStringLiteral("alice") },
            audit);
        const KnowledgeArticle elodie = m_store->addKnowledgeArticle(
            { .title = QStringLiteral("Who answers"),
                .body = QStringLiteral("Élodie answers the shipping questions."),
                .updatedBy = QStringLiteral("alice") },
            audit);

        const auto articlesOf = [&](const QString &question, const QString &locale) {
            QList<qint64> ids;
            for (const KnowledgePassage &p :
                m_store->searchKnowledge(question, locale, 4, KnowledgeMatch::Strict))
                ids.append(p.articleId);
            return ids;
        };
        QList<KnowledgePassage> found = m_store->searchKnowledge(
            QStringLiteral("réinitialiser"), QStringLiteral("fr"), 4, KnowledgeMatch::Strict);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0).articleId, reset.id);
        QCOMPARE(found.at(0).title, reset.title);
        QCOMPARE(found.at(0).url, reset.url);
        QVERIFY(found.at(0).text.contains(QStringLiteral("réinitialisation")));
        QVERIFY(found.at(0).score > 0);
        QCOMPARE(
            articlesOf(QStringLiteral("Comment reinitialiser mon mot de passe ?"), {}).value(0),
            reset.id);
        QCOMPARE(articlesOf(QStringLiteral("elodie"), {}), (QList<qint64> { elodie.id }));
        QCOMPARE(articlesOf(QStringLiteral("ÉLODIE"), QStringLiteral("fr")),
            (QList<qint64> { elodie.id }));
        QCOMPARE(articlesOf(QStringLiteral("Was I refunded?"), QStringLiteral("en")),
            (QList<qint64> { refunds.id }));
        // The reader's language first.
        QCOMPARE(articlesOf(QStringLiteral("contact"), QStringLiteral("en")),
            (QList<qint64> { refunds.id, reset.id }));
        QCOMPARE(articlesOf(QStringLiteral("contact"), QStringLiteral("fr")),
            (QList<qint64> { reset.id, refunds.id }));
        // Nothing relevant: stop words only, words no article holds, or too few of those the
        // knowledge base knows.
        QVERIFY(articlesOf(QStringLiteral("How are you?"), QStringLiteral("en")).isEmpty());
        QVERIFY(articlesOf(QStringLiteral("mars venus jupiter"), {}).isEmpty());
        QVERIFY(articlesOf(QStringLiteral("refund connexion elodie"), {}).isEmpty());
        QCOMPARE(articlesOf(QStringLiteral("refund invoices connexion"), {}),
            (QList<qint64> { refunds.id }));
        // Words the reader's language does not know are counted in any language when none is.
        QCOMPARE(articlesOf(QStringLiteral("refund invoices"), QStringLiteral("fr")),
            (QList<qint64> { refunds.id }));
        // Words no article holds do not count: one of one known word is enough.
        QCOMPARE(articlesOf(QStringLiteral("refund mars venus jupiter"), {}),
            (QList<qint64> { refunds.id }));
        QCOMPARE(m_store->searchKnowledge(QStringLiteral("contact"), {}, 1, KnowledgeMatch::Strict)
                     .size(),
            1);

        // FTS syntax is words: never an error.
        QStringList hostile = testsupport::hostileStrings();
        hostile << QStringLiteral("\"") << QStringLiteral("*") << QStringLiteral("NEAR(a b)")
                << QStringLiteral(":") << QStringLiteral("(") << QStringLiteral("AND")
                << QStringLiteral("-x") << QStringLiteral("refund:* & !(") << QStringLiteral("")
                << QStringLiteral("'; DROP TABLE knowledge_articles; --")
                << QString(5000, QLatin1Char('a')) << QStringLiteral("refund\u0000x");
        for (const QString &text : std::as_const(hostile)) {
            try {
                m_store->searchKnowledge(text, QStringLiteral("fr"), 4, KnowledgeMatch::Strict);
                m_store->searchKnowledge(text, QStringLiteral("fr"), 4, KnowledgeMatch::Broad);
            } catch (const std::exception &error) {
                QFAIL(qPrintable(QStringLiteral("searching %1 threw %2")
                                     .arg(text.left(40), QString::fromUtf8(error.what()))));
            }
        }
        QCOMPARE(articlesOf(QStringLiteral("\"refund\" NEAR(invoices)"), {}),
            (QList<qint64> { refunds.id }));

        // A change is searched at once; a deleted article is not found any more.
        KnowledgeArticle changed = refunds;
        changed.body = QStringLiteral("Avoirs sous quinze jours.");
        QVERIFY(m_store->updateKnowledgeArticle(changed, audit));
        QVERIFY(articlesOf(QStringLiteral("invoices"), {}).isEmpty());
        QCOMPARE(articlesOf(QStringLiteral("avoir"), {}), (QList<qint64> { refunds.id }));
        QVERIFY(m_store->removeKnowledgeArticle(elodie.id, audit));
        QVERIFY(articlesOf(QStringLiteral("elodie"), {}).isEmpty());
    }

    // Broad: every passage holding any of the words, ranked, at most `limit`; none for stop
    // words only or words no article holds.
    void searchesTheKnowledgeBaseBroadly()
    {
        const AuditEntry audit { .actor = QStringLiteral("alice"), .action = QStringLiteral("kb") };
        const KnowledgeArticle refunds = m_store->addKnowledgeArticle(
            { .title = QStringLiteral("Refunds"),
                .body = QStringLiteral("We refund purchases within 14 days."),
                .locale = QStringLiteral("en"),
                .updatedBy = QStringLiteral("alice") },
            audit);
        const KnowledgeArticle shipping = m_store->addKnowledgeArticle(
            { .title = QStringLiteral("Shipping"),
                .body = QStringLiteral("Parcels leave within 2 days; tracking by e-mail."),
                .locale = QStringLiteral("en"),
                .updatedBy = QStringLiteral("alice") },
            audit);
        const KnowledgeArticle contact
            = m_store->addKnowledgeArticle({ .title = QStringLiteral("Contact"),
                                               .body = QStringLiteral("Call us on 3615."),
                                               .locale = QStringLiteral("en"),
                                               .updatedBy = QStringLiteral("alice") },
                audit);
        const auto articlesOf = [&](const QString &question, KnowledgeMatch match, int limit) {
            QList<qint64> ids;
            for (const KnowledgePassage &p :
                m_store->searchKnowledge(question, QStringLiteral("en"), limit, match))
                ids.append(p.articleId);
            return ids;
        };
        // Each holds one of three words: too few to be sure, but a reader who judges is given
        // them all.
        const QString question = QStringLiteral("refund tracking call");
        QVERIFY(articlesOf(question, KnowledgeMatch::Strict, 4).isEmpty());
        QList<qint64> broad = articlesOf(question, KnowledgeMatch::Broad, 4);
        std::sort(broad.begin(), broad.end());
        QCOMPARE(broad, (QList<qint64> { refunds.id, shipping.id, contact.id }));
        QCOMPARE(articlesOf(question, KnowledgeMatch::Broad, 2).size(), 2);
        // The most matching first.
        QCOMPARE(
            articlesOf(QStringLiteral("parcel tracking refund"), KnowledgeMatch::Broad, 4).value(0),
            shipping.id);
        QVERIFY(articlesOf(QStringLiteral("How are you?"), KnowledgeMatch::Broad, 4).isEmpty());
        QVERIFY(articlesOf(QStringLiteral("mars venus"), KnowledgeMatch::Broad, 4).isEmpty());
    }

    // The demo's knowledge base, as the customers of `frontline --demo` ask it: a word no
    // article holds ("octobre") does not hide the article that answers.
    void findsTheDemoArticlesForEverydayQuestions()
    {
        QVERIFY(loadDemoKnowledge(*m_store) > 0);
        const auto titlesOf = [&](const QString &question, const QString &locale) {
            QStringList titles;
            for (const KnowledgePassage &p :
                m_store->searchKnowledge(question, locale, 4, KnowledgeMatch::Strict))
                titles.append(p.title);
            return titles;
        };
        QStringList found
            = titlesOf(QStringLiteral("Où trouver ma facture d'octobre ?"), QStringLiteral("fr"));
        QVERIFY2(found.value(0) == QStringLiteral("Facturation et offres"),
            qPrintable(found.join(QStringLiteral(", "))));
        found
            = titlesOf(QStringLiteral("Bonjour ! Ma facture de septembre a été débitée deux fois"),
                QStringLiteral("fr"));
        QVERIFY2(found.value(0) == QStringLiteral("Facturation et offres"),
            qPrintable(found.join(QStringLiteral(", "))));
        found = titlesOf(QStringLiteral("Where is my October invoice?"), QStringLiteral("en"));
        QVERIFY2(!found.isEmpty(), "nothing found");
        QVERIFY2(found.value(0).contains(QLatin1String("Billing")),
            qPrintable(found.join(QStringLiteral(", "))));
        // The passage that answers, not only its article.
        const QList<KnowledgePassage> twice
            = m_store->searchKnowledge(QStringLiteral("Hi! I was charged twice for my November "
                                                      "invoice."),
                QStringLiteral("en"), 4, KnowledgeMatch::Strict);
        QVERIFY(!twice.isEmpty());
        QVERIFY2(twice.first().text.contains(QLatin1String("An invoice charged twice")),
            qPrintable(twice.first().text));
        // Still nothing for what no article is about.
        QVERIFY(
            titlesOf(QStringLiteral("Vendez-vous des vélos ?"), QStringLiteral("fr")).isEmpty());
        QVERIFY(titlesOf(QStringLiteral("Do you sell bicycles?"), QStringLiteral("en")).isEmpty());
    }

    // An assistant's answer keeps its sources on every append path, equal after a round trip.
    void keepsTheSourcesOfAMessage()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        const QList<KnowledgeSource> sources { { QStringLiteral("Refunds"),
                                                   QStringLiteral("https://example.com/refunds") },
            { QStringLiteral("Plans « pro »"), QString() } };
        NewMessage alone
            = userMessage(s.id, QStringLiteral("Refunds take 14 days."), QStringLiteral("c-1"));
        alone.role = Role::Assistant;
        alone.sources = sources;
        const AppendResult first = m_store->appendMessage(alone, {});
        QCOMPARE(first.message.sources, sources);
        NewMessage grouped = alone;
        grouped.clientMessageId = QStringLiteral("c-2");
        grouped.sources = { sources.at(1) };
        NewMessage plain = userMessage(s.id, QStringLiteral("Thanks"));
        const GroupOutcome group = appendGroup(*m_store, { { grouped, {} }, { plain, {} } });
        QCOMPARE(group.stored.size(), 2);
        QCOMPARE(group.stored.at(0).message.sources, grouped.sources);
        QVERIFY(group.stored.at(1).message.sources.isEmpty());
        // A retry answers with what was stored.
        const AppendResult again = m_store->appendMessage(alone, {});
        QVERIFY(again.duplicate);
        QCOMPARE(again.message.sources, sources);

        const QList<ChatMessage> read = m_store->messagesAfter(s.id, 0, 10);
        QCOMPARE(read.size(), 3);
        QCOMPARE(read.at(0).sources, sources);
        QCOMPARE(read.at(1).sources, grouped.sources);
        QVERIFY(read.at(2).sources.isEmpty());
        RawConnection raw(m_url);
        QVERIFY(
            raw.scalar(QStringLiteral("SELECT sources FROM chat_messages WHERE seq = 3")).isNull());
    }

    // Once per session and question whatever its case and spaces; newest first; read by its
    // id while it waits; dismissed by an audited change; gone with the session.
    void recordsUnansweredQuestionsOnce()
    {
        const ChatSession s = m_store->createSession(draftSession(), {});
        const UnansweredQuestion first = m_store->recordUnansweredQuestion(
            s.id, QStringLiteral("Do you ship to Mars?"), QStringLiteral("en"));
        QVERIFY(first.id > 0);
        QCOMPARE(first.sessionId, s.id);
        QCOMPARE(first.askedAt, m_clock->now());
        m_clock->advance(3);
        QCOMPARE(m_store->recordUnansweredQuestion(
                     s.id, QStringLiteral("  do you SHIP to   mars?"), QStringLiteral("en")),
            first);
        const UnansweredQuestion second = m_store->recordUnansweredQuestion(
            s.id, QStringLiteral("Livrez-vous sur Mars ?"), QStringLiteral("fr"));
        QCOMPARE(m_store->unansweredQuestions(10), (QList<UnansweredQuestion> { second, first }));
        QCOMPARE(m_store->unansweredQuestions(1).size(), 1);
        try {
            m_store->recordUnansweredQuestion(QStringLiteral("nope"), QStringLiteral("x"), {});
            QFAIL("a question of no session was recorded");
        } catch (const StoreError &error) {
            QCOMPARE(error.kind(), StoreError::Kind::NotFound);
        }

        const AuditEntry dismiss { .actor = QStringLiteral("alice"),
            .action = QStringLiteral("kb.unanswered.dismiss") };
        QVERIFY(m_store->unansweredQuestion(second.id) == second); // waiting: read by its id
        QVERIFY(m_store->dismissUnansweredQuestion(second.id, dismiss));
        QVERIFY(!m_store->dismissUnansweredQuestion(second.id, dismiss));
        QCOMPARE(m_store->unansweredQuestions(10), (QList<UnansweredQuestion> { first }));
        QVERIFY(!m_store->unansweredQuestion(second.id)); // dismissed
        QVERIFY(m_store->unansweredQuestion(first.id) == first);
        QCOMPARE(m_store->auditEntries(10, 0).size(), 1);
        QCOMPARE(m_store->auditEntries(1, 0).constFirst().target, QString::number(second.id));

        RawConnection raw(m_url);
        QVERIFY(raw.exec(QStringLiteral("PRAGMA foreign_keys = ON"))
            || m_url.dialectName() == QLatin1String("postgresql"));
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM chat_messages")));
        QVERIFY(raw.exec(QStringLiteral("DELETE FROM chat_sessions")));
        QVERIFY(m_store->unansweredQuestions(10).isEmpty());
        QVERIFY(!m_store->unansweredQuestion(first.id)); // gone with its session
    }

    void readsAndWritesSettings()
    {
        QVERIFY(!m_store->setting(QStringLiteral("assistant/mockMode")).has_value());
        m_store->setSetting(QStringLiteral("assistant/mockMode"), QStringLiteral("true"));
        m_store->setSetting(QStringLiteral("limits/message"), QStringLiteral("10/60"));
        m_store->setSetting(QStringLiteral("assistant/mockMode"), QStringLiteral("false"));
        QCOMPARE(*m_store->setting(QStringLiteral("assistant/mockMode")), QStringLiteral("false"));
        const auto all = m_store->settings();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.value(QStringLiteral("limits/message")), QStringLiteral("10/60"));
        m_store->setSetting(QStringLiteral("empty"), QString());
        QCOMPARE(
            m_store->setting(QStringLiteral("empty")).value_or(QStringLiteral("x")), QString());
    }

private:
    TestDatabases m_databases;
    DatabaseUrl m_url;
    std::shared_ptr<ManualClock> m_clock;
    std::unique_ptr<SqlStore> m_store;
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
