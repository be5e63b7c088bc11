// SPDX-License-Identifier: GPL-3.0-or-later
// The agent API's routes about labels (GET, POST /api/agent/labels, PUT, DELETE
// /api/agent/labels/{id}, PUT /api/agent/sessions/{id}/labels) and a customer's earlier
// conversations (GET /api/agent/sessions/{id}/past). LabelDesk does the work.
#include "agentroutes.h"
#include "domain/domainerror.h"
#include "http/response.h"
#include "jsoncodec.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace frontline {

namespace {

// The label's id of the path; NotFound for anything but a number.
qint64 labelId(const QString &argument)
{
    bool ok = false;
    const qint64 id = argument.toLongLong(&ok);
    if (!ok || id <= 0)
        throw DomainError::notFound(
            QCoreApplication::translate("AgentRoutes", "No label has the id \"%1\".")
                .arg(argument));
    return id;
}

// A string member that may be left out; InvalidInput when it is there but no string.
std::optional<QString> optionalString(const QJsonObject &body, const QString &field)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isString())
        throw DomainError::invalidInput(
            field, QCoreApplication::translate("AgentRoutes", "must be a string."));
    return value.toString();
}

void refuseUnknownFields(const QJsonObject &body)
{
    for (auto it = body.constBegin(); it != body.constEnd(); ++it) {
        if (it.key() != QLatin1String("name") && it.key() != QLatin1String("colour"))
            throw DomainError::invalidInput(it.key(),
                QCoreApplication::translate(
                    "AgentRoutes", "is not a label's field; use name and colour."));
    }
}

} // namespace

void AgentRoutes::labels(const Call &call, const StoreFailure &failed)
{
    m_labels.labels(
        [exchange = call.exchange](const QList<Label> &labels) {
            QJsonArray list;
            for (const Label &label : labels)
                list.append(json::label(label));
            exchange->reply(http::json({ { QStringLiteral("labels"), list } }));
        },
        failed);
}

void AgentRoutes::addLabel(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    refuseUnknownFields(body);
    const std::optional<QString> name = optionalString(body, QStringLiteral("name"));
    if (!name)
        throw DomainError::invalidInput(QStringLiteral("name"),
            QCoreApplication::translate("AgentRoutes", "is required: the label's name."));
    const std::optional<QString> colour = optionalString(body, QStringLiteral("colour"));
    m_labels.add(
        call.agent, *name, colour.value_or(QString()),
        [exchange = call.exchange](const Label &label) {
            exchange->reply(http::json(
                { { QStringLiteral("label"), json::label(label) } }, http::Status::Created));
        },
        failed);
}

void AgentRoutes::changeLabel(const Call &call, const StoreFailure &failed)
{
    const qint64 id = labelId(call.pathArgument);
    const QJsonObject body = call.json(m_maxBodyBytes);
    refuseUnknownFields(body);
    LabelChange change;
    change.name = optionalString(body, QStringLiteral("name"));
    change.colour = optionalString(body, QStringLiteral("colour"));
    m_labels.change(
        call.agent, id, change,
        [exchange = call.exchange](const Label &label) {
            exchange->reply(http::json({ { QStringLiteral("label"), json::label(label) } }));
        },
        failed);
}

void AgentRoutes::removeLabel(const Call &call, const StoreFailure &failed)
{
    const qint64 id = labelId(call.pathArgument);
    m_labels.remove(
        call.agent, id,
        [exchange = call.exchange] {
            exchange->reply({ http::Status::NoContent, {}, {}, {} });
        },
        failed);
}

void AgentRoutes::setSessionLabels(const Call &call, const StoreFailure &failed)
{
    const QJsonObject body = call.json(m_maxBodyBytes);
    const QJsonValue value = body.value(QStringLiteral("labels"));
    const auto notAList = [] {
        return DomainError::invalidInput(QStringLiteral("labels"),
            QCoreApplication::translate("AgentRoutes",
                "must be a list of the labels' names, such as [\"billing\"] ([] for none)."));
    };
    if (!value.isArray())
        throw notAList();
    QStringList names;
    for (const QJsonValue &name : value.toArray()) {
        if (!name.isString())
            throw notAList();
        names.append(name.toString());
    }
    m_labels.setSessionLabels(
        call.agent, call.sessionId(), names,
        [exchange = call.exchange](const ChatSession &session) {
            exchange->reply(http::json({ { QStringLiteral("sessionId"), session.id },
                { QStringLiteral("labels"), QJsonArray::fromStringList(session.labels) } }));
        },
        failed);
}

void AgentRoutes::pastConversations(const Call &call, const StoreFailure &failed)
{
    m_labels.pastConversations(
        call.sessionId(),
        [exchange = call.exchange](const ChatSession &session, const PastConversations &past) {
            QJsonObject answer { { QStringLiteral("sessionId"), session.id } };
            QJsonArray list;
            for (const PastConversation &conversation : past.conversations)
                list.append(json::pastConversation(conversation));
            if (!session.userId.isEmpty())
                answer.insert(QStringLiteral("matchedBy"), QStringLiteral("user"));
            else if (!session.customerEmail.isEmpty())
                answer.insert(QStringLiteral("matchedBy"), QStringLiteral("email"));
            else {
                answer.insert(QStringLiteral("matchedBy"), QJsonValue());
                answer.insert(QStringLiteral("reason"),
                    QCoreApplication::translate("AgentRoutes",
                        "The customer is anonymous and gave no e-mail address: their earlier "
                        "conversations cannot be found."));
            }
            answer.insert(QStringLiteral("conversations"), list);
            answer.insert(QStringLiteral("count"), past.total);
            exchange->reply(http::json(answer));
        },
        failed);
}

} // namespace frontline
