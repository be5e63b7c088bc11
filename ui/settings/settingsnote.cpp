// SPDX-License-Identifier: GPL-3.0-or-later
#include "settingsnote.h"

#include <QLabel>

namespace frontline::ui {

QLabel *settingsNote(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QFont small = label->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    label->setFont(small);
    return label;
}

} // namespace frontline::ui
