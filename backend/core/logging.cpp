// SPDX-License-Identifier: GPL-3.0-or-later
#include "logging.h"

Q_LOGGING_CATEGORY(lcBackend, "frontline.backend")
Q_LOGGING_CATEGORY(lcStore, "frontline.store")
Q_LOGGING_CATEGORY(lcMigrations, "frontline.store.migrations")
Q_LOGGING_CATEGORY(lcHttp, "frontline.http")
Q_LOGGING_CATEGORY(lcAssistant, "frontline.assistant")
Q_LOGGING_CATEGORY(lcMail, "frontline.mail")
