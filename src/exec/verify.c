/* verify.c — apply through the engine on a fresh database, introspect, replay, compare (see verify.h). */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/drift.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/relative.h"
#include "exec/verify.h"
#include "db/connect.h"
#include "db/introspect.h"
#include "db/throwaway.h"
#include "exec/apply.h"
#include "exec/exact.h"
#include "sql/parse.h"
#include "sql/quote.h"
#include "util/fs.h"

#include <libpq-fe.h>
#include <unistd.h>

void verify_options_init(VerifyOptions *o)
{
	memset(o, 0, sizeof(*o));
	sb_init(&o->settings);
	o->history.schema = "strata";
	o->history.table = "history";
}

/* libpq "options" escape spaces and backslashes with a backslash (the server's option parser). */
static void options_escaped(StrBuf *sb, const char *s)
{
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, *p);
	}
}

void verify_options_set(VerifyOptions *o, const char *name, const char *value)
{
	if (o->settings.len)
		sb_putc(&o->settings, ' ');
	sb_append(&o->settings, "-c ");
	options_escaped(&o->settings, name);
	sb_putc(&o->settings, '=');
	options_escaped(&o->settings, value);
}

void verify_options_release(VerifyOptions *o)
{
	sb_release(&o->settings);
}

void verify_report_free(VerifyReport *r)
{
	diag_list_release(&r->diffs);
	diag_list_release(&r->replay);
	diag_list_release(&r->dynamic);
	free(r->kept_url);
	free(r->kept_db);
	free(r->kept_home);
	free(r->exact_summary);
	memset(r, 0, sizeof(*r));
}

static void ignore_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Connect to DBNAME on URL as USER (NULL: URL's) with libpq OPTIONS (NULL: none). NULL + diagnostic. */
static PGconn *connect_to(const char *url, const char *dbname, const char *user, const char *options,
                          DiagList *dl)
{
	const char *keys[6], *vals[6];
	int k = 0;
	keys[k] = "dbname", vals[k++] = url;
	keys[k] = "dbname", vals[k++] = dbname;
	if (user)
		keys[k] = "user", vals[k++] = user;
	if (options && *options)
		keys[k] = "options", vals[k++] = options;
	keys[k] = "fallback_application_name", vals[k++] = "strata";
	keys[k] = NULL, vals[k] = NULL;
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) != CONNECTION_OK) {
		char *red = db_url_redacted(url);
		const char *msg = PQerrorMessage(c);
		Diag *d =
		    diag_add(dl, SEV_ERROR, "connect", NULL, 0, 0,
		             "could not connect to database \"%s\"%s%s%s: %.*s", dbname, user ? " as \"" : "",
		             user ? user : "", user ? "\"" : "", (int)strcspn(msg, "\n"), msg);
		diag_set_detail(d, "server: %s", red);
		free(red);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, ignore_notice, NULL);
	return c;
}

/* Run SQL (one simple-protocol query) on C; on failure a diagnostic (at FILE:line:col when the server
 * gives a position and TEXT is the file's text) and -1. */
static int run_sql(PGconn *c, const char *sql, const char *file, const char *text, DiagList *dl)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
		PQclear(r);
		return 0;
	}
	const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	const char *pos = PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION);
	int line = 0, col = 0;
	size_t off = 0;
	if (pos && text) {
		off = sql_charpos_to_offset(sql, atoi(pos));
		sql_offset_to_linecol(text, off, &line, &col);
	}
	Diag *d = diag_add(dl, SEV_ERROR, "verify", file, line, col, "%s", msg ? msg : PQerrorMessage(c));
	const char *sqlstate = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (sqlstate)
		snprintf(d->sqlstate, sizeof(d->sqlstate), "%s", sqlstate);
	if (line && text)
		sql_attach_source_line(d, text, off);
	PQclear(r);
	return -1;
}

/* The fresh database, as superuser: the prerequisites, and the engine's history schema owned by the
 * migration user (or role) so that a non-superuser can record what it applies. 0, or an exit code. */
static int prepare(const VerifyOptions *o, const char *url, const char *dbname, DiagList *dl)
{
	PGconn *pc = connect_to(url, dbname, NULL, NULL, dl);
	if (!pc)
		return EXIT_USAGE;
	int rc = 0;
	/* the platform's built-in prereq (Supabase: its schemas, roles, auth functions), then --prereq */
	const char *psql = o->prereq ? platform_prereq_sql(o->prereq->platform) : NULL;
	if (psql && run_sql(pc, psql, platform_prereq_label(o->prereq->platform), psql, dl) != 0)
		rc = EXIT_FINDINGS;
	if (!rc && o->prereq && o->prereq->file) {
		char *text;
		size_t len;
		if (fs_read_file(o->prereq->file, &text, &len, dl) != 0)
			rc = EXIT_USAGE;
		else {
			if (run_sql(pc, text, o->prereq->file, text, dl) != 0)
				rc = EXIT_FINDINGS;
			free(text);
		}
	}
	const char *owner = o->role ? o->role : o->user;
	if (!rc && owner) {
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "CREATE SCHEMA IF NOT EXISTS ");
		sql_quote_ident(&q, o->history.schema);
		sb_append(&q, " AUTHORIZATION ");
		sql_quote_ident(&q, owner);
		if (run_sql(pc, sb_str(&q), NULL, NULL, dl) != 0)
			rc = EXIT_USAGE;
		sb_release(&q);
	}
	PQfinish(pc);
	return rc;
}

/* The migration connection: USER, the settings (and search_path), then SET ROLE. NULL + diagnostic. */
static PGconn *migration_conn(const VerifyOptions *o, const char *url, const char *dbname, DiagList *dl)
{
	StrBuf opts = STRBUF_INIT;
	sb_append(&opts, sb_str(&o->settings));
	if (o->search_path) {
		VerifyOptions tmp = {.settings = opts};
		verify_options_set(&tmp, "search_path", o->search_path);
		opts = tmp.settings;
	}
	PGconn *c = connect_to(url, dbname, o->user, sb_str(&opts), dl);
	sb_release(&opts);
	if (c && o->role) {
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "SET ROLE ");
		sql_quote_ident(&q, o->role);
		if (run_sql(c, sb_str(&q), NULL, NULL, dl) != 0) {
			PQfinish(c);
			c = NULL;
		}
		sb_release(&q);
	}
	return c;
}

/* Apply SET through the engine on the migration connection, introspect, replay, compare. */
static int apply_and_compare(const VerifyOptions *o, const MigrationSet *set, const char *url,
                             const char *dbname, VerifyReport *r, DiagList *dl)
{
	int rc = prepare(o, url, dbname, dl);
	if (rc)
		return rc;
	PGconn *c = migration_conn(o, url, dbname, dl);
	if (!c)
		return EXIT_USAGE;
	ApplyOptions ao;
	apply_options_init(&ao);
	ao.target = o->history;
	ao.preflight = false; /* the offline replay below is compared with the server instead */
	ao.out = fopen("/dev/null", "w");
	ao.log = NULL;
	ApplyResult ar = ao.out ? apply_up(c, set, NULL, &ao, dl) : APPLY_ENV;
	if (ao.out)
		fclose(ao.out);
	if (ar != APPLY_OK) {
		PQfinish(c);
		return ar == APPLY_ENV || ar == APPLY_LOCKED ? EXIT_USAGE : EXIT_FINDINGS;
	}
	r->applied = true;
	Catalog *live = NULL;
	if (introspect_catalog(c, NULL, &live, dl) != 0) {
		PQfinish(c);
		return EXIT_USAGE;
	}
	drift_drop_bookkeeping(live, o->history.schema, o->history.table);
	size_t nsp = 0;
	const char **sp = introspect_search_path(c, live, &nsp);
	PQfinish(c);
	Catalog *model = catalog_new();
	DiagList rdl = DIAGLIST_INIT;
	if (prereq_replay(model, o->prereq, &rdl) != 0) {
		/* reported with the history's errors */
	}
	ReplayOptions ro = {0};
	ro.search_path = o->search_path;
	ro.user = o->role ? o->role : o->user;
	ro.quiet_info = o->exact; /* without --exact, the dynamic SQL it could not follow is reported */
	/* --exact: a database of its own on the same server */
	ExactOptions eo = {url, o->prereq};
	ExactSession *es = o->exact ? exact_session_new(&eo) : NULL;
	ro.exact = es ? exact_session_hook(es) : NULL;
	if (replay_migrations(model, set, &ro, &rdl) != 0) {
		/* its errors are kept as warnings below */
	}
	if (es) {
		r->exact_summary = exact_session_summary(es);
		exact_session_free(es);
	}
	for (size_t i = 0; i < rdl.n; i++)
		if (rdl.items[i].sev == SEV_INFO && rdl.items[i].rule &&
		    !strcmp(rdl.items[i].rule, "dynamic-sql")) {
			const Diag *s = &rdl.items[i];
			Diag *d = diag_add(&r->dynamic, SEV_INFO, s->rule, s->file, s->line, s->col, "%s",
			                   s->message);
			diag_set_hint(d, "`strata verify --exact` runs it on a throwaway PostgreSQL for an "
			                 "exact model");
		} else if (rdl.items[i].sev == SEV_ERROR) {
			const Diag *s = &rdl.items[i];
			diag_add(&r->replay, SEV_WARNING, s->rule, s->file, s->line, s->col, "%s",
			         s->message);
		}
	diag_list_release(&rdl);
	/* names in the search_path's schemas print unqualified on both sides */
	catalog_unqualify(model, sp, nsp);
	catalog_unqualify(live, sp, nsp);
	free(sp);
	CompareOptions co = {.label_a = "the migrations", .label_b = "the database"};
	r->differences = catalog_compare(model, live, &co, &r->diffs);
	catalog_free(model);
	catalog_free(live);
	return r->differences ? EXIT_FINDINGS : EXIT_OK;
}

int verify_run(const VerifyOptions *o, const MigrationSet *set, VerifyReport *r, DiagList *dl)
{
	memset(r, 0, sizeof(*r));
	r->migrations = set->n;
	Throwaway tw;
	ThrowawayOptions to = {"verify", o->database_url};
	if (throwaway_open(&tw, &to, dl) != 0)
		return EXIT_USAGE;
	int rc = apply_and_compare(o, set, tw.admin_url, tw.dbname, r, dl);
	if (o->keep) {
		r->kept_url = db_url_redacted(tw.admin_url);
		r->kept_db = xstrdup(tw.dbname);
		r->kept_home = tw.own ? xstrdup(tw.home) : NULL;
		throwaway_keep(&tw);
	}
	throwaway_close(&tw);
	return rc;
}
