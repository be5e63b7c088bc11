// SPDX-License-Identifier: GPL-3.0-or-later
// How fast conversation search is on SQLite with many messages (issue 21): a database of
// BENCH_SEARCH_MESSAGES messages (1,000,000 for the figure in docs/PERFORMANCE.md; CTest runs it
// on 20,000 so that it keeps working), in sessions of 20, written straight into the tables
// (the FTS5 index kept by its triggers, as the store's appends do), then the agent's session
// list for a search (SqlStore::sessionOverviews, the query of GET /api/agent/sessions?q=)
// timed for several kinds of search: p50, p99 and max. Figures, not a pass/fail: nothing here
// is timed against a limit; it only checks that each search finds what was written.
//
//   BENCH_SEARCH_MESSAGES=1000000 build/release/tests/bench_search

#include "core/clock.h"
#include "store/databaseurl.h"
#include "store/migrator.h"
#include "store/sqlstore.h"

#include <QElapsedTimer>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <optional>
#include <random>

using namespace frontline;

namespace {

constexpr int MessagesPerSession = 20;

// Words of ordinary support conversations, French and English; a few of them in every
// message, and now and then a rarer one.
const QStringList &commonWords()
{
    static const QStringList words = QStringLiteral(
        "order commande invoice facture delivery livraison account compte password mot de passe "
        "hello bonjour thanks merci please the the a le la les un une is est my mon ma I je "
        "you vous when quand where how comment still toujours again encore received reçu today "
        "aujourd'hui yesterday hier week semaine card carte payment paiement refund "
        "remboursement problem problème help aide number numéro email adresse phone téléphone "
        "parcel colis address livré delivered cancel annuler change modifier login connexion "
        "error erreur page site app application update mise à jour")
                                         .split(u' ', Qt::SkipEmptyParts);
    return words;
}

struct Kind
{
    const char *name;
    QString search;
};

} // namespace

class BenchSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        bool ok = false;
        m_messages = qEnvironmentVariableIntValue("BENCH_SEARCH_MESSAGES", &ok);
        if (!ok || m_messages < MessagesPerSession)
            m_messages = 20000;
        QVERIFY(m_dir.isValid());
        m_url = DatabaseUrl::sqliteFile(m_dir.filePath(QStringLiteral("search.db")));
        Migrator::migrateDatabase(*m_url);

        QElapsedTimer timer;
        timer.start();
        {
            QSqlDatabase db = m_url->addConnection(QStringLiteral("fill"));
            QVERIFY(db.open());
            QSqlQuery pragma(db);
            QVERIFY(pragma.exec(QStringLiteral("PRAGMA synchronous = OFF")));
            QVERIFY(db.transaction());
            QSqlQuery session(db);
            QVERIFY(session.prepare(QStringLiteral(
                "INSERT INTO chat_sessions (id, user_id, status, customer_name, locale, "
                "token_hash, last_seq, created_at, updated_at, last_message_at) "
                "VALUES (?, ?, 'ACTIVE', ?, 'fr', ?, ?, ?, ?, ?)")));
            QSqlQuery message(db);
            QVERIFY(message.prepare(
                QStringLiteral("INSERT INTO chat_messages (id, session_id, seq, role, content, "
                               "created_at) VALUES (?, ?, ?, ?, ?, ?)")));
            std::mt19937 random(21);
            const QStringList &words = commonWords();
            std::uniform_int_distribution<qsizetype> pick(0, words.size() - 1);
            std::uniform_int_distribution<int> length(6, 30);
            std::uniform_int_distribution<int> percent(0, 9999);
            const int sessions = m_messages / MessagesPerSession;
            const qint64 start = 1'700'000'000'000;
            for (int s = 0; s < sessions; ++s) {
                const QString id = QStringLiteral("s%1").arg(s);
                const qint64 at = start + qint64(s) * 60'000;
                session.addBindValue(id);
                session.addBindValue(QStringLiteral("u%1").arg(s));
                session.addBindValue(QStringLiteral("Customer %1").arg(s));
                session.addBindValue(QStringLiteral("h%1").arg(s));
                session.addBindValue(MessagesPerSession);
                session.addBindValue(at);
                session.addBindValue(at + MessagesPerSession * 1000);
                session.addBindValue(at + MessagesPerSession * 1000);
                if (!session.exec())
                    QFAIL(qPrintable(session.lastError().text()));
                for (int seq = 1; seq <= MessagesPerSession; ++seq) {
                    QStringList text;
                    const int n = length(random);
                    for (int w = 0; w < n; ++w)
                        text.append(words.at(pick(random)));
                    const int p = percent(random);
                    if (p < 10) // 0.1 %: an accented name
                        text.insert(1, QStringLiteral("Élodie"));
                    else if (p < 110) // 1 %: the two words of a known problem
                        text.append(QStringLiteral("réinitialisation impossible"));
                    if (percent(random) == 0) // 0.01 %: a rare word
                        text.append(QStringLiteral("zéphyrine"));
                    message.addBindValue(QStringLiteral("m%1-%2").arg(s).arg(seq));
                    message.addBindValue(id);
                    message.addBindValue(seq);
                    message.addBindValue(
                        seq % 2 ? QStringLiteral("USER") : QStringLiteral("AGENT"));
                    message.addBindValue(text.join(u' '));
                    message.addBindValue(at + seq * 1000);
                    if (!message.exec())
                        QFAIL(qPrintable(message.lastError().text()));
                }
            }
            QVERIFY(db.commit());
            QVERIFY(pragma.exec(QStringLiteral("ANALYZE")));
        }
        QSqlDatabase::removeDatabase(QStringLiteral("fill"));
        qInfo("%d messages in %d sessions written (with their FTS5 index) in %.1f s", m_messages,
            m_messages / MessagesPerSession, double(timer.elapsed()) / 1000.0);
        m_store = SqlStore::open(*m_url, std::make_shared<SystemClock>());
    }

    void searches()
    {
        const QList<Kind> kinds { { "rare word (0.01 % of messages)", QStringLiteral("zephyrine") },
            { "accented name, folded (0.1 %)", QStringLiteral("elodie") },
            { "two words (1 %)", QStringLiteral("reinitialiser impossible") },
            { "common word (~20 %)", QStringLiteral("commande") },
            { "two common words", QStringLiteral("invoice refund") },
            { "no match", QStringLiteral("xylophone") } };
        const int rounds = qEnvironmentVariableIntValue("BENCH_SEARCH_ROUNDS") > 0
            ? qEnvironmentVariableIntValue("BENCH_SEARCH_ROUNDS")
            : 200;
        QString table = QStringLiteral("| search | sessions listed | p50 ms | p99 ms | max ms |\n"
                                       "|---|---|---|---|---|\n");
        for (const Kind &kind : kinds) {
            QList<double> times;
            qsizetype listed = 0;
            for (int i = 0; i < rounds + 5; ++i) {
                QElapsedTimer timer;
                timer.start();
                const QList<SessionOverview> found = m_store->sessionOverviews(
                    { .search = kind.search, .limit = 50 }, QStringLiteral("bench"));
                const double ms = double(timer.nsecsElapsed()) / 1e6;
                if (i >= 5) // the first ones warm the cache
                    times.append(ms);
                listed = found.size();
                if (!found.isEmpty())
                    QVERIFY(found.first().match);
            }
            if (QByteArray(kind.name) != "no match")
                QVERIFY2(listed > 0, kind.name);
            std::sort(times.begin(), times.end());
            const auto at = [&times](double q) {
                return times.at(std::min(times.size() - 1, qsizetype(q * double(times.size()))));
            };
            table += QStringLiteral("| %1 (`%2`) | %3 | %4 | %5 | %6 |\n")
                         .arg(QString::fromLatin1(kind.name), kind.search)
                         .arg(listed)
                         .arg(at(0.5), 0, 'f', 2)
                         .arg(at(0.99), 0, 'f', 2)
                         .arg(times.last(), 0, 'f', 2);
        }
        qInfo("%d messages, %d rounds each:\n%s", m_messages, rounds, qPrintable(table));
    }

    void cleanupTestCase() { m_store.reset(); }

private:
    QTemporaryDir m_dir;
    std::optional<DatabaseUrl> m_url;
    int m_messages = 0;
    std::unique_ptr<SqlStore> m_store;
};

QTEST_GUILESS_MAIN(BenchSearch)
#include "bench_search.moc"
