#!/usr/bin/env python3
"""gen_schema.py N OUT — write a synthetic migration of N tables: each with a bigserial key, a few typed columns,
a foreign key to an earlier table, a unique constraint, a check, and two indexes (one partial, one expression)."""
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
out = open(sys.argv[2] if len(sys.argv) > 2 else "/dev/stdout", "w")
out.write("CREATE TYPE status AS ENUM ('new', 'active', 'closed');\n")
for i in range(n):
    ref = f",\n    parent_id bigint REFERENCES t{(i * 7) // 11} (id) ON DELETE CASCADE" if i else ""
    out.write(f"""CREATE TABLE t{i} (
    id bigserial PRIMARY KEY,
    code varchar(64) NOT NULL UNIQUE,
    state status NOT NULL DEFAULT 'new',
    amount numeric(12,2) CHECK (amount >= 0),
    created_at timestamptz NOT NULL DEFAULT now(){ref}
);
CREATE INDEX ON t{i} (created_at) WHERE state <> 'closed';
CREATE INDEX t{i}_lower_code ON t{i} (lower(code));
""")
out.close()
