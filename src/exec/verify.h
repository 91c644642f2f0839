/* verify.h — `strata verify`, the oracle, as a library call: apply every migration to a fresh database
 * (on a throwaway cluster, or a fresh database on a given server) through the apply engine — the same plan
 * and per-migration modes as `strata up` (one transaction per migration, or statement by statement for a
 * migration marked to run without one or holding a statement that cannot run in a transaction block) —
 * introspect it, replay the same migrations offline, and compare the two catalogs object by object. */
#ifndef STRATA_EXEC_VERIFY_H
#define STRATA_EXEC_VERIFY_H

#include "strata.h"
#include "analysis/prereq.h"
#include "db/history.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/strbuf.h"

typedef struct VerifyOptions {
	const char *database_url; /* a server to create the fresh database on (superuser); NULL: throwaway */
	const Prereq *prereq;    /* run as superuser in the fresh database first (the platform's built-in SQL,
	                            then --prereq FILE) and replayed first offline; NULL: none */
	bool keep;               /* keep the cluster and database (VerifyReport says where) */
	bool exact;              /* the offline replay runs dynamic SQL on the server (exec/exact.h) */
	const char *search_path; /* search_path of the migration connection and of the offline replay */
	const char *user;        /* connect as USER to apply the migrations */
	const char *role;        /* SET ROLE after connecting */
	StrBuf settings;         /* libpq "options" of the migration connection: "-c name=value ..." */
	HistoryTarget history;   /* where the engine records what it applied (left out of the comparison) */
} VerifyOptions;

/* Defaults: throwaway cluster, history strata.history, no settings. */
void verify_options_init(VerifyOptions *o);
/* Add server setting NAME=VALUE for the migration connection (escaped for libpq "options"). */
void verify_options_set(VerifyOptions *o, const char *name, const char *value);
void verify_options_release(VerifyOptions *o);

typedef struct VerifyReport {
	size_t migrations;  /* in the set */
	bool applied;       /* every migration applied (else the failure is in DL) */
	size_t differences; /* model vs database */
	DiagList diffs;     /* one diagnostic per difference (the message says it) */
	DiagList replay;    /* errors of the offline replay, as warnings (strata check's business) */
	char *kept_url;     /* --keep: the server (redacted URL), the database, the cluster's home */
	char *kept_db;
	char *kept_home;     /* NULL when the server was not a throwaway one */
	char *exact_summary; /* --exact: what it ran and what it cost (NULL: nothing ran) */
	DiagList dynamic;    /* without --exact: the statements of dynamic SQL the model could not follow
	                      * (infos, rule dynamic-sql): differences may come from them */
} VerifyReport;

/* Verify SET with O into R (free with verify_report_free). Returns the exit code: 0 no difference, 1 a
 * difference or a migration failed, 2 the server could not be started or reached (errors in DL). */
int verify_run(const VerifyOptions *o, const MigrationSet *set, VerifyReport *r, DiagList *dl) WARN_UNUSED;
void verify_report_free(VerifyReport *r);

#endif
