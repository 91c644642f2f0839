/* cmd_diff.c — `strata diff --to FILE|DIR`: the next migration (up and down) that turns the schema of the
 * history (or of a live database, --from-db) into a desired schema written as plain SQL, proven by replay
 * before anything is written. */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/drift.h"
#include "analysis/declarative.h"
#include "analysis/prereq.h"
#include "project/import_alembic.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "cli/common.h"
#include "db/connect.h"
#include "db/introspect.h"
#include "diff/diff.h"
#include "project/write.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <jansson.h>
#include <pthread.h>
#include <time.h>

static const char diff_help[] =
    "usage: strata diff --to FILE|DIR [--name NAME] [--rename OLD=NEW]... [--allow-destructive]\n"
    "                   [--dry-run] [--from-db] [--prereq FILE] [--search-path PATH] [--user NAME]\n"
    "                   [--timings] [--dir DIR] [--convention NAME] [--var NAME=VALUE]\n\n"
    "Write the next migration that turns the schema of the migrations in DIR (or of the database, with\n"
    "--from-db) into the desired schema: plain SQL DDL in FILE, or in the .sql files of DIR (statement\n"
    "order does not matter: statements that need an object defined further down are replayed after it).\n"
    "The migration is written in the folder's convention (up and down where it has them), but only after\n"
    "a replay of history + up equals the desired schema and history + up + down equals the history\n"
    "(\"verified\"); otherwise the differences are printed and nothing is written.\n\n"
    "  --to PATH            desired schema: a .sql file or a folder of .sql files\n"
    "  --name NAME          migration name (default: schema_diff)\n"
    "  --rename OLD=NEW     a rename, not a drop and a create: TABLE=NEWNAME or TABLE.COLUMN=NEWNAME\n"
    "                       (TABLE may be schema-qualified; repeatable)\n"
    "  --allow-destructive  allow steps that lose data (drop table/column/sequence, lossy type change,\n"
    "                       enum rebuild); without it they are listed and nothing is written\n"
    "  --dry-run            print the migration instead of writing it\n"
    "  --from-db            compare the live database (--database-url) instead of the migrations\n"
    "  --prereq FILE        setup script replayed first on both sides (roles, schemas, extensions)\n"
    "  --search-path PATH   search_path for the replay of the history and of the desired schema\n"
    "  --user NAME          user for \"$user\" in the search path\n"
    "  --timings            print the wall time of each phase to stderr (load history, load desired,\n"
    "                       diff, proof, write; seconds)\n" CLI_IGNORE_HELP
    "An empty folder gets golang-migrate files unless --convention says otherwise.\n"
    "Exit: 0 written (or no changes), 1 destructive steps without --allow-destructive, the proof failed,\n"
    "or the desired schema has errors; 2 usage or environment error.\n\n" CLI_COMMON_HELP;

enum {
	OPT_TO = OPT_CMD_BASE,
	OPT_NAME,
	OPT_RENAME,
	OPT_ALLOW_DESTRUCTIVE,
	OPT_DRY_RUN,
	OPT_FROM_DB,
	OPT_PREREQ,
	OPT_SEARCH_PATH,
	OPT_USER,
	OPT_TIMINGS
};

/* --timings: the wall time of each phase, printed to stderr at the end (bench/diff.sh reads them). A phase
 * that did not run (the command stopped before it) prints nothing. */
enum { PH_LOAD_HISTORY, PH_LOAD_DESIRED, PH_DIFF, PH_PROOF, PH_WRITE, PH__COUNT };
static const char *const phase_names[PH__COUNT] = {"load history", "load desired", "diff", "proof", "write"};

typedef struct Timings {
	double s[PH__COUNT]; /* seconds; < 0: the phase did not run */
	double t0;           /* start of the running phase (phase_begin) */
} Timings;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void phase_begin(Timings *t)
{
	t->t0 = now_s();
}

/* The time since phase_begin is added to phase PH. */
static void phase_end(Timings *t, int ph)
{
	t->s[ph] = (t->s[ph] < 0 ? 0 : t->s[ph]) + (now_s() - t->t0);
}

static void print_timings(const Timings *t)
{
	for (int i = 0; i < PH__COUNT; i++)
		if (t->s[i] >= 0)
			fprintf(stderr, "timing: %s %.3f s\n", phase_names[i], t->s[i]);
}

typedef struct DiffCtx {
	CliCommon *c;
	MigrationSet *set;
	ReplayOptions ro;
	const char *prereq;
	Prereq pre; /* the platform's built-in prereq and --prereq */
	bool from_db;
} DiffCtx;

/* The current schema: the history replayed (after the prereq), or the live database. 0 or -1 (DL). */
static int load_current(DiffCtx *x, Catalog **out, DiagList *dl)
{
	*out = NULL;
	if (x->from_db) {
		char *url = NULL;
		if (db_resolve_url(x->c->database_url, &url, dl) != 0)
			return -1;
		PGconn *conn = db_connect(url, dl);
		free(url);
		if (!conn)
			return -1;
		IntrospectOptions io = {NULL, 0};
		int rc = introspect_catalog(conn, &io, out, dl);
		PQfinish(conn);
		if (rc == 0) { /* strata's history (and a fleet's ledger) are not the application's schema */
			drift_drop_bookkeeping(*out,
			                       x->c->cfg.history_schema ? x->c->cfg.history_schema : "strata",
			                       x->c->cfg.history_table ? x->c->cfg.history_table : "history");
			(void)ignore_apply(&x->c->ignore, *out); /* nor are other tools' history tables */
		}
		return rc;
	}
	Catalog *cat = catalog_new();
	*out = cat;
	if (prereq_replay(cat, &x->pre, dl) != 0)
		return -1;
	int rc = replay_migrations(cat, x->set, &x->ro, dl);
	(void)ignore_apply(&x->c->ignore, cat); /* the desired schema has them left out too: never dropped */
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

static void *history_load(void *arg)
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

static void print_diffs(const CliCommon *c, const char *what, DiagList *cdl)
{
	fprintf(stderr, "strata diff: error: the proof failed: %s\n", what);
	report_text(stderr, cdl, c->color);
}

int cmd_diff(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "diff");
	static const struct option longopts[] = {
	    CLI_COMMON_LONGOPTS,
	    {"to", required_argument, NULL, OPT_TO},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"rename", required_argument, NULL, OPT_RENAME},
	    {"allow-destructive", no_argument, NULL, OPT_ALLOW_DESTRUCTIVE},
	    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	    {"from-db", no_argument, NULL, OPT_FROM_DB},
	    {"prereq", required_argument, NULL, OPT_PREREQ},
	    {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
	    {"user", required_argument, NULL, OPT_USER},
	    {"timings", no_argument, NULL, OPT_TIMINGS},
	    CLI_IGNORE_LONGOPT,
	    {NULL, 0, NULL, 0}};
	const char *to = NULL, *name = "schema_diff";
	const char **rename_args = NULL;
	size_t nrenames = 0;
	bool allow_destructive = false, dry_run = false, timings = false;
	Timings tm;
	for (int i = 0; i < PH__COUNT; i++)
		tm.s[i] = -1;
	DiffCtx x = {0};
	x.c = &c;
	x.ro.quiet_info = true;
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(diff_help, stdout);
			free(rename_args);
			cli_common_free(&c);
			return EXIT_OK;
		case OPT_TO:
			to = optarg;
			continue;
		case OPT_NAME:
			name = optarg;
			continue;
		case OPT_RENAME:
			rename_args = xrealloc(rename_args, (nrenames + 1) * sizeof(char *));
			rename_args[nrenames++] = optarg;
			continue;
		case OPT_ALLOW_DESTRUCTIVE:
			allow_destructive = true;
			continue;
		case OPT_DRY_RUN:
			dry_run = true;
			continue;
		case OPT_FROM_DB:
			x.from_db = true;
			continue;
		case OPT_PREREQ:
			x.prereq = optarg;
			continue;
		case OPT_SEARCH_PATH:
			x.ro.search_path = optarg;
			continue;
		case OPT_USER:
			x.ro.user = optarg;
			continue;
		case OPT_TIMINGS:
			timings = true;
			continue;
		default:
			break;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r <= 0) {
			free(rename_args);
			cli_common_free(&c);
			return r < 0 ? EXIT_USAGE : cli_bad_option("diff", argv, optopt);
		}
	}
	if (optind < argc || !to) {
		free(rename_args);
		cli_common_free(&c);
		return optind < argc ? cli_usage_error("diff", "unexpected argument \"%s\"", argv[optind])
		                     : cli_usage_error("diff", "--to FILE|DIR is required");
	}
	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-')) {
			free(rename_args);
			cli_common_free(&c);
			return cli_usage_error("diff", "--name may hold letters, digits, '_' and '-' only");
		}
	int rc = cli_common_finish(&c);
	if (rc) {
		free(rename_args);
		cli_common_free(&c);
		return rc;
	}
	prereq_init(&x.pre, c.dir, c.cfg.platform, x.prereq);
	MigrationSet set = {0};
	x.set = &set;
	DiagList dl = DIAGLIST_INIT;
	Catalog *cur = NULL, *cur0 = NULL, *want = NULL, *proof = NULL;
	DiffResult up = {0}, down = {0};
	StrBuf upsql = STRBUF_INIT, downsql = STRBUF_INIT, ren_fwd = STRBUF_INIT, ren_back = STRBUF_INIT;
	StrBuf snap = STRBUF_INIT; /* the current schema's text before the proof (without renames) */
	bool down_done = false;
	Rename *renames = NULL;
	char **files = NULL, **written = NULL, *version = NULL;
	size_t nfiles = 0, nwritten = 0;
	rc = EXIT_FINDINGS;

	phase_begin(&tm);
	int lrc = x.from_db ? 0 : cli_load_migrations(&c, &set, &dl);
	phase_end(&tm, PH_LOAD_HISTORY);
	if (lrc != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	/* the current schema (renames come later): cur0 (the history untouched) is a second replay only when
	 * renames change cur; else cur stands for it until the proof, which compares against a text snapshot
	 * and replays again only to explain a failure. From files, it loads in a thread while this one loads
	 * the desired schema; from the database (or without a thread), after it. */
	HistoryLoad hl = {.x = &x, .twice = nrenames > 0, .dl = DIAGLIST_INIT};
	pthread_t hist_thread;
	bool threaded = false;
	if (!x.from_db) {
		json_object_seed(
		    0); /* jansson's hash seed, set once before threads (the replay reads JSON) */
		threaded = thread_start(&hist_thread, history_load, &hl) == 0;
	}
	/* the desired schema, declaratively */
	phase_begin(&tm);
	int want_rc = EXIT_OK;
	if (declarative_files(to, &files, &nfiles, &dl) != 0)
		want_rc = EXIT_USAGE;
	else if (declarative_load((const char *const *)files, nfiles, &x.pre, &x.ro, &want, NULL, &dl) != 0 ||
	         diag_has_errors(&dl))
		want_rc = EXIT_FINDINGS;
	phase_end(&tm, PH_LOAD_DESIRED);
	if (threaded)
		pthread_join(hist_thread, NULL);
	if (want_rc != EXIT_OK) {
		/* the sequential order stopped here: the history's outcome is not reported */
		catalog_free(hl.cur);
		catalog_free(hl.cur0);
		diag_list_release(&hl.dl);
		if (want_rc == EXIT_FINDINGS)
			fprintf(stderr, "strata diff: error: the desired schema has errors\n");
		rc = want_rc;
		goto out;
	}
	if (!threaded)
		history_load(&hl);
	if (want) /* after the join: the history's thread has used c.ignore */
		(void)ignore_apply(&c.ignore, want);
	cur = hl.cur;
	cur0 = hl.cur0;
	diag_list_append_all(&dl, &hl.dl);
	tm.s[PH_LOAD_HISTORY] += hl.secs;
	if (hl.rc != 0) {
		fprintf(stderr, "strata diff: error: the current schema has errors\n");
		rc = x.from_db ? EXIT_USAGE : EXIT_FINDINGS;
		goto out;
	}
	renames = xcalloc(nrenames + 1, sizeof(Rename));
	for (size_t i = 0; i < nrenames; i++)
		if (parse_rename(cur, rename_args[i], &renames[i]) != 0) {
			rc = cli_usage_error("diff", "--rename wants OLD=NEW, got \"%s\"", rename_args[i]);
			goto out;
		}
	/* renames one at a time, each seeing the names the previous ones left */
	phase_begin(&tm);
	for (size_t i = 0; i < nrenames; i++) {
		StrBuf one = STRBUF_INIT;
		rename_sql(cur, &renames[i], 1, false, &one);
		int arc = apply_sql(&x, cur, sb_str(&one), "--rename", &dl);
		sb_append(&ren_fwd, sb_str(&one));
		sb_release(&one);
		if (arc != 0)
			break;
	}
	if (diag_has_errors(&dl)) {
		fprintf(stderr, "strata diff: error: a --rename does not apply to the current schema\n");
		goto diff_out;
	}
	DownJob dj = {.from = want, .to = cur, .down = &down, .dl = DIAGLIST_INIT, .snap = &snap};
	pthread_t down_thread;
	bool down_threaded = !nrenames && thread_start(&down_thread, down_job, &dj) == 0;
	int urc = diff_catalogs(cur, want, &up, &dl);
	if (down_threaded) {
		pthread_join(down_thread, NULL);
		down_done = true;
	}
	if (urc != 0) {
		diag_list_release(&dj.dl);
		goto diff_out;
	}
	if (!up.sql.len && !nrenames) {
		diag_list_release(&dj.dl);
		phase_end(&tm, PH_DIFF);
		phase_begin(&tm);
		report_text(stderr, &dl, c.color);
		cli_ignore_note(&c);
		printf("no changes\n");
		fflush(stdout);
		phase_end(&tm, PH_WRITE);
		rc = EXIT_OK;
		goto done;
	}
	if (up.ndestructive && !allow_destructive) {
		report_text(stderr, &dl, c.color);
		fprintf(
		    stderr,
		    "strata diff: error: %zu destructive step%s (use --allow-destructive to write them):\n",
		    up.ndestructive, up.ndestructive == 1 ? "" : "s");
		for (size_t i = 0; i < up.ndestructive; i++)
			fprintf(stderr, "  %s\n", up.destructive[i]);
		diag_list_release(&dj.dl);
		phase_end(&tm, PH_DIFF);
		goto done;
	}
	sb_append(&upsql, sb_str(&ren_fwd));
	sb_append(&upsql, sb_str(&up.sql));
	/* down: from the desired schema (renames undone) back to the current one */
	{
		/* warnings of the way back (values an enum loses, say) are the inverse of the way there: not
		 * shown */
		DiagList ddl = dj.dl;
		int drc = down_done ? dj.rc : 0;
		for (size_t i = nrenames; i-- > 0 && drc == 0;) {
			StrBuf one = STRBUF_INIT;
			rename_sql(want, &renames[i], 1, true, &one);
			drc = apply_sql(&x, want, sb_str(&one), "--rename (down)", &ddl);
			sb_append(&ren_back, sb_str(&one));
			sb_release(&one);
		}
		if (drc == 0 && !down_done)
			drc = diff_catalogs(want, cur0 ? cur0 : cur, &down, &ddl);
		if (drc != 0)
			diag_list_append_all(&dl, &ddl);
		diag_list_release(&ddl);
		if (drc != 0)
			goto diff_out;
	}
	phase_end(&tm, PH_DIFF);
	sb_append(&downsql, sb_str(&ren_back));
	sb_append(&downsql, sb_str(&down.sql));

	/* the proof: history + up == desired; history + up + down == history. Without renames, want and cur
	 * are still the two loaded schemas: the proof runs on cur itself (after a text snapshot of it) and
	 * compares with want, so that it costs no replay of the history or of the desired schema. */
	phase_begin(&tm);
	{
		DiagList pdl = DIAGLIST_INIT, cdl = DIAGLIST_INIT;
		Catalog *want2 = NULL;
		bool ok;
		if (nrenames) {
			ok = load_current(&x, &proof, &pdl) == 0;
		} else {
			if (!down_done)
				catalog_dump_text(cur, &snap);
			proof = cur;
			cur = NULL;
			ok = true;
		}
		ok = ok && apply_sql(&x, proof, sb_str(&upsql), "up", &pdl) == 0;
		if (!ok) {
			print_diffs(&c, "the up migration does not replay cleanly", &pdl);
		} else if (nrenames && declarative_load((const char *const *)files, nfiles, &x.pre, &x.ro,
		                                        &want2, NULL, &pdl) != 0) {
			ok = false;
			print_diffs(&c, "the desired schema does not load again", &pdl);
		} else {
			if (want2)
				(void)ignore_apply(&c.ignore, want2);
			CompareOptions co = {.label_a = "history + up",
			                     .label_b = "the desired schema",
			                     .ignore_column_order = true};
			if (catalog_compare(proof, want2 ? want2 : want, &co, &cdl)) {
				ok = false;
				print_diffs(&c, "history + up differs from the desired schema", &cdl);
			}
		}
		if (ok && apply_sql(&x, proof, sb_str(&downsql), "down", &pdl) != 0) {
			ok = false;
			print_diffs(&c, "the down migration does not replay cleanly", &pdl);
		}
		if (ok && !nrenames) {
			/* the same text as before up: equal; otherwise replay the history to say what differs
			 */
			StrBuf now = STRBUF_INIT;
			catalog_dump_text(proof, &now);
			if (strcmp(sb_str(&now), sb_str(&snap)) && load_current(&x, &cur0, &pdl) != 0) {
				ok = false;
				print_diffs(&c, "the history does not replay again", &pdl);
			}
			sb_release(&now);
		}
		if (ok && cur0) {
			CompareOptions co = {.label_a = "history + up + down",
			                     .label_b = "the history",
			                     .ignore_column_order = true};
			if (catalog_compare(proof, cur0, &co, &cdl)) {
				ok = false;
				print_diffs(&c, "history + up + down differs from the history", &cdl);
			}
		}
		sb_release(&snap);
		catalog_free(want2);
		diag_list_release(&pdl);
		diag_list_release(&cdl);
		phase_end(&tm, PH_PROOF);
		if (!ok)
			goto out;
	}
	phase_begin(&tm);
	report_text(stderr, &dl, c.color);
	cli_ignore_note(&c);
	{
		StrBuf hu = STRBUF_INIT, hd = STRBUF_INIT;
		sb_appendf(&hu, "-- generated by strata diff from %s: %zu statement%s, verified by replay\n",
		           to, up.nstatements + nrenames, up.nstatements + nrenames == 1 ? "" : "s");
		/* as pg_dump: function bodies may name objects created further down */
		sb_append(&hu, "SET check_function_bodies = false;\n");
		sb_append(&hu, sb_str(&upsql));
		sb_appendf(&hd, "-- generated by strata diff: reverts %s, verified by replay\n", name);
		sb_append(&hd, "SET check_function_bodies = false;\n");
		sb_append(&hd, sb_str(&downsql));
		if (dry_run) {
			printf("-- up\n%s\n-- down\n%s", sb_str(&hu), sb_str(&hd));
			printf("verified\n");
			rc = EXIT_OK;
		} else {
			MigFormat fmt = set.n ? set.format : c.mig_format ? c.mig_format : FMT_GOLANG_MIGRATE;
			if (c.mig_format)
				fmt = c.mig_format;
			version = migration_next_version(&set, fmt);
			/* an imported Alembic project: the migration moves alembic_version too, and Alembic
			 * gets a revision for it (project/import_alembic.h) */
			StrBuf pyw = STRBUF_INIT;
			char *new_rev = NULL;
			int arc = c.cfg.import_tool && !strcmp(c.cfg.import_tool, "alembic")
			              ? alembic_follow_diff(
			                    c.dir, c.cfg.import_config ? c.cfg.import_config : "alembic.ini",
			                    name, &hu, &hd, &new_rev, &pyw, &dl)
			              : 0;
			if (arc < 0 ||
			    migration_write(c.dir, fmt, version, name, migration_plain_sep(&set), sb_str(&hu),
			                    sb_str(&hd), &written, &nwritten, &dl) != 0) {
				report_text(stderr, &dl, c.color);
				rc = EXIT_USAGE;
			} else {
				printf("verified: %zu statement%s up, %zu down\n", up.nstatements + nrenames,
				       up.nstatements + nrenames == 1 ? "" : "s",
				       down.nstatements + nrenames);
				for (size_t i = 0; i < nwritten; i++)
					printf("wrote %s\n", written[i]);
				if (new_rev)
					printf("wrote %sAlembic revision %s: alembic_version moves to it in "
					       "the migration\n",
					       sb_str(&pyw), new_rev);
				rc = EXIT_OK;
			}
			free(new_rev);
			sb_release(&pyw);
		}
		sb_release(&hu);
		sb_release(&hd);
		fflush(stdout);
		phase_end(&tm, PH_WRITE);
	}
	goto done;
diff_out:
	phase_end(&tm, PH_DIFF);
out:
	report_text(stderr, &dl, c.color);
done:
	if (timings)
		print_timings(&tm);
	for (size_t i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	for (size_t i = 0; i < nwritten; i++)
		free(written[i]);
	free(written);
	free(version);
	if (renames)
		free_renames(renames, nrenames);
	free(rename_args);
	diff_result_release(&up);
	diff_result_release(&down);
	sb_release(&upsql);
	sb_release(&downsql);
	sb_release(&ren_fwd);
	sb_release(&ren_back);
	sb_release(&snap);
	catalog_free(cur);
	catalog_free(cur0);
	catalog_free(want);
	catalog_free(proof);
	migration_set_free(&set);
	diag_list_release(&dl);
	cli_common_free(&c);
	return rc;
}
