// SPDX-License-Identifier: GPL-3.0-or-later
#include "cannedresponses.h"

#include "domain/domainerror.h"
#include "store/store.h"
#include "store/storeerror.h"

#include <QCoreApplication>

namespace frontline {

namespace {

// The field `name` of the request, by its rule; nullopt when left out (and allowed to be).
template <typename Parse>
std::optional<QString> field(
    const QJsonObject &json, const QString &name, bool required, Parse parse)
{
    const QJsonValue value = json.value(name);
    if (value.isUndefined() && !required)
        return std::nullopt;
    if (!value.isString())
        throw DomainError::invalidInput(
            name, QCoreApplication::translate("CannedResponses", "must be a string."));
    QString problem;
    std::optional<QString> parsed = parse(value.toString(), &problem);
    if (!parsed)
        throw DomainError::invalidInput(name, problem);
    return parsed;
}

DomainError shortcutTaken(const QString &shortcut)
{
    return DomainError::conflictOn(QStringLiteral("shortcut"), QStringLiteral("shortcut_taken"),
        QCoreApplication::translate("CannedResponses",
            "Field \"shortcut\": another canned response is \"/%1\" already; choose another "
            "shortcut or change that one.")
            .arg(shortcut));
}

DomainError unknown(qint64 id)
{
    return DomainError::notFound(
        QCoreApplication::translate("CannedResponses", "No canned response has the id %1.")
            .arg(id));
}

} // namespace

CannedResponses::CannedResponses(StoreWorkers &store, QObject *parent)
    : QObject(parent)
    , m_store(store)
{
}

CannedResponses::Fields CannedResponses::parse(const QJsonObject &json, bool creating)
{
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (it.key() != QLatin1String("shortcut") && it.key() != QLatin1String("title")
            && it.key() != QLatin1String("body"))
            throw DomainError::invalidInput(it.key(),
                QCoreApplication::translate("CannedResponses",
                    "is not a field of a canned response; use shortcut, "
                    "title or body."));
    }
    Fields fields;
    fields.shortcut = field(json, QStringLiteral("shortcut"), creating, canned::parseShortcut);
    fields.title = field(json, QStringLiteral("title"), false, canned::parseTitle);
    fields.body = field(json, QStringLiteral("body"), creating, canned::parseBody);
    return fields;
}

void CannedResponses::checkAdministrator(const Agent &agent)
{
    if (agent.role != AgentRole::Admin)
        throw DomainError::forbidden(QStringLiteral("forbidden"),
            QCoreApplication::translate("CannedResponses",
                "Only administrators change the canned responses; every agent may use them."));
}

qint64 CannedResponses::idFrom(const QString &pathArgument)
{
    bool ok = false;
    const qint64 id = pathArgument.toLongLong(&ok);
    if (!ok || id <= 0)
        throw DomainError::notFound(QCoreApplication::translate("CannedResponses",
            "No canned response has the id \"%1\"; GET /api/agent/canned-responses lists them.")
                                        .arg(pathArgument));
    return id;
}

void CannedResponses::list(
    std::function<void(const QList<CannedResponse> &)> done, StoreFailure failed)
{
    m_store.read(
        this, [](Store &store) { return store.cannedResponses(); }, std::move(done),
        std::move(failed));
}

void CannedResponses::create(const Agent &agent, const Fields &fields,
    std::function<void(const CannedResponse &)> done, StoreFailure failed)
{
    checkAdministrator(agent);
    CannedResponse response;
    response.shortcut = fields.shortcut.value_or(QString());
    response.title = fields.title.value_or(QStringLiteral(""));
    response.body = fields.body.value_or(QString());
    response.updatedBy = agent.username;
    m_store.write(
        this,
        [response](Store &store) {
            try {
                return store.addCannedResponse(response,
                    { .actor = response.updatedBy,
                        .action = QStringLiteral("canned.create"),
                        .detail = response.shortcut });
            } catch (const StoreError &error) {
                if (error.kind() == StoreError::Kind::Conflict)
                    throw shortcutTaken(response.shortcut);
                throw;
            }
        },
        std::move(done), std::move(failed));
}

void CannedResponses::update(const Agent &agent, qint64 id, const Fields &fields,
    std::function<void(const CannedResponse &)> done, StoreFailure failed)
{
    checkAdministrator(agent);
    m_store.write(
        this,
        [id, fields, username = agent.username](Store &store) {
            std::optional<CannedResponse> response = store.cannedResponse(id);
            if (!response)
                throw unknown(id);
            response->shortcut = fields.shortcut.value_or(response->shortcut);
            response->title = fields.title.value_or(response->title);
            response->body = fields.body.value_or(response->body);
            response->updatedBy = username;
            try {
                const std::optional<CannedResponse> updated = store.updateCannedResponse(*response,
                    { .actor = username,
                        .action = QStringLiteral("canned.update"),
                        .target = QString::number(id),
                        .detail = response->shortcut });
                if (!updated)
                    throw unknown(id); // removed meanwhile, on another node
                return *updated;
            } catch (const StoreError &error) {
                if (error.kind() == StoreError::Kind::Conflict)
                    throw shortcutTaken(response->shortcut);
                throw;
            }
        },
        std::move(done), std::move(failed));
}

void CannedResponses::remove(
    const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed)
{
    checkAdministrator(agent);
    m_store.write(
        this,
        [id, username = agent.username](Store &store) {
            const std::optional<CannedResponse> response = store.cannedResponse(id);
            if (!response
                || !store.removeCannedResponse(id,
                    { .actor = username,
                        .action = QStringLiteral("canned.delete"),
                        .target = QString::number(id),
                        .detail = response->shortcut }))
                throw unknown(id);
        },
        std::move(done), std::move(failed));
}

} // namespace frontline
