-- SPDX-License-Identifier: GPL-3.0-or-later
DELETE FROM cluster_events WHERE at < :before
