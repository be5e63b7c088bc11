-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT tokens FROM user_daily_tokens WHERE user_key = :user_key AND day = :day
