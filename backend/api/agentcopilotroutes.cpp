// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API's copilot routes: a suggested reply (never sent by itself: the console puts it
// in the composer), a summary of a conversation, a customer's message translated. Copilot
// reads and asks the assistant; any signed-in agent may ask, on any conversation.
#include "agentroutes.h"
#include "chat/copilot.h"
#include "domain/domainerror.h"
#include "http/response.h"
#include "jsoncodec.h"

#include <QCoreApplication>

namespace frontline {

namespace {

// "fr", "en", or empty (the conversation's language).
QString localeField(const QString &field, const QJsonValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QString();
    const QString locale = value.isString() ? value.toString().trimmed().toLower() : QString();
    if (!value.isString()
        || (!locale.isEmpty() && locale != QLatin1String("fr") && locale != QLatin1String("en")))
        throw DomainError::invalidInput(
            field, QCoreApplication::translate("AgentRoutes", "must be \"fr\" or \"en\"."));
    return locale;
}

} // namespace

void AgentRoutes::suggestReply(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QString locale
        = localeField(QStringLiteral("locale"), body.value(QStringLiteral("locale")));
    m_copilot.suggestReply(
        call.sessionId(), locale,
        [exchange = call.exchange](const CopilotResult &result) {
            exchange->reply(http::json({ { QStringLiteral("text"), result.text },
                { QStringLiteral("sources"), json::sources(result.sources) },
                { QStringLiteral("provider"), result.provider } }));
        },
        failed);
}

void AgentRoutes::summarizeSession(const Call &call, const StoreFailure &failed)
{
    const QString locale = localeField(QStringLiteral("locale"),
        call.query.hasQueryItem(QStringLiteral("locale"))
            ? QJsonValue(call.query.queryItemValue(QStringLiteral("locale")))
            : QJsonValue());
    m_copilot.summarize(
        call.sessionId(), locale,
        [exchange = call.exchange](const CopilotResult &result) {
            exchange->reply(http::json({ { QStringLiteral("text"), result.text },
                { QStringLiteral("provider"), result.provider } }));
        },
        failed);
}

void AgentRoutes::translateMessage(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QJsonValue seq = body.value(QStringLiteral("seq"));
    if (!seq.isDouble() || seq.toInteger() <= 0)
        throw DomainError::invalidInput(QStringLiteral("seq"),
            QCoreApplication::translate("AgentRoutes", "must be the seq of a message."));
    const QString to = localeField(QStringLiteral("to"), body.value(QStringLiteral("to")));
    if (to.isEmpty())
        throw DomainError::invalidInput(QStringLiteral("to"),
            QCoreApplication::translate("AgentRoutes", "must be \"fr\" or \"en\"."));
    m_copilot.translate(
        call.sessionId(), seq.toInteger(), to,
        [exchange = call.exchange, to](const CopilotResult &result) {
            exchange->reply(http::json({ { QStringLiteral("text"), result.text },
                { QStringLiteral("translated"), result.translated }, { QStringLiteral("to"), to },
                { QStringLiteral("provider"), result.provider } }));
        },
        failed);
}

} // namespace frontline
