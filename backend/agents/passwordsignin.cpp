// SPDX-License-Identifier: GPL-3.0-or-later
#include "passwordsignin.h"

#include "agentdirectory.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

namespace frontline {

void signInWithPassword(AgentDirectory &agents, const QString &username, const QString &password,
    const QString &clientIp, QObject *context, std::function<void(const SignInResult &)> done)
{
    const AgentDirectory::LoginAttempt attempt = agents.startLogin(username, clientIp);
    // The watcher belongs to `context`: deleted with it, it calls nothing.
    auto *check = new QFutureWatcher<bool>(context);
    QObject::connect(check, &QFutureWatcher<bool>::finished, check,
        [&agents, check, attempt, done = std::move(done)] {
            check->deleteLater();
            done([&] { return agents.finishLogin(attempt, check->result()); });
        });
    check->setFuture(
        QtConcurrent::run([hasher = agents.hasher(), password, hash = attempt.passwordHash] {
            return hasher.verify(password, hash);
        }));
}

} // namespace frontline
