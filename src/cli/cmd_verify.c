/* cmd_verify.c — `strata verify`: the oracle. Apply every migration to a fresh database on a throwaway
 * PostgreSQL (or a fresh database on --database-url), introspect it, replay the same migrations offline,
 * and compare the two catalogs object by object. Exit 0 with "0 differences", 1 on any difference or
 * failed migration, 2 on usage/environment errors. */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/relative.h"
#include "cli/common.h"
#include "db/connect.h"
#include "db/devserver.h"
#include "db/introspect.h"
#include "sql/parse.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

static const char verify_help[] =
    "usage: strata verify [--dir DIR | --order FILE] [--prereq FILE] [--keep] [--database-url URL]\n"
    "                     [--search-path PATH] [--user NAME] [--role NAME] [-c NAME=VALUE]...\n\n"
    "Apply every migration to a fresh database, introspect it, replay the same migrations offline and\n"
    "compare the two schemas object by object; print every difference.\n\n"
    "  --prereq FILE        run FILE as superuser in the fresh database first (roles, extensions)\n"
    "  --keep               keep the throwaway cluster (and database) and print its URL\n"
    "  --database-url URL   use this server (superuser) instead of a throwaway cluster; a fresh\n"
    "                       database is created in it and dropped afterwards (unless --keep)\n"
    "  --search-path PATH   search_path of the migration connections (and of the offline replay)\n"
    "  --user NAME          connect as NAME to apply the migrations\n"
    "  --role NAME          SET ROLE NAME after connecting\n"
    "  -c NAME=VALUE        a server setting for the migration connections (repeatable)\n"
    "  --order FILE         apply order and per-file connection settings from FILE (ORDER.txt format:\n"
    "                       <transform>@<mode><TAB><path>; #!user NAME; #!pgoptions OPTIONS)\n"
    "Exit: 0 no difference, 1 differences or a migration failed, 2 usage or environment "
    "error.\n\n" CLI_COMMON_HELP;

enum { OPT_PREREQ = OPT_CMD_BASE, OPT_KEEP, OPT_SEARCH_PATH, OPT_USER, OPT_ROLE };

typedef struct VerifyOpts {
	const char *prereq;
	bool keep;
	const char *search_path;
	const char *user;
	const char *role;
	StrBuf gucs; /* "-c name=value ..." for libpq options */
} VerifyOpts;

/* Append VALUE to libpq "options", escaping spaces and backslashes as the server's option parser wants. */
static void options_add(StrBuf *sb, const char *name, const char *value)
{
	if (sb->len)
		sb_putc(sb, ' ');
	sb_append(sb, "-c ");
	for (const char *p = name; *p; p++) {
		if (*p == ' ' || *p == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '=');
	for (const char *p = value; *p; p++) {
		if (*p == ' ' || *p == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, *p);
	}
}

/* ---- connections -------------------------------------------------------------------------------- */

typedef struct Conn {
	char *key; /* user \x1f options */
	PGconn *pg;
} Conn;

typedef struct Server {
	char *url;    /* server URL (superuser) */
	char *dbname; /* the fresh database */
	Conn *conns;
	size_t nconns;
	const char *role;
} Server;

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

/* The connection for (USER, OPTIONS), opened on first use. */
static PGconn *server_conn(Server *sv, const char *user, const char *options, DiagList *dl)
{
	char *key = xasprintf("%s\x1f%s", user ? user : "", options ? options : "");
	for (size_t i = 0; i < sv->nconns; i++)
		if (!strcmp(sv->conns[i].key, key)) {
			free(key);
			return sv->conns[i].pg;
		}
	PGconn *c = connect_to(sv->url, sv->dbname, user, options, dl);
	if (!c) {
		free(key);
		return NULL;
	}
	PQsetNoticeProcessor(c, ignore_notice, NULL);
	if (sv->role) {
		char *id = PQescapeIdentifier(c, sv->role, strlen(sv->role));
		char *q = xasprintf("SET ROLE %s", id ? id : "none");
		PQfreemem(id);
		PGresult *r = PQexec(c, q);
		free(q);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			diag_add(dl, SEV_ERROR, "connect", NULL, 0, 0, "could not set role \"%s\": %s",
			         sv->role, PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
			PQclear(r);
			PQfinish(c);
			free(key);
			return NULL;
		}
		PQclear(r);
	}
	sv->conns = xrealloc(sv->conns, (sv->nconns + 1) * sizeof(Conn));
	sv->conns[sv->nconns].key = key;
	sv->conns[sv->nconns].pg = c;
	sv->nconns++;
	return c;
}

static void server_close_all(Server *sv)
{
	for (size_t i = 0; i < sv->nconns; i++) {
		PQfinish(sv->conns[i].pg);
		free(sv->conns[i].key);
	}
	free(sv->conns);
	sv->conns = NULL;
	sv->nconns = 0;
}

/* Run one SQL command on the server's maintenance database "postgres". 0 or -1 + diagnostic. */
static int admin_exec(const char *url, const char *sql, DiagList *dl)
{
	PGconn *c = connect_to(url, "postgres", NULL, NULL, dl);
	if (!c)
		return -1;
	PGresult *r = PQexec(c, sql);
	int rc = 0;
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		diag_add(dl, SEV_ERROR, "verify", NULL, 0, 0, "%s failed: %s", sql,
		         PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY));
		rc = -1;
	}
	PQclear(r);
	PQfinish(c);
	return rc;
}

/* ---- applying ----------------------------------------------------------------------------------- */

/* Execute SQL (one simple-protocol query). On error, add a diagnostic at FILE:line:col (BASE = byte offset
 * of SQL inside FILE_TEXT) and return -1. */
static int exec_text(PGconn *c, const char *sql, const char *file, const char *file_text, size_t base,
                     DiagList *dl)
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
	size_t off = base;
	if (pos && file_text) {
		off = base + sql_charpos_to_offset(sql, atoi(pos));
		sql_offset_to_linecol(file_text, off, &line, &col);
	}
	Diag *d =
	    diag_add(dl, SEV_ERROR, "migration-failed", file, line, col, "%s", msg ? msg : PQerrorMessage(c));
	const char *sqlstate = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	if (sqlstate)
		snprintf(d->sqlstate, sizeof(d->sqlstate), "%s", sqlstate);
	const char *det = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
	if (det)
		diag_set_detail(d, "%s", det);
	if (line && file_text)
		sql_attach_source_line(d, file_text, off);
	PQclear(r);
	return -1;
}

static int simple(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int rc = PQresultStatus(r) == PGRES_COMMAND_OK ? 0 : -1;
	PQclear(r);
	return rc;
}

/* Apply migration M as MODE. 0 or -1 with a diagnostic. */
static int apply_one(PGconn *c, const Migration *m, ExecMode mode, DiagList *dl)
{
	if (mode == EXEC_PSQL) {
		SqlParse p;
		DiagList pdl = DIAGLIST_INIT;
		if (sql_parse(m->up_sql, m->up_path, &p, &pdl) == 0) {
			diag_list_release(&pdl);
			int rc = 0;
			for (size_t i = 0; i < p.n && rc == 0; i++) {
				char *stmt = xstrndup(m->up_sql + p.stmts[i].offset, (size_t)p.stmts[i].len);
				rc = exec_text(c, stmt, m->up_path, m->up_sql, (size_t)p.stmts[i].offset, dl);
				free(stmt);
			}
			sql_parse_free(&p);
			return rc;
		}
		diag_list_release(&pdl); /* the server will say what is wrong */
		return exec_text(c, m->up_sql, m->up_path, m->up_sql, 0, dl);
	}
	bool tx = mode == EXEC_PSQL1 || mode == EXEC_SIMPLETX;
	if (tx && simple(c, "BEGIN") != 0) {
		diag_add(dl, SEV_ERROR, "migration-failed", m->up_path, 0, 0, "could not begin: %s",
		         PQerrorMessage(c));
		return -1;
	}
	int rc = exec_text(c, m->up_sql, m->up_path, m->up_sql, 0, dl);
	if (tx) {
		if (rc != 0)
			(void)simple(c, "ROLLBACK");
		else if (simple(c, "COMMIT") != 0) {
			diag_add(dl, SEV_ERROR, "migration-failed", m->up_path, 0, 0, "commit failed: %s",
			         PQerrorMessage(c));
			rc = -1;
		}
	}
	return rc;
}

/* Connection settings of migration I: user and libpq options (malloc). */
static void settings_for(const CliCommon *c, const VerifyOpts *vo, size_t i, char **user, char **options)
{
	const OrderEntry *e = c->order_file && i < c->order.n ? &c->order.items[i] : NULL;
	const char *u = e && e->user ? e->user : vo->user;
	*user = u ? xstrdup(u) : NULL;
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, sb_str(&vo->gucs));
	if (e && e->pgoptions) {
		if (sb.len)
			sb_putc(&sb, ' ');
		sb_append(&sb, e->pgoptions);
	}
	*options = sb.len ? sb_detach(&sb) : NULL;
	sb_release(&sb);
}

/* ---- offline replay, per run of migrations with the same settings -------------------------------- */

static int replay_all(Catalog *cat, const CliCommon *c, const VerifyOpts *vo, MigrationSet *set, DiagList *dl)
{
	int rc = 0;
	size_t i = 0;
	while (i < set->n) {
		char *user, *options;
		settings_for(c, vo, i, &user, &options);
		size_t j = i + 1;
		for (; j < set->n; j++) {
			char *u2, *o2;
			settings_for(c, vo, j, &u2, &o2);
			bool same = !strcmp(user ? user : "", u2 ? u2 : "") &&
			            !strcmp(options ? options : "", o2 ? o2 : "");
			free(u2);
			free(o2);
			if (!same)
				break;
		}
		char *sp = pgoptions_search_path(options);
		ReplayOptions ro = {0};
		ro.search_path = sp ? sp : vo->search_path;
		ro.user = vo->role ? vo->role : user;
		ro.quiet_info = true;
		MigrationSet part = *set;
		part.items = set->items + i;
		part.n = j - i;
		if (replay_migrations(cat, &part, &ro, dl) != 0)
			rc = -1;
		free(sp);
		free(user);
		free(options);
		i = j;
	}
	return rc;
}

/* ---- throwaway cluster -------------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_rf(const char *path)
{
	if (path && *path && strcmp(path, "/"))
		(void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

typedef struct Throwaway {
	char home[64];
	char *datadir_real;
} Throwaway;

static int throwaway_start(Throwaway *tw, char **url, DiagList *dl)
{
	if (fs_make_temp_dir("verify", tw->home, sizeof(tw->home), dl) != 0)
		return -1;
	chmod(tw->home, 0755); /* the server user must reach the cluster inside it */
	setenv("STRATA_HOME", tw->home, 1);
	bool already = false;
	DiagList sdl = DIAGLIST_INIT;
	int rc = dev_start(url, &already, &sdl);
	DevStatus st = {0};
	if (dev_status(&st, &sdl) == 0 && st.datadir)
		tw->datadir_real = xstrdup(st.datadir);
	dev_status_release(&st);
	for (size_t i = 0; i < sdl.n; i++)
		if (sdl.items[i].sev == SEV_ERROR)
			rc = -1;
	/* keep only errors (notes about where the cluster lives are noise here) */
	for (size_t i = 0; i < sdl.n; i++)
		if (sdl.items[i].sev == SEV_ERROR) {
			Diag *d = diag_add(dl, SEV_ERROR, sdl.items[i].rule, NULL, 0, 0, "%s",
			                   sdl.items[i].message);
			if (sdl.items[i].hint)
				diag_set_hint(d, "%s", sdl.items[i].hint);
		}
	diag_list_release(&sdl);
	return rc;
}

static void throwaway_remove(Throwaway *tw)
{
	bool was = false;
	DiagList sdl = DIAGLIST_INIT;
	if (dev_stop(&was, &sdl) != 0)
		was = false;
	diag_list_release(&sdl);
	if (tw->datadir_real && strncmp(tw->datadir_real, tw->home, strlen(tw->home))) {
		/* the cluster was placed elsewhere (a /tmp fallback): remove its parent folder created for it
		 */
		char *parent = xstrdup(tw->datadir_real);
		char *slash = strrchr(parent, '/');
		if (slash && !strncmp(parent, "/tmp/strata-", 12)) {
			*slash = '\0';
			rm_rf(parent);
		} else {
			rm_rf(tw->datadir_real);
		}
		free(parent);
	}
	rm_rf(tw->home);
	free(tw->datadir_real);
	tw->datadir_real = NULL;
}

/* ---- the command -------------------------------------------------------------------------------- */

static void print_diags(FILE *out, const DiagList *dl, bool color)
{
	report_text(out, dl, color);
}

/* Apply, introspect, replay, compare. Returns the exit code. */
static int verify_run(CliCommon *c, VerifyOpts *vo, MigrationSet *set, Server *sv, DiagList *dl)
{
	/* prerequisites, as the server's superuser: the platform's built-in one (Supabase), then --prereq */
	const char *psql = platform_prereq_sql(platform_detect(c->dir, c->cfg.platform));
	if (psql) {
		PGconn *pc = connect_to(sv->url, sv->dbname, NULL, NULL, dl);
		if (!pc)
			return EXIT_USAGE;
		PQsetNoticeProcessor(pc, ignore_notice, NULL);
		int rc = exec_text(pc, psql, platform_prereq_label(platform_detect(c->dir, c->cfg.platform)),
		                   psql, 0, dl);
		PQfinish(pc);
		if (rc != 0)
			return EXIT_FINDINGS;
	}
	if (vo->prereq) {
		char *text;
		size_t len;
		if (fs_read_file(vo->prereq, &text, &len, dl) != 0)
			return EXIT_USAGE;
		PGconn *pc = connect_to(sv->url, sv->dbname, NULL, NULL, dl);
		if (!pc) {
			free(text);
			return EXIT_USAGE;
		}
		PQsetNoticeProcessor(pc, ignore_notice, NULL);
		int rc = exec_text(pc, text, vo->prereq, text, 0, dl);
		PQfinish(pc);
		free(text);
		if (rc != 0)
			return EXIT_FINDINGS;
	}
	/* apply */
	char *last_user = NULL, *last_opts = NULL;
	for (size_t i = 0; i < set->n; i++) {
		const Migration *m = &set->items[i];
		free(last_user);
		free(last_opts);
		settings_for(c, vo, i, &last_user, &last_opts);
		PGconn *pc = server_conn(sv, last_user, last_opts, dl);
		if (!pc) {
			free(last_user);
			free(last_opts);
			return EXIT_USAGE;
		}
		ExecMode mode = c->order_file       ? c->order.items[i].mode
		                : m->no_transaction ? EXEC_PSQL
		                                    : EXEC_SIMPLETX;
		if (apply_one(pc, m, mode, dl) != 0) {
			fprintf(stderr, "strata verify: migration %zu of %zu (%s) failed\n", i + 1, set->n,
			        m->up_path);
			free(last_user);
			free(last_opts);
			return EXIT_FINDINGS;
		}
	}
	/* introspect with the settings of the last migration: expressions print relative to its search_path
	 */
	if (!set->n)
		settings_for(c, vo, 0, &last_user, &last_opts);
	PGconn *ic = server_conn(sv, last_user, last_opts, dl);
	free(last_user);
	free(last_opts);
	if (!ic)
		return EXIT_USAGE;
	Catalog *live = NULL;
	if (introspect_catalog(ic, NULL, &live, dl) != 0)
		return EXIT_USAGE;
	/* the schemas of the search_path the server printed the expressions under: names in them print
	 * unqualified on both sides (catalog_unqualify) */
	PGresult *spr = PQexec(ic, "SELECT s FROM unnest(current_schemas(false)) AS s");
	int nsp = PQresultStatus(spr) == PGRES_TUPLES_OK ? PQntuples(spr) : 0;
	const char **sp_schemas = xcalloc((size_t)nsp + 1, sizeof(*sp_schemas));
	for (int i = 0; i < nsp; i++)
		sp_schemas[i] = arena_strdup(&live->arena, PQgetvalue(spr, i, 0));
	PQclear(spr);
	/* replay offline */
	Catalog *model = catalog_new();
	DiagList rdl = DIAGLIST_INIT;
	Prereq pq;
	prereq_init(&pq, c->dir, c->cfg.platform, vo->prereq);
	if (prereq_replay(model, &pq, &rdl) != 0) {
		/* reported below with the history's errors */
	}
	(void)replay_all(model, c, vo, set, &rdl);
	size_t rerr = diag_count(&rdl, SEV_ERROR);
	if (rerr) {
		fprintf(stderr, "strata verify: the offline replay reported %zu errors (see strata check):\n",
		        rerr);
		DiagList only = DIAGLIST_INIT;
		for (size_t i = 0; i < rdl.n; i++)
			if (rdl.items[i].sev == SEV_ERROR) {
				Diag *s = &rdl.items[i];
				Diag *d = diag_add(&only, SEV_WARNING, s->rule, s->file, s->line, s->col,
				                   "%s", s->message);
				(void)d;
			}
		print_diags(stderr, &only, c->color);
		diag_list_release(&only);
	}
	diag_list_release(&rdl);
	catalog_unqualify(model, sp_schemas, (size_t)nsp);
	catalog_unqualify(live, sp_schemas, (size_t)nsp);
	free(sp_schemas);
	/* compare */
	DiagList diffs = DIAGLIST_INIT;
	CompareOptions co = {.label_a = "the migrations",
	                     .label_b = "the database",
	                     .ignore_comments = false,
	                     .ignore_column_order = false};
	size_t n = catalog_compare(model, live, &co, &diffs);
	if (c->out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "migrations", json_integer((json_int_t)set->n));
		json_object_set_new(root, "differences", json_integer((json_int_t)n));
		json_object_set_new(root, "diagnostics", report_diags_json(&diffs));
		report_json_print(stdout, root);
	} else {
		for (size_t i = 0; i < diffs.n; i++)
			printf("%s\n", diffs.items[i].message);
		printf("%zu difference%s\n", n, n == 1 ? "" : "s");
	}
	diag_list_release(&diffs);
	catalog_free(model);
	catalog_free(live);
	return n ? EXIT_FINDINGS : EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "verify");
	VerifyOpts vo = {0};
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"keep", no_argument, NULL, OPT_KEEP},
	                                         {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         {"role", required_argument, NULL, OPT_ROLE},
	                                         {NULL, 0, NULL, 0}};
	int opt, rc;
	while ((opt = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(verify_help, stdout);
			sb_release(&vo.gucs);
			return EXIT_OK;
		case OPT_PREREQ:
			vo.prereq = optarg;
			continue;
		case OPT_KEEP:
			vo.keep = true;
			continue;
		case OPT_SEARCH_PATH:
			vo.search_path = optarg;
			continue;
		case OPT_USER:
			vo.user = optarg;
			continue;
		case OPT_ROLE:
			vo.role = optarg;
			continue;
		case 'c': {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg) {
				sb_release(&vo.gucs);
				return cli_usage_error("verify", "-c needs NAME=VALUE, got \"%s\"", optarg);
			}
			char *name = xstrndup(optarg, (size_t)(eq - optarg));
			options_add(&vo.gucs, name, eq + 1);
			free(name);
			continue;
		}
		default:
			break;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r < 0 || r == 0) {
			sb_release(&vo.gucs);
			return r < 0 ? EXIT_USAGE : cli_bad_option("verify", argv, optopt);
		}
	}
	if (optind < argc) {
		sb_release(&vo.gucs);
		return cli_usage_error("verify", "unexpected argument \"%s\"", argv[optind]);
	}
	if ((rc = cli_common_finish(&c)) != 0) {
		sb_release(&vo.gucs);
		return rc;
	}
	if (vo.search_path)
		options_add(&vo.gucs, "search_path", vo.search_path);

	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT;
	if (cli_load_migrations(&c, &set, &dl) != 0) {
		print_diags(stderr, &dl, c.color);
		rc = EXIT_USAGE;
		goto out;
	}
	Server sv = {0};
	sv.role = vo.role;
	Throwaway tw = {{0}, NULL};
	bool own_cluster = c.database_url == NULL || !*c.database_url;
	if (own_cluster) {
		if (throwaway_start(&tw, &sv.url, &dl) != 0) {
			print_diags(stderr, &dl, c.color);
			throwaway_remove(&tw);
			rc = EXIT_USAGE;
			goto out;
		}
		sv.dbname = xstrdup("strata_verify");
	} else {
		sv.url = xstrdup(c.database_url);
		sv.dbname = xasprintf("strata_verify_%ld", (long)getpid());
	}
	char *create = xasprintf("CREATE DATABASE %s TEMPLATE template0", sv.dbname);
	if (admin_exec(sv.url, create, &dl) != 0) {
		rc = EXIT_USAGE;
	} else {
		rc = verify_run(&c, &vo, &set, &sv, &dl);
	}
	free(create);
	server_close_all(&sv);
	print_diags(stderr, &dl, c.color);
	if (vo.keep) {
		char *red = db_url_redacted(sv.url);
		printf("kept: %s (database \"%s\")\n", red, sv.dbname);
		if (own_cluster)
			printf("stop it with: STRATA_HOME=%s strata dev stop && rm -rf %s\n", tw.home,
			       tw.home);
		free(red);
	} else {
		if (!own_cluster) {
			char *drop = xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", sv.dbname);
			DiagList ddl = DIAGLIST_INIT;
			(void)admin_exec(sv.url, drop, &ddl);
			diag_list_release(&ddl);
			free(drop);
		}
		if (own_cluster)
			throwaway_remove(&tw);
	}
	free(sv.url);
	free(sv.dbname);
out:
	migration_set_free(&set);
	diag_list_release(&dl);
	sb_release(&vo.gucs);
	cli_common_free(&c);
	return rc;
}
