// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QProcessEnvironment>
#include <QString>

class QSettings;

namespace frontline {

// One configurable value: where it can be set, and its default.
struct ConfigKey
{
    QString option; // command-line option without dashes: "listen"
    QString environment; // environment variable: "FRONTLINE_LISTEN"
    QString settingsKey; // key in the settings file: "server/listen"
    QString defaultValue;
    bool secret = false; // masked wherever the configuration is shown
};

// Resolves values with the precedence command line > environment > settings file > default,
// remembering where each came from. The sources are injected, so tests need neither a
// real command line nor the user's settings file.
class Configuration final
{
public:
    enum class Source { CommandLine, Environment, SettingsFile, Default };

    struct Value
    {
        QString value;
        Source source = Source::Default;
    };

    Configuration(QHash<QString, QString> commandLine, QProcessEnvironment environment,
        const QSettings *settingsFile);

    Value value(const ConfigKey &key) const;

private:
    QHash<QString, QString> m_commandLine;
    QProcessEnvironment m_environment;
    const QSettings *m_settingsFile;
};

// The keys Frontline knows, defined once for the command line, the environment and the file.
namespace configkeys {
const ConfigKey &listen();
const ConfigKey &database();
const ConfigKey &dataDir();
const ConfigKey &rateLimits();
const ConfigKey &identitySecret();
const ConfigKey &identityRequireExpiry();
const ConfigKey &adminToken();
const ConfigKey &trustedProxies();
const ConfigKey &corsOrigins();
const ConfigKey &frameAncestors();
const ConfigKey &mockMode();
const ConfigKey &openAiApiKey();
const ConfigKey &openAiBaseUrl();
const ConfigKey &openAiModel();
const ConfigKey &assistantAllowedOrigins();
// auto (redact unless the provider is on this machine), on, off: see redactPersonalData.
const ConfigKey &assistantRedact();
const ConfigKey &assistantTimeout();
const ConfigKey &assistantReplyWait();
const ConfigKey &assistantSystemPrompt();
const ConfigKey &assistantTemperature();
const ConfigKey &assistantMaxTokens();
const ConfigKey &assistantMaxRepliesPerSession();
const ConfigKey &assistantMaxTokensPerDay();
const ConfigKey &assistantMaxTokensPerAddressPerDay();
const ConfigKey &rateLimitHitRetentionDays();
const ConfigKey &maxHeaderBytes();
const ConfigKey &maxBodyBytes();
const ConfigKey &maxAttachmentBytes();
const ConfigKey &attachmentQuotaBytes();
const ConfigKey &requestTimeout();
const ConfigKey &idleTimeout();
const ConfigKey &maxConnectionsPerIp();
const ConfigKey &databaseReaders();
const ConfigKey &databaseTimeout();
const ConfigKey &writeTimeout();
const ConfigKey &maxConnections();
const ConfigKey &listenBacklog();
const ConfigKey &sessionLifetime();
const ConfigKey &maxStreamsPerSession();
const ConfigKey &maxStreamsPerAddress();
const ConfigKey &tlsCertificate();
const ConfigKey &tlsKey();
const ConfigKey &smtpUrl();
const ConfigKey &smtpPassword();
const ConfigKey &smtpRequireTls();
const ConfigKey &smtpCaFile();
const ConfigKey &mailFrom();
const ConfigKey &publicUrl();
const ConfigKey &emailAfter();
const ConfigKey &mailCopyTo();
QList<ConfigKey> all();
} // namespace configkeys

} // namespace frontline
