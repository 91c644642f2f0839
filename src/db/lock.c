/* lock.c — the per-target advisory lock (see lock.h). */
#include "strata.h"
#include "db/lock.h"
#include "db/session.h"

#include <time.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The key: a 64-bit hash of database name and history table, computed by the server so every client
 * agrees. */
static int lock_key(PGconn *conn, const HistoryTarget *t, char key[32], DiagList *dl)
{
	const char *params[2] = {t->schema, t->table};
	PGresult *r = db_query(
	    conn, "SELECT hashtextextended('strata:' || current_database() || '/' || $1 || '.' || $2, 0)", 2,
	    params, "computing the lock key", dl);
	if (!r)
		return -1;
	snprintf(key, 32, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static void describe_holder(PGconn *conn, const char *key, const HistoryTarget *t, DiagList *dl)
{
	const char *params[1] = {key};
	DiagList quiet = DIAGLIST_INIT;
	PGresult *r = db_query(
	    conn,
	    "SELECT l.pid, to_char(coalesce(a.xact_start, a.backend_start), 'YYYY-MM-DD HH24:MI:SS TZ'), "
	    "coalesce(a.application_name, ''), coalesce(a.client_addr::text, 'local'), current_database() "
	    "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
	    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
	    "AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint LIMIT 1",
	    1, params, "finding the lock holder", &quiet);
	diag_list_release(&quiet);
	Diag *d;
	if (r && PQntuples(r) == 1)
		d = diag_add(dl, SEV_ERROR, "lock-not-obtained", NULL, 0, 0,
		             "another strata run holds the lock on database \"%s\", history \"%s\".\"%s\" "
		             "(pid %s, since %s)",
		             PQgetvalue(r, 0, 4), t->schema, t->table, PQgetvalue(r, 0, 0),
		             PQgetvalue(r, 0, 1));
	else
		d = diag_add(dl, SEV_ERROR, "lock-not-obtained", NULL, 0, 0,
		             "another strata run holds the lock on database \"%s\", history \"%s\".\"%s\"",
		             PQdb(conn), t->schema, t->table);
	diag_set_hint(d, "wait for it to finish, or raise --lock-wait SECONDS");
	PQclear(r);
}

int db_lock_target(PGconn *conn, const HistoryTarget *t, int wait_ms, FILE *waitlog, bool (*stop)(void),
                   DiagList *dl)
{
	char key[32];
	if (lock_key(conn, t, key, dl) != 0)
		return -1;
	const char *params[1] = {key};
	long long deadline = now_ms() + wait_ms;
	bool told = false;
	for (;;) {
		PGresult *r = db_query(conn, "SELECT pg_try_advisory_lock($1::bigint)", 1, params,
		                       "taking the advisory lock", dl);
		if (!r)
			return -1;
		bool got = PQgetvalue(r, 0, 0)[0] == 't';
		PQclear(r);
		if (got)
			return 0;
		if (stop && stop()) {
			diag_add(dl, SEV_ERROR, "interrupted", NULL, 0, 0,
			         "interrupted while waiting for the lock");
			return -1;
		}
		if (now_ms() >= deadline) {
			describe_holder(conn, key, t, dl);
			return 1;
		}
		if (!told && waitlog) {
			fprintf(waitlog,
			        "waiting for another strata run to release the lock on \"%s\".\"%s\"...\n",
			        t->schema, t->table);
			fflush(waitlog);
			told = true;
		}
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}
