// SPDX-License-Identifier: GPL-3.0-or-later
#include "labeldesk.h"

#include "domain/domainerror.h"
#include "live/livehub.h"

#include <QCoreApplication>

namespace frontline {

namespace {

constexpr int PastConversationsShown = 20;

void requireAdministrator(const Agent &agent)
{
    if (agent.role != AgentRole::Admin)
        throw DomainError::forbidden(QStringLiteral("forbidden"),
            QCoreApplication::translate(
                "LabelDesk", "Only administrators add, rename, recolour or delete labels."));
}

DomainError noSuchLabel(qint64 id)
{
    return DomainError::notFound(
        QCoreApplication::translate("LabelDesk", "No label has the id %1.").arg(id));
}

// On the writer: refuses a name another label than `except` has.
void requireFreeName(Store &store, const QString &name, qint64 except)
{
    const QString key = labelKey(name);
    for (const Label &label : store.labels()) {
        if (label.id != except && labelKey(label.name) == key)
            throw DomainError::conflict(QStringLiteral("label_exists"),
                QCoreApplication::translate(
                    "LabelDesk", "A label named \"%1\" exists already; choose another name.")
                    .arg(label.name));
    }
}

} // namespace

LabelDesk::LabelDesk(StoreWorkers &store, LiveHub &hub, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_hub(hub)
{
}

QString LabelDesk::checkedName(const QString &field, const QString &name)
{
    const QString problem = labelNameProblem(name);
    if (!problem.isEmpty())
        throw DomainError::invalidInput(field, problem);
    return name.trimmed();
}

QString LabelDesk::checkedColour(const QString &colour)
{
    if (!isLabelColour(colour))
        throw DomainError::invalidInput(QStringLiteral("colour"),
            QCoreApplication::translate(
                "LabelDesk", "must be a colour written \"#rrggbb\", such as \"#2e7d32\"."));
    return colour.toLower();
}

void LabelDesk::labels(std::function<void(const QList<Label> &)> done, StoreFailure failed)
{
    m_store.read(
        this, [](Store &store) { return store.labels(); }, std::move(done), std::move(failed));
}

void LabelDesk::add(const Agent &agent, const QString &name, const QString &colour,
    std::function<void(const Label &)> done, StoreFailure failed)
{
    requireAdministrator(agent);
    const QString checked = checkedName(QStringLiteral("name"), name);
    const QString paint = colour.isEmpty() ? defaultLabelColour() : checkedColour(colour);
    m_store.write(
        this,
        [checked, paint, actor = agent.username](Store &store) {
            requireFreeName(store, checked, 0);
            return store.addLabel(checked, paint, actor);
        },
        [this, done](const Label &label) {
            Q_EMIT m_hub.labelChanged(label, false);
            done(label);
        },
        std::move(failed));
}

void LabelDesk::change(const Agent &agent, qint64 id, const LabelChange &change,
    std::function<void(const Label &)> done, StoreFailure failed)
{
    requireAdministrator(agent);
    LabelChange checked;
    if (change.name)
        checked.name = checkedName(QStringLiteral("name"), *change.name);
    if (change.colour)
        checked.colour = checkedColour(*change.colour);
    m_store.write(
        this,
        [id, checked, actor = agent.username](Store &store) {
            if (checked.name)
                requireFreeName(store, *checked.name, id);
            const std::optional<LabelEdit> edit = store.changeLabel(id, checked, actor);
            if (!edit)
                throw noSuchLabel(id);
            return *edit;
        },
        [this, done](const LabelEdit &edit) {
            Q_EMIT m_hub.labelChanged(edit.label, false);
            for (const ChatSession &session : edit.sessions)
                Q_EMIT m_hub.sessionChanged(session);
            done(edit.label);
        },
        std::move(failed));
}

void LabelDesk::remove(
    const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed)
{
    requireAdministrator(agent);
    m_store.write(
        this,
        [id, actor = agent.username](Store &store) {
            const std::optional<LabelEdit> edit = store.removeLabel(id, actor);
            if (!edit)
                throw noSuchLabel(id);
            return *edit;
        },
        [this, done](const LabelEdit &edit) {
            Q_EMIT m_hub.labelChanged(edit.label, true);
            for (const ChatSession &session : edit.sessions)
                Q_EMIT m_hub.sessionChanged(session);
            done();
        },
        std::move(failed));
}

void LabelDesk::setSessionLabels(const Agent &agent, const QString &sessionId,
    const QStringList &names, std::function<void(const ChatSession &)> done, StoreFailure failed)
{
    QStringList checked;
    for (const QString &name : names)
        checked.append(checkedName(QStringLiteral("labels"), name));
    m_store.write(
        this,
        [sessionId, checked, actor = agent.username](Store &store) {
            if (!store.session(sessionId))
                throw DomainError::notFound(
                    QCoreApplication::translate("LabelDesk", "No session has the id \"%1\".")
                        .arg(sessionId));
            QHash<QString, qint64> byKey;
            for (const Label &label : store.labels())
                byKey.insert(labelKey(label.name), label.id);
            QList<qint64> ids;
            for (const QString &name : checked) {
                const auto it = byKey.constFind(labelKey(name));
                if (it == byKey.constEnd())
                    throw DomainError::invalidInput(QStringLiteral("labels"),
                        QCoreApplication::translate("LabelDesk",
                            "no label is named \"%1\"; an administrator adds it first.")
                            .arg(name));
                ids.append(*it);
            }
            const std::optional<ChatSession> session
                = store.setSessionLabels(sessionId, ids, actor);
            if (!session) // removed meanwhile
                throw DomainError::notFound(
                    QCoreApplication::translate("LabelDesk", "No session has the id \"%1\".")
                        .arg(sessionId));
            return *session;
        },
        [this, done](const ChatSession &session) {
            Q_EMIT m_hub.sessionChanged(session);
            done(session);
        },
        std::move(failed));
}

void LabelDesk::pastConversations(const QString &sessionId,
    std::function<void(const ChatSession &, const PastConversations &)> done, StoreFailure failed)
{
    m_store.read(
        this,
        [sessionId](Store &store) {
            const std::optional<ChatSession> session = store.session(sessionId);
            if (!session)
                throw DomainError::notFound(
                    QCoreApplication::translate("LabelDesk", "No session has the id \"%1\".")
                        .arg(sessionId));
            return std::make_pair(
                *session, store.pastConversations(*session, PastConversationsShown));
        },
        [done](const std::pair<ChatSession, PastConversations> &found) {
            done(found.first, found.second);
        },
        std::move(failed));
}

} // namespace frontline
