/* squash.h — `strata squash --to V` as a library call: the migrations up to V replaced by one baseline
 * generated from the catalog at V (dependency-ordered DDL from the SQL dump), proven by replay (prereq +
 * baseline == the schema at V; baseline + the later migrations == the whole history) before anything
 * changes; the originals move to <dir>/.squashed/ (or are deleted). The baseline keeps version V and
 * carries `-- strata:squash covers FIRST..V`, so that databases already at V or later take it as applied
 * (exec/status.c) and fresh ones run it. */
#ifndef STRATA_ANALYSIS_SQUASH_H
#define STRATA_ANALYSIS_SQUASH_H

#include "strata.h"
#include "analysis/ignore.h"
#include "analysis/prereq.h"
#include "project/project.h"
#include "util/diag.h"

typedef struct SquashOptions {
	const Project *proj;
	const char *to;       /* the last version squashed */
	const char *name;     /* the baseline's name */
	bool del;             /* delete the originals instead of moving them to .squashed/ */
	bool dry_run;         /* make and prove the baseline, change nothing */
	const Prereq *prereq; /* replayed first (its objects are not part of the baseline), or NULL */
	IgnoreList *ignore;   /* tables left out of the baseline (other tools' history tables, --ignore) */
	const char *search_path, *user;
	/* the tenant folder of a multi-tenant project: the shared migrations are replayed first (after the
	 * prereq; their objects are not part of the baseline) and the tenant migrations into a template
	 * tenant schema under the tenant search_path; the baseline names that schema's objects unqualified,
	 * so every tenant creates them in its own schema. NULL: an ordinary folder. */
	const MigrationSet *shared;
	const char *tenant_search_path; /* template, "$tenant, public" (NULL: "$tenant, <shared schema>") */
	const char *shared_schema;      /* default public */
} SquashOptions;

typedef enum SquashOutcome {
	SQ_WRITTEN = 0,
	SQ_DRY_RUN,        /* BASELINE holds the text */
	SQ_NO_VERSION,     /* no migration has version TO */
	SQ_CANNOT_WRITE,   /* the convention cannot be written (temporal manifests) */
	SQ_ACROSS_FOLDERS, /* the migrations up to TO lie in several folders (a baseline lives in one) */
	SQ_HISTORY_ERRORS, /* the history up to TO has errors (DL) */
	SQ_PROOF_AT_V,     /* the baseline differs from the history at TO (PROOF) */
	SQ_PROOF_HEAD,     /* baseline + later migrations differ from the history (PROOF) */
	SQ_FAILED,         /* the dump failed (DL) */
	SQ_ENV,            /* discovery, moving or writing files failed (DL) */
} SquashOutcome;

typedef struct SquashResult {
	SquashOutcome outcome;
	char *first;    /* the first version squashed */
	size_t count;   /* migrations squashed */
	char *baseline; /* the baseline's text (once proven) */
	char **written; /* SQ_WRITTEN: the files */
	size_t n_written;
	DiagList proof; /* why a proof failed */
} SquashResult;

/* Squash with O into RES (free with squash_result_free). Returns the exit code: 0 squashed (or dry run),
 * 1 the proof failed or the history has errors, 2 usage or environment error. */
int squash_run(const SquashOptions *o, SquashResult *res, DiagList *dl) WARN_UNUSED;
void squash_result_free(SquashResult *r);

#endif
