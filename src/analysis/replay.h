/* replay.h — build a catalog by applying migrations (or any SQL text) statement by statement, reporting
 * what PostgreSQL would reject (undefined objects, duplicates, dependent objects, bad foreign keys) with
 * file:line:col. What cannot be modelled (DML, GRANT, DO, dynamic SQL) is skipped with one info per kind. */
#ifndef STRATA_ANALYSIS_REPLAY_H
#define STRATA_ANALYSIS_REPLAY_H

#include "strata.h"
#include "catalog/catalog.h"
#include "sql/lines.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/hmap.h"

struct ReplayState;
struct SqlStmt;
struct PgQuery__Node;
/* Hooks for analyses built on the replay (lint, order): called for every top-level statement of a migration
 * history, once before it is applied (AFTER false: the catalog as it was) and once after. ST->mig_index
 * is the migration's index in the set, ST->version its version. */
typedef void (*ReplayStmtHook)(void *ud, struct ReplayState *st, const struct SqlStmt *stmt, bool after);
/* Called when migration CONSUMER references an object that migration PROVIDER (> CONSUMER) creates. */
typedef void (*ReplayLaterHook)(void *ud, int consumer, int provider, const char *what);

/* The exact mode (`--exact`): statements the model cannot follow (replay_dynamic.c: DO blocks and calls of
 * functions or procedures that run EXECUTE or DDL) run on a server instead. RUN gets CAT (the model as the
 * replay has it: the server is first brought to it), the statement's SQL and the replay's search_path
 * (SET-able text) and user. It returns 0 with *DELTA (malloc): the DDL that turns the model into what the
 * server holds after the statement (applied to the model, which then continues offline); 1 when the server
 * rejected the statement (the error in DL: PostgreSQL's answer); -1 when it could not be run at all (a
 * note in DL says why; the replay then falls back to not following it). exec/exact.c implements it. */
typedef struct ReplayExact {
	int (*run)(void *ud, Catalog *cat, const char *sql, const char *search_path, const char *user,
	           char **delta, DiagList *dl);
	void *ud;
} ReplayExact;

typedef struct ReplayOptions {
	const char *
	    search_path; /* initial search_path setting, e.g. "auth" or "\"$user\", public"; NULL = default */
	const char *user;         /* current user for "$user"; NULL = "postgres" */
	const char *stop_at;      /* replay migrations up to and including this version; NULL = all */
	bool quiet_info;          /* do not add info diagnostics for unmodelled statements */
	ReplayStmtHook stmt_hook; /* optional, see above */
	ReplayLaterHook later_hook;
	void *hook_ud;
	const ReplayExact *exact; /* NULL: dynamic code is not run, later catalog errors become warnings */
} ReplayOptions;

/* Where, in the whole history, objects are created: filled by a pre-pass so that "does not exist" can say
 * "created later by FILE:LINE:COL". Keys are "<class>:<name>" (class rel, type, fn, schema). */
typedef struct ReplayHistory {
	HMap first_create; /* key → HistEntry* (heap) */
	HMap dropped;      /* key → HistEntry* (heap): the latest drop seen so far in replay */
} ReplayHistory;

/* Transaction state of a replay (analysis/replay_tx.c). */
typedef struct ReplayTx ReplayTx;

/* Running state: search path, current file, diagnostics. One per replay. */
typedef struct ReplayState {
	ReplayStmtHook stmt_hook;
	ReplayLaterHook later_hook;
	void *hook_ud;
	Catalog *cat;
	char **path; /* search_path entries as set ("$user" literal kept); heap */
	size_t npath;
	char *user;
	bool no_body_checks; /* SET check_function_bodies = off (replay_fnbody.c) */
	const char *file;    /* current file (for diagnostics and origins) */
	const char *text;    /* current text (offsets → line:col) */
	const char *version; /* current migration version or NULL */
	int mig_index;       /* index of the current migration in the history, -1 for single texts */
	DiagList *dl;
	ReplayHistory hist;
	HMap connames;        /* "schema\x1fconname" → CatConstraint* (namespace-wide constraint names) */
	unsigned opaque_seen; /* bitmask of opaque kinds already reported in this migration */
	bool quiet_info;
	int errors;
	int stmt_off; /* offset of the statement being replayed (the location of what has none) */
	int lenient;  /* >0 inside a DO block: diagnostics go to scratch, origins to the DO statement */
	DiagList scratch;
	CatLoc lenient_loc;
	SqlLines lines; /* line index of TEXT, for node locations */
	bool ambiguous; /* the last function lookup by name alone found several (reported) */
	/* operators and aggregates made by statements the model does not follow: "o:<name>" / "f:<name>"
	 * (their uses are opaque to expression analysis) */
	HMap unmodelled;
	HMap new_enum_labels; /* ExprEnv.new_enum_labels: added in the open transaction (keys heap) */
	ReplayTx *tx;         /* transaction blocks, savepoints, checkpoints (replay_tx.c) */
	/* dynamic code (replay_dynamic.c) */
	const ReplayExact *exact;
	char *dynamic_since;   /* "FILE:LINE" and what of the latest code the model could not follow; heap */
	size_t unchecked;      /* top-level statements replayed after such code: the model cannot know what
	                          they meet (the pre-flight says how many it could not check) */
	char *first_unchecked; /* the dynamic_since of the first of them; heap */
	struct RpDynamic *dyn; /* what is known about the functions called (heap, lazily made) */
	uint32_t dynamic_seq;  /* the catalog's next_seq after that code: objects from seq on came later */
	char *dynamic_prev;    /* dynamic_since before the current top-level statement (heap): restored when
	                          the server says that statement failed (replay_tx_override) */
	size_t certain_diag; /* 1 + index in DL of this statement's error dynamic code cannot change, or 0 */
	int stmt_len;        /* bytes of the top-level statement being replayed (-1: unknown) */
	/* calls of user functions the expression analysis resolved in the current statement (RpCall*, in the
	 * catalog arena): dependencies go to the overload PostgreSQL's resolution picks */
	PtrList calls;
} ReplayState;

/* Initialise ST for CAT (which must outlive it). OPTS may be NULL. When CAT has no `public` schema, it is
 * added (a fresh database has it). */
void replay_state_init(ReplayState *st, Catalog *cat, const ReplayOptions *opts);
/* Release ST; the session ends: its temporary objects leave the catalog (rp_end_session). */
void replay_state_release(ReplayState *st);

/* Temporary objects live in the catalog's `pg_temp` schema while the session lasts, and never in the
 * schema that results. A transaction commits: tables created ON COMMIT DROP go (true when one went).
 * Called through replay_tx_commit (end of each text / migration) and at COMMIT (replay_tx.c). */
bool rp_commit(ReplayState *st);
/* The session ends: every temporary object goes, with the pg_temp schema (true when there was one). Called
 * by replay_tx_end_session, DISCARD TEMP / ALL, and replay_state_release. */
bool rp_end_session(ReplayState *st);
/* The transaction ended (COMMIT or ROLLBACK): the enum labels it added are no longer new. */
void rp_forget_new_enum_labels(ReplayState *st);

/* Apply every statement of SQL (NUL-terminated; FILE names it in diagnostics) to ST's catalog. Returns 0
 * when no error diagnostic was added, else -1 (replay continues after errors: each statement is applied as
 * far as it makes sense). Parse errors are reported too. */
int replay_sql(Catalog *cat, const char *sql, const char *file, ReplayState *st, DiagList *dl) WARN_UNUSED;

/* Replay the up direction of every migration of SET in order (up to opts->stop_at), with a pre-pass that
 * indexes which migration creates which object. Returns 0 or -1 as replay_sql. */
int replay_migrations(Catalog *cat, const MigrationSet *set, const ReplayOptions *opts,
                      DiagList *dl) WARN_UNUSED;

/* Same over texts already parsed (used by check, which parses anyway): PARSES[i] belongs to SET->items[i]
 * (entries with n == 0 and result == NULL are skipped). */
struct SqlParse;
int replay_parsed(Catalog *cat, const MigrationSet *set, struct SqlParse *parses, const ReplayOptions *opts,
                  DiagList *dl) WARN_UNUSED;

/* Replay statements FROM..TO-1 of P (the parse of migration M's up text: what the executor runs, statement by
 * statement, so indexes agree with its resume counter) into ST's catalog, continuing ST's state (search path,
 * diagnostics). MIG_INDEX is M's index in its set (diagnostics, origins). The pre-flight uses it to replay
 * pending migrations on top of an introspected catalog. Returns 0 when no error diagnostic was added, else
 * -1. */
int replay_stmts_from(ReplayState *st, const Migration *m, int mig_index, struct SqlParse *p, size_t from,
                      size_t to, DiagList *dl) WARN_UNUSED;

/* ---- transactional replay (replay_tx.c) ----
 * Statements are replayed as PostgreSQL runs them: a statement the model rejects (an error diagnostic) has
 * no effect at all, not even the part of it before the error; BEGIN ... COMMIT/ROLLBACK, SAVEPOINT,
 * RELEASE and ROLLBACK TO behave as in a session, and after an error inside a block every statement is
 * ignored until the block ends (SQLSTATE 25P02). replay_sql, replay_parsed, replay_migrations and
 * replay_stmts_from all replay this way; a migration (a text) that leaves a block open ends it: committed,
 * or rolled back when it failed. Cost: checkpoints (catalog copies) thin out as the catalog grows; a
 * rejected statement costs a restore of the catalog and the replay of the statements since the last
 * checkpoint. */
typedef enum ReplayOutcome {
	REPLAY_OK = 0,  /* applied (or not modelled) */
	REPLAY_FAILED,  /* rejected by the model (error diagnostics added); it has no effect */
	REPLAY_ABORTED, /* inside a failed transaction block: ignored (PostgreSQL: 25P02) */
} ReplayOutcome;

typedef struct ReplayTxStats {
	size_t failed;      /* statements the model rejected */
	size_t checkpoints; /* catalog copies taken */
	size_t restores;    /* catalog restores (rejected statements, ROLLBACK, ROLLBACK TO) */
	size_t redone;      /* statements replayed again after a restore */
	size_t redo_errors; /* of those, rejected the second time (0 unless replay is not deterministic) */
	bool rollback_disabled; /* the catalog could not be copied: statements kept their partial effects */
} ReplayTxStats;

/* Replay one top-level statement NODE (at byte OFF of ST->text) with the semantics above. NODE, ST->text and
 * ST->file must stay alive until replay_tx_settle() or replay_state_release() (a rollback may apply the
 * statement again). */
ReplayOutcome replay_statement(ReplayState *st, struct PgQuery__Node *node, int off);
/* Replay top-level statement S of ST->text as replay_sql does: replay_statement, except that code the model
 * cannot follow (dynamic SQL, replay_dynamic.c) runs on the exact mode's server when there is one, else it
 * marks ST and the later errors that depend on the catalog's state become warnings. The outcome is
 * replay_statement's (REPLAY_FAILED even when every error of S became a warning: S had no effect). */
ReplayOutcome replay_top_statement(ReplayState *st, const struct SqlStmt *s);
/* End of a text: a block left open is committed, or rolled back when it failed. */
void replay_tx_end_text(ReplayState *st);
/* replay_tx_end_text, and the statements replayed so far will not be applied again: their trees may be
 * freed (the next statement starts from a fresh checkpoint). */
void replay_tx_settle(ReplayState *st);
/* The text (migration) ran as one transaction and commits now, outside any block: ON COMMIT DROP tables go
 * (rp_commit; a change the statement log cannot redo, so the next statement starts from a checkpoint). */
void replay_tx_commit(ReplayState *st);
/* End of a session (disconnect): an open block is rolled back, temporary objects (schemas pg_temp*) are
 * dropped, the search path and user are the ones the replay started with (a new session's). */
void replay_tx_end_session(ReplayState *st);
/* A multi-statement query string (simple query protocol) runs as one implicit block: it is rolled back as a
 * whole when one of its statements fails. */
void replay_tx_implicit_begin(ReplayState *st);
void replay_tx_implicit_end(ReplayState *st);
/* Impose the server's verdict on the statement just replayed (an oracle, for comparisons against a real
 * server): SERVER_OK false undoes what the model applied (and aborts the block); SERVER_OK true after the
 * model rejected it keeps the block going, without the statement's effects. */
void replay_tx_override(ReplayState *st, bool server_ok);
/* The exact mode (replay_dynamic.c) changed the model outside any logged statement: the next statement
 * starts from a fresh checkpoint (so that a rollback keeps the change, or undoes it with its block). */
void replay_tx_outside_change(ReplayState *st);
/* A statement that did not go through replay_statement failed (PostgreSQL rejected it in the exact mode):
 * inside a block, the block is aborted. */
void replay_tx_failed_outside(ReplayState *st);
bool replay_tx_in_block(const ReplayState *st);
bool replay_tx_aborted(const ReplayState *st);
void replay_tx_stats(const ReplayState *st, ReplayTxStats *out);

#endif
