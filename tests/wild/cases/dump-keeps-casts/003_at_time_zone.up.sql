-- a DEFAULT that is not a b_expr is dumped in parentheses; EXTRACT of a field keeps its meaning
CREATE TABLE m (value jsonb, created_at timestamptz DEFAULT (now() AT TIME ZONE 'UTC'), e interval,
    d numeric GENERATED ALWAYS AS (extract('milliseconds' FROM e)) STORED);
