// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandpalette.h"

#include "models/sessionlistmodel.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace frontline::ui {

namespace {

enum ItemRole { ActionIndexRole = Qt::UserRole + 1, SessionIdRole };

QString plainText(const QAction *action)
{
    return QString(action->text()).remove(QLatin1Char('&'));
}

} // namespace

CommandPalette::CommandPalette(
    const QList<QAction *> &actions, const SessionListModel &sessions, QWidget *parent)
    : QDialog(parent)
    , m_sessions(sessions)
    , m_filter(new QLineEdit(this))
    , m_matches(new QListWidget(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setWindowTitle(tr("Command palette"));
    for (QAction *action : actions)
        m_actions.append(action);
    m_filter->setObjectName(QStringLiteral("commandFilter"));
    m_filter->setPlaceholderText(tr("Type an action or a customer's name"));
    m_filter->setAccessibleName(tr("Command"));
    m_filter->installEventFilter(this);
    m_matches->setObjectName(QStringLiteral("commandMatches"));
    m_matches->setAccessibleName(tr("Matching commands"));
    m_matches->setUniformItemSizes(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(m_matches);
    resize(520, 360);
    connect(m_filter, &QLineEdit::textChanged, this, &CommandPalette::showMatches);
    connect(m_filter, &QLineEdit::returnPressed, this, &CommandPalette::runCurrent);
    connect(m_matches, &QListWidget::itemActivated, this, &CommandPalette::runCurrent);
    showMatches({});
}

void CommandPalette::showMatches(const QString &text)
{
    const QString wanted = text.trimmed();
    const auto matches = [&wanted](const QString &name) {
        return wanted.isEmpty() || name.contains(wanted, Qt::CaseInsensitive);
    };
    m_matches->clear();
    for (int i = 0; i < m_actions.size(); ++i) {
        const QAction *action = m_actions.at(i);
        if (!action || !action->isEnabled() || action->text().isEmpty())
            continue;
        const QString name = plainText(action);
        if (!matches(name))
            continue;
        const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
        auto *item = new QListWidgetItem(
            shortcut.isEmpty() ? name : name + QStringLiteral("    ") + shortcut, m_matches);
        item->setData(ActionIndexRole, i);
        if (!action->icon().isNull())
            item->setIcon(action->icon());
    }
    // Then the conversations, by the customer's name (the text is the name only: plain).
    for (int row = 0; row < m_sessions.rowCount(); ++row) {
        const QModelIndex index = m_sessions.index(row, SessionListModel::Customer);
        const QString customer = index.data(Qt::DisplayRole).toString();
        if (wanted.isEmpty() || !matches(customer))
            continue; // listed only when asked for: there may be hundreds
        const QString state = m_sessions.index(row, SessionListModel::Status).data().toString();
        auto *item = new QListWidgetItem(tr("Open %1 (%2)").arg(customer, state), m_matches);
        item->setData(SessionIdRole, index.data(SessionListModel::SessionIdRole));
    }
    m_matches->setCurrentRow(0);
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    // Up and Down move in the list while the cursor stays in the filter.
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Down || key == Qt::Key_Up) {
            const int row = m_matches->currentRow() + (key == Qt::Key_Down ? 1 : -1);
            if (row >= 0 && row < m_matches->count())
                m_matches->setCurrentRow(row);
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void CommandPalette::runCurrent()
{
    const QListWidgetItem *item = m_matches->currentItem();
    if (!item)
        return;
    const QVariant sessionId = item->data(SessionIdRole);
    const QVariant actionIndex = item->data(ActionIndexRole);
    accept(); // first: an action may open a dialog of its own
    if (sessionId.isValid()) {
        Q_EMIT sessionChosen(sessionId.toString());
    } else if (actionIndex.isValid()) {
        if (QAction *action = m_actions.value(actionIndex.toInt()); action && action->isEnabled())
            action->trigger();
    }
}

} // namespace frontline::ui
