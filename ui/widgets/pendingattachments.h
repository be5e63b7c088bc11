// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "client/agentclient.h"

#include <QList>
#include <QWidget>

#include <functional>

class QHBoxLayout;
class QImage;
class QLabel;
class QProgressBar;
class QToolButton;

namespace frontline::ui {

// The files the agent attaches to the reply being written, as chips above the composer: each
// uploads at once to the open conversation and shows its name, its size and its progress, or
// what went wrong with Retry (which sends the same clientId, so the server stores it once) and
// × to take it off. Send takes the ids of those uploaded.
class PendingAttachments final : public QWidget
{
    Q_OBJECT
public:
    // Uploads one file: POST …/attachments through the agent's client.
    using Uploader = std::function<void(const QString &sessionId, const QString &filename,
        const QByteArray &bytes, const QString &clientId, AgentClient::Progress progress,
        AgentClient::Callback done)>;
    static constexpr int MaxAttachments = 10; // as the server takes on one message
    static constexpr qint64 MaxReadBytes = 64LL * 1024 * 1024; // never read more than this

    explicit PendingAttachments(QWidget *parent = nullptr);
    ~PendingAttachments() override;
    Q_DISABLE_COPY_MOVE(PendingAttachments)

    void setUploader(Uploader uploader) { m_uploader = std::move(uploader); }
    // The conversation they go to; another one takes them off (they were uploaded there).
    void setSessionId(const QString &sessionId);
    QString sessionId() const { return m_sessionId; }

    // Adds a file from disk, or bytes under a name; "" when added, else why not.
    QString addFile(const QString &path);
    QString addBytes(const QString &filename, const QByteArray &bytes);
    QString addImage(const QImage &image); // as "pasted-image.png"

    int count() const { return static_cast<int>(m_items.size()); }
    bool isUploading() const;
    bool hasFailed() const;
    QStringList uploadedIds() const; // in the order they were added
    // Takes off those sent with a message.
    void removeSent(const QStringList &attachmentIds);
    void clear();
    // The chip of the i-th (objectName "attachmentChip"; its retry and × buttons are
    // "attachmentRetry" and "attachmentRemove", its status label "attachmentStatus").
    QWidget *chip(int i) const;
    QString errorOf(int i) const; // what went wrong with the i-th ("" while none)
    void retry(int i);
    void remove(int i);

Q_SIGNALS:
    void changed(); // one was added, uploaded, failed or taken off
    void uploadFailed(const QString &filename, const QString &error); // the server's words

private:
    enum class State { Uploading, Uploaded, Failed };
    struct Item
    {
        QString clientId;
        QString filename;
        QByteArray bytes;
        State state = State::Uploading;
        QString attachmentId;
        QString error;
        QWidget *chip = nullptr;
        QLabel *status = nullptr;
        QProgressBar *progress = nullptr;
        QToolButton *retry = nullptr;
    };

    void upload(Item *item);
    void showItem(Item *item);
    int indexOf(const Item *item) const;
    void removeItem(Item *item);

    Uploader m_uploader;
    QString m_sessionId;
    QList<Item *> m_items;
    QHBoxLayout *m_layout;
};

} // namespace frontline::ui
