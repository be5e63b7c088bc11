// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace frontline::ui {

// One secret in the operating system's keychain (Secret Service, KWallet, macOS Keychain,
// Windows Credential Manager, through QtKeychain), so that the console never writes a
// secret to its settings file. Asynchronous, as keychains may ask the user to unlock.
class KeychainEntry final : public QObject
{
    Q_OBJECT
public:
    // The secrets the console keeps.
    static QString providerKey(); // the AI provider's API key (OPENAI_API_KEY)
    static QString agentToken(); // the agent token for a remote Frontline server

    explicit KeychainEntry(QString name, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(KeychainEntry)

    void read();
    void write(const QString &secret);
    void remove();

Q_SIGNALS:
    // Empty secret when none is stored or no keychain is available (then `error` says why).
    void secretRead(const QString &secret, const QString &error);
    void secretWritten(bool ok, const QString &error);
    void secretRemoved(bool ok, const QString &error);

private:
    QString m_name;
};

} // namespace frontline::ui
