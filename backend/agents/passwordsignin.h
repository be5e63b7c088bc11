// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

class QObject;

namespace frontline {

class AgentDirectory;
struct NewAgent;

// What a sign-in became: returns the new sign-in, or throws what AgentDirectory::finishLogin
// throws (a wrong password, an expired account...).
using SignInResult = std::function<NewAgent()>;

// Signs an agent in with a password without blocking the calling thread: the password check
// (PBKDF2, some 0.3 s) runs on a worker, the rest on the calling thread, where `done` is then
// called. What AgentDirectory::startLogin refuses at once (too many attempts) is thrown here.
// `done` is not called if `context` is deleted first (the backend stopping).
void signInWithPassword(AgentDirectory &agents, const QString &username, const QString &password,
    const QString &clientIp, QObject *context, std::function<void(const SignInResult &)> done);

} // namespace frontline
