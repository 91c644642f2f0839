/* introspect_batch.c — running the batch of catalog queries that introspect.c builds: in one REPEATABLE
 * READ transaction on the caller's connection and, for a big database, with the second part of the batch on
 * a second connection in the same snapshot (pg_export_snapshot), so that the server works on two cores;
 * results are handled in batch order as soon as they are there, while the rest still runs. */
#include "strata.h"
#include "db/introspect_int.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

/* pg_attribute of at least this size (about 1,000 tables) makes the batch long enough (> ~50 ms) for a
 * second connection (a few ms to open) to pay off. */
#define TWO_CONNECTIONS_MIN_BYTES "4194304"

/* How long the first connection, done with its own queries, waits for the second one to connect and take
 * the snapshot before it runs the second one's queries itself. */
#define B_WAIT_SECONDS 2.0

/* The settings that change how the server prints expressions and names, copied from the caller's session
 * (SET) to the second connection; settings from the connection string or the role are the same there. */
#define OUTPUT_SETTINGS                                                                                      \
	"'search_path', 'DateStyle', 'IntervalStyle', 'TimeZone', 'extra_float_digits', 'bytea_output', "    \
	"'quote_all_identifiers', 'standard_conforming_strings', 'xmloption', 'lc_monetary', 'lc_numeric', " \
	"'lc_time'"

/* One connection's share: queries QS[0..NQS) of the batch (in batch order) in one query string; the next
 * result is that of QS[POS]. */
typedef struct IConn {
	PGconn *c;
	bool connecting; /* PQconnectPoll() in progress */
	bool want_write; /* ... and waits for the socket to be writable */
	bool importing;  /* the snapshot import is in flight */
	bool running;    /* a query string is in flight */
	size_t qs[INTRO_MAX_QUERIES], nqs, pos;
} IConn;

typedef struct Run {
	Intro *in;
	const char *sql;
	const size_t *ends; /* query q is sql[ends[q - 1] .. ends[q]) (ends[-1] = 0) */
	size_t nq, handled;
	PGresult **res;
	IResultFn fn;
	IConn a, b;
	size_t second[INTRO_MAX_QUERIES], nsecond; /* the second connection's queries */
	bool pending;                              /* ... wait for the first (the second one failed) */
	double a_idle_since;                       /* when the first ran out of work (0: it has some) */
	char *snapshot, *settings;
	int rc;
} Run;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* How many connections introspection may use: STRATA_INTROSPECT_CONNECTIONS=1 or 2 forces it (tests);
 * 0 = by the size of the database. */
static int connections_wanted(void)
{
	const char *e = getenv("STRATA_INTROSPECT_CONNECTIONS");
	if (e && (e[0] == '1' || e[0] == '2') && !e[1])
		return e[0] - '0';
	return 0;
}

static void query_failed(Run *r, size_t q, PGresult *res, PGconn *c)
{
	if (r->rc != 0)
		return;
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	Diag *d = diag_add(r->in->dl, SEV_ERROR, "introspect", NULL, 0, 0, "catalog query %zu failed: %s",
	                   q + 1, msg ? msg : PQerrorMessage(c));
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (st)
		snprintf(d->sqlstate, sizeof(d->sqlstate), "%s", st);
	r->rc = -1;
}

/* Send queries QS[0..NQS) on IC. */
static bool send_job(Run *r, IConn *ic, const size_t *qs, size_t nqs)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < nqs; i++) {
		size_t q = qs[i], from = q ? r->ends[q - 1] : 0;
		sb_append_n(&sb, r->sql + from, r->ends[q] - from);
	}
	bool ok = PQsendQuery(ic->c, sb_str(&sb)) == 1;
	sb_release(&sb);
	if (!ok) {
		diag_add(r->in->dl, SEV_ERROR, "introspect", NULL, 0, 0,
		         "could not send the catalog queries: %s", PQerrorMessage(ic->c));
		r->rc = -1;
		return false;
	}
	ic->running = true;
	if (qs != ic->qs)
		memcpy(ic->qs, qs, nqs * sizeof(*qs));
	ic->nqs = nqs;
	ic->pos = 0;
	return true;
}

/* Hand the results that are there, in batch order. */
static void handle_ready(Run *r)
{
	while (r->rc == 0 && r->handled < r->nq && r->res[r->handled]) {
		r->fn(r->in, r->handled, r->res[r->handled]);
		r->handled++;
	}
}

/* The second connection could not be used (WHAT went wrong, libpq's or the server's message WHY): say so
 * in an info diagnostic; the first connection runs its queries after its own. */
static void b_failed(Run *r, const char *what, const char *why)
{
	const char *msg = why && *why ? why : "no message";
	int len = (int)strcspn(msg, "\n");
	diag_add(r->in->dl, SEV_INFO, "introspect", NULL, 0, 0,
	         "introspection used one connection: %s (%.*s)", what, len, msg);
	if (r->b.c)
		PQfinish(r->b.c);
	memset(&r->b, 0, sizeof(r->b));
	r->pending = true;
}

/* Results of a running job on IC, as many as are there without waiting. */
static void read_results(Run *r, IConn *ic)
{
	while (ic->running && !PQisBusy(ic->c)) {
		PGresult *res = PQgetResult(ic->c);
		if (!res) {
			ic->running = false;
			if (ic->pos < ic->nqs && r->rc == 0) {
				diag_add(r->in->dl, SEV_ERROR, "introspect", NULL, 0, 0,
				         "expected %zu catalog results, got fewer", r->nq);
				r->rc = -1;
			}
			break;
		}
		if (ic->pos >= ic->nqs) {
			PQclear(res);
			continue;
		}
		size_t q = ic->qs[ic->pos++];
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			query_failed(r, q, res, ic->c);
		r->res[q] = res;
	}
}

/* The second connection's progress: connecting, then the snapshot import, then its job. */
static void step_b(Run *r)
{
	IConn *b = &r->b;
	if (b->connecting) {
		PostgresPollingStatusType ps = PQconnectPoll(b->c);
		if (ps == PGRES_POLLING_FAILED) {
			b_failed(r, "could not open a second one", PQerrorMessage(b->c));
			return;
		}
		b->want_write = ps == PGRES_POLLING_WRITING;
		if (ps != PGRES_POLLING_OK)
			return;
		b->connecting = false;
		/* as the first connection's transaction sees the catalog, with its output settings */
		StrBuf sb = STRBUF_INIT;
		char *lit = PQescapeLiteral(b->c, r->snapshot, strlen(r->snapshot));
		sb_appendf(&sb,
		           "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nSET TRANSACTION SNAPSHOT %s;\n"
		           "SET LOCAL jit = off;\n%s",
		           lit ? lit : "''", r->settings ? r->settings : "");
		PQfreemem(lit);
		bool ok = PQsendQuery(b->c, sb_str(&sb)) == 1;
		sb_release(&sb);
		if (!ok) {
			b_failed(r, "could not open a second one", PQerrorMessage(b->c));
			return;
		}
		b->importing = true;
		return;
	}
	if (!PQconsumeInput(b->c)) {
		if (b->importing) {
			b_failed(r, "the second one could not take the snapshot", PQerrorMessage(b->c));
		} else {
			query_failed(r, b->pos < b->nqs ? b->qs[b->pos] : r->nq - 1, NULL, b->c);
			b->running = false;
		}
		return;
	}
	while (b->importing && !PQisBusy(b->c)) {
		PGresult *res = PQgetResult(b->c);
		if (!res) {
			b->importing = false;
			send_job(r, b, r->second, r->nsecond);
			break;
		}
		ExecStatusType st = PQresultStatus(res);
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			char *why = xstrdup(PQresultErrorMessage(res));
			PQclear(res);
			while ((res = PQgetResult(b->c)) != NULL)
				PQclear(res);
			b_failed(r, "the second one could not take the snapshot", why);
			free(why);
			return;
		}
		PQclear(res);
	}
	read_results(r, b);
	if (!b->running && !b->importing && b->c) {
		PQfinish(b->c); /* its transaction is read only: nothing to commit */
		b->c = NULL;
	}
}

/* Start the second connection: the first one's parameters, on the server it is connected to. */
static void start_b(Run *r)
{
	PGconn *a = r->in->conn;
	PQconninfoOption *opts = PQconninfo(a);
	size_t n = 0;
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		n++;
	const char **keys = xcalloc(n + 4, sizeof(*keys)), **vals = xcalloc(n + 4, sizeof(*vals));
	size_t k = 0;
	for (PQconninfoOption *o = opts; o && o->keyword; o++) {
		if (!o->val || !strcmp(o->keyword, "host") || !strcmp(o->keyword, "hostaddr") ||
		    !strcmp(o->keyword, "port"))
			continue;
		keys[k] = o->keyword;
		vals[k++] = o->val;
	}
	/* the host and address it is connected to, not a list to choose from (another server cannot import
	 * the snapshot) */
	const char *hostaddr = PQhostaddr(a);
	keys[k] = "host";
	vals[k++] = PQhost(a);
	keys[k] = "port";
	vals[k++] = PQport(a);
	if (hostaddr && *hostaddr) {
		keys[k] = "hostaddr";
		vals[k++] = hostaddr;
	}
	r->b.c = PQconnectStartParams(keys, vals, 0);
	free(keys);
	free(vals);
	PQconninfoFree(opts);
	r->b.connecting = true;
	r->b.want_write = true; /* libpq: start as if PQconnectPoll() had said PGRES_POLLING_WRITING */
	if (!r->b.c || PQstatus(r->b.c) == CONNECTION_BAD)
		b_failed(r, "could not open a second one", r->b.c ? PQerrorMessage(r->b.c) : "out of memory");
}

/* Wait until a socket in use is ready (or 1 s, then check again). */
static void wait_sockets(Run *r)
{
	struct pollfd fds[2];
	int n = 0;
	if (r->a.running) {
		fds[n].fd = PQsocket(r->a.c);
		fds[n++].events = POLLIN;
	}
	if (r->b.c && (r->b.connecting || r->b.importing || r->b.running)) {
		fds[n].fd = PQsocket(r->b.c);
		fds[n++].events = r->b.connecting && r->b.want_write ? POLLOUT : POLLIN;
	}
	/* a short wait while the first connection has nothing to do (see B_WAIT_SECONDS) */
	if (n && poll(fds, (nfds_t)n, r->a.running ? 1000 : 100) < 0 && errno != EINTR)
		return;
}

/* The transaction on the caller's connection (when it is idle) and the decision for a second connection.
 * Returns false with an error diagnostic. */
static bool begin(Run *r, int want)
{
	PGconn *a = r->in->conn;
	if (PQtransactionStatus(a) != PQTRANS_IDLE)
		return true; /* in the caller's transaction, as it is: one connection */
	r->in->own_tx = true;
	/* The catalog queries are costed far above jit_above_cost (per-row subplans) and JIT compilation took
	 * more time than running them (1.7 s of 3.2 s for the index query of 10,000 tables). */
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nSET LOCAL jit = off;\n");
	if (want != 1)
		sb_appendf(
		    &sb,
		    "SELECT CASE WHEN %s THEN pg_export_snapshot() END,\n"
		    " (SELECT string_agg(format('SELECT set_config(%%L, %%L, true);', name, setting), "
		    "E'\\n')\n"
		    "  FROM pg_settings WHERE source = 'session' AND name IN (" OUTPUT_SETTINGS "));\n",
		    want == 2 ? "true"
		              : "pg_relation_size('pg_catalog.pg_attribute') >= " TWO_CONNECTIONS_MIN_BYTES);
	PGresult *res = PQexec(a, sb_str(&sb));
	sb_release(&sb);
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		if (!PQgetisnull(res, 0, 0))
			r->snapshot = xstrdup(PQgetvalue(res, 0, 0));
		if (!PQgetisnull(res, 0, 1))
			r->settings = xasprintf("%s\n", PQgetvalue(res, 0, 1));
		PQclear(res);
		return true;
	}
	if (st == PGRES_COMMAND_OK) {
		PQclear(res);
		return true;
	}
	char *why = xstrdup(PQresultErrorMessage(res));
	PQclear(res);
	if (PQtransactionStatus(a) == PQTRANS_INERROR) {
		/* the export failed (a server in recovery, say): one connection */
		PQclear(PQexec(a, "ROLLBACK"));
		res = PQexec(a, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;\nSET LOCAL jit = off;");
		st = PQresultStatus(res);
		PQclear(res);
		if (st == PGRES_COMMAND_OK) {
			size_t len = strcspn(why, "\n");
			diag_add(r->in->dl, SEV_INFO, "introspect", NULL, 0, 0,
			         "introspection used one connection: could not export a snapshot for a "
			         "second one (%.*s)",
			         (int)len, why);
			free(why);
			return true;
		}
	}
	diag_add(r->in->dl, SEV_ERROR, "introspect", NULL, 0, 0, "could not start the catalog read: %s", why);
	free(why);
	r->in->own_tx = PQtransactionStatus(a) != PQTRANS_IDLE;
	return false;
}

int introspect_batch(Intro *in, const char *sql, const size_t *ends, size_t nq, const bool *second,
                     PGresult **res, IResultFn fn)
{
	if (!nq || nq > INTRO_MAX_QUERIES)
		return nq ? -1 : 0;
	Run *r = xcalloc(1, sizeof(*r));
	r->in = in;
	r->sql = sql;
	r->ends = ends;
	r->nq = nq;
	r->res = res;
	r->fn = fn;
	r->a.c = in->conn;
	if (!begin(r, connections_wanted())) {
		free(r);
		return -1;
	}
	size_t first[INTRO_MAX_QUERIES], nfirst = 0;
	for (size_t q = 0; q < nq; q++) {
		if (second && second[q])
			r->second[r->nsecond++] = q;
		else
			first[nfirst++] = q;
	}
	if (r->snapshot && r->nsecond && nfirst)
		start_b(r);
	if (!r->b.c) { /* one connection from the start: one job */
		for (size_t q = 0; q < nq; q++)
			first[q] = q;
		nfirst = nq;
		r->pending = false;
	}
	send_job(r, &r->a, first, nfirst);
	while (r->rc == 0 && r->handled < nq) {
		if (r->b.c)
			step_b(r);
		if (r->a.running) {
			if (!PQconsumeInput(r->a.c)) {
				query_failed(r, r->a.pos < r->a.nqs ? r->a.qs[r->a.pos] : nq - 1, NULL,
				             r->a.c);
				r->a.running = false;
			}
			read_results(r, &r->a);
		}
		if (!r->a.running && r->rc == 0 && r->pending) {
			r->pending = false;
			send_job(r, &r->a, r->second, r->nsecond);
		}
		handle_ready(r);
		if (r->rc != 0 || r->handled == nq)
			break;
		if (!r->a.running && r->b.c && !r->b.running) {
			/* the second one is still connecting: not for ever */
			if (!r->a_idle_since)
				r->a_idle_since = now_seconds();
			else if (now_seconds() - r->a_idle_since > B_WAIT_SECONDS)
				b_failed(r, "a second one was not ready in time", "still connecting");
		}
		if (!r->a.running && !r->b.c && !r->pending) {
			/* nothing runs and results are missing: a connection ended early */
			diag_add(in->dl, SEV_ERROR, "introspect", NULL, 0, 0,
			         "expected %zu catalog results, got %zu", nq, r->handled);
			r->rc = -1;
			break;
		}
		wait_sockets(r);
	}
	if (r->b.c)
		PQfinish(r->b.c);
	/* drain what a failure left on the first connection */
	PGresult *x;
	while (r->a.running && (x = PQgetResult(r->a.c)) != NULL)
		PQclear(x);
	int rc = r->rc;
	free(r->snapshot);
	free(r->settings);
	free(r);
	return rc;
}

int introspect_batch_end(Intro *in, bool ok)
{
	if (!in->own_tx)
		return 0;
	in->own_tx = false;
	PGTransactionStatusType ts = PQtransactionStatus(in->conn);
	if (ts == PQTRANS_IDLE)
		return 0;
	PGresult *res = PQexec(in->conn, ok && ts == PQTRANS_INTRANS ? "COMMIT" : "ROLLBACK");
	bool done = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!done && ok)
		diag_add(in->dl, SEV_ERROR, "introspect", NULL, 0, 0, "could not end the catalog read: %s",
		         PQresultErrorMessage(res));
	PQclear(res);
	return done || !ok ? 0 : -1;
}
