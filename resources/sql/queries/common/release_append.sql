-- SPDX-License-Identifier: GPL-3.0-or-later
RELEASE SAVEPOINT frontline_append
