/* common.c — option handling and project loading shared by every subcommand (see common.h). */
#include "strata.h"
#include "cli/common.h"
#include "project/tenancy.h"
#include "util/fs.h"

#include <unistd.h>

void cli_common_init(CliCommon *c, const char *cmd)
{
	memset(c, 0, sizeof(*c));
	c->cmd = cmd;
	c->color = isatty(2) && !getenv("NO_COLOR");
	opterr = 0;
	optind = 1;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "strata %s: error: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'strata %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int cli_bad_option(const char *cmd, char **argv, int optopt_value)
{
	const char *arg = argv[optind - 1];
	if (optopt_value && !(arg && arg[0] == '-' && arg[1] == '-'))
		return cli_usage_error(cmd, "unknown option \"-%c\"", optopt_value);
	/* getopt_long leaves the offending word at optind - 1 for long options */
	if (arg && strchr(arg, '='))
		return cli_usage_error(cmd, "unknown option or bad argument \"%s\"", arg);
	return cli_usage_error(cmd, "unknown option \"%s\" (or it needs an argument)", arg ? arg : "?");
}

static void add_var(CliCommon *c, const char *name, size_t nlen, const char *value)
{
	c->vars = xrealloc(c->vars, sizeof(MigVar) * (c->n_vars + 1));
	c->vars[c->n_vars].name = xstrndup(name, nlen);
	c->vars[c->n_vars].value = xstrdup(value);
	c->n_vars++;
}

int cli_common_opt(CliCommon *c, int opt, const char *arg)
{
	switch (opt) {
	case OPT_DIR:
		if (c->n_dirs == CLI_MAX_DIRS) {
			cli_usage_error(c->cmd, "at most %d --dir folders", CLI_MAX_DIRS);
			return -1;
		}
		c->dirs[c->n_dirs++] = arg;
		return 1;
	case OPT_CONFIG:
		c->config_path = arg;
		return 1;
	case OPT_DATABASE_URL:
		c->database_url = arg;
		return 1;
	case OPT_JSON:
		c->out = OUT_JSON;
		return 1;
	case OPT_NO_COLOR:
		c->color = false;
		return 1;
	case OPT_IGNORE:
		ignore_add(&c->ignore, arg);
		return 1;
	case OPT_FORMAT:
		if (!strcmp(arg, "text"))
			c->out = OUT_TEXT;
		else if (!strcmp(arg, "json"))
			c->out = OUT_JSON;
		else if (!strcmp(arg, "sql"))
			c->out = OUT_SQL;
		else if (!strcmp(arg, "github"))
			c->out = OUT_GITHUB;
		else if (!strcmp(arg, "sarif"))
			c->out = OUT_SARIF;
		else if (mig_format_from_name(arg) != FMT__COUNT)
			c->mig_format = mig_format_from_name(arg);
		else {
			cli_usage_error(
			    c->cmd,
			    "unknown format \"%s\" (output: text, json, sql, github, sarif; "
			    "conventions: flyway, "
			    "golang-migrate, dbmate, goose, prisma, diesel, temporal, plain, lexical, tern)",
			    arg);
			return -1;
		}
		return 1;
	case OPT_CONVENTION:
		c->mig_format = mig_format_from_name(arg);
		if (c->mig_format == FMT__COUNT) {
			cli_usage_error(
			    c->cmd,
			    "unknown convention \"%s\" (flyway, golang-migrate, dbmate, goose, prisma, "
			    "diesel, temporal, plain, lexical, tern, auto)",
			    arg);
			return -1;
		}
		return 1;
	case OPT_VAR: {
		const char *eq = strchr(arg, '=');
		if (!eq || eq == arg) {
			cli_usage_error(c->cmd, "--var needs NAME=VALUE, got \"%s\"", arg);
			return -1;
		}
		add_var(c, arg, (size_t)(eq - arg), eq + 1);
		return 1;
	}
	default:
		return 0;
	}
}

int cli_common_finish(CliCommon *c)
{
	DiagList dl = DIAGLIST_INIT;
	const char *path = c->config_path ? c->config_path : "strata.conf";
	/* no strata.conf here: the one of the project whose folder --dir names */
	int lrc = !c->config_path && c->n_dirs && !fs_is_file(path)
	              ? config_load_for_dir(c->dirs[0], &c->cfg, &dl)
	              : config_load(path, c->config_path != NULL, &c->cfg, &dl);
	if (lrc != 0) {
		report_text(stderr, &dl, c->color);
		cli_common_free(c); /* callers return at once on error */
		diag_list_release(&dl);
		return EXIT_USAGE;
	}
	diag_list_release(&dl);
	if (!c->n_dirs && c->cfg.dirs && c->cfg.dir) {
		fprintf(stderr, "%s: error: [migrations] has both dir and dirs: keep one\n", c->cfg.path);
		cli_common_free(c);
		return EXIT_USAGE;
	}
	if (!c->n_dirs && c->cfg.dirs) {
		c->n_cfg_dirs = split_list(c->cfg.dirs, &c->cfg_dirs);
		if (!c->n_cfg_dirs) {
			fprintf(stderr, "%s: error: [migrations] dirs names no folder\n", c->cfg.path);
			cli_common_free(c);
			return EXIT_USAGE;
		}
		for (size_t i = 0; i < c->n_cfg_dirs && i < CLI_MAX_DIRS; i++)
			c->dirs[c->n_dirs++] = c->cfg_dirs[i];
	}
	if (!c->n_dirs) /* a Supabase project keeps its migrations in supabase/migrations */
		c->dirs[c->n_dirs++] = c->cfg.dir ? c->cfg.dir
		                       : !fs_is_dir("migrations") && fs_is_dir("supabase/migrations")
		                           ? "supabase/migrations"
		                           : "migrations";
	c->dir = c->dirs[c->n_dirs - 1];
	if (!c->database_url)
		c->database_url = c->cfg.database_url;
	if (c->cfg.ignore_tables)
		ignore_add(&c->ignore, c->cfg.ignore_tables);
	if (c->mig_format == FMT_AUTO && c->cfg.format) {
		c->mig_format = mig_format_from_name(c->cfg.format);
		if (c->mig_format == FMT__COUNT) {
			fprintf(stderr, "%s: error: unknown migration format \"%s\" in [migrations] format\n",
			        c->cfg.path, c->cfg.format);
			cli_common_free(c);
			return EXIT_USAGE;
		}
	}
	for (size_t i = 0; i < c->cfg.n_vars; i++) { /* flags win: config vars only fill what is unset */
		bool set = false;
		for (size_t j = 0; j < c->n_vars; j++)
			set |= !strcmp(c->vars[j].name, c->cfg.vars[i].name);
		if (!set)
			add_var(c, c->cfg.vars[i].name, strlen(c->cfg.vars[i].name), c->cfg.vars[i].value);
	}
	c->proj.dirs = c->dirs;
	c->proj.n_dirs = c->n_dirs;
	c->dirs_text = project_dirs_text(&c->proj);
	c->proj.format = c->mig_format;
	c->proj.vars = c->vars;
	c->proj.n_vars = c->n_vars;
	c->sink.emit = cli_sink_emit;
	c->sink.ud = c;
	return 0;
}

void cli_common_free(CliCommon *c)
{
	for (size_t i = 0; i < c->n_vars; i++) {
		free((char *)c->vars[i].name);
		free((char *)c->vars[i].value);
	}
	free(c->vars);
	c->vars = NULL;
	c->n_vars = 0;
	c->n_dirs = 0;
	free_list(c->cfg_dirs, c->n_cfg_dirs);
	c->cfg_dirs = NULL;
	c->n_cfg_dirs = 0;
	free(c->dirs_text);
	c->dirs_text = NULL;
	ignore_release(&c->ignore);
	config_free(&c->cfg);
}

void cli_print_diags(const CliCommon *c, const DiagList *dl)
{
	if (c->out == OUT_JSON)
		report_json_print(stdout, report_diags_json(dl));
	else if (c->out == OUT_SARIF)
		report_json_print(stdout, report_sarif(dl));
	else if (c->out == OUT_GITHUB)
		report_github(stdout, dl);
	else
		report_text(stderr, dl, c->color);
}

int cli_load_migrations(CliCommon *c, MigrationSet *set, DiagList *dl)
{
	return project_discover(&c->proj, SCOPE_SHARED, set, dl);
}

void cli_ignore_note(const CliCommon *c)
{
	StrBuf sb = STRBUF_INIT;
	ignore_note(&c->ignore, &sb);
	if (sb.len)
		fprintf(stderr, "strata %s: note: %s\n", c->cmd, sb_str(&sb));
	sb_release(&sb);
}

void cli_prereq(const CliCommon *c, const char *file, Prereq *out)
{
	prereq_init(out, c->n_dirs ? c->dirs[0] : c->dir, c->cfg.platform, file);
}

void cli_sink_emit(void *ud, const DiagList *dl)
{
	const CliCommon *c = ud;
	report_text(stderr, dl, c->color);
}
