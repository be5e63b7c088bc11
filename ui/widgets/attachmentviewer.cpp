// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachmentviewer.h"

#include "client/agentclient.h"
#include "client/attachmentcache.h"
#include "icons.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScreen>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace frontline::ui {

namespace {

AttachmentViewer::SaveFileChooser &saveFileChooser()
{
    static AttachmentViewer::SaveFileChooser chooser;
    return chooser;
}

bool isPicture(const AttachmentItem &attachment)
{
    return attachment.contentType.startsWith(QLatin1String("image/")) && attachment.width > 0
        && attachment.height > 0;
}

bool isBidiControl(char32_t c)
{
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E
        || c == 0x200F || c == 0x061C;
}

QString fileIconName(const AttachmentItem &attachment)
{
    if (attachment.contentType == QLatin1String("application/pdf"))
        return QStringLiteral("application-pdf");
    if (attachment.contentType.startsWith(QLatin1String("image/")))
        return QStringLiteral("image-x-generic");
    if (attachment.contentType.startsWith(QLatin1String("text/")))
        return QStringLiteral("text-plain");
    return QStringLiteral("application-octet-stream");
}

} // namespace

AttachmentViewer::AttachmentViewer(
    AttachmentCache &cache, const AttachmentItem &attachment, QWidget *parent)
    : QDialog(parent)
    , m_cache(cache)
    , m_attachment(attachment)
    , m_picture(new QLabel(this))
    , m_status(new QLabel(this))
    , m_save(new QPushButton(tr("Save as…"), this))
{
    setObjectName(QStringLiteral("attachmentViewer"));
    setWindowTitle(attachment.filename);
    setAttribute(Qt::WA_DeleteOnClose);

    m_picture->setObjectName(QStringLiteral("attachmentPicture"));
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setMinimumSize(160, 120);
    m_picture->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);
    m_picture->setAccessibleName(attachment.filename);
    if (!isPicture(attachment)) {
        const QIcon icon = icons::named(fileIconName(attachment), palette());
        m_picture->setPixmap(icon.pixmap(96, 96));
        m_picture->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    }

    auto *name = new QLabel(attachment.filename, this);
    name->setObjectName(QStringLiteral("attachmentName"));
    name->setTextFormat(Qt::PlainText);
    name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    name->setWordWrap(true);
    QFont bold = name->font();
    bold.setWeight(QFont::DemiBold);
    name->setFont(bold);
    QString details = QLocale().formattedDataSize(attachment.size);
    if (attachment.width > 0 && attachment.height > 0)
        //: An image's size in pixels, after its size in bytes: "1.2 MB · 1280 × 720 pixels"
        details += QStringLiteral(" · ")
            + tr("%1 × %2 pixels")
                  .arg(QLocale().toString(attachment.width), QLocale().toString(attachment.height));
    auto *size = new QLabel(details, this);
    size->setObjectName(QStringLiteral("attachmentSize"));
    size->setTextFormat(Qt::PlainText);
    size->setForegroundRole(QPalette::PlaceholderText);
    m_status->setObjectName(QStringLiteral("attachmentStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setWordWrap(true);
    m_status->setText(tr("Loading…"));

    m_save->setObjectName(QStringLiteral("attachmentSaveAs"));
    m_save->setIcon(icons::named(QStringLiteral("document-save-as"), palette()));
    m_save->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_save, QDialogButtonBox::ActionRole);
    // Return closes the viewer: the key that opened it, or one pressed to look on, never opens
    // a file dialog by itself.
    m_save->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Close)->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, [this] { saveAs(); });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_picture, 1);
    layout->addWidget(name);
    layout->addWidget(size);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    // As large as the image, within most of the screen.
    QSize wanted = isPicture(attachment)
        ? QSize(attachment.width, attachment.height) + QSize(40, 140)
        : QSize(420, 300);
    if (const QScreen *screen = parent ? parent->screen() : nullptr)
        wanted = wanted.boundedTo(screen->availableSize() * 0.85);
    resize(wanted.expandedTo(QSize(420, 300)));

    const QPointer<AttachmentViewer> self(this);
    cache.fetch(attachment, [self](const FetchResult &result) {
        if (!self)
            return;
        self->m_loaded = true;
        if (!result.ok()) {
            self->m_error = result.errorText;
            self->m_status->setText(tr("The file could not be fetched: %1").arg(result.errorText));
            Q_EMIT self->loaded();
            return;
        }
        self->m_bytes = result.bytes;
        if (isPicture(self->m_attachment)) {
            if (!self->m_image.loadFromData(result.bytes))
                self->m_status->setText(
                    tr("The console cannot show this image; Save as… keeps it."));
            else
                self->m_status->clear();
            self->showImage();
        } else {
            self->m_status->clear();
        }
        self->m_status->setVisible(!self->m_status->text().isEmpty());
        self->m_save->setEnabled(true);
        Q_EMIT self->loaded();
    });
}

void AttachmentViewer::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    showImage();
}

void AttachmentViewer::showImage()
{
    if (m_image.isNull())
        return;
    const qreal ratio = devicePixelRatioF();
    const QSize room = m_picture->contentsRect().size() * ratio;
    QImage shown = m_image;
    if (shown.width() > room.width() || shown.height() > room.height())
        shown = m_image.scaled(room, Qt::KeepAspectRatio, Qt::SmoothTransformation);
    QPixmap pixmap = QPixmap::fromImage(shown);
    pixmap.setDevicePixelRatio(ratio);
    m_picture->setPixmap(pixmap);
}

void AttachmentViewer::setSaveFileChooser(SaveFileChooser chooser)
{
    saveFileChooser() = std::move(chooser);
}

QString AttachmentViewer::suggestedPath(const QString &filename)
{
    QString clean;
    const QList<uint> codePoints = filename.toUcs4();
    for (const uint c : codePoints) {
        if (c < 0x20 || c == 0x7F || isBidiControl(c) || c == '/' || c == '\\' || c == ':')
            continue;
        clean += QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1);
    }
    clean = clean.trimmed();
    while (clean.startsWith(QLatin1Char('.')))
        clean.remove(0, 1);
    if (clean.isEmpty())
        clean = tr("attachment");
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (folder.isEmpty())
        folder = QDir::homePath();
    return QDir(folder).filePath(clean);
}

QString AttachmentViewer::chooseSavePath(QWidget *parent, const QString &filename)
{
    const QString caption = tr("Save the attachment");
    const QString suggested = suggestedPath(filename);
    if (saveFileChooser())
        return saveFileChooser()(parent, caption, suggested);
    return QFileDialog::getSaveFileName(parent, caption, suggested);
}

QString AttachmentViewer::writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return tr("%1 could not be written: %2")
            .arg(QDir::toNativeSeparators(path), file.errorString());
    return {};
}

bool AttachmentViewer::saveAs()
{
    if (!m_loaded || !m_error.isEmpty())
        return false;
    const QString path = chooseSavePath(this, m_attachment.filename);
    if (path.isEmpty())
        return false;
    const QString error = writeFile(path, m_bytes);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Save as…"), error);
        return false;
    }
    m_status->setText(tr("Saved as %1").arg(QDir::toNativeSeparators(path)));
    m_status->show();
    return true;
}

void AttachmentViewer::saveAttachment(AttachmentCache &cache, const AttachmentItem &attachment,
    QWidget *parent, std::function<void(const QString &error)> done)
{
    const QString path = chooseSavePath(parent, attachment.filename);
    if (path.isEmpty())
        return;
    cache.fetch(attachment, [path, done](const FetchResult &result) {
        const QString error = result.ok()
            ? writeFile(path, result.bytes)
            : tr("The file could not be fetched: %1").arg(result.errorText);
        if (done)
            done(error);
    });
}

} // namespace frontline::ui
