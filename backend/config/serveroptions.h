// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "assistant/openaiassistant.h"
#include "chat/chatservice.h"
#include "domain/mailaddress.h"
#include "http/clientaddress.h"
#include "listenaddress.h"
#include "mail/smtpsettings.h"
#include "security/ratelimiter.h"
#include "store/databaseurl.h"

#include <QStringList>

#include <optional>

namespace frontline {

class Configuration;

// What the backend needs to start, validated. Resolving touches nothing on disk, so a
// mistake in the configuration leaves no trace behind.
struct ServerOptions
{
    ListenAddress listen;
    DatabaseUrl database;
    QString dataDir; // absolute
    bool databaseInDataDir = false; // the default SQLite file: create the data folder first

    RateLimitPolicy rateLimits = RateLimitPolicy::defaults();
    // Set on the command line or in the environment: then it wins over the limits an
    // administrator last set through the agent API (kept in the database).
    bool rateLimitsFromLaunch = false;
    int rateLimitHitRetentionDays = 30; // FRONTLINE_RATE_LIMIT_HIT_RETENTION_DAYS
    // Refusals gather this long before they are written and announced together.
    std::chrono::milliseconds rateLimitHitFlushInterval { 1000 };
    // How often auto-assignment looks for conversations left unanswered (tests shorten it).
    std::chrono::milliseconds autoAssignmentCheckInterval { 10000 };
    // How often a node renews its agents' presence; three of them without a renewal and the
    // node's agents count as gone (a node that died).
    std::chrono::milliseconds presenceHeartbeat { 10000 };
    QByteArray identitySecret; // HMAC key host sites sign user ids with; empty: none
    bool identityRequireExpiry = false; // only signatures with userHashExpires are accepted
    QString adminToken; // FRONTLINE_ADMIN_TOKEN: an administrator's token for automation
    http::ClientAddress clientAddress; // which proxies' X-Forwarded-For to believe
    QStringList corsOrigins; // empty: same origin only
    QStringList frameAncestors; // sites that may show the chat page in a frame (the widget)
    bool mockMode = true; // start in mock mode
    bool mockForced = false; // CHAT_MOCK_MODE=true: mock mode cannot be left
    OpenAiSettings openAi; // used when an API key is set
    // Which of the provider's URL, model and prompt were set on the command line or in the
    // environment: those win over what an administrator last set through the agent API.
    struct
    {
        bool baseUrl = false, model = false, systemPrompt = false;
    } providerFromLaunch;
    AssistantPolicy assistantPolicy;

    // The listener's guards against slow, oversized and greedy clients.
    qsizetype maxHeaderBytes = 16 * 1024;
    qsizetype maxBodyBytes = 64 * 1024;
    qint64 maxAttachmentBytes = 10 * 1024 * 1024; // an upload's body (refused before it is read)
    qint64 attachmentQuotaBytes = 50 * 1024 * 1024; // all the files of one conversation
    int requestTimeoutSeconds = 10;
    int idleTimeoutSeconds = 60;
    int maxConnectionsPerIp = 256;
    int writeTimeoutSeconds = 30;
    int maxConnections = 10000;
    int listenBacklog = 4096;
    // Store workers that read, besides the one that writes (each its own connection); 0: as
    // many as the machine has cores, at least 2.
    int databaseReaders = 0;
    int heartbeatSeconds = 15;
    // A sign-in token (POST /api/agent/login) ends after this long without use.
    int sessionLifetimeSeconds = 12 * 3600;
    // Customers' event streams open at once on this node, per session and per client address.
    int maxStreamsPerSession = 5;
    int maxStreamsPerAddress = 20;

    // E-mail, when FRONTLINE_SMTP_URL and FRONTLINE_MAIL_FROM are set (both or neither):
    // without them nothing is sent and the chat page offers no e-mail.
    std::optional<mail::SmtpSettings> smtp;
    std::optional<Mailbox> mailFrom;
    // The outbox (chat/mailoutbox.h): an attempt that failed is tried again after this,
    // doubling up to 10 minutes; and how often it looks for due mail besides being woken by a
    // new one (retries, rows another process wrote). Tests shorten both.
    std::chrono::milliseconds mailRetryBase { 5000 };
    std::chrono::milliseconds mailCheckInterval { 5000 };

    QString tlsCertificateFile; // both set: serve HTTPS
    QString tlsKeyFile;

    // nullopt and one sentence in `error` that names the bad value and where it came from.
    static std::optional<ServerOptions> resolve(const Configuration &configuration, QString *error);
    // The platform's application data folder, e.g. ~/.local/share/Frontline/frontline.
    static QString defaultDataDir();
};

} // namespace frontline
