// SPDX-License-Identifier: GPL-3.0-or-later
// Compiled as part of the chat layer's users: a layer includes the layers below it.
#include "chat/chatservice.h"
#include "store/store.h"
