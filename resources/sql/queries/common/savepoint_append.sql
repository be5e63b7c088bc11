-- SPDX-License-Identifier: GPL-3.0-or-later
-- Around each message appended to a group commit: a refusal undoes that message only.
SAVEPOINT frontline_append
