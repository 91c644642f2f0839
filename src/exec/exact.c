/* exact.c — the exact mode's server (see exact.h).
 *
 * For each statement the model cannot follow:
 *   1. the server is brought to the model: the DDL that turns what it holds (introspected last time) into
 *      the model (diff/diff.h; the first time, from the fresh database with the prereq) — statement by
 *      statement when the whole does not go through, so that one object the model gets wrong does not
 *      keep the others out;
 *   2. what it then holds is introspected (BEFORE), the statement runs under the replay's search_path,
 *      and it is introspected again (AFTER);
 *   3. the DDL that turns BEFORE into AFTER is the statement's effect, which the replay applies to the model.
 * Only the statement's own effect goes into the model: where the server and the model disagree about
 * something else, the model keeps its view (verify is the place to see such differences). */
#include "strata.h"
#include "exec/exact.h"
#include "analysis/platform.h"
#include "analysis/replay.h"
#include "db/introspect.h"
#include "db/session.h"
#include "db/throwaway.h"
#include "diff/diff.h"
#include "sql/parse.h"
#include "sql/quote.h"
#include "util/fs.h"
#include "util/hmap.h"

#include <time.h>

struct ExactSession {
	ExactOptions o;
	ReplayExact hook;
	ExactStats stats;
	bool started;
	Throwaway tw;
	PGconn *conn;
	Catalog *server; /* what the server holds, as last introspected */
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run SQL (several statements) on the server: at once in one transaction, else statement by statement.
 * Returns how many statements failed (0: all went through); *FIRST (heap) is the first failure's message. */
static size_t run_ddl(PGconn *c, const char *sql, char **first)
{
	*first = NULL;
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
		PQclear(r);
		return 0;
	}
	PQclear(r);
	DiagList tmp = DIAGLIST_INIT;
	SqlParse p;
	size_t failed = 0;
	if (sql_parse(sql, "exact", &p, &tmp) != 0) {
		*first = xstrdup(tmp.n ? tmp.items[0].message : "does not parse");
		diag_list_release(&tmp);
		return 1;
	}
	for (size_t i = 0; i < p.n; i++) {
		char *one = xstrndup(sql + p.stmts[i].offset, (size_t)p.stmts[i].len);
		r = PQexec(c, one);
		st = PQresultStatus(r);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
			if (!failed++) {
				const char *m = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
				*first = xasprintf("%s (in: %.80s)", m ? m : PQerrorMessage(c), one);
			}
		}
		PQclear(r);
		free(one);
	}
	sql_parse_free(&p);
	diag_list_release(&tmp);
	return failed;
}

/* Introspect the server into *OUT (replacing nothing). 0 or -1 with an error in DL. */
static int read_server(ExactSession *s, Catalog **out, DiagList *dl)
{
	*out = NULL;
	return introspect_catalog(s->conn, NULL, out, dl);
}

/* Start the server: a throwaway database, the prereq, its first introspection. 0, or -1 with a note. */
static int start(ExactSession *s, DiagList *dl)
{
	double t0 = now_s();
	DiagList tmp = DIAGLIST_INIT;
	ThrowawayOptions to = {"exact", s->o.server_url};
	int rc = throwaway_open(&s->tw, &to, &tmp);
	if (rc == 0) {
		s->started = true;
		s->conn = throwaway_connect(&s->tw, &tmp);
		rc = s->conn ? 0 : -1;
	}
	const Prereq *pq = s->o.prereq;
	const char *psql = pq ? platform_prereq_sql(pq->platform) : NULL;
	char *first = NULL;
	if (rc == 0 && psql && run_ddl(s->conn, psql, &first) > 0) {
		diag_add(dl, SEV_WARNING, "exact", NULL, 0, 0,
		         "exact mode: the platform's prereq did not run entirely on the throwaway server: %s",
		         first);
		free(first);
	}
	if (rc == 0 && pq && pq->file) {
		char *text;
		size_t len;
		if (fs_read_file(pq->file, &text, &len, &tmp) == 0) {
			if (run_ddl(s->conn, text, &first) > 0) {
				diag_add(
				    dl, SEV_WARNING, "exact", pq->file, 0, 0,
				    "exact mode: the prereq did not run entirely on the throwaway server: %s",
				    first);
				free(first);
			}
			free(text);
		}
	}
	if (rc == 0)
		rc = read_server(s, &s->server, &tmp);
	if (rc != 0) {
		Diag *d =
		    diag_add(dl, SEV_WARNING, "exact", NULL, 0, 0,
		             "exact mode unavailable: %s; dynamic SQL is not followed",
		             tmp.n ? tmp.items[tmp.n - 1].message : "the throwaway server did not start");
		if (tmp.n && tmp.items[tmp.n - 1].hint)
			diag_set_hint(d, "%s", tmp.items[tmp.n - 1].hint);
		s->stats.unavailable = true;
	}
	for (size_t i = 0; i < tmp.n; i++)
		if (tmp.items[i].sev == SEV_INFO) /* what the sweep removed */
			diag_add(dl, SEV_INFO, tmp.items[i].rule, NULL, 0, 0, "%s", tmp.items[i].message);
	diag_list_release(&tmp);
	s->stats.start_s += now_s() - t0;
	return rc;
}

/* Bring the server to CAT. 0, or -1 when the server cannot be read any more (an error in DL). */
static int sync_to(ExactSession *s, Catalog *cat, DiagList *dl)
{
	double t0 = now_s();
	DiffResult d;
	memset(&d, 0, sizeof(d));
	sb_init(&d.sql);
	DiagList tmp = DIAGLIST_INIT;
	if (diff_catalogs(s->server, cat, &d, &tmp) != 0) {
		/* a partial diff still helps */
	}
	diag_list_release(&tmp);
	int rc = 0;
	if (d.sql.len) {
		char *first = NULL;
		size_t failed = run_ddl(s->conn, sb_str(&d.sql), &first);
		if (failed) {
			Diag *w = diag_add(dl, SEV_WARNING, "exact", NULL, 0, 0,
			                   "exact mode: %zu statements of the model could not be made on the "
			                   "throwaway server",
			                   failed);
			diag_set_detail(w, "first: %s", first);
			free(first);
		}
		Catalog *now = NULL;
		rc = read_server(s, &now, dl);
		if (rc == 0) {
			catalog_free(s->server);
			s->server = now;
		}
	}
	diff_result_release(&d);
	s->stats.sync_s += now_s() - t0;
	return rc;
}

/* ---- renames --------------------------------------------------------------------------------------- */

/* The names of the server's relations and columns by object id, to tell a rename from a drop and a
 * create (the diff never renames: a renamed column would come back as another column, at the end). */
typedef struct Names {
	HMap rel; /* "<oid>" → "<relkind> <quoted schema>.<quoted name>" (heap) */
	HMap att; /* "<oid>:<attnum>" → column name (heap) */
} Names;

static void names_release(Names *n)
{
	HMap *maps[] = {&n->rel, &n->att};
	for (size_t m = 0; m < 2; m++) {
		const char *k;
		void *v;
		for (size_t i = 0; hmap_next(maps[m], &i, &k, &v);) {
			free((char *)k);
			free(v);
		}
		hmap_release(maps[m]);
	}
}

#define USER_NAMESPACES \
	"n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'"

/* Read the names of C's database into N. 0 or -1 (an error in DL). */
static int read_names(PGconn *c, Names *n, DiagList *dl)
{
	hmap_init(&n->rel);
	hmap_init(&n->att);
	PGresult *r =
	    db_query(c,
	             "SELECT c.oid::text, c.relkind::text, quote_ident(n.nspname) || '.' || "
	             "quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = "
	             "c.relnamespace WHERE c.relkind IN ('r', 'p', 'i', 'I', 'S', 'v', 'm', 'f') AND "
	             "NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND "
	             "d.objid = c.oid AND d.deptype = 'e') AND " USER_NAMESPACES,
	             0, NULL, "reading the relations", dl);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++)
		hmap_put(&n->rel, xstrdup(PQgetvalue(r, i, 0)),
		         xasprintf("%s %s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 2)));
	PQclear(r);
	r = db_query(
	    c,
	    "SELECT a.attrelid::text || ':' || a.attnum, a.attname FROM pg_attribute a JOIN pg_class c "
	    "ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND "
	    "NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND " USER_NAMESPACES,
	    0, NULL, "reading the columns", dl);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++)
		hmap_put(&n->att, xstrdup(PQgetvalue(r, i, 0)), xstrdup(PQgetvalue(r, i, 1)));
	PQclear(r);
	return 0;
}

/* The keyword of ALTER for relation kind K. */
static const char *alter_kw(char k)
{
	return k == 'i' || k == 'I' ? "INDEX"
	       : k == 'S'           ? "SEQUENCE"
	       : k == 'v'           ? "VIEW"
	       : k == 'm'           ? "MATERIALIZED VIEW"
	       : k == 'f'           ? "FOREIGN TABLE"
	                            : "TABLE";
}

/* The dot that ends the (quote_ident'ed) schema of "schema.name". */
static const char *schema_dot(const char *q)
{
	if (*q == '"') {
		for (q++; *q; q++)
			if (*q == '"') {
				if (q[1] != '"')
					return q + 1;
				q++;
			}
		return q;
	}
	return q + strcspn(q, ".");
}

/* The ALTER ... RENAME statements from BEFORE to AFTER: relations (and their schema) first, then columns
 * under the relation's new name. */
static void renames_sql(const Names *before, const Names *after, StrBuf *out)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&before->rel, &i, &k, &v);) {
		const char *now = hmap_get(&after->rel, k), *was = v;
		if (!now || !strcmp(now, was) || was[0] != now[0])
			continue;
		const char *kw = alter_kw(was[0]);
		const char *wq = was + 2, *nq = now + 2;
		const char *wdot = schema_dot(wq), *ndot = schema_dot(nq);
		if (*wdot != '.' || *ndot != '.')
			continue;
		size_t ws = (size_t)(wdot - wq), ns = (size_t)(ndot - nq);
		char *cur = xstrdup(wq);
		if (ws != ns || strncmp(wq, nq, ws)) {
			sb_appendf(out, "ALTER %s %s SET SCHEMA %.*s;\n", kw, cur, (int)ns, nq);
			free(cur);
			cur = xasprintf("%.*s%s", (int)ns, nq, wdot);
		}
		if (strcmp(wdot + 1, ndot + 1))
			sb_appendf(out, "ALTER %s %s RENAME TO %s;\n", kw, cur, ndot + 1);
		free(cur);
	}
	for (size_t i = 0; hmap_next(&before->att, &i, &k, &v);) {
		const char *now = hmap_get(&after->att, k);
		if (!now || !strcmp(now, v))
			continue;
		char oid[32];
		snprintf(oid, sizeof(oid), "%.*s", (int)strcspn(k, ":"), k);
		const char *rel = hmap_get(&after->rel, oid);
		if (!rel)
			continue;
		sb_appendf(out, "ALTER %s %s RENAME COLUMN ", alter_kw(rel[0]), rel + 2);
		cat_quote_ident(out, v);
		sb_append(out, " TO ");
		cat_quote_ident(out, now);
		sb_append(out, ";\n");
	}
}

/* Apply SQL (renames) to CAT, the server's catalog as introspected. */
static void replay_into(Catalog *cat, const char *sql)
{
	ReplayOptions ro = {0};
	ro.quiet_info = true;
	ReplayState st;
	replay_state_init(&st, cat, &ro);
	DiagList tmp = DIAGLIST_INIT;
	if (replay_sql(cat, sql, "exact", &st, &tmp) != 0) {
		/* a rename the model of the server cannot take: the diff then says drop and create */
	}
	diag_list_release(&tmp);
	replay_state_release(&st);
}

static int run(void *ud, Catalog *cat, const char *sql, const char *search_path, const char *user,
               char **delta, DiagList *dl)
{
	(void)user; /* the server's superuser runs it: roles are not part of the model */
	ExactSession *s = ud;
	*delta = NULL;
	if (s->stats.unavailable)
		return -1;
	if (!s->started && start(s, dl) != 0)
		return -1;
	if (sync_to(s, cat, dl) != 0) {
		s->stats.unavailable = true;
		return -1;
	}
	double t0 = now_s();
	StrBuf q = STRBUF_INIT;
	sb_appendf(&q, "SET search_path TO %s", search_path);
	DiagList tmp = DIAGLIST_INIT;
	int rc = db_exec(s->conn, sb_str(&q), "setting the search_path", &tmp) == 0 ? 0 : -1;
	sb_release(&q);
	diag_list_release(&tmp);
	Names before = {0}, after = {0};
	if (rc == 0 && read_names(s->conn, &before, dl) != 0)
		rc = -1;
	PGresult *r = rc == 0 ? PQexec(s->conn, sql) : NULL;
	ExecStatusType st = PQresultStatus(r);
	s->stats.statements++;
	if (rc == 0 && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
		s->stats.rejected++;
		Diag *d = db_error_diag(dl, s->conn, r, NULL, NULL);
		free(d->rule);
		d->rule = xstrdup("exact");
		char *m =
		    xasprintf("PostgreSQL rejects this statement on the model's schema: %s", d->message);
		free(d->message);
		d->message = m;
		rc = 1;
	}
	PQclear(r);
	if (db_exec(s->conn, "RESET search_path", "resetting the search_path", dl) != 0)
		rc = -1;
	Catalog *now = NULL;
	if (rc == 0 && (read_names(s->conn, &after, dl) != 0 || read_server(s, &now, dl) != 0))
		rc = -1;
	if (rc == 0) {
		/* renames first (applied to the server's old catalog too), then the diff of the rest */
		StrBuf out = STRBUF_INIT;
		renames_sql(&before, &after, &out);
		if (out.len)
			replay_into(s->server, sb_str(&out));
		DiffResult d;
		memset(&d, 0, sizeof(d));
		sb_init(&d.sql);
		if (diff_catalogs(s->server, now, &d, &tmp) != 0) {
			/* what could be said is in D */
		}
		diag_list_release(&tmp);
		sb_append(&out, sb_str(&d.sql));
		*delta = sb_detach(&out);
		diff_result_release(&d);
		catalog_free(s->server);
		s->server = now;
	}
	names_release(&before);
	names_release(&after);
	s->stats.run_s += now_s() - t0;
	return rc;
}

ExactSession *exact_session_new(const ExactOptions *o)
{
	ExactSession *s = xcalloc(1, sizeof(*s));
	s->o = *o;
	s->hook.run = run;
	s->hook.ud = s;
	return s;
}

const ReplayExact *exact_session_hook(ExactSession *s)
{
	return &s->hook;
}

const ExactStats *exact_session_stats(const ExactSession *s)
{
	return &s->stats;
}

char *exact_session_summary(const ExactSession *s)
{
	const ExactStats *x = &s->stats;
	if (!x->statements)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	sb_appendf(&sb, "exact: %zu statement%s of dynamic SQL run on a throwaway PostgreSQL", x->statements,
	           x->statements == 1 ? "" : "s");
	if (x->rejected)
		sb_appendf(&sb, ", %zu rejected", x->rejected);
	sb_appendf(&sb,
	           " in %.1f s (starting it %.1f s, building the model there %.1f s, running and reading "
	           "back %.1f s)",
	           x->start_s + x->sync_s + x->run_s, x->start_s, x->sync_s, x->run_s);
	return sb_detach(&sb);
}

void exact_session_free(ExactSession *s)
{
	if (!s)
		return;
	if (s->conn)
		PQfinish(s->conn);
	if (s->started)
		throwaway_close(&s->tw);
	catalog_free(s->server);
	free(s);
}
