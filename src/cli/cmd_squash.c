/* cmd_squash.c — `strata squash --to V`: options, squash_run (analysis/squash.h), printing. */
#include "strata.h"
#include "analysis/squash.h"
#include "cli/common.h"

static const char squash_help[] =
    "usage: strata squash --to VERSION [--name NAME] [--delete] [--dry-run] [--prereq FILE]\n"
    "                     [--search-path PATH] [--user NAME] [--dir DIR] [--convention NAME] [--var "
    "NAME=VALUE]\n\n"
    "Replace every migration up to and including VERSION with one baseline migration of version VERSION,\n"
    "generated from the schema at VERSION (SQL in dependency order). Before anything changes, the baseline\n"
    "is replayed and compared with the schema at VERSION, and baseline + the later migrations with the "
    "whole\n"
    "history (\"verified\"); otherwise the differences are printed and nothing changes.\n"
    "The originals move to DIR/.squashed/ (or are deleted with --delete). The baseline starts with\n"
    "`-- strata:squash covers FIRST..VERSION`: `strata up`/`status` treat it as applied on databases whose\n"
    "history reaches FIRST or later, and run it on fresh ones. Repeatable migrations are kept.\n\n"
    "  --to VERSION         last migration to squash\n"
    "  --name NAME          baseline name (default: squashed_baseline)\n"
    "  --delete             delete the squashed files instead of moving them to .squashed/\n"
    "  --dry-run            print the baseline, change nothing\n"
    "  --prereq FILE        setup script replayed first (its objects are not part of the baseline)\n"
    "  --search-path PATH   search_path of the replay; --user NAME the user for \"$user\"\n" CLI_IGNORE_HELP
    "Exit: 0 squashed, 1 the proof failed or the history has errors, 2 usage or environment "
    "error.\n\n" CLI_COMMON_HELP;

enum { OPT_TO = OPT_CMD_BASE, OPT_NAME, OPT_DELETE, OPT_DRY_RUN, OPT_PREREQ, OPT_SEARCH_PATH, OPT_USER };

static int print_result(const CliCommon *c, const SquashOptions *o, SquashResult *r, DiagList *dl, int rc)
{
	switch (r->outcome) {
	case SQ_NO_VERSION:
		rc = cli_usage_error("squash", "no migration has version \"%s\"", o->to);
		break;
	case SQ_CANNOT_WRITE:
		rc = cli_usage_error("squash", "cannot write temporal-sql-tool migrations (manifest.json)");
		break;
	case SQ_ACROSS_FOLDERS:
		rc = cli_usage_error(
		    "squash",
		    "the migrations up to \"%s\" lie in several folders; a baseline is written "
		    "in one folder: squash a version of the first folder",
		    o->to);
		break;
	case SQ_HISTORY_ERRORS:
		fprintf(stderr, "strata squash: error: the history up to \"%s\" has errors\n", o->to);
		break;
	case SQ_PROOF_AT_V:
		fprintf(stderr,
		        "strata squash: error: the proof failed: the baseline differs from the history at "
		        "\"%s\"\n",
		        o->to);
		report_text(stderr, &r->proof, c->color);
		break;
	case SQ_PROOF_HEAD:
		fprintf(stderr,
		        "strata squash: error: the proof failed: baseline + later migrations differ from the "
		        "history\n");
		report_text(stderr, &r->proof, c->color);
		break;
	case SQ_DRY_RUN:
		cli_ignore_note(c);
		fputs(r->baseline, stdout);
		printf("verified\n");
		break;
	case SQ_WRITTEN:
		cli_ignore_note(c);
		printf("verified: %zu migrations (%s..%s) squashed into one baseline\n", r->count, r->first,
		       o->to);
		for (size_t i = 0; i < r->n_written; i++)
			printf("wrote %s\n", r->written[i]);
		printf("%s the originals%s\n", o->del ? "deleted" : "moved", o->del ? "" : " to .squashed/");
		break;
	default:
		break;
	}
	report_text(stderr, dl, c->color);
	return rc;
}

/* Whether the one folder C names is the tenant folder of a multi-tenant project ([migrations] tenant). */
static bool is_tenant_folder(const CliCommon *c)
{
	if (!c->cfg.tenant_dir || c->proj.n_dirs != 1)
		return false;
	char *a = realpath(c->proj.dirs[0], NULL), *b = realpath(c->cfg.tenant_dir, NULL);
	bool same = a && b && !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

int cmd_squash(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "squash");
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         {"to", required_argument, NULL, OPT_TO},
	                                         {"name", required_argument, NULL, OPT_NAME},
	                                         {"delete", no_argument, NULL, OPT_DELETE},
	                                         {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         CLI_IGNORE_LONGOPT,
	                                         {NULL, 0, NULL, 0}};
	SquashOptions o = {.proj = &c.proj, .name = "squashed_baseline", .ignore = &c.ignore};
	const char *prereq = NULL;
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(squash_help, stdout);
			return EXIT_OK;
		case OPT_TO:
			o.to = optarg;
			continue;
		case OPT_NAME:
			o.name = optarg;
			continue;
		case OPT_DELETE:
			o.del = true;
			continue;
		case OPT_DRY_RUN:
			o.dry_run = true;
			continue;
		case OPT_PREREQ:
			prereq = optarg;
			continue;
		case OPT_SEARCH_PATH:
			o.search_path = optarg;
			continue;
		case OPT_USER:
			o.user = optarg;
			continue;
		default:
			break;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r <= 0) {
			cli_common_free(&c);
			return r < 0 ? EXIT_USAGE : cli_bad_option("squash", argv, optopt);
		}
	}
	if (optind < argc || !o.to) {
		cli_common_free(&c);
		return optind < argc ? cli_usage_error("squash", "unexpected argument \"%s\"", argv[optind])
		                     : cli_usage_error("squash", "--to VERSION is required");
	}
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	Prereq pq;
	cli_prereq(&c, prereq, &pq);
	o.prereq = &pq;
	SquashResult r;
	DiagList dl = DIAGLIST_INIT;
	MigrationSet shared = {0};
	if (is_tenant_folder(&c)) { /* the shared migrations come first: tenant objects may use them */
		const char *sd[1] = {c.cfg.dir ? c.cfg.dir : "migrations"};
		Project sp = c.proj;
		sp.dirs = sd;
		sp.n_dirs = 1;
		if (project_exists(&sp) && project_discover(&sp, SCOPE_SHARED, &shared, &dl) != 0) {
			report_text(stderr, &dl, c.color);
			diag_list_release(&dl);
			migration_set_free(&shared);
			cli_common_free(&c);
			return EXIT_FINDINGS;
		}
		o.shared = &shared;
		o.tenant_search_path = c.cfg.tenant_search_path;
		o.shared_schema = c.cfg.shared_schema;
	}
	rc = print_result(&c, &o, &r, &dl, squash_run(&o, &r, &dl));
	migration_set_free(&shared);
	squash_result_free(&r);
	diag_list_release(&dl);
	cli_common_free(&c);
	return rc;
}
