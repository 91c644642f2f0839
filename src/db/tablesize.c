/* tablesize.c — table sizes from pg_class statistics (see tablesize.h). */
#include "strata.h"
#include "db/tablesize.h"
#include "db/session.h"
#include "util/strbuf.h"

#include <stdlib.h>

/* One row per table: rows (-1 unknown) and bytes. A table never vacuumed or analyzed has reltuples -1
 * (PostgreSQL 14+): an empty file means 0 rows, anything else is unknown. A partitioned table holds no
 * rows itself: its leaves are summed (unknown when one of them is). */
static const char sizes_sql[] =
    "WITH s AS (SELECT c.oid, c.relkind,"
    "  CASE WHEN c.reltuples >= 0 THEN c.reltuples::float8"
    "       WHEN c.relkind IN ('r', 'm') AND pg_relation_size(c.oid) = 0 THEN 0::float8"
    "       ELSE -1::float8 END AS rows,"
    "  CASE WHEN c.reltuples >= 0 OR c.relkind NOT IN ('r', 'm')"
    "       THEN c.relpages::float8 * current_setting('block_size')::float8"
    "       ELSE pg_relation_size(c.oid)::float8 END AS bytes"
    " FROM pg_class c WHERE c.relkind IN ('r', 'p', 'm'))"
    " SELECT n.nspname, c.relname,"
    "  CASE WHEN c.relkind = 'p' THEN (SELECT CASE WHEN bool_or(l.rows < 0) THEN -1 ELSE"
    "       coalesce(sum(l.rows), 0) END FROM pg_partition_tree(c.oid) t JOIN s l ON l.oid = t.relid"
    "       WHERE t.isleaf) ELSE s.rows END,"
    "  CASE WHEN c.relkind = 'p' THEN (SELECT coalesce(sum(l.bytes), 0) FROM pg_partition_tree(c.oid) t"
    "       JOIN s l ON l.oid = t.relid WHERE t.isleaf) ELSE s.bytes END"
    " FROM pg_class c JOIN s ON s.oid = c.oid JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'"
    "   AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))";

/* A text[] literal of NAMES ({"a","b"} with " and \ escaped). */
static char *array_literal(const char *const *names, size_t n)
{
	StrBuf sb = STRBUF_INIT;
	sb_putc(&sb, '{');
	for (size_t i = 0; i < n; i++) {
		sb_append(&sb, i ? ",\"" : "\"");
		for (const char *p = names[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_putc(&sb, '\\');
			sb_putc(&sb, *p);
		}
		sb_putc(&sb, '"');
	}
	sb_putc(&sb, '}');
	return sb_detach(&sb);
}

int table_sizes_read(PGconn *conn, const char *const *schemas, size_t n, TableSizeFn fn, void *ud,
                     DiagList *dl)
{
	char *arr = n ? array_literal(schemas, n) : NULL;
	const char *params[1] = {arr};
	PGresult *r = db_query(conn, sizes_sql, 1, params, "reading table sizes", dl);
	free(arr);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++)
		fn(ud, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), strtod(PQgetvalue(r, i, 2), NULL),
		   strtod(PQgetvalue(r, i, 3), NULL));
	PQclear(r);
	return 0;
}
