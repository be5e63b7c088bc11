// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/agent.h"
#include "store/store.h"
#include "store/storeworkers.h"

#include <QObject>

#include <functional>
#include <optional>

namespace frontline {

class LiveHub;

// Labels on conversations and a customer's earlier conversations, independent of HTTP.
// Administrators keep the labels (add, rename, recolour, delete); any agent puts them on a
// session. Each change is audited and announced on the hub (a label's change, each session
// whose labels changed). Runs on the backend thread, its store work on the store workers; what
// is wrong with a request is thrown at once, what the store refuses reaches `failed`, and
// nothing stored changes on a refused request.
class LabelDesk final : public QObject
{
    Q_OBJECT
public:
    LabelDesk(StoreWorkers &store, LiveHub &hub, QObject *parent = nullptr);
    Q_DISABLE_COPY_MOVE(LabelDesk)

    void labels(std::function<void(const QList<Label> &)> done, StoreFailure failed);
    // Forbidden unless an administrator; InvalidInput "name" or "colour"; Conflict
    // "label_exists" for a name another label has (whatever its case). An empty colour: the
    // default one.
    void add(const Agent &agent, const QString &name, const QString &colour,
        std::function<void(const Label &)> done, StoreFailure failed);
    // As add; NotFound for no such label.
    void change(const Agent &agent, qint64 id, const LabelChange &change,
        std::function<void(const Label &)> done, StoreFailure failed);
    // Takes it off every session; NotFound for no such label.
    void remove(const Agent &agent, qint64 id, std::function<void()> done, StoreFailure failed);
    // The session carries the labels named (whatever their case) and no other; NotFound for no
    // such session, InvalidInput "labels" for a name no label has.
    void setSessionLabels(const Agent &agent, const QString &sessionId, const QStringList &names,
        std::function<void(const ChatSession &)> done, StoreFailure failed);
    // The earlier conversations of the session's customer (20 at most); NotFound for no such
    // session.
    void pastConversations(const QString &sessionId,
        std::function<void(const ChatSession &, const PastConversations &)> done,
        StoreFailure failed);

    // Throws InvalidInput `field` unless `name` is a label's name; returns it trimmed.
    static QString checkedName(const QString &field, const QString &name);
    // Throws InvalidInput "colour" unless "#rrggbb"; returns it in lower case.
    static QString checkedColour(const QString &colour);

private:
    StoreWorkers &m_store;
    LiveHub &m_hub;
};

} // namespace frontline
