// SPDX-License-Identifier: GPL-3.0-or-later
#include "configuration.h"

#include <QSettings>

namespace frontline {

Configuration::Configuration(QHash<QString, QString> commandLine, QProcessEnvironment environment,
    const QSettings *settingsFile)
    : m_commandLine(std::move(commandLine))
    , m_environment(std::move(environment))
    , m_settingsFile(settingsFile)
{
}

Configuration::Value Configuration::value(const ConfigKey &key) const
{
    if (const auto it = m_commandLine.constFind(key.option); it != m_commandLine.constEnd())
        return { *it, Source::CommandLine };
    // An empty variable counts as unset, as shells make it easy to export one by accident.
    if (!key.environment.isEmpty()) {
        const QString fromEnvironment = m_environment.value(key.environment);
        if (!fromEnvironment.isEmpty())
            return { fromEnvironment, Source::Environment };
    }
    if (m_settingsFile && !key.settingsKey.isEmpty() && m_settingsFile->contains(key.settingsKey))
        return { m_settingsFile->value(key.settingsKey).toString(), Source::SettingsFile };
    return { key.defaultValue, Source::Default };
}

namespace configkeys {

const ConfigKey &listen()
{
    static const ConfigKey key { QStringLiteral("listen"), QStringLiteral("FRONTLINE_LISTEN"),
        QStringLiteral("server/listen"), QStringLiteral("127.0.0.1:8080") };
    return key;
}

const ConfigKey &database()
{
    // The default (empty) means a SQLite file in the data folder.
    static const ConfigKey key { QStringLiteral("database"), QStringLiteral("DATABASE_URL"),
        QStringLiteral("database/url"), QString(), true };
    return key;
}

const ConfigKey &dataDir()
{
    // The default (empty) means the platform's application data folder.
    static const ConfigKey key { QStringLiteral("data-dir"), QStringLiteral("FRONTLINE_DATA_DIR"),
        QStringLiteral("paths/dataDir"), QString() };
    return key;
}

namespace {

ConfigKey key(const char *option, const char *environment, const char *settingsKey,
    const char *defaultValue, bool secret = false)
{
    return { QLatin1String(option), QLatin1String(environment), QLatin1String(settingsKey),
        QLatin1String(defaultValue), secret };
}

} // namespace

const ConfigKey &rateLimits()
{
    static const ConfigKey k = key("rate-limits", "FRONTLINE_RATE_LIMITS", "limits/rate",
        "message=10/60,history=100/60,create-session=20/60");
    return k;
}

const ConfigKey &identitySecret()
{
    static const ConfigKey k = key("", "FRONTLINE_IDENTITY_SECRET", "", "", true);
    return k;
}

const ConfigKey &identityRequireExpiry()
{
    static const ConfigKey k
        = key("", "FRONTLINE_IDENTITY_REQUIRE_EXPIRY", "identity/requireExpiry", "false");
    return k;
}

const ConfigKey &adminToken()
{
    static const ConfigKey k = key("", "FRONTLINE_ADMIN_TOKEN", "", "", true);
    return k;
}

const ConfigKey &trustedProxies()
{
    static const ConfigKey k
        = key("trusted-proxies", "FRONTLINE_TRUSTED_PROXIES", "server/trustedProxies", "");
    return k;
}

const ConfigKey &corsOrigins()
{
    static const ConfigKey k
        = key("cors-origins", "FRONTLINE_CORS_ORIGINS", "server/corsOrigins", "");
    return k;
}

const ConfigKey &frameAncestors()
{
    static const ConfigKey k
        = key("frame-ancestors", "FRONTLINE_FRAME_ANCESTORS", "server/frameAncestors", "");
    return k;
}

const ConfigKey &mockMode()
{
    static const ConfigKey k = key("", "CHAT_MOCK_MODE", "assistant/mockMode", "");
    return k;
}

const ConfigKey &openAiApiKey()
{
    static const ConfigKey k = key("", "OPENAI_API_KEY", "", "", true);
    return k;
}

const ConfigKey &openAiBaseUrl()
{
    static const ConfigKey k
        = key("", "OPENAI_BASE_URL", "assistant/baseUrl", "https://api.openai.com/v1");
    return k;
}

const ConfigKey &openAiModel()
{
    static const ConfigKey k = key("", "OPENAI_MODEL", "assistant/model", "gpt-4o-mini");
    return k;
}

const ConfigKey &assistantAllowedOrigins()
{
    static const ConfigKey k
        = key("", "FRONTLINE_AI_ALLOWED_ORIGINS", "assistant/allowedOrigins", "");
    return k;
}

const ConfigKey &assistantRedact()
{
    static const ConfigKey k = key("", "FRONTLINE_AI_REDACT", "assistant/redact", "auto");
    return k;
}

const ConfigKey &assistantTimeout()
{
    static const ConfigKey k = key("", "FRONTLINE_AI_TIMEOUT", "assistant/timeoutSeconds", "30");
    return k;
}

const ConfigKey &assistantReplyWait()
{
    static const ConfigKey k
        = key("", "FRONTLINE_AI_REPLY_WAIT", "assistant/replyWaitSeconds", "10");
    return k;
}

const ConfigKey &assistantSystemPrompt()
{
    static const ConfigKey k = key("", "FRONTLINE_AI_SYSTEM_PROMPT", "assistant/systemPrompt", "");
    return k;
}

const ConfigKey &assistantTemperature()
{
    static const ConfigKey k = key("", "FRONTLINE_AI_TEMPERATURE", "assistant/temperature", "0.3");
    return k;
}

const ConfigKey &assistantMaxTokens()
{
    static const ConfigKey k = key("", "FRONTLINE_AI_MAX_TOKENS", "assistant/maxTokens", "400");
    return k;
}

const ConfigKey &assistantMaxRepliesPerSession()
{
    static const ConfigKey k
        = key("", "FRONTLINE_AI_MAX_REPLIES_PER_SESSION", "assistant/maxRepliesPerSession", "50");
    return k;
}

const ConfigKey &assistantMaxTokensPerDay()
{
    static const ConfigKey k
        = key("", "FRONTLINE_AI_MAX_TOKENS_PER_DAY", "assistant/maxTokensPerUserPerDay", "50000");
    return k;
}

const ConfigKey &assistantMaxTokensPerAddressPerDay()
{
    static const ConfigKey k = key("", "FRONTLINE_AI_MAX_TOKENS_PER_ADDRESS_PER_DAY",
        "assistant/maxTokensPerAddressPerDay", "200000");
    return k;
}

const ConfigKey &rateLimitHitRetentionDays()
{
    static const ConfigKey k
        = key("", "FRONTLINE_RATE_LIMIT_HIT_RETENTION_DAYS", "limits/hitRetentionDays", "30");
    return k;
}

const ConfigKey &maxHeaderBytes()
{
    static const ConfigKey k
        = key("", "FRONTLINE_MAX_HEADER_BYTES", "server/maxHeaderBytes", "16384");
    return k;
}

const ConfigKey &maxBodyBytes()
{
    static const ConfigKey k = key("", "FRONTLINE_MAX_BODY_BYTES", "server/maxBodyBytes", "65536");
    return k;
}

const ConfigKey &maxAttachmentBytes()
{
    static const ConfigKey k
        = key("", "FRONTLINE_MAX_ATTACHMENT_BYTES", "attachments/maxBytes", "10485760");
    return k;
}

const ConfigKey &attachmentQuotaBytes()
{
    static const ConfigKey k
        = key("", "FRONTLINE_ATTACHMENT_QUOTA_BYTES", "attachments/quotaBytes", "52428800");
    return k;
}

const ConfigKey &requestTimeout()
{
    static const ConfigKey k
        = key("", "FRONTLINE_REQUEST_TIMEOUT", "server/requestTimeoutSeconds", "10");
    return k;
}

const ConfigKey &idleTimeout()
{
    static const ConfigKey k = key("", "FRONTLINE_IDLE_TIMEOUT", "server/idleTimeoutSeconds", "60");
    return k;
}

const ConfigKey &maxConnectionsPerIp()
{
    static const ConfigKey k
        = key("", "FRONTLINE_MAX_CONNECTIONS_PER_IP", "server/maxConnectionsPerIp", "256");
    return k;
}

const ConfigKey &databaseReaders()
{
    static const ConfigKey k = key("", "FRONTLINE_DATABASE_READERS", "database/readers", "0");
    return k;
}

const ConfigKey &databaseTimeout()
{
    static const ConfigKey k
        = key("", "FRONTLINE_DATABASE_TIMEOUT", "database/timeoutSeconds", "5");
    return k;
}

const ConfigKey &writeTimeout()
{
    static const ConfigKey k
        = key("", "FRONTLINE_WRITE_TIMEOUT", "server/writeTimeoutSeconds", "30");
    return k;
}

const ConfigKey &maxConnections()
{
    static const ConfigKey k
        = key("", "FRONTLINE_MAX_CONNECTIONS", "server/maxConnections", "10000");
    return k;
}

const ConfigKey &listenBacklog()
{
    static const ConfigKey k = key("", "FRONTLINE_LISTEN_BACKLOG", "server/listenBacklog", "4096");
    return k;
}

const ConfigKey &sessionLifetime()
{
    static const ConfigKey k
        = key("", "FRONTLINE_SESSION_LIFETIME", "agents/sessionLifetimeSeconds", "43200");
    return k;
}

const ConfigKey &maxStreamsPerSession()
{
    static const ConfigKey k
        = key("", "FRONTLINE_MAX_STREAMS_PER_SESSION", "server/maxStreamsPerSession", "5");
    return k;
}

const ConfigKey &maxStreamsPerAddress()
{
    static const ConfigKey k
        = key("", "FRONTLINE_MAX_STREAMS_PER_ADDRESS", "server/maxStreamsPerAddress", "20");
    return k;
}

const ConfigKey &tlsCertificate()
{
    static const ConfigKey k = key("tls-cert", "FRONTLINE_TLS_CERT", "server/tlsCertificate", "");
    return k;
}

const ConfigKey &tlsKey()
{
    static const ConfigKey k = key("tls-key", "FRONTLINE_TLS_KEY", "server/tlsKey", "");
    return k;
}

const ConfigKey &smtpUrl()
{
    // Secret as it may hold the password: --print-config shows it with the password masked.
    static const ConfigKey k = key("", "FRONTLINE_SMTP_URL", "mail/smtpUrl", "", true);
    return k;
}

const ConfigKey &smtpPassword()
{
    static const ConfigKey k = key("", "FRONTLINE_SMTP_PASSWORD", "", "", true);
    return k;
}

const ConfigKey &smtpRequireTls()
{
    static const ConfigKey k = key("", "FRONTLINE_SMTP_REQUIRE_TLS", "mail/requireTls", "false");
    return k;
}

const ConfigKey &smtpCaFile()
{
    static const ConfigKey k = key("", "FRONTLINE_SMTP_CA_FILE", "mail/caFile", "");
    return k;
}

const ConfigKey &mailFrom()
{
    static const ConfigKey k = key("", "FRONTLINE_MAIL_FROM", "mail/from", "");
    return k;
}

const ConfigKey &publicUrl()
{
    // The default (empty) means the listen address, http or https as the server serves.
    static const ConfigKey k = key("", "FRONTLINE_PUBLIC_URL", "server/publicUrl", "");
    return k;
}

const ConfigKey &emailAfter()
{
    static const ConfigKey k
        = key("", "FRONTLINE_EMAIL_AFTER_SECONDS", "mail/emailAfterSeconds", "120");
    return k;
}

const ConfigKey &mailCopyTo()
{
    static const ConfigKey k = key("", "FRONTLINE_MAIL_COPY_TO", "mail/copyTo", "");
    return k;
}

QList<ConfigKey> all()
{
    return { listen(), database(), dataDir(), rateLimits(), identitySecret(), adminToken(),
        trustedProxies(), corsOrigins(), frameAncestors(), mockMode(), openAiApiKey(),
        openAiBaseUrl(), openAiModel(), assistantTimeout(), assistantReplyWait(),
        assistantSystemPrompt(), assistantTemperature(), assistantMaxTokens(),
        assistantMaxRepliesPerSession(), assistantMaxTokensPerDay(),
        assistantMaxTokensPerAddressPerDay(), rateLimitHitRetentionDays(), maxHeaderBytes(),
        maxBodyBytes(), maxAttachmentBytes(), attachmentQuotaBytes(), requestTimeout(),
        idleTimeout(), maxConnectionsPerIp(), writeTimeout(), maxConnections(), listenBacklog(),
        databaseTimeout(), databaseReaders(), tlsCertificate(), tlsKey(), identityRequireExpiry(),
        assistantAllowedOrigins(), assistantRedact(), sessionLifetime(), maxStreamsPerSession(),
        maxStreamsPerAddress(), smtpUrl(), smtpPassword(), smtpRequireTls(), smtpCaFile(),
        mailFrom(), publicUrl(), emailAfter(), mailCopyTo() };
}

} // namespace configkeys

} // namespace frontline
