-- SPDX-License-Identifier: GPL-3.0-or-later
-- Lists travel as text, one hash per line: Qt's driver cannot bind arrays.
SELECT bucket, CAST(hits AS TEXT), allowed
FROM frontline_take_rate_limit_slot(string_to_array(:buckets, E'\n'), string_to_array(:owners, E'\n'),
                                    CAST(:max_hits AS INT), :since, :now, CAST(:record AS BOOLEAN))
