// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "domain/cannedresponse.h"
#include "store/storeworkers.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace frontline {

// The canned responses every console shares: anyone signed in lists them, administrators add,
// change and remove them. Checks everything before anything is stored (a refusal changes
// nothing), stores and audits each change in one transaction on the store's writer
// (`canned.create`, `canned.update`, `canned.delete`, the response's id as target and its
// shortcut as detail). Fails with DomainError: Forbidden for an agent who is not an
// administrator, InvalidInput naming the field, Conflict naming "shortcut" for one another
// response has, NotFound for an unknown id. Announcing a change is the caller's (the hub).
class CannedResponses final : public QObject
{
    Q_OBJECT
public:
    explicit CannedResponses(StoreWorkers &store, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(CannedResponses)

    // What a request's JSON asks for: {"shortcut","title","body"}; for a change, each may be
    // left out (it keeps its value), for a new one "title" only.
    struct Fields
    {
        std::optional<QString> shortcut;
        std::optional<QString> title;
        std::optional<QString> body;
    };
    static Fields parse(const QJsonObject &json, bool creating);

    void list(std::function<void(const QList<CannedResponse> &)> done, StoreFailure failed);
    void create(const Agent &agent, const Fields &fields,
        std::function<void(const CannedResponse &)> done, StoreFailure failed);
    void update(const Agent &agent, qint64 id, const Fields &fields,
        std::function<void(const CannedResponse &)> done, StoreFailure failed);
    void remove(const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed);

    // Throws Forbidden unless `agent` is an administrator.
    static void checkAdministrator(const Agent &agent);
    // A path's id: a positive number, else NotFound.
    static qint64 idFrom(const QString &pathArgument);

private:
    StoreWorkers &m_store;
};

} // namespace frontline
