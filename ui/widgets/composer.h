// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "settings/cannedresponse.h"

#include <QHash>
#include <QPlainTextEdit>

#include <functional>

class QCompleter;
class QImage;
class QMimeData;
class QStandardItemModel;

namespace frontline::ui {

// Where the agent writes a reply. Enter sends, Shift+Enter starts a new line. Typing "/"
// offers the canned responses by shortcut: choosing one (or pressing Enter on an exact
// "/shortcut") puts its text in place of what was typed, its variables filled in from what
// the variable source gives then (CannedTemplate).
//
// While it takes attachments, files dropped or pasted on it and a pasted image (with no text
// beside it) are offered as attachments instead of being written in as text.
class Composer final : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit Composer(QWidget *parent = nullptr);
    static QString replyPlaceholder(); // what it says while empty, in reply mode

    void setCannedResponses(const QList<CannedResponse> &responses);
    QList<CannedResponse> cannedResponses() const { return m_responses; }
    // The values of the variables ("customer.name"...) at the time a response is inserted.
    void setVariableSource(std::function<QHash<QString, QString>()> source);
    QCompleter *completer() const { return m_completer; }

    void setAcceptsAttachments(bool accepts);
    bool acceptsAttachments() const { return m_acceptsAttachments; }
    // Enter sends an empty text too (a message of attachments only).
    void setSendsEmpty(bool sends) { m_sendsEmpty = sends; }
    // The local files among what is dragged or pasted.
    static QStringList localFilesOf(const QMimeData *data);

Q_SIGNALS:
    void submitted(const QString &text);
    void filesOffered(const QStringList &paths);
    void imageOffered(const QImage &image);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    QString shortcutUnderCursor() const;
    bool expandShortcut(const QString &shortcut);
    void updatePopup();

    QList<CannedResponse> m_responses;
    std::function<QHash<QString, QString>()> m_variables;
    QStandardItemModel *m_model;
    QCompleter *m_completer;
    bool m_acceptsAttachments = false;
    bool m_sendsEmpty = false;
};

} // namespace frontline::ui
