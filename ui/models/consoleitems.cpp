// SPDX-License-Identifier: GPL-3.0-or-later
#include "consoleitems.h"

#include "domain/usagekey.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

namespace frontline::ui {

namespace {

QDateTime timeOf(const QJsonValue &value)
{
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

} // namespace

AttachmentItem AttachmentItem::fromJson(const QJsonObject &json)
{
    AttachmentItem a;
    a.id = json.value(QStringLiteral("id")).toString();
    a.filename = json.value(QStringLiteral("filename")).toString();
    a.contentType = json.value(QStringLiteral("contentType")).toString();
    a.size = json.value(QStringLiteral("size")).toInteger();
    a.width = std::max(0, json.value(QStringLiteral("width")).toInt());
    a.height = std::max(0, json.value(QStringLiteral("height")).toInt());
    a.url = json.value(QStringLiteral("url")).toString();
    a.thumbnailUrl = json.value(QStringLiteral("thumbnailUrl")).toString();
    return a;
}

QSize AttachmentItem::shownSize(const QSize &box) const
{
    if (width <= 0 || height <= 0)
        return {};
    QSize shown(width, height);
    if (shown.width() > box.width() || shown.height() > box.height())
        shown.scale(box, Qt::KeepAspectRatio);
    return shown.expandedTo(QSize(1, 1));
}

QString AttachmentItem::describe() const
{
    return QCoreApplication::translate("AttachmentItem", "%1 (%2)")
        .arg(filename, QLocale().formattedDataSize(size));
}

MessageItem MessageItem::fromJson(const QJsonObject &json)
{
    MessageItem m;
    m.id = json.value(QStringLiteral("id")).toString();
    m.seq = json.value(QStringLiteral("seq")).toInteger();
    m.sessionId = json.value(QStringLiteral("sessionId")).toString();
    m.role = json.value(QStringLiteral("role")).toString();
    m.content = json.value(QStringLiteral("content")).toString();
    m.agentName = json.value(QStringLiteral("agentName")).toString();
    m.createdAt = timeOf(json.value(QStringLiteral("createdAt")));
    m.sanitized = json.value(QStringLiteral("sanitized")).toBool();
    for (const QJsonValue &value : json.value(QStringLiteral("attachments")).toArray()) {
        const AttachmentItem attachment = AttachmentItem::fromJson(value.toObject());
        if (!attachment.id.isEmpty())
            m.attachments.append(attachment);
    }
    for (const QJsonValue &value : json.value(QStringLiteral("sources")).toArray()) {
        const QJsonObject source = value.toObject();
        const QString title = source.value(QStringLiteral("title")).toString();
        if (!title.isEmpty())
            m.sources.append({ title, source.value(QStringLiteral("url")).toString() });
    }
    return m;
}

SessionItem SessionItem::fromJson(const QJsonObject &json)
{
    SessionItem s;
    s.id = json.value(QStringLiteral("id")).toString();
    s.status = json.value(QStringLiteral("status")).toString();
    s.name = json.value(QStringLiteral("name")).toString();
    s.email = json.value(QStringLiteral("email")).toString();
    s.userId = json.value(QStringLiteral("userId")).toString();
    s.verified = json.value(QStringLiteral("verified")).toBool();
    s.locale = json.value(QStringLiteral("locale")).toString();
    s.clientIp = json.value(QStringLiteral("clientIp")).toString();
    s.userAgent = json.value(QStringLiteral("userAgent")).toString();
    s.assignedAgent = json.value(QStringLiteral("assignedAgent")).toString();
    s.createdAt = timeOf(json.value(QStringLiteral("createdAt")));
    s.updatedAt = timeOf(json.value(QStringLiteral("updatedAt")));
    s.lastMessageAt = timeOf(json.value(QStringLiteral("lastMessageAt")));
    s.waitingSince = timeOf(json.value(QStringLiteral("waitingSince")));
    s.waitingReason = json.value(QStringLiteral("waitingReason")).toString();
    s.lastSeq = json.value(QStringLiteral("lastSeq")).toInteger();
    if (json.value(QStringLiteral("lastMessage")).isObject())
        s.lastMessage = MessageItem::fromJson(json.value(QStringLiteral("lastMessage")).toObject());
    s.unread = json.value(QStringLiteral("unread")).toInt();
    s.customerSeenSeq = json.value(QStringLiteral("customerSeenSeq")).toInteger();
    for (const QJsonValue &label : json.value(QStringLiteral("labels")).toArray())
        s.labels.append(label.toString());
    s.unattended = json.value(QStringLiteral("unattended")).toString();
    s.consentedAt = timeOf(json.value(QStringLiteral("consentedAt")));
    return s;
}

MailItem MailItem::fromJson(const QJsonObject &json)
{
    MailItem m;
    m.id = json.value(QStringLiteral("id")).toInteger();
    m.sessionId = json.value(QStringLiteral("sessionId")).toString();
    m.kind = json.value(QStringLiteral("kind")).toString();
    m.to = json.value(QStringLiteral("to")).toString();
    m.toName = json.value(QStringLiteral("toName")).toString();
    m.subject = json.value(QStringLiteral("subject")).toString();
    m.state = json.value(QStringLiteral("state")).toString();
    m.attempts = json.value(QStringLiteral("attempts")).toInt();
    m.lastError = json.value(QStringLiteral("lastError")).toString();
    m.createdAt = timeOf(json.value(QStringLiteral("createdAt")));
    m.nextAttemptAt = timeOf(json.value(QStringLiteral("nextAttemptAt")));
    m.sentAt = timeOf(json.value(QStringLiteral("sentAt")));
    m.firstSeq = json.value(QStringLiteral("firstSeq")).toInteger();
    m.lastSeq = json.value(QStringLiteral("lastSeq")).toInteger();
    return m;
}

LabelItem LabelItem::fromJson(const QJsonObject &json)
{
    return { json.value(QStringLiteral("id")).toInteger(),
        json.value(QStringLiteral("name")).toString(),
        QColor(json.value(QStringLiteral("colour")).toString()) };
}

PastConversationItem PastConversationItem::fromJson(const QJsonObject &json)
{
    return { json.value(QStringLiteral("id")).toString(),
        timeOf(json.value(QStringLiteral("startedAt"))),
        json.value(QStringLiteral("status")).toString(),
        json.value(QStringLiteral("preview")).toString(),
        json.value(QStringLiteral("messages")).toInt() };
}

SessionState SessionItem::stateFor(const QString &agent) const
{
    if (status == QLatin1String("CLOSED"))
        return SessionState::Closed;
    if (status == QLatin1String("WAITING"))
        return SessionState::Waiting;
    if (status == QLatin1String("ASSIGNED"))
        return assignedAgent == agent ? SessionState::Mine : SessionState::Others;
    return SessionState::Ai;
}

QString SessionItem::customerLabel() const
{
    if (!name.isEmpty())
        return name;
    return QCoreApplication::translate("SessionItem", "Anonymous %1").arg(id.left(8));
}

QString SessionItem::usageKey() const
{
    return customerUsageKey(id, userId);
}

QDateTime SessionItem::activityAt() const
{
    return lastMessageAt.isValid() && lastMessageAt > updatedAt ? lastMessageAt : updatedAt;
}

QDateTime SessionItem::waitingStartedAt() const
{
    if (status != QLatin1String("WAITING"))
        return {};
    return waitingSince.isValid() ? waitingSince : updatedAt;
}

TeamMember TeamMember::fromJson(const QJsonObject &json)
{
    TeamMember member;
    member.username = json.value(QStringLiteral("username")).toString();
    member.displayName = json.value(QStringLiteral("displayName")).toString();
    member.admin = json.value(QStringLiteral("role")).toString() == QLatin1String("admin");
    member.presence = json.value(QStringLiteral("presence")).toString();
    member.openConversations = json.value(QStringLiteral("openConversations")).toInt();
    return member;
}

} // namespace frontline::ui
