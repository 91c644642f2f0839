/* generate.c — the next migration from a desired schema, proven by replay (see generate.h). */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/declarative.h"
#include "analysis/drift.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "catalog/relative.h"
#include "db/connect.h"
#include "db/introspect.h"
#include "diff/diff.h"
#include "diff/generate.h"
#include "project/import_alembic.h"
#include "project/write.h"
#include "util/strbuf.h"

#include <jansson.h>
#include <pthread.h>
#include <time.h>

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* --timings: the wall time of each phase, printed to stderr at the end (bench/diff.sh reads them). A phase
 * that did not run (the command stopped before it) prints nothing. */
const char *const diff_gen_phase_names[DG_PH__COUNT] = {"load history", "load desired", "diff", "proof",
                                                        "write"};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void phase_begin(DiffGenTimings *t)
{
	t->t0 = now_s();
}

/* The time since phase_begin is added to phase PH. */
static void phase_end(DiffGenTimings *t, int ph)
{
	t->s[ph] = (t->s[ph] < 0 ? 0 : t->s[ph]) + (now_s() - t->t0);
}

typedef struct DiffCtx {
	const DiffGenOptions *o;
	MigrationSet *set;
	ReplayOptions ro;
	bool from_db;
	/* from the database: the schemas of the introspecting session's search_path (in the live catalog's
	 * arena), which the server printed expressions relative to */
	const char **live_path;
	size_t nlive_path;
} DiffCtx;

/* The current schema: the history replayed (after the prereq), or the live database. 0 or -1 (DL). */
static int load_current(DiffCtx *x, Catalog **out, DiagList *dl)
{
	*out = NULL;
	if (x->from_db) {
		char *url = NULL;
		if (db_resolve_url(x->o->database_url, &url, dl) != 0)
			return -1;
		PGconn *conn = db_connect(url, dl);
		free(url);
		if (!conn)
			return -1;
		IntrospectOptions io = {NULL, 0};
		int rc = introspect_catalog(conn, &io, out, dl);
		if (rc == 0) {
			PGresult *r = PQexec(conn, "SELECT s FROM unnest(current_schemas(false)) AS s");
			int k = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
			free(x->live_path);
			x->live_path = xcalloc((size_t)k + 1, sizeof(*x->live_path));
			for (int i = 0; i < k; i++)
				x->live_path[i] = arena_strdup(&(*out)->arena, PQgetvalue(r, i, 0));
			x->nlive_path = (size_t)k;
			PQclear(r);
		}
		PQfinish(conn);
		if (rc == 0) { /* strata's history (and a fleet's ledger) are not the application's schema */
			drift_drop_bookkeeping(*out, x->o->history.schema, x->o->history.table);
			(void)ignore_apply(x->o->ignore, *out); /* nor are other tools' history tables */
		}
		return rc;
	}
	Catalog *cat = catalog_new();
	*out = cat;
	if (prereq_replay(cat, x->o->prereq, dl) != 0)
		return -1;
	ReplayOptions ro = x->ro;
	ro.exact = x->o->exact; /* the history only: the desired schema and the proofs have no dynamic SQL */
	int rc = replay_migrations(cat, x->set, &ro, dl);
	(void)ignore_apply(x->o->ignore, cat); /* the desired schema has them left out too: never dropped */
	return rc;
}

/* The load of the current schema (the history replayed; twice for --rename: cur0 stays untouched). With
 * both schemas in files it runs in a thread of its own while the main thread loads the desired schema: the
 * two share only read-only inputs (the options, the migration set) and the normalisation memo (which
 * locks); every mutable state of the replay is per ReplayState or _Thread_local. Its diagnostics wait in DL
 * until the main thread merges them, after the desired schema's, as the sequential order had them. */
typedef struct HistoryLoad {
	DiffCtx *x;
	bool twice;
	Catalog *cur, *cur0;
	DiagList dl;
	int rc;      /* 0 or -1 (DL) */
	double secs; /* wall time */
} HistoryLoad;

static void *history_load_job(void *arg)
{
	HistoryLoad *h = arg;
	double t0 = now_s();
	h->rc = load_current(h->x, &h->cur, &h->dl) != 0 ||
	                (h->twice && load_current(h->x, &h->cur0, &h->dl) != 0)
	            ? -1
	            : 0;
	h->secs = now_s() - t0;
	return NULL;
}

/* The way back and the proof's snapshot of the current schema, computed in a thread while the main one
 * computes the way there. Only without --rename (the renames change the catalogs between the two diffs):
 * then both diffs and the snapshot only read the two catalogs (diff_catalogs modifies neither). */
typedef struct DownJob {
	Catalog *from, *to; /* the desired schema, the current one */
	DiffResult *down;
	DiagList dl;
	int rc;
	StrBuf *snap; /* catalog_dump_text of TO */
} DownJob;

static void *down_job(void *arg)
{
	DownJob *j = arg;
	j->rc = diff_catalogs(j->from, j->to, j->down, &j->dl);
	catalog_dump_text(j->to, j->snap);
	return NULL;
}

/* Start FN(ARG) in a thread (a stack as large as a main thread's usual 8 MB, and more: the expression walks
 * recurse with the depth of the SQL). 0, or -1 when no thread could be made: the caller then runs FN
 * itself. */
static int thread_start(pthread_t *th, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	if (pthread_attr_init(&attr) != 0)
		return -1;
	int rc = pthread_attr_setstacksize(&attr, (size_t)16 << 20);
	if (rc == 0)
		rc = pthread_create(th, &attr, fn, arg);
	pthread_attr_destroy(&attr);
	return rc == 0 ? 0 : -1;
}

/* Replay SQL (generated by us) on top of CAT. 0 or -1 (DL). */
static int apply_sql(DiffCtx *x, Catalog *cat, const char *sql, const char *label, DiagList *dl)
{
	if (!*sql)
		return 0;
	ReplayState st;
	replay_state_init(&st, cat, &x->ro);
	int rc = replay_sql(cat, sql, label, &st, dl);
	replay_state_release(&st);
	return rc;
}

typedef struct Rename {
	const char *schema, *table, *column; /* column NULL for a table rename */
	const char *newname;
} Rename;

/* Parse OLD=NEW against CAT: a.b is schema.table when that relation exists, else table.column. */
static int parse_rename(Catalog *cat, const char *arg, Rename *r)
{
	memset(r, 0, sizeof(*r));
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1])
		return -1;
	char *left = xstrndup(arg, (size_t)(eq - arg));
	const char *right = strrchr(eq + 1, '.');
	r->newname = xstrdup(right ? right + 1 : eq + 1);
	char *parts[3] = {0};
	size_t n = 0;
	for (char *p = left, *tok; n < 3 && (tok = strsep(&p, "."));)
		parts[n++] = tok;
	if (n == 3) {
		r->schema = parts[0], r->table = parts[1], r->column = parts[2];
	} else if (n == 2) {
		if (catalog_find_table(cat, parts[0], parts[1]))
			r->schema = parts[0], r->table = parts[1];
		else
			r->schema = "public", r->table = parts[0], r->column = parts[1];
	} else {
		r->schema = "public", r->table = parts[0];
	}
	r->schema = xstrdup(r->schema);
	r->table = xstrdup(r->table);
	r->column = r->column ? xstrdup(r->column) : NULL;
	free(left);
	return 0;
}

/* ALTER SEQUENCE ... RENAME for a sequence named as PostgreSQL names a column's implicit sequence
 * (<table>_<column>_seq), so that a renamed table or column matches one created under the new name. */
static void rename_seq(StrBuf *out, const char *schema, const char *from, const char *to)
{
	sb_append(out, "ALTER SEQUENCE ");
	cat_quote_ident(out, schema);
	sb_putc(out, '.');
	cat_quote_ident(out, from);
	sb_append(out, " RENAME TO ");
	cat_quote_ident(out, to);
	sb_append(out, ";\n");
}

/* The implicit sequences of table SCHEMA.TABLE in CAT (identity or OWNED BY) whose name is
 * <table>_<column>_seq, renamed along with the table or COLUMN (NULL: every column). */
static void rename_implicit_seqs(Catalog *cat, const Rename *r, bool backward, StrBuf *out)
{
	const char *cur_table = backward && !r->column ? r->newname : r->table;
	const char *new_table = r->column ? r->table : backward ? r->table : r->newname;
	CatTable *t = catalog_find_table(cat, r->schema, cur_table);
	if (!t)
		return;
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *c = t->columns.items[i];
		const char *col_now = c->name, *col_new = c->name;
		if (r->column) {
			const char *from = backward ? r->newname : r->column,
			           *to = backward ? r->column : r->newname;
			if (strcmp(c->name, from))
				continue;
			col_new = to;
		}
		char *seqname = xasprintf("%s_%s_seq", cur_table, col_now);
		CatObject *so = catalog_find_relation(cat, r->schema, seqname);
		if (so && so->kind == OBJ_SEQUENCE) {
			char *to = xasprintf("%s_%s_seq", new_table, col_new);
			if (strcmp(to, seqname))
				rename_seq(out, r->schema, seqname, to);
			free(to);
		}
		free(seqname);
	}
}

/* ALTER TABLE ... RENAME statements: forward (old → new, CAT is the current schema) or backward (CAT is the
 * desired one), with the implicit sequences that follow the names. */
static void rename_sql(Catalog *cat, const Rename *rs, size_t n, bool backward, StrBuf *out)
{
	for (size_t k = 0; k < n; k++) {
		const Rename *r = backward ? &rs[n - 1 - k] : &rs[k];
		rename_implicit_seqs(cat, r, backward, out);
		sb_append(out, "ALTER TABLE ");
		cat_quote_ident(out, r->schema);
		sb_putc(out, '.');
		cat_quote_ident(out, backward && !r->column ? r->newname : r->table);
		if (r->column) {
			sb_append(out, " RENAME COLUMN ");
			cat_quote_ident(out, backward ? r->newname : r->column);
			sb_append(out, " TO ");
			cat_quote_ident(out, backward ? r->column : r->newname);
		} else {
			sb_append(out, " RENAME TO ");
			cat_quote_ident(out, backward ? r->table : r->newname);
		}
		sb_append(out, ";\n");
	}
}

static void free_renames(Rename *rs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)rs[i].schema);
		free((char *)rs[i].table);
		free((char *)rs[i].column);
		free((char *)rs[i].newname);
	}
	free(rs);
}

static char **strv_copy(char *const *v, size_t n)
{
	char **out = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

/* The proof failed at WHAT: its differences (or replay errors) LIST go to R. Returns false. */
static bool proof_failed(DiffGenResult *r, const char *what, DiagList *list)
{
	r->outcome = DG_PROOF_FAILED;
	r->proof_what = what;
	diag_list_append_all(&r->proof, list);
	return false;
}

/* Everything diff_generate works with, freed in one place. */
typedef struct Gen {
	DiffCtx x;
	MigrationSet set;
	Catalog *cur, *cur0, *want, *proof;
	DiffResult up, down;
	StrBuf upsql, downsql, ren_fwd, ren_back;
	StrBuf snap; /* the current schema's text before the proof (without renames) */
	bool down_done;
	Rename *renames;
	size_t nrenames;
	char **files;
	size_t nfiles;
} Gen;

static void gen_release(Gen *g)
{
	for (size_t i = 0; i < g->nfiles; i++)
		free(g->files[i]);
	free(g->files);
	if (g->renames)
		free_renames(g->renames, g->nrenames);
	diff_result_release(&g->up);
	diff_result_release(&g->down);
	sb_release(&g->upsql);
	sb_release(&g->downsql);
	sb_release(&g->ren_fwd);
	sb_release(&g->ren_back);
	sb_release(&g->snap);
	catalog_free(g->cur);
	catalog_free(g->cur0);
	catalog_free(g->want);
	catalog_free(g->proof);
	free(g->x.live_path);
	migration_set_free(&g->set);
}

/* Load the current schema (in a thread while this one loads the desired schema, when both are files).
 * Returns 0 or an outcome. */
static int load_both(Gen *g, const DiffGenOptions *o, DiffGenResult *r, DiagList *dl)
{
	DiffGenTimings *tm = &r->timings;
	/* the current schema (renames come later): cur0 (the history untouched) is a second replay only when
	 * renames change cur; else cur stands for it until the proof, which compares against a text snapshot
	 * and replays again only to explain a failure. From files, it loads in a thread while this one loads
	 * the desired schema; from the database (or without a thread), after it. */
	HistoryLoad hl = {.x = &g->x, .twice = g->nrenames > 0, .dl = DIAGLIST_INIT};
	pthread_t hist_thread;
	bool threaded = false;
	if (!o->from_db && !o->exact) { /* the exact mode starts processes: not from a second thread */
		json_object_seed(
		    0); /* jansson's hash seed, set once before threads (the replay reads JSON) */
		threaded = thread_start(&hist_thread, history_load_job, &hl) == 0;
	}
	phase_begin(tm);
	int want_rc = 0;
	if (declarative_files(o->to, &g->files, &g->nfiles, dl) != 0)
		want_rc = DG_ENV;
	else if (declarative_load((const char *const *)g->files, g->nfiles, o->prereq, &g->x.ro, &g->want,
	                          NULL, dl) != 0 ||
	         diag_has_errors(dl))
		want_rc = DG_DESIRED_ERRORS;
	phase_end(tm, DG_PH_LOAD_DESIRED);
	if (threaded)
		pthread_join(hist_thread, NULL);
	if (want_rc) {
		/* the sequential order stopped here: the history's outcome is not reported */
		catalog_free(hl.cur);
		catalog_free(hl.cur0);
		diag_list_release(&hl.dl);
		return want_rc;
	}
	if (!threaded)
		history_load_job(&hl);
	if (g->want) /* after the join: the history's thread has used the ignore list */
		(void)ignore_apply(o->ignore, g->want);
	g->cur = hl.cur;
	g->cur0 = hl.cur0;
	if (g->x.live_path && g->want && g->cur) {
		/* the desired schema names objects by identity, the server printed them relative to its
		 * session's search_path: both made relative to it (as verify does) */
		catalog_unqualify(g->want, g->x.live_path, g->x.nlive_path);
		catalog_unqualify(g->cur, g->x.live_path, g->x.nlive_path);
	}
	diag_list_append_all(dl, &hl.dl);
	tm->s[DG_PH_LOAD_HISTORY] += hl.secs;
	return hl.rc != 0 ? DG_CURRENT_ERRORS : 0;
}

/* The way there (renames, then the diff) and back. Returns 0 or an outcome. */
static int make_diff(Gen *g, const DiffGenOptions *o, DiffGenResult *r, DiagList *dl)
{
	DiffGenTimings *tm = &r->timings;
	for (size_t i = 0; i < g->nrenames; i++)
		if (parse_rename(g->cur, o->renames[i], &g->renames[i]) != 0) {
			r->bad_rename = o->renames[i];
			return DG_BAD_RENAME;
		}
	/* renames one at a time, each seeing the names the previous ones left */
	phase_begin(tm);
	for (size_t i = 0; i < g->nrenames; i++) {
		StrBuf one = STRBUF_INIT;
		rename_sql(g->cur, &g->renames[i], 1, false, &one);
		int arc = apply_sql(&g->x, g->cur, sb_str(&one), "--rename", dl);
		sb_append(&g->ren_fwd, sb_str(&one));
		sb_release(&one);
		if (arc != 0)
			break;
	}
	if (diag_has_errors(dl)) {
		phase_end(tm, DG_PH_DIFF);
		return DG_RENAME_FAILED;
	}
	DownJob dj = {.from = g->want, .to = g->cur, .down = &g->down, .dl = DIAGLIST_INIT, .snap = &g->snap};
	pthread_t down_thread;
	bool down_threaded = !g->nrenames && thread_start(&down_thread, down_job, &dj) == 0;
	int urc = diff_catalogs(g->cur, g->want, &g->up, dl);
	if (down_threaded) {
		pthread_join(down_thread, NULL);
		g->down_done = true;
	}
	if (urc != 0 || (!g->up.sql.len && !g->nrenames) || (g->up.ndestructive && !o->allow_destructive)) {
		diag_list_release(&dj.dl);
		phase_end(tm, DG_PH_DIFF);
		if (urc != 0)
			return DG_FAILED;
		if (!g->up.sql.len && !g->nrenames)
			return DG_NO_CHANGES;
		r->destructive = strv_copy(g->up.destructive, g->up.ndestructive);
		r->n_destructive = g->up.ndestructive;
		r->n_rename_hints = diff_rename_candidates(g->cur, g->want, &r->rename_hints);
		return DG_DESTRUCTIVE;
	}
	sb_append(&g->upsql, sb_str(&g->ren_fwd));
	sb_append(&g->upsql, sb_str(&g->up.sql));
	/* down: from the desired schema (renames undone) back to the current one. Warnings of the way back
	 * (values an enum loses, say) are the inverse of the way there: not shown */
	DiagList ddl = dj.dl;
	int drc = g->down_done ? dj.rc : 0;
	for (size_t i = g->nrenames; i-- > 0 && drc == 0;) {
		StrBuf one = STRBUF_INIT;
		rename_sql(g->want, &g->renames[i], 1, true, &one);
		drc = apply_sql(&g->x, g->want, sb_str(&one), "--rename (down)", &ddl);
		sb_append(&g->ren_back, sb_str(&one));
		sb_release(&one);
	}
	if (drc == 0 && !g->down_done)
		drc = diff_catalogs(g->want, g->cur0 ? g->cur0 : g->cur, &g->down, &ddl);
	if (drc != 0)
		diag_list_append_all(dl, &ddl);
	diag_list_release(&ddl);
	phase_end(tm, DG_PH_DIFF);
	if (drc != 0)
		return DG_FAILED;
	sb_append(&g->downsql, sb_str(&g->ren_back));
	sb_append(&g->downsql, sb_str(&g->down.sql));
	return 0;
}

/* The proof: history + up == desired; history + up + down == history. Without renames, want and cur are
 * still the two loaded schemas: the proof runs on cur itself (after a text snapshot of it) and compares
 * with want, so that it costs no replay of the history or of the desired schema. */
static bool prove(Gen *g, DiffGenResult *r)
{
	DiagList pdl = DIAGLIST_INIT, cdl = DIAGLIST_INIT;
	Catalog *want2 = NULL;
	bool ok;
	DiffCtx *x = &g->x;
	if (g->nrenames) {
		ok = load_current(x, &g->proof, &pdl) == 0;
	} else {
		if (!g->down_done)
			catalog_dump_text(g->cur, &g->snap);
		g->proof = g->cur;
		g->cur = NULL;
		ok = true;
	}
	ok = ok && apply_sql(x, g->proof, sb_str(&g->upsql), "up", &pdl) == 0;
	if (!ok) {
		proof_failed(r, "the up migration does not replay cleanly", &pdl);
	} else if (g->nrenames && declarative_load((const char *const *)g->files, g->nfiles, x->o->prereq,
	                                           &x->ro, &want2, NULL, &pdl) != 0) {
		ok = proof_failed(r, "the desired schema does not load again", &pdl);
	} else {
		if (want2)
			(void)ignore_apply(x->o->ignore, want2);
		CompareOptions co = {
		    .label_a = "history + up", .label_b = "the desired schema", .ignore_column_order = true};
		if (catalog_compare(g->proof, want2 ? want2 : g->want, &co, &cdl))
			ok = proof_failed(r, "history + up differs from the desired schema", &cdl);
	}
	if (ok && apply_sql(x, g->proof, sb_str(&g->downsql), "down", &pdl) != 0)
		ok = proof_failed(r, "the down migration does not replay cleanly", &pdl);
	if (ok && !g->nrenames) {
		/* the same text as before up: equal; otherwise replay the history to say what differs */
		StrBuf now = STRBUF_INIT;
		catalog_dump_text(g->proof, &now);
		if (strcmp(sb_str(&now), sb_str(&g->snap)) && load_current(x, &g->cur0, &pdl) != 0)
			ok = proof_failed(r, "the history does not replay again", &pdl);
		sb_release(&now);
	}
	if (ok && g->cur0) {
		CompareOptions co = {
		    .label_a = "history + up + down", .label_b = "the history", .ignore_column_order = true};
		if (catalog_compare(g->proof, g->cur0, &co, &cdl))
			ok = proof_failed(r, "history + up + down differs from the history", &cdl);
	}
	sb_release(&g->snap);
	catalog_free(want2);
	diag_list_release(&pdl);
	diag_list_release(&cdl);
	return ok;
}

/* The migration's text, then (unless a dry run) the files. Returns the outcome. */
static int write_migration(Gen *g, const DiffGenOptions *o, DiffGenResult *r, DiagList *dl)
{
	size_t nup = g->up.nstatements + g->nrenames;
	StrBuf hu = STRBUF_INIT, hd = STRBUF_INIT;
	sb_appendf(&hu, "-- generated by strata diff from %s: %zu statement%s, verified by replay\n", o->to,
	           nup, nup == 1 ? "" : "s");
	/* as pg_dump: function bodies may name objects created further down */
	sb_append(&hu, "SET check_function_bodies = false;\n");
	sb_append(&hu, sb_str(&g->upsql));
	sb_appendf(&hd, "-- generated by strata diff: reverts %s, verified by replay\n", o->name);
	sb_append(&hd, "SET check_function_bodies = false;\n");
	sb_append(&hd, sb_str(&g->downsql));
	r->up = sb_detach(&hu);
	r->down = sb_detach(&hd);
	r->up_statements = nup;
	r->down_statements = g->down.nstatements + g->nrenames;
	if (o->dry_run)
		return DG_DRY_RUN;
	/* the migration goes into the last folder, in its convention */
	MigrationSet last = project_folder_view(&g->set, g->set.n_folders ? g->set.n_folders - 1 : 0);
	MigFormat fmt = last.n ? last.format : o->write_format ? o->write_format : FMT_GOLANG_MIGRATE;
	if (o->write_format)
		fmt = o->write_format;
	char *version = migration_next_version(&last, fmt);
	/* an imported Alembic project: the migration moves alembic_version too, and Alembic gets a revision
	 * for it (project/import_alembic.h) */
	int arc = 0;
	if (o->alembic_ini) {
		StrBuf au = STRBUF_INIT, ad = STRBUF_INIT, pyw = STRBUF_INIT;
		sb_append(&au, r->up);
		sb_append(&ad, r->down);
		arc = alembic_follow_diff(o->write_dir, o->alembic_ini, o->name, &au, &ad, &r->alembic_rev,
		                          &pyw, dl);
		free(r->up);
		free(r->down);
		r->up = sb_detach(&au);
		r->down = sb_detach(&ad);
		r->alembic_written = sb_detach(&pyw);
	}
	int w = arc < 0 ? -1
	                : migration_write(o->write_dir, fmt, version, o->name, migration_plain_sep(&last),
	                                  r->up, r->down, &r->written, &r->n_written, dl);
	free(version);
	return w != 0 ? DG_ENV : DG_WRITTEN;
}

int diff_generate(const DiffGenOptions *o, DiffGenResult *r, DiagList *dl)
{
	memset(r, 0, sizeof(*r));
	for (int i = 0; i < DG_PH__COUNT; i++)
		r->timings.s[i] = -1;
	Gen g;
	memset(&g, 0, sizeof(g));
	sb_init(&g.upsql), sb_init(&g.downsql), sb_init(&g.ren_fwd), sb_init(&g.ren_back), sb_init(&g.snap);
	g.x.o = o;
	g.x.set = &g.set;
	g.x.from_db = o->from_db;
	g.x.ro.quiet_info = true;
	g.x.ro.search_path = o->search_path;
	g.x.ro.user = o->user;
	g.nrenames = o->n_renames;
	g.renames = xcalloc(g.nrenames + 1, sizeof(Rename));
	int out = 0;
	phase_begin(&r->timings);
	if (!o->from_db && project_discover(o->proj, SCOPE_SHARED, &g.set, dl) != 0)
		out = DG_ENV;
	phase_end(&r->timings, DG_PH_LOAD_HISTORY);
	if (!out)
		out = load_both(&g, o, r, dl);
	if (!out)
		out = make_diff(&g, o, r, dl);
	if (!out) {
		phase_begin(&r->timings);
		out = prove(&g, r) ? 0 : DG_PROOF_FAILED;
		phase_end(&r->timings, DG_PH_PROOF);
	}
	if (!out) {
		phase_begin(&r->timings);
		out = write_migration(&g, o, r, dl);
		phase_end(&r->timings, DG_PH_WRITE);
	}
	r->outcome = (DiffGenOutcome)out;
	gen_release(&g);
	switch (r->outcome) {
	case DG_WRITTEN:
	case DG_DRY_RUN:
	case DG_NO_CHANGES:
		return EXIT_OK;
	case DG_BAD_RENAME:
	case DG_ENV:
		return EXIT_USAGE;
	case DG_CURRENT_ERRORS:
		return o->from_db ? EXIT_USAGE : EXIT_FINDINGS;
	default:
		return EXIT_FINDINGS;
	}
}

void diff_gen_result_free(DiffGenResult *r)
{
	free(r->up);
	free(r->down);
	free_strv(r->destructive, r->n_destructive);
	free_strv(r->written, r->n_written);
	free(r->alembic_rev);
	free(r->alembic_written);
	free_strv(r->rename_hints, r->n_rename_hints);
	diag_list_release(&r->proof);
	memset(r, 0, sizeof(*r));
}
