// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "attachment.h"
#include "knowledge.h"
#include "role.h"

#include <QDateTime>
#include <QString>

namespace frontline {

// One message of a session (the original app's ChatMessage). `seq` is assigned by the
// store and only grows within a session, so "everything after N" never misses or repeats.
struct ChatMessage
{
    QString id;
    QString sessionId;
    qint64 seq = 0;
    Role role = Role::User;
    QString content;
    bool sanitized = false; // the sanitizer changed what the customer sent
    QString clientMessageId; // the client's own id, unique per session; empty if none
    QString agentName; // display name of the agent who wrote it (role AGENT)
    QDateTime createdAt;
    QList<Attachment> attachments; // of its session, in the order they were named
    QList<KnowledgeSource> sources; // an assistant's answer: what it was taken from

    friend bool operator==(const ChatMessage &, const ChatMessage &) = default;
};

// What a client asks to store; the store assigns id, seq and time.
struct NewMessage
{
    QString sessionId;
    Role role = Role::User;
    QString content;
    bool sanitized = false;
    QString clientMessageId;
    QString agentName;
    QList<Attachment> attachments; // of its session (checked before), kept with the message
    QList<KnowledgeSource> sources; // an assistant's answer: the articles it was taken from
    // Set: stored only if the session is assigned to this agent when it is written (checked
    // in the same statement that numbers the message); else StoreError(Changed).
    QString requiredOwner;
};

} // namespace frontline
