// SPDX-License-Identifier: GPL-3.0-or-later
#include "labelspage.h"

#include "consolecontroller.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace frontline::ui {

LabelsPage::LabelsPage(ConsoleController &console, QWidget *parent)
    : QWidget(parent)
    , m_console(console)
    , m_intro(new QLabel(this))
    , m_list(new QListWidget(this))
    , m_add(new QPushButton(tr("Add…"), this))
    , m_rename(new QPushButton(tr("Rename…"), this))
    , m_recolour(new QPushButton(tr("Colour…"), this))
    , m_delete(new QPushButton(tr("Delete"), this))
    , m_error(new QLabel(this))
{
    m_intro->setWordWrap(true);
    m_intro->setText(console.isAdmin()
            ? tr("Labels sort conversations (billing, bug…). Every agent puts them on "
                 "conversations with Labels (Ctrl+L); only administrators add, rename, recolour "
                 "or delete them.")
            : tr("Only administrators add, rename, recolour or delete labels; you put them on "
                 "conversations with Labels (Ctrl+L)."));
    m_list->setObjectName(QStringLiteral("labelsList"));
    m_add->setObjectName(QStringLiteral("addLabel"));
    m_rename->setObjectName(QStringLiteral("renameLabel"));
    m_recolour->setObjectName(QStringLiteral("recolourLabel"));
    m_delete->setObjectName(QStringLiteral("deleteLabel"));
    m_error->setObjectName(QStringLiteral("labelsError"));
    m_error->setWordWrap(true);
    m_error->hide();
    auto *buttons = new QVBoxLayout;
    for (QPushButton *button : { m_add, m_rename, m_recolour, m_delete })
        buttons->addWidget(button);
    buttons->addStretch(1);
    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 1);
    row->addLayout(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(row, 1);
    layout->addWidget(m_error);
    connect(m_add, &QPushButton::clicked, this, &LabelsPage::addLabel);
    connect(m_rename, &QPushButton::clicked, this, &LabelsPage::renameLabel);
    connect(m_recolour, &QPushButton::clicked, this, &LabelsPage::recolourLabel);
    connect(m_delete, &QPushButton::clicked, this, &LabelsPage::deleteLabel);
    connect(m_list, &QListWidget::currentRowChanged, this, &LabelsPage::updateButtons);
    connect(&console, &ConsoleController::labelsChanged, this, &LabelsPage::showLabels);
    showLabels();
    console.loadLabels();
}

void LabelsPage::showLabels()
{
    const qint64 current = currentId();
    m_list->clear();
    for (const LabelItem &label : m_console.labels()) {
        QPixmap swatch(14, 14);
        swatch.fill(label.colour);
        auto *item = new QListWidgetItem(QIcon(swatch), label.name, m_list);
        item->setData(Qt::UserRole, label.id);
        item->setToolTip(label.colour.name());
        if (label.id == current)
            m_list->setCurrentItem(item);
    }
    updateButtons();
}

void LabelsPage::updateButtons()
{
    const bool admin = m_console.isAdmin();
    const bool chosen = m_list->currentItem() != nullptr;
    m_add->setEnabled(admin);
    for (QPushButton *button : { m_rename, m_recolour, m_delete })
        button->setEnabled(admin && chosen);
}

void LabelsPage::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

qint64 LabelsPage::currentId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toLongLong() : 0;
}

void LabelsPage::addLabel()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New label"),
        tr("Name (letters, digits, spaces, - _ and ., up to 40):"), QLineEdit::Normal, {}, &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    const QColor colour
        = QColorDialog::getColor(QColor(0x60, 0x7d, 0x8b), this, tr("Colour of %1").arg(name));
    m_console.addLabel(name, colour, [this](const QString &error) { showError(error); });
}

void LabelsPage::renameLabel()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    // Copied: the list may be rebuilt while the dialog is open (a label changed elsewhere).
    const qint64 id = currentId();
    const QString current = item->text();
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename label"),
        tr("New name of %1:").arg(current), QLineEdit::Normal, current, &ok)
                             .trimmed();
    if (!ok || name.isEmpty() || name == current)
        return;
    m_console.changeLabel(id, name, QColor(), [this](const QString &error) { showError(error); });
}

void LabelsPage::recolourLabel()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const qint64 id = currentId();
    const QString name = item->text();
    const QColor colour
        = QColorDialog::getColor(QColor(item->toolTip()), this, tr("Colour of %1").arg(name));
    if (!colour.isValid())
        return;
    m_console.changeLabel(
        id, QString(), colour, [this](const QString &error) { showError(error); });
}

void LabelsPage::deleteLabel()
{
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    const qint64 id = currentId();
    const QString name = item->text();
    if (QMessageBox::question(this, tr("Delete label"),
            tr("Delete the label %1? It is taken off every conversation.").arg(name))
        != QMessageBox::Yes)
        return;
    m_console.removeLabel(id, [this](const QString &error) { showError(error); });
}

} // namespace frontline::ui
