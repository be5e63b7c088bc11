// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "settings/cannedresponse.h"

#include <QPlainTextEdit>

class QCompleter;
class QStandardItemModel;

namespace frontline::ui {

// Where the agent writes a reply. Enter sends, Shift+Enter starts a new line. Typing "/"
// offers the canned responses by shortcut: choosing one (or pressing Enter on an exact
// "/shortcut") puts its text in place of what was typed.
class Composer final : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit Composer(QWidget *parent = nullptr);
    static QString replyPlaceholder(); // what it says while empty, in reply mode

    void setCannedResponses(const QList<CannedResponse> &responses);
    QCompleter *completer() const { return m_completer; }

Q_SIGNALS:
    void submitted(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QString shortcutUnderCursor() const;
    bool expandShortcut(const QString &shortcut);
    void updatePopup();

    QList<CannedResponse> m_responses;
    QStandardItemModel *m_model;
    QCompleter *m_completer;
};

} // namespace frontline::ui
