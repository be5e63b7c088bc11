// SPDX-License-Identifier: GPL-3.0-or-later
#include "serveroptions.h"

#include "configuration.h"
#include "http/frameancestors.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <QUrl>

#include <functional>

namespace frontline {

namespace {

QString fromWhere(const Configuration::Value &value, const ConfigKey &key)
{
    switch (value.source) {
    case Configuration::Source::CommandLine:
        return QCoreApplication::translate("ServerOptions", " (from --%1)").arg(key.option);
    case Configuration::Source::Environment:
        return QCoreApplication::translate("ServerOptions", " (from %1)").arg(key.environment);
    case Configuration::Source::SettingsFile:
        return QCoreApplication::translate("ServerOptions", " (from %1 in the settings file)")
            .arg(key.settingsKey);
    case Configuration::Source::Default:
        break;
    }
    return {};
}

std::optional<bool> parseBool(const QString &text)
{
    const QString value = text.trimmed().toLower();
    if (value == QLatin1String("true") || value == QLatin1String("1"))
        return true;
    if (value == QLatin1String("false") || value == QLatin1String("0"))
        return false;
    return std::nullopt;
}

// FRONTLINE_SMTP_URL and its companions: both the server and the sender, or neither.
bool resolveMail(const Configuration &configuration, ServerOptions &options, QString *error)
{
    const auto url = configuration.value(configkeys::smtpUrl());
    const auto from = configuration.value(configkeys::mailFrom());
    if (url.value.trimmed().isEmpty() && from.value.trimmed().isEmpty())
        return true;
    if (url.value.trimmed().isEmpty() || from.value.trimmed().isEmpty()) {
        *error = QCoreApplication::translate("ServerOptions",
            "E-mail needs both FRONTLINE_SMTP_URL (the mail server, e.g. "
            "smtp://user:password@mail.example.com:587) and FRONTLINE_MAIL_FROM (the sender, "
            "e.g. \"Support <support@example.com>\"); set both, or neither to send no e-mail.");
        return false;
    }
    QString problem;
    auto smtp = mail::SmtpSettings::parse(url.value, &problem);
    if (!smtp) {
        *error = problem + fromWhere(url, configkeys::smtpUrl());
        return false;
    }
    const auto password = configuration.value(configkeys::smtpPassword());
    if (!password.value.isEmpty()) {
        if (smtp->user.isEmpty()) {
            *error = QCoreApplication::translate("ServerOptions",
                "FRONTLINE_SMTP_PASSWORD is set but FRONTLINE_SMTP_URL names no user: write "
                "smtp://user@host:587 with the password in FRONTLINE_SMTP_PASSWORD.");
            return false;
        }
        if (!smtp->password.isEmpty()) {
            *error = QCoreApplication::translate("ServerOptions",
                "The SMTP password is both in FRONTLINE_SMTP_URL and in "
                "FRONTLINE_SMTP_PASSWORD: keep one.");
            return false;
        }
        smtp->password = password.value;
    }
    const auto requireTls = configuration.value(configkeys::smtpRequireTls());
    const auto required = parseBool(requireTls.value);
    if (!required) {
        *error = QCoreApplication::translate(
                     "ServerOptions", "Invalid value \"%1\": use true or false")
                     .arg(requireTls.value)
            + fromWhere(requireTls, configkeys::smtpRequireTls()) + QLatin1Char('.');
        return false;
    }
    smtp->requireTls = *required;
    smtp->caFile = configuration.value(configkeys::smtpCaFile()).value;
    const auto mailbox = parseMailbox(from.value);
    if (!mailbox) {
        *error = QCoreApplication::translate("ServerOptions",
                     "Invalid sender \"%1\": write an address, or a name and an address, such "
                     "as \"Support <support@example.com>\"")
                     .arg(from.value)
            + fromWhere(from, configkeys::mailFrom()) + QLatin1Char('.');
        return false;
    }
    options.smtp = std::move(*smtp);
    options.mailFrom = *mailbox;
    return true;
}

// What the e-mails say and when they go: the public address their links start with, and the
// operator's copy of closed conversations.
bool resolveMailFlows(const Configuration &configuration, ServerOptions &options, QString *error)
{
    const auto publicUrl = configuration.value(configkeys::publicUrl());
    const QString publicText = publicUrl.value.trimmed();
    if (!publicText.isEmpty()) {
        const QUrl url(publicText, QUrl::StrictMode);
        const bool web
            = url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http");
        if (!url.isValid() || !web || url.host().isEmpty() || url.hasQuery() || url.hasFragment()
            || !url.userInfo().isEmpty()) {
            *error = QCoreApplication::translate("ServerOptions",
                         "Invalid public address \"%1\": write the address customers reach the "
                         "server at, such as https://support.example.com")
                         .arg(publicUrl.value)
                + fromWhere(publicUrl, configkeys::publicUrl()) + QLatin1Char('.');
            return false;
        }
        QString text = url.toString(QUrl::FullyEncoded);
        while (text.endsWith(QLatin1Char('/')))
            text.chop(1);
        options.publicUrl = text;
    }
    const auto copyTo = configuration.value(configkeys::mailCopyTo());
    const QString copyText = copyTo.value.trimmed();
    if (!copyText.isEmpty()) {
        if (!isMailAddress(copyText)) {
            *error = QCoreApplication::translate("ServerOptions",
                         "Invalid address \"%1\": write one e-mail address, such as "
                         "archive@example.com")
                         .arg(copyTo.value)
                + fromWhere(copyTo, configkeys::mailCopyTo()) + QLatin1Char('.');
            return false;
        }
        if (!options.smtp) {
            *error = QCoreApplication::translate("ServerOptions",
                "FRONTLINE_MAIL_COPY_TO needs a mail server: set FRONTLINE_SMTP_URL and "
                "FRONTLINE_MAIL_FROM too, or leave it unset.");
            return false;
        }
        options.mailCopyTo = copyText;
    }
    return true;
}

} // namespace

QString ServerOptions::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

std::optional<ServerOptions> ServerOptions::resolve(
    const Configuration &configuration, QString *error)
{
    ServerOptions options;

    const auto listen = configuration.value(configkeys::listen());
    QString problem;
    const auto address = ListenAddress::parse(listen.value, &problem);
    if (!address) {
        *error = problem + fromWhere(listen, configkeys::listen());
        return std::nullopt;
    }
    options.listen = *address;

    const auto dataDir = configuration.value(configkeys::dataDir());
    options.dataDir = QDir::cleanPath(QDir::current().absoluteFilePath(
        dataDir.value.isEmpty() ? defaultDataDir() : dataDir.value));

    const auto database = configuration.value(configkeys::database());
    if (database.value.isEmpty()) {
        options.database
            = DatabaseUrl::sqliteFile(options.dataDir + QStringLiteral("/frontline.db"));
        options.databaseInDataDir = true;
    } else {
        const auto url = DatabaseUrl::parse(database.value, QDir::currentPath(), &problem);
        if (!url) {
            *error = problem + fromWhere(database, configkeys::database());
            return std::nullopt;
        }
        options.database = *url;
    }

    const auto rateLimits = configuration.value(configkeys::rateLimits());
    const auto policy = RateLimitPolicy::parse(rateLimits.value, &problem);
    if (!policy) {
        *error = problem + fromWhere(rateLimits, configkeys::rateLimits());
        return std::nullopt;
    }
    options.rateLimits = *policy;
    options.rateLimitsFromLaunch = rateLimits.source == Configuration::Source::CommandLine
        || rateLimits.source == Configuration::Source::Environment;

    const auto proxies = configuration.value(configkeys::trustedProxies());
    const auto clientAddress = http::ClientAddress::parse(proxies.value, &problem);
    if (!clientAddress) {
        *error = problem + fromWhere(proxies, configkeys::trustedProxies());
        return std::nullopt;
    }
    options.clientAddress = *clientAddress;

    options.identitySecret = configuration.value(configkeys::identitySecret()).value.toUtf8();
    const auto requireExpiry = configuration.value(configkeys::identityRequireExpiry());
    const QString requireExpiryText = requireExpiry.value.trimmed().toLower();
    if (requireExpiryText == QLatin1String("true") || requireExpiryText == QLatin1String("1")) {
        options.identityRequireExpiry = true;
    } else if (requireExpiryText != QLatin1String("false")
        && requireExpiryText != QLatin1String("0")) {
        *error = QCoreApplication::translate(
                     "ServerOptions", "Invalid value \"%1\": use true or false")
                     .arg(requireExpiry.value)
            + fromWhere(requireExpiry, configkeys::identityRequireExpiry()) + QLatin1Char('.');
        return std::nullopt;
    }
    options.adminToken = configuration.value(configkeys::adminToken()).value;
    for (const QString &origin : configuration.value(configkeys::corsOrigins())
                                     .value.split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.corsOrigins.append(origin.trimmed());
    const auto frameAncestors = configuration.value(configkeys::frameAncestors());
    for (const QString &item : frameAncestors.value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        // Each goes into the page's Content-Security-Policy: only plain origins are accepted,
        // written as browsers write them, as the widget's question compares them.
        const QString origin = item.trimmed();
        const auto normalized = http::FrameAncestors::normalizedOrigin(origin);
        if (!normalized) {
            *error = QCoreApplication::translate("ServerOptions",
                         "\"%1\" is not an origin: list the sites that may embed the chat as "
                         "https://shop.example,https://www.shop.example")
                         .arg(origin)
                + fromWhere(frameAncestors, configkeys::frameAncestors());
            return std::nullopt;
        }
        options.frameAncestors.append(*normalized);
    }

    const QString mock = configuration.value(configkeys::mockMode()).value.trimmed().toLower();
    options.openAi.apiKey = configuration.value(configkeys::openAiApiKey()).value;
    options.mockForced = mock == QLatin1String("true") || mock == QLatin1String("1");
    options.mockMode = options.mockForced || options.openAi.apiKey.isEmpty();

    const auto baseUrl = configuration.value(configkeys::openAiBaseUrl());
    const auto parsedBaseUrl = parseProviderBaseUrl(baseUrl.value);
    if (!parsedBaseUrl) {
        *error = QCoreApplication::translate("ServerOptions",
                     "Invalid AI provider URL \"%1\": use the API's base URL, such as "
                     "https://api.openai.com/v1 or http://localhost:11434/v1")
                     .arg(baseUrl.value)
            + fromWhere(baseUrl, configkeys::openAiBaseUrl()) + QLatin1Char('.');
        return std::nullopt;
    }
    options.openAi.baseUrl = *parsedBaseUrl;
    if (!options.openAi.apiKey.isEmpty()
        && ProviderOrigins::isPlainHttpToAnotherHost(*parsedBaseUrl)) {
        *error = QCoreApplication::translate("ServerOptions",
                     "The AI provider URL \"%1\" would receive OPENAI_API_KEY over plain "
                     "http: use https, or http only to this machine (localhost)")
                     .arg(baseUrl.value)
            + fromWhere(baseUrl, configkeys::openAiBaseUrl()) + QLatin1Char('.');
        return std::nullopt;
    }
    // The key goes only to the provider it was configured for, and to those the operator lists.
    const auto allowedOrigins = configuration.value(configkeys::assistantAllowedOrigins());
    QStringList allowed;
    for (const QString &item : allowedOrigins.value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto origin = ProviderOrigins::parseAllowed(item, &problem);
        if (!origin) {
            *error = problem + fromWhere(allowedOrigins, configkeys::assistantAllowedOrigins())
                + QLatin1Char('.');
            return std::nullopt;
        }
        allowed.append(*origin);
    }
    options.openAi.keyOrigins = ProviderOrigins(*parsedBaseUrl, allowed).origins();
    const auto redact = configuration.value(configkeys::assistantRedact());
    const auto redaction = parseRedaction(redact.value);
    if (!redaction) {
        *error = QCoreApplication::translate(
                     "ServerOptions", "\"%1\" is not a redaction setting: use auto, on or off")
                     .arg(redact.value)
            + fromWhere(redact, configkeys::assistantRedact()) + QLatin1Char('.');
        return std::nullopt;
    }
    options.openAi.redaction = *redaction;
    const auto model = configuration.value(configkeys::openAiModel());
    options.openAi.model = model.value;
    const auto prompt = configuration.value(configkeys::assistantSystemPrompt());
    if (!prompt.value.isEmpty())
        options.openAi.systemPrompt = prompt.value;
    const auto fromLaunch = [](const Configuration::Value &value) {
        return value.source == Configuration::Source::CommandLine
            || value.source == Configuration::Source::Environment;
    };
    options.providerFromLaunch = { fromLaunch(baseUrl), fromLaunch(model), fromLaunch(prompt) };
    bool temperatureOk = false;
    const auto temperature = configuration.value(configkeys::assistantTemperature());
    options.openAi.temperature = temperature.value.toDouble(&temperatureOk);
    if (!temperatureOk || options.openAi.temperature < 0 || options.openAi.temperature > 2) {
        *error = QCoreApplication::translate(
                     "ServerOptions", "Invalid temperature \"%1\": use a number from 0 to 2")
                     .arg(temperature.value)
            + fromWhere(temperature, configkeys::assistantTemperature()) + QLatin1Char('.');
        return std::nullopt;
    }

    struct NumberSetting
    {
        const ConfigKey &key;
        qint64 min;
        qint64 max;
        std::function<void(qint64)> apply;
    };
    const NumberSetting numbers[] = {
        { configkeys::maxHeaderBytes(), 1024, 1024 * 1024,
            [&](qint64 v) { options.maxHeaderBytes = v; } },
        { configkeys::maxBodyBytes(), 1024, 16 * 1024 * 1024,
            [&](qint64 v) { options.maxBodyBytes = v; } },
        { configkeys::maxAttachmentBytes(), 1024, 512 * 1024 * 1024,
            [&](qint64 v) { options.maxAttachmentBytes = v; } },
        { configkeys::attachmentQuotaBytes(), 1024, qint64(1) << 40,
            [&](qint64 v) { options.attachmentQuotaBytes = v; } },
        { configkeys::requestTimeout(), 1, 3600,
            [&](qint64 v) { options.requestTimeoutSeconds = int(v); } },
        { configkeys::idleTimeout(), 1, 86400,
            [&](qint64 v) { options.idleTimeoutSeconds = int(v); } },
        { configkeys::maxConnectionsPerIp(), 1, 1000000,
            [&](qint64 v) { options.maxConnectionsPerIp = int(v); } },
        { configkeys::databaseReaders(), 0, 64,
            [&](qint64 v) { options.databaseReaders = int(v); } },
        { configkeys::databaseTimeout(), 1, 600,
            [&](qint64 v) { options.database.timeoutMs = int(v * 1000); } },
        { configkeys::writeTimeout(), 1, 3600,
            [&](qint64 v) { options.writeTimeoutSeconds = int(v); } },
        { configkeys::maxConnections(), 1, 1000000,
            [&](qint64 v) { options.maxConnections = int(v); } },
        { configkeys::listenBacklog(), 1, 65535,
            [&](qint64 v) { options.listenBacklog = int(v); } },
        { configkeys::maxStreamsPerSession(), 1, 1000,
            [&](qint64 v) { options.maxStreamsPerSession = int(v); } },
        { configkeys::maxStreamsPerAddress(), 1, 1000000,
            [&](qint64 v) { options.maxStreamsPerAddress = int(v); } },
        { configkeys::assistantTimeout(), 1, 600,
            [&](qint64 v) { options.openAi.requestTimeout = std::chrono::seconds(v); } },
        { configkeys::assistantReplyWait(), 0, 600,
            [&](qint64 v) { options.assistantPolicy.replyWait = std::chrono::seconds(v); } },
        { configkeys::assistantMaxTokens(), 1, 100000,
            [&](qint64 v) { options.openAi.maxTokens = int(v); } },
        { configkeys::assistantMaxRepliesPerSession(), 0, 100000,
            [&](qint64 v) { options.assistantPolicy.maxRepliesPerSession = int(v); } },
        { configkeys::assistantMaxTokensPerDay(), 0, 1000000000,
            [&](qint64 v) { options.assistantPolicy.maxTokensPerUserPerDay = v; } },
        { configkeys::assistantMaxTokensPerAddressPerDay(), 0, 1000000000,
            [&](qint64 v) { options.assistantPolicy.maxTokensPerAddressPerDay = v; } },
        { configkeys::rateLimitHitRetentionDays(), 1, 3650,
            [&](qint64 v) { options.rateLimitHitRetentionDays = int(v); } },
        { configkeys::sessionLifetime(), 60, 366 * 86400,
            [&](qint64 v) { options.sessionLifetimeSeconds = int(v); } },
        { configkeys::emailAfter(), 1, 7 * 86400,
            [&](qint64 v) { options.emailAfter = std::chrono::seconds(v); } },
    };
    for (const NumberSetting &number : numbers) {
        const auto value = configuration.value(number.key);
        bool ok = false;
        const qint64 parsed = value.value.toLongLong(&ok);
        if (!ok || parsed < number.min || parsed > number.max) {
            *error = QCoreApplication::translate(
                         "ServerOptions", "Invalid value \"%1\": use a whole number from %2 to %3")
                         .arg(value.value)
                         .arg(number.min)
                         .arg(number.max)
                + fromWhere(value, number.key) + QLatin1Char('.');
            return std::nullopt;
        }
        number.apply(parsed);
    }

    if (!resolveMail(configuration, options, error)
        || !resolveMailFlows(configuration, options, error))
        return std::nullopt;

    const auto certificate = configuration.value(configkeys::tlsCertificate());
    const auto key = configuration.value(configkeys::tlsKey());
    if (certificate.value.isEmpty() != key.value.isEmpty()) {
        *error = QCoreApplication::translate("ServerOptions",
            "TLS needs both --tls-cert and --tls-key (or FRONTLINE_TLS_CERT "
            "and FRONTLINE_TLS_KEY).");
        return std::nullopt;
    }
    options.tlsCertificateFile = certificate.value;
    options.tlsKeyFile = key.value;
    return options;
}

} // namespace frontline
