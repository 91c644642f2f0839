/* config.h — strata.conf (INI, read with libinih). Every key can also be given as a flag; flags win.
 * Unknown sections or keys are errors with file:line, so a typo never silently changes behaviour. */
#ifndef STRATA_PROJECT_CONFIG_H
#define STRATA_PROJECT_CONFIG_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"

typedef struct Config {
	char *path; /* file read, or NULL when none */
	/* [migrations] */
	char *dir;           /* dir = ... (alias: shared = ...) */
	char *dirs;          /* dirs = A, B: several folders applied in turn (instead of dir) */
	char *tenant_dir;    /* tenant = ... */
	char *format;        /* format = flyway|goose|... */
	char *max_file_size; /* max_file_size = 64MB: larger files are an error (applied by config_load) */
	char *ignore_tables; /* ignore = t1, s.t2: tables diff/drift/squash/lint leave alone
	                        (analysis/ignore.h) */
	char *platform;      /* platform = supabase | none: the built-in prereq (analysis/platform.h) */
	/* [database] */
	char *database_url;   /* url = ... */
	char *history_schema; /* history_schema = strata */
	char *history_table;  /* history_table = history */
	char *lock_timeout;   /* lock_timeout = 5s */
	char *statement_timeout;
	char *preflight; /* preflight = refuse | warn (up --preflight) */
	/* [tenants] */
	char *tenant_mode; /* schema | database | shared */
	char *shared_schema;
	char *tenant_search_path;
	char *tenant_source;
	char *tenant_global; /* global = a, b: tables without tenant_id on purpose (shared mode lint) */
	/* [fleet] */
	char *fleet_servers;
	/* [import]: what `strata import` was run with, so that a re-import needs no flags */
	char *import_tool;     /* django | alembic */
	char *import_project;  /* Django: the folder of manage.py */
	char *import_settings; /* Django: DJANGO_SETTINGS_MODULE */
	char *import_python;   /* the project's interpreter */
	char *import_config;   /* Alembic: alembic.ini */
	/* [vars]: placeholder values */
	MigVar *vars;
	size_t n_vars;
	/* [lint]: rule = off|info|warning|error, and the thresholds (analysis/lint.h) */
	MigVar *rules;
	int *rule_lines; /* line of each rule in the file, for messages */
	size_t n_rules;
} Config;

/* Load PATH into OUT. When PATH does not exist: if REQUIRED, an error; else OUT stays empty and 0 is
 * returned. Syntax errors and unknown keys are errors with file:line. Returns 0 or -1. */
int config_load(const char *path, bool required, Config *out, DiagList *dl) WARN_UNUSED;
void config_free(Config *c);

/* Load into OUT the strata.conf of the project whose migrations folder is DIR, for a command run where
 * there is none: DIR's own strata.conf, else the one in DIR's parent when it names DIR as one of its folders
 * (dir, dirs or tenant; `migrations` when it names none): proj/strata.conf beside proj/migrations. So
 * `strata check --dir proj/migrations` run from elsewhere reads proj's settings, as Alembic and Flyway users
 * expect of a project's config, while a folder the parent's config does not name is checked on its own.
 * The relative folders the file names are made relative to its folder. OUT stays empty when there is no
 * such file. Returns 0, or -1 with an error in DL (as config_load). */
int config_load_for_dir(const char *dir, Config *out, DiagList *dl) WARN_UNUSED;

#endif
