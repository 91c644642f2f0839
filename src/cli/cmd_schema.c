/* cmd_schema.c — `strata schema`: replay the migration history offline and print the resulting schema as
 * canonical text, executable SQL (dependency order) or JSON. */
#include "strata.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "cli/common.h"
#include "db/connect.h"
#include "db/introspect.h"
#include "report/html.h"
#include "util/jsonw.h"
#include "util/strbuf.h"

static const char schema_help[] =
    "usage: strata schema [--at VERSION] [--format text|sql|json|dot|svg] [--search-path PATH] [--user "
    "NAME]\n"
    "                     [--prereq FILE] [--dir DIR] [--convention NAME] [--var NAME=VALUE]\n"
    "                     [--tables PATTERN]\n"
    "       strata schema --from-db [--database-url URL] [--schema NAME]... [--format "
    "text|sql|json|dot|svg]\n\n"
    "Replay the migrations (up to and including VERSION with --at) into an in-memory catalog and print\n"
    "it: canonical text (sorted, one block per object), SQL in dependency order, or JSON.\n"
    "--search-path sets the initial search_path (default: \"$user\", public); --user the user for $user.\n"
    "--prereq FILE replays a setup script first; with --format sql the schemas and extensions it creates\n"
    "are left out (they exist before the migrations run).\n"
    "--from-db reads the schema of a live database instead (pg_catalog, one round trip), optionally only\n"
    "the schemas given with --schema (repeatable).\n"
    "--format dot|svg draws the ER diagram instead (tables with their key columns, foreign keys as\n"
    "edges, laid out by Graphviz): with tenant migrations configured, the tenant migrations are replayed\n"
    "into a template tenant schema and drawn apart from the shared tables, a tenant foreign key into the\n"
    "shared schema in red; RLS is marked. --tables PATTERN draws only the tables whose name (or\n"
    "schema.name) matches the LIKE pattern. `strata report --html` puts the same diagram on a page.\n"
    "Exit: 0 ok, 1 replay errors (the schema is still printed), 2 usage or config error.\n\n" CLI_COMMON_HELP;

enum { OPT_AT = OPT_CMD_BASE, OPT_SEARCH_PATH, OPT_USER, OPT_FROM_DB, OPT_SCHEMA, OPT_PREREQ, OPT_TABLES };

/* --format dot|svg: the ER diagram of CAT with the project's shared/tenant line (tenant migrations of the
 * config replayed into CAT's template tenant schema first, unless FROM_DB). Printed; returns the exit code
 * contribution (0 or -1 with an error in DL). */
static int schema_diagram(CliCommon *c, Catalog *cat, bool from_db, const char *tables, bool svg,
                          DiagList *dl)
{
	MigrationSet shared = {0}, tenant = {0};
	TenantMode mode = tenant_mode_parse(c->cfg.tenant_mode);
	ReportProject p = {.dir = c->dir,
	                   .set = &shared,
	                   .mode = mode == TMODE__BAD ? TMODE_SCHEMA : mode,
	                   .shared_schema = c->cfg.shared_schema,
	                   .tenant_search_path = c->cfg.tenant_search_path};
	if (c->cfg.tenant_dir) {
		DiscoverOptions o = {.format = c->mig_format, .vars = c->vars, .n_vars = c->n_vars};
		o.scope = SCOPE_TENANT;
		(void)!discover_migrations(c->cfg.tenant_dir, &o, &tenant, dl);
		p.tenant = &tenant;
		p.tenant_dir = c->cfg.tenant_dir;
		if (!from_db && cli_load_migrations(c, &shared, dl) == 0)
			report_project_tenants(&p, cat, dl);
	}
	StrBuf out = STRBUF_INIT;
	ErStats st;
	int rc = report_diagram(&p, cat, from_db, tables, svg, &out, &st, dl);
	if (rc == 0)
		fputs(sb_str(&out), stdout);
	if (st.too_many)
		diag_add(dl, SEV_WARNING, "diagram-too-big", NULL, 0, 0,
		         "%zu tables match: more than %d are not drawn (narrow them with --tables PATTERN)",
		         st.shown, ER_MAX_TABLES);
	sb_release(&out);
	migration_set_free(&shared);
	migration_set_free(&tenant);
	return rc;
}

/* --from-db: introspect the configured database into *CAT (schema filter SCHEMAS). 0 or -1 (diagnostics). */
static int schema_from_db(const CliCommon *c, const char *const *schemas, size_t nschemas, Catalog **cat,
                          DiagList *dl)
{
	char *url = NULL;
	if (db_resolve_url(c->database_url, &url, dl) != 0)
		return -1;
	PGconn *conn = db_connect(url, dl);
	free(url);
	if (!conn)
		return -1;
	IntrospectOptions io = {schemas, nschemas};
	int rc = introspect_catalog(conn, &io, cat, dl);
	PQfinish(conn);
	return rc;
}

int cmd_schema(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "schema");
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         {"at", required_argument, NULL, OPT_AT},
	                                         {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         {"from-db", no_argument, NULL, OPT_FROM_DB},
	                                         {"schema", required_argument, NULL, OPT_SCHEMA},
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"tables", required_argument, NULL, OPT_TABLES},
	                                         {NULL, 0, NULL, 0}};
	bool from_db = false;
	const char *diagram = NULL, *tables = NULL; /* --format dot|svg, --tables */
	const char *prereq = NULL;
	const char **schemas = NULL;
	size_t nschemas = 0;
	ReplayOptions ro = {0};
	ro.quiet_info = true;
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(schema_help, stdout);
			cli_common_free(&c);
			return EXIT_OK;
		}
		if (opt == OPT_AT) {
			ro.stop_at = optarg;
			continue;
		}
		if (opt == OPT_SEARCH_PATH) {
			ro.search_path = optarg;
			continue;
		}
		if (opt == OPT_USER) {
			ro.user = optarg;
			continue;
		}
		if (opt == OPT_PREREQ) {
			prereq = optarg;
			continue;
		}
		if (opt == OPT_FROM_DB) {
			from_db = true;
			continue;
		}
		if (opt == OPT_TABLES) {
			tables = optarg;
			continue;
		}
		if (opt == OPT_FORMAT && (!strcmp(optarg, "dot") || !strcmp(optarg, "svg"))) {
			diagram = optarg;
			continue;
		}
		if (opt == OPT_SCHEMA) {
			schemas = xrealloc(schemas, (nschemas + 1) * sizeof(*schemas));
			schemas[nschemas++] = optarg;
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r < 0) {
			cli_common_free(&c);
			return EXIT_USAGE;
		}
		if (r == 0) {
			cli_common_free(&c);
			return cli_bad_option("schema", argv, optopt);
		}
	}
	if (optind < argc) {
		cli_common_free(&c);
		return cli_usage_error("schema", "unexpected argument \"%s\"", argv[optind]);
	}
	if (tables && !diagram) {
		cli_common_free(&c);
		return cli_usage_error("schema", "--tables goes with --format dot or svg");
	}
	int rc = cli_common_finish(&c);
	if (rc) {
		cli_common_free(&c);
		return rc;
	}
	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT;
	Catalog *cat = NULL;
	int drc = 0, rrc = 0;
	if (from_db) {
		if (schema_from_db(&c, schemas, nschemas, &cat, &dl) != 0) {
			report_text(stderr, &dl, c.color);
			diag_list_release(&dl);
			free(schemas);
			cli_common_free(&c);
			return EXIT_USAGE;
		}
		goto print;
	}
	drc = cli_load_migrations(&c, &set, &dl);
	if (ro.stop_at) {
		bool found = false;
		for (size_t i = 0; i < set.n; i++)
			found |= !strcmp(set.items[i].version, ro.stop_at);
		if (!found) {
			migration_set_free(&set);
			diag_list_release(&dl);
			cli_common_free(&c);
			return cli_usage_error("schema", "no migration has version \"%s\"", ro.stop_at);
		}
	}
	cat = catalog_new();
	Prereq pq;
	prereq_init(&pq, c.dir, c.cfg.platform, prereq);
	if (prereq_replay(cat, &pq, &dl) != 0)
		rrc = -1;
	else
		rrc = replay_migrations(cat, &set, &ro, &dl);
	if (prereq_any(&pq) && c.out == OUT_SQL) {
		/* what the prereq creates exists before the migrations: not part of the SQL (as in squash) */
		Catalog *pre = catalog_new();
		DiagList pdl = DIAGLIST_INIT;
		(void)!prereq_replay(pre, &pq, &pdl);
		diag_list_release(&pdl);
		for (size_t i = 0; i < pre->all.n; i++) {
			CatObject *p = pre->all.items[i];
			CatObject *o = p->dropped ? NULL : catalog_find(cat, p->kind, p->identity);
			if (o && (o->kind == OBJ_SCHEMA || o->kind == OBJ_EXTENSION))
				o->dropped = true;
		}
		catalog_free(pre);
	}
print:;
	StrBuf out = STRBUF_INIT;
	if (diagram) {
		if (schema_diagram(&c, cat, from_db, tables, !strcmp(diagram, "svg"), &dl) != 0)
			rrc = -1;
		report_text(stderr, &dl, c.color);
	} else if (c.out == OUT_JSON) {
		/* written as it goes (util/jsonw.h), the layout report_json_print gives a jansson tree */
		JsonW w;
		jw_init(&w, &out);
		jw_begin_object(&w);
		if (from_db)
			jw_key_null(&w, "dir");
		else
			jw_key_str(&w, "dir", c.dirs_text);
		jw_key_str_or_null(&w, "at", ro.stop_at);
		jw_key(&w, "objects");
		catalog_dump_json_write(cat, &w);
		json_t *diags = report_diags_json(&dl);
		jw_key_json(&w, "diagnostics", diags);
		json_decref(diags);
		jw_end_object(&w);
		sb_putc(&out, '\n');
		fwrite(out.data, 1, out.len, stdout);
	} else {
		int src = 0;
		if (c.out == OUT_SQL)
			src = catalog_dump_sql(cat, &out, &dl);
		else
			catalog_dump_text(cat, &out);
		fputs(sb_str(&out), stdout);
		if (src != 0)
			rrc = -1;
		report_text(stderr, &dl, c.color);
	}
	rc = (drc != 0 || rrc != 0 || diag_has_errors(&dl)) ? EXIT_FINDINGS : EXIT_OK;
	sb_release(&out);
	catalog_free(cat);
	free(schemas);
	migration_set_free(&set);
	diag_list_release(&dl);
	cli_common_free(&c);
	return rc;
}
