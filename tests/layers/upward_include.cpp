// SPDX-License-Identifier: GPL-3.0-or-later
// Must not compile: the chat layer does not use the api layer, which sits above it
// (tst_layers_refuse_an_upward_include builds this and expects the include to fail).
#include "api/apierror.h"
