// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/consoleitems.h"

#include <QTextEdit>

namespace frontline::ui {

class Conversation;

// The open conversation, message by message: who wrote it (customer, AI, agent, system, each
// with its own colour), when, whether the sanitizer changed it, and the text. Text is only
// ever inserted as plain text: nothing a customer writes is read as rich text or HTML.
class ConversationView final : public QTextEdit
{
    Q_OBJECT
public:
    explicit ConversationView(QWidget *parent = nullptr);

    void setConversation(Conversation *conversation);
    static QString roleLabel(const MessageItem &message);

protected:
    void insertFromMimeData(const QMimeData *source) override; // read-only anyway
    bool canInsertFromMimeData(const QMimeData *source) const override;

private:
    void showAll();
    void append(const MessageItem &message);

    Conversation *m_conversation = nullptr;
};

} // namespace frontline::ui
