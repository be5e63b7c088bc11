-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO user_daily_tokens (user_key, day, tokens) VALUES (:user_key, :day, :tokens)
ON CONFLICT (user_key, day) DO UPDATE SET tokens = user_daily_tokens.tokens + excluded.tokens
