/* history.c — the history table: DDL, row SQL, loading (see history.h). */
#include "strata.h"
#include "db/history.h"
#include "db/foreign_history.h"
#include "sql/quote.h"
#include "db/session.h"

void history_qname(StrBuf *sb, const HistoryTarget *t)
{
	sql_quote_qualified(sb, t->schema, t->table);
}

void history_ddl_sql(StrBuf *sb, const HistoryTarget *t)
{
	sb_append(sb, "CREATE SCHEMA IF NOT EXISTS ");
	sql_quote_ident(sb, t->schema);
	sb_append(sb, ";\n");
	history_table_ddl_sql(sb, t);
	sb_append(sb, ";\n");
}

void history_table_ddl_sql(StrBuf *sb, const HistoryTarget *t)
{
	sb_append(sb, "CREATE TABLE IF NOT EXISTS ");
	history_qname(sb, t);
	sb_append(sb,
	          " (\n"
	          "    version text NOT NULL,\n"
	          "    name text NOT NULL,\n"
	          "    checksum text NOT NULL,\n"
	          "    format text NOT NULL,\n"
	          "    mode text NOT NULL CHECK (mode IN ('transactional', 'per-statement', 'baseline')),\n"
	          "    success boolean NOT NULL,\n"
	          "    statements_done integer NOT NULL DEFAULT 0,\n"
	          "    statements_total integer NOT NULL DEFAULT 0,\n"
	          "    applied_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
	          "    duration_ms bigint NOT NULL DEFAULT 0,\n"
	          "    applied_by text NOT NULL DEFAULT current_user,\n"
	          "    error text,\n"
	          "    PRIMARY KEY (version, name)\n"
	          ")");
}

void history_values_sql(StrBuf *sb, const Migration *m, const char *checksum, int total, const char *host)
{
	history_values_mode_sql(sb, m, checksum, MODE_TX, total, total, host);
}

void history_values_mode_sql(StrBuf *sb, const Migration *m, const char *checksum, const char *mode, int done,
                             int total, const char *host)
{
	sb_putc(sb, '(');
	sql_quote_literal(sb, m->version);
	sb_append(sb, ", ");
	sql_quote_literal(sb, m->name ? m->name : "");
	sb_append(sb, ", ");
	sql_quote_literal(sb, checksum);
	sb_append(sb, ", ");
	sql_quote_literal(sb, mig_format_name(m->format));
	sb_append(sb, ", ");
	sql_quote_literal(sb, mode);
	sb_appendf(sb,
	           ", true, %d, %d, (extract(epoch FROM clock_timestamp() - now()) * "
	           "1000)::bigint, "
	           "current_user || '@' || ",
	           done, total);
	sql_quote_literal(sb, host);
	sb_putc(sb, ')');
}

void history_where_sql(StrBuf *sb, const Migration *m)
{
	if (m->version[0]) {
		sb_append(sb, "version = ");
		sql_quote_literal(sb, m->version);
	} else {
		sb_append(sb, "version = '' AND name = ");
		sql_quote_literal(sb, m->name);
	}
}

void history_as_connection_role_sql(StrBuf *sb)
{
	/* SET LOCAL: inside the migration's transaction (or the implicit block of a multi-statement query)
	 * only, so a role the migration set itself is back for what follows */
	sb_append(sb, "SET LOCAL SESSION AUTHORIZATION DEFAULT;\nSET LOCAL ROLE NONE;\n");
}

void history_insert_sql(StrBuf *sb, const HistoryTarget *t, const Migration *m, const char *checksum,
                        const char *mode, bool success, int done, int total, long long duration_ms,
                        const char *host)
{
	history_as_connection_role_sql(sb);
	/* a failed or in-progress row of this version is replaced, so a retry never meets a duplicate */
	sb_append(sb, "DELETE FROM ");
	history_qname(sb, t);
	sb_append(sb, " WHERE ");
	history_where_sql(sb, m);
	sb_append(sb, " AND NOT success;\nINSERT INTO ");
	history_qname(sb, t);
	sb_append(sb, " (version, name, checksum, format, mode, success, statements_done, statements_total, "
	              "duration_ms, applied_by) VALUES (");
	sql_quote_literal(sb, m->version);
	sb_append(sb, ", ");
	sql_quote_literal(sb, m->name ? m->name : "");
	sb_append(sb, ", ");
	sql_quote_literal(sb, checksum);
	sb_append(sb, ", ");
	sql_quote_literal(sb, mig_format_name(m->format));
	sb_append(sb, ", ");
	sql_quote_literal(sb, mode);
	sb_appendf(sb, ", %s, %d, %d, ", success ? "true" : "false", done, total);
	if (duration_ms < 0)
		sb_append(sb, "(extract(epoch FROM clock_timestamp() - now()) * 1000)::bigint");
	else
		sb_appendf(sb, "%lld", duration_ms);
	sb_append(sb, ", current_user || '@' || ");
	sql_quote_literal(sb, host);
	sb_append(sb, ");\n");
}

static bool exists_query(PGconn *conn, const char *sql, const char *arg, bool *out, DiagList *dl)
{
	const char *params[1] = {arg};
	PGresult *r = db_query(conn, sql, 1, params, "checking the history table", dl);
	if (!r)
		return false;
	*out = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
	PQclear(r);
	return true;
}

int history_ensure(PGconn *conn, const HistoryTarget *t, DiagList *dl)
{
	StrBuf q = STRBUF_INIT;
	bool have_schema, have_table;
	sql_quote_ident(&q, t->schema);
	if (!exists_query(conn, "SELECT to_regnamespace($1)", sb_str(&q), &have_schema, dl))
		goto fail;
	sb_reset(&q);
	history_qname(&q, t);
	if (!exists_query(conn, "SELECT to_regclass($1)", sb_str(&q), &have_table, dl))
		goto fail;
	if (have_table) {
		sb_release(&q);
		return 0;
	}
	sb_reset(&q);
	history_ddl_sql(&q, t);
	if (have_schema) { /* skip CREATE SCHEMA: it needs CREATE on the database even when the schema exists
		            */
		const char *semi = strchr(sb_str(&q), ';');
		char *rest = xstrdup(semi + 2);
		sb_reset(&q);
		sb_append(&q, rest);
		free(rest);
	}
	if (db_exec(conn, sb_str(&q), "creating the history table", dl) != 0)
		goto fail;
	sb_release(&q);
	return 0;
fail:
	sb_release(&q);
	return -1;
}

static char *col(PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? NULL : xstrdup(PQgetvalue(r, i, c));
}

int history_load(PGconn *conn, const HistoryTarget *t, HistoryRows *rows, bool *exists, DiagList *dl)
{
	memset(rows, 0, sizeof(*rows));
	StrBuf q = STRBUF_INIT;
	history_qname(&q, t);
	bool have = false;
	if (!exists_query(conn, "SELECT to_regclass($1)", sb_str(&q), &have, dl)) {
		sb_release(&q);
		return -1;
	}
	*exists = have;
	if (!have) {
		sb_release(&q);
		return 0;
	}
	sb_reset(&q);
	sb_append(
	    &q,
	    "SELECT version, name, checksum, format, mode, "
	    "to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), applied_by, error, "
	    "duration_ms, success, statements_done, statements_total FROM ");
	history_qname(&q, t);
	sb_append(&q, " ORDER BY applied_at, version");
	DiagList qdl = DIAGLIST_INIT;
	PGresult *r = db_query(conn, sb_str(&q), 0, NULL, "reading the history table", &qdl);
	if (!r && qdl.n && !strcmp(qdl.items[qdl.n - 1].sqlstate, "42703")) {
		/* a table of that name without strata's columns: another tool's (--history-table
		 * schema_migrations) */
		sb_reset(&q);
		history_qname(&q, t);
		ForeignTool ft = foreign_history_identify(conn, t->schema, t->table);
		Diag *d = ft != FT__COUNT ? diag_add(dl, SEV_ERROR, "foreign-history", NULL, 0, 0,
		                                     "table %s is %s's history table, not strata's",
		                                     sb_str(&q), foreign_tools[ft].label)
		                          : diag_add(dl, SEV_ERROR, "foreign-history", NULL, 0, 0,
		                                     "table %s is not a strata history table", sb_str(&q));
		diag_set_detail(d, "%s", qdl.items[qdl.n - 1].message);
		if (ft != FT__COUNT)
			diag_set_hint(
			    d,
			    "strata keeps its own history (default strata.history): choose another "
			    "--history-table; read %s's with \"strata status --from %s\" and adopt what "
			    "it applied with \"strata baseline --from %s\"",
			    foreign_tools[ft].label, foreign_tools[ft].name, foreign_tools[ft].name);
		else
			diag_set_hint(d,
			              "strata keeps its own history (default strata.history): choose another "
			              "--history-table");
		diag_list_release(&qdl);
		sb_release(&q);
		return -1;
	}
	diag_list_append_all(dl, &qdl);
	sb_release(&q);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		HistoryRow h = {0};
		h.version = col(r, i, 0);
		h.name = col(r, i, 1);
		h.checksum = col(r, i, 2);
		h.format = col(r, i, 3);
		h.mode = col(r, i, 4);
		h.applied_at = col(r, i, 5);
		h.applied_by = col(r, i, 6);
		h.error = col(r, i, 7);
		h.duration_ms = atoll(PQgetvalue(r, i, 8));
		h.success = PQgetvalue(r, i, 9)[0] == 't';
		h.statements_done = atoi(PQgetvalue(r, i, 10));
		h.statements_total = atoi(PQgetvalue(r, i, 11));
		vec_push(rows, h);
	}
	PQclear(r);
	return 0;
}

void history_rows_free(HistoryRows *rows)
{
	vec_foreach(rows, h)
	{
		free(h->version);
		free(h->name);
		free(h->checksum);
		free(h->format);
		free(h->mode);
		free(h->applied_at);
		free(h->applied_by);
		free(h->error);
	}
	vec_free(rows);
}
