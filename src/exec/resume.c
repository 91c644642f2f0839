/* resume.c — what a cut-off CONCURRENTLY statement did, from the live database (see resume.h). */
#include "strata.h"
#include "sql/quote.h"
#include "db/session.h"
#include "exec/resume.h"

#include <time.h>

#define PROBE_TABLE "strata_resume_probe"
#define PROBE_INDEX "strata_resume_probe_idx"

/* The definition of index $1 without its name and table: pg_get_indexdef() after "CREATE [UNIQUE] INDEX
 * name ON schema.table " (printed as ruleutils.c prints them: quote_identifier each, schema-qualified, our
 * own temporary schema as pg_temp), so
 * "USING btree (x) WHERE ..." — the same text for the same index on any table with the same columns. */
#define INDEX_TAIL_SQL                                                                                       \
	"(SELECT CASE WHEN left(d.def, length(d.head)) = d.head THEN substr(d.def, length(d.head) + 1) END " \
	"FROM (SELECT pg_get_indexdef(xi.indexrelid) AS def, format('CREATE %%sINDEX %%s ON %%s.%%s ', "     \
	"CASE "                                                                                              \
	"WHEN xi.indisunique THEN 'UNIQUE ' END, quote_ident(xic.relname), CASE WHEN xn.oid = "              \
	"pg_my_temp_schema() THEN 'pg_temp' ELSE quote_ident(xn.nspname) END, quote_ident(xtc.relname)) AS " \
	"head FROM pg_index xi JOIN pg_class xic ON xic.oid = xi.indexrelid JOIN pg_class xtc ON xtc.oid = " \
	"xi.indrelid JOIN pg_namespace xn ON xn.oid = xtc.relnamespace WHERE xi.indexrelid = %s) d)"

int resume_index_state(PGconn *conn, const char *schema, const char *name)
{
	StrBuf q = STRBUF_INIT;
	sql_quote_qualified(&q, schema, name);
	const char *params[1] = {sb_str(&q)};
	DiagList quiet = DIAGLIST_INIT;
	PGresult *r = db_query(conn, "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass($1)", 1,
	                       params, "checking the index", &quiet);
	sb_release(&q);
	diag_list_release(&quiet);
	int st = -1;
	if (r && PQntuples(r) == 1)
		st = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return st;
}

void resume_invalid_index_diag(DiagList *dl, const MigPlan *p, size_t i, const char *schema, const char *name,
                               bool resuming)
{
	StrBuf q = STRBUF_INIT;
	sql_quote_qualified(&q, schema, name);
	Diag *d = diag_add(dl, SEV_ERROR, "invalid-index", p->file, p->stmts[i].line, p->stmts[i].col,
	                   "index \"%s\" is INVALID: %s", name,
	                   resuming ? "an earlier CREATE INDEX CONCURRENTLY of this statement failed"
	                            : "the failed CREATE INDEX CONCURRENTLY left it behind");
	diag_set_hint(
	    d,
	    "drop it with `DROP INDEX CONCURRENTLY %s;`, fix the cause, then re-run `strata up` (it "
	    "resumes at this statement)",
	    sb_str(&q));
	sql_attach_source_line(d, p->text, p->stmts[i].offset);
	sb_release(&q);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* The relation of IX, as the statement names it, quoted for regclass. */
static char *relation_text(const PgQuery__IndexStmt *ix)
{
	StrBuf q = STRBUF_INIT;
	sql_quote_qualified(&q, ix->relation->schemaname, ix->relation->relname);
	return sb_detach(&q);
}

/* IX as a plain CREATE INDEX named PROBE_INDEX on pg_temp.PROBE_TABLE (malloc'd SQL), or NULL when it does
 * not deparse. Works on a copy: the plan's tree is not touched. */
static char *probe_sql(const SqlParse *parse, const PgQuery__IndexStmt *ix)
{
	size_t len = pg_query__index_stmt__get_packed_size(ix);
	uint8_t *buf = xmalloc(len ? len : 1);
	pg_query__index_stmt__pack(ix, buf);
	PgQuery__IndexStmt *copy = pg_query__index_stmt__unpack(NULL, len, buf);
	free(buf);
	if (!copy)
		return NULL;
	PgQuery__RangeVar rv = PG_QUERY__RANGE_VAR__INIT;
	rv.schemaname = (char *)"pg_temp";
	rv.relname = (char *)PROBE_TABLE;
	rv.inh = true;
	rv.relpersistence = (char *)"p";
	PgQuery__RangeVar *rel = copy->relation;
	char *name = copy->idxname, *space = copy->table_space;
	copy->relation = &rv;
	copy->idxname = (char *)PROBE_INDEX;
	copy->table_space = (char *)"";
	copy->concurrent = false;
	copy->if_not_exists = false;
	PgQuery__Node node = PG_QUERY__NODE__INIT;
	node.node_case = PG_QUERY__NODE__NODE_INDEX_STMT;
	node.index_stmt = copy;
	PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
	raw.stmt = &node;
	PgQuery__RawStmt *stmts[1] = {&raw};
	PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
	pr.version = parse->result ? parse->result->version : 0;
	pr.n_stmts = 1;
	pr.stmts = stmts;
	PgQueryProtobuf pb;
	pb.len = pg_query__parse_result__get_packed_size(&pr);
	pb.data = xmalloc(pb.len ? pb.len : 1);
	pg_query__parse_result__pack(&pr, (uint8_t *)pb.data);
	copy->relation = rel;
	copy->idxname = name;
	copy->table_space = space;
	pg_query__index_stmt__free_unpacked(copy, NULL);
	PgQueryDeparseResult dr = pg_query_deparse_protobuf(pb);
	free(pb.data);
	char *out = !dr.error && dr.query ? xstrdup(dr.query) : NULL;
	pg_query_free_deparse_result(dr);
	return out;
}

/* The normalised definition (INDEX_TAIL_SQL) of IX as PostgreSQL would build it on TABLE: built on an empty
 * temporary copy of the table in a transaction that is rolled back. *TAIL malloc'd. Returns 0, or -1 with
 * the server's error in *WHY (malloc'd). */
static int statement_tail(PGconn *conn, const SqlParse *parse, const PgQuery__IndexStmt *ix,
                          const char *table, char **tail, char **why)
{
	*tail = NULL;
	*why = NULL;
	char *probe = probe_sql(parse, ix);
	if (!probe) {
		*why = xstrdup("the statement does not deparse");
		return -1;
	}
	StrBuf q = STRBUF_INIT;
	sb_append(&q, "BEGIN; CREATE TEMP TABLE " PROBE_TABLE " (LIKE ");
	sb_append(&q, table);
	sb_append(&q, "); ");
	sb_append(&q, probe);
	sb_append(&q, "; SELECT ");
	sb_appendf(&q, INDEX_TAIL_SQL, "'pg_temp." PROBE_INDEX "'::regclass");
	free(probe);
	PGresult *r = PQexec(conn, sb_str(&q));
	sb_release(&q);
	int rc = 0;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		*tail = xstrdup(PQgetvalue(r, 0, 0));
	else {
		const char *m = PQresultErrorMessage(r);
		*why = xstrndup(m, strcspn(m, "\n"));
		rc = -1;
	}
	PQclear(r);
	PQclear(PQexec(conn, "ROLLBACK"));
	return rc;
}

/* The index statement I of P builds (or built) on its table: by name, else by definition. Fills *SCHEMA,
 * *NAME (malloc'd), *VALID and *BUILDER (the pid of a backend still building it, 0 when none); returns 1
 * when found, 0 when not, -1 when it cannot tell (error in DL). */
static int find_built(PGconn *conn, const MigPlan *p, size_t i, char **schema, char **name, bool *valid,
                      int *builder, DiagList *dl)
{
	const PgQuery__IndexStmt *ix = p->stmts[i].node->index_stmt;
	*schema = *name = NULL;
	*valid = false;
	*builder = 0;
	char *table = relation_text(ix);
	const char *tp[1] = {table};
	DiagList quiet = DIAGLIST_INIT;
	PGresult *tr = db_query(conn, "SELECT to_regclass($1)::oid", 1, tp, "finding the table", &quiet);
	diag_list_release(&quiet);
	bool have_table = tr && PQntuples(tr) == 1 && !PQgetisnull(tr, 0, 0);
	char *oid = have_table ? xstrdup(PQgetvalue(tr, 0, 0)) : NULL;
	PQclear(tr);
	if (!have_table) { /* the statement will say what is wrong */
		free(table);
		return 0;
	}
	char *tail = NULL, *why = NULL;
	if (!*ix->idxname && statement_tail(conn, &p->parse, ix, table, &tail, &why) != 0) {
		Diag *d = diag_add(
		    dl, SEV_ERROR, "resume-unknown", p->file, p->stmts[i].line, p->stmts[i].col,
		    "cannot tell whether the interrupted CREATE INDEX CONCURRENTLY completed: %s", why);
		diag_set_hint(d,
		              "look at the indexes of %s (an identical one may exist); drop a duplicate or "
		              "an INVALID one, then re-run `strata up`",
		              table);
		sql_attach_source_line(d, p->text, p->stmts[i].offset);
		free(why);
		free(table);
		free(oid);
		return -1;
	}
	StrBuf q = STRBUF_INIT;
	sb_append(&q,
	          "SELECT n.nspname, ic.relname, i.indisvalid, coalesce((SELECT pr.pid FROM "
	          "pg_stat_progress_create_index pr WHERE pr.index_relid = i.indexrelid AND pr.pid <> "
	          "pg_backend_pid() LIMIT 1), 0) FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid "
	          "JOIN pg_namespace n ON n.oid = ic.relnamespace WHERE i.indrelid = $1::oid AND ");
	if (*ix->idxname)
		sb_append(&q, "ic.relname = $2");
	else
		sb_appendf(&q, INDEX_TAIL_SQL " = $2", "i.indexrelid");
	/* a valid one first; then the newest (the interrupted statement's, if several match) */
	sb_append(&q, " ORDER BY i.indisvalid DESC, i.indexrelid::bigint DESC LIMIT 1");
	const char *params[2] = {oid, *ix->idxname ? ix->idxname : tail};
	PGresult *r = db_query(conn, sb_str(&q), 2, params, "finding the index", dl);
	sb_release(&q);
	free(tail);
	free(table);
	free(oid);
	if (!r)
		return -1;
	int found = PQntuples(r) == 1;
	if (found) {
		*schema = xstrdup(PQgetvalue(r, 0, 0));
		*name = xstrdup(PQgetvalue(r, 0, 1));
		*valid = PQgetvalue(r, 0, 2)[0] == 't';
		*builder = atoi(PQgetvalue(r, 0, 3));
	}
	PQclear(r);
	return found;
}

static ResumeVerdict resume_cic(PGconn *conn, const MigPlan *p, size_t i, int wait_ms, FILE *log,
                                DiagList *dl)
{
	char *schema = NULL, *name = NULL;
	bool valid = false, noted = false;
	int builder = 0, found;
	for (int waited = 0;; waited += 200) {
		free(schema);
		free(name);
		found = find_built(conn, p, i, &schema, &name, &valid, &builder, dl);
		if (found <= 0 || !builder || waited >= wait_ms)
			break;
		if (!noted && log) {
			fprintf(
			    log,
			    "resuming: index \"%s\" of %s:%d:%d is still being built by the interrupted run "
			    "(server process %d): waiting for it\n",
			    name, p->file, p->stmts[i].line, p->stmts[i].col, builder);
			fflush(log);
		}
		noted = true;
		sleep_ms(200);
	}
	ResumeVerdict v = RESUME_RUN;
	if (found < 0)
		v = RESUME_REFUSE;
	else if (found && builder) {
		Diag *d =
		    diag_add(dl, SEV_ERROR, "resume-busy", p->file, p->stmts[i].line, p->stmts[i].col,
		             "index \"%s\" is still being built by the interrupted run (server process %d)",
		             name, builder);
		diag_set_hint(d, "re-run `strata up` when it is done (it then counts the statement as done)");
		sql_attach_source_line(d, p->text, p->stmts[i].offset);
		v = RESUME_REFUSE;
	} else if (found && valid) {
		if (log) {
			fprintf(
			    log,
			    "resuming: index \"%s\" of %s:%d:%d was built by the interrupted run: counted as "
			    "done\n",
			    name, p->file, p->stmts[i].line, p->stmts[i].col);
			fflush(log);
		}
		v = RESUME_DONE;
	} else if (found) {
		resume_invalid_index_diag(dl, p, i, schema, name, true);
		v = RESUME_REFUSE;
	}
	free(schema);
	free(name);
	return v;
}

ResumeVerdict resume_decide(PGconn *conn, const MigPlan *p, size_t i, int wait_ms, FILE *log, DiagList *dl)
{
	const PgQuery__Node *n = p->stmts[i].node;
	if (n->node_case == PG_QUERY__NODE__NODE_INDEX_STMT && n->index_stmt->concurrent &&
	    n->index_stmt->relation)
		return resume_cic(conn, p, i, wait_ms, log, dl);
	if (n->node_case == PG_QUERY__NODE__NODE_DROP_STMT && n->drop_stmt->concurrent &&
	    n->drop_stmt->n_objects == 1 &&
	    n->drop_stmt->objects[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
		const PgQuery__List *l = n->drop_stmt->objects[0]->list;
		const char *schema = "", *name = NULL;
		for (size_t k = 0; k < l->n_items; k++)
			if (l->items[k]->node_case == PG_QUERY__NODE__NODE_STRING) {
				schema = name ? name : schema;
				name = l->items[k]->string->sval;
			}
		if (name && resume_index_state(conn, schema, name) < 0) {
			if (log) {
				fprintf(
				    log,
				    "resuming: index \"%s\" of %s:%d:%d is gone: the interrupted DROP INDEX "
				    "CONCURRENTLY completed, counted as done\n",
				    name, p->file, p->stmts[i].line, p->stmts[i].col);
				fflush(log);
			}
			return RESUME_DONE;
		}
	}
	return RESUME_RUN;
}

void resume_note_invalid(PGconn *conn, const MigPlan *p, size_t i, DiagList *dl)
{
	const PgQuery__Node *n = p->stmts[i].node;
	if (n->node_case != PG_QUERY__NODE__NODE_INDEX_STMT || !n->index_stmt->concurrent ||
	    !n->index_stmt->relation)
		return;
	char *schema = NULL, *name = NULL;
	bool valid = false;
	int builder = 0;
	DiagList quiet = DIAGLIST_INIT;
	if (find_built(conn, p, i, &schema, &name, &valid, &builder, &quiet) == 1 && !valid)
		resume_invalid_index_diag(dl, p, i, schema, name, false);
	diag_list_release(&quiet);
	free(schema);
	free(name);
}
