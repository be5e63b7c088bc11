// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>
#include <QPalette>

namespace frontline::ui::icons {

// The icon of that freedesktop name (edit-find, go-next…): the desktop icon theme's when it
// has one, else Frontline's own (Breeze, compiled in from resources/icons/) drawn in the
// palette's text colour, sharp at any size and scale. Ask again when the palette changes:
// the fallback is drawn for the palette it was made with.
QIcon named(const QString &name, const QPalette &palette);

} // namespace frontline::ui::icons
