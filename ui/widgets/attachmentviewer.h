// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/consoleitems.h"

#include <QDialog>
#include <QImage>
#include <QPointer>

#include <functional>

class QLabel;
class QPushButton;

namespace frontline::ui {

class AttachmentCache;

// An attachment on its own: an image whole, scaled to fit the dialog (fetched with the agent's
// token), any other file as its icon; its name and size; "Save as…" writes the very bytes the
// server served under the name the agent chooses.
class AttachmentViewer final : public QDialog
{
    Q_OBJECT
public:
    AttachmentViewer(AttachmentCache &cache, const AttachmentItem &attachment, QWidget *parent);

    const AttachmentItem &attachment() const { return m_attachment; }
    bool isLoaded() const { return m_loaded; } // fetched, or failed (errorText)
    QByteArray bytes() const { return m_bytes; } // as served; empty until loaded
    QImage image() const { return m_image; } // the full image; null for other files
    QPushButton *saveButton() const { return m_save; }
    QString errorText() const { return m_error; }

    // Asks where to save (the chooser below), then writes the bytes. False when the agent
    // cancelled or the file could not be written (the agent is told why).
    bool saveAs();

    // Where "Save as…" writes: QFileDialog::getSaveFileName unless something else is set
    // (a test sets its own; an empty function puts the dialog back). It gets the parent, the
    // caption and the suggested path, and gives the chosen path ("" for none).
    using SaveFileChooser = std::function<QString(QWidget *, const QString &, const QString &)>;
    static void setSaveFileChooser(SaveFileChooser chooser);
    // The path to suggest for a file of that name: the downloads folder, the name without
    // anything that is not a file name (separators, control and bidi characters).
    static QString suggestedPath(const QString &filename);
    // Save as… without the viewer: asks for the path, then fetches the file and writes it;
    // `done` gets "" once written, else what went wrong (not called when cancelled).
    static void saveAttachment(AttachmentCache &cache, const AttachmentItem &attachment,
        QWidget *parent, std::function<void(const QString &error)> done);

Q_SIGNALS:
    void loaded(); // the bytes are here (or could not be fetched: errorText says why)

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void showImage();
    static QString chooseSavePath(QWidget *parent, const QString &filename);
    static QString writeFile(const QString &path, const QByteArray &bytes); // "" or why not

    AttachmentCache &m_cache;
    AttachmentItem m_attachment;
    QLabel *m_picture;
    QLabel *m_status;
    QPushButton *m_save;
    QByteArray m_bytes;
    QImage m_image;
    QString m_error;
    bool m_loaded = false;
};

} // namespace frontline::ui
