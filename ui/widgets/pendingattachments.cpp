// SPDX-License-Identifier: GPL-3.0-or-later
#include "pendingattachments.h"

#include "icons.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImage>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QToolButton>
#include <QUuid>

namespace frontline::ui {

PendingAttachments::PendingAttachments(QWidget *parent)
    : QWidget(parent)
    , m_layout(new QHBoxLayout(this))
{
    setObjectName(QStringLiteral("pendingAttachments"));
    setAccessibleName(tr("Attachments"));
    m_layout->setContentsMargins(0, 2, 0, 2);
    m_layout->addStretch(1);
    hide();
}

PendingAttachments::~PendingAttachments()
{
    qDeleteAll(m_items);
}

void PendingAttachments::setSessionId(const QString &sessionId)
{
    if (sessionId == m_sessionId)
        return;
    clear();
    m_sessionId = sessionId;
}

QString PendingAttachments::addFile(const QString &path)
{
    QFile file(path);
    const QString name = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly))
        return tr("%1 cannot be read: %2").arg(name, file.errorString());
    if (file.size() > MaxReadBytes)
        return tr("%1 is too large to attach (%2).")
            .arg(name, QLocale().formattedDataSize(file.size()));
    return addBytes(name, file.readAll());
}

QString PendingAttachments::addImage(const QImage &image)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    if (image.isNull() || !image.save(&buffer, "PNG"))
        return tr("The pasted image could not be read.");
    return addBytes(QStringLiteral("pasted-image.png"), png);
}

QString PendingAttachments::addBytes(const QString &filename, const QByteArray &bytes)
{
    if (m_sessionId.isEmpty())
        return tr("Open a conversation first.");
    if (count() >= MaxAttachments)
        return tr("A reply takes at most %n attachment(s).", nullptr, MaxAttachments);
    auto *item = new Item;
    item->clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    item->filename = filename;
    item->bytes = bytes;

    item->chip = new QFrame(this);
    item->chip->setObjectName(QStringLiteral("attachmentChip"));
    static_cast<QFrame *>(item->chip)->setFrameShape(QFrame::StyledPanel);
    item->chip->setAccessibleName(filename);
    auto *layout = new QHBoxLayout(item->chip);
    layout->setContentsMargins(6, 2, 2, 2);
    layout->setSpacing(4);
    auto *icon = new QLabel(item->chip);
    icon->setPixmap(icons::named(QStringLiteral("mail-attachment"), palette()).pixmap(16, 16));
    auto *name = new QLabel(item->chip);
    name->setObjectName(QStringLiteral("attachmentName"));
    name->setTextFormat(Qt::PlainText);
    name->setText(name->fontMetrics().elidedText(filename, Qt::ElideMiddle, 180));
    name->setToolTip(filename);
    item->status = new QLabel(item->chip);
    item->status->setObjectName(QStringLiteral("attachmentStatus"));
    item->status->setTextFormat(Qt::PlainText);
    item->status->setForegroundRole(QPalette::PlaceholderText);
    item->progress = new QProgressBar(item->chip);
    item->progress->setObjectName(QStringLiteral("attachmentProgress"));
    item->progress->setMaximumWidth(70);
    item->progress->setMaximumHeight(10);
    item->progress->setTextVisible(false);
    item->retry = new QToolButton(item->chip);
    item->retry->setObjectName(QStringLiteral("attachmentRetry"));
    item->retry->setText(tr("Retry"));
    item->retry->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    item->retry->setIcon(icons::named(QStringLiteral("view-refresh"), palette()));
    item->retry->setAutoRaise(true);
    auto *remove = new QToolButton(item->chip);
    remove->setObjectName(QStringLiteral("attachmentRemove"));
    remove->setText(QStringLiteral("×"));
    remove->setAutoRaise(true);
    remove->setToolTip(tr("Remove %1").arg(filename));
    remove->setAccessibleName(tr("Remove %1").arg(filename));
    layout->addWidget(icon);
    layout->addWidget(name);
    layout->addWidget(item->status);
    layout->addWidget(item->progress);
    layout->addWidget(item->retry);
    layout->addWidget(remove);
    connect(item->retry, &QToolButton::clicked, this, [this, item] { retry(indexOf(item)); });
    connect(remove, &QToolButton::clicked, this, [this, item] { removeItem(item); });

    m_layout->insertWidget(m_layout->count() - 1, item->chip);
    m_items.append(item);
    show();
    upload(item);
    return {};
}

void PendingAttachments::upload(Item *item)
{
    item->state = State::Uploading;
    item->error.clear();
    item->progress->setRange(0, 0);
    showItem(item);
    Q_EMIT changed();
    if (!m_uploader) {
        item->state = State::Failed;
        item->error = tr("Not connected");
        showItem(item);
        return;
    }
    const QPointer<PendingAttachments> self(this);
    const QString clientId = item->clientId;
    // The item may be taken off meanwhile: it is found again by its clientId.
    const auto find = [self, clientId]() -> Item * {
        if (!self)
            return nullptr;
        for (Item *i : std::as_const(self->m_items))
            if (i->clientId == clientId)
                return i;
        return nullptr;
    };
    m_uploader(
        m_sessionId, item->filename, item->bytes, clientId,
        [find](qint64 sent, qint64 total) {
            Item *i = find();
            if (!i || total <= 0)
                return;
            i->progress->setRange(0, 1000);
            i->progress->setValue(static_cast<int>(sent * 1000 / total));
        },
        [self, find](const ApiResult &result) {
            Item *i = find();
            if (!i)
                return;
            if (result.ok()) {
                i->state = State::Uploaded;
                i->attachmentId = result.body.value(QStringLiteral("attachment"))
                                      .toObject()
                                      .value(QStringLiteral("id"))
                                      .toString();
            } else {
                i->state = State::Failed;
                i->error = result.errorText;
            }
            self->showItem(i);
            if (i->state == State::Failed)
                Q_EMIT self->uploadFailed(i->filename, i->error);
            Q_EMIT self->changed();
        });
}

void PendingAttachments::showItem(Item *item)
{
    const QString size = QLocale().formattedDataSize(item->bytes.size());
    item->progress->setVisible(item->state == State::Uploading);
    item->retry->setVisible(item->state == State::Failed);
    switch (item->state) {
    case State::Uploading:
        item->status->setText(size);
        item->chip->setToolTip(tr("Uploading %1…").arg(item->filename));
        break;
    case State::Uploaded:
        item->status->setText(size);
        item->chip->setToolTip(item->filename);
        break;
    case State::Failed:
        item->status->setText(tr("Not uploaded"));
        item->status->setToolTip(item->error);
        item->chip->setToolTip(item->error);
        break;
    }
    QPalette palette = item->status->palette();
    if (item->state == State::Failed)
        palette.setColor(QPalette::WindowText, QColor(0xda, 0x44, 0x53));
    else
        palette = this->palette();
    item->status->setPalette(palette);
    item->status->setForegroundRole(
        item->state == State::Failed ? QPalette::WindowText : QPalette::PlaceholderText);
    item->status->setAccessibleDescription(item->error);
}

int PendingAttachments::indexOf(const Item *item) const
{
    return static_cast<int>(m_items.indexOf(const_cast<Item *>(item)));
}

bool PendingAttachments::isUploading() const
{
    return std::any_of(m_items.cbegin(), m_items.cend(),
        [](const Item *i) { return i->state == State::Uploading; });
}

bool PendingAttachments::hasFailed() const
{
    return std::any_of(
        m_items.cbegin(), m_items.cend(), [](const Item *i) { return i->state == State::Failed; });
}

QStringList PendingAttachments::uploadedIds() const
{
    QStringList ids;
    for (const Item *i : m_items)
        if (i->state == State::Uploaded && !i->attachmentId.isEmpty())
            ids.append(i->attachmentId);
    return ids;
}

QString PendingAttachments::errorOf(int i) const
{
    return i >= 0 && i < m_items.size() ? m_items.at(i)->error : QString();
}

void PendingAttachments::removeSent(const QStringList &attachmentIds)
{
    const QList<Item *> items = m_items;
    for (Item *i : items)
        if (i->state == State::Uploaded && attachmentIds.contains(i->attachmentId))
            removeItem(i);
}

void PendingAttachments::clear()
{
    const QList<Item *> items = m_items;
    for (Item *i : items)
        removeItem(i);
}

QWidget *PendingAttachments::chip(int i) const
{
    return i >= 0 && i < m_items.size() ? m_items.at(i)->chip : nullptr;
}

void PendingAttachments::retry(int i)
{
    if (i >= 0 && i < m_items.size() && m_items.at(i)->state == State::Failed)
        upload(m_items.at(i));
}

void PendingAttachments::remove(int i)
{
    if (i >= 0 && i < m_items.size())
        removeItem(m_items.at(i));
}

void PendingAttachments::removeItem(Item *item)
{
    if (!m_items.removeOne(item))
        return;
    item->chip->deleteLater();
    item->chip->hide();
    delete item;
    setVisible(!m_items.isEmpty());
    Q_EMIT changed();
}

} // namespace frontline::ui
