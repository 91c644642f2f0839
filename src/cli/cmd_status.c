/* cmd_status.c — `strata status`: migrations on disk against the history of one database. Read-only:
 * takes no lock and creates nothing. */
#include "strata.h"
#include "cli/dbopts.h"
#include "cli/tenantopts.h"
#include "db/foreign_history.h"
#include "db/session.h"
#include "exec/fleet_servers.h"
#include "exec/status.h"
#include "project/plan.h"
#include "report/report.h"

static const char status_help[] =
    "usage: strata status [--json] [options]\n\n"
    "Show the current version and every migration's state: applied, pending, failed (with how many of\n"
    "its statements ran), checksum-mismatch (edited after it was applied) and missing-file (in history,\n"
    "not on disk). A failed migration whose file changed since it ran is counted as edited. The first\n"
    "line is the headline: \"up to date at 0030\", or what needs attention (\"3 pending (at 0027)\");\n"
    "--json has it as \"headline\".\n\n"
    "Exit: 0 everything applied and unchanged, 1 something needs attention (pending, failed, edited or\n"
    "missing), 2 usage or connection error.\n\n"
    "  --tenants   the fleet instead, from strata.ledger on every server in one query each: how many\n"
    "              tenants are at each version, at head, pending, failed (with the error), edited\n"
    "              (database mode too: the ledgers are in each server's main database)\n"
    "  --from TOOL  what another tool recorded instead of strata's history: django, alembic, dbmate,\n"
    "              golang-migrate, supabase, goose, flyway, prisma, diesel, sqitch (docs/import.md)\n"
    "  --from-schema S  the schema of that tool's table (default: where the tool keeps it)\n\n" CLI_DB_HELP
    "\n" CLI_TENANT_HELP "\n" CLI_COMMON_HELP;

static json_t *entry_json(const StatusEntry *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "version", json_string(e->m ? e->m->version : e->h->version));
	json_object_set_new(o, "name", json_string(e->m ? e->m->name : e->h->name));
	json_object_set_new(o, "state", json_string(mig_state_name(e->state)));
	json_object_set_new(o, "edited", json_boolean(e->edited));
	if (e->m) {
		json_object_set_new(o, "file", json_string(e->m->up_path));
		json_object_set_new(o, "checksum", json_string(e->checksum));
	}
	if (e->h) {
		json_object_set_new(o, "recorded_checksum", json_string(e->h->checksum));
		json_object_set_new(o, "applied_at", json_string(e->h->applied_at ? e->h->applied_at : ""));
		json_object_set_new(o, "applied_by", json_string(e->h->applied_by ? e->h->applied_by : ""));
		json_object_set_new(o, "mode", json_string(e->h->mode));
		json_object_set_new(o, "duration_ms", json_integer(e->h->duration_ms));
		json_object_set_new(o, "statements_done", json_integer(e->h->statements_done));
		json_object_set_new(o, "statements_total", json_integer(e->h->statements_total));
		if (e->h->error)
			json_object_set_new(o, "error", json_string(e->h->error));
	}
	return o;
}

/* `status --tenants`: the fleet from the ledgers (exec/fleet.h). Returns the exit code: 0 when every
 * tenant is at head. */
static int fleet_status(CliCommon *c, const TenantConfig *t)
{
	FleetSummary fs;
	DiagList dl = DIAGLIST_INIT;
	int rc = fleet_status_load(&c->proj, t, &fs, &dl);
	if (rc) {
		report_text(stderr, &dl, c->color);
	} else if (c->out == OUT_JSON) {
		json_t *root = json_object(), *versions = json_object(), *failures = json_array();
		for (size_t v = 0; v < fs.n_versions; v++)
			json_object_set_new(versions, *fs.versions[v] ? fs.versions[v] : "none",
			                    json_integer(fleet_version_total(&fs, v)));
		for (size_t i = 0; i < fs.n_failures; i++) {
			const FleetFailure *f = &fs.failures[i];
			json_t *e = json_object();
			json_object_set_new(e, "tenant", json_string(f->tenant));
			json_object_set_new(e, "error", f->error ? json_string(f->error) : json_null());
			json_object_set_new(e, "version", json_string(f->version));
			if (t->n_servers > 1)
				json_object_set_new(e, "server", json_integer((json_int_t)f->server + 1));
			json_array_append_new(failures, e);
		}
		json_object_set_new(root, "head", json_string(fs.head));
		json_object_set_new(root, "servers", json_integer((json_int_t)t->n_servers));
		json_object_set_new(root, "tenants", json_integer(fs.tenants));
		json_object_set_new(root, "at_head", json_integer(fs.at_head));
		json_object_set_new(root, "pending", json_integer(fs.pending));
		json_object_set_new(root, "never_migrated", json_integer(fs.never));
		json_object_set_new(root, "failed", json_integer(fs.failed));
		json_object_set_new(root, "edited", json_integer(fs.edited));
		json_object_set_new(root, "versions", versions);
		json_object_set_new(root, "failures", failures);
		report_json_print(stdout, root);
	} else {
		printf("fleet: %lld tenant%s on %zu server%s, head %s\n", fs.tenants,
		       fs.tenants == 1 ? "" : "s", t->n_servers, t->n_servers == 1 ? "" : "s",
		       *fs.head ? fs.head : "(no tenant migrations)");
		printf("  at head   %lld\n  pending   %lld (%lld never migrated)\n  failed    %lld\n  edited "
		       "   %lld\n",
		       fs.at_head, fs.pending, fs.never, fs.failed, fs.edited);
		printf("by version:\n");
		for (size_t v = 0; v < fs.n_versions; v++)
			printf("  %-20s %lld%s\n", *fs.versions[v] ? fs.versions[v] : "none",
			       fleet_version_total(&fs, v),
			       !strcmp(fs.versions[v], fs.head) ? "  (head)" : "");
		if (fs.n_failures)
			printf("failures:\n");
		for (size_t i = 0; i < fs.n_failures; i++) {
			const FleetFailure *f = &fs.failures[i];
			printf("  tenant \"%s\" at %s: %s\n", f->tenant, *f->version ? f->version : "none",
			       f->error ? f->error : "(no error recorded)");
		}
	}
	if (!rc && (fs.pending || fs.failed || fs.edited))
		rc = EXIT_FINDINGS;
	fleet_summary_free(&fs);
	diag_list_release(&dl);
	return rc;
}

int cmd_status(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "status");
	ApplyOptions o;
	apply_options_init(&o);
	TenantCli tc;
	cli_tenant_init(&tc);
	bool tenants = false;
	ForeignTool from = FT__COUNT;
	const char *from_schema = NULL;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
	                                         CLI_TENANT_LONGOPTS,
	                                         {"tenants", no_argument, NULL, OPT_CMD_BASE},
	                                         {"from", required_argument, NULL, OPT_CMD_BASE + 1},
	                                         {"from-schema", required_argument, NULL, OPT_CMD_BASE + 2},
	                                         {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(status_help, stdout);
			return EXIT_OK;
		}
		if (opt == OPT_CMD_BASE) {
			tenants = true;
			continue;
		}
		if (opt == OPT_CMD_BASE + 1) {
			from = foreign_tool_from_name(optarg);
			if (from == FT__COUNT)
				return cli_usage_error("status", "unknown tool \"%s\" for --from (%s)",
				                       optarg, foreign_tool_names());
			continue;
		}
		if (opt == OPT_CMD_BASE + 2) {
			from_schema = optarg;
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("status", &o, opt, optarg);
		if (r == 0)
			r = cli_tenant_opt(&tc, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("status", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("status", "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	cli_db_finish(&c, &o);
	if (tenants) {
		rc = cli_tenant_finish(&c, &tc, true);
		if (!rc)
			rc = fleet_status(&c, &tc.cfg);
		cli_tenant_free(&tc);
		cli_common_free(&c);
		return rc;
	}
	MigrationSet set = {0};
	PGconn *conn = NULL;
	rc = cli_db_open(&c, &set, &conn, true);
	if (rc) {
		migration_set_free(&set);
		cli_common_free(&c);
		return rc;
	}
	DiagList dl = DIAGLIST_INIT;
	HistoryRows rows;
	bool exists = false;
	char *hist_label = NULL, *hist_json = NULL; /* for people; "schema.table" for --json */
	int lrc;
	if (from != FT__COUNT) {
		ForeignHistory fh;
		lrc = foreign_history_load(conn, from, from_schema, &fh, &dl);
		if (lrc == 0) {
			foreign_history_rows(&fh, &set, &rows);
			exists = fh.exists;
			hist_label = xasprintf("%s history %s", foreign_tools[from].label, fh.table);
			hist_json = xstrdup(fh.table);
		}
		foreign_history_free(&fh);
	} else {
		lrc = history_load(conn, &o.target, &rows, &exists, &dl);
		hist_label = xasprintf("history \"%s\".\"%s\"", o.target.schema, o.target.table);
		hist_json = xasprintf("%s.%s", o.target.schema, o.target.table);
	}
	if (lrc != 0) {
		rc = cli_apply_exit(&c, APPLY_FAILED, &dl);
	} else {
		Status st;
		status_compute(&set, &rows, &st);
		char *headline = status_headline(&st);
		if (c.out == OUT_JSON) {
			json_t *root = json_object();
			json_object_set_new(root, "headline", json_string(headline));
			json_object_set_new(root, "database", json_string(PQdb(conn)));
			json_object_set_new(root, "history", json_string(hist_json));
			if (from != FT__COUNT)
				json_object_set_new(root, "from", json_string(foreign_tools[from].name));
			json_object_set_new(root, "current",
			                    st.current ? json_string(st.current) : json_null());
			json_object_set_new(root, "applied", json_integer((json_int_t)st.n_applied));
			json_object_set_new(root, "pending", json_integer((json_int_t)st.n_pending));
			json_object_set_new(root, "failed", json_integer((json_int_t)st.n_failed));
			json_object_set_new(root, "checksum_mismatch",
			                    json_integer((json_int_t)st.n_mismatch));
			json_object_set_new(root, "missing_file", json_integer((json_int_t)st.n_missing));
			json_object_set_new(root, "needs_attention",
			                    json_boolean(status_needs_attention(&st)));
			json_t *arr = json_array();
			for (size_t i = 0; i < st.n; i++)
				json_array_append_new(arr, entry_json(&st.items[i]));
			json_object_set_new(root, "migrations", arr);
			report_json_print(stdout, root);
		} else {
			printf("%s\n", headline);
			printf("database \"%s\", %s%s: %s%s\n", PQdb(conn), hist_label,
			       exists ? "" : " (not created yet)",
			       st.current ? "current version " : "no migration applied",
			       st.current ? st.current : "");
			for (size_t i = 0; i < st.n; i++) {
				const StatusEntry *e = &st.items[i];
				char *label =
				    e->m ? mig_label(e->m) : xasprintf("%s_%s", e->h->version, e->h->name);
				printf("  %-17s %s", mig_state_name(e->state), label);
				if ((e->state == ST_APPLIED || e->state == ST_CHECKSUM_MISMATCH) &&
				    from != FT__COUNT)
					printf("  (%s%s%s)", foreign_tools[from].label,
					       *e->h->applied_at ? ", " : "", e->h->applied_at);
				else if (e->state == ST_APPLIED || e->state == ST_CHECKSUM_MISMATCH)
					printf("  (%s, %lld ms%s)", e->h->applied_at, e->h->duration_ms,
					       !strcmp(e->h->mode, "baseline") ? ", baseline" : "");
				if (e->state == ST_CHECKSUM_MISMATCH)
					printf("  edited after apply: %.12s… → %.12s…", e->h->checksum,
					       e->checksum);
				if (e->state == ST_FAILED && from != FT__COUNT)
					printf("  (%s recorded it as not finished)",
					       foreign_tools[from].label);
				else if (e->state == ST_FAILED)
					printf("  (%s, %d of %d statements done%s%s)", e->h->mode,
					       e->h->statements_done, e->h->statements_total,
					       e->h->error ? ": " : "", e->h->error ? e->h->error : "");
				if (e->state == ST_FAILED && e->edited)
					printf("  edited since it ran: %.12s… → %.12s…", e->h->checksum,
					       e->checksum);
				if (e->state == ST_MISSING_FILE)
					printf("  (applied %s, file not found)", e->h->applied_at);
				putchar('\n');
				free(label);
			}
			printf("%zu applied, %zu pending, %zu failed, %zu edited after they ran, %zu missing "
			       "files\n",
			       st.n_applied, st.n_pending, st.n_failed, st.n_mismatch, st.n_missing);
		}
		rc = status_needs_attention(&st) ? EXIT_FINDINGS : EXIT_OK;
		free(headline);
		if (dl.n)
			report_text(stderr, &dl, c.color);
		status_free(&st);
		history_rows_free(&rows);
	}
	free(hist_label);
	free(hist_json);
	diag_list_release(&dl);
	PQfinish(conn);
	migration_set_free(&set);
	cli_common_free(&c);
	return rc;
}
