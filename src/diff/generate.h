/* generate.h — `strata diff` as a library call: the next migration (up and down) that turns the schema of
 * the history (the migrations replayed, or a live database) into a desired schema written as plain SQL,
 * proven by replay before anything is written: history + up == desired, history + up + down == history.
 * Renames given as OLD=NEW become ALTER ... RENAME instead of a drop and a create. */
#ifndef STRATA_DIFF_GENERATE_H
#define STRATA_DIFF_GENERATE_H

#include "strata.h"
#include "analysis/ignore.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "db/history.h"
#include "project/project.h"
#include "util/diag.h"

typedef struct DiffGenOptions {
	const Project *proj;        /* the history (unless FROM_DB) */
	const char *to;             /* the desired schema: a .sql file or a folder of .sql files */
	const char *name;           /* migration name */
	const char *const *renames; /* "OLD=NEW" (TABLE=NEW, TABLE.COLUMN=NEW, schema-qualified or not) */
	size_t n_renames;
	bool allow_destructive;
	bool dry_run;             /* make and prove, do not write */
	bool from_db;             /* the current schema is DATABASE_URL's, not the history's */
	const char *database_url; /* FROM_DB: the database (NULL: the environment's) */
	HistoryTarget history;    /* FROM_DB: strata's own tables, left out of the application's schema */
	const Prereq *prereq;     /* replayed first on both sides (the platform's, --prereq), or NULL */
	IgnoreList *ignore;       /* tables left out on both sides (other tools' history tables, --ignore) */
	const char *alembic_ini;  /* an imported Alembic project ([import] tool = alembic): its alembic.ini,
	                             so the migration moves alembic_version too; NULL otherwise */
	const ReplayExact
	    *exact; /* --exact: the history's dynamic SQL runs on a server (exec/exact.h), or NULL */
	const char *search_path; /* the replays' search_path and user */
	const char *user;
	const char *write_dir;  /* where the migration goes */
	MigFormat write_format; /* convention to write (FMT_AUTO: the folder's, golang-migrate when empty) */
} DiffGenOptions;

enum { DG_PH_LOAD_HISTORY, DG_PH_LOAD_DESIRED, DG_PH_DIFF, DG_PH_PROOF, DG_PH_WRITE, DG_PH__COUNT };
extern const char *const diff_gen_phase_names[DG_PH__COUNT];

typedef struct DiffGenTimings {
	double s[DG_PH__COUNT]; /* seconds; < 0: the phase did not run */
	double t0;              /* start of the running phase */
} DiffGenTimings;

typedef enum DiffGenOutcome {
	DG_WRITTEN = 0,
	DG_DRY_RUN,        /* made and proven, not written: UP and DOWN hold it */
	DG_NO_CHANGES,     /* the history already is the desired schema */
	DG_DESTRUCTIVE,    /* destructive steps without allow_destructive (DESTRUCTIVE lists them) */
	DG_PROOF_FAILED,   /* PROOF_WHAT says which step; PROOF holds the differences */
	DG_DESIRED_ERRORS, /* the desired schema has errors (DL) */
	DG_CURRENT_ERRORS, /* the history (or the database) has errors (DL) */
	DG_BAD_RENAME,     /* BAD_RENAME is not OLD=NEW */
	DG_RENAME_FAILED,  /* a rename does not apply to the current schema (DL) */
	DG_FAILED,         /* the diff failed (DL) */
	DG_ENV, /* reading the migrations or the desired files, connecting or writing failed (DL) */
} DiffGenOutcome;

typedef struct DiffGenResult {
	DiffGenOutcome outcome;
	char *up, *down; /* the migration's text (DG_WRITTEN, DG_DRY_RUN) */
	size_t up_statements, down_statements;
	char **destructive;
	size_t n_destructive;
	char **
	    rename_hints; /* DG_DESTRUCTIVE: "t.old=new" pairs that may be renames (diff_rename_candidates) */
	size_t n_rename_hints;
	char **written; /* DG_WRITTEN: the files */
	size_t n_written;
	const char *proof_what; /* static text */
	DiagList proof;
	const char *bad_rename; /* borrowed from the options */
	char *alembic_rev;      /* DG_WRITTEN in an Alembic project: the revision written for it, and where */
	char *alembic_written;
	DiffGenTimings timings;
} DiffGenResult;

/* Run O into R (free with diff_gen_result_free); findings that are not the outcome (warnings of the
 * replays) go to DL. Returns the exit code: 0 written, dry run or no changes; 1 destructive steps refused,
 * the proof failed, or a schema has errors; 2 usage or environment error. */
int diff_generate(const DiffGenOptions *o, DiffGenResult *r, DiagList *dl) WARN_UNUSED;
void diff_gen_result_free(DiffGenResult *r);

#endif
