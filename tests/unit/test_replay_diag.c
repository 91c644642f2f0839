/* test_replay_diag.c — replay diagnostics: each rule with its exact message, line:col, detail; the history
 * notes ("created later by", "dropped earlier by"); never an error for what replay cannot know. */
#include "unit.h"
#include "replay_util.h"

typedef struct DiagCase {
	const char *sql;
	const char *rule;
	const char *message;
	int line, col;
	const char *detail; /* substring of the detail, or NULL */
} DiagCase;

static const DiagCase diag_cases[] = {
    {"CREATE TABLE t (a int REFERENCES nope (id));", "undefined-relation", "relation \"nope\" does not exist",
     1, 34, NULL},
    {"CREATE TABLE t (a int);\nCREATE TABLE t (b int);", "duplicate-object", "relation \"t\" already exists",
     2, 14, NULL},
    {"CREATE TABLE t (a int);\n  CREATE INDEX t ON t (a);", "duplicate-object",
     "relation \"t\" already exists", 2, 3, NULL},
    {"CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN a int;", "duplicate-column",
     "column \"a\" of relation \"t\" already exists", 2, 26, NULL},
    {"CREATE TABLE t (a int);\nALTER TABLE t DROP COLUMN b;", "undefined-column",
     "column \"b\" of relation \"t\" does not exist", 2, 13, NULL},
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t (b);", "undefined-column", "column \"b\" does not exist", 2,
     20, NULL}, /* the caret at the column, not the table */
    {"CREATE TABLE t (a int, PRIMARY KEY (b));", "undefined-column",
     "column \"b\" named in key does not exist", 1, 37, NULL},
    {"CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (a int, FOREIGN KEY (zz) REFERENCES p);",
     "undefined-column", "column \"zz\" referenced in foreign key constraint does not exist", 2, 37,
     NULL}, /* the caret at the unknown key column */
    /* a call's dependency goes to the overload PostgreSQL's resolution picks: 'q' is unknown, the string
     * category wins (fuzz-diff) */
    {"CREATE FUNCTION ov(x int) RETURNS int LANGUAGE sql AS 'SELECT x';\n"
     "CREATE FUNCTION ov(x text) RETURNS text LANGUAGE sql AS 'SELECT x';\n"
     "CREATE TABLE t (a int, b text DEFAULT ov('q'));\nDROP FUNCTION ov(int);\nDROP FUNCTION ov(text);",
     "dependent-objects", "cannot drop function ov(text) because other objects depend on it", 5, 1,
     "default value for column b of table t"},
    /* a view's dependency too (recorded before its analysis, then moved to the overload it resolved) */
    {"CREATE FUNCTION ov(x int) RETURNS int LANGUAGE sql AS 'SELECT x';\n"
     "CREATE FUNCTION ov(x bigint) RETURNS bigint LANGUAGE sql AS 'SELECT x';\n"
     "CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT ov(7::bigint) AS x, a FROM t;\n"
     "DROP FUNCTION ov(int);\nDROP FUNCTION ov(bigint);",
     "dependent-objects", "cannot drop function ov(bigint) because other objects depend on it", 6, 1,
     "view v"},
    /* a BEGIN ATOMIC body depends on the columns it reads (fuzz-diff) */
    {"CREATE TABLE t (a int, b int);\n"
     "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM t WHERE b > 0; END;\n"
     "ALTER TABLE t DROP COLUMN a;\nALTER TABLE t DROP COLUMN b;",
     "dependent-objects", "cannot drop column b of table t because other objects depend on it", 4, 13,
     "function f()"},
    {"CREATE TABLE x.t (a int);", "undefined-schema", "schema \"x\" does not exist", 1, 14, NULL},
    {"CREATE TYPE t AS ENUM ('a');\nCREATE TYPE t AS ENUM ('b');", "duplicate-object",
     "type \"t\" already exists", 2, 1, NULL},
    {"CREATE SCHEMA s;\nCREATE SCHEMA s;", "duplicate-object", "schema \"s\" already exists", 2, 1, NULL},
    {"CREATE TABLE t (a mood);", "undefined-type", "type \"mood\" does not exist", 1, 19, NULL},
    {"CREATE TABLE p (id int PRIMARY KEY, code text);\nCREATE TABLE t (c text REFERENCES p (code));",
     "fk-no-unique", "there is no unique constraint matching given keys for referenced table \"p\"", 2, 35,
     NULL},
    {"CREATE TABLE p (code text);\nCREATE TABLE t (c text REFERENCES p);", "fk-no-unique",
     "there is no primary key for referenced table \"p\"", 2, 35, NULL},
    {"CREATE TABLE p (id uuid PRIMARY KEY);\nCREATE TABLE t (c text,\n  CONSTRAINT c_fk FOREIGN KEY (c) "
     "REFERENCES p);",
     "fk-type-mismatch", "foreign key constraint cannot be implemented", 3, 3,
     "key columns \"c\" and \"id\" are of incompatible types: text and uuid"},
    {"CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);\nDROP TABLE p;",
     "dependent-objects", "cannot drop table p because other objects depend on it", 3, 1,
     "constraint c_p_id_fkey on table c depends on table p"},
    {"CREATE TABLE p (id int);\nCREATE VIEW v AS SELECT id FROM p;\n\nDROP TABLE p RESTRICT;",
     "dependent-objects", "cannot drop table p because other objects depend on it", 4, 1,
     "view v depends on table p"},
    {"CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);\nALTER TABLE p DROP "
     "COLUMN id;",
     "dependent-objects", "cannot drop column id of table p because other objects depend on it", 3, 13,
     "c_p_id_fkey"},
    {"CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);\nALTER TABLE p DROP "
     "CONSTRAINT p_pkey;",
     "dependent-objects", "cannot drop constraint p_pkey on table p because other objects depend on it", 3,
     13, "c_p_id_fkey"},
    {"CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';\nCREATE TABLE t (a "
     "int);\n"
     "CREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\nDROP FUNCTION f();",
     "dependent-objects", "cannot drop function f() because other objects depend on it", 4, 1,
     "trigger g on table t depends on function f()"},
    {"CREATE TABLE t (a int);\nCREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION nofn();",
     "undefined-function", "function nofn() does not exist", 2, 1, NULL},
    {"CREATE VIEW v AS\n  WITH w AS (SELECT 1) SELECT * FROM w, missing;", "undefined-relation",
     "relation \"missing\" does not exist", 2, 41, NULL},
    {"DROP TABLE nope;", "undefined-relation", "table \"nope\" does not exist", 1, 1, NULL},
    {"CREATE VIEW v AS SELECT 1;\nDROP TABLE v;", "wrong-object-type", "\"v\" is not a table", 2, 1, NULL},
    {"CREATE TABLE t (id int PRIMARY KEY);\nDROP INDEX t_pkey;", "dependent-objects",
     "cannot drop index t_pkey because constraint t_pkey on table t requires it", 2, 1, NULL},
    {"CREATE TYPE m AS ENUM ('a');\nALTER TYPE m ADD VALUE 'a';", "duplicate-object",
     "enum label \"a\" already exists", 2, 1, NULL},
    {"CREATE TABLE t (a int, CONSTRAINT k CHECK (a > 0), CONSTRAINT k CHECK (a < 9));", "duplicate-object",
     "constraint \"k\" for relation \"t\" already exists", 1, 52, NULL},
    {"CREATE TABLE t (a int PRIMARY KEY, b int PRIMARY KEY);", "duplicate-object",
     "multiple primary keys for table \"t\" are not allowed", 1, 42, NULL},
    {"CREATE TABLE t (a int);\nCREATE POLICY p ON t USING (true);\nCREATE POLICY p ON t USING (false);",
     "duplicate-object", "policy \"p\" for table \"t\" already exists", 3, 20, NULL},
    {"SET search_path = nowhere;\nCREATE TABLE t (a int);", "undefined-schema",
     "no schema has been selected to create in", 2, 14, NULL},
    {"CREATE TABLE t (a int);\nCOMMENT ON COLUMN t.b IS 'x';", "undefined-column",
     "column \"b\" of relation \"t\" does not exist", 2, 1, NULL},
    {"CREATE SCHEMA a;\nCREATE TABLE a.t (x int);\nCREATE TABLE u (x int REFERENCES t);",
     "undefined-relation", "relation \"t\" does not exist", 3, 34, NULL},
};

static void test_diag_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(diag_cases); i++) {
		const DiagCase *c = &diag_cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		bool ok = d && replayed_errors(&r) == 1 && !strcmp(d->rule, c->rule) &&
		          !strcmp(d->message, c->message) && d->line == c->line && d->col == c->col &&
		          !strcmp(d->file, "m.sql") && d->source_line &&
		          (!c->detail || (d->detail && strstr(d->detail, c->detail)));
		if (!ok) {
			fprintf(stderr, "case %zu (%s): want %d:%d %s [%s]\n", i, c->sql, c->line, c->col,
			        c->message, c->rule);
			replayed_print_errors(&r);
			if (d && d->detail)
				fprintf(stderr, "  detail: %s\n", d->detail);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* No false errors for what the model cannot know: system catalogs, extension types and functions, DO
 * blocks that swallow errors, objects from dynamic SQL. */
static void test_no_false_errors(void **state)
{
	(void)state;
	static const char *const ok_sql[] = {
	    "CREATE VIEW v AS SELECT relname FROM pg_class JOIN pg_catalog.pg_namespace n ON true, "
	    "information_schema.tables;",
	    "CREATE EXTENSION citext;\nCREATE TABLE t (e citext, g geometry);",
	    "CREATE EXTENSION pgcrypto;\nCREATE TABLE t (a int);\nCREATE TRIGGER x BEFORE INSERT ON t FOR "
	    "EACH ROW EXECUTE FUNCTION ext_fn();",
	    "DO $$ BEGIN CREATE TABLE t (a int); CREATE TABLE t (a int); EXCEPTION WHEN others THEN NULL; "
	    "END $$;\nCREATE INDEX ON t (a);",
	    "CREATE TABLE t (a int);\nCREATE TRIGGER x BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION "
	    "suppress_redundant_updates_trigger();",
	    "CREATE TABLE t (a int, b tsvector);\nCREATE TRIGGER x BEFORE UPDATE ON t FOR EACH ROW EXECUTE "
	    "FUNCTION "
	    "tsvector_update_trigger(b, 'pg_catalog.english', a);",
	    "CREATE TABLE t (a int[] DEFAULT ARRAY[]::int[], r int4range, x xml, i inet, m money, o oid);",
	    "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int REFERENCES a);\nDROP TABLE b, a;",
	    "CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (id int REFERENCES a, n smallint "
	    "REFERENCES a);",
	};
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(ok_sql); i++) {
		Replayed r;
		replayed_run(&r, ok_sql[i], NULL, NULL);
		if (replayed_errors(&r)) {
			fprintf(stderr, "false error for: %s\n", ok_sql[i]);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* History notes need a migration set: the FK target is created by a later migration, or was dropped by an
 * earlier one. */
static void test_history_notes(void **state)
{
	(void)state;
	Migration items[3];
	memset(items, 0, sizeof items);
	char *texts[3] = {
	    xstrdup("CREATE TABLE gone (id int PRIMARY KEY);\nDROP TABLE gone;"),
	    xstrdup("CREATE TABLE a (id int,\n  g int REFERENCES gone, y int REFERENCES later_t);\n"
	            "CREATE TABLE a2 (id int);"),
	    xstrdup("-- later\nCREATE TABLE later_t (id int PRIMARY KEY);")};
	const char *names[3] = {"001_gone.sql", "002_a.sql", "003_later.sql"};
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
	assert_int_equal(diag_count(&dl, SEV_ERROR), 2);
	const Diag *d0 = NULL, *d1 = NULL;
	for (size_t i = 0; i < dl.n; i++)
		if (dl.items[i].sev == SEV_ERROR) {
			if (!d0)
				d0 = &dl.items[i];
			else
				d1 = &dl.items[i];
		}
	assert_string_equal(d0->file, "002_a.sql");
	assert_int_equal(d0->line, 2);
	assert_int_equal(d0->col, 20);
	assert_string_equal(d0->message, "relation \"gone\" does not exist");
	assert_string_equal(d0->detail, "dropped earlier by 001_gone.sql:2:1");
	assert_int_equal(d1->line, 2);
	assert_int_equal(d1->col, 43);
	assert_string_equal(d1->message, "relation \"later_t\" does not exist");
	assert_string_equal(d1->detail, "created later by 003_later.sql:2:14");
	/* --at: stop after the first migration */
	Catalog *cat2 = catalog_new();
	DiagList dl2 = DIAGLIST_INIT;
	ReplayOptions ro = {0};
	ro.stop_at = "002_a.sql";
	assert_int_equal(replay_migrations(cat2, &set, &ro, &dl2), -1);
	assert_null(catalog_find_table(cat2, "public", "later_t"));
	/* the CREATE TABLE failed: as in PostgreSQL, nothing of it remains */
	assert_null(catalog_find_table(cat2, "public", "a"));
	assert_non_null(catalog_find_table(cat2, "public", "a2"));
	diag_list_release(&dl2);
	catalog_free(cat2);
	diag_list_release(&dl);
	catalog_free(cat);
	for (int i = 0; i < 3; i++)
		free(texts[i]);
}

/* Unmodelled statements: one info per kind per migration. */
static void test_opaque_info(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r,
	             "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nUPDATE t SET a = 2;\nGRANT ALL ON "
	             "t TO PUBLIC;\n"
	             "REVOKE ALL ON t FROM PUBLIC;",
	             NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	assert_int_equal(diag_count(&r.dl, SEV_INFO), 2);
	assert_string_equal(r.dl.items[0].rule, "not-modelled");
	assert_int_equal(r.dl.items[0].line, 2);
	assert_int_equal(r.dl.items[1].line, 4);
	replayed_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_diag_cases),
	    cmocka_unit_test(test_no_false_errors),
	    cmocka_unit_test(test_history_notes),
	    cmocka_unit_test(test_opaque_info),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
