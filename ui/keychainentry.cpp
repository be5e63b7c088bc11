// SPDX-License-Identifier: GPL-3.0-or-later
#include "keychainentry.h"

#include <qt6keychain/keychain.h>

namespace frontline::ui {

namespace {

const QString Service = QStringLiteral("Frontline");

} // namespace

QString KeychainEntry::providerKey()
{
    return QStringLiteral("OPENAI_API_KEY");
}

QString KeychainEntry::agentToken()
{
    return QStringLiteral("FRONTLINE_AGENT_TOKEN");
}

KeychainEntry::KeychainEntry(QString name, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
{
}

void KeychainEntry::read()
{
    auto *job = new QKeychain::ReadPasswordJob(Service, this);
    job->setKey(m_name);
    job->setInsecureFallback(false); // never a plain file
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError)
            Q_EMIT secretRead(job->textData(), QString());
        else if (job->error() == QKeychain::EntryNotFound)
            Q_EMIT secretRead(QString(), QString());
        else
            Q_EMIT secretRead(QString(), job->errorString());
    });
    job->start();
}

void KeychainEntry::write(const QString &secret)
{
    auto *job = new QKeychain::WritePasswordJob(Service, this);
    job->setKey(m_name);
    job->setInsecureFallback(false);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        Q_EMIT secretWritten(job->error() == QKeychain::NoError, job->errorString());
    });
    job->start();
}

void KeychainEntry::remove()
{
    auto *job = new QKeychain::DeletePasswordJob(Service, this);
    job->setKey(m_name);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const bool ok
            = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        Q_EMIT secretRemoved(ok, ok ? QString() : job->errorString());
    });
    job->start();
}

} // namespace frontline::ui
