// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace frontline::ui {

// The AI provider's API key in the operating system's keychain (Secret Service, KWallet,
// macOS Keychain, Windows Credential Manager, through QtKeychain), so that the console never
// writes it to its settings file. Asynchronous, as keychains may ask the user to unlock.
class ApiKeyChain final : public QObject
{
    Q_OBJECT
public:
    explicit ApiKeyChain(QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(ApiKeyChain)

    void read();
    void write(const QString &key);
    void remove();

Q_SIGNALS:
    // Empty key when none is stored or no keychain is available (then `error` says why).
    void keyRead(const QString &key, const QString &error);
    void keyWritten(bool ok, const QString &error);
    void keyRemoved(bool ok, const QString &error);
};

} // namespace frontline::ui
