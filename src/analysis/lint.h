/* lint.h — lint rules over a migration history: each rule has an id, a default severity, a page in
 * docs/rules.md, and can be configured in strata.conf ([lint] rule = off|info|warning|error) and silenced
 * inline (`-- strata:disable RULE` on the line before a statement, or at the top of a file, apart from
 * the first statement, for the whole file). Rules run as hooks of the replay (analysis/replay.h): per
 * statement with the catalog before and after it, and once over the final catalog. */
#ifndef STRATA_ANALYSIS_LINT_H
#define STRATA_ANALYSIS_LINT_H

#include "strata.h"
#include "analysis/ignore.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "project/config.h"
#include "project/migration.h"
#include "util/diag.h"

typedef enum LintRuleId {
	/* locking / deploy safety (lint_locking.c) */
	LR_NOT_NULL_NO_DEFAULT = 0,
	LR_VOLATILE_DEFAULT,
	LR_TYPE_REWRITE,
	LR_INDEX_NOT_CONCURRENT,
	LR_CONCURRENT_IN_TX,
	LR_CONSTRAINT_NOT_VALID,
	LR_OBJECT_IN_USE,
	LR_FK_NO_INDEX,
	LR_LOCK_TIMEOUT,
	/* style */
	LR_PREFER_IDENTITY,
	LR_PREFER_TEXT,
	LR_PREFER_TIMESTAMPTZ,
	/* tenancy, shared-schema mode (lint_tenancy.c) */
	LR_TENANT_RLS,
	LR_TENANT_KEY,
	LR_TENANT_INDEX,
	LR_TENANT_GLOBAL,
	/* marks left by `strata import` (project/import_marker.h) */
	LR_UNEXPORTED,
	LR__COUNT
} LintRuleId;

#define LINT_OFF (-1)

typedef struct LintRule {
	const char *id; /* "index-not-concurrent" */
	int def;        /* default severity (Severity) or LINT_OFF */
	bool tenancy;   /* only on when [tenants] mode = shared */
	const char *summary;
} LintRule;

extern const LintRule lint_rules[LR__COUNT];

typedef struct LintConfig {
	int sev[LR__COUNT];   /* effective severity or LINT_OFF */
	const char **globals; /* [tenants] global: tables without tenant_id that are meant to be global */
	size_t nglobals;
	const char *tenant_column; /* "tenant_id" */
	IgnoreList *ignore; /* tables the rules leave alone (NULL: other tools' history tables); what was left
	                       out is recorded in it, for the one note */
} LintConfig;

/* Defaults, then CFG's [lint] pairs and [tenants] mode/global (CFG may be NULL). Unknown rule ids or
 * severities are errors in DL (with the config file); returns 0 or -1. LC's strings borrow from CFG. */
int lint_config_init(LintConfig *lc, const Config *cfg, DiagList *dl) WARN_UNUSED;
void lint_config_release(LintConfig *lc);
/* Rule by id, or -1. */
int lint_rule_find(const char *id);

typedef struct Linter Linter;

/* A linter over SET (borrowed) writing to DL. lint_hook_options() installs its hooks into RO (chaining
 * nothing: RO's previous hooks are replaced, use lint_stmt_hook from your own hook to combine). */
Linter *linter_new(const MigrationSet *set, const LintConfig *lc, DiagList *dl);
void linter_hook_options(Linter *L, ReplayOptions *ro);
void lint_stmt_hook(void *ud, ReplayState *st, const struct SqlStmt *stmt, bool after);
/* Whole-catalog rules (foreign keys without an index, tenancy); call once after the replay. */
void linter_finish(Linter *L, Catalog *cat);
void linter_free(Linter *L);
/* The `-- strata:warning RULE MESSAGE` lines `strata import` leaves in SET's files (project/import_marker.h):
 * one unexported-operation finding each, on every run (linter_finish does this for the linted set; call it
 * for other sets, such as the tenant migrations). */
void lint_report_marks(const MigrationSet *set, const LintConfig *lc, DiagList *dl);

/* ---- shared by lint_*.c ---- */
/* Add a finding for RULE at byte offset OFF of the current migration text (OFF < 0: the statement start),
 * unless the rule is off or disabled inline. */
void lint_report(Linter *L, LintRuleId rule, int off, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Same at an object's origin (whole-catalog rules). */
void lint_report_at(Linter *L, LintRuleId rule, const CatLoc *loc, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* The migration being replayed, its table-existence test ("created before the current migration"). */
const Migration *lint_migration(Linter *L);
bool lint_existed_before(Linter *L, const CatObject *o);
const LintConfig *lint_config(Linter *L);
/* TABLE (a table of the catalog) is one the rules leave alone (another tool's history table, --ignore). */
bool lint_ignored(Linter *L, const CatObject *table);
Diag *lint_last(Linter *L); /* the diagnostic just added (for detail/hint), or NULL when suppressed */

void lint_locking_stmt(Linter *L, ReplayState *st, const struct SqlStmt *stmt, bool after);
void lint_locking_finish(Linter *L, Catalog *cat);
void lint_tenancy_finish(Linter *L, Catalog *cat);

#endif
