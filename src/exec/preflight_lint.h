/* preflight_lint.h — the lint rules in the pre-flight of `up`: the pending migrations replayed onto the live
 * catalog are linted as `strata check` lints them, with what only the database knows: objects of the
 * pending migrations are new (no lock finding on a table this deploy creates), and every lock or rewrite
 * finding is weighed by the table's size from the statistics (a note on a small table, an error on a
 * large one, which refuses the deploy unless the statement carries `-- strata:allow RULE`). Only the
 * refusals are reported. */
#ifndef STRATA_EXEC_PREFLIGHT_LINT_H
#define STRATA_EXEC_PREFLIGHT_LINT_H

#include "strata.h"
#include "analysis/lint.h"
#include "project/config.h"

#include <libpq-fe.h>

typedef struct PreflightLint {
	LintConfig lc;
	LintLive live;
	Linter *linter;
	DiagList dl; /* the findings, until preflight_lint_end */
	bool config_failed;
} PreflightLint;

/* The tenants one check of a tenant pre-flight stands for (schema mode): SCHEMA is the representative's,
 * where the replay finds the tables; each is weighed by its largest copy among SCHEMAS[0..N). */
typedef struct PreflightLintTenants {
	const char *schema;
	const char *const *schemas;
	size_t n;
} PreflightLintTenants;

/* Set PL up for the pending migrations PENDING (N indexes into SET) of the database CONN, with the [lint]
 * settings of CFG. Table sizes are read from CONN: every table's, or with TENANTS (may be NULL) those of its
 * schemas only. Returns 0, or -1 with an error in DL (the database could not be read). Configuration errors
 * are kept for preflight_lint_end. */
int preflight_lint_begin(PreflightLint *pl, PGconn *conn, const MigrationSet *set, const size_t *pending,
                         size_t n, const Config *cfg, const PreflightLintTenants *tenants,
                         DiagList *dl) WARN_UNUSED;
/* The replay hook and its argument (install both in the pre-flight's ReplayOptions). */
void preflight_lint_hook(PreflightLint *pl, ReplayOptions *ro);
/* Move the errors to DL (a lock on a large table, a configuration error); warnings and notes are dropped
 * (`strata check --database-url` shows them), and so are unknown rule names in comments (check fails on
 * them). Returns 1 when an error refuses the deploy, else 0. Frees what PL holds. */
int preflight_lint_end(PreflightLint *pl, DiagList *dl);

#endif
