// SPDX-License-Identifier: GPL-3.0-or-later
#include "apikeychain.h"

#include <qt6keychain/keychain.h>

namespace frontline::ui {

namespace {

const QString Service = QStringLiteral("Frontline");
const QString Account = QStringLiteral("OPENAI_API_KEY");

} // namespace

ApiKeyChain::ApiKeyChain(QObject *parent) : QObject(parent) { }

void ApiKeyChain::read()
{
    auto *job = new QKeychain::ReadPasswordJob(Service, this);
    job->setKey(Account);
    job->setInsecureFallback(false); // never a plain file
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        if (job->error() == QKeychain::NoError)
            Q_EMIT keyRead(job->textData(), QString());
        else if (job->error() == QKeychain::EntryNotFound)
            Q_EMIT keyRead(QString(), QString());
        else
            Q_EMIT keyRead(QString(), job->errorString());
    });
    job->start();
}

void ApiKeyChain::write(const QString &key)
{
    auto *job = new QKeychain::WritePasswordJob(Service, this);
    job->setKey(Account);
    job->setInsecureFallback(false);
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        Q_EMIT keyWritten(job->error() == QKeychain::NoError, job->errorString());
    });
    job->start();
}

void ApiKeyChain::remove()
{
    auto *job = new QKeychain::DeletePasswordJob(Service, this);
    job->setKey(Account);
    job->setInsecureFallback(false);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        const bool ok = job->error() == QKeychain::NoError || job->error() == QKeychain::EntryNotFound;
        Q_EMIT keyRemoved(ok, ok ? QString() : job->errorString());
    });
    job->start();
}

} // namespace frontline::ui
