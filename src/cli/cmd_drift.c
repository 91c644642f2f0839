/* cmd_drift.c — `strata drift`: for each target, the schema its history says it has (the migrations
 * replayed up to its newest applied version) against the schema it has (introspected), object by object.
 * Identical drifts across targets are grouped. Exit 1 on any drift. */
#include "strata.h"
#include "analysis/drift.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "cli/common.h"
#include "cli/dbopts.h"
#include "db/connect.h"
#include "db/history.h"
#include "db/introspect.h"
#include "exec/status.h"
#include "util/vec.h"

static const char drift_help[] =
	"usage: strata drift [--database-url URL] [--target URL]... [--schema S]... [--tenants]\n"
	"                    [--format text|json|github|sarif] [--search-path PATH] [--user NAME] [--prereq FILE]\n\n"
	"Compare each target with what its history says it should be: the migrations replayed offline up to the\n"
	"newest version recorded in its history table, against the live schema read from pg_catalog. Every\n"
	"missing, extra or changed object is reported; the same drift on several targets is reported once\n"
	"(\"3 targets: index ... is only in the migrations\").\n"
	"  --target URL         another database to check (repeatable; the first target is --database-url)\n"
	"  --schema S           check schema S of each database as its own target (schema-per-tenant): its\n"
	"                       history is \"S\".<history table>, the migrations replay with search_path S\n"
	"  --tenants            every tenant of strata.conf [tenants] (needs the tenants support; see below)\n"
	"  --search-path PATH   the replay's initial search_path; --user NAME its current user\n"
	"  --prereq FILE        SQL replayed first (roles, schemas, extensions the migrations expect)\n\n"
	"Exit: 0 no drift, 1 drift found (or a target could not be read), 2 usage or connection error.\n\n" CLI_DB_HELP
	"\n" CLI_COMMON_HELP;

typedef VEC(const char *) CStrVec;

/* Check one target: fills T (diffs, or failed with an error in DL). */
static void drift_one(CliCommon *c, const ApplyOptions *o, const MigrationSet *set, const char *url,
		      DriftTarget *t, const char *search_path, const char *user, const char *prereq, DiagList *dl)
{
	PGconn *conn = db_open(url, dl);
	if (!conn) {
		t->failed = true;
		return;
	}
	HistoryTarget ht = {t->schema ? t->schema : o->target.schema, o->target.table};
	HistoryRows rows;
	bool exists = false;
	if (history_load(conn, &ht, &rows, &exists, dl) != 0) {
		t->failed = true;
		PQfinish(conn);
		return;
	}
	Status st;
	status_compute(set, &rows, &st);
	Catalog *model = catalog_new();
	DiagList rdl = DIAGLIST_INIT;
	if (prereq && replay_prereq(model, prereq, &rdl) != 0) {
		/* the replay's own errors are strata check's business */
	}
	if (t->schema && !catalog_find_schema(model, t->schema))
		(void)catalog_add(model, OBJ_SCHEMA, NULL, t->schema, NULL, NULL);
	if (st.current) {
		ReplayOptions ro = {0};
		ro.search_path = search_path ? search_path : t->schema;
		ro.user = user;
		ro.stop_at = st.current;
		ro.quiet_info = true;
		if (replay_migrations(model, set, &ro, &rdl) != 0) {
			Diag *d = diag_add(dl, SEV_WARNING, "replay", NULL, 0, 0,
					   "%s: the offline replay reported %zu errors (run strata check)", t->label,
					   diag_count(&rdl, SEV_ERROR));
			(void)d;
		}
	}
	diag_list_release(&rdl);
	Catalog *live = NULL;
	IntrospectOptions io = {0};
	const char *only[1] = {t->schema};
	if (t->schema) {
		io.schemas = only;
		io.nschemas = 1;
	}
	if (introspect_catalog(conn, &io, &live, dl) != 0) {
		t->failed = true;
	} else {
		(void)drift_compare(t, model, live, t->schema ? t->schema : o->target.schema, o->target.table);
	}
	catalog_free(live);
	catalog_free(model);
	status_free(&st);
	history_rows_free(&rows);
	PQfinish(conn);
	(void)c;
	(void)exists;
}

int cmd_drift(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "drift");
	ApplyOptions o;
	apply_options_init(&o);
	enum { OPT_TARGET = OPT_CMD_BASE, OPT_SCHEMA, OPT_TENANTS, OPT_SEARCH_PATH, OPT_USER, OPT_PREREQ };
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_DB_LONGOPTS,
						 {"target", required_argument, NULL, OPT_TARGET},
						 {"schema", required_argument, NULL, OPT_SCHEMA},
						 {"tenants", no_argument, NULL, OPT_TENANTS},
						 {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
						 {"user", required_argument, NULL, OPT_USER},
						 {"prereq", required_argument, NULL, OPT_PREREQ},
						 {NULL, 0, NULL, 0}};
	CStrVec urls = {0}, schemas = {0};
	const char *search_path = NULL, *user = NULL, *prereq = NULL;
	bool tenants = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(drift_help, stdout);
			return EXIT_OK;
		case OPT_TARGET:
			vec_push(&urls, optarg);
			continue;
		case OPT_SCHEMA:
			vec_push(&schemas, optarg);
			continue;
		case OPT_TENANTS:
			tenants = true;
			continue;
		case OPT_SEARCH_PATH:
			search_path = optarg;
			continue;
		case OPT_USER:
			user = optarg;
			continue;
		case OPT_PREREQ:
			prereq = optarg;
			continue;
		default:
			break;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("drift", &o, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("drift", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("drift", "unexpected argument \"%s\"", argv[optind]);
	if (tenants) {
		vec_free(&urls);
		vec_free(&schemas);
		return cli_usage_error("drift", "--tenants needs the tenant support (branch \"tenants\"), which has not "
						"landed here: list the targets with --schema S or --target URL");
	}
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	cli_db_finish(&c, &o);
	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT;
	if (cli_load_migrations(&c, &set, &dl) != 0 && diag_has_errors(&dl)) {
		cli_print_diags(&c, &dl);
		diag_list_release(&dl);
		migration_set_free(&set);
		cli_common_free(&c);
		return EXIT_FINDINGS;
	}
	/* targets: databases × schemas */
	size_t ndb = 1 + urls.n, nsch = schemas.n ? schemas.n : 1;
	size_t nt = ndb * nsch;
	DriftTarget *t = xcalloc(nt, sizeof(DriftTarget));
	size_t failed = 0;
	for (size_t d = 0; d < ndb; d++) {
		const char *url = d == 0 ? c.database_url : urls.items[d - 1];
		for (size_t s = 0; s < nsch; s++) {
			DriftTarget *x = &t[d * nsch + s];
			x->schema = schemas.n ? schemas.items[s] : NULL;
			const char *dbl = url ? url : "default database";
			x->label = x->schema ? (ndb > 1 ? xasprintf("%s/%s", dbl, x->schema) : xstrdup(x->schema))
					     : xstrdup(dbl);
			drift_one(&c, &o, &set, url, x, search_path, user, prereq, &dl);
			if (x->failed)
				failed++;
		}
	}
	DiagList groups = DIAGLIST_INIT;
	size_t ng = drift_group(t, nt, &groups);
	size_t total = 0;
	for (size_t i = 0; i < nt; i++)
		total += t[i].diffs.n;
	diag_list_append_all(&groups, &dl);
	if (c.out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "targets", json_integer((json_int_t)nt));
		json_object_set_new(root, "failed_targets", json_integer((json_int_t)failed));
		json_object_set_new(root, "differences", json_integer((json_int_t)total));
		json_object_set_new(root, "distinct", json_integer((json_int_t)ng));
		json_t *per = json_array();
		for (size_t i = 0; i < nt; i++) {
			json_t *e = json_object();
			json_object_set_new(e, "target", json_string(t[i].label));
			json_object_set_new(e, "failed", json_boolean(t[i].failed));
			json_object_set_new(e, "diagnostics", report_diags_json(&t[i].diffs));
			json_array_append_new(per, e);
		}
		json_object_set_new(root, "per_target", per);
		json_object_set_new(root, "diagnostics", report_diags_json(&groups));
		report_json_print(stdout, root);
	} else if (c.out == OUT_SARIF || c.out == OUT_GITHUB) {
		cli_print_diags(&c, &groups);
	} else {
		report_text(stdout, &groups, c.color);
		printf("%zu target%s, %zu difference%s (%zu distinct)%s\n", nt, nt == 1 ? "" : "s", total,
		       total == 1 ? "" : "s", ng, failed ? ", some targets could not be read" : "");
	}
	rc = total || failed || diag_has_errors(&groups) ? EXIT_FINDINGS : EXIT_OK;
	for (size_t i = 0; i < nt; i++) {
		free(t[i].label);
		diag_list_release(&t[i].diffs);
	}
	free(t);
	diag_list_release(&groups);
	diag_list_release(&dl);
	vec_free(&urls);
	vec_free(&schemas);
	migration_set_free(&set);
	cli_common_free(&c);
	return rc;
}
