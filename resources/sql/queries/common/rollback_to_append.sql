-- SPDX-License-Identifier: GPL-3.0-or-later
ROLLBACK TO SAVEPOINT frontline_append
