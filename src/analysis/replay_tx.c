/* replay_tx.c — PostgreSQL's transaction semantics in replay: a statement the model rejects has no effect at
 * all (not even the part of a CREATE TABLE or a multi-command ALTER before the bad element), a failed
 * transaction block ignores everything until ROLLBACK (25P02), ROLLBACK and ROLLBACK TO SAVEPOINT undo.
 *
 * How: checkpoints and redo. A checkpoint is a catalog_clone() of the model (plus the session state replay
 * keeps: search path and user) at a position of the statement log; the log holds every statement applied
 * since the oldest checkpoint still needed. Going back to position P restores the latest checkpoint at or
 * before P in place (catalog_restore) and applies the logged statements up to P again, quietly. Checkpoints
 * are taken when the statements since the last one cost about as much to redo as a clone costs to make
 * (a clone is linear in the catalog's size, so checkpoints thin out as the catalog grows: a history without
 * errors pays a few clones in all), and at the place of a failure (failures come in clusters). BEGIN and
 * SAVEPOINT only remember a position. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "project/plan.h"

#include <stdint.h>
#include <sys/types.h>

/* A statement applied since the oldest checkpoint: enough to apply it again. */
typedef struct TxEntry {
	PgQuery__Node *node;
	int off;
	const char *text, *file, *version;
	int mig_index;
} TxEntry;

typedef struct TxCheckpoint {
	size_t pos;   /* log position: the state before statement POS */
	Catalog *cat; /* catalog_clone() of the model then */
	char **path;  /* search path and user then */
	size_t npath;
	char *user;
} TxCheckpoint;

typedef struct TxSavepoint {
	char *name;
	size_t pos;
} TxSavepoint;

struct ReplayTx {
	TxEntry *log; /* log[i] is position base + i */
	size_t nlog, caplog, base;
	TxCheckpoint *ck; /* by position, oldest first */
	size_t nck, capck;
	TxSavepoint *sp;
	size_t nsp, capsp;
	bool in_block, implicit, aborted;
	size_t begin_pos;
	/* st->dynamic_since when the block began (heap copy): a ROLLBACK undoes what dynamic code did in
	 * the block, so the model knows the catalog again as it knew it then */
	char *dynamic_at_begin;
	bool dynamic_saved;
	char **local_path; /* search path before the block's first SET LOCAL (restored at its end) */
	size_t nlocal_path;
	bool has_local_path;
	char *local_user; /* the current role then (SET LOCAL ROLE is undone at the block's end too) */
	bool stale;       /* the logged statements' trees may be gone: checkpoint before the next statement */
	bool disabled; /* the catalog cannot be cloned: statements keep their effects (the old behaviour) */
	char **session_path; /* the search path and user a session starts with */
	size_t nsession_path;
	char *session_user;
	size_t last_pos; /* position the last statement started at */
	int last_kind;   /* 0 none, 1 applied (logged), 2 failed, 3 transaction control or ignored */
	ReplayTxStats stats;
};

/* ---- small helpers ---- */

static size_t tx_pos(const ReplayTx *tx)
{
	return tx->base + tx->nlog;
}

static char **path_copy(char *const *path, size_t n)
{
	char **out = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(path[i]);
	return out;
}

static void path_free(char **path, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(path[i]);
	free(path);
}

static void path_set(ReplayState *st, char *const *path, size_t n)
{
	path_free(st->path, st->npath);
	st->path = path_copy(path, n);
	st->npath = n;
}

static void ck_free(TxCheckpoint *c)
{
	catalog_free(c->cat);
	path_free(c->path, c->npath);
	free(c->user);
	memset(c, 0, sizeof(*c));
}

/* ---- checkpoints ---- */

/* Is checkpoint I needed when the next checkpoint after the current ones will be at NEWPOS (SIZE_MAX: none
 * comes)? The newest is, unless one at NEWPOS replaces it; others only as the latest at or before a position
 * ROLLBACK can go back to (the block's start, a savepoint). */
static bool ck_needed(const ReplayTx *tx, size_t i, size_t newpos)
{
	size_t next = i + 1 < tx->nck ? tx->ck[i + 1].pos : newpos;
	if (next == SIZE_MAX)
		return true;
	if (tx->in_block && tx->ck[i].pos <= tx->begin_pos && tx->begin_pos < next)
		return true;
	for (size_t k = 0; k < tx->nsp; k++)
		if (tx->ck[i].pos <= tx->sp[k].pos && tx->sp[k].pos < next)
			return true;
	return false;
}

/* Free checkpoints nothing can go back to (NEWPOS as in ck_needed), and the log before the oldest one left.
 */
static void ck_prune_for(ReplayTx *tx, size_t newpos)
{
	size_t j = 0;
	for (size_t i = 0; i < tx->nck; i++) {
		if (ck_needed(tx, i, newpos))
			tx->ck[j++] = tx->ck[i];
		else
			ck_free(&tx->ck[i]);
	}
	tx->nck = j;
	size_t oldest = tx->nck ? tx->ck[0].pos : newpos;
	if (oldest == SIZE_MAX || oldest <= tx->base)
		return;
	size_t drop = oldest - tx->base;
	memmove(tx->log, tx->log + drop, (tx->nlog - drop) * sizeof(TxEntry));
	tx->nlog -= drop;
	tx->base += drop;
}

static void ck_prune(ReplayTx *tx)
{
	ck_prune_for(tx, SIZE_MAX);
}

/* Take a checkpoint at the current position; those it makes useless are freed first (one catalog copy at a
 * time, not two). Returns false when the catalog cannot be cloned (rollback is then disabled). */
static bool ck_take(ReplayState *st)
{
	ReplayTx *tx = st->tx;
	size_t pos = tx_pos(tx);
	if (tx->nck && tx->ck[tx->nck - 1].pos == pos)
		return true;
	ck_prune_for(tx, pos);
	Catalog *c = catalog_clone(st->cat);
	if (!c) {
		tx->disabled = true;
		return false;
	}
	if (tx->nck == tx->capck) {
		tx->capck = tx->capck ? tx->capck * 2 : 4;
		tx->ck = xrealloc(tx->ck, tx->capck * sizeof(TxCheckpoint));
	}
	tx->ck[tx->nck++] =
	    (TxCheckpoint){pos, c, path_copy(st->path, st->npath), st->npath, xstrdup(st->user)};
	tx->stats.checkpoints++;
	return true;
}

/* Before a statement: make sure a checkpoint at or before it exists, and take a new one when redoing the
 * statements since the last would cost more than a clone (about 100 catalog objects per statement: a
 * statement's replay costs ~40 µs, copying an object ~0.4 µs; the factor 4 below keeps clones to a few
 * percent of a history's replay). */
static void ck_maybe(ReplayState *st)
{
	ReplayTx *tx = st->tx;
	if (tx->disabled)
		return;
	if (tx->stale) {
		for (size_t i = 0; i < tx->nck; i++)
			ck_free(&tx->ck[i]);
		tx->nck = 0;
		tx->base += tx->nlog;
		tx->nlog = 0;
		tx->stale = false;
	}
	if (!tx->nck) {
		(void)ck_take(st);
		return;
	}
	size_t since = tx_pos(tx) - tx->ck[tx->nck - 1].pos;
	if (since && since * 4 >= st->cat->all.n + 256)
		(void)ck_take(st);
}

/* ---- going back ---- */

/* Rebuild the namespace-wide constraint names from the catalog (its objects may have changed). */
static void rebuild_connames(ReplayState *st)
{
	hmap_release(&st->connames);
	hmap_init(&st->connames);
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (o->kind == OBJ_CONSTRAINT && !o->dropped && o->owner && o->owner->schema)
			rp_register_conname(st, (CatConstraint *)o);
	}
}

/* Apply log entries [FROM, TO) again, without diagnostics or hooks. */
static void redo(ReplayState *st, size_t from, size_t to)
{
	ReplayTx *tx = st->tx;
	ReplayState saved = *st;
	DiagList quiet = DIAGLIST_INIT;
	st->dl = &quiet;
	st->stmt_hook = NULL;
	st->later_hook = NULL;
	for (size_t p = from; p < to; p++) {
		const TxEntry *e = &tx->log[p - tx->base];
		st->text = e->text;
		st->file = e->file;
		st->version = e->version;
		st->mig_index = e->mig_index;
		int before = st->errors;
		rp_statement(st, e->node, e->off);
		if (st->errors != before)
			tx->stats.redo_errors++;
		tx->stats.redone++;
	}
	diag_list_release(&quiet);
	st->errors = saved.errors;
	st->dl = saved.dl;
	st->stmt_hook = saved.stmt_hook;
	st->later_hook = saved.later_hook;
	st->text = saved.text;
	st->file = saved.file;
	st->version = saved.version;
	st->mig_index = saved.mig_index;
	st->stmt_off = saved.stmt_off;
	st->opaque_seen = saved.opaque_seen;
}

/* Put the model back in its state before statement POS (<= the current position): restore the latest
 * checkpoint at or before POS, apply the log up to POS, forget what came after. */
static void rollback_to(ReplayState *st, size_t pos)
{
	ReplayTx *tx = st->tx;
	if (tx->disabled)
		return;
	size_t k = tx->nck;
	while (k > 0 && tx->ck[k - 1].pos > pos)
		k--;
	if (k == 0) { /* cannot happen: a checkpoint precedes every statement */
		tx->disabled = true;
		return;
	}
	for (size_t i = k; i < tx->nck; i++)
		ck_free(&tx->ck[i]);
	tx->nck = k;
	TxCheckpoint *c = &tx->ck[k - 1];
	if (catalog_restore(st->cat, c->cat) != 0) {
		tx->disabled = true;
		return;
	}
	path_set(st, c->path, c->npath);
	free(st->user);
	st->user = xstrdup(c->user);
	rebuild_connames(st);
	tx->stats.restores++;
	redo(st, c->pos, pos);
	tx->nlog = pos - tx->base;
	/* the next statement would redo from C again: a checkpoint here makes a cluster of failures cheap */
	if (pos > c->pos)
		(void)ck_take(st);
}

/* ---- transaction blocks ---- */

static void block_end(ReplayState *st)
{
	ReplayTx *tx = st->tx;
	if (tx->has_local_path) {
		path_set(st, tx->local_path, tx->nlocal_path);
		path_free(tx->local_path, tx->nlocal_path);
		tx->local_path = NULL;
		tx->has_local_path = false;
		free(st->user);
		st->user = tx->local_user;
		tx->local_user = NULL;
	}
	for (size_t i = 0; i < tx->nsp; i++)
		free(tx->sp[i].name);
	tx->nsp = 0;
	free(tx->dynamic_at_begin);
	tx->dynamic_at_begin = NULL;
	tx->dynamic_saved = false;
	tx->in_block = tx->implicit = tx->aborted = false;
	ck_prune(tx);
}

static void block_begin(ReplayTx *tx, bool implicit)
{
	tx->in_block = true;
	tx->implicit = implicit;
	tx->aborted = false;
	tx->begin_pos = tx_pos(tx);
}

static void block_rollback(ReplayState *st)
{
	rollback_to(st, st->tx->begin_pos);
	rp_forget_new_enum_labels(st); /* the transaction is over (what it added is gone) */
	if (st->tx->dynamic_saved) {
		free(st->dynamic_since);
		st->dynamic_since = st->tx->dynamic_at_begin;
		st->tx->dynamic_at_begin = NULL;
		st->tx->dynamic_saved = false;
	}
	block_end(st);
}

/* A block begins: remember what dynamic code the model had not followed before it. */
static void save_dynamic(ReplayState *st)
{
	ReplayTx *tx = st->tx;
	free(tx->dynamic_at_begin);
	tx->dynamic_at_begin = st->dynamic_since ? xstrdup(st->dynamic_since) : NULL;
	tx->dynamic_saved = true;
}

/* The statement fails with MSG (SQLSTATE STATE); in a block, the block is aborted. */
static ReplayOutcome tx_error(ReplayState *st, int off, const char *rule, const char *state, char *msg)
{
	ReplayTx *tx = st->tx;
	Diag *d = rp_diag(st, SEV_ERROR, rule, off, "%s", msg);
	snprintf(d->sqlstate, sizeof(d->sqlstate), "%s", state);
	free(msg);
	if (tx->in_block)
		tx->aborted = true;
	tx->last_kind = 2;
	return REPLAY_FAILED;
}

static ssize_t find_savepoint(const ReplayTx *tx, const char *name)
{
	for (size_t i = tx->nsp; i > 0; i--)
		if (name && !strcmp(tx->sp[i - 1].name, name))
			return (ssize_t)(i - 1);
	return -1;
}

static bool chain(const PgQuery__TransactionStmt *ts)
{
	return ts->chain;
}

/* BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ROLLBACK TO, PREPARE TRANSACTION. */
static ReplayOutcome transaction_stmt(ReplayState *st, const PgQuery__TransactionStmt *ts, int off)
{
	ReplayTx *tx = st->tx;
	tx->last_kind = 3;
	const char *name = ts->savepoint_name;
	switch (ts->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
		if (tx->aborted)
			return REPLAY_ABORTED;
		if (!tx->in_block) {
			block_begin(tx, false);
			save_dynamic(st);
		}
		tx->implicit = false; /* BEGIN in a multi-statement query: a real block from here on */
		return REPLAY_OK;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
		if (chain(ts) && ts->kind != PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE &&
		    (!tx->in_block || tx->implicit)) {
			/* AND CHAIN outside an explicit block (xact.c EndTransactionBlock,
			 * UserAbortTransactionBlock)
			 */
			if (tx->aborted)
				return REPLAY_ABORTED;
			return tx_error(
			    st, off, "no-active-sql-transaction", "25P01",
			    xasprintf("%s AND CHAIN can only be used in transaction blocks",
			              ts->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT
			                  ? "COMMIT"
			                  : "ROLLBACK"));
		}
		if (!tx->in_block)
			return REPLAY_OK; /* a warning in PostgreSQL: there is no transaction in progress */
		/* a prepared transaction's changes are not this session's (until COMMIT PREPARED) */
		if (tx->aborted || ts->kind != PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT) {
			block_rollback(st);
		} else {
			block_end(st);
			replay_tx_commit(st);
		}
		if (chain(ts) && ts->kind != PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE)
			block_begin(tx, false);
		return REPLAY_OK;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO: {
		bool rollback_to_sp = ts->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO;
		if (tx->aborted && !rollback_to_sp)
			return REPLAY_ABORTED;
		const char *what = ts->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT
		                       ? "SAVEPOINT"
		                   : rollback_to_sp ? "ROLLBACK TO SAVEPOINT"
		                                    : "RELEASE SAVEPOINT";
		if (!tx->in_block || tx->implicit)
			return tx_error(st, off, "no-active-sql-transaction", "25P01",
			                xasprintf("%s can only be used in transaction blocks", what));
		if (ts->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT) {
			if (tx->nsp == tx->capsp) {
				tx->capsp = tx->capsp ? tx->capsp * 2 : 4;
				tx->sp = xrealloc(tx->sp, tx->capsp * sizeof(TxSavepoint));
			}
			tx->sp[tx->nsp++] = (TxSavepoint){xstrdup(name ? name : ""), tx_pos(tx)};
			return REPLAY_OK;
		}
		ssize_t k = find_savepoint(tx, name);
		if (k < 0)
			return tx_error(st, off, "undefined-savepoint", "3B001",
			                xasprintf("savepoint \"%s\" does not exist", name ? name : ""));
		size_t keep = rollback_to_sp ? (size_t)k + 1 : (size_t)k;
		for (size_t i = keep; i < tx->nsp; i++)
			free(tx->sp[i].name);
		tx->nsp = keep;
		if (rollback_to_sp) {
			rollback_to(st, tx->sp[k].pos);
			tx->aborted = false;
		}
		ck_prune(tx);
		return REPLAY_OK;
	}
	default: /* COMMIT PREPARED, ROLLBACK PREPARED: another transaction's business */
		return tx->aborted ? REPLAY_ABORTED : REPLAY_OK;
	}
}

/* ---- the statement ---- */

static void log_append(ReplayState *st, PgQuery__Node *node, int off)
{
	ReplayTx *tx = st->tx;
	if (tx->disabled)
		return;
	if (tx->nlog == tx->caplog) {
		tx->caplog = tx->caplog ? tx->caplog * 2 : 64;
		tx->log = xrealloc(tx->log, tx->caplog * sizeof(TxEntry));
	}
	tx->log[tx->nlog++] = (TxEntry){node, off, st->text, st->file, st->version, st->mig_index};
}

ReplayOutcome replay_statement(ReplayState *st, PgQuery__Node *node, int off)
{
	ReplayTx *tx = st->tx;
	tx->last_pos = tx_pos(tx);
	tx->last_kind = 0;
	if (node->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT) {
		st->stmt_off = off;
		return transaction_stmt(st, node->transaction_stmt, off);
	}
	if (tx->aborted) {
		tx->last_kind = 3;
		return REPLAY_ABORTED;
	}
	const char *forbidden = tx->in_block ? stmt_no_tx_reason(node) : NULL;
	if (forbidden) {
		st->stmt_off = off;
		return tx_error(st, off, "active-sql-transaction", "25001",
		                xasprintf("%s cannot run inside a transaction block", forbidden));
	}
	if (node->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT && node->variable_set_stmt->is_local) {
		if (!tx->in_block) { /* a warning in PostgreSQL; no effect */
			tx->last_kind = 3;
			return REPLAY_OK;
		}
		if (!tx->has_local_path) {
			tx->local_path = path_copy(st->path, st->npath);
			tx->nlocal_path = st->npath;
			tx->has_local_path = true;
			tx->local_user = xstrdup(st->user);
		}
	}
	ck_maybe(st);
	tx->last_pos = tx_pos(tx);
	int before = st->errors;
	rp_statement(st, node, off);
	if (st->errors == before) {
		log_append(st, node, off);
		tx->last_kind = 1;
		return REPLAY_OK;
	}
	tx->last_kind = 2;
	tx->stats.failed++;
	if (tx->in_block)
		tx->aborted = true; /* its partial effects go with the ROLLBACK that must come */
	else
		rollback_to(st, tx->last_pos);
	return REPLAY_FAILED;
}

void replay_tx_override(ReplayState *st, bool server_ok)
{
	ReplayTx *tx = st->tx;
	if (server_ok && tx->last_kind == 2) {
		/* the model rejected what the server ran: without its effects (the model cannot apply them),
		 * but the block goes on */
		if (tx->in_block) {
			rollback_to(st, tx->last_pos);
			tx->aborted = false;
		}
	} else if (!server_ok && tx->last_kind == 1) {
		if (tx->in_block)
			tx->aborted = true;
		else {
			rollback_to(st, tx->last_pos);
			/* a failed statement ran no dynamic code either */
			free(st->dynamic_since);
			st->dynamic_since = st->dynamic_prev ? xstrdup(st->dynamic_prev) : NULL;
		}
	} else if (!server_ok && tx->last_kind == 3 && tx->in_block) {
		tx->aborted = true;
	}
	tx->last_kind = 3;
}

void replay_tx_implicit_begin(ReplayState *st)
{
	if (!st->tx->in_block)
		block_begin(st->tx, true);
}

void replay_tx_implicit_end(ReplayState *st)
{
	ReplayTx *tx = st->tx;
	if (!tx->in_block || !tx->implicit)
		return;
	if (tx->aborted)
		block_rollback(st);
	else
		block_end(st);
}

void replay_tx_end_session(ReplayState *st)
{
	ReplayTx *tx = st->tx;
	if (tx->in_block)
		block_rollback(st);
	path_set(st, tx->session_path, tx->nsession_path);
	free(st->user);
	st->user = xstrdup(tx->session_user);
	rp_role_session_start(st);
	if (rp_end_session(st))   /* temporary objects die with the session */
		tx->stale = true; /* a change outside any statement: the log cannot replay it */
}

void replay_tx_commit(ReplayState *st)
{
	if (rp_commit(st))
		st->tx->stale = true;
}

void replay_tx_end_text(ReplayState *st)
{
	ReplayTx *tx = st->tx;
	if (tx->in_block) {
		if (tx->aborted)
			block_rollback(st);
		else
			block_end(st);
	}
}

void replay_tx_settle(ReplayState *st)
{
	replay_tx_end_text(st);
	st->tx->stale = true;
}

void replay_tx_outside_change(ReplayState *st)
{
	st->tx->stale = true;
	st->tx->last_kind = 3;
}

void replay_tx_failed_outside(ReplayState *st)
{
	st->tx->stats.failed++;
	if (st->tx->in_block)
		st->tx->aborted = true;
	st->tx->last_kind = 3;
}

bool replay_tx_in_block(const ReplayState *st)
{
	return st->tx->in_block;
}

bool replay_tx_aborted(const ReplayState *st)
{
	return st->tx->aborted;
}

void replay_tx_stats(const ReplayState *st, ReplayTxStats *out)
{
	*out = st->tx->stats;
	out->rollback_disabled = st->tx->disabled;
}

ReplayTx *replay_tx_new(const ReplayState *st)
{
	ReplayTx *tx = xcalloc(1, sizeof(ReplayTx));
	tx->session_path = path_copy(st->path, st->npath);
	tx->nsession_path = st->npath;
	tx->session_user = xstrdup(st->user);
	return tx;
}

void replay_tx_free(ReplayTx *tx)
{
	if (!tx)
		return;
	for (size_t i = 0; i < tx->nck; i++)
		ck_free(&tx->ck[i]);
	free(tx->ck);
	free(tx->log);
	for (size_t i = 0; i < tx->nsp; i++)
		free(tx->sp[i].name);
	free(tx->sp);
	if (tx->has_local_path)
		path_free(tx->local_path, tx->nlocal_path);
	free(tx->local_user);
	path_free(tx->session_path, tx->nsession_path);
	free(tx->session_user);
	free(tx->dynamic_at_begin);
	free(tx);
}
