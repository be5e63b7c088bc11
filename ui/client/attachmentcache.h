// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/consoleitems.h"

#include <QCache>
#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSet>

namespace frontline::ui {

class AgentClient;
struct FetchResult;

// The thumbnails of the open conversations' images, fetched once each with the agent's token
// and kept by attachment id (a few MiB at most: older ones are fetched again when shown).
// Asking for one that is not here starts its fetch; thumbnailChanged says when it is here, or
// when it failed.
class AttachmentCache final : public QObject
{
    Q_OBJECT
public:
    enum class State { Missing, Loading, Ready, Failed };

    explicit AttachmentCache(AgentClient &client, QObject *parent = nullptr);

    // The thumbnail when it is here; a null pixmap (and its fetch started) when not.
    QPixmap thumbnail(const AttachmentItem &attachment);
    State state(const QString &attachmentId) const;
    QString failure(const QString &attachmentId) const; // why its fetch failed
    // The whole file, as served (not cached: the viewer and Save as… ask once each).
    void fetch(const AttachmentItem &attachment, std::function<void(const FetchResult &)> done);
    AgentClient &client() const { return m_client; }
    // Those that failed are asked again when next shown (the console reconnected).
    void forgetFailures();

Q_SIGNALS:
    void thumbnailChanged(const QString &attachmentId); // here now, or failed

private:
    AgentClient &m_client;
    QCache<QString, QPixmap> m_thumbnails; // cost: KiB
    QSet<QString> m_loading;
    QHash<QString, QString> m_failed; // id → why
};

} // namespace frontline::ui
