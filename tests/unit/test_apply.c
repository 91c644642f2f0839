/* test_apply.c — the pure parts of the apply engine: non-transactional statement detection, plan
 * classification, the --sql script, quoting, status and up/down selection, relation references for
 * pre-flight, URL redaction. */
#include "unit.h"
#include "sql/quote.h"
#include "db/session.h"
#include "exec/apply.h"
#include "project/plan.h"
#include "exec/status.h"

static Migration mig(const char *version, const char *name, const char *up, const char *down)
{
	Migration m;
	memset(&m, 0, sizeof(m));
	m.version = (char *)version;
	m.name = (char *)name;
	m.up_sql = (char *)up;
	m.down_sql = (char *)down;
	m.up_path = (char *)"m.sql";
	m.format = FMT_PLAIN;
	return m;
}

typedef struct NoTxCase {
	const char *sql;
	const char *why; /* NULL: fine in a transaction */
} NoTxCase;

static const NoTxCase notx_cases[] = {
    {"CREATE INDEX CONCURRENTLY i ON t (x)", "CREATE INDEX CONCURRENTLY"},
    {"CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (x)", "CREATE INDEX CONCURRENTLY"},
    {"CREATE INDEX i ON t (x)", NULL},
    {"DROP INDEX CONCURRENTLY i", "DROP INDEX CONCURRENTLY"},
    {"DROP INDEX i", NULL},
    {"REINDEX INDEX CONCURRENTLY i", "REINDEX CONCURRENTLY"},
    {"REINDEX (CONCURRENTLY) TABLE t", "REINDEX CONCURRENTLY"},
    {"REINDEX TABLE t", NULL},
    {"REINDEX SCHEMA s", "REINDEX SCHEMA/SYSTEM/DATABASE"},
    {"VACUUM t", "VACUUM"},
    {"VACUUM (ANALYZE) t", "VACUUM"},
    {"ANALYZE t", NULL},
    {"CREATE DATABASE d", "CREATE DATABASE"},
    {"DROP DATABASE d", "DROP DATABASE"},
    {"ALTER SYSTEM SET work_mem = '8MB'", "ALTER SYSTEM"},
    {"ALTER TABLE p DETACH PARTITION c CONCURRENTLY", "DETACH PARTITION CONCURRENTLY"},
    {"ALTER TABLE p DETACH PARTITION c", NULL},
    {"ALTER TYPE e ADD VALUE 'x'", NULL},
    {"CREATE TABLE t (id int)", NULL},
};

static void test_no_tx_detection(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(notx_cases); i++) {
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(sql_parse(notx_cases[i].sql, "t.sql", &p, &dl), 0);
		assert_int_equal(p.n, 1);
		const char *why = stmt_no_tx_reason(p.stmts[0].node);
		if (notx_cases[i].why == NULL) {
			if (why)
				fail_msg("%s: unexpected %s", notx_cases[i].sql, why);
		} else {
			if (!why)
				fail_msg("%s: not detected", notx_cases[i].sql);
			assert_string_equal(why, notx_cases[i].why);
		}
		sql_parse_free(&p);
		diag_list_release(&dl);
	}
}

static void test_plan_classification(void **state)
{
	(void)state;
	DiagList dl = DIAGLIST_INIT;
	Migration m =
	    mig("0003", "idx", "CREATE TABLE a (x int);\n\nCREATE INDEX CONCURRENTLY ai ON a (x);\n", NULL);
	MigPlan p;
	assert_int_equal(mig_plan_init(&p, &m, false, &dl), 0);
	assert_true(p.per_statement);
	assert_string_equal(p.why, "CREATE INDEX CONCURRENTLY at m.sql:3:1");
	assert_int_equal(p.n, 2);
	assert_null(p.stmts[0].no_tx);
	assert_non_null(p.stmts[1].no_tx);
	assert_int_equal(strlen(p.checksum), 64);
	mig_plan_free(&p);

	Migration t = mig("0001", "tx", "BEGIN;\nCREATE TABLE a (x int);\nCOMMIT;\n", NULL);
	assert_int_equal(mig_plan_init(&p, &t, false, &dl), 0);
	assert_false(p.per_statement);
	assert_true(p.stmts[0].tx_control);
	assert_false(p.stmts[1].tx_control);
	assert_true(p.stmts[2].tx_control);
	mig_plan_free(&p);

	Migration f = mig("0002", "flag", "CREATE TABLE b (x int);", NULL);
	f.no_transaction = true;
	assert_int_equal(mig_plan_init(&p, &f, false, &dl), 0);
	assert_true(p.per_statement);
	assert_string_equal(p.why, "marked to run without a transaction");
	mig_plan_free(&p);

	/* the down direction of a migration without one is an error */
	assert_int_equal(mig_plan_init(&p, &f, true, &dl), -1);
	assert_string_equal(dl.items[0].rule, "no-down-migration");
	diag_list_release(&dl);
}

/* Transaction control written in a migration: what `check` reports (errors, warnings, each at a line) and
 * whether mig_plan_init refuses the migration. */
typedef struct TxCase {
	const char *sql;
	bool no_transaction; /* the migration's no-transaction flag */
	int errors, warnings;
	int line;          /* line of the first finding (0: none) */
	const char *words; /* in the first finding's message */
} TxCase;

static const TxCase tx_cases[] = {
    {"CREATE TABLE a (id int);\nROLLBACK;\n", false, 1, 0, 2, "\"ROLLBACK\" would end"},
    {"CREATE TABLE a (id int);\nabort;\n", false, 1, 0, 2, "\"abort\" would end"},
    {"BEGIN;\nCREATE TABLE a (id int);\nROLLBACK AND CHAIN;\n", false, 1, 0, 3, "ROLLBACK AND CHAIN"},
    {"CREATE TABLE a (id int);\nCOMMIT AND CHAIN;\nCREATE TABLE b (id int);\n", false, 1, 0, 2,
     "COMMIT AND CHAIN"},
    {"CREATE TABLE a (id int);\nEND AND CHAIN;\n", false, 1, 0, 2, "END AND CHAIN"},
    {"CREATE TABLE a (id int);\nPREPARE TRANSACTION 'x';\n", false, 1, 0, 2, "PREPARE TRANSACTION"},
    {"COMMIT PREPARED 'x';\n", false, 1, 0, 1, "COMMIT PREPARED"},
    {"ROLLBACK PREPARED 'x';\n", false, 1, 0, 1, "ROLLBACK PREPARED"},
    {"CREATE INDEX CONCURRENTLY i ON t (x);\nROLLBACK;\n", false, 1, 0, 2, "ROLLBACK"},
    /* skipped wrappers: BEGIN ... COMMIT (Prisma writes blocks in the middle of a file too) */
    {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", false, 0, 0, 0, NULL},
    {"START TRANSACTION;\nCREATE TABLE a (id int);\nEND;\n", false, 0, 0, 0, NULL},
    {"CREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;\nCREATE TABLE c (id int);\n", false,
     0, 0, 0, NULL},
    {"BEGIN;\nSAVEPOINT s;\nCREATE TABLE a (id int);\nROLLBACK TO SAVEPOINT s;\nRELEASE s;\nCOMMIT;\n", false,
     0, 0, 0, NULL},
    /* warnings: a COMMIT that closes nothing, a BEGIN never closed, a block outside a transaction */
    {"CREATE TABLE a (id int);\nCOMMIT;\nCREATE TABLE b (id int);\n", false, 0, 1, 2,
     "\"COMMIT\" closes no BEGIN"},
    {"CREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);\n", false, 0, 1, 2, "never closed"},
    {"BEGIN;\nUPDATE a SET x = 1;\nUPDATE b SET x = 1;\nCOMMIT;\n", true, 0, 1, 1, "outside a transaction"},
    {"CREATE TABLE a (id int);\n", false, 0, 0, 0, NULL},
};

static void test_tx_control(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(tx_cases); i++) {
		const TxCase *c = &tx_cases[i];
		Migration m = mig("0001", "x", c->sql, NULL);
		m.no_transaction = c->no_transaction;
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(sql_parse(c->sql, "m.sql", &p, &dl), 0);
		int errors = mig_tx_control_check(&m, false, &p, true, &dl);
		if (errors != c->errors || diag_count(&dl, SEV_ERROR) != (size_t)c->errors ||
		    diag_count(&dl, SEV_WARNING) != (size_t)c->warnings)
			fail_msg("case %zu (%s): %d errors, %zu warnings; want %d, %d", i, c->sql, errors,
			         diag_count(&dl, SEV_WARNING), c->errors, c->warnings);
		if (c->line) {
			assert_int_equal(dl.items[0].line, c->line);
			assert_int_equal(dl.items[0].col, 1);
			assert_string_equal(dl.items[0].rule, "transaction-control");
			if (!strstr(dl.items[0].message, c->words))
				fail_msg("case %zu: \"%s\" not in \"%s\"", i, c->words, dl.items[0].message);
		}
		sql_parse_free(&p);
		diag_list_release(&dl);
		/* the plan refuses exactly the migrations with errors, and reports them the same way */
		MigPlan plan;
		int rc = mig_plan_init(&plan, &m, false, &dl);
		assert_int_equal(rc, c->errors ? -1 : 0);
		assert_int_equal(diag_count(&dl, SEV_ERROR), (size_t)c->errors);
		assert_int_equal(diag_count(&dl, SEV_WARNING), 0);
		if (rc == 0)
			mig_plan_free(&plan);
		diag_list_release(&dl);
	}
}

/* Nested transaction blocks, and a block in a migration its tool already wraps in a transaction (Squawk's
 * transaction-nesting): warnings of transaction-control at the inner BEGIN. */
static void test_tx_nesting(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		MigFormat format;
		bool no_transaction;
		int warnings, line;
		const char *words;
	} t[] = {
	    {"BEGIN;\nCREATE TABLE a (id int);\nBEGIN;\nCREATE TABLE b (id int);\nCOMMIT;\nCOMMIT;\n",
	     FMT_PLAIN, false, 2, 3,
	     "inside the block opened at line 1"}, /* and the second COMMIT closes nothing */
	    {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", FMT_DBMATE, false, 1, 1,
	     "in a migration dbmate runs in a transaction of its own"},
	    {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", FMT_GOOSE, false, 1, 1, "goose"},
	    {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", FMT_DBMATE, true, 1, 1, "outside a transaction"},
	    {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", FMT_FLYWAY, false, 0, 0, NULL},
	    {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nCOMMIT;\n", FMT_PLAIN, false, 0, 0, NULL},
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		Migration m = mig("0001", "x", t[i].sql, NULL);
		m.format = t[i].format;
		m.no_transaction = t[i].no_transaction;
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(sql_parse(t[i].sql, "m.sql", &p, &dl), 0);
		assert_int_equal(mig_tx_control_check(&m, false, &p, true, &dl), 0);
		if (diag_count(&dl, SEV_WARNING) != (size_t)t[i].warnings)
			fail_msg("case %zu: %zu warnings, want %d", i, diag_count(&dl, SEV_WARNING),
			         t[i].warnings);
		if (t[i].line) {
			assert_int_equal(dl.items[0].line, t[i].line);
			assert_string_equal(dl.items[0].rule, "transaction-control");
			if (!strstr(dl.items[0].message, t[i].words))
				fail_msg("case %zu: \"%s\" not in \"%s\"", i, t[i].words,
				         dl.items[0].message);
		}
		sql_parse_free(&p);
		diag_list_release(&dl);
	}
}

/* A tenant migration runs in its tenant's transaction: CONCURRENTLY and the no-transaction flag are errors
 * at the statement. */
static void test_tenant_tx(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		bool flag;
		int errors, line;
	} cases[] = {
	    {"CREATE TABLE a (id int);\nCREATE INDEX CONCURRENTLY ai ON a (id);\n", false, 1, 2},
	    {"DROP INDEX CONCURRENTLY ai;\n", false, 1, 1},
	    {"CREATE INDEX ai ON a (id);\n", false, 0, 0},
	    {"CREATE TABLE a (id int);\n", true, 1, 0},
	    {"VACUUM a;\nREINDEX TABLE CONCURRENTLY a;\n", false, 2, 1},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		Migration m = mig("0001", "x", cases[i].sql, NULL);
		m.no_transaction = cases[i].flag;
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(sql_parse(cases[i].sql, "m.sql", &p, &dl), 0);
		assert_int_equal(mig_tenant_tx_check(&m, &p, &dl), cases[i].errors);
		if (cases[i].errors) {
			assert_string_equal(dl.items[0].rule, "tenant-no-transaction");
			assert_int_equal(dl.items[0].line, cases[i].line);
		}
		sql_parse_free(&p);
		diag_list_release(&dl);
	}
}

/* The transaction modes a file sets where PostgreSQL takes them (its BEGIN's, SET TRANSACTION before its
 * first query) run right after strata's BEGIN; later ones stay where they are (PostgreSQL refuses them). */
static void test_tx_modes(void **state)
{
	(void)state;
	static const struct {
		const char *sql;
		bool no_transaction;
		const char *modes; /* NULL: none */
		int first;         /* statements marked tx_first */
	} cases[] = {
	    {"BEGIN;\nSET TRANSACTION ISOLATION LEVEL REPEATABLE READ;\nINSERT INTO a VALUES (1);\nCOMMIT;\n",
	     false, "SET TRANSACTION ISOLATION LEVEL repeatable read", 1},
	    {"set transaction isolation level serializable, read only, deferrable;\nSELECT 1;\n", false,
	     "SET TRANSACTION ISOLATION LEVEL serializable, READ ONLY, DEFERRABLE", 1},
	    {"START TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ WRITE;\nCREATE TABLE a (id "
	     "int);\nCOMMIT;\n",
	     false, "SET TRANSACTION ISOLATION LEVEL serializable, READ WRITE", 0},
	    {"BEGIN NOT DEFERRABLE;\nSET LOCAL lock_timeout = '1s';\nSET TRANSACTION READ WRITE;\nSELECT "
	     "1;\nCOMMIT;\n",
	     false, "SET TRANSACTION NOT DEFERRABLE, READ WRITE", 1},
	    /* after a query: too late, as in PostgreSQL; a later block is not the migration's start */
	    {"SELECT 1;\nSET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\n", false, NULL, 0},
	    {"BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN ISOLATION LEVEL SERIALIZABLE;\nSELECT 2;\nCOMMIT;\n", false,
	     NULL, 0},
	    {"BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n", false, NULL, 0},
	    {"SET TRANSACTION SNAPSHOT '00000003-0000001B-1';\nSELECT 1;\n", false, NULL, 0},
	    /* statement by statement: no transaction of strata's to put them in */
	    {"SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;\n", true, NULL, 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		Migration m = mig("0001", "x", cases[i].sql, NULL);
		m.no_transaction = cases[i].no_transaction;
		DiagList dl = DIAGLIST_INIT;
		MigPlan plan;
		assert_int_equal(mig_plan_init(&plan, &m, false, &dl), 0);
		if (cases[i].modes ? !plan.tx_modes || strcmp(plan.tx_modes, cases[i].modes)
		                   : plan.tx_modes != NULL)
			fail_msg("case %zu: modes \"%s\", want \"%s\"", i,
			         plan.tx_modes ? plan.tx_modes : "(none)",
			         cases[i].modes ? cases[i].modes : "(none)");
		int first = 0;
		for (size_t k = 0; k < plan.n; k++)
			first += plan.stmts[k].tx_first;
		assert_int_equal(first, cases[i].first);
		mig_plan_free(&plan);
		diag_list_release(&dl);
	}
}

static void test_script(void **state)
{
	(void)state;
	Migration items[2] = {mig("0001", "users", "CREATE TABLE users (id int);\n", NULL),
	                      mig("0002", "idx", "CREATE INDEX CONCURRENTLY ui ON users (id);\n", NULL)};
	MigrationSet set = {.format = FMT_PLAIN, .items = items, .n = 2};
	ApplyOptions o;
	apply_options_init(&o);
	o.target.schema = "my\"schema";
	StrBuf sb = STRBUF_INIT;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(apply_script(&sb, &set, NULL, &o, "host's", &dl), 0);
	const char *s = sb_str(&sb);
	assert_non_null(strstr(s, "SET lock_timeout = '5s';\n"));
	assert_non_null(strstr(s, "CREATE SCHEMA IF NOT EXISTS \"my\"\"schema\";"));
	const char *b =
	    strstr(s, "BEGIN;\nCREATE TABLE users (id int);\nSET LOCAL SESSION AUTHORIZATION DEFAULT;\nSET "
	              "LOCAL ROLE NONE;\nDELETE FROM \"my\"\"schema\".\"history\"");
	assert_non_null(b);
	assert_non_null(strstr(b, "'transactional', true, 1, 1"));
	assert_non_null(strstr(b, "current_user || '@' || 'host''s');\nCOMMIT;\n"));
	const char *c = strstr(s, "-- 0002_idx");
	assert_non_null(c);
	assert_non_null(strstr(c, "'per-statement', false, 0, 1"));
	/* a non-transactional statement never gets BEGIN; the bookkeeping after it runs in a block of its own
	 */
	assert_non_null(strstr(c, "CREATE INDEX CONCURRENTLY ui ON users (id);\nBEGIN;\nSET LOCAL SESSION "
	                          "AUTHORIZATION DEFAULT;\nSET LOCAL ROLE NONE;\nUPDATE"));
	assert_null(strstr(c, "BEGIN;\nCREATE INDEX CONCURRENTLY"));
	sb_reset(&sb);
	assert_int_equal(apply_script(&sb, &set, "0001", &o, "h", &dl), 0);
	assert_null(strstr(sb_str(&sb), "0002_idx"));
	/* --from V: only what comes after V, for a database at V */
	sb_reset(&sb);
	assert_int_equal(apply_script_from(&sb, &set, "0001", NULL, &o, "h", &dl), 0);
	assert_null(strstr(sb_str(&sb), "-- 0001_users"));
	assert_non_null(strstr(sb_str(&sb), "-- 0002_idx"));
	assert_non_null(strstr(sb_str(&sb), "-- the migrations after 0001, for a database at 0001\n"));
	sb_reset(&sb);
	assert_int_equal(apply_script_from(&sb, &set, "0002", NULL, &o, "h", &dl), 0);
	assert_null(strstr(sb_str(&sb), "-- 0002_idx"));
	sb_reset(&sb);
	assert_int_equal(apply_script_from(&sb, &set, "0009", NULL, &o, "h", &dl), -1);
	assert_string_equal(dl.items[dl.n - 1].message, "no migration has version \"0009\"");
	sb_release(&sb);
	diag_list_release(&dl);
}

static void test_quote(void **state)
{
	(void)state;
	StrBuf sb = STRBUF_INIT;
	sql_quote_ident(&sb, "a\"b");
	assert_string_equal(sb_str(&sb), "\"a\"\"b\"");
	sb_reset(&sb);
	sql_quote_literal(&sb, "it's");
	assert_string_equal(sb_str(&sb), "'it''s'");
	sb_reset(&sb);
	sql_quote_literal(&sb, "a\\b");
	assert_string_equal(sb_str(&sb), " E'a\\\\b'");
	sb_reset(&sb);
	sql_quote_qualified(&sb, "", "t");
	assert_string_equal(sb_str(&sb), "\"t\"");
	sb_release(&sb);
}

static HistoryRow row(const char *v, const char *name, const char *checksum, bool success)
{
	HistoryRow h;
	memset(&h, 0, sizeof(h));
	h.version = (char *)v;
	h.name = (char *)name;
	h.checksum = (char *)checksum;
	h.mode = (char *)"transactional";
	h.success = success;
	return h;
}

/* The headline of `strata status` for each kind of state (table: counts and current version → text). */
static void test_status_headline(void **state)
{
	(void)state;
	static const struct {
		const char *current;
		size_t applied, pending, failed, mismatch, missing;
		const char *want;
	} cases[] = {
	    {"0030", 30, 0, 0, 0, 0, "up to date at 0030"},
	    {NULL, 0, 0, 0, 0, 0, "up to date: no migration applied"},
	    {"0027", 27, 3, 0, 0, 0, "3 pending (at 0027)"},
	    {NULL, 0, 1, 0, 0, 0, "1 pending (no migration applied yet)"},
	    {"0027", 26, 2, 1, 0, 0, "1 failed, 2 pending (at 0027)"},
	    {"0030", 29, 0, 0, 1, 0, "1 edited after apply (at 0030)"},
	    {"0031", 30, 0, 0, 0, 2, "2 missing files (at 0031)"},
	    {"0031", 30, 1, 0, 0, 1, "1 pending, 1 missing file (at 0031)"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		Status st = {.current = cases[i].current,
		             .n_applied = cases[i].applied,
		             .n_pending = cases[i].pending,
		             .n_failed = cases[i].failed,
		             .n_mismatch = cases[i].mismatch,
		             .n_missing = cases[i].missing};
		char *got = status_headline(&st);
		if (strcmp(got, cases[i].want))
			fail_msg("case %zu: \"%s\", want \"%s\"", i, got, cases[i].want);
		free(got);
	}
}

static void test_status_and_selection(void **state)
{
	(void)state;
	Migration items[4] = {mig("0001", "a", "CREATE TABLE a (x int);", "DROP TABLE a;"),
	                      mig("0002", "b", "CREATE TABLE b (x int);", NULL),
	                      mig("0003", "c", "CREATE TABLE c (x int);", "DROP TABLE c;"),
	                      mig("0004", "d", "CREATE TABLE d (x int);", NULL)};
	MigrationSet set = {.format = FMT_PLAIN, .items = items, .n = 4};
	char c1[65], c3[65];
	migration_checksum(&items[0], c1);
	migration_checksum(&items[2], c3);
	HistoryRow hr[4] = {row("0001", "a", c1, true), row("0002", "b", "edited", true),
	                    row("0003", "c", c3, false), row("0009", "gone", "x", true)};
	HistoryRows rows = {hr, 4, 4};
	Status st;
	status_compute(&set, &rows, &st);
	assert_int_equal(st.n, 5);
	assert_int_equal(st.items[0].state, ST_APPLIED);
	assert_int_equal(st.items[1].state, ST_CHECKSUM_MISMATCH);
	assert_int_equal(st.items[2].state, ST_FAILED);
	assert_int_equal(st.items[3].state, ST_PENDING);
	assert_int_equal(st.items[4].state, ST_MISSING_FILE);
	assert_string_equal(st.current, "0009");
	assert_true(status_needs_attention(&st));
	assert_int_equal(st.n_failed, 1); /* 0003 failed with the text it has now */
	assert_int_equal(st.n_mismatch, 1);
	assert_false(st.items[2].edited);
	assert_true(st.items[1].edited);

	/* a failed migration whose file was edited since it ran is counted as edited, not failed; it is
	 * still the one `up` runs next */
	hr[2].checksum = (char *)"before-the-edit";
	status_free(&st);
	status_compute(&set, &rows, &st);
	assert_int_equal(st.items[2].state, ST_FAILED);
	assert_true(st.items[2].edited);
	assert_int_equal(st.n_failed, 0);
	assert_int_equal(st.n_mismatch, 2);
	hr[2].checksum = c3;
	status_free(&st);
	status_compute(&set, &rows, &st);

	DiagList dl = DIAGLIST_INIT;
	size_t *todo, n;
	assert_int_equal(plan_up(&set, &st, NULL, &todo, &n, &dl), -1); /* 0002 edited after apply */
	assert_string_equal(dl.items[0].rule, "checksum-mismatch");
	free(todo);
	diag_list_release(&dl);

	hr[1].checksum = (char *)"";
	char c2[65];
	migration_checksum(&items[1], c2);
	hr[1].checksum = c2;
	status_free(&st);
	status_compute(&set, &rows, &st);
	assert_int_equal(plan_up(&set, &st, "0003", &todo, &n, &dl), 0);
	assert_int_equal(n, 1); /* the failed 0003; 0004 is above --to */
	assert_int_equal(st.items[todo[0]].index, 2);
	free(todo);
	assert_int_equal(plan_up(&set, &st, "0042", &todo, &n, &dl), -1);
	free(todo);
	diag_list_release(&dl);

	/* down: newest applied first; 0009's file is missing, 0002 has no down text */
	assert_int_equal(plan_down(&set, &st, NULL, 1, &todo, &n, &dl), -1);
	assert_int_equal(n, 1);
	assert_string_equal(dl.items[0].rule, "missing-file");
	free(todo);
	diag_list_release(&dl);
	hr[3].success = false; /* now the applied ones are 0001, 0002 */
	status_free(&st);
	status_compute(&set, &rows, &st);
	assert_int_equal(plan_down(&set, &st, NULL, 1, &todo, &n, &dl), -1);
	assert_string_equal(dl.items[0].rule, "no-down-migration");
	free(todo);
	diag_list_release(&dl);
	assert_int_equal(plan_down(&set, &st, "0001", 0, &todo, &n, &dl), -1); /* 0002 in range, no down */
	free(todo);
	diag_list_release(&dl);
	items[1].down_sql = (char *)"DROP TABLE b;";
	assert_int_equal(plan_down(&set, &st, "0", 0, &todo, &n, &dl), 0);
	assert_int_equal(n, 2);
	assert_string_equal(st.items[todo[0]].m->version, "0002");
	assert_string_equal(st.items[todo[1]].m->version, "0001");
	free(todo);
	diag_list_release(&dl);
	status_free(&st);
}

static void test_label(void **state)
{
	(void)state;
	Migration a = mig("0002", "add_users", "", NULL), b = mig("0002", "0002_add_users.sql", "", NULL),
	          c = mig("", "R__views", "", NULL);
	char *l;
	assert_string_equal(l = mig_label(&a), "0002_add_users");
	free(l);
	assert_string_equal(l = mig_label(&b), "0002_add_users");
	free(l);
	assert_string_equal(l = mig_label(&c), "R__views");
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_tx_detection), cmocka_unit_test(test_plan_classification),
	    cmocka_unit_test(test_tx_control),      cmocka_unit_test(test_tx_nesting),
	    cmocka_unit_test(test_tenant_tx),       cmocka_unit_test(test_tx_modes),
	    cmocka_unit_test(test_script),          cmocka_unit_test(test_quote),
	    cmocka_unit_test(test_status_headline), cmocka_unit_test(test_status_and_selection),
	    cmocka_unit_test(test_label),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
