// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace frontline {

// Where the server's AI provider key may go. The key was given for one provider: the origin
// of OPENAI_BASE_URL at launch (the operator's choice, like the key itself). An administrator
// may point the server at another URL of that origin, or at one the operator listed in
// FRONTLINE_AI_ALLOWED_ORIGINS; any other origin would hand the key (and the server's network
// position) to whoever names it. Plain http carries the key only to this machine.
class ProviderOrigins final
{
public:
    // `launchBaseUrl`'s origin and the `allowed` ones ("https://host[:port]").
    ProviderOrigins(const QUrl &launchBaseUrl, const QStringList &allowed);

    // "https://api.openai.com:443": scheme, host and port (the default one made explicit).
    static QString originOf(const QUrl &url);
    // An origin from the operator's list, normalised; nullopt and a sentence in `error` when
    // it is not a plain http(s) origin, or plain http to another machine.
    static std::optional<QString> parseAllowed(const QString &text, QString *error);
    // http to a host other than this machine: the key would cross the network in clear.
    static bool isPlainHttpToAnotherHost(const QUrl &url);

    bool allows(const QUrl &baseUrl) const;
    // Why `baseUrl` is refused, and what the operator can do about it.
    QString refusal(const QUrl &baseUrl) const;
    QStringList origins() const { return m_origins; }

private:
    QStringList m_origins;
};

} // namespace frontline
