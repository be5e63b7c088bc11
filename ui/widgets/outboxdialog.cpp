// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxdialog.h"

#include "consolecontroller.h"
#include "icons.h"
#include "models/outboxmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace frontline::ui {

OutboxDialog::OutboxDialog(ConsoleController &console, QWidget *parent)
    : QDialog(parent)
    , m_console(console)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_filter(new QComboBox(this))
    , m_retry(new QPushButton(tr("&Retry"), this))
    , m_refresh(new QPushButton(tr("Re&fresh"), this))
    , m_note(new QLabel(this))
{
    setWindowTitle(tr("Outbox"));
    setObjectName(QStringLiteral("outboxDialog"));
    m_proxy->setSourceModel(console.outbox());
    m_proxy->setFilterRole(OutboxModel::MailStateRole);
    m_proxy->setFilterKeyColumn(OutboxModel::State);
    m_view->setObjectName(QStringLiteral("outboxView"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(OutboxModel::Subject, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(
        OutboxModel::LastError, QHeaderView::Interactive);
    m_view->setColumnWidth(OutboxModel::LastError, 220);

    m_filter->setObjectName(QStringLiteral("outboxStateFilter"));
    m_filter->addItem(tr("All e-mails"), QString());
    m_filter->addItem(tr("Failed"), QStringLiteral("failed"));
    m_filter->addItem(tr("Queued"), QStringLiteral("queued|sending"));
    m_filter->addItem(tr("Sent"), QStringLiteral("sent"));
    connect(m_filter, &QComboBox::currentIndexChanged, this, [this] {
        const QString states = m_filter->currentData().toString();
        m_proxy->setFilterRegularExpression(
            states.isEmpty() ? QString() : QStringLiteral("^(%1)$").arg(states));
        updateActions();
    });

    m_retry->setObjectName(QStringLiteral("retryMail"));
    m_retry->setIcon(icons::named(QStringLiteral("view-refresh"), palette()));
    m_refresh->setObjectName(QStringLiteral("refreshOutbox"));
    connect(m_retry, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_view->selectionModel()->currentIndex();
        if (current.isValid())
            m_console.retryMail(current.data(OutboxModel::MailIdRole).toLongLong());
    });
    connect(m_refresh, &QPushButton::clicked, &m_console, &ConsoleController::loadOutbox);
    m_note->setObjectName(QStringLiteral("outboxNote"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Show"), this));
    top->addWidget(m_filter);
    top->addStretch(1);
    top->addWidget(m_refresh);
    top->addWidget(m_retry);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_note);
    layout->addWidget(buttons);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &OutboxDialog::updateActions);
    connect(console.outbox(), &QAbstractItemModel::dataChanged, this, &OutboxDialog::updateActions);
    connect(console.outbox(), &QAbstractItemModel::rowsInserted, this, [this] { showNote({}); });
    connect(&console, &ConsoleController::outboxLoaded, this, &OutboxDialog::showNote);
    showNote({});
    updateActions();
    resize(920, 420);
}

void OutboxDialog::select(qint64 id)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        const bool wanted = id > 0
            ? index.data(OutboxModel::MailIdRole).toLongLong() == id
            : index.data(OutboxModel::MailStateRole).toString() == QLatin1String("failed");
        if (wanted) {
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            return;
        }
    }
}

void OutboxDialog::updateActions()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const bool failed = current.isValid()
        && current.data(OutboxModel::MailStateRole).toString() == QLatin1String("failed");
    m_retry->setEnabled(failed && m_console.isAdmin());
    m_retry->setToolTip(!m_console.isAdmin()
            ? tr("Only an administrator can send a failed e-mail again.")
            : tr("Queue the selected failed e-mail again, to be sent now"));
}

void OutboxDialog::showNote(const QString &error)
{
    QString text = error;
    if (text.isEmpty() && !m_console.hasOutbox() && m_console.outbox()->rowCount() == 0)
        text = tr("This server sends no e-mail: it is older than the outbox, or has not "
                  "answered yet.");
    else if (text.isEmpty() && m_console.outbox()->rowCount() == 0)
        text = tr("No e-mail yet. Replies to customers who left, transcripts and operator "
                  "copies show here once queued.");
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

} // namespace frontline::ui
