/* lint.h — lint rules over a migration history: each rule has an id, a default severity, a page in
 * docs/rules.md (with the Squawk rule it corresponds to), and can be configured in strata.conf
 * ([lint] rule = off|info|warning|error) and silenced inline (`-- strata:ignore RULE` on the statement's
 * line or the line above it, `-- strata:ignore-file RULE`, and the older `-- strata:disable RULE`).
 * Rules run as hooks of the replay (analysis/replay.h): per statement with the catalog before and after
 * it, and once over the final catalog. Lock and rewrite findings are weighed by the live size of the
 * table when a database is given (LintLive): a note on a small table, an error on a large one. */
#ifndef STRATA_ANALYSIS_LINT_H
#define STRATA_ANALYSIS_LINT_H

#include "strata.h"
#include "analysis/ignore.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "project/config.h"
#include "project/migration.h"
#include "sql/parse.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/hmap.h"

#include <libpq-fe.h>

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
	LR_FK_LOCK,
	LR_PK_NO_INDEX,
	LR_UNIQUE_NO_INDEX,
	LR_SET_NOT_NULL,
	LR_DROP_INDEX_NOT_CONCURRENT,
	LR_DOMAIN_CHECK,
	/* running clients and data (lint_compat.c) */
	LR_DROP_COLUMN,
	LR_DROP_TABLE,
	LR_DROP_DATABASE,
	LR_DROP_NOT_NULL,
	LR_TRUNCATE_CASCADE,
	LR_RENAME_COLUMN,
	LR_RENAME_TABLE,
	LR_ENUM_VALUE_ORDER,
	LR_NOT_IDEMPOTENT,
	/* style */
	LR_PREFER_IDENTITY,
	LR_PREFER_TEXT,
	LR_PREFER_TIMESTAMPTZ,
	LR_CHAR_COLUMN,
	LR_PREFER_BIGINT_KEY,
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

/* LintRule.flags */
enum {
	LRF_LOCK = 1, /* a lock or rewrite finding on a table: weighed by the table's live size */
	LRF_ROWS = 2, /* fails when the table has rows (not-null-without-default): a note on an empty table,
	                 an error on one with rows */
};

typedef struct LintRule {
	const char *id;     /* "index-not-concurrent" */
	int def;            /* default severity (Severity) or LINT_OFF */
	bool tenancy;       /* only on when [tenants] mode = shared */
	unsigned flags;     /* LRF_* */
	const char *squawk; /* the Squawk rule(s) it corresponds to ("a, b"), or NULL */
	const char *summary;
} LintRule;

extern const LintRule lint_rules[LR__COUNT];

/* What the live database says, for weighing (lint_live.c fills it; all of it optional). */
typedef struct LintSize {
	double rows;        /* pg_class.reltuples (summed over partitions); < 0 unknown (never analyzed) */
	double bytes;       /* relpages × block size */
	const char *tenant; /* tenant_max entries: the tenant holding the largest */
} LintSize;

typedef struct LintLive {
	Arena arena;
	HMap sizes;      /* "schema.name" → LintSize* of every table and materialized view */
	HMap tenant_max; /* tenant tables: table name → LintSize* of the largest among the tenants */
	HMap pending;    /* versions of the migrations this deploy applies (not applied yet) → non-NULL */
	bool have_sizes; /* sizes were read (a table absent from SIZES does not exist there) */
	bool have_pending;
	/* tenant migrations: the version each tenant is at (NULL: none applied), from the ledger; those up
	 * to the lowest are applied everywhere, the others pending somewhere */
	const char **tenant_at;
	size_t ntenant_at;
	bool have_tenant_at;
	/* a tenant pre-flight: the representative tenant's schema, whose tables the replay names; they are
	 * weighed by TENANT_MAX, the largest copy among the tenants the check stands for (NULL: none) */
	const char *tenant_schema;
} LintLive;

void lint_live_init(LintLive *lv);
void lint_live_release(LintLive *lv);
/* Record one table's size (KEY "schema.name", copied). */
void lint_live_put(LintLive *lv, const char *schema, const char *name, double rows, double bytes);
/* Record one tenant table's size: the largest per table name is kept. */
void lint_live_put_tenant(LintLive *lv, const char *tenant, const char *name, double rows, double bytes);
void lint_live_pending(LintLive *lv, const char *version);
/* Record the version tenant migrations are at in one tenant (NULL: none applied). */
void lint_live_tenant_at(LintLive *lv, const char *version);
struct HistoryTarget;
/* Fill LV from the database CONN: the migrations of SET its history table HT lacks are pending (SET and
 * HT may be NULL: no pending set), and every table's size; tables of the schemas TENANTS (N of them,
 * schema-per-tenant) count as tenant tables (the largest per name is kept); ONLY_TENANTS reads those
 * schemas only (another server of the fleet). Returns 0, or -1 with an error in DL. */
int lint_live_read(LintLive *lv, PGconn *conn, const MigrationSet *set, const struct HistoryTarget *ht,
                   char *const *tenants, size_t ntenants, bool only_tenants, DiagList *dl) WARN_UNUSED;

typedef struct LintConfig {
	int sev[LR__COUNT];   /* effective severity or LINT_OFF */
	bool set[LR__COUNT];  /* severity given in strata.conf */
	const char **globals; /* [tenants] global: tables without tenant_id that are meant to be global */
	size_t nglobals;
	const char *tenant_column; /* "tenant_id" */
	IgnoreList *ignore; /* tables the rules leave alone (NULL: other tools' history tables); what was left
	                       out is recorded in it, for the one note */
	/* weighing ([lint] small_table, large_table): below SMALL rows a lock finding is a note, from LARGE
	 * rows on it is an error unless allowed (`-- strata:allow RULE`); LARGE 0 turns that off */
	double small_table, large_table;
	const LintLive *live; /* NULL: offline */
	/* tenant migrations: how many tenants they run in (-1 unknown: "every tenant") */
	long tenants;
} LintConfig;

#define LINT_SMALL_TABLE 10000.0
#define LINT_LARGE_TABLE 1000000.0

/* Defaults, then CFG's [lint] pairs and [tenants] mode/global (CFG may be NULL). Unknown rule ids,
 * severities or thresholds are errors in DL (with the config file and line); returns 0 or -1. LC's
 * strings borrow from CFG. */
int lint_config_init(LintConfig *lc, const Config *cfg, DiagList *dl) WARN_UNUSED;
void lint_config_release(LintConfig *lc);
/* Rule by id, or -1. */
int lint_rule_find(const char *id);
/* Severity of a finding of rule R on a table of ROWS rows (< 0 unknown): LC's severity, lowered to a note
 * below small_table (LRF_LOCK) or at 0 rows (LRF_ROWS), raised to an error from large_table on (LRF_LOCK)
 * or above 0 rows (LRF_ROWS) unless ALLOWED. LINT_OFF stays off. */
int lint_weigh(const LintConfig *lc, LintRuleId r, double rows, bool allowed);
/* "48.2 M rows, 6.1 GB" for a table size (rows < 0: "size unknown, never analyzed"). Malloc'd. */
char *lint_size_text(double rows, double bytes);

typedef struct Linter Linter;

/* A linter over SET (borrowed) writing to DL. Inline suppressions naming unknown rules are reported here
 * (errors at file:line). lint_hook_options() installs its hooks into RO (chaining nothing: RO's previous
 * hooks are replaced, use lint_stmt_hook from your own hook to combine). */
Linter *linter_new(const MigrationSet *set, const LintConfig *lc, DiagList *dl);
/* The linter checks tenant migrations: findings say how many tenants they run in, tables of the template
 * tenant schema are weighed by the largest tenant's. */
void linter_set_tenant(Linter *L);
void linter_hook_options(Linter *L, ReplayOptions *ro);
/* The migrations of OTHER (borrowed, must outlive L) are another linter's: L's whole-catalog rules leave
 * the objects they create to it (`check` lints tenant migrations with a linter of their own). */
void linter_leave_files(Linter *L, const MigrationSet *other);
void lint_stmt_hook(void *ud, ReplayState *st, const struct SqlStmt *stmt, bool after);
/* End of the replay of the per-statement rules: findings held to the end of a migration are settled. */
void linter_end(Linter *L);
/* Whole-catalog rules (foreign keys without an index, tenancy); call once after the replay (calls
 * linter_end). */
void linter_finish(Linter *L, Catalog *cat);
void linter_free(Linter *L);
/* The `-- strata:warning RULE MESSAGE` lines `strata import` leaves in SET's files (project/import_marker.h):
 * one unexported-operation finding each, on every run (linter_finish does this for the linted set; call it
 * for other sets, such as the tenant migrations). */
void lint_report_marks(const MigrationSet *set, const LintConfig *lc, DiagList *dl);

/* ---- shared by lint_*.c ---- */
/* Add a finding for RULE at byte offset OFF of the current migration text (OFF < 0: the statement start),
 * unless the rule is off or disabled inline. Findings are weighed by live sizes only in migrations still
 * to apply (an applied one already took its locks). */
void lint_report(Linter *L, LintRuleId rule, int off, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Same, about TABLE (a CatTable or materialized view, or NULL): weighed by its live size when known. */
void lint_report_on(Linter *L, LintRuleId rule, const CatObject *table, int off, const char *fmt, ...)
    PRINTF_LIKE(5, 6);
/* Same at an object's origin (whole-catalog rules). */
void lint_report_at(Linter *L, LintRuleId rule, const CatLoc *loc, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* `"orders"` or, with the live size known, `"orders" (48.2 M rows, 6.1 GB)`: TABLE's name as the replay
 * resolves it, for messages. Owned by the linter until the next statement. */
const char *lint_tname(Linter *L, const CatObject *table);
/* The migration being replayed, its table-existence test: created before the current migration and not
 * by a migration of the same deploy (LintLive.pending). */
const Migration *lint_migration(Linter *L);
bool lint_existed_before(Linter *L, const CatObject *o);
bool lint_loc_existed_before(Linter *L, const CatLoc *loc);
const LintConfig *lint_config(Linter *L);
/* TABLE (a table of the catalog) is one the rules leave alone (another tool's history table, --ignore). */
bool lint_ignored(Linter *L, const CatObject *table);
Diag *lint_last(Linter *L); /* the diagnostic just added (for detail/hint), or NULL when suppressed */
/* Append to D's detail ("; " between), D may be NULL. Rules use it: weighing may have set one. */
void lint_add_detail(Diag *d, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Findings of RULE made between lint_hold(L, RULE, true) and lint_hold(L, RULE, false) wait for the end
 * of the migration, where lint.c decides. Only LR_CONCURRENT_IN_TX and LR_NOT_IDEMPOTENT are held. */
void lint_hold(Linter *L, LintRuleId rule, bool start);

void lint_locking_stmt(Linter *L, ReplayState *st, const struct SqlStmt *stmt, bool after);
void lint_locking_finish(Linter *L, Catalog *cat);
void lint_compat_stmt(Linter *L, ReplayState *st, const struct SqlStmt *stmt, bool after);
void lint_tenancy_finish(Linter *L, Catalog *cat);

#endif
