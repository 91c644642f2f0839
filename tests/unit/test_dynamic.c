/* test_dynamic.c — dynamic SQL the model cannot follow (issue 12 item 5): which statements are found (DO
 * blocks with EXECUTE, calls of functions and procedures whose bodies run EXECUTE or DDL, through other
 * functions and triggers; PL/pgSQL and SQL bodies) and which are not; the errors of later statements that
 * depend on the catalog become warnings naming the dynamic code (file:line) and `strata check --exact`;
 * errors before it stay errors. Also the scanner of called names. */
#include "unit.h"
#include "replay_util.h"
#include "sql/parse.h"

typedef struct DynCase {
	const char *name;
	const char *sql;
	const char *what;      /* substring of the "cannot follow" note, NULL: no such note */
	int note_line;         /* its line */
	const char *rule;      /* the later diagnostic's rule, NULL: none expected */
	Severity sev;          /* ... and severity */
	const char *hint_part; /* substring of its hint (warning: the dynamic code's file:line) */
} DynCase;

#define LATER_INDEX "\nCREATE INDEX ON made (a);"

static const DynCase cases[] = {
    {"DO block with EXECUTE: the line of the EXECUTE in the file",
     "DO $$\nBEGIN\n  EXECUTE 'CREATE TABLE made (a int)';\nEND $$;" LATER_INDEX,
     "EXECUTE at line 3 in the DO block", 1, "undefined-relation", SEV_WARNING, "m.sql:1"},
    {"DO block without EXECUTE: followed, a missing table stays an error",
     "DO $$\nBEGIN\n  CREATE TABLE other (a int);\nEND $$;" LATER_INDEX, NULL, 0, "undefined-relation",
     SEV_ERROR, NULL},
    {"SELECT of a PL/pgSQL function running EXECUTE",
     "CREATE FUNCTION mk(n text) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE format('CREATE TABLE "
     "%I "
     "(a int)', n);\nEND $$;\nSELECT mk(lower('MADE'));" LATER_INDEX,
     "a call of mk(), which runs EXECUTE at line 3 of function public.mk(text)", 5, "undefined-relation",
     SEV_WARNING, "m.sql:5"},
    {"PERFORM in a DO block of a function with static DDL",
     "CREATE FUNCTION mk() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  CREATE TABLE made (a int);\nEND "
     "$$;\n"
     "DO $$ BEGIN PERFORM mk(); END $$;" LATER_INDEX,
     "a call of mk(), which runs CREATE TABLE at line 3 of function public.mk() at line 5 in the DO block", 5,
     "undefined-relation", SEV_WARNING, "strata check --exact"},
    {"SQL-language function with DDL",
     "CREATE FUNCTION mk() RETURNS void LANGUAGE sql AS 'CREATE TABLE made (a int)';\nSELECT "
     "mk();" LATER_INDEX,
     "a call of mk(), which runs CREATE TABLE of function public.mk()", 2, "undefined-relation", SEV_WARNING,
     "m.sql:2"},
    {"CALL of a procedure running EXECUTE",
     "CREATE PROCEDURE mk() LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'CREATE TABLE made (a int)'; END $$;\n"
     "CALL mk(1 + 1);" LATER_INDEX,
     "of procedure public.mk()", 2, "undefined-relation", SEV_WARNING, "m.sql:2"},
    {"a function calling a function that runs EXECUTE",
     "CREATE FUNCTION g() RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'CREATE TABLE made (a int)'; END "
     "$$;\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\nDECLARE x int;\nBEGIN\n  x := 1;\n  "
     "PERFORM g();\n  RETURN x;\nEND $$;\nSELECT f();" LATER_INDEX,
     "a call of f(), which runs a call of g(), which runs EXECUTE", 9, "undefined-relation", SEV_WARNING,
     "m.sql:9"},
    {"an INSERT into a table whose trigger runs EXECUTE",
     "CREATE TABLE t (a int);\nCREATE FUNCTION tg() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN EXECUTE "
     "'CREATE TABLE made (a int)'; RETURN NEW; END $$;\nCREATE TRIGGER g BEFORE INSERT ON t FOR EACH ROW "
     "EXECUTE FUNCTION tg();\nINSERT INTO t VALUES (1);" LATER_INDEX,
     "trigger \"g\" on \"t\", whose function runs EXECUTE", 4, "undefined-relation", SEV_WARNING, "m.sql:4"},
    {"RETURN QUERY EXECUTE and OPEN FOR EXECUTE are EXECUTE too",
     "CREATE FUNCTION q() RETURNS SETOF int LANGUAGE plpgsql AS $$ BEGIN RETURN QUERY EXECUTE 'SELECT 1'; "
     "END "
     "$$;\nSELECT * FROM q();" LATER_INDEX,
     "a call of q(), which runs EXECUTE", 2, "undefined-relation", SEV_WARNING, "m.sql:2"},
    {"a function without EXECUTE or DDL is followed: the error stays",
     "CREATE FUNCTION f(a int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN a + 1; END $$;\nSELECT f(1);"
     "\nCREATE FUNCTION s() RETURNS int LANGUAGE sql AS 'SELECT 1';\nSELECT s();" LATER_INDEX,
     NULL, 0, "undefined-relation", SEV_ERROR, NULL},
    {"a recursive function is analysed once",
     "CREATE FUNCTION r(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN IF n > 0 THEN RETURN r(n - 1); END "
     "IF; "
     "RETURN 0; END $$;\nSELECT r(3);" LATER_INDEX,
     NULL, 0, "undefined-relation", SEV_ERROR, NULL},
    {"a body in another language cannot be followed",
     "CREATE FUNCTION py() RETURNS void LANGUAGE plpython3u AS 'plpy.execute(\"CREATE TABLE made (a "
     "int)\")';\n"
     "SELECT py();" LATER_INDEX,
     "a plpython3u body", 2, "undefined-relation", SEV_WARNING, "m.sql:2"},
    {"a duplicate after dynamic code is a warning too (it may have dropped the first one)",
     "CREATE TABLE made (a int);\nDO $$ BEGIN EXECUTE 'DROP TABLE made'; END $$;\nCREATE TABLE made (a int);",
     "EXECUTE", 2, "duplicate-object", SEV_WARNING, "m.sql:2"},
    {"a duplicate of a relation made after the dynamic code is certain: an error (select_into.sql:121)",
     "DO $$ BEGIN EXECUTE 'CREATE TABLE other (a int)'; END $$;\nCREATE TABLE made AS SELECT 1;\n"
     "CREATE TABLE made AS SELECT 1 / 0;",
     "EXECUTE", 1, "duplicate-object", SEV_ERROR, NULL},
    {"... but not one made before it, even when the duplicate comes later",
     "CREATE TABLE made (a int);\nDO $$ BEGIN EXECUTE 'DROP TABLE made'; END $$;\nCREATE TABLE other (a "
     "int);\nCREATE TABLE made AS SELECT 1;",
     "EXECUTE", 2, "duplicate-object", SEV_WARNING, "m.sql:2"},
    {"CREATE MATERIALIZED VIEW ... WITH NO DATA runs nothing: errors stay errors (privileges.sql:1633)",
     "CREATE FUNCTION mk() RETURNS bool LANGUAGE sql AS 'CREATE TABLE made (a int); SELECT true';\n"
     "CREATE MATERIALIZED VIEW mv AS SELECT mk() WITH NO DATA;\nCREATE TABLE t AS SELECT mk() WITH NO "
     "DATA;" LATER_INDEX,
     NULL, 0, "undefined-relation", SEV_ERROR, NULL},
    {"... but WITH DATA it runs the call",
     "CREATE FUNCTION mk() RETURNS bool LANGUAGE sql AS 'CREATE TABLE made (a int); SELECT true';\n"
     "CREATE MATERIALIZED VIEW mv AS SELECT mk();" LATER_INDEX,
     "a call of mk()", 2, "undefined-relation", SEV_WARNING, "m.sql:2"},
    {"an error before the dynamic code stays an error",
     "CREATE INDEX ON made (a);\nDO $$ BEGIN EXECUTE 'CREATE TABLE made (a int)'; END $$;", "EXECUTE", 2,
     "undefined-relation", SEV_ERROR, NULL},
    /* dynamic SQL whose text the call decides is followed: what it runs is replayed */
    {"followed: format() with %I over a constant argument",
     "CREATE FUNCTION mk(n text) RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE format('CREATE TABLE "
     "%I "
     "(a int)', n);\nEND $$;\nSELECT mk('made');" LATER_INDEX,
     NULL, 0, NULL, SEV_ERROR, NULL},
    {"followed: a parameter holding the DDL, after an assignment, up to RETURN",
     "CREATE FUNCTION run(p_rel regclass, p_ddl text) RETURNS boolean LANGUAGE plpgsql AS $$\nDECLARE v "
     "oid;\n"
     "BEGIN\n  v := 1;\n  EXECUTE p_ddl;\n  RETURN v <> 2;\nEND $$;\nSELECT run('x', $q$ CREATE TABLE made "
     "(a "
     "int) $q$);" LATER_INDEX,
     NULL, 0, NULL, SEV_ERROR, NULL},
    {"followed: || and quote_ident over $1",
     "CREATE FUNCTION mk(text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN EXECUTE 'CREATE TABLE ' || "
     "quote_ident($1) || ' (a int)'; END $$;\nSELECT mk('made');" LATER_INDEX,
     NULL, 0, NULL, SEV_ERROR, NULL},
    {"followed: CALL of a procedure with static DDL (event_trigger.sql)",
     "CREATE PROCEDURE p1() LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE made (a int); END $$;\nCALL "
     "p1();" LATER_INDEX,
     NULL, 0, NULL, SEV_ERROR, NULL},
    {"not followed: a branch decides",
     "CREATE FUNCTION mk(n text) RETURNS void LANGUAGE plpgsql AS $$ BEGIN IF n <> '' THEN EXECUTE 'CREATE "
     "TABLE made (a int)'; END IF; END $$;\nSELECT mk('made');" LATER_INDEX,
     "a call of mk(), which runs EXECUTE", 2, "undefined-relation", SEV_WARNING, "m.sql:2"},
    {"not followed: a variable the call does not decide",
     "CREATE FUNCTION mk(n text) RETURNS void LANGUAGE plpgsql AS $$ DECLARE s text := 'CREATE TABLE made (a "
     "int)'; BEGIN EXECUTE s; END $$;\nSELECT mk('made');" LATER_INDEX,
     "a call of mk(), which runs EXECUTE", 2, "undefined-relation", SEV_WARNING, "m.sql:2"},
    /* a write to a system catalog changes what the model cannot see (create_view.sql deletes a
     * pg_depend row, then drops the column a view uses) */
    {"DELETE FROM pg_depend: later dependency refusals are warnings",
     "CREATE TABLE t (a int, b int);\nCREATE VIEW v AS SELECT a FROM t;\nBEGIN;\nDELETE FROM pg_depend WHERE "
     "refobjsubid = 1;\nALTER TABLE t DROP COLUMN a;\nCOMMIT;",
     "a DELETE on the system catalog pg_depend", 4, "dependent-objects", SEV_WARNING, "m.sql:4"},
    {"UPDATE pg_catalog.pg_class: a system catalog write too",
     "UPDATE pg_catalog.pg_class SET relhasrules = false WHERE false;\nCREATE INDEX ON made (a);",
     "an UPDATE on the system catalog pg_class", 1, "undefined-relation", SEV_WARNING, "m.sql:1"},
    {"a user table named pg_x is not a system catalog",
     "CREATE TABLE pg_x (a int);\nINSERT INTO pg_x VALUES (1);" LATER_INDEX, NULL, 0, "undefined-relation",
     SEV_ERROR, NULL},
    {"ROLLBACK undoes the dynamic code of its block: errors are errors again",
     "BEGIN;\nDELETE FROM pg_depend WHERE false;\nROLLBACK;" LATER_INDEX,
     "a DELETE on the system catalog pg_depend", 2, "undefined-relation", SEV_ERROR, NULL},
    {"COMMIT keeps it", "BEGIN;\nDELETE FROM pg_depend WHERE false;\nCOMMIT;" LATER_INDEX,
     "a DELETE on the system catalog pg_depend", 2, "undefined-relation", SEV_WARNING, "m.sql:2"},
};

/* The first diagnostic of RULE in R, or NULL. */
static const Diag *find_rule(const Replayed *r, const char *rule)
{
	for (size_t i = 0; i < r->dl.n; i++)
		if (!strcmp(r->dl.items[i].rule, rule))
			return &r->dl.items[i];
	return NULL;
}

static void test_dynamic_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const DynCase *c = &cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *note = find_rule(&r, "dynamic-sql");
		const Diag *later = c->rule ? find_rule(&r, c->rule) : NULL;
		bool ok = c->what
		              ? note && note->sev == SEV_INFO && strstr(note->message, c->what) &&
		                    note->line == c->note_line && note->hint && strstr(note->hint, "--exact")
		              : !note;
		if (!c->what && !c->rule) /* followed: nothing to say at all */
			ok = ok && r.dl.n == 0;
		if (c->rule)
			ok = ok && later && later->sev == c->sev &&
			     (!c->hint_part || (later->hint && strstr(later->hint, c->hint_part) &&
			                        strstr(later->hint, "strata check --exact")));
		/* a demoted error no longer counts: the replay reports success */
		if (c->rule && c->sev == SEV_WARNING)
			ok = ok && replayed_errors(&r) == 0;
		if (!ok) {
			fprintf(stderr, "case %zu (%s): want note \"%s\" at %d, %s %s\n", i, c->name,
			        c->what ? c->what : "(none)", c->note_line, c->rule ? c->rule : "-",
			        c->sev == SEV_ERROR ? "error" : "warning");
			for (size_t k = 0; k < r.dl.n; k++)
				fprintf(stderr, "  got %s %s:%d [%s] %s | hint: %s\n",
				        severity_name(r.dl.items[k].sev),
				        r.dl.items[k].file ? r.dl.items[k].file : "", r.dl.items[k].line,
				        r.dl.items[k].rule, r.dl.items[k].message,
				        r.dl.items[k].hint ? r.dl.items[k].hint : "");
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

typedef struct NamesCase {
	const char *text;
	const char *want; /* "schema.name name ..." as found, space-separated */
} NamesCase;

static void collect(void *ud, const char *schema, const char *name)
{
	StrBuf *sb = ud;
	if (sb->len)
		sb_putc(sb, ' ');
	if (schema)
		sb_appendf(sb, "%s.", schema);
	sb_append(sb, name);
}

/* Every kind of relation made after the dynamic code: each duplicate stays an error. */
static void test_duplicates_after_dynamic(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r,
	             "DO $$ BEGIN EXECUTE 'CREATE TABLE other (a int)'; END $$;\n"
	             "CREATE MATERIALIZED VIEW made AS SELECT 1;\nCREATE TABLE t (a int);\n"
	             "CREATE INDEX i ON t (a);\nCREATE SEQUENCE s;\nCREATE VIEW v AS SELECT 1;\n"
	             "CREATE MATERIALIZED VIEW made AS SELECT 1 / 0 WITH NO DATA;\nCREATE INDEX i ON t (a);\n"
	             "CREATE SEQUENCE s;\nCREATE VIEW v AS SELECT 2;\nCREATE TABLE t (b int);",
	             NULL, NULL);
	if (replayed_errors(&r) != 5)
		replayed_print_errors(&r);
	assert_int_equal(replayed_errors(&r), 5);
	replayed_free(&r);
}

static void test_called_names(void **state)
{
	(void)state;
	static const NamesCase nc[] = {
	    {"SELECT f(1)", "f"},
	    {"x := Other2(2) + s.g(3)", "other2 s.g"},
	    {"other3() AND \"Mixed\"\"Q\"(1)", "other3 Mixed\"Q"},
	    {"CALL app.do_it()", "app.do_it"},
	    {"a + b * 2", ""},
	    {"'not_a_call(1)' || x", ""},
	};
	for (size_t i = 0; i < ARRAY_LEN(nc); i++) {
		StrBuf sb = STRBUF_INIT;
		assert_int_equal(sql_called_names(nc[i].text, collect, &sb), 0);
		if (strcmp(sb_str(&sb), nc[i].want))
			fprintf(stderr, "\"%s\": got \"%s\", want \"%s\"\n", nc[i].text, sb_str(&sb),
			        nc[i].want);
		assert_string_equal(sb_str(&sb), nc[i].want);
		sb_release(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dynamic_cases),
	    cmocka_unit_test(test_duplicates_after_dynamic),
	    cmocka_unit_test(test_called_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
