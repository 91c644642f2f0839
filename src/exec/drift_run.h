/* drift_run.h — `strata drift` as library calls: for each target, the schema its history says it has (the
 * migrations replayed up to its newest applied version) against the schema it has (introspected). Targets
 * are one database, a schema of a database, or every tenant of a fleet (read 100 tenant schemas per
 * introspection). `--fix` writes the migration that restores the expected state of one target, guarded
 * so that it changes nothing on a database without the drift, and proven by replay on both (live + up ==
 * expected, expected + up == expected) before anything is written; behind head, it goes right after the
 * target's version, before the pending migrations its drift would make fail. */
#ifndef STRATA_EXEC_DRIFT_RUN_H
#define STRATA_EXEC_DRIFT_RUN_H

#include "strata.h"
#include "analysis/drift.h"
#include "analysis/ignore.h"
#include "analysis/prereq.h"
#include "db/history.h"
#include "project/project.h"
#include "exec/fleet_servers.h"
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
	const char *at_version;  /* compare every target with the migrations up to this version instead of
	                            its history's newest (baseline --tenants); NULL: the history's */
	const TenantConfig
	    *tenant_project; /* a schema-per-tenant project: a whole-database target is its
	                        shared scope, the tenant schemas are left out (a note says so) */
	IgnoreList *ignore;  /* tables left alone (other tools' history tables, --ignore) */
	/* drift_tenants_check over many tenants: called (from the thread running the check) once the first
	 * UPTO targets are compared, so that a caller can act on them meanwhile; NULL: not called */
	void (*batch_done)(void *ud, size_t upto);
	void *batch_ud;
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

/* The drift of the tenant schemas T[0..N) of the open fleet FS (T[i] on server SERVER_OF[i], listed
 * server by server; label and schema = the tenant), SHARED the shared migrations replayed first: 100
 * tenants per introspection, each compared at its history's version or at O->at_version. Fills each
 * T[i].diffs (or .failed with an error in DL). */
void drift_tenants_check(const DriftOptions *o, const TenantConfig *tc, const MigrationSet *shared,
                         FleetServer *fs, DriftTarget *t, const size_t *server_of, size_t n, DiagList *dl);
/* Database mode: the drift of tenant database T->label on the server of SERVER_URL (the whole database,
 * without strata's own history), at O->at_version or its history's version. */
void drift_tenant_database(const DriftOptions *o, const char *server_url, DriftTarget *t, DiagList *dl);

typedef struct DriftFixOptions {
	const char *dir;     /* where the migration is written */
	MigFormat format;    /* convention to write (FMT_AUTO: the folder's, golang-migrate when empty) */
	const char *name;    /* migration name */
	const char *version; /* the fix's version (NULL: after the last migration when the target is at
	                        head, else the first version after the target's that sorts before the next
	                        pending migration) */
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
	char *up, *down; /* the migration's text (FIX_WRITTEN, FIX_DRY_RUN); the down does nothing */
	char *version;   /* its version (FIX_WRITTEN; FIX_DRY_RUN when placed before pending migrations) */
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
