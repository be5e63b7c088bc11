// SPDX-License-Identifier: GPL-3.0-or-later
#include "transferdialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

namespace frontline::ui {

namespace {

constexpr int UsernameRole = Qt::UserRole;

QIcon dot(const QString &presence)
{
    const QColor colour = presence == QLatin1String("online") ? QColor(0x22, 0xc5, 0x5e)
        : presence == QLatin1String("away")                   ? QColor(0xf5, 0x9e, 0x0b)
                                                              : QColor(0x9c, 0xa3, 0xaf);
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(1, 1, 10, 10);
    return QIcon(pixmap);
}

QString presenceText(const QString &presence)
{
    if (presence == QLatin1String("online"))
        return TransferDialog::tr("Online");
    if (presence == QLatin1String("away"))
        return TransferDialog::tr("Away");
    return TransferDialog::tr("Offline");
}

} // namespace

TransferDialog::TransferDialog(const QString &customer, const QString &me, QWidget *parent)
    : QDialog(parent)
    , m_me(me)
    , m_list(new QListWidget(this))
    , m_empty(new QLabel(this))
    , m_transfer(new QPushButton(tr("Transfer"), this))
    , m_queue(new QPushButton(tr("Back to the queue"), this))
{
    setObjectName(QStringLiteral("transferDialog"));
    setWindowTitle(tr("Transfer the conversation"));
    auto *intro = new QLabel(tr("Hand the conversation with %1 to:").arg(customer), this);
    intro->setTextFormat(Qt::PlainText); // the name is the customer's own
    m_list->setObjectName(QStringLiteral("transferAgents"));
    m_empty->setObjectName(QStringLiteral("transferNobody"));
    m_empty->setWordWrap(true);
    m_empty->setText(tr("Nobody else is in the team yet. An administrator adds agents with "
                        "“frontline agent add NAME”; until then the conversation can go back "
                        "to the queue."));
    m_empty->hide();
    m_transfer->setObjectName(QStringLiteral("transferTo"));
    m_queue->setObjectName(QStringLiteral("transferToQueue"));
    m_transfer->setDefault(true);
    m_transfer->setEnabled(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_queue, QDialogButtonBox::ResetRole);
    buttons->addButton(m_transfer, QDialogButtonBox::AcceptRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_empty, 1, Qt::AlignTop);
    layout->addWidget(buttons);
    resize(420, 320);

    const auto choose = [this] {
        const QListWidgetItem *item = m_list->currentItem();
        if (!item)
            return;
        Q_EMIT chosen(item->data(UsernameRole).toString());
        accept();
    };
    connect(m_list, &QListWidget::currentItemChanged, this,
        [this](const QListWidgetItem *current) { m_transfer->setEnabled(current != nullptr); });
    connect(m_list, &QListWidget::itemActivated, this, choose);
    connect(m_transfer, &QPushButton::clicked, this, choose);
    connect(m_queue, &QPushButton::clicked, this, [this] {
        Q_EMIT chosen(QString());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void TransferDialog::setTeam(const QList<TeamMember> &team)
{
    const QString current
        = m_list->currentItem() ? m_list->currentItem()->data(UsernameRole).toString() : QString();
    m_list->clear();
    for (const TeamMember &member : team) {
        if (member.username == m_me)
            continue;
        const QString name = member.displayName.isEmpty() ? member.username : member.displayName;
        //: An agent in the transfer list: name, presence, how many conversations they have open
        auto *item = new QListWidgetItem(dot(member.presence),
            tr("%1 — %2 · open conversations: %3")
                .arg(name, presenceText(member.presence))
                .arg(member.openConversations),
            m_list);
        item->setData(UsernameRole, member.username);
        if (member.username == current)
            m_list->setCurrentItem(item);
    }
    // The team always holds the signed-in agent: empty means not read yet, not nobody.
    const bool nobody = !team.isEmpty() && m_list->count() == 0;
    m_list->setVisible(!nobody);
    m_empty->setVisible(nobody);
}

} // namespace frontline::ui
