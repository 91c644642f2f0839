/* test_replay_trigger.c — CREATE TRIGGER's rules (relation kinds, INSTEAD OF, transition tables, OLD/NEW in
 * WHEN, UPDATE OF columns), the names of row triggers cloned to partitions, and the catalog rules of
 * replay_atrules.c and the misc misses (COMMENT ON, routine kind, name collisions): each case the error
 * PostgreSQL 15 raises, and statements it accepts that must replay without an error. */
#include "unit.h"
#include "replay_util.h"

typedef struct RuleCase {
	const char *sql;
	const char *rule;
	const char *message; /* exact */
} RuleCase;

#define FN   "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';\n"
#define TBL  FN "CREATE TABLE t (a int, b int);\n"
#define VIEW TBL "CREATE VIEW v AS SELECT a, b FROM t;\n"
#define PARTS                                                 \
	FN "CREATE TABLE p (a int) PARTITION BY RANGE (a);\n" \
	   "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10);\n"

static const RuleCase rule_cases[] = {
    /* relation kinds */
    {VIEW "CREATE TRIGGER g BEFORE INSERT ON v FOR EACH ROW EXECUTE FUNCTION f();", "wrong-object-type",
     "\"v\" is a view"},
    {VIEW "CREATE TRIGGER g AFTER UPDATE ON v FOR EACH ROW EXECUTE FUNCTION f();", "wrong-object-type",
     "\"v\" is a view"},
    {VIEW "CREATE TRIGGER g BEFORE TRUNCATE ON v EXECUTE FUNCTION f();", "wrong-object-type",
     "\"v\" is a view"},
    {TBL "CREATE TRIGGER g INSTEAD OF INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();", "wrong-object-type",
     "\"t\" is a table"},
    {PARTS "CREATE TRIGGER g INSTEAD OF INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();", "wrong-object-type",
     "\"p\" is a table"},
    {TBL
     "CREATE MATERIALIZED VIEW m AS SELECT a FROM t;\nCREATE TRIGGER g AFTER INSERT ON m EXECUTE FUNCTION "
     "f();",
     "wrong-object-type", "relation \"m\" cannot have triggers"},
    {TBL "CREATE TRIGGER g AFTER TRUNCATE ON t FOR EACH ROW EXECUTE FUNCTION f();", "feature-not-supported",
     "TRUNCATE FOR EACH ROW triggers are not supported"},
    /* INSTEAD OF */
    {VIEW "CREATE TRIGGER g INSTEAD OF INSERT ON v EXECUTE FUNCTION f();", "feature-not-supported",
     "INSTEAD OF triggers must be FOR EACH ROW"},
    {VIEW "CREATE TRIGGER g INSTEAD OF UPDATE ON v FOR EACH ROW WHEN (OLD.a <> NEW.a) EXECUTE FUNCTION f();",
     "feature-not-supported", "INSTEAD OF triggers cannot have WHEN conditions"},
    {VIEW "CREATE TRIGGER g INSTEAD OF UPDATE OF a ON v FOR EACH ROW EXECUTE FUNCTION f();",
     "feature-not-supported", "INSTEAD OF triggers cannot have column lists"},
    /* transition tables */
    {VIEW "CREATE TRIGGER g AFTER UPDATE ON v REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "
          "f();",
     "wrong-object-type", "\"v\" is a view"},
    {PARTS "CREATE TRIGGER g AFTER UPDATE ON p REFERENCING OLD TABLE AS o FOR EACH ROW EXECUTE FUNCTION f();",
     "feature-not-supported", "\"p\" is a partitioned table"},
    {PARTS
     "CREATE TRIGGER g AFTER INSERT ON p1 REFERENCING NEW TABLE AS n FOR EACH ROW EXECUTE FUNCTION f();",
     "feature-not-supported", "ROW triggers with transition tables are not supported on partitions"},
    {TBL "CREATE TABLE c () INHERITS (t);\nCREATE TRIGGER g AFTER INSERT ON c REFERENCING NEW TABLE AS n FOR "
         "EACH ROW EXECUTE FUNCTION f();",
     "feature-not-supported",
     "ROW triggers with transition tables are not supported on inheritance children"},
    {TBL "CREATE TRIGGER g BEFORE INSERT ON t REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "
         "f();",
     "invalid-object-definition", "transition table name can only be specified for an AFTER trigger"},
    {TBL "CREATE TRIGGER g AFTER INSERT OR UPDATE ON t REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE "
         "FUNCTION f();",
     "feature-not-supported", "transition tables cannot be specified for triggers with more than one event"},
    {TBL "CREATE TRIGGER g AFTER UPDATE OF b ON t REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE "
         "FUNCTION f();",
     "feature-not-supported", "transition tables cannot be specified for triggers with column lists"},
    {TBL "CREATE TRIGGER g AFTER DELETE ON t REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE FUNCTION "
         "f();",
     "invalid-object-definition", "NEW TABLE can only be specified for an INSERT or UPDATE trigger"},
    {TBL "CREATE TRIGGER g AFTER INSERT ON t REFERENCING OLD TABLE AS o FOR EACH STATEMENT EXECUTE FUNCTION "
         "f();",
     "invalid-object-definition", "OLD TABLE can only be specified for a DELETE or UPDATE trigger"},
    {TBL "CREATE TRIGGER g AFTER UPDATE ON t REFERENCING OLD TABLE AS x NEW TABLE AS x FOR EACH STATEMENT "
         "EXECUTE FUNCTION f();",
     "invalid-object-definition", "OLD TABLE name and NEW TABLE name cannot be the same"},
    {PARTS
     "CREATE TABLE p2 (a int);\nCREATE TRIGGER g AFTER INSERT ON p2 REFERENCING NEW TABLE AS n FOR EACH "
     "ROW EXECUTE FUNCTION f();\nALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (10) TO (20);",
     "feature-not-supported", "trigger \"g\" prevents table \"p2\" from becoming a partition"},
    {TBL "CREATE TABLE c (a int, b int);\nCREATE TRIGGER g AFTER INSERT ON c REFERENCING NEW TABLE AS n FOR "
         "EACH ROW EXECUTE FUNCTION f();\nALTER TABLE c INHERIT t;",
     "feature-not-supported", "trigger \"g\" prevents table \"c\" from becoming an inheritance child"},
    /* WHEN */
    {TBL "CREATE TRIGGER g BEFORE INSERT OR UPDATE ON t FOR EACH ROW WHEN (OLD.a <> NEW.a) EXECUTE FUNCTION "
         "f();",
     "invalid-object-definition", "INSERT trigger's WHEN condition cannot reference OLD values"},
    {TBL "CREATE TRIGGER g BEFORE DELETE OR UPDATE ON t FOR EACH ROW WHEN (OLD.a <> NEW.a) EXECUTE FUNCTION "
         "f();",
     "invalid-object-definition", "DELETE trigger's WHEN condition cannot reference NEW values"},
    {TBL "CREATE TRIGGER g BEFORE UPDATE ON t FOR EACH ROW WHEN (NEW.tableoid <> 0) EXECUTE FUNCTION f();",
     "feature-not-supported", "BEFORE trigger's WHEN condition cannot reference NEW system columns"},
    {TBL "CREATE TRIGGER g BEFORE UPDATE ON t FOR EACH STATEMENT WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE "
         "FUNCTION f();",
     "invalid-object-definition", "statement trigger's WHEN condition cannot reference column values"},
    {FN
     "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\nCREATE TRIGGER g BEFORE UPDATE ON t "
     "FOR EACH ROW WHEN (NEW.b < 0) EXECUTE FUNCTION f();",
     "invalid-object-definition", "BEFORE trigger's WHEN condition cannot reference NEW generated columns"},
    {FN
     "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\nCREATE TRIGGER g BEFORE UPDATE ON t "
     "FOR EACH ROW WHEN (NEW.* IS NOT NULL) EXECUTE FUNCTION f();",
     "invalid-object-definition", "BEFORE trigger's WHEN condition cannot reference NEW generated columns"},
    /* UPDATE OF */
    {TBL "CREATE TRIGGER g BEFORE UPDATE OF a, a ON t FOR EACH ROW EXECUTE FUNCTION f();", "duplicate-column",
     "column \"a\" specified more than once"},
    {TBL "CREATE TRIGGER g BEFORE UPDATE OF zz ON t FOR EACH ROW EXECUTE FUNCTION f();", "undefined-column",
     "column \"zz\" of relation \"t\" does not exist"},
    /* names of the row triggers cloned to partitions */
    {PARTS "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\nCREATE TRIGGER g AFTER "
           "INSERT ON p1 FOR EACH ROW EXECUTE FUNCTION f();",
     "duplicate-object", "trigger \"g\" for relation \"p1\" already exists"},
    {PARTS
     "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\nCREATE OR REPLACE TRIGGER g "
     "AFTER INSERT ON p1 FOR EACH ROW EXECUTE FUNCTION f();",
     "duplicate-object", "trigger \"g\" for relation \"p1\" is an internal or a child trigger"},
    {PARTS "CREATE TRIGGER g AFTER INSERT ON p1 FOR EACH ROW EXECUTE FUNCTION f();\nCREATE TRIGGER g AFTER "
           "INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();",
     "duplicate-object", "trigger \"g\" for relation \"p1\" already exists"},
    {PARTS "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\nCREATE TABLE p2 (a int);\n"
           "CREATE TRIGGER g AFTER INSERT ON p2 FOR EACH ROW EXECUTE FUNCTION f();\nALTER TABLE p ATTACH "
           "PARTITION p2 FOR VALUES FROM (10) TO (20);",
     "duplicate-object", "trigger \"g\" for relation \"p2\" already exists"},
    {PARTS "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\nCREATE TRIGGER h AFTER "
           "INSERT ON p1 FOR EACH ROW EXECUTE FUNCTION f();\nALTER TRIGGER g ON p RENAME TO h;",
     "duplicate-object", "trigger \"h\" for relation \"p1\" already exists"},
    {PARTS "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\nCREATE TRIGGER h AFTER "
           "INSERT ON p1 FOR EACH ROW EXECUTE FUNCTION f();\nALTER TRIGGER h ON p1 RENAME TO g;",
     "duplicate-object", "trigger \"g\" for relation \"p1\" already exists"},
    /* renametrig: a partition's clone of a row trigger keeps its parent's name */
    {PARTS "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\nALTER TRIGGER g ON p1 "
           "RENAME TO h;",
     "object-not-in-prerequisite-state", "cannot rename trigger \"g\" on table \"p1\""},
    {PARTS
     "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\nDROP TRIGGER IF EXISTS g ON "
     "p1;",
     "dependent-objects", "cannot drop trigger g on table p1 because trigger g on table p requires it"},
    /* policies */
    {"CREATE TABLE t (a int);\nCREATE POLICY p ON t USING (true);\nCREATE POLICY q ON t USING (true);\n"
     "ALTER POLICY q ON t RENAME TO p;",
     "duplicate-object", "policy \"p\" for table \"t\" already exists"},
    /* COMMENT ON needs the object */
    {"COMMENT ON TYPE bad IS 'x';", "undefined-type", "type \"bad\" does not exist"},
    {"CREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0);\nCOMMENT ON CONSTRAINT nope ON DOMAIN d IS "
     "'x';",
     "undefined-object", "constraint \"nope\" for domain d does not exist"},
    {"COMMENT ON CONSTRAINT c ON DOMAIN nodom IS 'x';", "undefined-type", "type \"nodom\" does not exist"},
    /* routine kind */
    {"CREATE FUNCTION r(a int) RETURNS int LANGUAGE sql AS 'SELECT $1';\nCREATE OR REPLACE PROCEDURE r(a "
     "int) "
     "LANGUAGE sql AS 'SELECT $1';",
     "wrong-object-type", "cannot change routine kind"},
    {"CREATE FUNCTION r(a int) RETURNS int LANGUAGE sql AS 'SELECT $1';\nCREATE OR REPLACE FUNCTION r(a int) "
     "RETURNS int LANGUAGE sql WINDOW AS 'SELECT $1';",
     "wrong-object-type", "cannot change routine kind"},
    {"CREATE PROCEDURE q(a text) LANGUAGE sql AS 'SELECT 1';\nALTER FUNCTION q(text) VOLATILE;",
     "wrong-object-type", "q(text) is not a function"},
    {"CREATE FUNCTION r(a int) RETURNS int LANGUAGE sql AS 'SELECT $1';\nALTER PROCEDURE r(int) VOLATILE;",
     "wrong-object-type", "r(integer) is not a procedure"},
    {"CREATE PROCEDURE q(a text) LANGUAGE sql AS 'SELECT 1';\nDROP FUNCTION q(text);", "wrong-object-type",
     "q(text) is not a function"},
    {"CREATE FUNCTION r(a int) RETURNS int LANGUAGE sql AS 'SELECT $1';\nDROP PROCEDURE r(int);",
     "wrong-object-type", "r(integer) is not a procedure"},
    {"ALTER PROCEDURE nonexistent() VOLATILE;", "undefined-function",
     "procedure nonexistent() does not exist"},
    {"COMMENT ON FUNCTION nofn(integer) IS 'x';", "undefined-function",
     "function nofn(integer) does not exist"},
    /* table access methods */
    {"CREATE TABLE t (a int) USING i_do_not_exist_am;", "undefined-object",
     "access method \"i_do_not_exist_am\" does not exist"},
    {"CREATE TABLE t (a int) USING btree;", "wrong-object-type",
     "access method \"btree\" is not of type TABLE"},
    {"CREATE TABLE t (a int);\nALTER TABLE t SET ACCESS METHOD heap2;", "undefined-object",
     "access method \"heap2\" does not exist"},
    {"CREATE TABLE t (a int) PARTITION BY HASH (a);\nALTER TABLE t SET ACCESS METHOD heap;",
     "feature-not-supported", "cannot change access method of a partitioned table"},
    {"CREATE TABLE t (a int) PARTITION BY HASH (a) USING heap;", "feature-not-supported",
     "specifying a table access method is not supported on a partitioned table"},
    {"CREATE MATERIALIZED VIEW m AS SELECT 1 AS a;\nALTER MATERIALIZED VIEW m SET ACCESS METHOD heap2;",
     "undefined-object", "access method \"heap2\" does not exist"},
    {"CREATE TABLE t (id int);\nCREATE INDEX i ON t (id);\nALTER INDEX i ALTER COLUMN id SET "
     "(n_distinct=100);",
     "wrong-object-type", "ALTER action ALTER COLUMN ... SET cannot be performed on relation \"i\""},
    /* REPLICA IDENTITY USING INDEX */
    {"CREATE TABLE t (a int NOT NULL, b int);\nCREATE INDEX i ON t (a);\nALTER TABLE t REPLICA IDENTITY "
     "USING "
     "INDEX i;",
     "invalid-replica-identity", "cannot use non-unique index \"i\" as replica identity"},
    {"CREATE TABLE t (a int NOT NULL, b int);\nCREATE UNIQUE INDEX i ON t (a, b);\nALTER TABLE t REPLICA "
     "IDENTITY USING INDEX i;",
     "invalid-replica-identity",
     "index \"i\" cannot be used as replica identity because column \"b\" is nullable"},
    {"CREATE TABLE t (a int NOT NULL);\nCREATE UNIQUE INDEX i ON t ((a + 1));\nALTER TABLE t REPLICA "
     "IDENTITY USING INDEX i;",
     "invalid-replica-identity", "cannot use expression index \"i\" as replica identity"},
    {"CREATE TABLE t (a int NOT NULL);\nCREATE UNIQUE INDEX i ON t (a) WHERE a > 0;\nALTER TABLE t REPLICA "
     "IDENTITY USING INDEX i;",
     "invalid-replica-identity", "cannot use partial index \"i\" as replica identity"},
    {"CREATE TABLE t (a int NOT NULL, CONSTRAINT k UNIQUE (a) DEFERRABLE);\nALTER TABLE t REPLICA IDENTITY "
     "USING INDEX k;",
     "invalid-replica-identity", "cannot use non-immediate index \"k\" as replica identity"},
    {"CREATE TABLE t (a int PRIMARY KEY);\nCREATE TABLE u (a int PRIMARY KEY);\nALTER TABLE t REPLICA "
     "IDENTITY USING INDEX u_pkey;",
     "wrong-object-type", "\"u_pkey\" is not an index for table \"t\""},
    {"CREATE TABLE t (a int PRIMARY KEY);\nALTER TABLE t REPLICA IDENTITY USING INDEX nope;",
     "undefined-object", "index \"nope\" for table \"t\" does not exist"},
    /* function names */
    {"CREATE FUNCTION r1(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nCREATE FUNCTION r2(int) RETURNS int "
     "LANGUAGE sql AS 'SELECT 2';\nALTER FUNCTION r1(int) RENAME TO r2;",
     "duplicate-object", "function r2(integer) already exists in schema \"public\""},
    {"CREATE SCHEMA s;\nCREATE FUNCTION r1(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nCREATE FUNCTION "
     "s.r1(int) RETURNS int LANGUAGE sql AS 'SELECT 2';\nALTER FUNCTION r1(int) SET SCHEMA s;",
     "duplicate-object", "function r1(integer) already exists in schema \"s\""},
    /* system column names, columns by name and number */
    {"CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN xmin int;", "duplicate-column",
     "column name \"xmin\" conflicts with a system column name"},
    {"CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN IF NOT EXISTS ctid int;", "duplicate-column",
     "column name \"ctid\" conflicts with a system column name"},
    {"CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO cmax;", "duplicate-column",
     "column name \"cmax\" conflicts with a system column name"},
    {"CREATE TABLE t (a int, b int);\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t ALTER a SET STORAGE plain;",
     "undefined-column", "column \"a\" of relation \"t\" does not exist"},
    {"CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN zz SET STATISTICS 0;", "undefined-column",
     "column \"zz\" of relation \"t\" does not exist"},
    {"CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN 1 SET STATISTICS 0;", "feature-not-supported",
     "cannot refer to non-index column by number"},
    {"CREATE TABLE t (a int, d int, e int, b int);\nCREATE INDEX i ON t (a, (d + e), b);\nALTER INDEX i "
     "ALTER "
     "COLUMN 4 SET STATISTICS 1000;",
     "undefined-column", "column number 4 of relation \"i\" does not exist"},
    {"CREATE TABLE t (a int, d int, e int, b int);\nCREATE INDEX i ON t (a, (d + e), b);\nALTER INDEX i "
     "ALTER "
     "COLUMN 1 SET STATISTICS 1000;",
     "feature-not-supported", "cannot alter statistics on non-expression column \"a\" of index \"i\""},
    /* USING INDEX needs a plain unique btree index with default sorting */
    {"CREATE TABLE t (a int, b text);\nCREATE UNIQUE INDEX i ON t (a DESC);\nALTER TABLE t ADD UNIQUE USING "
     "INDEX i;",
     "wrong-object-type", "index \"i\" column number 1 does not have default sorting behavior"},
    {"CREATE TABLE t (a int, b text);\nCREATE UNIQUE INDEX i ON t (b COLLATE \"POSIX\");\nALTER TABLE t ADD "
     "UNIQUE USING INDEX i;",
     "wrong-object-type", "index \"i\" column number 1 does not have default sorting behavior"},
    {"CREATE TABLE t (a int, b text);\nCREATE INDEX i ON t (a);\nALTER TABLE t ADD PRIMARY KEY USING INDEX "
     "i;",
     "wrong-object-type", "\"i\" is not a unique index"},
    {"CREATE TABLE t (a int, b text);\nCREATE UNIQUE INDEX i ON t (a) WHERE a > 0;\nALTER TABLE t ADD UNIQUE "
     "USING INDEX i;",
     "wrong-object-type", "\"i\" is a partial index"},
    {"CREATE TABLE t (a int) PARTITION BY RANGE (a);\nCREATE UNIQUE INDEX i ON t (a);\nALTER TABLE t ADD "
     "UNIQUE USING INDEX i;",
     "feature-not-supported",
     "ALTER TABLE / ADD CONSTRAINT USING INDEX is not supported on partitioned tables"},
    /* system columns: not in an index, only tableoid in a CHECK */
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t (ctid);", "feature-not-supported",
     "index creation on system columns is not supported"},
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t ((ctid >= '(1000,0)'));", "feature-not-supported",
     "index creation on system columns is not supported"},
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t (a) WHERE t.xmin <> '0';", "feature-not-supported",
     "index creation on system columns is not supported"},
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t (a) INCLUDE (tableoid);", "feature-not-supported",
     "index creation on system columns is not supported"},
    {"CREATE TABLE t (a int, CHECK (ctid IS NOT NULL));", "invalid-column-reference",
     "system column \"ctid\" reference in check constraint is invalid"},
    {"CREATE TABLE t (a int);\nALTER TABLE t ADD CONSTRAINT k CHECK (xmin <> '0');",
     "invalid-column-reference", "system column \"xmin\" reference in check constraint is invalid"},
    /* foreign keys: ON DELETE SET NULL (columns) */
    {"CREATE TABLE pk (tid int, id int, PRIMARY KEY (tid, id));\nCREATE TABLE fk (tid int, id int, foo int, "
     "FOREIGN KEY (tid, id) REFERENCES pk ON DELETE SET NULL (bar));",
     "undefined-column", "column \"bar\" referenced in foreign key constraint does not exist"},
    {"CREATE TABLE pk (tid int, id int, PRIMARY KEY (tid, id));\nCREATE TABLE fk (tid int, id int, foo int, "
     "FOREIGN KEY (tid, id) REFERENCES pk ON DELETE SET NULL (foo));",
     "invalid-column-reference",
     "column \"foo\" referenced in ON DELETE SET action must be part of foreign key"},
};

static void test_rule_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(rule_cases); i++) {
		const RuleCase *c = &rule_cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		if (!d || replayed_errors(&r) != 1 || strcmp(d->rule, c->rule) ||
		    strcmp(d->message, c->message)) {
			fprintf(stderr, "case %zu: want [%s] %s\n%s\n", i, c->rule, c->message, c->sql);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* What PostgreSQL accepts: no error. */
static const char *const ok_sql[] = {
    VIEW "CREATE TRIGGER g INSTEAD OF INSERT ON v FOR EACH ROW EXECUTE FUNCTION f();\n"
         "CREATE TRIGGER h BEFORE INSERT ON v FOR EACH STATEMENT EXECUTE FUNCTION f();",
    TBL "CREATE TRIGGER g BEFORE UPDATE OF a, b ON t FOR EACH ROW WHEN (OLD.a IS DISTINCT FROM NEW.a) "
        "EXECUTE FUNCTION f();\nCREATE TRIGGER h AFTER DELETE ON t FOR EACH ROW WHEN (OLD.tableoid <> 0) "
        "EXECUTE FUNCTION f();\nCREATE TRIGGER i AFTER UPDATE ON t FOR EACH ROW WHEN (NEW.xmin <> '0') "
        "EXECUTE FUNCTION f();",
    TBL "CREATE TRIGGER g AFTER UPDATE ON t REFERENCING OLD TABLE AS o NEW TABLE AS n FOR EACH STATEMENT "
        "EXECUTE FUNCTION f();\nCREATE TRIGGER h AFTER INSERT ON t REFERENCING NEW TABLE AS n FOR EACH ROW "
        "EXECUTE FUNCTION f();",
    FN "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\nCREATE TRIGGER g BEFORE UPDATE "
       "ON t FOR EACH ROW WHEN (OLD.b < 0) EXECUTE FUNCTION f();\nCREATE TRIGGER h AFTER UPDATE ON t FOR "
       "EACH ROW WHEN (NEW.b < 0) EXECUTE FUNCTION f();",
    /* partitions: clones follow the parent; statement triggers are not cloned; OR REPLACE on the parent
     * takes over a partition's own trigger; DETACH removes the clones */
    PARTS "CREATE TRIGGER g AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\n"
          "CREATE TABLE p2 PARTITION OF p FOR VALUES FROM (10) TO (20);\n"
          "CREATE TRIGGER s AFTER INSERT ON p EXECUTE FUNCTION f();\n"
          "CREATE TRIGGER s AFTER INSERT ON p1 EXECUTE FUNCTION f();\n"
          "CREATE TRIGGER h AFTER INSERT ON p1 FOR EACH ROW EXECUTE FUNCTION f();\n"
          "CREATE OR REPLACE TRIGGER h AFTER INSERT ON p FOR EACH ROW EXECUTE FUNCTION f();\n"
          "ALTER TRIGGER g ON p RENAME TO g2;\n"
          "ALTER TABLE p DETACH PARTITION p2;\n"
          "CREATE TRIGGER g2 AFTER INSERT ON p2 FOR EACH ROW EXECUTE FUNCTION f();\n"
          "DROP TRIGGER g2 ON p2;\n"
          "ALTER TABLE p ATTACH PARTITION p2 FOR VALUES FROM (10) TO (20);\n"
          "CREATE TRIGGER k AFTER INSERT ON p2 FOR EACH ROW EXECUTE FUNCTION f();\n"
          "COMMENT ON TRIGGER g2 ON p1 IS 'the clone';",
    "CREATE TABLE t (a int);\nCREATE POLICY p ON t USING (true);\nALTER POLICY p ON t RENAME TO q;",
    "CREATE TABLE t (a int);\nCOMMENT ON TYPE t IS 'row type';\nCOMMENT ON TYPE integer IS 'x';\n"
    "COMMENT ON TYPE _int4 IS 'x';\nCREATE DOMAIN d AS int CONSTRAINT pos CHECK (VALUE > 0);\n"
    "COMMENT ON CONSTRAINT pos ON DOMAIN d IS 'x';",
    "CREATE FUNCTION r(a int) RETURNS int LANGUAGE sql AS 'SELECT $1';\nCREATE OR REPLACE FUNCTION r(a int) "
    "RETURNS int LANGUAGE sql AS 'SELECT $1 + 1';\nCREATE PROCEDURE q() LANGUAGE sql AS 'SELECT 1';\n"
    "CREATE OR REPLACE PROCEDURE q() LANGUAGE sql AS 'SELECT 2';",
    "CREATE FUNCTION r1(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nCREATE FUNCTION r2(text) RETURNS int "
    "LANGUAGE sql AS 'SELECT 2';\nALTER FUNCTION r1(int) RENAME TO r2;",
    "CREATE TABLE t (a int, b text);\nALTER TABLE t ADD COLUMN c int, ALTER COLUMN c SET STATISTICS 10;\n"
    "ALTER TABLE t ALTER b SET STORAGE external, ALTER a SET (n_distinct = 5);\n"
    "CREATE INDEX i ON t (a, (a + 1));\nALTER INDEX i ALTER COLUMN 2 SET STATISTICS 100;",
    "CREATE TABLE t (a int, b text COLLATE \"C\");\nCREATE UNIQUE INDEX i ON t (a, b COLLATE \"C\");\n"
    "ALTER TABLE t ADD CONSTRAINT k UNIQUE USING INDEX i;\nCREATE UNIQUE INDEX j ON t (a ASC NULLS LAST);\n"
    "ALTER TABLE t ADD CONSTRAINT j PRIMARY KEY USING INDEX j;",
    "CREATE TABLE pk (tid int, id int, PRIMARY KEY (tid, id));\nCREATE TABLE fk (tid int, id int, foo int, "
    "FOREIGN KEY (tid, id) REFERENCES pk ON DELETE SET NULL (id));",
    "CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;\nCREATE TABLE t (a int) USING "
    "heap2;\n"
    "CREATE TABLE u (a int) USING heap;\nALTER TABLE u SET ACCESS METHOD heap2;\nCREATE MATERIALIZED VIEW m "
    "AS "
    "SELECT 1 AS a;\nALTER MATERIALIZED VIEW m SET ACCESS METHOD heap2;\nALTER MATERIALIZED VIEW m SET "
    "ACCESS "
    "METHOD heap;",
    "CREATE PROCEDURE q(a text) LANGUAGE sql AS 'SELECT 1';\nALTER PROCEDURE q(text) SECURITY DEFINER;\n"
    "ALTER ROUTINE q(text) SECURITY INVOKER;\nCOMMENT ON PROCEDURE q(text) IS 'x';\nCOMMENT ON FUNCTION "
    "now() IS 'x';\nALTER FUNCTION lower(text) STABLE;\nDROP ROUTINE q(text);",
    "CREATE TABLE t (a int PRIMARY KEY, b int NOT NULL, c int);\nALTER TABLE t REPLICA IDENTITY USING INDEX "
    "t_pkey;\nCREATE UNIQUE INDEX i ON t (b) INCLUDE (c);\nALTER TABLE t REPLICA IDENTITY USING INDEX i;\n"
    "ALTER TABLE t REPLICA IDENTITY FULL;\nALTER TABLE t REPLICA IDENTITY DEFAULT;",
    "CREATE TABLE t (a int, CHECK (tableoid <> 0), CHECK (a > 0));\nCREATE INDEX ON t ((a + 1)) WHERE a > 0;",
};

static void test_accepted(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(ok_sql); i++) {
		Replayed r;
		replayed_run(&r, ok_sql[i], NULL, NULL);
		if (replayed_errors(&r)) {
			fprintf(stderr, "false error for case %zu: %s\n", i, ok_sql[i]);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rule_cases),
	    cmocka_unit_test(test_accepted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
