/* import_django.h — `strata import django`: a Django project's migrations as strata migrations. The
 * project's own Python runs Django (src/project/py/import_django.py) against a scratch database: the plan
 * in `showmigrations --plan` order, and each migration's SQL as `sqlmigrate` renders it. With
 * django-tenants settings (SHARED_APPS / TENANT_APPS) each migration gets a file in the shared folder and
 * one in the tenant folder: its SQL where its app is routed (tenant SQL rendered in a template tenant
 * schema, unqualified, so it runs in any tenant under search_path = <tenant>, public), and everywhere the
 * django_migrations row Django itself records (as `migrate_schemas` does in every schema), written so that
 * it can never be inserted twice. Operations without SQL (RunPython, RunSQL noop) and empty output are
 * refused, naming the migration; --allow-python writes such files with a `-- strata:warning` line that
 * `strata check` reports on every run. A re-import writes only new migrations and refuses when an imported
 * one changed. */
#ifndef STRATA_PROJECT_IMPORT_DJANGO_H
#define STRATA_PROJECT_IMPORT_DJANGO_H

#include "strata.h"
#include "project/import_common.h"
#include "util/diag.h"

typedef struct DjangoImportOptions {
	const char *project;     /* the folder of manage.py */
	const char *settings;    /* DJANGO_SETTINGS_MODULE, or NULL: manage.py's default */
	const char *python;      /* the project's interpreter */
	const char *out_dir;     /* migrations root: OUT (plain Django) or OUT/shared + OUT/tenant */
	bool allow_python;       /* write migrations with RunPython / RunSQL noop, marked */
	bool allow_empty;        /* write migrations whose SQL is empty (only Django's record) */
	const char *const *env;  /* the scratch database for the helper (STRATA_SCRATCH_*=...), NULL-ended */
	const char *config_path; /* strata.conf to write when missing, or NULL */
} DjangoImportOptions;

/* Import. Nothing is written when anything is refused. Returns 0, or -1 with errors in DL (each naming
 * the migration and its file). */
int import_django(const DjangoImportOptions *o, ImportReport *r, DiagList *dl) WARN_UNUSED;

/* The folders the import writes for OUT: *SHARED (OUT itself without tenants) and *TENANT (NULL without
 * tenants); both heap. TENANTS says whether the project routes apps (SHARED_APPS/TENANT_APPS). */
void import_django_dirs(const char *out, bool tenants, char **shared, char **tenant);

#endif
