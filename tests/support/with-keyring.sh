#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test against a real, private Secret Service: call it inside `dbus-run-session`.
# gnome-keyring starts unlocked in a throwaway home, so the user's own keyring is never
# touched.
set -eu
HOME="$(mktemp -d)"
export HOME
eval "$(printf 'frontline-test' | gnome-keyring-daemon --unlock --components=secrets)"
status=0
"$@" || status=$?
rm -rf "$HOME"
exit "$status"
