/* drift_run.h — `strata drift` as library calls: for each target, the schema its history says it has (the
 * migrations replayed up to its newest applied version) against the schema it has (introspected). Targets
 * are one database, a schema of a database, or every tenant of a fleet (read 100 tenant schemas per
 * introspection). `--fix` writes the migration that restores the expected state of one target, proven by
 * replay (live + up == expected, live + up + down == live) before anything is written. */
#ifndef STRATA_EXEC_DRIFT_RUN_H
#define STRATA_EXEC_DRIFT_RUN_H

#include "strata.h"
#include "analysis/drift.h"
#include "analysis/ignore.h"
#include "analysis/prereq.h"
#include "db/history.h"
#include "project/project.h"
#include "project/tenancy.h"
#include "util/diag.h"

#define DRIFT_TENANT_BATCH 100 /* tenant schemas per introspection query batch */

/* What a drift run reads besides the targets (shared by every target). */
typedef struct DriftOptions {
	const Project *proj;   /* the shared migrations (for --tenants) */
	HistoryTarget history; /* the history table of a target: schema (or the target's schema) and table */
	const MigrationSet *set; /* the migrations (the tenant migrations with --tenants) */
	const char *search_path; /* the replay's initial search_path (NULL: the target's schema) */
	const char *user;        /* the replay's current user */
	const Prereq *prereq;    /* replayed first (the platform's, --prereq), or NULL */
	IgnoreList *ignore;      /* tables left alone (other tools' history tables, --ignore) */
} DriftOptions;

/* One database (URL, NULL: the default connection) or one schema of it (T->schema): fills T->diffs, or
 * sets T->failed with an error in DL. */
void drift_target_run(const DriftOptions *o, const char *url, DriftTarget *t, DiagList *dl);

/* Which tenants `drift --tenants` reads: NAMES (none: every tenant of the source) matching WHERE. */
typedef struct DriftTenantSel {
	char **names;
	size_t n_names;
	const char *where; /* LIKE pattern, or NULL */
} DriftTenantSel;

/* Every wanted tenant of every server of TC (schema mode only): *OUT (label and schema = the tenant name;
 * free each label and diffs, then the array) and *NT. Returns 0 or an exit code, with errors in DL. */
int drift_tenants_run(const DriftOptions *o, const TenantConfig *tc, const DriftTenantSel *sel,
                      DriftTarget **out, size_t *nt, DiagList *dl) WARN_UNUSED;

typedef struct DriftFixOptions {
	const char *dir;  /* where the migration is written */
	MigFormat format; /* convention to write (FMT_AUTO: the folder's, golang-migrate when empty) */
	const char *name; /* migration name */
	bool allow_destructive, dry_run;
} DriftFixOptions;

typedef enum DriftFixOutcome {
	FIX_WRITTEN = 0,
	FIX_DRY_RUN,      /* up/down made and proven, not written */
	FIX_NO_DRIFT,     /* nothing to fix */
	FIX_NO_STATEMENT, /* differences the diff has no statement for (T->diffs) */
	FIX_DESTRUCTIVE,  /* destructive steps without allow_destructive (listed) */
	FIX_PROOF_FAILED, /* the replay did not prove it (PROOF) */
	FIX_FAILED,       /* not at head, or the diff failed (DL) */
	FIX_ENV,          /* connection, introspection or writing failed (DL) */
} DriftFixOutcome;

typedef struct DriftFixResult {
	DriftFixOutcome outcome;
	size_t differences;
	char *up, *down; /* the migration's text (FIX_WRITTEN, FIX_DRY_RUN) */
	size_t up_statements, down_statements;
	char **destructive; /* FIX_DESTRUCTIVE: the steps that lose data */
	size_t n_destructive;
	char **written; /* FIX_WRITTEN: the files */
	size_t n_written;
	DiagList proof; /* FIX_PROOF_FAILED: what differed */
} DriftFixResult;

/* `drift --fix` for target T of database URL into RES (free with drift_fix_result_free). Returns the exit
 * code: 0 written, dry run or no drift; 1 refused or not proven; 2 connection or write error. */
int drift_fix_run(const DriftOptions *o, const char *url, DriftTarget *t, const DriftFixOptions *fo,
                  DriftFixResult *res, DiagList *dl) WARN_UNUSED;
void drift_fix_result_free(DriftFixResult *res);

#endif
