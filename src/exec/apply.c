/* apply.c — the apply engine for one database (see apply.h). Statements are sent one at a time, also
 * inside a migration's transaction, so a server error always names the statement (file:line:col). */
#include "strata.h"
#include "db/lock.h"
#include "sql/quote.h"
#include "db/session.h"
#include "exec/apply.h"
#include "db/supabase_history.h"
#include "exec/cancel.h"
#include "project/plan.h"
#include "exec/exact.h"
#include "exec/preflight.h"
#include "exec/resume.h"
#include "exec/status.h"

#include <time.h>
#include <unistd.h>

void apply_options_init(ApplyOptions *o)
{
	memset(o, 0, sizeof(*o));
	o->target.schema = "strata";
	o->target.table = "history";
	o->lock_timeout = "5s";
	o->statement_timeout = "0";
	o->lock_wait_ms = 60000;
	o->retries = 3;
	o->backoff_ms = 500;
	o->preflight = true;
	o->lint = true;
	o->out = stdout;
	o->log = stderr;
}

void apply_client_host(char *buf, size_t len)
{
	if (gethostname(buf, len) != 0 || !*buf)
		snprintf(buf, len, "unknown");
	buf[len - 1] = '\0';
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	for (int left = ms; left > 0 && !cancel_requested(); left -= 50) {
		struct timespec ts = {0, (left < 50 ? left : 50) * 1000000L};
		nanosleep(&ts, NULL);
	}
}

/* ---- SQL text shared by the live engine and --sql ---- */

static void settings_sql(StrBuf *sb, const ApplyOptions *o)
{
	sb_append(sb, "SET lock_timeout = ");
	sql_quote_literal(sb, o->lock_timeout);
	sb_append(sb, ";\nSET statement_timeout = ");
	sql_quote_literal(sb, o->statement_timeout);
	sb_append(sb, ";\n");
}

static void progress_sql(StrBuf *sb, const HistoryTarget *t, const Migration *m, size_t done)
{
	history_as_connection_role_sql(sb);
	sb_append(sb, "UPDATE ");
	history_qname(sb, t);
	sb_appendf(sb, " SET statements_done = %zu WHERE ", done);
	history_where_sql(sb, m);
	sb_append(sb, " AND NOT success;\n");
}

static void finish_sql(StrBuf *sb, const HistoryTarget *t, const Migration *m, long long ms)
{
	history_as_connection_role_sql(sb);
	sb_append(sb, "UPDATE ");
	history_qname(sb, t);
	sb_appendf(
	    sb,
	    " SET success = true, error = NULL, duration_ms = %lld, applied_at = clock_timestamp() WHERE ",
	    ms);
	history_where_sql(sb, m);
	sb_append(sb, " AND NOT success;\n");
}

static void stmt_text(StrBuf *sb, const MigPlan *p, size_t i)
{
	sb_append_n(sb, p->text + p->stmts[i].offset, p->stmts[i].len);
	sb_append(sb, ";\n");
}

int apply_script(StrBuf *out, const MigrationSet *set, const char *to, const ApplyOptions *o,
                 const char *host, DiagList *dl)
{
	return apply_script_from(out, set, NULL, to, o, host, dl);
}

int apply_script_from(StrBuf *out, const MigrationSet *set, const char *from, const char *to,
                      const ApplyOptions *o, const char *host, DiagList *dl)
{
	size_t start = 0;
	if (from) {
		bool found = false;
		for (size_t i = 0; i < set->n; i++)
			if (!strcmp(set->items[i].version, from)) {
				start = i + 1;
				found = true;
			}
		if (!found) {
			Diag *d = diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0,
			                   "no migration has version \"%s\"", from);
			diag_set_hint(
			    d, "--from names the version the database is at (`strata status` says it)");
			return -1;
		}
		sb_appendf(out, "-- the migrations after %s, for a database at %s\n", from, from);
	}
	settings_sql(out, o);
	history_ddl_sql(out, &o->target);
	if (o->supabase_history)
		supabase_history_ddl_sql(out);
	int rc = 0;
	for (size_t i = start; i < set->n; i++) {
		const Migration *m = &set->items[i];
		if (to && m->version[0] && mig_set_version_cmp(set, m->version, to) > 0)
			continue;
		MigPlan p;
		if (mig_plan_init(&p, m, false, dl) != 0) {
			rc = -1;
			continue;
		}
		char *label = mig_label(m);
		sb_appendf(out, "\n-- %s (%s)\n", label, m->up_path);
		if (!p.per_statement) {
			sb_append(out, "BEGIN;\n");
			if (p.tx_modes)
				sb_appendf(out, "%s;\n", p.tx_modes);
			for (size_t k = 0; k < p.n; k++)
				if (!p.stmts[k].tx_control && !p.stmts[k].tx_first)
					stmt_text(out, &p, k);
			history_insert_sql(out, &o->target, m, p.checksum, MODE_TX, true, (int)p.n, (int)p.n,
			                   -1, host);
			if (o->supabase_history)
				supabase_history_record_sql(out, m, &p);
			sb_append(out, "COMMIT;\n");
		} else {
			sb_appendf(out, "-- runs outside a transaction, one statement at a time: %s\n",
			           p.why);
			/* psql runs each statement on its own: the bookkeeping between them gets a block of
			 * its own, where its SET LOCAL role holds */
			sb_append(out, "BEGIN;\n");
			history_insert_sql(out, &o->target, m, p.checksum, MODE_PER_STATEMENT, false, 0,
			                   (int)p.n, 0, host);
			sb_append(out, "COMMIT;\n");
			for (size_t k = 0; k < p.n; k++) {
				if (!p.stmts[k].no_tx)
					sb_append(out, "BEGIN;\n");
				if (!p.stmts[k].tx_control)
					stmt_text(out, &p, k);
				if (p.stmts[k].no_tx)
					sb_append(out, "BEGIN;\n");
				progress_sql(out, &o->target, m, k + 1);
				sb_append(out, "COMMIT;\n");
			}
			sb_append(out, "BEGIN;\n");
			finish_sql(out, &o->target, m, 0);
			if (o->supabase_history)
				supabase_history_record_sql(out, m, &p);
			sb_append(out, "COMMIT;\n");
		}
		free(label);
		mig_plan_free(&p);
	}
	return rc;
}

/* ---- the live engine ---- */

typedef struct Session {
	PGconn *conn;
	const ApplyOptions *o;
	const MigrationSet *set;
	HistoryRows rows;
	bool history_exists;
	Status st;
	char host[256];
} Session;

static bool stop_requested(void)
{
	return cancel_requested();
}

/* Settings, lock, history table, history rows, status. Returns APPLY_OK or the failure. */
static ApplyResult session_open(Session *s, PGconn *conn, const MigrationSet *set, const ApplyOptions *o,
                                bool write, DiagList *dl)
{
	memset(s, 0, sizeof(*s));
	s->conn = conn;
	s->o = o;
	s->set = set;
	apply_client_host(s->host, sizeof(s->host));
	const char *params[2] = {o->lock_timeout, o->statement_timeout};
	PGresult *r = db_query(conn,
	                       "SELECT set_config('lock_timeout', $1, false), "
	                       "set_config('statement_timeout', $2, false)",
	                       2, params, "setting lock_timeout and statement_timeout", dl);
	if (!r)
		return APPLY_ENV;
	PQclear(r);
	if (write) {
		int lr = db_lock_target(conn, &o->target, o->lock_wait_ms, o->log, stop_requested, dl);
		if (lr == 1)
			return APPLY_LOCKED;
		if (lr != 0)
			return APPLY_FAILED;
		if (history_ensure(conn, &o->target, dl) != 0)
			return APPLY_FAILED;
		if (o->supabase_history) {
			StrBuf q = STRBUF_INIT;
			supabase_history_ddl_sql(&q);
			int rc = db_exec(conn, sb_str(&q), "creating the Supabase CLI's history table", dl);
			sb_release(&q);
			if (rc != 0)
				return APPLY_FAILED;
		}
	}
	if (history_load(conn, &o->target, &s->rows, &s->history_exists, dl) != 0)
		return APPLY_FAILED;
	status_compute(set, &s->rows, &s->st);
	return APPLY_OK;
}

static void session_close(Session *s)
{
	status_free(&s->st);
	history_rows_free(&s->rows);
}

static bool ok_result(const PGresult *r)
{
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
}

/* Send statement I of P. Returns the result (caller clears). */
static PGresult *send_stmt(Session *s, const MigPlan *p, size_t i)
{
	char *sql = xstrndup(p->text + p->stmts[i].offset, p->stmts[i].len);
	PGresult *r = PQexec(s->conn, sql);
	free(sql);
	return r;
}

static StmtSource stmt_source(const MigPlan *p, size_t i)
{
	StmtSource src = {p->file,         p->text,          p->stmts[i].offset,
	                  p->stmts[i].len, p->stmts[i].line, p->stmts[i].col};
	return src;
}

static bool conn_lost(Session *s)
{
	return PQstatus(s->conn) == CONNECTION_BAD;
}

/* Best effort: write a failed row (transactional failures) or the error of a per-statement row. */
static void record_failure(Session *s, const MigPlan *p, const char *mode, size_t done, const char *err)
{
	if (conn_lost(s))
		return;
	DiagList quiet = DIAGLIST_INIT;
	StrBuf q = STRBUF_INIT;
	if (!strcmp(mode, MODE_TX)) {
		sb_append(&q, "BEGIN;\n");
		history_insert_sql(&q, &s->o->target, p->m, p->checksum, mode, false, (int)done, (int)p->n, 0,
		                   s->host);
	}
	sb_append(&q, "UPDATE ");
	history_qname(&q, &s->o->target);
	sb_append(&q, " SET error = ");
	sql_quote_literal(&q, err);
	sb_append(&q, " WHERE ");
	history_where_sql(&q, p->m);
	sb_append(&q, " AND NOT success;\n");
	if (!strcmp(mode, MODE_TX))
		sb_append(&q, "COMMIT;\n");
	if (db_exec(s->conn, sb_str(&q), "recording the failure", &quiet) != 0)
		PQclear(PQexec(s->conn, "ROLLBACK"));
	sb_release(&q);
	diag_list_release(&quiet);
}

static void add_interrupted(DiagList *dl, const char *label, const char *what)
{
	Diag *d = diag_add(dl, SEV_ERROR, "interrupted", NULL, 0, 0,
	                   "interrupted by signal %d while applying \"%s\"", cancel_signal(), label);
	diag_set_detail(d, "%s", what);
}

static void add_lost(DiagList *dl, Session *s, const char *label, const char *what)
{
	char *msg = xstrndup(PQerrorMessage(s->conn), strcspn(PQerrorMessage(s->conn), "\n"));
	Diag *d = diag_add(dl, SEV_ERROR, "connection-lost", NULL, 0, 0,
	                   "lost the connection to the server while applying \"%s\"", label);
	diag_set_detail(d, "%s%s%s", what, *msg ? "; libpq: " : "", msg);
	diag_set_hint(d,
	              "re-run `strata up` when the server is back; it continues from what history records");
	free(msg);
}

static void lock_retry_note(Session *s, const char *label, int attempt, int delay)
{
	if (s->o->log)
		fprintf(s->o->log,
		        "lock not granted within lock_timeout %s while applying %s: rolled back, retry %d of "
		        "%d in %d ms\n",
		        s->o->lock_timeout, label, attempt, s->o->retries, delay);
}

/* ---- the migration's own transaction ----
 * Each transaction strata begins for a migration is known by its transaction id (txid_current(), taken
 * right after BEGIN): a statement of the migration that ends that transaction (ROLLBACK, COMMIT, ... AND
 * CHAIN) leaves the session in another transaction or none, so a history row is only written when the
 * transaction that ran the migration is still open and is the one that commits the row. The id is no
 * setting, so the RESET ALL that ends every pg_dump-made file (Supabase's `db pull`/`db dump`) cannot take
 * it. mig_plan_init refuses such statements up front; this is the engine's own check, whatever the plan
 * let through. */

/* BEGIN, the migration's transaction modes (P->tx_modes: before any query, where PostgreSQL takes them)
 * and the id of this transaction (TOKEN, at least 32 bytes, is filled). Returns 0 or -1. */
static int begin_tx(Session *s, const MigPlan *p, char *token, DiagList *dl)
{
	StrBuf q = STRBUF_INIT;
	sb_append(&q, "BEGIN");
	if (p->tx_modes)
		sb_appendf(&q, "; %s", p->tx_modes);
	int rc = db_exec(s->conn, sb_str(&q), "starting a transaction", dl);
	sb_release(&q);
	if (rc != 0)
		return rc;
	PGresult *r = PQexec(s->conn, "SELECT txid_current()::text");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		db_error_diag(dl, s->conn, r, NULL, "starting a transaction");
		PQclear(r);
		return -1;
	}
	snprintf(token, 32, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

/* Whether the transaction begun with id TOKEN is still the session's. */
static bool tx_still_ours(Session *s, const char *token)
{
	if (PQtransactionStatus(s->conn) != PQTRANS_INTRANS)
		return false;
	const char *p[1] = {token};
	PGresult *r = PQexecParams(s->conn, "SELECT txid_current()::text = $1", 1, NULL, p, NULL, NULL, 0);
	bool ours =
	    PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return ours;
}

/* Statement I of P (it succeeded) ended the transaction it ran in. */
static bool ended_tx(Session *s, const MigPlan *p, size_t i)
{
	return PQtransactionStatus(s->conn) == PQTRANS_IDLE || stmt_ends_tx(p->stmts[i].node);
}

/* The error for a migration whose transaction was ended by its statement I (I == P->n: by one that is not
 * known). Rolls back a chained transaction; records the failure (MODE: how the migration runs; NULL: a
 * down migration, nothing to record). */
static void tx_ended_error(Session *s, const MigPlan *p, size_t i, const char *mode, const char *label,
                           DiagList *dl)
{
	Diag *d;
	if (i < p->n) {
		char *words = stmt_words(p->text, p->stmts[i].offset, p->stmts[i].len);
		d = diag_add(dl, SEV_ERROR, "transaction-control", p->file, p->stmts[i].line, p->stmts[i].col,
		             "\"%s\" ended the transaction of migration \"%s\": strata stopped there and "
		             "recorded nothing as applied",
		             words, label);
		sql_attach_source_line(d, p->text, p->stmts[i].offset);
		free(words);
	} else
		d = diag_add(dl, SEV_ERROR, "transaction-control", p->file, 0, 0,
		             "a statement of migration \"%s\" ended its transaction: strata recorded nothing "
		             "as applied",
		             label);
	diag_set_detail(d, "what ran before it in this migration was rolled back, or committed without a "
	                   "history row; compare the database with `strata drift`");
	diag_set_hint(d, "remove the transaction control from the file (`strata check` shows it)");
	if (PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		PQclear(PQexec(s->conn, "ROLLBACK"));
	if (mode)
		record_failure(s, p, mode, i < p->n ? i : p->n, d->message);
}

/* One migration in one transaction, with its history row. Retries the whole migration on 55P03. */
static ApplyResult run_tx(Session *s, const MigPlan *p, const char *label, DiagList *dl)
{
	int delay = s->o->backoff_ms;
	for (int attempt = 0;; attempt++) {
		long long t0 = now_ms();
		PGresult *err = NULL;
		StmtSource src, *srcp = NULL;
		size_t done = 0;
		char token[32];
		if (begin_tx(s, p, token, dl) != 0) {
			if (conn_lost(s)) {
				dl->n ? diag_clear(&dl->items[--dl->n]) : (void)0;
				add_lost(dl, s, label, "nothing of it was applied");
			}
			return APPLY_FAILED;
		}
		for (size_t i = 0; i < p->n && !err; i++) {
			if (p->stmts[i].tx_control || p->stmts[i].tx_first)
				continue;
			PGresult *r = send_stmt(s, p, i);
			if (!ok_result(r)) {
				err = r;
				src = stmt_source(p, i);
				srcp = &src;
				done = i;
			} else {
				PQclear(r);
				if (ended_tx(s, p, i)) {
					tx_ended_error(s, p, i, MODE_TX, label, dl);
					return APPLY_FAILED;
				}
			}
		}
		if (!err && !tx_still_ours(s, token)) {
			if (conn_lost(s))
				add_lost(dl, s, label,
				         "its transaction was not committed, so the server rolled it back; "
				         "history is unchanged");
			else
				tx_ended_error(s, p, p->n, MODE_TX, label, dl);
			return APPLY_FAILED;
		}
		if (!err) {
			StrBuf q = STRBUF_INIT;
			history_insert_sql(&q, &s->o->target, p->m, p->checksum, MODE_TX, true, (int)p->n,
			                   (int)p->n, now_ms() - t0, s->host);
			if (s->o->supabase_history)
				supabase_history_record_sql(&q, p->m, p);
			sb_append(&q, "COMMIT");
			PGresult *r = PQexec(s->conn, sb_str(&q));
			sb_release(&q);
			if (ok_result(r)) {
				PQclear(r);
				fprintf(s->o->out, "applied %s (%lld ms)\n", label, now_ms() - t0);
				fflush(s->o->out);
				return APPLY_OK;
			}
			err = r; /* deferred constraint at COMMIT, or the history write failed */
			done = p->n;
		}
		if (conn_lost(s)) {
			PQclear(err);
			add_lost(dl, s, label,
			         "its transaction was not committed, so the server rolled it back; "
			         "history is unchanged");
			return APPLY_FAILED;
		}
		PGresult *rb = PQexec(s->conn, "ROLLBACK");
		PQclear(rb);
		if (cancel_requested()) {
			PQclear(err);
			add_interrupted(dl, label,
			                "the running statement was cancelled and the migration rolled back: "
			                "nothing of it was applied");
			return APPLY_FAILED;
		}
		if (!strcmp(db_sqlstate(err), "55P03") && attempt < s->o->retries) {
			PQclear(err);
			lock_retry_note(s, label, attempt + 1, delay);
			sleep_ms(delay);
			delay *= 2;
			continue;
		}
		Diag *d = db_error_diag(dl, s->conn, err, srcp, "committing");
		if (!strcmp(db_sqlstate(err), "55P03"))
			diag_set_hint(d,
			              "another session holds a conflicting lock; gave up after %d retries "
			              "(lock_timeout "
			              "%s, raise it with --lock-timeout)",
			              s->o->retries, s->o->lock_timeout);
		char *msg = xstrdup(d->message);
		record_failure(s, p, MODE_TX, done, msg);
		free(msg);
		PQclear(err);
		if (s->o->log)
			fprintf(s->o->log, "failed %s: rolled back, nothing of it was applied\n", label);
		return APPLY_FAILED;
	}
}

/* A migration that cannot run in a transaction: statement by statement, progress in its history row, so
 * a re-run resumes after the last completed statement. PREV is its failed/in-progress row, or NULL. */
static ApplyResult run_per_statement(Session *s, const MigPlan *p, const char *label, const HistoryRow *prev,
                                     DiagList *dl)
{
	long long t0 = now_ms();
	size_t start = 0;
	StrBuf q = STRBUF_INIT;
	if (prev && !strcmp(prev->mode, MODE_PER_STATEMENT) && prev->statements_done > 0) {
		if (strcmp(prev->checksum, p->checksum)) {
			Diag *d = diag_add(
			    dl, SEV_ERROR, "checksum-mismatch", p->file, 0, 0,
			    "migration \"%s\" was edited after it partly ran (%d of %d statements done)",
			    label, prev->statements_done, prev->statements_total);
			diag_set_hint(d, "restore the file, or undo what ran and remove the failed row with "
			                 "`strata repair`");
			return APPLY_FAILED;
		}
		start = (size_t)prev->statements_done;
		if (start < p->n && s->o->log)
			fprintf(s->o->log, "resuming %s at statement %zu of %zu (%s:%d:%d)\n", label,
			        start + 1, p->n, p->file, p->stmts[start].line, p->stmts[start].col);
	} else {
		history_insert_sql(&q, &s->o->target, p->m, p->checksum, MODE_PER_STATEMENT, false, 0,
		                   (int)p->n, 0, s->host);
		if (db_exec(s->conn, sb_str(&q), "recording the migration start", dl) != 0) {
			sb_release(&q);
			return APPLY_FAILED;
		}
	}
	for (size_t i = start; i < p->n; i++) {
		const PlanStmt *ps = &p->stmts[i];
		bool skip = ps->tx_control;
		bool resuming = i == start && prev && ps->no_tx; /* it may have run: the server decides */
		if (!skip && resuming) {
			ResumeVerdict v = resume_decide(s->conn, p, i, s->o->lock_wait_ms, s->o->log, dl);
			if (v == RESUME_REFUSE) {
				sb_release(&q);
				return APPLY_FAILED;
			}
			skip = v == RESUME_DONE;
		}
		int delay = s->o->backoff_ms;
		for (int attempt = 0; !skip; attempt++) {
			sb_reset(&q);
			progress_sql(&q, &s->o->target, p->m, i + 1);
			PGresult *r = NULL;
			if (!ps->no_tx) { /* atomically with its progress */
				if (db_exec(s->conn, "BEGIN", "starting a transaction", dl) != 0)
					break;
				r = send_stmt(s, p, i);
				if (ok_result(r) && ended_tx(s, p, i)) {
					PQclear(r);
					tx_ended_error(s, p, i, MODE_PER_STATEMENT, label, dl);
					sb_release(&q);
					return APPLY_FAILED;
				}
				if (ok_result(r)) {
					PQclear(r);
					sb_append(&q, "COMMIT");
					r = PQexec(s->conn, sb_str(&q));
				}
			} else
				r = send_stmt(s, p, i);
			if (ok_result(r)) {
				PQclear(r);
				break;
			}
			if (conn_lost(s)) {
				PQclear(r);
				char *what = xasprintf(
				    "statements 1..%zu of %zu are done; statement %zu (%s:%d:%d) may or may "
				    "not have completed; a re-run resumes there",
				    i, p->n, i + 1, p->file, ps->line, ps->col);
				add_lost(dl, s, label, what);
				free(what);
				sb_release(&q);
				return APPLY_FAILED;
			}
			if (!ps->no_tx)
				PQclear(PQexec(s->conn, "ROLLBACK"));
			if (cancel_requested()) {
				PQclear(r);
				char *what = xasprintf(
				    "the running statement was cancelled; statements 1..%zu of %zu are "
				    "done and a re-run resumes at %s:%d:%d",
				    i, p->n, p->file, ps->line, ps->col);
				add_interrupted(dl, label, what);
				free(what);
				record_failure(s, p, MODE_PER_STATEMENT, i, "interrupted");
				sb_release(&q);
				return APPLY_FAILED;
			}
			/* resuming, the interrupted statement may have finished meanwhile (a DROP INDEX
			 * CONCURRENTLY waiting for old snapshots goes on after its client died) */
			if (resuming && !cancel_requested()) {
				DiagList quiet = DIAGLIST_INIT;
				ResumeVerdict v = resume_decide(s->conn, p, i, 0, s->o->log, &quiet);
				diag_list_release(&quiet);
				if (v == RESUME_DONE) {
					PQclear(r);
					skip = true;
					break;
				}
			}
			if (!strcmp(db_sqlstate(r), "55P03") && attempt < s->o->retries) {
				PQclear(r);
				lock_retry_note(s, label, attempt + 1, delay);
				sleep_ms(delay);
				delay *= 2;
				continue;
			}
			StmtSource src = stmt_source(p, i);
			Diag *d = db_error_diag(dl, s->conn, r, &src, NULL);
			diag_set_hint(d,
			              "%s%sstatements 1..%zu of %zu are done (this migration runs outside a "
			              "transaction); "
			              "fix the cause and re-run to resume at this statement",
			              d->hint ? d->hint : "", d->hint ? "; " : "", i, p->n);
			char *msg = xstrdup(d->message);
			PQclear(r);
			resume_note_invalid(s->conn, p, i, dl);
			record_failure(s, p, MODE_PER_STATEMENT, i, msg);
			free(msg);
			sb_release(&q);
			if (s->o->log)
				fprintf(s->o->log, "failed %s at statement %zu of %zu\n", label, i + 1, p->n);
			return APPLY_FAILED;
		}
		if (diag_has_errors(dl)) {
			sb_release(&q);
			return APPLY_FAILED;
		}
		if (skip || ps->no_tx) {
			sb_reset(&q);
			progress_sql(&q, &s->o->target, p->m, i + 1);
			if (db_exec(s->conn, sb_str(&q), "recording progress", dl) != 0) {
				sb_release(&q);
				return APPLY_FAILED;
			}
		}
		if (cancel_requested()) {
			char *what = xasprintf(
			    "statements 1..%zu of %zu are done; a re-run resumes after them", i + 1, p->n);
			add_interrupted(dl, label, what);
			free(what);
			sb_release(&q);
			return APPLY_FAILED;
		}
	}
	sb_reset(&q);
	long long ms = now_ms() - t0;
	finish_sql(&q, &s->o->target, p->m, ms);
	if (s->o->supabase_history)
		supabase_history_record_sql(&q, p->m, p);
	int rc = db_exec(s->conn, sb_str(&q), "recording the migration", dl);
	sb_release(&q);
	if (rc != 0)
		return APPLY_FAILED;
	fprintf(s->o->out, "applied %s (%lld ms, %zu statements outside a transaction: %s)\n", label, ms,
	        p->n, p->why);
	fflush(s->o->out);
	return APPLY_OK;
}

static bool *applied_flags(const Session *s)
{
	bool *applied = xcalloc(s->set->n + 1, sizeof(bool));
	for (size_t i = 0; i < s->st.n; i++) {
		const StatusEntry *e = &s->st.items[i];
		if (e->m && e->h && e->h->success)
			applied[e->index] = true;
	}
	return applied;
}

ApplyResult apply_up(PGconn *conn, const MigrationSet *set, const char *to, const ApplyOptions *o,
                     DiagList *dl)
{
	Session s;
	cancel_install(conn);
	ApplyResult res = session_open(&s, conn, set, o, !o->dry_run, dl);
	size_t *todo = NULL, n = 0;
	MigPlan *plans = NULL;
	if (res != APPLY_OK)
		goto out;
	if (status_report_out_of_order(set, &s.st, o->out_of_order, dl) && !o->out_of_order) {
		res = APPLY_FAILED; /* refused before anything runs: the list is in DL */
		goto out;
	}
	if (plan_up(set, &s.st, to, &todo, &n, dl) != 0) {
		res = APPLY_FAILED;
		goto out;
	}
	/* parse everything first: a syntax error anywhere means nothing runs */
	plans = xcalloc(n + 1, sizeof(MigPlan));
	size_t *mig_idx = xcalloc(n + 1, sizeof(size_t)), *done = xcalloc(n + 1, sizeof(size_t));
	bool *resuming = xcalloc(n + 1, sizeof(bool));
	for (size_t k = 0; k < n; k++) {
		const HistoryRow *h = s.st.items[todo[k]].h;
		mig_idx[k] = s.st.items[todo[k]].index;
		if (h && !h->success && !strcmp(h->mode, MODE_PER_STATEMENT)) {
			done[k] = (size_t)h->statements_done;
			resuming[k] = true;
		}
		if (mig_plan_init(&plans[k], s.st.items[todo[k]].m, false, dl) != 0)
			res = APPLY_FAILED;
	}
	if (res == APPLY_OK && o->preflight && n) {
		bool *applied = applied_flags(&s);
		static const Config no_config;
		const Config *lint = !o->lint ? NULL : o->config ? o->config : &no_config;
		size_t before = dl->n;
		ExactOptions eo = {NULL, NULL};
		ExactSession *es = o->exact ? exact_session_new(&eo) : NULL;
		int pr = preflight_check_exact(conn, set, applied, mig_idx, done, resuming, n, lint,
		                               es ? exact_session_hook(es) : NULL, dl);
		char *cost = es ? exact_session_summary(es) : NULL;
		if (cost && o->log)
			fprintf(o->log, "pre-flight %s\n", cost);
		free(cost);
		exact_session_free(es);
		free(applied);
		if (pr == 1 && o->preflight_warn)
			preflight_let_through(dl, before, o->log ? o->log : o->out);
		else if (pr != 0)
			res = APPLY_FAILED;
	}
	free(mig_idx);
	free(done);
	free(resuming);
	if (res != APPLY_OK)
		goto out;
	if (n == 0)
		fprintf(o->out, "up to date%s%s\n", s.st.current ? " at version " : "",
		        s.st.current ? s.st.current : "");
	for (size_t k = 0; k < n && res == APPLY_OK; k++) {
		const StatusEntry *e = &s.st.items[todo[k]];
		char *label = mig_label(e->m);
		if (o->dry_run)
			fprintf(o->out, "would apply %s (%zu statements%s%s)\n", label, plans[k].n,
			        plans[k].per_statement ? ", outside a transaction: " : "",
			        plans[k].per_statement ? plans[k].why : "");
		else if (plans[k].per_statement)
			res = run_per_statement(&s, &plans[k], label, e->h, dl);
		else
			res = run_tx(&s, &plans[k], label, dl);
		free(label);
		if (res == APPLY_OK && cancel_requested()) {
			add_interrupted(dl, "the next migration",
			                "stopped between migrations; the applied ones are recorded");
			res = APPLY_FAILED;
		}
	}
out:
	for (size_t k = 0; plans && k < n; k++)
		mig_plan_free(&plans[k]);
	free(plans);
	free(todo);
	session_close(&s);
	cancel_uninstall();
	return res;
}

ApplyResult apply_down(PGconn *conn, const MigrationSet *set, const char *to, int steps,
                       const ApplyOptions *o, DiagList *dl)
{
	Session s;
	cancel_install(conn);
	ApplyResult res = session_open(&s, conn, set, o, !o->dry_run, dl);
	size_t *todo = NULL, n = 0;
	MigPlan *plans = NULL;
	if (res != APPLY_OK)
		goto out;
	if (plan_down(set, &s.st, to, steps, &todo, &n, dl) != 0) {
		res = APPLY_FAILED;
		goto out;
	}
	plans = xcalloc(n + 1, sizeof(MigPlan));
	for (size_t k = 0; k < n; k++)
		if (mig_plan_init(&plans[k], s.st.items[todo[k]].m, true, dl) != 0)
			res = APPLY_FAILED;
	if (res != APPLY_OK)
		goto out;
	if (n == 0)
		fprintf(o->out, "nothing to revert\n");
	for (size_t k = 0; k < n && res == APPLY_OK; k++) {
		const MigPlan *p = &plans[k];
		char *label = mig_label(p->m);
		long long t0 = now_ms();
		if (o->dry_run) {
			fprintf(o->out, "would revert %s (%zu statements)\n", label, p->n);
			free(label);
			continue;
		}
		StrBuf q = STRBUF_INIT;
		PGresult *err = NULL;
		size_t ei = 0;
		if (!p->per_statement && db_exec(conn, "BEGIN", "starting a transaction", dl) != 0)
			res = APPLY_FAILED;
		if (res == APPLY_OK && p->tx_modes &&
		    db_exec(conn, p->tx_modes, "setting the migration's transaction modes", dl) != 0)
			res = APPLY_FAILED;
		for (size_t i = 0; i < p->n && res == APPLY_OK && !err; i++) {
			if (p->stmts[i].tx_control || p->stmts[i].tx_first)
				continue;
			PGresult *r = send_stmt(&s, p, i);
			if (ok_result(r)) {
				PQclear(r);
				if (!p->per_statement && ended_tx(&s, p, i)) {
					tx_ended_error(&s, p, i, NULL, label, dl);
					res = APPLY_FAILED;
				}
			} else {
				err = r;
				ei = i;
			}
		}
		if (res == APPLY_OK && !err) {
			history_as_connection_role_sql(&q);
			sb_append(&q, "DELETE FROM ");
			history_qname(&q, &o->target);
			sb_append(&q, " WHERE ");
			history_where_sql(&q, p->m);
			sb_append(&q, p->per_statement ? "" : ";\nCOMMIT");
			PGresult *r = PQexec(conn, sb_str(&q));
			if (ok_result(r)) {
				PQclear(r);
				fprintf(o->out, "reverted %s (%lld ms)\n", label, now_ms() - t0);
				fflush(o->out);
			} else {
				err = r;
				ei = p->n;
			}
		}
		if (err) {
			if (conn_lost(&s)) {
				add_lost(dl, &s, label,
				         p->per_statement ? "part of its down migration may have run"
				                          : "its transaction was rolled back by the server");
			} else {
				if (!p->per_statement)
					PQclear(PQexec(conn, "ROLLBACK"));
				StmtSource src = ei < p->n ? stmt_source(p, ei) : (StmtSource){0};
				if (cancel_requested())
					add_interrupted(dl, label,
					                "the down migration was cancelled and rolled back");
				else
					db_error_diag(dl, conn, err, ei < p->n ? &src : NULL,
					              "removing the history row");
			}
			PQclear(err);
			res = APPLY_FAILED;
		}
		sb_release(&q);
		free(label);
	}
out:
	for (size_t k = 0; plans && k < n; k++)
		mig_plan_free(&plans[k]);
	free(plans);
	free(todo);
	session_close(&s);
	cancel_uninstall();
	return res;
}

ApplyResult apply_baseline(PGconn *conn, const MigrationSet *set, const char *version, bool verify,
                           const ApplyOptions *o, DiagList *dl)
{
	size_t upto = set->n;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].version, version))
			upto = i;
	if (upto == set->n) {
		diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0, "no migration has version \"%s\"",
		         version);
		return APPLY_FAILED;
	}
	Session s;
	cancel_install(conn);
	ApplyResult res = session_open(&s, conn, set, o, !o->dry_run, dl);
	if (res != APPLY_OK)
		goto out;
	if (verify) {
		int vr = baseline_verify(conn, set, upto, o->prereq, dl);
		if (vr != 0) {
			res = APPLY_FAILED;
			goto out;
		}
	}
	StrBuf q = STRBUF_INIT;
	size_t recorded = 0;
	sb_append(&q, "BEGIN;\n");
	for (size_t k = 0; k < s.st.n; k++) {
		const StatusEntry *e = &s.st.items[k];
		if (!e->m || e->index > upto || !e->m->version[0] || (e->h && e->h->success))
			continue;
		history_insert_sql(&q, &o->target, e->m, e->checksum, MODE_BASELINE, true, 0, 0, 0, s.host);
		if (o->supabase_history) { /* with its statements when the file parses */
			MigPlan bp;
			DiagList quiet = DIAGLIST_INIT;
			bool parsed = mig_plan_init(&bp, e->m, false, &quiet) == 0;
			supabase_history_record_sql(&q, e->m, parsed ? &bp : NULL);
			if (parsed)
				mig_plan_free(&bp);
			diag_list_release(&quiet);
		}
		char *label = mig_label(e->m);
		fprintf(o->out, "%s %s\n", o->dry_run ? "would record" : "recorded", label);
		free(label);
		recorded++;
	}
	sb_append(&q, "COMMIT");
	if (!o->dry_run && recorded && db_exec(conn, sb_str(&q), "recording the baseline", dl) != 0)
		res = APPLY_FAILED;
	else
		fprintf(o->out,
		        "baseline at version %s: %zu migrations %s as applied without running them%s\n",
		        version, recorded, o->dry_run ? "would be recorded" : "recorded",
		        verify ? " (verified: the database has everything they create)" : "");
	sb_release(&q);
out:
	session_close(&s);
	cancel_uninstall();
	return res;
}

ApplyResult apply_repair(PGconn *conn, const MigrationSet *set, char **versions, size_t n_versions,
                         bool all_edited, const ApplyOptions *o, DiagList *dl)
{
	Session s;
	cancel_install(conn);
	ApplyResult res = session_open(&s, conn, set, o, !o->dry_run, dl);
	if (res != APPLY_OK)
		goto out;
	for (size_t v = 0; v < n_versions; v++) { /* every named version must be an edited, applied one */
		bool found = false;
		for (size_t k = 0; k < s.st.n; k++) {
			const StatusEntry *e = &s.st.items[k];
			if (!e->m || strcmp(e->m->version, versions[v]))
				continue;
			found = true;
			if (e->state != ST_CHECKSUM_MISMATCH) {
				diag_add(
				    dl, SEV_ERROR, "not-edited", e->m->up_path, 0, 0,
				    "migration \"%s\" is %s, not edited after apply: nothing to re-record",
				    versions[v], mig_state_name(e->state));
				res = APPLY_FAILED;
			}
		}
		if (!found) {
			diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0,
			         "no migration has version \"%s\"", versions[v]);
			res = APPLY_FAILED;
		}
	}
	if (res != APPLY_OK)
		goto out;
	StrBuf q = STRBUF_INIT;
	size_t changes = 0;
	sb_append(&q, "BEGIN;\n");
	for (size_t k = 0; k < s.st.n; k++) {
		const StatusEntry *e = &s.st.items[k];
		bool named = false;
		for (size_t v = 0; v < n_versions && e->m; v++)
			named |= !strcmp(e->m->version, versions[v]);
		if (e->state == ST_CHECKSUM_MISMATCH && (named || all_edited)) {
			char *label = mig_label(e->m);
			fprintf(o->out, "%s checksum of %s: %.12s… → %.12s…\n",
			        o->dry_run ? "would update" : "updated", label, e->h->checksum, e->checksum);
			free(label);
			sb_append(&q, "UPDATE ");
			history_qname(&q, &o->target);
			sb_append(&q, " SET checksum = ");
			sql_quote_literal(&q, e->checksum);
			sb_append(&q, " WHERE ");
			history_where_sql(&q, e->m);
			sb_append(&q, " AND success;\n");
			changes++;
		}
	}
	vec_foreach(&s.rows, h)
	{
		if (h->success)
			continue;
		fprintf(o->out, "%s failed row of %s_%s (%s, %d of %d statements had run%s%s)\n",
		        o->dry_run ? "would remove" : "removed", h->version, h->name, h->mode,
		        h->statements_done, h->statements_total, h->error ? ": " : "",
		        h->error ? h->error : "");
		sb_append(&q, "DELETE FROM ");
		history_qname(&q, &o->target);
		sb_append(&q, " WHERE version = ");
		sql_quote_literal(&q, h->version);
		sb_append(&q, " AND name = ");
		sql_quote_literal(&q, h->name);
		sb_append(&q, " AND NOT success;\n");
		changes++;
	}
	sb_append(&q, "COMMIT");
	if (!changes)
		fprintf(o->out, "nothing to repair\n");
	else if (!o->dry_run && db_exec(conn, sb_str(&q), "repairing the history", dl) != 0)
		res = APPLY_FAILED;
	sb_release(&q);
out:
	session_close(&s);
	cancel_uninstall();
	return res;
}

ApplyResult apply_forget_missing(PGconn *conn, const MigrationSet *set, char **versions, size_t n_versions,
                                 const ApplyOptions *o, DiagList *dl)
{
	Session s;
	cancel_install(conn);
	ApplyResult res = session_open(&s, conn, set, o, !o->dry_run, dl);
	if (res != APPLY_OK)
		goto out;
	StrBuf q = STRBUF_INIT;
	sb_append(&q, "BEGIN;\n");
	for (size_t v = 0; v < n_versions; v++) { /* each named version: a history row whose file is gone */
		bool row = false, missing = false;
		for (size_t k = 0; k < s.st.n; k++) {
			const StatusEntry *e = &s.st.items[k];
			const char *ver = e->m ? e->m->version : e->h ? e->h->version : NULL;
			if (!ver || strcmp(ver, versions[v]))
				continue;
			row |= e->h != NULL;
			if (e->state != ST_MISSING_FILE) {
				Diag *d =
				    diag_add(dl, SEV_ERROR, "not-missing", e->m ? e->m->up_path : NULL, 0, 0,
				             "migration \"%s\" has its file (%s): only a row whose file was "
				             "removed is forgotten",
				             versions[v], mig_state_name(e->state));
				diag_set_hint(d, "to re-record an edited migration, use --checksums %s",
				              versions[v]);
				res = APPLY_FAILED;
				continue;
			}
			missing = true;
			fprintf(o->out, "%s history row of %s_%s (its file is gone)\n",
			        o->dry_run ? "would forget" : "forgot", e->h->version, e->h->name);
			sb_append(&q, "DELETE FROM ");
			history_qname(&q, &o->target);
			sb_append(&q, " WHERE version = ");
			sql_quote_literal(&q, e->h->version);
			sb_append(&q, " AND name = ");
			sql_quote_literal(&q, e->h->name);
			sb_append(&q, ";\n");
		}
		if (!row && !missing) {
			diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0,
			         "the history has no row of version \"%s\"", versions[v]);
			res = APPLY_FAILED;
		}
	}
	sb_append(&q, "COMMIT");
	if (res == APPLY_OK && !o->dry_run && db_exec(conn, sb_str(&q), "forgetting history rows", dl) != 0)
		res = APPLY_FAILED;
	sb_release(&q);
out:
	session_close(&s);
	cancel_uninstall();
	return res;
}
