-- SPDX-License-Identifier: GPL-3.0-or-later
SELECT user_key, sessions, messages_sent, assistant_replies, rate_limited, tokens_in,
       tokens_out, last_active_at
FROM user_usage_stats WHERE user_key = :user_key
