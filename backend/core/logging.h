// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// Frontline's logging categories, enabled or silenced with QT_LOGGING_RULES
// (for example QT_LOGGING_RULES="frontline.store.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcBackend) // frontline.backend
Q_DECLARE_LOGGING_CATEGORY(lcStore) // frontline.store
Q_DECLARE_LOGGING_CATEGORY(lcMigrations) // frontline.store.migrations
Q_DECLARE_LOGGING_CATEGORY(lcHttp) // frontline.http
Q_DECLARE_LOGGING_CATEGORY(lcAssistant) // frontline.assistant
Q_DECLARE_LOGGING_CATEGORY(lcMail) // frontline.mail
