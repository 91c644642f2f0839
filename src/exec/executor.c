/* executor.c — the event loop over N non-blocking pipelined connections per server (see executor.h).
 * One Slot is one connection; it carries at most one target at a time, whose whole transaction is sent
 * as one pipeline and answered in one round trip. poll() waits on every socket at once. */
#include "strata.h"
#include "db/history.h"
#include "db/ledger.h"
#include "sql/quote.h"
#include "db/session.h"
#include "exec/apply.h"
#include "exec/cancel.h"
#include "exec/executor.h"
#include "project/plan.h"
#include "db/connect.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

enum { Q_ENGINE = 0, Q_CLAIM, Q_STMT, Q_COMMIT, Q_GUARD };

/* The migration's own transaction (see apply.c): the settings query of each target's transaction sets a
 * token in a transaction-local setting, and the guard, sent after the migration's statements and before
 * its history and ledger rows, fails (division by zero) unless that setting still holds the token. A
 * statement that ended the transaction (ROLLBACK, COMMIT AND CHAIN, ...) took the token with it: the guard
 * fails, the implicit transaction the statements after it ran in is rolled back with the rest of the
 * pipeline, and nothing is recorded as applied. In schema mode the claim ended with it, so the ledger is
 * not written either; database mode records the failure under its claim, which another connection holds. */
#define TX_TOKEN_SETTING "strata.migration_tx"
#define TX_GUARD_SQL     "SELECT 1 / coalesce((current_setting('" TX_TOKEN_SETTING "', true) = $1)::int, 0)"

typedef struct QInfo {
	int kind;
	int mig, stmt;    /* Q_STMT */
	const char *what; /* engine statements: what was being done */
} QInfo;

/* SL_PARKED: the server refused this connection while it served others of ours (max_connections, a
 * pooler's limit): the run goes on with the connections it granted. */
typedef enum SlotState { SL_IDLE = 0, SL_CONNECTING, SL_READY, SL_BUSY, SL_DEAD, SL_PARKED } SlotState;
typedef enum Round { R_RUN = 0, R_RECORD, R_ROLLBACK } Round;

typedef struct Slot {
	int server;
	PGconn *conn;
	PGconn *main; /* database mode: the claim connection to the server's main database */
	SlotState st;
	PostgresPollingStatusType pst;
	long long retry_at; /* SL_IDLE after a failed connection: not before (monotonic ms) */
	ExecTarget *t;
	Round round;
	VEC(QInfo) qi;
	size_t cur;    /* index of the query whose results are being read */
	int err_q;     /* first failed query, -1 */
	PGresult *err; /* its result (owned) */
	bool flushing;
	bool lost;
	char token[32]; /* of the transaction being sent (TX_TOKEN_SETTING) */
} Slot;

typedef VEC(size_t) IdxVec;

/* What the run knows of one server's connections. */
typedef struct ServerConns {
	bool ever;            /* a connection of this run got through */
	bool refused_warned;  /* the "fewer connections than --jobs" warning was printed */
	bool reported;        /* the server was reported unreachable */
	long long down_since; /* first failure since its connections were lost (0: none) */
	int failures;         /* failed connections before any got through */
	int connecting;       /* slots connecting now (counted each turn of the loop) */
} ServerConns;

#define MAX_CONNECTING 16 /* connections being opened at once, per server */

typedef struct Ex {
	const ExecOptions *o;
	ExecTarget *targets;
	size_t n;
	ExecSummary *sum;
	DiagList *dl;
	char ***stmt_sql;   /* [mig][stmt]: statement text, NUL-terminated, or NULL (tx control) */
	char **hist_values; /* [mig]: one VALUES tuple */
	char worker[300];
	IdxVec *queue; /* per server: target indices; pos[] is the next to take */
	size_t *pos;
	Slot *slots;
	size_t n_slots;
	ServerConns *srv;
	size_t failed_run;
	size_t handed; /* ExecOptions.ready_upto: targets looked at so far */
	bool stopping;
} Ex;

static void log_note(Ex *ex, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void log_note(Ex *ex, const char *fmt, ...)
{
	if (!ex->o->log)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (ex->o->progress && ex->o->progress->tty)
		fputs("\r\033[K", ex->o->log);
	vfprintf(ex->o->log, fmt, ap);
	fputc('\n', ex->o->log);
	fflush(ex->o->log);
	va_end(ap);
}

/* ---- sending ---- */

static void q_send(Slot *s, const char *sql, int np, const char *const *params, QInfo info)
{
	if (!PQsendQueryParams(s->conn, sql, np, NULL, params, NULL, NULL, 0))
		s->lost = true;
	vec_push(&s->qi, info);
}

static QInfo engine(const char *what)
{
	QInfo q = {Q_ENGINE, -1, -1, what};
	return q;
}

static void start_round(Slot *s, Round round)
{
	s->round = round;
	s->qi.n = 0;
	s->cur = 0;
	s->err_q = -1;
	PQclear(s->err);
	s->err = NULL;
}

static void end_send(Slot *s)
{
	if (!PQpipelineSync(s->conn))
		s->lost = true;
	int r = PQflush(s->conn);
	s->flushing = r == 1;
	if (r < 0)
		s->lost = true;
	s->st = SL_BUSY;
}

static void new_token(Slot *s)
{
	static unsigned counter;
	snprintf(s->token, sizeof(s->token), "%d.%u", (int)getpid(), ++counter);
}

/* The transaction's settings: the tenant's SEARCH_PATH (NULL in database mode: the database's own),
 * lock_timeout, statement_timeout and the transaction's token. Sent at the start, and again after a
 * migration's RESET ALL (a pg_dump-made file ends with one): it would otherwise put the rest of the
 * transaction in the default search_path, outside the tenant's schema, and take the token. */
static void send_settings(Slot *s, const ExecOptions *o, const char *search_path)
{
	if (search_path) {
		const char *settings[4] = {search_path, o->lock_timeout, o->statement_timeout, s->token};
		q_send(s,
		       "SELECT set_config('search_path', $1, true), set_config('lock_timeout', $2, true), "
		       "set_config('statement_timeout', $3, true), set_config('" TX_TOKEN_SETTING
		       "', $4, true)",
		       4, settings, engine("setting search_path, lock_timeout and statement_timeout"));
		return;
	}
	const char *settings[3] = {o->lock_timeout, o->statement_timeout, s->token};
	q_send(s,
	       "SELECT set_config('lock_timeout', $1, true), set_config('statement_timeout', $2, true), "
	       "set_config('" TX_TOKEN_SETTING "', $3, true)",
	       3, settings, engine("setting lock_timeout and statement_timeout"));
}

static void send_guard(Slot *s)
{
	const char *p[1] = {s->token};
	QInfo qg = {Q_GUARD, -1, -1, "checking that the migration's transaction is still open"};
	q_send(s, TX_GUARD_SQL, 1, p, qg);
}

/* The connection's own role: at the start of a target, for the whole session (a migration of the previous
 * target may have left SET ROLE, which must not carry over to another tenant), or (LOCAL) until the end of
 * the transaction, for strata's own writes after the migrations (db/history.h). */
static void send_own_role(Slot *s, bool local)
{
	q_send(s, local ? "SET LOCAL SESSION AUTHORIZATION DEFAULT" : "RESET SESSION AUTHORIZATION", 0, NULL,
	       engine("taking the connection's own role"));
	q_send(s, local ? "SET LOCAL ROLE NONE" : "RESET ROLE", 0, NULL,
	       engine("taking the connection's own role"));
}

static const char *version_at(const Ex *ex, size_t applied)
{
	return applied ? ex->o->set->items[applied - 1].version : "";
}

static void send_target(Ex *ex, Slot *s, ExecTarget *t)
{
	const ExecOptions *o = ex->o;
	s->t = t;
	t->attempts++;
	start_round(s, R_RUN);
	StrBuf sb = STRBUF_INIT;
	char *err = NULL;
	q_send(s, "BEGIN", 0, NULL, engine("starting the transaction"));
	send_own_role(s, false);
	const char *claim[2] = {t->name, version_at(ex, t->from)};
	QInfo qc = {Q_CLAIM, -1, -1, "claiming the target"};
	q_send(s, LEDGER_CLAIM_SQL, 2, claim, qc);
	q_send(s, "SAVEPOINT strata_target", 0, NULL, engine("setting a savepoint"));
	if (tenant_search_path(&sb, o->search_path, o->shared, t->name, &err) != 0)
		sb_append(&sb, "pg_catalog"); /* validated before the run: cannot happen */
	free(err);
	new_token(s);
	char *search_path = sb_detach(&sb);
	send_settings(s, o, search_path);
	HistoryTarget ht = {t->name, TENANT_HISTORY_TABLE};
	if (o->create_schema) {
		sb_reset(&sb);
		sb_append(&sb, "CREATE SCHEMA IF NOT EXISTS ");
		sql_quote_ident(&sb, t->name);
		q_send(s, sb_str(&sb), 0, NULL, engine("creating the tenant schema"));
	}
	if (t->from == 0) {
		sb_reset(&sb);
		history_table_ddl_sql(&sb, &ht);
		q_send(s, sb_str(&sb), 0, NULL, engine("creating the tenant history table"));
	}
	size_t n = o->set->n;
	for (size_t m = t->from; m < n; m++) {
		for (size_t k = 0; k < o->plans[m].n; k++) {
			if (!ex->stmt_sql[m][k])
				continue;
			QInfo qs = {Q_STMT, (int)m, (int)k, NULL};
			q_send(s, ex->stmt_sql[m][k], 0, NULL, qs);
			if (stmt_is_reset_all(o->plans[m].stmts[k].node))
				send_settings(s, o, search_path);
		}
	}
	send_guard(s);
	send_own_role(s, true);
	if (t->from < n) {
		sb_reset(&sb);
		sb_append(&sb, "INSERT INTO ");
		history_qname(&sb, &ht);
		sb_append(&sb, HISTORY_VALUES_COLUMNS);
		for (size_t m = t->from; m < n; m++) {
			if (m > t->from)
				sb_append(&sb, ", ");
			sb_append(&sb, ex->hist_values[m]);
		}
		q_send(s, sb_str(&sb), 0, NULL, engine("recording the tenant history"));
	}
	const char *ok[4] = {t->name, version_at(ex, n), o->chains[n], ex->worker};
	q_send(s, LEDGER_OK_SQL, 4, ok, engine("updating the ledger"));
	QInfo qcommit = {Q_COMMIT, -1, -1, "committing"};
	q_send(s, "COMMIT", 0, NULL, qcommit);
	sb_release(&sb);
	free(search_path);
	end_send(s);
}

static void send_rollback(Slot *s)
{
	start_round(s, R_ROLLBACK);
	q_send(s, "ROLLBACK", 0, NULL, engine("rolling back"));
	end_send(s);
}

static void send_record(Ex *ex, Slot *s)
{
	start_round(s, R_RECORD);
	q_send(s, "ROLLBACK TO SAVEPOINT strata_target", 0, NULL, engine("rolling back to the savepoint"));
	const char *p[3] = {s->t->name, s->t->error, ex->worker};
	q_send(s, LEDGER_FAILED_SQL, 3, p, engine("recording the failure in the ledger"));
	q_send(s, "COMMIT", 0, NULL, engine("committing the failure record"));
	end_send(s);
}

/* ---- outcomes ---- */

static void finish_target(Ex *ex, ExecTarget *t, TargetState st)
{
	t->state = st;
	if (st == TS_OK)
		ex->sum->ok++;
	else if (st == TS_BY_OTHER)
		ex->sum->by_other++;
	else if (st == TS_BUSY)
		ex->sum->busy++;
	else if (st == TS_FAILED) {
		ex->sum->failed++;
		ex->failed_run++;
		if (on_error_should_stop(&ex->o->on_error, ex->failed_run, ex->n) && !ex->stopping) {
			ex->stopping = true;
			ex->sum->stopped_policy = true;
		}
	}
	if (ex->o->progress)
		progress_step(ex->o->progress, st == TS_FAILED || st == TS_BUSY);
}

static void requeue(Ex *ex, ExecTarget *t, int delay_ms)
{
	t->not_before = progress_now_ms() + delay_ms;
	vec_push(&ex->queue[t->server], (size_t)(t - ex->targets));
}

/* A failure of target T: a diagnostic (with file:line:col for a migration statement) and the ledger text. */
static void target_error(Ex *ex, Slot *s)
{
	ExecTarget *t = s->t;
	const QInfo *qi = s->err_q >= 0 ? &s->qi.items[s->err_q] : NULL;
	StmtSource src, *srcp = NULL;
	if (qi && qi->kind == Q_STMT) {
		const MigPlan *p = &ex->o->plans[qi->mig];
		const PlanStmt *ps = &p->stmts[qi->stmt];
		src = (StmtSource){p->file, p->text, ps->offset, ps->len, ps->line, ps->col};
		srcp = &src;
	}
	Diag *d = db_error_diag(ex->dl, s->conn, s->err, srcp, qi ? qi->what : "migrating");
	char *m = xasprintf("tenant \"%s\": %s", t->name, d->message);
	free(d->message);
	d->message = m;
	if (srcp)
		t->error = xasprintf("%s:%d:%d: %s", d->file, d->line, d->col, m + strlen(t->name) + 11);
	else
		t->error = xstrdup(m + strlen(t->name) + 11);
	if (!strcmp(d->sqlstate, "3F000") && t->from == 0)
		diag_set_hint(d, "the schema does not exist: create the tenant with `strata tenant add %s`",
		              t->name);
}

static bool claim_refused(Ex *ex, ExecTarget *t, const PGresult *err);
static void db_run_done(Ex *ex, Slot *s);

/* The guard of S's target failed: one of the migration statements sent ended the transaction. The error
 * names the first of them that is transaction control (when the parse knows it). */
static void tx_ended(Ex *ex, Slot *s)
{
	ExecTarget *t = s->t;
	const QInfo *qi = NULL;
	for (size_t k = 0; k < s->qi.n && !qi; k++)
		if (s->qi.items[k].kind == Q_STMT &&
		    stmt_ends_tx(ex->o->plans[s->qi.items[k].mig].stmts[s->qi.items[k].stmt].node))
			qi = &s->qi.items[k];
	Diag *d;
	if (qi) {
		const MigPlan *p = &ex->o->plans[qi->mig];
		const PlanStmt *ps = &p->stmts[qi->stmt];
		char *words = stmt_words(p->text, ps->offset, ps->len);
		d = diag_add(ex->dl, SEV_ERROR, "transaction-control", p->file, ps->line, ps->col,
		             "tenant \"%s\": \"%s\" ended the migration's transaction: nothing was recorded "
		             "as applied",
		             t->name, words);
		sql_attach_source_line(d, p->text, ps->offset);
		t->error = xasprintf("%s:%d:%d: \"%s\" ended the migration's transaction", p->file, ps->line,
		                     ps->col, words);
		free(words);
	} else {
		d = diag_add(
		    ex->dl, SEV_ERROR, "transaction-control", NULL, 0, 0,
		    "tenant \"%s\": a statement of its migrations ended their transaction: nothing was "
		    "recorded as applied",
		    t->name);
		t->error = xstrdup("a statement of its migrations ended their transaction");
	}
	diag_set_detail(d, "what ran before it was rolled back, or committed without a history row; the "
	                   "statements after it were rolled back");
	diag_set_hint(d, "remove the transaction control from the migration (`strata check` shows it)");
}

/* The pipeline of a RUN round has been answered (sync seen). */
static void run_done(Ex *ex, Slot *s)
{
	if (ex->o->database_mode) {
		db_run_done(ex, s);
		return;
	}
	ExecTarget *t = s->t;
	const ExecOptions *o = ex->o;
	if (s->err_q < 0) {
		s->t = NULL;
		s->st = SL_READY;
		finish_target(ex, t, TS_OK);
		return;
	}
	const QInfo *qi = &s->qi.items[s->err_q];
	if (qi->kind == Q_GUARD) { /* the claim ended with the transaction: nothing to record under it */
		tx_ended(ex, s);
		finish_target(ex, t, TS_FAILED);
		s->t = NULL;
		send_rollback(s);
		return;
	}
	if (claim_refused(ex, t, s->err)) {
		s->t = NULL;
		send_rollback(s);
		return;
	}
	const char *state = db_sqlstate(s->err);
	if (!strcmp(state, "55P03") && t->attempts <= o->retries) {
		log_note(
		    ex, "tenant \"%s\": lock not granted within lock_timeout %s, rolled back; retry %d of %d",
		    t->name, o->lock_timeout, t->attempts, o->retries);
		requeue(ex, t, 200 << (t->attempts - 1));
		s->t = NULL;
		send_rollback(s);
		return;
	}
	target_error(ex, s);
	if (qi->kind == Q_ENGINE || qi->kind == Q_STMT) {
		if (s->err_q > 2) { /* after the savepoint: record the failure under our claim */
			send_record(ex, s);
			return;
		}
	}
	finish_target(ex, t, TS_FAILED);
	s->t = NULL;
	send_rollback(s);
}

/* Whether ERR (a failed claim) says the target is busy (SR001) or moved (SR002); then T is requeued or
 * finished (busy too long, done by another worker, unknown version) and true is returned. The caller
 * ends its transaction. */
static bool claim_refused(Ex *ex, ExecTarget *t, const PGresult *err)
{
	const ExecOptions *o = ex->o;
	const char *state = db_sqlstate(err);
	if (!strcmp(state, SQLSTATE_BUSY)) {
		long long now = progress_now_ms();
		if (!t->busy_since)
			t->busy_since = now;
		if (now - t->busy_since > o->busy_wait_ms) {
			t->error =
			    xasprintf("held by another session for more than %d s", o->busy_wait_ms / 1000);
			Diag *d = diag_add(ex->dl, SEV_ERROR, "target-busy", NULL, 0, 0,
			                   "tenant \"%s\" is being migrated by another session", t->name);
			diag_set_hint(d, "another strata run holds it; re-run when it is done");
			finish_target(ex, t, TS_BUSY);
		} else
			requeue(ex, t, 50 + 10 * (t->attempts % 10));
		t->attempts--; /* not an attempt of ours */
		return true;
	}
	if (!strcmp(state, SQLSTATE_MOVED)) {
		const char *v = PQresultErrorField(err, PG_DIAG_MESSAGE_DETAIL);
		v = v ? v : "";
		size_t at = (size_t)-1;
		if (!*v)
			at = 0;
		for (size_t i = 0; i < o->set->n && at == (size_t)-1; i++)
			if (!strcmp(o->set->items[i].version, v))
				at = i + 1;
		t->attempts--;
		if (at == o->set->n)
			finish_target(ex, t, TS_BY_OTHER);
		else if (at == (size_t)-1) {
			t->error =
			    xasprintf("the ledger says version \"%s\", which is not a tenant migration", v);
			diag_add(ex->dl, SEV_ERROR, "unknown-version", NULL, 0, 0, "tenant \"%s\": %s",
			         t->name, t->error);
			finish_target(ex, t, TS_FAILED);
		} else {
			t->from = at;
			requeue(ex, t, 0);
		}
		return true;
	}
	return false;
}

static void round_done(Ex *ex, Slot *s)
{
	if (s->round == R_RUN) {
		run_done(ex, s);
		return;
	}
	if (s->round == R_RECORD) {
		ExecTarget *t = s->t;
		s->t = NULL;
		finish_target(ex, t, TS_FAILED);
		if (s->err_q >= 0) {
			send_rollback(s);
			return;
		}
	}
	if (PQtransactionStatus(s->conn) != PQTRANS_IDLE && s->round != R_ROLLBACK) {
		send_rollback(s);
		return;
	}
	s->st = SL_READY;
}

static void db_lost(Ex *ex, Slot *s);

/* The connection of S died (server restart, pg_terminate_backend): its transaction is gone. */
static void slot_lost(Ex *ex, Slot *s)
{
	ExecTarget *t = s->t;
	if (ex->o->database_mode) {
		db_lost(ex, s);
		return;
	}
	if (t && s->round == R_RECORD) {
		finish_target(ex, t, TS_FAILED);
	} else if (t) {
		char *msg = xstrndup(PQerrorMessage(s->conn), strcspn(PQerrorMessage(s->conn), "\n"));
		if (t->attempts <= ex->o->retries) {
			log_note(ex,
			         "tenant \"%s\": lost the connection (%s); the server rolled the transaction "
			         "back, retrying",
			         t->name, msg);
			requeue(ex, t, 100);
		} else {
			t->error = xasprintf("lost the connection to the server: %s", msg);
			Diag *d = diag_add(ex->dl, SEV_ERROR, "connection-lost", NULL, 0, 0,
			                   "tenant \"%s\": %s", t->name, t->error);
			diag_set_detail(d, "its transaction was not committed, so the server rolled it back");
			finish_target(ex, t, TS_FAILED);
		}
		free(msg);
	}
	s->t = NULL;
	PQclear(s->err);
	s->err = NULL;
	PQfinish(s->conn);
	s->conn = NULL;
	s->lost = false;
	s->st = SL_IDLE;
}

/* Read what arrived on S and handle finished rounds. */
static void slot_read(Ex *ex, Slot *s)
{
	if (!PQconsumeInput(s->conn)) {
		s->lost = true;
		return;
	}
	int nulls = 0;
	while (s->st == SL_BUSY && !PQisBusy(s->conn)) {
		PGresult *r = PQgetResult(s->conn);
		if (!r) {
			s->cur++;
			if (++nulls > 1 && s->cur > s->qi.n + 1)
				break;
			continue;
		}
		nulls = 0;
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			round_done(ex, s);
			continue;
		}
		if (st == PGRES_FATAL_ERROR && s->err_q < 0) {
			s->err_q = (int)(s->cur < s->qi.n ? s->cur : s->qi.n - 1);
			s->err = r;
			if (PQstatus(s->conn) == CONNECTION_BAD) {
				s->lost = true;
				return;
			}
		} else
			PQclear(r);
	}
	if (PQstatus(s->conn) == CONNECTION_BAD)
		s->lost = true;
}

/* ---- connections ---- */

/* Start connecting S to its server (database mode: to the database of its target, given as a second
 * "dbname" after the URL: libpq expands only the first one, so the name is never parsed as a URL). */
static void slot_connect(Ex *ex, Slot *s)
{
	const char *db = ex->o->database_mode && s->t ? s->t->name : NULL;
	const char *keys[] = {"dbname", "fallback_application_name", db ? "dbname" : NULL, NULL};
	const char *vals[] = {ex->o->servers[s->server], "strata", db, NULL};
	s->conn = PQconnectStartParams(keys, vals, 1);
	if (!s->conn || PQstatus(s->conn) == CONNECTION_BAD) {
		s->pst = PGRES_POLLING_FAILED;
	} else
		s->pst = PGRES_POLLING_WRITING;
	s->st = SL_CONNECTING;
}

static void server_unreachable(Ex *ex, Slot *s, PGconn *conn)
{
	if (ex->srv[s->server].reported) /* one error per server, not one per connection */
		return;
	ex->srv[s->server].reported = true;
	char *msg = xstrndup(PQerrorMessage(conn), strcspn(PQerrorMessage(conn), "\n"));
	char *url = db_url_redacted(ex->o->servers[s->server]);
	Diag *d = diag_add(ex->dl, SEV_ERROR, "connection-failed", NULL, 0, 0,
	                   "could not connect to server: %s", msg);
	diag_set_detail(d, "server %s", url);
	free(url);
	free(msg);
	ex->sum->connect_failed = true;
}

/* Connections of SERVER that are open now (claim connections in database mode), S excluded. */
static int server_open(Ex *ex, int server, const Slot *s)
{
	int n = 0;
	for (size_t i = 0; i < ex->n_slots; i++) {
		const Slot *o = &ex->slots[i];
		if (o == s || o->server != server)
			continue;
		if (ex->o->database_mode ? o->main != NULL : (o->st == SL_READY || o->st == SL_BUSY))
			n++;
	}
	return n;
}

/* A connection of S's server got through. */
static void connect_ok(Ex *ex, Slot *s)
{
	ex->srv[s->server].ever = true;
	ex->srv[s->server].down_since = 0;
}

#define RECONNECT_WINDOW_MS 30000 /* a server that served this run is retried this long (a restart) */

/* A connection of S (CONN, its failure message) did not get through. While other connections of ours are
 * open on that server, it is the server's limit (max_connections): S is parked and the run goes on with
 * the connections granted (one warning per server). A server that served this run and now refuses every
 * connection is restarting: retried with backoff for RECONNECT_WINDOW_MS. One that never accepted us is
 * unreachable after three failures per slot (one error). S is left SL_PARKED, SL_IDLE (retry at
 * S->retry_at) or SL_DEAD. */
static void connect_refused(Ex *ex, Slot *s, PGconn *conn)
{
	ServerConns *sc = &ex->srv[s->server];
	long long now = progress_now_ms();
	int jobs = ex->o->jobs > 0 ? ex->o->jobs : 1;
	if (server_open(ex, s->server, s) > 0) {
		s->st = SL_PARKED;
		if (!sc->refused_warned) {
			sc->refused_warned = true;
			log_note(
			    ex,
			    "warning: server %d refused some of the %d connections --jobs asks for (%.*s): "
			    "continuing with those it accepted",
			    s->server + 1, jobs, (int)strcspn(PQerrorMessage(conn), "\n"),
			    PQerrorMessage(conn));
		}
		return;
	}
	if (sc->ever) {
		if (!sc->down_since) {
			sc->down_since = now;
			log_note(ex, "server %d: no connection gets through (%.*s): retrying for up to %d s",
			         s->server + 1, (int)strcspn(PQerrorMessage(conn), "\n"),
			         PQerrorMessage(conn), RECONNECT_WINDOW_MS / 1000);
		}
		if (now - sc->down_since < RECONNECT_WINDOW_MS) {
			s->st = SL_IDLE;
			s->retry_at = now + 250;
			return;
		}
	} else if (++sc->failures < 3 * jobs) {
		s->st = SL_IDLE;
		s->retry_at = now + 20;
		return;
	}
	server_unreachable(ex, s, conn);
	s->st = SL_DEAD;
}
static void quiet_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void db_connected(Ex *ex, Slot *s);
static void db_connect_failed(Ex *ex, Slot *s);

static void connect_step(Ex *ex, Slot *s)
{
	if (s->pst != PGRES_POLLING_FAILED)
		s->pst = PQconnectPoll(s->conn);
	if (ex->o->database_mode && s->pst == PGRES_POLLING_OK) {
		PQsetNoticeProcessor(s->conn, quiet_notices, NULL);
		db_connected(ex, s);
		return;
	}
	if (ex->o->database_mode && s->pst == PGRES_POLLING_FAILED) {
		db_connect_failed(ex, s);
		return;
	}
	if (s->pst == PGRES_POLLING_OK) {
		PQsetNoticeProcessor(s->conn, quiet_notices,
		                     NULL); /* IF NOT EXISTS notices, one per tenant */
		if (PQsetnonblocking(s->conn, 1) != 0 || !PQenterPipelineMode(s->conn)) {
			s->pst = PGRES_POLLING_FAILED;
		} else {
			s->st = SL_READY;
			connect_ok(ex, s);
			return;
		}
	}
	if (s->pst == PGRES_POLLING_FAILED) {
		connect_refused(ex, s, s->conn);
		PQfinish(s->conn);
		s->conn = NULL;
	}
}

/* ---- scheduling ---- */

static ExecTarget *take(Ex *ex, int server, long long now, bool *waiting);

/* Next target of SERVER ready to run now, or NULL. */
static ExecTarget *take(Ex *ex, int server, long long now, bool *waiting)
{
	IdxVec *q = &ex->queue[server];
	for (size_t i = ex->pos[server]; i < q->n; i++) {
		ExecTarget *t = &ex->targets[q->items[i]];
		if (t->not_before > now) {
			*waiting = true;
			continue;
		}
		size_t tmp = q->items[i];
		q->items[i] = q->items[ex->pos[server]];
		q->items[ex->pos[server]] = tmp;
		ex->pos[server]++;
		return t;
	}
	return NULL;
}

/* ---- database mode (see executor.h): claim on the main database, migrate in the tenant database ---- */

/* One blocking statement on the claim connection; returns its result (never NULL: PQclear it). It never
 * waits for a lock held by another session: the claim uses pg_try_advisory_xact_lock and SKIP LOCKED, and
 * the ledger row it updates is the one the claim locked. */
static PGresult *main_exec(Slot *s, const char *sql, int np, const char *const *p)
{
	PGresult *r = PQexecParams(s->main, sql, np, NULL, p, NULL, NULL, 0);
	return r ? r : PQmakeEmptyPGresult(s->main, PGRES_FATAL_ERROR);
}

static bool main_ok(Slot *s, const char *sql, int np, const char *const *p)
{
	PGresult *r = main_exec(s, sql, np, p);
	ExecStatusType st = PQresultStatus(r);
	PQclear(r);
	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

/* End the claim transaction without writing anything (the target goes back to the queue or is left). */
static void db_unclaim(Slot *s)
{
	if (s->main && !main_ok(s, "ROLLBACK", 0, NULL))
		PQclear(PQexec(s->main, "ROLLBACK"));
}

/* Write T's ledger row under the claim and commit: ok at head, or failed with T->error. A failure here
 * (the main database went away) leaves the ledger behind the tenant's history, which the next run
 * corrects; it is noted, not fatal. */
static void db_record(Ex *ex, Slot *s, ExecTarget *t, bool ok)
{
	size_t n = ex->o->set->n;
	bool good;
	if (ok) {
		const char *p[4] = {t->name, version_at(ex, n), ex->o->chains[n], ex->worker};
		good = main_ok(s, LEDGER_OK_SQL, 4, p);
	} else {
		const char *p[3] = {t->name, t->error ? t->error : "failed", ex->worker};
		good = main_ok(s, LEDGER_FAILED_SQL, 3, p);
	}
	good = good && main_ok(s, "COMMIT", 0, NULL);
	if (!good) {
		log_note(ex,
		         "tenant \"%s\": could not update strata.ledger (%.*s); the tenant's own history is "
		         "right and the next run corrects the ledger",
		         t->name, (int)strcspn(PQerrorMessage(s->main), "\n"), PQerrorMessage(s->main));
		db_unclaim(s);
	}
}

/* Close the tenant connection of S; the slot can take the next target. */
static void db_close(Slot *s)
{
	if (s->conn)
		PQfinish(s->conn);
	s->conn = NULL;
	s->t = NULL;
	PQclear(s->err);
	s->err = NULL;
	s->lost = false;
	s->flushing = false;
	s->st = SL_IDLE;
}

/* Fail the claimed target of S with a message (T->error, one diagnostic), record it, close. */
static void db_fail(Ex *ex, Slot *s, char *error)
{
	ExecTarget *t = s->t;
	t->error = error;
	diag_add(ex->dl, SEV_ERROR, "tenant-failed", NULL, 0, 0, "tenant \"%s\": %s", t->name, error);
	db_record(ex, s, t, false);
	db_close(s);
	finish_target(ex, t, TS_FAILED);
}

/* Slot S is idle: open its claim connection when needed, take the next target of its server, claim it
 * and start connecting to its database. */
static void db_start(Ex *ex, Slot *s, long long now, bool *waiting)
{
	if (!s->main) {
		const char *keys[] = {"dbname", "fallback_application_name", NULL};
		const char *vals[] = {ex->o->servers[s->server], "strata", NULL};
		s->main = PQconnectdbParams(keys, vals, 1);
		if (!s->main || PQstatus(s->main) != CONNECTION_OK) {
			connect_refused(ex, s, s->main);
			PQfinish(s->main);
			s->main = NULL;
			return;
		}
		PQsetNoticeProcessor(s->main, quiet_notices, NULL);
		connect_ok(ex, s);
	}
	ExecTarget *t = take(ex, s->server, now, waiting);
	if (!t)
		return;
	t->attempts++;
	const char *claim[2] = {t->name, version_at(ex, t->from)};
	PGresult *r = NULL;
	if (main_ok(s, "BEGIN", 0, NULL))
		r = main_exec(s, LEDGER_CLAIM_SQL, 2, claim);
	if (r && PQresultStatus(r) == PGRES_TUPLES_OK) {
		PQclear(r);
		s->t = t;
		slot_connect(ex, s);
		return;
	}
	bool refused = r && claim_refused(ex, t, r);
	db_unclaim(s);
	if (!refused) {
		const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(s->main);
		t->error =
		    xasprintf("claiming the tenant in strata.ledger: %.*s", (int)strcspn(msg, "\n"), msg);
		diag_add(ex->dl, SEV_ERROR, "claim-failed", NULL, 0, 0, "tenant \"%s\": %s", t->name,
		         t->error);
		finish_target(ex, t, TS_FAILED);
		if (PQstatus(s->main) == CONNECTION_BAD) {
			PQfinish(s->main);
			s->main = NULL;
		}
	}
	PQclear(r);
}

/* The tenant connection of S failed: the database does not exist, refuses us, or its server is down —
 * or the server has no connection left for us (max_connections) while our other slots hold theirs: then
 * the claim is given up, the target goes back to the queue and S is parked, its claim connection closed
 * (one more connection for the others). */
static void db_connect_failed(Ex *ex, Slot *s)
{
	ExecTarget *t = s->t;
	if (s->conn && s->main) {
		const char *p[1] = {t->name};
		PGresult *r = main_exec(s, "SELECT 1 FROM pg_database WHERE datname = $1", 1, p);
		bool exists = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
		PQclear(r);
		bool others = server_open(ex, s->server, s) > 0;
		/* the database is there: the server is out of connections. With other claim connections
		 * open, this slot gives its own up (parked); the last one keeps it and tries again shortly,
		 * when the others' are gone (a bounded number of times: --retries) */
		if (exists && (others || t->attempts <= ex->o->retries)) {
			db_unclaim(s);
			if (others) {
				PQfinish(s->main);
				s->main = NULL;
				connect_refused(ex, s, s->conn); /* parks S */
				t->attempts--;
			} else {
				s->st = SL_IDLE;
				s->retry_at = progress_now_ms() + 100;
			}
			PQfinish(s->conn);
			s->conn = NULL;
			s->t = NULL;
			requeue(ex, t, others ? 0 : 100);
			return;
		}
	}
	const char *msg = s->conn ? PQerrorMessage(s->conn) : "out of memory";
	char *e = xasprintf("could not connect to the tenant database: %.*s", (int)strcspn(msg, "\n"), msg);
	db_fail(ex, s, e);
}

/* Send the tenant's transaction (database mode): no claim (it is held on the main database) and no
 * ledger row (written there after this commits). */
static void db_send(Ex *ex, Slot *s, ExecTarget *t)
{
	const ExecOptions *o = ex->o;
	start_round(s, R_RUN);
	StrBuf sb = STRBUF_INIT;
	q_send(s, "BEGIN", 0, NULL, engine("starting the transaction"));
	send_own_role(s, false);
	new_token(s);
	send_settings(s, o, NULL);
	if (t->from == 0) {
		sb_append(&sb, "CREATE SCHEMA IF NOT EXISTS ");
		sql_quote_ident(&sb, o->history.schema);
		q_send(s, sb_str(&sb), 0, NULL, engine("creating the history schema"));
		sb_reset(&sb);
		history_table_ddl_sql(&sb, &o->history);
		q_send(s, sb_str(&sb), 0, NULL, engine("creating the history table"));
	}
	size_t n = o->set->n;
	for (size_t m = t->from; m < n; m++)
		for (size_t k = 0; k < o->plans[m].n; k++) {
			if (!ex->stmt_sql[m][k])
				continue;
			QInfo qs = {Q_STMT, (int)m, (int)k, NULL};
			q_send(s, ex->stmt_sql[m][k], 0, NULL, qs);
			if (stmt_is_reset_all(o->plans[m].stmts[k].node))
				send_settings(s, o, NULL);
		}
	send_guard(s);
	send_own_role(s, true);
	sb_reset(&sb);
	sb_append(&sb, "INSERT INTO ");
	history_qname(&sb, &o->history);
	sb_append(&sb, HISTORY_VALUES_COLUMNS);
	for (size_t m = t->from; m < n; m++) {
		if (m > t->from)
			sb_append(&sb, ", ");
		sb_append(&sb, ex->hist_values[m]);
	}
	q_send(s, sb_str(&sb), 0, NULL, engine("recording the tenant history"));
	QInfo qcommit = {Q_COMMIT, -1, -1, "committing"};
	q_send(s, "COMMIT", 0, NULL, qcommit);
	sb_release(&sb);
	end_send(s);
}

/* The tenant connection of S is up: read the tenant's history (the source of truth), correct the plan
 * (and the ledger, at the end) when the ledger disagreed, then send the transaction. */
static void db_connected(Ex *ex, Slot *s)
{
	const ExecOptions *o = ex->o;
	ExecTarget *t = s->t;
	DiagList dl = DIAGLIST_INIT;
	HistoryRows rows;
	bool exists = false;
	if (history_load(s->conn, &o->history, &rows, &exists, &dl) != 0) {
		char *e = xasprintf("reading its history: %s", dl.n ? dl.items[0].message : "failed");
		diag_list_release(&dl);
		db_fail(ex, s, e);
		return;
	}
	diag_list_release(&dl);
	size_t n = 0;
	const char **vs = xcalloc(rows.n + 1, sizeof(char *)), **cs = xcalloc(rows.n + 1, sizeof(char *));
	for (size_t i = 0; i < rows.n; i++)
		if (rows.items[i].success) {
			vs[n] = rows.items[i].version;
			cs[n++] = rows.items[i].checksum;
		}
	const char **sums = xcalloc(o->set->n + 1, sizeof(char *));
	for (size_t i = 0; i < o->set->n; i++)
		sums[i] = o->plans[i].checksum;
	size_t from = 0;
	char *why = NULL;
	int rc = history_prefix(o->set, sums, vs, cs, n, &from, &why);
	free(vs);
	free(cs);
	free(sums);
	history_rows_free(&rows);
	if (rc != 0) {
		db_fail(ex, s, why);
		return;
	}
	if (from != t->from)
		log_note(ex,
		         "tenant \"%s\": strata.ledger says %s, its history says %s: the history is right, "
		         "the ledger is corrected",
		         t->name, t->from ? o->set->items[t->from - 1].version : "nothing applied",
		         from ? o->set->items[from - 1].version : "nothing applied");
	t->from = from;
	if (from == o->set->n) { /* already at head (an interrupted run): only the ledger was behind */
		db_record(ex, s, t, true);
		db_close(s);
		finish_target(ex, t, TS_OK);
		return;
	}
	if (PQsetnonblocking(s->conn, 1) != 0 || !PQenterPipelineMode(s->conn)) {
		db_fail(ex, s, xstrdup("could not switch the connection to pipeline mode"));
		return;
	}
	db_send(ex, s, t);
}

/* The tenant's pipeline was answered: record the outcome on the claim connection and close. */
static void db_run_done(Ex *ex, Slot *s)
{
	ExecTarget *t = s->t;
	const ExecOptions *o = ex->o;
	if (s->err_q < 0) {
		db_record(ex, s, t, true);
		db_close(s);
		finish_target(ex, t, TS_OK);
		return;
	}
	if (!strcmp(db_sqlstate(s->err), "55P03") && t->attempts <= o->retries) {
		log_note(
		    ex, "tenant \"%s\": lock not granted within lock_timeout %s, rolled back; retry %d of %d",
		    t->name, o->lock_timeout, t->attempts, o->retries);
		db_unclaim(s);
		db_close(s);
		requeue(ex, t, 200 << (t->attempts - 1));
		return;
	}
	if (s->qi.items[s->err_q].kind == Q_GUARD)
		tx_ended(ex, s);
	else
		target_error(ex, s); /* closing the connection rolls the tenant's transaction back */
	db_record(ex, s, t, false);
	db_close(s);
	finish_target(ex, t, TS_FAILED);
}

/* The tenant connection of S died: the server rolled its transaction back. Retry, or record. */
static void db_lost(Ex *ex, Slot *s)
{
	ExecTarget *t = s->t;
	if (!t) {
		db_close(s);
		return;
	}
	char *msg = xstrndup(PQerrorMessage(s->conn), strcspn(PQerrorMessage(s->conn), "\n"));
	if (t->attempts <= ex->o->retries) {
		log_note(ex, "tenant \"%s\": lost the connection (%s); rolled back, retrying", t->name, msg);
		db_unclaim(s);
		db_close(s);
		requeue(ex, t, 100);
	} else
		db_fail(ex, s, xasprintf("lost the connection to the tenant database: %s", msg));
	free(msg);
}

static bool server_has_work(Ex *ex, int server)
{
	return ex->pos[server] < ex->queue[server].n;
}

/* Run the targets queued for this wave until done (or stopping). */
static void run_wave(Ex *ex)
{
	const ExecOptions *o = ex->o;
	struct pollfd *pfd = xcalloc(ex->n_slots, sizeof(struct pollfd));
	for (;;) {
		if (cancel_requested() && !ex->stopping) {
			ex->stopping = true;
			ex->sum->interrupted = true;
		}
		long long now = progress_now_ms();
		bool active = false, waiting = false;
		if (o->ready_upto) { /* targets handed over since the last turn */
			size_t ready = atomic_load_explicit(o->ready_upto, memory_order_acquire);
			for (; ex->handed < ready && ex->handed < ex->n; ex->handed++)
				if (!o->hold || !o->hold[ex->handed])
					vec_push(&ex->queue[ex->targets[ex->handed].server], ex->handed);
			waiting |= ex->handed < ex->n;
		}
		/* connections are opened a few at a time per server: a burst of hundreds overflows the
		 * server's listen queue and fails for no reason of the server's */
		for (size_t sv = 0; sv < o->n_servers; sv++)
			ex->srv[sv].connecting = 0;
		for (size_t i = 0; i < ex->n_slots; i++)
			if (ex->slots[i].st == SL_CONNECTING)
				ex->srv[ex->slots[i].server].connecting++;
		for (size_t i = 0; i < ex->n_slots; i++) {
			Slot *s = &ex->slots[i];
			if (s->st == SL_IDLE &&
			    (s->retry_at > now || ex->srv[s->server].connecting >= MAX_CONNECTING)) {
				waiting = true;
				continue;
			}
			if (s->st == SL_IDLE && !ex->stopping && server_has_work(ex, s->server))
				ex->srv[s->server].connecting++;
			if (o->database_mode) {
				if (s->st == SL_IDLE && !ex->stopping && server_has_work(ex, s->server))
					db_start(ex, s, now, &waiting);
				if (s->st == SL_CONNECTING && s->pst == PGRES_POLLING_FAILED)
					connect_step(ex, s);
				if (s->lost)
					slot_lost(ex, s);
				continue;
			}
			if (s->st == SL_IDLE && !ex->stopping && server_has_work(ex, s->server))
				slot_connect(ex, s);
			if (s->st == SL_CONNECTING && s->pst == PGRES_POLLING_FAILED)
				connect_step(ex, s);
			if (s->st == SL_READY && !ex->stopping) {
				ExecTarget *t = take(ex, s->server, now, &waiting);
				if (t)
					send_target(ex, s, t);
			}
			if (s->lost)
				slot_lost(ex, s);
		}
		int nfd = 0;
		for (size_t i = 0; i < ex->n_slots; i++) {
			Slot *s = &ex->slots[i];
			pfd[i].fd = -1;
			pfd[i].events = 0;
			pfd[i].revents = 0;
			if (s->st == SL_CONNECTING) {
				pfd[i].fd = PQsocket(s->conn);
				pfd[i].events = s->pst == PGRES_POLLING_READING ? POLLIN : POLLOUT;
			} else if (s->st == SL_BUSY) {
				pfd[i].fd = PQsocket(s->conn);
				pfd[i].events = POLLIN | (s->flushing ? POLLOUT : 0);
			} else
				continue;
			active = true;
			nfd++;
		}
		bool work = false;
		for (size_t sv = 0; sv < o->n_servers; sv++) {
			bool alive = false;
			for (size_t i = 0; i < ex->n_slots; i++)
				alive |= ex->slots[i].server == (int)sv && ex->slots[i].st != SL_DEAD &&
				         ex->slots[i].st != SL_PARKED;
			if (!alive) /* every connection to this server failed: its targets cannot run */
				ex->pos[sv] = ex->queue[sv].n;
			work |= server_has_work(ex, (int)sv);
		}
		if (!active && (ex->stopping || (!work && (!o->ready_upto || ex->handed == ex->n))))
			break;
		int pr = poll(pfd, ex->n_slots, waiting || !nfd ? 20 : 500);
		if (pr < 0 && errno != EINTR)
			break;
		for (size_t i = 0; i < ex->n_slots; i++) {
			Slot *s = &ex->slots[i];
			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			if (s->st == SL_CONNECTING) {
				connect_step(ex, s);
				continue;
			}
			if (s->flushing && (pfd[i].revents & POLLOUT)) {
				int r = PQflush(s->conn);
				s->flushing = r == 1;
				if (r < 0)
					s->lost = true;
			}
			if (pfd[i].revents & (POLLIN | POLLERR | POLLHUP))
				slot_read(ex, s);
			if (s->lost)
				slot_lost(ex, s);
		}
	}
	free(pfd);
}

/* ---- setup ---- */

static void prepare(Ex *ex)
{
	const ExecOptions *o = ex->o;
	size_t n = o->set->n;
	char host[256];
	apply_client_host(host, sizeof(host));
	snprintf(ex->worker, sizeof(ex->worker), "%s pid %d", host, (int)getpid());
	ex->stmt_sql = xcalloc(n ? n : 1, sizeof(char **));
	ex->hist_values = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t m = 0; m < n; m++) {
		const MigPlan *p = &o->plans[m];
		ex->stmt_sql[m] = xcalloc(p->n ? p->n : 1, sizeof(char *));
		for (size_t k = 0; k < p->n; k++)
			if (!p->stmts[k].tx_control && !o->set->items[m].skip && !o->record_only)
				ex->stmt_sql[m][k] = xstrndup(p->text + p->stmts[k].offset, p->stmts[k].len);
		StrBuf sb = STRBUF_INIT;
		if (o->record_only) /* baseline: recorded without running */
			history_values_mode_sql(&sb, &o->set->items[m], p->checksum, MODE_BASELINE, 0,
			                        (int)p->n, host);
		else
			history_values_sql(&sb, &o->set->items[m], p->checksum, (int)p->n, host);
		ex->hist_values[m] = sb_detach(&sb);
	}
}

static void release(Ex *ex)
{
	for (size_t m = 0; m < ex->o->set->n; m++) {
		for (size_t k = 0; k < ex->o->plans[m].n; k++)
			free(ex->stmt_sql[m][k]);
		free(ex->stmt_sql[m]);
		free(ex->hist_values[m]);
	}
	free(ex->stmt_sql);
	free(ex->hist_values);
	for (size_t i = 0; i < ex->n_slots; i++) {
		if (ex->slots[i].conn)
			PQfinish(ex->slots[i].conn);
		if (ex->slots[i].main)
			PQfinish(ex->slots[i].main);
		PQclear(ex->slots[i].err);
		vec_free(&ex->slots[i].qi);
	}
	free(ex->slots);
	for (size_t sv = 0; sv < ex->o->n_servers; sv++)
		vec_free(&ex->queue[sv]);
	free(ex->queue);
	free(ex->pos);
	free(ex->srv);
}

int executor_run(const ExecOptions *o, ExecTarget *targets, size_t n, ExecSummary *sum, DiagList *dl)
{
	memset(sum, 0, sizeof(*sum));
	sum->stopped_wave = -1;
	Ex ex = {0};
	ex.o = o;
	ex.targets = targets;
	ex.n = n;
	ex.sum = sum;
	ex.dl = dl;
	prepare(&ex);
	int jobs = o->jobs > 0 ? o->jobs : 1;
	ex.n_slots = (size_t)jobs * o->n_servers;
	ex.slots = xcalloc(ex.n_slots, sizeof(Slot));
	for (size_t i = 0; i < ex.n_slots; i++) {
		ex.slots[i].server = (int)(i % o->n_servers);
		ex.slots[i].err_q = -1;
	}
	ex.srv = xcalloc(o->n_servers, sizeof(ServerConns));
	ex.queue = xcalloc(o->n_servers, sizeof(IdxVec));
	ex.pos = xcalloc(o->n_servers, sizeof(size_t));
	size_t one_wave[1] = {n};
	const size_t *ends = o->n_waves > 0 ? o->wave_ends : one_wave;
	int n_waves = o->n_waves > 0 ? o->n_waves : 1;
	size_t start = 0;
	for (int w = 0; w < n_waves && !ex.stopping; w++) {
		size_t end = ends[w] < n ? ends[w] : n;
		size_t failed_before = sum->failed;
		for (size_t i = start; i < end && !o->ready_upto; i++) /* else handed over in run_wave */
			vec_push(&ex.queue[targets[i].server], i);
		if (n_waves > 1) {
			log_note(&ex, "wave %d of %d: %zu tenant%s", w + 1, n_waves, end - start,
			         end - start == 1 ? "" : "s");
			ledger_worker_wave(ex.worker, sizeof(ex.worker), w + 1, n_waves);
		}
		run_wave(&ex);
		start = end;
		if (sum->failed > failed_before && w + 1 < n_waves) {
			sum->stopped_wave = w;
			ex.stopping = true;
		}
		if (sum->connect_failed)
			ex.stopping = true;
	}
	for (size_t i = 0; i < n; i++)
		if (targets[i].state == TS_QUEUED && !(o->hold && o->hold[i]))
			sum->not_started++;
	release(&ex);
	return 0;
}
