/* cmd_schema.c — `strata schema`: replay the migration history offline and print the resulting schema as
 * canonical text, executable SQL (dependency order) or JSON. */
#include "strata.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "cli/common.h"
#include "util/strbuf.h"

static const char schema_help[] =
	"usage: strata schema [--at VERSION] [--format text|sql|json] [--search-path PATH] [--user NAME]\n"
	"                     [--dir DIR] [--convention NAME] [--var NAME=VALUE]\n\n"
	"Replay the migrations (up to and including VERSION with --at) into an in-memory catalog and print\n"
	"it: canonical text (sorted, one block per object), SQL in dependency order, or JSON.\n"
	"--search-path sets the initial search_path (default: \"$user\", public); --user the user for $user.\n"
	"Exit: 0 ok, 1 replay errors (the schema is still printed), 2 usage or config error.\n\n" CLI_COMMON_HELP;

enum { OPT_AT = OPT_CMD_BASE, OPT_SEARCH_PATH, OPT_USER };

int cmd_schema(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "schema");
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
						 {"at", required_argument, NULL, OPT_AT},
						 {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
						 {"user", required_argument, NULL, OPT_USER},
						 {NULL, 0, NULL, 0}};
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
	int rc = cli_common_finish(&c);
	if (rc) {
		cli_common_free(&c);
		return rc;
	}
	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT;
	int drc = cli_load_migrations(&c, &set, &dl);
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
	Catalog *cat = catalog_new();
	int rrc = replay_migrations(cat, &set, &ro, &dl);
	StrBuf out = STRBUF_INIT;
	if (c.out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "dir", json_string(c.dir));
		json_object_set_new(root, "at", ro.stop_at ? json_string(ro.stop_at) : json_null());
		json_object_set_new(root, "objects", (json_t *)catalog_dump_json(cat));
		json_object_set_new(root, "diagnostics", report_diags_json(&dl));
		report_json_print(stdout, root);
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
	migration_set_free(&set);
	diag_list_release(&dl);
	cli_common_free(&c);
	return rc;
}
