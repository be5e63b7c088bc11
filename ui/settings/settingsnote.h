// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace frontline::ui {

// The small wrapped text under a settings field that says what it does or why it is read only.
QLabel *settingsNote(const QString &text, QWidget *parent);

} // namespace frontline::ui
