// SPDX-License-Identifier: GPL-3.0-or-later
#include "conversationview.h"

#include "models/conversation.h"

#include <QLocale>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace frontline::ui {

namespace {

QColor backgroundFor(const QString &role, const QPalette &palette)
{
    // Tints over the palette's base, so a dark theme stays dark.
    const QColor base = palette.color(QPalette::Base);
    const auto tint = [&base](const QColor &colour) {
        const double alpha = 0.18;
        return QColor::fromRgbF(
            static_cast<float>(base.redF() * (1 - alpha) + colour.redF() * alpha),
            static_cast<float>(base.greenF() * (1 - alpha) + colour.greenF() * alpha),
            static_cast<float>(base.blueF() * (1 - alpha) + colour.blueF() * alpha));
    };
    if (role == QLatin1String("USER"))
        return base;
    if (role == QLatin1String("ASSISTANT"))
        return tint(QColor(0x3b, 0x82, 0xf6)); // blue
    if (role == QLatin1String("AGENT"))
        return tint(QColor(0x16, 0xa3, 0x4a)); // green
    return tint(QColor(0xd9, 0x77, 0x06)); // system: amber
}

} // namespace

ConversationView::ConversationView(QWidget *parent)
    : QTextEdit(parent)
{
    setReadOnly(true);
    setAcceptRichText(false);
    setUndoRedoEnabled(false);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setAccessibleName(tr("Conversation"));
}

void ConversationView::setConversation(Conversation *conversation)
{
    m_conversation = conversation;
    connect(conversation, &Conversation::reset, this, &ConversationView::showAll);
    connect(conversation, &Conversation::appended, this, &ConversationView::append);
    showAll();
}

QString ConversationView::roleLabel(const MessageItem &message)
{
    if (message.role == QLatin1String("USER"))
        return tr("Customer");
    if (message.role == QLatin1String("ASSISTANT"))
        return tr("AI assistant");
    if (message.role == QLatin1String("AGENT"))
        return message.agentName.isEmpty() ? tr("Agent") : tr("Agent %1").arg(message.agentName);
    return tr("System");
}

void ConversationView::showAll()
{
    clear();
    if (!m_conversation)
        return;
    for (const MessageItem &message : m_conversation->messages())
        append(message);
}

void ConversationView::append(const MessageItem &message)
{
    QScrollBar *scroll = verticalScrollBar();
    const bool atBottom = scroll->value() >= scroll->maximum() - 4;

    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!document()->isEmpty())
        cursor.insertBlock();

    QTextBlockFormat block;
    block.setBackground(backgroundFor(message.role, palette()));
    block.setLeftMargin(message.role == QLatin1String("USER") ? 0 : 24);
    QTextBlockFormat headerBlock = block;
    headerBlock.setTopMargin(10); // between messages, not between a header and its text
    cursor.setBlockFormat(headerBlock);

    QTextCharFormat header;
    header.setFontWeight(QFont::Bold);
    QString headerText = roleLabel(message) + QStringLiteral("  ·  ")
        + QLocale().toString(message.createdAt.toLocalTime(), QLocale::ShortFormat);
    if (message.sanitized)
        headerText += QStringLiteral("  ·  ") + tr("sanitized");
    cursor.insertText(headerText, header);

    cursor.insertBlock(block, QTextCharFormat());
    // insertText never interprets markup: "<b>" stays the three characters it is.
    cursor.insertText(message.content, QTextCharFormat());

    if (atBottom)
        scroll->setValue(scroll->maximum());
}

void ConversationView::insertFromMimeData(const QMimeData *) { }

bool ConversationView::canInsertFromMimeData(const QMimeData *) const
{
    return false;
}

} // namespace frontline::ui
