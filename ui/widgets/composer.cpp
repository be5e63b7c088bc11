// SPDX-License-Identifier: GPL-3.0-or-later
#include "composer.h"

#include "models/cannedtemplate.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QFileInfo>
#include <QImage>
#include <QKeyEvent>
#include <QMimeData>
#include <QRegularExpression>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QTextBlock>

namespace frontline::ui {

namespace {

constexpr int ShortcutRole = Qt::UserRole + 1;

} // namespace

QString Composer::replyPlaceholder()
{
    return tr(
        "Write a reply — Enter sends, Shift+Enter starts a new line, / inserts a canned response");
}

Composer::Composer(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_model(new QStandardItemModel(this))
    , m_completer(new QCompleter(this))
{
    setPlaceholderText(replyPlaceholder());
    setAccessibleName(tr("Reply"));
    setTabChangesFocus(true);
    m_completer->setModel(m_model);
    m_completer->setCompletionRole(ShortcutRole);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setWidget(this);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
        [this](const QString &shortcut) { expandShortcut(shortcut); });
}

void Composer::setCannedResponses(const QList<CannedResponse> &responses)
{
    m_responses = responses;
    m_model->clear();
    for (const CannedResponse &response : responses) {
        auto *item = new QStandardItem(QLatin1Char('/') + response.shortcut + QStringLiteral(" — ")
            + (response.title.isEmpty() ? response.text : response.title).simplified().left(60));
        item->setData(QString(QLatin1Char('/') + response.shortcut), ShortcutRole);
        m_model->appendRow(item);
    }
}

void Composer::setVariableSource(std::function<QHash<QString, QString>()> source)
{
    m_variables = std::move(source);
}

QString Composer::shortcutUnderCursor() const
{
    // The word that ends at the cursor, if it starts with "/".
    const QTextCursor cursor = textCursor();
    const QString line = cursor.block().text().left(cursor.positionInBlock());
    const qsizetype start = line.lastIndexOf(QRegularExpression(QStringLiteral("\\s"))) + 1;
    const QString word = line.mid(start);
    return word.startsWith(QLatin1Char('/')) ? word : QString();
}

bool Composer::expandShortcut(const QString &shortcut)
{
    const QString name = shortcut.mid(1);
    const auto found
        = std::find_if(m_responses.cbegin(), m_responses.cend(), [&name](const CannedResponse &r) {
              return r.shortcut.compare(name, Qt::CaseInsensitive) == 0;
          });
    if (found == m_responses.cend())
        return false;
    QTextCursor cursor = textCursor();
    const QString typed = shortcutUnderCursor();
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, static_cast<int>(typed.size()));
    cursor.insertText(
        CannedTemplate::fill(found->text, m_variables ? m_variables() : QHash<QString, QString>()));
    setTextCursor(cursor);
    m_completer->popup()->hide();
    return true;
}

void Composer::updatePopup()
{
    const QString typed = shortcutUnderCursor();
    if (typed.isEmpty() || m_responses.isEmpty()) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->setCompletionPrefix(typed);
    if (m_completer->completionCount() == 0) {
        m_completer->popup()->hide();
        return;
    }
    QRect rect = cursorRect();
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
        + m_completer->popup()->verticalScrollBar()->sizeHint().width());
    m_completer->complete(rect);
    // Enter takes the first match, as the agent expects from a short list.
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
}

void Composer::setAcceptsAttachments(bool accepts)
{
    m_acceptsAttachments = accepts;
}

QStringList Composer::localFilesOf(const QMimeData *data)
{
    QStringList files;
    if (!data || !data->hasUrls())
        return files;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile())
            files.append(url.toLocalFile());
    }
    return files;
}

bool Composer::canInsertFromMimeData(const QMimeData *source) const
{
    if (m_acceptsAttachments && (source->hasImage() || !localFilesOf(source).isEmpty()))
        return true;
    return QPlainTextEdit::canInsertFromMimeData(source);
}

void Composer::insertFromMimeData(const QMimeData *source)
{
    if (m_acceptsAttachments) {
        const QStringList files = localFilesOf(source);
        if (!files.isEmpty()) {
            Q_EMIT filesOffered(files);
            return;
        }
        // An image with text beside it (cells of a spreadsheet) is pasted as the text.
        if (source->hasImage() && source->text().trimmed().isEmpty()) {
            const QImage image = qvariant_cast<QImage>(source->imageData());
            if (!image.isNull()) {
                Q_EMIT imageOffered(image);
                return;
            }
        }
    }
    QPlainTextEdit::insertFromMimeData(source);
}

void Composer::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (m_completer->popup()->isVisible()) {
        // The popup chooses; these keys belong to it.
        if (enter || event->key() == Qt::Key_Tab || event->key() == Qt::Key_Escape) {
            event->ignore();
            return;
        }
    }
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        const QString typed = shortcutUnderCursor();
        if (!typed.isEmpty() && expandShortcut(typed))
            return;
        const QString text = toPlainText();
        if (!text.trimmed().isEmpty() || m_sendsEmpty)
            Q_EMIT submitted(text);
        return;
    }
    if (enter) { // Shift+Enter: a new line, not a paragraph separator
        insertPlainText(QStringLiteral("\n"));
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    if (!event->text().isEmpty() || event->key() == Qt::Key_Backspace)
        updatePopup();
}

} // namespace frontline::ui
