-- SPDX-License-Identifier: GPL-3.0-or-later
INSERT INTO user_usage_stats (user_key, sessions, messages_sent, assistant_replies,
                              rate_limited, tokens_in, tokens_out, last_active_at)
VALUES (:user_key, :sessions, :messages_sent, :assistant_replies, :rate_limited, :tokens_in,
        :tokens_out, :last_active_at)
ON CONFLICT (user_key) DO UPDATE SET
    sessions = user_usage_stats.sessions + excluded.sessions,
    messages_sent = user_usage_stats.messages_sent + excluded.messages_sent,
    assistant_replies = user_usage_stats.assistant_replies + excluded.assistant_replies,
    rate_limited = user_usage_stats.rate_limited + excluded.rate_limited,
    tokens_in = user_usage_stats.tokens_in + excluded.tokens_in,
    tokens_out = user_usage_stats.tokens_out + excluded.tokens_out,
    last_active_at = excluded.last_active_at
