/* ledger.c — strata.ledger and strata.claim() (see ledger.h). */
#include "strata.h"
#include "db/ledger.h"
#include "db/session.h"

static const char ledger_ddl[] =
    "CREATE SCHEMA IF NOT EXISTS strata;\n"
    "CREATE TABLE IF NOT EXISTS strata.ledger (\n"
    "    target text PRIMARY KEY,\n"
    "    version text,\n"
    "    checksum_chain text,\n"
    "    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'failed')),\n"
    "    error text,\n"
    "    attempts integer NOT NULL DEFAULT 0,\n"
    "    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
    "    updated_by text\n"
    ");\n"
    /* The claim: the advisory lock keeps any two strata sessions off one target (also a single-target
     * `tenant add`), the row lock with SKIP LOCKED makes a busy target a fast, clear error instead of a
     * wait, and the version check makes the plan optimistic: a row that moved is re-planned. */
    "CREATE OR REPLACE FUNCTION strata.claim(p_target text, p_version text) RETURNS text\n"
    "LANGUAGE plpgsql AS $claim$\n"
    "DECLARE v text; found_row boolean;\n"
    "BEGIN\n"
    "    IF NOT pg_try_advisory_xact_lock(hashtextextended('strata:' || current_database() || '/tenant/' || "
    "p_target, 0)) THEN\n"
    "        RAISE EXCEPTION 'target \"%\" is being migrated by another session', p_target USING ERRCODE = "
    "'SR001';\n"
    "    END IF;\n"
    "    SELECT coalesce(version, ''), true INTO v, found_row FROM strata.ledger WHERE target = p_target FOR "
    "UPDATE SKIP LOCKED;\n"
    "    IF found_row IS NULL THEN\n"
    "        INSERT INTO strata.ledger (target) VALUES (p_target) ON CONFLICT DO NOTHING;\n"
    "        SELECT coalesce(version, ''), true INTO v, found_row FROM strata.ledger WHERE target = p_target "
    "FOR UPDATE SKIP LOCKED;\n"
    "        IF found_row IS NULL THEN\n"
    "            RAISE EXCEPTION 'target \"%\" is being migrated by another session', p_target USING ERRCODE "
    "= 'SR001';\n"
    "        END IF;\n"
    "    END IF;\n"
    "    IF v <> p_version THEN\n"
    "        RAISE EXCEPTION 'target \"%\" moved to version \"%\" since the plan', p_target, v USING ERRCODE "
    "= 'SR002', DETAIL = v;\n"
    "    END IF;\n"
    "    RETURN v;\n"
    "END\n"
    "$claim$;\n"
    "COMMENT ON TABLE strata.ledger IS 'strata: current version of every tenant, written with its "
    "history';\n";

int ledger_exists(PGconn *conn, bool *exists, DiagList *dl)
{
	PGresult *r = db_query(conn,
	                       "SELECT to_regclass('strata.ledger') IS NOT NULL AND "
	                       "to_regprocedure('strata.claim(text,text)') IS NOT NULL",
	                       0, NULL, "checking the ledger", dl);
	if (!r)
		return -1;
	*exists = PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return 0;
}

int ledger_ensure(PGconn *conn, DiagList *dl)
{
	bool have;
	if (ledger_exists(conn, &have, dl) != 0)
		return -1;
	if (have)
		return 0;
	StrBuf q = STRBUF_INIT;
	sb_append(&q, "BEGIN;\nSELECT pg_advisory_xact_lock(hashtextextended('strata:ledger-ddl', 0));\n");
	sb_append(&q, ledger_ddl);
	sb_append(&q, "COMMIT;");
	int rc = db_exec(conn, sb_str(&q), "creating the ledger", dl);
	sb_release(&q);
	if (rc != 0)
		PQclear(PQexec(conn, "ROLLBACK"));
	return rc;
}

static char *col(PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? NULL : xstrdup(PQgetvalue(r, i, c));
}

int ledger_load(PGconn *conn, Ledger *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	hmap_init(&out->by_target);
	bool have;
	if (ledger_exists(conn, &have, dl) != 0)
		return -1;
	if (!have)
		return 0;
	PGresult *r =
	    db_query(conn, "SELECT target, version, checksum_chain, status, error FROM strata.ledger", 0,
	             NULL, "reading the ledger", dl);
	if (!r)
		return -1;
	int n = PQntuples(r);
	out->rows = xcalloc((size_t)n + 1, sizeof(LedgerRow));
	for (int i = 0; i < n; i++) {
		LedgerRow *lr = &out->rows[out->n++];
		lr->target = col(r, i, 0);
		lr->version = col(r, i, 1);
		lr->chain = col(r, i, 2);
		lr->status = col(r, i, 3);
		lr->error = col(r, i, 4);
		hmap_put(&out->by_target, lr->target, lr);
	}
	PQclear(r);
	return 0;
}

void ledger_free(Ledger *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->rows[i].target);
		free(l->rows[i].version);
		free(l->rows[i].chain);
		free(l->rows[i].status);
		free(l->rows[i].error);
	}
	free(l->rows);
	hmap_release(&l->by_target);
	memset(l, 0, sizeof(*l));
}

/* The names as a text[] literal for one parameter: {"a","b"} with '"' and '\' escaped. */
static void text_array(StrBuf *sb, char **v, size_t n)
{
	sb_putc(sb, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_putc(sb, ',');
		sb_putc(sb, '"');
		for (const char *p = v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_putc(sb, '\\');
			sb_putc(sb, *p);
		}
		sb_putc(sb, '"');
	}
	sb_putc(sb, '}');
}

int ledger_register(PGconn *conn, char **targets, size_t n, DiagList *dl)
{
	if (!n)
		return 0;
	StrBuf a = STRBUF_INIT;
	text_array(&a, targets, n);
	const char *params[1] = {sb_str(&a)};
	PGresult *r = db_query(
	    conn, "INSERT INTO strata.ledger (target) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", 1,
	    params, "registering the tenants in the ledger", dl);
	sb_release(&a);
	if (!r)
		return -1;
	PQclear(r);
	return 0;
}

void ledger_worker_wave(char *worker, size_t size, int w, int n)
{
	char *mark = strstr(worker, LEDGER_WAVE_MARK);
	if (mark)
		*mark = '\0';
	size_t len = strlen(worker);
	if (len < size)
		snprintf(worker + len, size - len, LEDGER_WAVE_MARK "%d/%d", w, n);
}

void ledger_worker_parse(const char *worker, char *proc, size_t size, int *w, int *n)
{
	*w = *n = 0;
	const char *mark = strstr(worker, LEDGER_WAVE_MARK);
	int a = 0, b = 0;
	if (mark && sscanf(mark + strlen(LEDGER_WAVE_MARK), "%d/%d", &a, &b) == 2 && a > 0 && b >= a) {
		*w = a;
		*n = b;
	} else {
		mark = NULL;
	}
	size_t len = mark ? (size_t)(mark - worker) : strlen(worker);
	if (size == 0)
		return;
	if (len >= size)
		len = size - 1;
	memcpy(proc, worker, len);
	proc[len] = '\0';
}

size_t ledger_applied_count(const MigrationSet *set, const LedgerRow *lr)
{
	if (!lr || !lr->version || !*lr->version)
		return 0;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].version, lr->version))
			return i + 1;
	return (size_t)-1;
}
