/* cmd_import.c — `strata import django|alembic|supabase`: adopt a project's migrations from the tool it
 * uses (project/import_django.h, project/import_alembic.h; Supabase folders need no conversion, only the
 * built-in prereq of analysis/platform.h). Options, then one library call, then the report. */
#include "strata.h"
#include "analysis/platform.h"
#include "cli/common.h"
#include "db/throwaway.h"
#include "project/import_alembic.h"
#include "project/import_common.h"
#include "project/import_django.h"
#include "util/fs.h"

static const char import_help[] =
    "usage: strata import django [--project DIR] [--settings MODULE] [--python PATH] [--out DIR]\n"
    "                            [--allow-python] [--allow-empty] [--scratch-url URL]\n"
    "       strata import alembic [--config alembic.ini] [--python PATH] [--out DIR]\n"
    "       strata import supabase [--dir supabase/migrations] [--print-prereq]\n\n"
    "Write a project's migrations as strata migrations, with the project's own tool (its Python runs as a\n"
    "subprocess), so that the tool keeps working beside strata. Run it again after new migrations: only\n"
    "those are written, and a migration that changed since it was imported is refused (squash first).\n"
    "A strata.conf is written when there is none. See docs/import.md.\n\n"
    "django:   one file per migration, in `showmigrations --plan` order, with `sqlmigrate`'s SQL, rendered\n"
    "          in a scratch database (a throwaway cluster, or --scratch-url); each file also records the\n"
    "          migration in django_migrations. With SHARED_APPS/TENANT_APPS (django-tenants) the files go\n"
    "          to OUT/shared and OUT/tenant.\n"
    "  --project DIR        the folder of manage.py (default: [import] project, else .)\n"
    "  --settings MODULE    DJANGO_SETTINGS_MODULE (default: manage.py's)\n"
    "  --allow-python       write migrations with RunPython / RunSQL noop anyway, marked: `strata check`\n"
    "                       warns about them on every run (default: refused)\n"
    "  --allow-empty        write migrations whose SQL is empty (only Django's record of them)\n"
    "  --scratch-url URL    render on this server (a scratch database is created and dropped there)\n"
    "                       instead of a throwaway cluster\n"
    "alembic:  up and down files per revision, from Alembic's offline SQL mode, in a linear order of the\n"
    "          revision graph; each keeps alembic_version as Alembic would.\n"
    "  --config FILE        alembic.ini (default: [import] config, else alembic.ini)\n"
    "supabase: nothing to convert: writes a strata.conf for supabase/migrations (the Supabase platform's\n"
    "          objects come from a built-in prereq).\n"
    "  --print-prereq       print that prereq's SQL (to run on a plain PostgreSQL before `strata up`)\n\n"
    "  --python PATH        the project's interpreter (default: [import] python, else python3)\n"
    "  --out DIR            the migrations folder to write (default: [migrations] of strata.conf, else\n"
    "                       migrations)\n\n"
    "Exit: 0 imported (or nothing new), 1 refused (each migration named), 2 usage or environment error.\n";

enum {
	OPT_H = 700,
	OPT_PROJECT,
	OPT_SETTINGS,
	OPT_PYTHON,
	OPT_OUT,
	OPT_ALLOW_PYTHON,
	OPT_ALLOW_EMPTY,
	OPT_SCRATCH,
	OPT_INI,
	OPT_DIRX,
	OPT_PRINT_PREREQ
};

typedef struct ImportCli {
	const char *project, *settings, *python, *out, *scratch, *ini, *dir;
	bool allow_python, allow_empty, print_prereq;
} ImportCli;

/* Environment errors (no python, no manage.py, the tool failed) exit 2; refusals 1. */
static int exit_code(const DiagList *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->items[i].sev == SEV_ERROR &&
		    (!strcmp(dl->items[i].rule, "import-helper") ||
		     !strcmp(dl->items[i].rule, "subprocess") ||
		     !strcmp(dl->items[i].rule, "import-config") || !strcmp(dl->items[i].rule, "throwaway") ||
		     !strcmp(dl->items[i].rule, "dev-server") || !strcmp(dl->items[i].rule, "connect")))
			return EXIT_USAGE;
	return EXIT_FINDINGS;
}

static int report(const char *tool, int rc, ImportReport *r, DiagList *dl)
{
	report_text(stderr, dl, false);
	if (rc != 0) {
		fprintf(stderr, "strata import %s: nothing written\n", tool);
		return exit_code(dl);
	}
	fputs(sb_str(&r->written), stdout);
	fputs(sb_str(&r->notes), stdout);
	printf("%s: %zu migrations, %zu imported before, %zu new\n", tool, r->total, r->existing, r->added);
	return EXIT_OK;
}

static int run_supabase(const ImportCli *ic)
{
	if (ic->print_prereq) {
		fputs(platform_prereq_sql(PLATFORM_SUPABASE), stdout);
		return EXIT_OK;
	}
	const char *dir = ic->dir ? ic->dir : "supabase/migrations";
	if (platform_detect(dir, NULL) != PLATFORM_SUPABASE && !ic->dir)
		return cli_usage_error("import", "no supabase/migrations folder here (give it with --dir)");
	DiagList dl = DIAGLIST_INIT;
	char *conf = xasprintf(
	    "# written by strata import supabase\n[migrations]\ndir = %s\nplatform = supabase\n", dir);
	bool wrote = false;
	int rc = import_write_conf("strata.conf", conf, &wrote, &dl);
	free(conf);
	report_text(stderr, &dl, false);
	diag_list_release(&dl);
	if (rc != 0)
		return EXIT_USAGE;
	printf(
	    "%s: a Supabase migrations folder: strata check and verify model the platform (auth, storage,\n"
	    "extensions, roles) with a built-in prereq; %s\n",
	    dir, wrote ? "wrote strata.conf" : "strata.conf exists: not changed");
	return EXIT_OK;
}

static int run_tool(const char *tool, ImportCli *ic, const Config *cfg)
{
	DiagList dl = DIAGLIST_INIT;
	ImportReport r = {0};
	int rc;
	if (!strcmp(tool, "alembic")) {
		AlembicImportOptions o = {ic->ini, ic->python, ic->out, "strata.conf"};
		rc = import_alembic(&o, &r, &dl);
	} else {
		/* a re-import writes where the first one did */
		char *out = NULL;
		if (!ic->out && cfg->dir && cfg->tenant_dir) {
			const char *slash = strrchr(cfg->dir, '/');
			out = slash ? xstrndup(cfg->dir, (size_t)(slash - cfg->dir)) : xstrdup(".");
		}
		Throwaway s;
		ThrowawayOptions to = {"scratch", ic->scratch};
		rc = throwaway_open(&s, &to, &dl);
		if (rc == 0) {
			char **env = throwaway_env(&s, "STRATA_SCRATCH_");
			DjangoImportOptions o = {ic->project,
			                         ic->settings,
			                         ic->python,
			                         out        ? out
			                         : ic->out  ? ic->out
			                         : cfg->dir ? cfg->dir
			                                    : "migrations",
			                         ic->allow_python,
			                         ic->allow_empty,
			                         (const char *const *)env,
			                         "strata.conf"};
			rc = import_django(&o, &r, &dl);
			throwaway_env_free(env);
			throwaway_close(&s);
		}
		free(out);
	}
	int code = report(tool, rc, &r, &dl);
	import_report_release(&r);
	diag_list_release(&dl);
	return code;
}

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {{"help", no_argument, NULL, OPT_H},
	                                         {"project", required_argument, NULL, OPT_PROJECT},
	                                         {"settings", required_argument, NULL, OPT_SETTINGS},
	                                         {"python", required_argument, NULL, OPT_PYTHON},
	                                         {"out", required_argument, NULL, OPT_OUT},
	                                         {"allow-python", no_argument, NULL, OPT_ALLOW_PYTHON},
	                                         {"allow-empty", no_argument, NULL, OPT_ALLOW_EMPTY},
	                                         {"scratch-url", required_argument, NULL, OPT_SCRATCH},
	                                         {"config", required_argument, NULL, OPT_INI},
	                                         {"dir", required_argument, NULL, OPT_DIRX},
	                                         {"print-prereq", no_argument, NULL, OPT_PRINT_PREREQ},
	                                         {NULL, 0, NULL, 0}};
	ImportCli ic = {0};
	opterr = 0;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_H:
			fputs(import_help, stdout);
			return EXIT_OK;
		case OPT_PROJECT:
			ic.project = optarg;
			break;
		case OPT_SETTINGS:
			ic.settings = optarg;
			break;
		case OPT_PYTHON:
			ic.python = optarg;
			break;
		case OPT_OUT:
			ic.out = optarg;
			break;
		case OPT_ALLOW_PYTHON:
			ic.allow_python = true;
			break;
		case OPT_ALLOW_EMPTY:
			ic.allow_empty = true;
			break;
		case OPT_SCRATCH:
			ic.scratch = optarg;
			break;
		case OPT_INI:
			ic.ini = optarg;
			break;
		case OPT_DIRX:
			ic.dir = optarg;
			break;
		case OPT_PRINT_PREREQ:
			ic.print_prereq = true;
			break;
		default:
			return cli_bad_option("import", argv, optopt);
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "which tool? strata import django|alembic|supabase");
	const char *tool = argv[optind];
	if (optind + 1 < argc)
		return cli_usage_error("import", "unexpected argument \"%s\"", argv[optind + 1]);
	if (!strcmp(tool, "supabase"))
		return run_supabase(&ic);
	if (strcmp(tool, "django") && strcmp(tool, "alembic"))
		return cli_usage_error("import", "unknown tool \"%s\" (django, alembic, supabase)", tool);
	/* what an earlier import recorded in strata.conf fills what is not given */
	Config cfg;
	DiagList dl = DIAGLIST_INIT;
	if (config_load("strata.conf", false, &cfg, &dl) != 0) {
		report_text(stderr, &dl, false);
		diag_list_release(&dl);
		config_free(&cfg);
		return EXIT_USAGE;
	}
	diag_list_release(&dl);
	if (cfg.import_tool && strcmp(cfg.import_tool, tool)) {
		config_free(&cfg);
		return cli_usage_error("import", "strata.conf says this project was imported from %s, not %s",
		                       cfg.import_tool, tool);
	}
	if (!ic.python)
		ic.python = cfg.import_python ? cfg.import_python : "python3";
	if (!ic.project)
		ic.project = cfg.import_project ? cfg.import_project : ".";
	if (!ic.settings)
		ic.settings = cfg.import_settings;
	if (!ic.ini)
		ic.ini = cfg.import_config ? cfg.import_config : "alembic.ini";
	char *alembic_out = NULL;
	if (!ic.out && !strcmp(tool, "alembic") && cfg.dir)
		ic.out = cfg.dir;
	else if (!ic.out && !strcmp(tool, "alembic")) {
		/* Flask-Migrate and `alembic init migrations` keep Alembic's scripts in migrations/ */
		ic.out = "migrations";
		if (fs_is_file("migrations/env.py")) {
			ic.out = alembic_out = xstrdup("strata_migrations");
			printf("migrations/ holds Alembic's scripts: writing to %s/\n", ic.out);
		}
	}
	int rc = run_tool(tool, &ic, &cfg);
	free(alembic_out);
	config_free(&cfg);
	return rc;
}
