/* test_replay_tx.c — transactional replay (analysis/replay_tx.c) and the catalog copies under it
 * (catalog/clone.c): a statement the model rejects leaves no trace, transaction blocks and savepoints behave
 * as in a PostgreSQL session. Each case replays a script with failures and its equivalent without them:
 * the two catalogs must dump the same text. */
#include "unit.h"
#include "replay_util.h"
#include "sql/parse.h"

typedef struct TxCase {
	const char *name;
	const char *sql;   /* with statements that fail or are undone */
	const char *equiv; /* the same effect, written without them */
	size_t errors;     /* error diagnostics SQL must produce */
	const char *first; /* the first error's message, or NULL */
} TxCase;

static const TxCase tx_cases[] = {
    {"a CREATE TABLE with one bad column creates nothing", "CREATE TABLE t (a int, b nosuchtype);", "", 1,
     "type \"nosuchtype\" does not exist"},
    {"a CREATE TABLE with a bad foreign key leaves no table, index, constraint name or reverse dependency",
     "CREATE TABLE p (id int PRIMARY KEY);\n"
     "CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p (nosuch));\n"
     "CREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p);\nDROP TABLE p CASCADE;",
     "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY, p int REFERENCES p);\n"
     "DROP TABLE p CASCADE;",
     1, NULL},
    {"a multi-command ALTER with one bad subcommand changes nothing",
     "CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN b int, ALTER COLUMN zz SET NOT NULL;\n"
     "ALTER TABLE t ADD COLUMN c int, ADD COLUMN a text;",
     "CREATE TABLE t (a int);", 2, NULL},
    {"a DROP of two objects, one missing, drops neither",
     "CREATE TABLE a (x int);\nCREATE VIEW v AS SELECT x FROM a;\nDROP TABLE a, nosuch CASCADE;",
     "CREATE TABLE a (x int);\nCREATE VIEW v AS SELECT x FROM a;", 1, NULL},
    {"a failed column rename keeps every name",
     "CREATE TABLE t (a int PRIMARY KEY, b int);\nCREATE INDEX ti ON t (a);\nALTER TABLE t RENAME COLUMN a "
     "TO b;",
     "CREATE TABLE t (a int PRIMARY KEY, b int);\nCREATE INDEX ti ON t (a);", 1, NULL},
    {"an error aborts the block: nothing until COMMIT applies, and COMMIT rolls back",
     "BEGIN;\nCREATE TABLE x (a int);\nCREATE TABLE x (a int);\nCREATE TABLE y (a int);\nCOMMIT;\n"
     "CREATE TABLE z (a int);",
     "CREATE TABLE z (a int);", 1, "relation \"x\" already exists"},
    {"ROLLBACK undoes the block",
     "CREATE TABLE k (a int);\nBEGIN;\nDROP TABLE k;\nCREATE TABLE x (a int);\nROLLBACK;",
     "CREATE TABLE k (a int);", 0, NULL},
    {"ROLLBACK TO SAVEPOINT undoes what came after the savepoint",
     "BEGIN;\nCREATE TABLE x (a int);\nSAVEPOINT s;\nCREATE TABLE y (a int);\nALTER TABLE x ADD COLUMN b "
     "int;\n"
     "ROLLBACK TO SAVEPOINT s;\nCREATE TABLE z (a int);\nCOMMIT;",
     "CREATE TABLE x (a int);\nCREATE TABLE z (a int);", 0, NULL},
    {"ROLLBACK TO SAVEPOINT ends the failed state of the block",
     "BEGIN;\nCREATE TABLE x (a int);\nSAVEPOINT s;\nALTER TABLE x ADD COLUMN b int, ADD COLUMN a int;\n"
     "CREATE TABLE q (a int);\nROLLBACK TO s;\nCREATE TABLE w (a int);\nSAVEPOINT s;\nCREATE TABLE v (a "
     "int);\n"
     "ROLLBACK TO s;\nROLLBACK TO s;\nCOMMIT;",
     "CREATE TABLE x (a int);\nCREATE TABLE w (a int);", 1, "column \"a\" of relation \"x\" already exists"},
    {"RELEASE keeps the work; a released savepoint is gone",
     "BEGIN;\nSAVEPOINT a;\nCREATE TABLE x (a int);\nRELEASE SAVEPOINT a;\nROLLBACK TO a;\nCOMMIT;", "", 1,
     "savepoint \"a\" does not exist"},
    {"COMMIT / ROLLBACK AND CHAIN outside a block are errors, and open no block",
     "COMMIT AND CHAIN;\nROLLBACK AND CHAIN;\nCREATE TABLE t (a int);\nROLLBACK;", "CREATE TABLE t (a int);",
     2, "COMMIT AND CHAIN can only be used in transaction blocks"},
    {"savepoints outside a block are errors",
     "SAVEPOINT s;\nCREATE TABLE t (a int);\nRELEASE s;\nROLLBACK TO s;", "CREATE TABLE t (a int);", 3,
     "SAVEPOINT can only be used in transaction blocks"},
    {"CREATE INDEX CONCURRENTLY cannot run in a block",
     "CREATE TABLE t (a int);\nBEGIN;\nCREATE INDEX CONCURRENTLY ti ON t (a);\nCOMMIT;\n"
     "CREATE INDEX CONCURRENTLY tj ON t (a);",
     "CREATE TABLE t (a int);\nCREATE INDEX tj ON t (a);", 1,
     "CREATE INDEX CONCURRENTLY cannot run inside a transaction block"},
    {"a search_path set in a rolled-back block does not stay",
     "CREATE SCHEMA s;\nBEGIN;\nSET search_path = s;\nROLLBACK;\nCREATE TABLE t (a int);",
     "CREATE SCHEMA s;\nCREATE TABLE public.t (a int);", 0, NULL},
    {"SET LOCAL lasts until the end of the block; outside a block it does nothing",
     "CREATE SCHEMA s;\nSET LOCAL search_path = s;\nCREATE TABLE t0 (a int);\nBEGIN;\n"
     "SET LOCAL search_path = s;\nCREATE TABLE t1 (a int);\nCOMMIT;\nCREATE TABLE t2 (a int);",
     "CREATE SCHEMA s;\nCREATE TABLE t0 (a int);\nCREATE TABLE s.t1 (a int);\nCREATE TABLE t2 (a int);", 0,
     NULL},
    {"a block left open at the end of a text is committed", "BEGIN;\nCREATE TABLE x (a int);",
     "CREATE TABLE x (a int);", 0, NULL},
    {"a failed block left open at the end of a text is rolled back",
     "BEGIN;\nCREATE TABLE x (a int);\nCREATE TABLE x (a int);", "", 1, NULL},
    {"a constraint name freed by a failed statement can be chosen again",
     "CREATE TABLE t (a int, b int);\nALTER TABLE t ADD CHECK (a > 0), ADD COLUMN a int;\n"
     "ALTER TABLE t ADD CHECK (a > 1);",
     "CREATE TABLE t (a int, b int);\nALTER TABLE t ADD CHECK (a > 1);", 1, NULL},
};

static char *dump_of(const char *sql, DiagList *dl, ReplayTxStats *stats)
{
	Catalog *cat = catalog_new();
	ReplayState st;
	replay_state_init(&st, cat, NULL);
	DiagList local = DIAGLIST_INIT;
	if (replay_sql(cat, sql, "m.sql", &st, dl ? dl : &local) != 0) {
		/* the errors are in DL */
	}
	if (stats)
		replay_tx_stats(&st, stats);
	replay_state_release(&st);
	StrBuf sb = STRBUF_INIT;
	catalog_dump_text(cat, &sb);
	catalog_free(cat);
	diag_list_release(&local);
	return sb_detach(&sb);
}

static const Diag *first_error(const DiagList *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->items[i].sev == SEV_ERROR)
			return &dl->items[i];
	return NULL;
}

static void test_tx_cases(void **state)
{
	(void)state;
	for (size_t k = 0; k < ARRAY_LEN(tx_cases); k++) {
		const TxCase *c = &tx_cases[k];
		DiagList dl = DIAGLIST_INIT, dl2 = DIAGLIST_INIT;
		ReplayTxStats stats;
		char *got = dump_of(c->sql, &dl, &stats);
		char *want = dump_of(c->equiv, &dl2, NULL);
		if (strcmp(got, want) || diag_count(&dl, SEV_ERROR) != c->errors)
			print_message("case \"%s\": %zu errors (want %zu)\ngot:\n%s\nwant:\n%s\n", c->name,
			              diag_count(&dl, SEV_ERROR), c->errors, got, want);
		assert_string_equal(got, want);
		assert_int_equal(diag_count(&dl, SEV_ERROR), c->errors);
		assert_int_equal(diag_count(&dl2, SEV_ERROR), 0);
		assert_int_equal(stats.redo_errors, 0);
		assert_false(stats.rollback_disabled);
		if (c->first)
			assert_string_equal(first_error(&dl)->message, c->first);
		free(got);
		free(want);
		diag_list_release(&dl);
		diag_list_release(&dl2);
	}
}

/* A long history (hundreds of tables, foreign keys, views, renames) with failing statements spread through
 * it: checkpoints are taken as it grows, failures restore and redo; the result must equal the history
 * written without the failing statements. */
static void test_long_history(void **state)
{
	(void)state;
	StrBuf with = STRBUF_INIT, without = STRBUF_INIT;
	for (int i = 0; i < 700; i++) {
		StrBuf s = STRBUF_INIT;
		if (i == 0)
			sb_appendf(&s, "CREATE TABLE t0 (id int PRIMARY KEY, v text);\n");
		else
			sb_appendf(&s,
			           "CREATE TABLE t%d (id int PRIMARY KEY, p int REFERENCES t%d, v text);\n"
			           "CREATE INDEX t%d_v ON t%d (v);\n",
			           i, i / 2, i, i);
		if (i % 5 == 0)
			sb_appendf(&s, "CREATE VIEW v%d AS SELECT id, v FROM t%d;\n", i, i);
		if (i % 7 == 3)
			sb_appendf(&s, "ALTER TABLE t%d RENAME COLUMN v TO w;\n", i);
		sb_append(&with, sb_str(&s));
		sb_append(&without, sb_str(&s));
		sb_release(&s);
		if (i % 23 == 11) /* fails at its second subcommand */
			sb_appendf(&with, "ALTER TABLE t%d ADD COLUMN extra int, ADD COLUMN id int;\n", i);
		if (i % 31 == 17) /* fails at the second object, after dropping (cascade) the first */
			sb_appendf(&with, "DROP TABLE t%d, nosuch CASCADE;\n", i / 3);
		if (i % 41 == 5) /* a block whose last statement fails */
			sb_appendf(&with,
			           "BEGIN;\nDROP TABLE t%d CASCADE;\nCREATE TABLE t%d (a int);\nCOMMIT;\n",
			           i / 2, i);
	}
	DiagList dl = DIAGLIST_INIT, dl2 = DIAGLIST_INIT;
	ReplayTxStats stats;
	char *got = dump_of(sb_str(&with), &dl, &stats);
	char *want = dump_of(sb_str(&without), &dl2, NULL);
	assert_int_equal(diag_count(&dl2, SEV_ERROR), 0);
	assert_int_equal(diag_count(&dl, SEV_ERROR), 30 + 23 + 17); /* one per failing statement */
	assert_true(stats.restores >= 50);
	assert_true(stats.checkpoints >= 5);
	assert_true(stats.redone > 0);
	assert_int_equal(stats.redo_errors, 0);
	assert_true(strcmp(got, want) == 0);
	free(got);
	free(want);
	diag_list_release(&dl);
	diag_list_release(&dl2);
	sb_release(&with);
	sb_release(&without);
}

/* replay_statement's outcomes, one statement at a time, and the server-verdict override. */
static void test_outcomes(void **state)
{
	(void)state;
	const char *sql = "CREATE TABLE a (x int);\n"        /* 0 ok */
	                  "BEGIN;\n"                         /* 1 ok */
	                  "CREATE TABLE a (x int);\n"        /* 2 failed */
	                  "CREATE TABLE b (x int);\n"        /* 3 aborted */
	                  "ROLLBACK;\n"                      /* 4 ok */
	                  "CREATE TABLE c (x int);\n"        /* 5 ok, then the server says no */
	                  "CREATE TABLE d (x nosuchtype);\n" /* 6 failed, the server says yes */
	                  "BEGIN;\n"                         /* 7 */
	                  "CREATE TABLE e (x nosuchtype);\n" /* 8 failed, the server says yes: go on */
	                  "CREATE TABLE f (x int);\n"        /* 9 ok */
	                  "CREATE TABLE g (x int);\n"        /* 10 ok, the server says no: block aborted */
	                  "CREATE TABLE h (x int);\n"        /* 11 aborted */
	                  "COMMIT;\n";                       /* 12 */
	const ReplayOutcome want[] = {REPLAY_OK, REPLAY_OK,      REPLAY_FAILED, REPLAY_ABORTED, REPLAY_OK,
	                              REPLAY_OK, REPLAY_FAILED,  REPLAY_OK,     REPLAY_FAILED,  REPLAY_OK,
	                              REPLAY_OK, REPLAY_ABORTED, REPLAY_OK};
	SqlParse p;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(sql_parse(sql, "m.sql", &p, &dl), 0);
	assert_int_equal(p.n, ARRAY_LEN(want));
	Catalog *cat = catalog_new();
	ReplayState st;
	replay_state_init(&st, cat, NULL);
	st.dl = &dl;
	st.file = "m.sql";
	st.text = sql;
	for (size_t i = 0; i < p.n; i++) {
		ReplayOutcome o = replay_statement(&st, p.stmts[i].node, p.stmts[i].offset);
		if (o != want[i])
			print_message("statement %zu: outcome %d, want %d\n", i, (int)o, (int)want[i]);
		assert_int_equal(o, want[i]);
		if (i == 5 || i == 10)
			replay_tx_override(&st, false);
		if (i == 6 || i == 8)
			replay_tx_override(&st, true);
		if (i == 9)
			assert_false(replay_tx_aborted(&st));
		if (i == 10)
			assert_true(replay_tx_aborted(&st));
	}
	assert_false(replay_tx_in_block(&st));
	replay_tx_end_session(&st);
	replay_state_release(&st);
	assert_non_null(catalog_find_table(cat, "public", "a"));
	const char *absent[] = {"b", "c", "d", "e", "f", "g", "h"};
	for (size_t i = 0; i < ARRAY_LEN(absent); i++)
		assert_null(catalog_find_table(cat, "public", absent[i]));
	sql_parse_free(&p);
	catalog_free(cat);
	diag_list_release(&dl);
}

/* A statement the server rejected ran no dynamic code: later errors stay errors (privileges.sql:194, a
 * refused UPDATE of pg_class); one it ran still demotes them. */
static void test_failed_dynamic(void **state)
{
	(void)state;
	for (int server_ok = 0; server_ok < 2; server_ok++) {
		const char *sql =
		    "UPDATE pg_catalog.pg_class SET relname = '123';\nCREATE INDEX ON made (a);\n";
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(sql_parse(sql, "m.sql", &p, &dl), 0);
		Catalog *cat = catalog_new();
		ReplayState st;
		replay_state_init(&st, cat, NULL);
		st.dl = &dl;
		st.file = "m.sql";
		st.text = sql;
		(void)replay_top_statement(&st, &p.stmts[0]);
		replay_tx_override(&st, server_ok);
		(void)replay_top_statement(&st, &p.stmts[1]);
		assert_int_equal(diag_count(&dl, SEV_ERROR), server_ok ? 0 : 1);
		replay_tx_end_session(&st);
		replay_state_release(&st);
		sql_parse_free(&p);
		catalog_free(cat);
		diag_list_release(&dl);
	}
}

/* A multi-statement query string is one implicit block; an open block dies with the session. */
static void test_implicit_and_session(void **state)
{
	(void)state;
	const char *sql = "CREATE TABLE a (x int);\nCREATE TABLE a (x int);\nCREATE TABLE b (x int);\n"
	                  "BEGIN;\nCREATE TABLE c (x int);\n";
	SqlParse p;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(sql_parse(sql, "m.sql", &p, &dl), 0);
	Catalog *cat = catalog_new();
	ReplayState st;
	replay_state_init(&st, cat, NULL);
	st.dl = &dl;
	st.file = "m.sql";
	st.text = sql;
	replay_tx_implicit_begin(&st);
	assert_int_equal(replay_statement(&st, p.stmts[0].node, p.stmts[0].offset), REPLAY_OK);
	assert_int_equal(replay_statement(&st, p.stmts[1].node, p.stmts[1].offset), REPLAY_FAILED);
	assert_int_equal(replay_statement(&st, p.stmts[2].node, p.stmts[2].offset), REPLAY_ABORTED);
	replay_tx_implicit_end(&st);
	assert_null(catalog_find_table(cat, "public", "a")); /* the whole query string is undone */
	for (size_t i = 3; i < 5; i++)
		assert_int_equal(replay_statement(&st, p.stmts[i].node, p.stmts[i].offset), REPLAY_OK);
	assert_non_null(catalog_find_table(cat, "public", "c"));
	replay_tx_end_session(&st);
	assert_null(catalog_find_table(cat, "public", "c"));
	replay_state_release(&st);
	sql_parse_free(&p);
	catalog_free(cat);
	diag_list_release(&dl);
}

/* Over a history: a failed CREATE leaves nothing, and a later migration that needs the object says why it
 * is missing; a migration's open block ends with the migration. */
static void test_history(void **state)
{
	(void)state;
	Migration items[3];
	memset(items, 0, sizeof items);
	char *texts[3] = {
	    xstrdup("CREATE TABLE a (id int PRIMARY KEY, x nosuchtype);\nCREATE TABLE b (id int);"),
	    xstrdup("BEGIN;\nCREATE TABLE c (id int);\nCREATE TABLE c (id int);"),
	    xstrdup("CREATE TABLE d (a_id int REFERENCES a, c_id int);\nCREATE INDEX ON b (id);")};
	const char *names[3] = {"001_a.sql", "002_c.sql", "003_d.sql"};
	for (int i = 0; i < 3; i++) {
		items[i].version = (char *)names[i];
		items[i].up_path = (char *)names[i];
		items[i].up_sql = texts[i];
	}
	MigrationSet set = {0};
	set.items = items;
	set.n = 3;
	Catalog *cat = catalog_new();
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(replay_migrations(cat, &set, NULL, &dl), -1);
	assert_int_equal(diag_count(&dl, SEV_ERROR), 3);
	const Diag *d = NULL;
	for (size_t i = 0; i < dl.n; i++)
		if (dl.items[i].sev == SEV_ERROR && !strcmp(dl.items[i].file, "003_d.sql"))
			d = &dl.items[i];
	assert_non_null(d);
	assert_string_equal(d->message, "relation \"a\" does not exist");
	assert_string_equal(d->detail, "the statement that creates it, 001_a.sql:1:14, failed");
	assert_null(catalog_find_table(cat, "public", "a"));
	assert_null(catalog_find_table(cat, "public", "c")); /* 002's failed block was rolled back */
	assert_null(catalog_find_table(cat, "public", "d"));
	assert_non_null(catalog_find_table(cat, "public", "b"));
	assert_non_null(catalog_find_relation(cat, "public", "b_id_idx"));
	diag_list_release(&dl);
	catalog_free(cat);
	for (int i = 0; i < 3; i++)
		free(texts[i]);
}

/* Every object kind the catalog models, for the copy tests. */
static const char *rich_sql =
    "CREATE SCHEMA app;\nCREATE EXTENSION pg_trgm;\nCREATE TYPE app.mood AS ENUM ('sad', 'ok');\n"
    "CREATE DOMAIN app.pos AS int DEFAULT 1 NOT NULL CHECK (VALUE > 0);\n"
    "CREATE TYPE app.pair AS (a int, b text COLLATE \"C\");\nCREATE TYPE app.r AS RANGE (subtype = int4);\n"
    "CREATE FUNCTION app.f(x int, y text DEFAULT 'a') RETURNS int LANGUAGE sql IMMUTABLE AS 'select 1';\n"
    "CREATE FUNCTION app.trg() RETURNS trigger LANGUAGE plpgsql AS $$begin return new; end$$;\n"
    "CREATE SEQUENCE app.s AS int START 5 INCREMENT 2;\n"
    "CREATE TABLE app.t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, m app.mood, p app.pos,\n"
    "  n int DEFAULT nextval('app.s'), g int GENERATED ALWAYS AS (id * 2) STORED, name text UNIQUE,\n"
    "  CHECK (p < 100) NOT VALID);\n"
    "CREATE TABLE app.c (id int PRIMARY KEY, t_id int REFERENCES app.t ON DELETE CASCADE) INHERITS (app.t);\n"
    "CREATE TABLE app.pt (k int, v text) PARTITION BY RANGE (k);\n"
    "CREATE TABLE app.pt1 PARTITION OF app.pt FOR VALUES FROM (0) TO (10);\n"
    "CREATE INDEX t_name ON app.t USING gin (name gin_trgm_ops) WHERE id > 3;\n"
    "CREATE VIEW app.v (a, b) AS SELECT id, name FROM app.t WITH CHECK OPTION;\n"
    "CREATE MATERIALIZED VIEW app.mv AS SELECT id FROM app.t WITH NO DATA;\nCREATE INDEX ON app.mv (id);\n"
    "CREATE TRIGGER tr BEFORE UPDATE OF name ON app.t FOR EACH ROW WHEN (old.name IS DISTINCT FROM "
    "new.name) EXECUTE FUNCTION app.trg('x');\n"
    "ALTER TABLE app.t ENABLE ROW LEVEL SECURITY;\n"
    "CREATE POLICY pol ON app.t FOR SELECT TO public USING (id > 0);\n"
    "COMMENT ON TABLE app.t IS 'tee';\nCOMMENT ON COLUMN app.t.name IS 'the name';\n"
    "CREATE TABLE gone (a int);\nDROP TABLE gone;\n";

static char *dump_cat(const Catalog *cat)
{
	StrBuf sb = STRBUF_INIT;
	catalog_dump_text(cat, &sb);
	return sb_detach(&sb);
}

static void test_clone(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r, rich_sql, NULL, NULL);
	if (replayed_errors(&r))
		replayed_print_errors(&r);
	assert_int_equal(replayed_errors(&r), 0);
	Catalog *c = catalog_clone(r.cat);
	assert_non_null(c);
	char *want = xstrdup(r.text);
	replayed_free(&r); /* the copy owns everything it points to (ASan checks) */
	char *got = dump_cat(c);
	assert_string_equal(got, want);
	/* the copy replays on like the original */
	ReplayState st;
	replay_state_init(&st, c, NULL);
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(
	    replay_sql(c, "DROP TABLE app.t CASCADE;\nALTER TYPE app.mood RENAME TO feeling;", "x", &st, &dl),
	    0);
	replay_state_release(&st);
	assert_non_null(catalog_find_type(c, "app", "feeling"));
	assert_null(catalog_find_table(c, "app", "t"));
	assert_null(catalog_find_relation(c, "app", "v"));
	free(got);
	free(want);
	diag_list_release(&dl);
	catalog_free(c);
}

static void test_restore(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r, rich_sql, NULL, NULL);
	Catalog *snap = catalog_clone(r.cat);
	CatTable *t = catalog_find_table(r.cat, "app", "t");
	assert_non_null(t);
	ReplayState st;
	replay_state_init(&st, r.cat, NULL);
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(
	    replay_sql(r.cat,
	               "ALTER TABLE app.t RENAME COLUMN name TO nm;\nALTER TABLE app.t ADD COLUMN z int;\n"
	               "DROP VIEW app.v;\nALTER TABLE app.t RENAME TO tt;\nDROP TYPE app.pair;\n"
	               "CREATE TABLE app.new (a int REFERENCES app.c);\nDROP SEQUENCE app.s CASCADE;",
	               "x", &st, &dl),
	    0);
	replay_state_release(&st);
	char *changed = dump_cat(r.cat);
	assert_true(strcmp(changed, r.text) != 0);
	for (int round = 0; round < 2; round++) { /* a snapshot can be restored again */
		assert_int_equal(catalog_restore(r.cat, snap), 0);
		char *back = dump_cat(r.cat);
		assert_string_equal(back, r.text);
		free(back);
		/* objects keep their address; their state is the snapshot's */
		assert_ptr_equal(catalog_find_table(r.cat, "app", "t"), t);
		assert_non_null(table_find_column(t, "name"));
		assert_null(table_find_column(t, "z"));
		replay_state_init(&st, r.cat, NULL);
		assert_int_equal(
		    replay_sql(r.cat, "ALTER TABLE app.t DROP COLUMN name CASCADE;", "x", &st, &dl), 0);
		replay_state_release(&st);
	}
	/* a catalog that is not the snapshot's: refused, nothing changed */
	Catalog *other = catalog_new();
	assert_int_equal(catalog_restore(other, snap), -1);
	assert_int_equal(other->all.n, 0);
	catalog_free(other);
	free(changed);
	diag_list_release(&dl);
	catalog_free(snap);
	replayed_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tx_cases),
	    cmocka_unit_test(test_long_history),
	    cmocka_unit_test(test_outcomes),
	    cmocka_unit_test(test_failed_dynamic),
	    cmocka_unit_test(test_implicit_and_session),
	    cmocka_unit_test(test_clone),
	    cmocka_unit_test(test_restore),
	    cmocka_unit_test(test_history),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
