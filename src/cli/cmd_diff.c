/* cmd_diff.c — `strata diff --to FILE|DIR`: options, diff_generate (diff/generate.h), printing. */
#include "strata.h"
#include "cli/common.h"
#include "diff/generate.h"
#include "exec/exact.h"

#include <ctype.h>

static const char diff_help[] =
    "usage: strata diff --to FILE|DIR [--name NAME] [--rename OLD=NEW]... [--allow-destructive]\n"
    "                   [--dry-run] [--from-db] [--prereq FILE] [--search-path PATH] [--user NAME]\n"
    "                   [--timings] [--exact] [--dir DIR] [--convention NAME] [--var NAME=VALUE]\n\n"
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
    "                       diff, proof, write; seconds)\n"
    "  --exact              the history's dynamic SQL runs on a throwaway PostgreSQL (see strata "
    "check)\n" CLI_IGNORE_HELP
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
	OPT_TIMINGS,
	OPT_EXACT
};

/* Print what diff_generate did (DL: the findings around it). */
static void print_result(const CliCommon *c, const DiffGenResult *r, DiagList *dl)
{
	switch (r->outcome) {
	case DG_NO_CHANGES:
		report_text(stderr, dl, c->color);
		cli_ignore_note(c);
		printf("no changes\n");
		break;
	case DG_DESTRUCTIVE:
		report_text(stderr, dl, c->color);
		fprintf(
		    stderr,
		    "strata diff: error: %zu destructive step%s (use --allow-destructive to write them):\n",
		    r->n_destructive, r->n_destructive == 1 ? "" : "s");
		for (size_t i = 0; i < r->n_destructive; i++)
			fprintf(stderr, "  %s\n", r->destructive[i]);
		if (r->n_rename_hints) {
			fprintf(stderr,
			        "hint: a name that goes and one that comes with the same type may be a "
			        "rename, which keeps the data:");
			for (size_t i = 0; i < r->n_rename_hints; i++)
				fprintf(stderr, "%s --rename %s", i ? " or" : "", r->rename_hints[i]);
			fputc('\n', stderr);
		}
		break;
	case DG_DRY_RUN:
		report_text(stderr, dl, c->color);
		cli_ignore_note(c);
		printf("-- up\n%s\n-- down\n%s", r->up, r->down);
		printf("verified\n");
		break;
	case DG_WRITTEN:
		report_text(stderr, dl, c->color);
		cli_ignore_note(c);
		printf("verified: %zu statement%s up, %zu down\n", r->up_statements,
		       r->up_statements == 1 ? "" : "s", r->down_statements);
		for (size_t i = 0; i < r->n_written; i++)
			printf("wrote %s\n", r->written[i]);
		if (r->alembic_rev)
			printf("wrote %sAlembic revision %s: alembic_version moves to it in the migration\n",
			       r->alembic_written ? r->alembic_written : "", r->alembic_rev);
		break;
	default:
		if (r->outcome == DG_PROOF_FAILED) {
			fprintf(stderr, "strata diff: error: the proof failed: %s\n", r->proof_what);
			report_text(stderr, &r->proof, c->color);
		} else if (r->outcome == DG_DESIRED_ERRORS)
			fprintf(stderr, "strata diff: error: the desired schema has errors\n");
		else if (r->outcome == DG_CURRENT_ERRORS)
			fprintf(stderr, "strata diff: error: the current schema has errors\n");
		else if (r->outcome == DG_RENAME_FAILED)
			fprintf(stderr,
			        "strata diff: error: a --rename does not apply to the current schema\n");
		else if (r->outcome == DG_BAD_RENAME)
			cli_usage_error("diff", "--rename wants OLD=NEW, got \"%s\"", r->bad_rename);
		report_text(stderr, dl, c->color);
	}
	fflush(stdout);
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
	    {"exact", no_argument, NULL, OPT_EXACT},
	    CLI_IGNORE_LONGOPT,
	    {NULL, 0, NULL, 0}};
	DiffGenOptions o = {.name = "schema_diff"};
	const char *prereq = NULL;
	const char **renames = NULL;
	bool timings = false, exact = false;
	int opt, rc = -1;
	while (rc < 0 && (opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(diff_help, stdout);
			rc = EXIT_OK;
			break;
		case OPT_TO:
			o.to = optarg;
			break;
		case OPT_NAME:
			o.name = optarg;
			break;
		case OPT_RENAME:
			renames = xrealloc(renames, (o.n_renames + 1) * sizeof(char *));
			renames[o.n_renames++] = optarg;
			break;
		case OPT_ALLOW_DESTRUCTIVE:
			o.allow_destructive = true;
			break;
		case OPT_DRY_RUN:
			o.dry_run = true;
			break;
		case OPT_FROM_DB:
			o.from_db = true;
			break;
		case OPT_PREREQ:
			prereq = optarg;
			break;
		case OPT_SEARCH_PATH:
			o.search_path = optarg;
			break;
		case OPT_USER:
			o.user = optarg;
			break;
		case OPT_TIMINGS:
			timings = true;
			break;
		case OPT_EXACT:
			exact = true;
			break;
		default: {
			int r = cli_common_opt(&c, opt, optarg);
			if (r <= 0)
				rc = r < 0 ? EXIT_USAGE : cli_bad_option("diff", argv, optopt);
		}
		}
	}
	if (rc < 0 && (optind < argc || !o.to))
		rc = optind < argc ? cli_usage_error("diff", "unexpected argument \"%s\"", argv[optind])
		                   : cli_usage_error("diff", "--to FILE|DIR is required");
	for (const char *p = o.name; rc < 0 && *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-'))
			rc = cli_usage_error("diff", "--name may hold letters, digits, '_' and '-' only");
	if (rc < 0 && (rc = cli_common_finish(&c)) == 0) {
		o.proj = &c.proj;
		o.renames = renames;
		o.database_url = c.database_url;
		o.history.schema = c.cfg.history_schema ? c.cfg.history_schema : "strata";
		o.history.table = c.cfg.history_table ? c.cfg.history_table : "history";
		o.write_dir = c.dir;
		o.write_format = c.mig_format;
		Prereq pq;
		cli_prereq(&c, prereq, &pq);
		o.prereq = &pq;
		o.ignore = &c.ignore;
		if (c.cfg.import_tool && !strcmp(c.cfg.import_tool, "alembic"))
			o.alembic_ini = c.cfg.import_config ? c.cfg.import_config : "alembic.ini";
		ExactOptions eo = {NULL, &pq};
		ExactSession *es = exact ? exact_session_new(&eo) : NULL;
		o.exact = es ? exact_session_hook(es) : NULL;
		DiffGenResult r;
		DiagList dl = DIAGLIST_INIT;
		rc = diff_generate(&o, &r, &dl);
		char *cost = es ? exact_session_summary(es) : NULL;
		exact_session_free(es);
		if (cost)
			fprintf(stderr, "%s\n", cost);
		free(cost);
		print_result(&c, &r, &dl);
		for (int i = 0; timings && i < DG_PH__COUNT; i++)
			if (r.timings.s[i] >= 0)
				fprintf(stderr, "timing: %s %.3f s\n", diff_gen_phase_names[i],
				        r.timings.s[i]);
		diff_gen_result_free(&r);
		diag_list_release(&dl);
	}
	free(renames);
	cli_common_free(&c);
	return rc;
}
