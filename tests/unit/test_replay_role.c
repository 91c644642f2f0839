/* test_replay_role.c — roles, owners and privilege checks in replay (replay_role.c, catalog/role.c): each
 * case is a history with the error PostgreSQL raises (rule, message, line) or none, and what the resulting
 * model must (not) hold; plus has_privs_of_role over a role graph. */
#include "unit.h"
#include "replay_util.h"
#include "catalog/role.h"

typedef struct RoleCase {
	const char *name;
	const char *sql;
	const char *rule;    /* expected first error's rule, NULL: no error at all */
	const char *message; /* substring of its message */
	int line;
	const char *has;     /* substring the model's text must contain, or NULL */
	const char *has_not; /* substring it must not contain, or NULL */
} RoleCase;

#define PRELUDE "CREATE ROLE u;\nCREATE TABLE t (id serial, b int);\n" /* lines 1-2 */

static const RoleCase role_cases[] = {
    {"rename by a non-owner", PRELUDE "SET ROLE u;\nALTER TABLE t RENAME TO t2;", "insufficient-privilege",
     "must be owner of table t", 4, "table public.t\n", NULL},
    {"the owner may", PRELUDE "ALTER TABLE t OWNER TO u;\nSET ROLE u;\nALTER TABLE t RENAME TO t2;", NULL,
     NULL, 0, "public.t2", NULL},
    {"owned sequence follows ALTER TABLE OWNER",
     PRELUDE "ALTER TABLE t OWNER TO u;\nSET ROLE u;\nALTER SEQUENCE t_id_seq RESTART;", NULL, NULL, 0, NULL,
     NULL},
    {"an owned sequence changes owner with its table", PRELUDE "ALTER SEQUENCE t_id_seq OWNER TO u;",
     "feature-not-supported", "cannot change owner of sequence \"t_id_seq\"", 3, NULL, NULL},
    {"a free sequence changes owner",
     "CREATE ROLE u;\nCREATE SEQUENCE q;\nALTER SEQUENCE q OWNER TO u;\nSET ROLE "
     "u;\nALTER SEQUENCE q RESTART;",
     NULL, NULL, 0, NULL, NULL},
    {"not owner of a sequence", PRELUDE "SET ROLE u;\nALTER SEQUENCE t_id_seq RESTART;",
     "insufficient-privilege", "must be owner of sequence t_id_seq", 4, NULL, NULL},
    {"superuser may", PRELUDE "SET ROLE u;\nRESET ROLE;\nALTER TABLE t ADD c int;", NULL, NULL, 0, NULL,
     NULL},
    {"a role the model does not know is not refused", PRELUDE "SET ROLE stranger;\nALTER TABLE t ADD c int;",
     NULL, NULL, 0, NULL, NULL},
    {"membership gives the owner's rights",
     PRELUDE
     "CREATE ROLE g;\nALTER TABLE t OWNER TO g;\nGRANT g TO u;\nSET ROLE u;\nALTER TABLE t ADD c int;",
     NULL, NULL, 0, NULL, NULL},
    {"IN ROLE gives membership",
     "CREATE ROLE g;\nCREATE ROLE u IN ROLE g;\nCREATE TABLE t ();\nALTER TABLE t OWNER TO g;\nSET ROLE "
     "u;\nALTER TABLE t ADD c int;",
     NULL, NULL, 0, NULL, NULL},
    {"revoked membership",
     PRELUDE "CREATE ROLE g;\nALTER TABLE t OWNER TO g;\nGRANT g TO u;\nREVOKE g FROM u;\nSET ROLE u;\nALTER "
             "TABLE t ADD c int;",
     "insufficient-privilege", "must be owner of table t", 8, NULL, NULL},
    {"NOINHERIT has only its own rights",
     "CREATE ROLE g;\nCREATE ROLE u NOINHERIT IN ROLE g;\nCREATE TABLE t ();\nALTER TABLE t OWNER TO g;\nSET "
     "ROLE u;\nCOMMENT ON TABLE t IS 'x';",
     "insufficient-privilege", "must be owner of table t", 6, NULL, NULL},
    {"a created SUPERUSER", "CREATE ROLE s SUPERUSER;\nCREATE TABLE t ();\nSET ROLE s;\nDROP TABLE t;", NULL,
     NULL, 0, NULL, "table public.t\n"},
    {"objects belong to their creator",
     PRELUDE "SET ROLE u;\nCREATE TABLE mine ();\nALTER TABLE mine ADD c int;", NULL, NULL, 0, "public.mine",
     NULL},
    {"rolled back SET ROLE is undone", PRELUDE "BEGIN;\nSET ROLE u;\nROLLBACK;\nALTER TABLE t ADD c int;",
     NULL, NULL, 0, NULL, NULL},
    {"SET LOCAL ROLE ends with its block",
     PRELUDE "BEGIN;\nSET LOCAL ROLE u;\nCOMMIT;\nALTER TABLE t ADD c int;", NULL, NULL, 0, NULL, NULL},
    {"SET LOCAL ROLE inside its block",
     PRELUDE "BEGIN;\nSET LOCAL ROLE u;\nALTER TABLE t ADD c int;\nCOMMIT;", "insufficient-privilege",
     "must be owner of table t", 5, NULL, NULL},
    {"session authorization and RESET ROLE",
     PRELUDE "CREATE SCHEMA s;\nCREATE TABLE s.t ();\nSET SESSION AUTHORIZATION u;\nRESET ROLE;\nDROP TABLE "
             "s.t;",
     "insufficient-privilege", "must be owner of table t", 7, NULL, NULL},
    {"public's owner is not known: its tables may be dropped", PRELUDE "SET ROLE u;\nDROP TABLE t;", NULL,
     NULL, 0, NULL, NULL},
    {"RESET SESSION AUTHORIZATION",
     PRELUDE "SET SESSION AUTHORIZATION u;\nRESET SESSION AUTHORIZATION;\nDROP "
             "TABLE t;",
     NULL, NULL, 0, NULL, "table public.t\n"},
    {"schema owner may drop",
     "CREATE ROLE u;\nCREATE SCHEMA s AUTHORIZATION u;\nCREATE TABLE s.t ();\nSET ROLE "
     "u;\nDROP TABLE s.t;",
     NULL, NULL, 0, NULL, "table s.t\n"},
    {"schema owner may drop an index of another's table",
     "CREATE ROLE u;\nCREATE SCHEMA s AUTHORIZATION u;\nCREATE TABLE s.t (a int);\nCREATE INDEX i ON s.t "
     "(a);\nSET ROLE u;\nDROP INDEX s.i;",
     NULL, NULL, 0, NULL, "index s.i"},
    {"drop someone else's table",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nCREATE TABLE s.t ();\nSET ROLE u;\nDROP "
     "TABLE s.t;",
     "insufficient-privilege", "must be owner of table t", 5, NULL, NULL},
    {"schema owner may not alter",
     "CREATE ROLE u;\nCREATE SCHEMA s AUTHORIZATION u;\nCREATE TABLE s.t ();\nSET "
     "ROLE u;\nALTER TABLE s.t ADD c int;",
     "insufficient-privilege", "must be owner of table t", 5, NULL, NULL},
    {"schema elements belong to the AUTHORIZATION role",
     "CREATE ROLE u;\nCREATE SCHEMA s AUTHORIZATION u CREATE TABLE t ();\nSET ROLE u;\nALTER TABLE s.t ADD c "
     "int;",
     NULL, NULL, 0, NULL, NULL},
    {"AUTHORIZATION CURRENT_ROLE names the schema",
     "CREATE ROLE u;\nSET ROLE u;\nCREATE SCHEMA AUTHORIZATION "
     "CURRENT_ROLE;\nCREATE TABLE u.t ();",
     NULL, NULL, 0, "table u.t\n", NULL},
    {"policy of someone else's table",
     PRELUDE "CREATE POLICY p ON t;\nSET ROLE u;\nALTER POLICY p ON t USING "
             "(true);",
     "insufficient-privilege", "must be owner of table t", 5, NULL, NULL},
    {"drop policy of someone else's table", PRELUDE "CREATE POLICY p ON t;\nSET ROLE u;\nDROP POLICY p ON t;",
     "insufficient-privilege", "must be owner of relation t", 5, NULL, NULL},
    {"index on someone else's table", PRELUDE "SET ROLE u;\nCREATE INDEX ON t (b);", "insufficient-privilege",
     "must be owner of table t", 4, NULL, NULL},
    {"partition of someone else's table",
     "CREATE ROLE u;\nCREATE TABLE p (a int) PARTITION BY LIST (a);\nSET ROLE u;\nCREATE TABLE p1 PARTITION "
     "OF "
     "p FOR VALUES IN (1);",
     "insufficient-privilege", "must be owner of table p", 4, NULL, NULL},
    {"function of someone else",
     "CREATE ROLE u;\nCREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nSET ROLE u;\nALTER "
     "FUNCTION f(int) RENAME TO g;",
     "insufficient-privilege", "must be owner of function f", 4, NULL, NULL},
    {"comment on a domain's constraint",
     "CREATE ROLE u;\nCREATE DOMAIN d AS int CONSTRAINT c CHECK (VALUE > 0);\nSET ROLE u;\nCOMMENT ON "
     "CONSTRAINT c ON DOMAIN d IS 'x';",
     "insufficient-privilege", "must be owner of type d", 4, NULL, NULL},
    {"leakproof needs a superuser",
     "CREATE ROLE u;\nSET ROLE u;\nCREATE FUNCTION f(int) RETURNS bool LANGUAGE sql LEAKPROOF AS 'SELECT "
     "true';",
     "insufficient-privilege", "only superuser can define a leakproof function", 3, NULL, NULL},
    {"leakproof by a superuser",
     "CREATE FUNCTION f(int) RETURNS bool LANGUAGE sql LEAKPROOF AS 'SELECT true';", NULL, NULL, 0, NULL,
     NULL},
    {"a system catalog, even for a superuser", "ALTER TABLE pg_class ADD COLUMN x int;",
     "insufficient-privilege", "permission denied: \"pg_class\" is a system catalog", 1, NULL, NULL},
    {"no relation in pg_catalog", "CREATE TABLE pg_catalog.t ();", "insufficient-privilege",
     "permission denied to create \"pg_catalog.t\"", 1, NULL, NULL},
    {"DROP OWNED drops what the role owns",
     PRELUDE "SET ROLE u;\nCREATE TABLE a (x int);\nRESET ROLE;\nDROP OWNED BY u;\nCREATE TABLE a (y int);",
     NULL, NULL, 0, "table public.t\n", NULL},
    {"DROP OWNED needs CASCADE for others' dependents",
     PRELUDE
     "SET ROLE u;\nCREATE TABLE a (x int);\nRESET ROLE;\nCREATE VIEW v AS SELECT x FROM a;\nDROP OWNED "
     "BY u;",
     "dependent-objects", "", 7, NULL, NULL},
    {"DROP OWNED CASCADE",
     PRELUDE
     "SET ROLE u;\nCREATE TABLE a (x int);\nRESET ROLE;\nCREATE VIEW v AS SELECT x FROM a;\nDROP OWNED "
     "BY u CASCADE;",
     NULL, NULL, 0, NULL, "public.v"},
    {"DROP OWNED drops a policy left without roles",
     PRELUDE "CREATE POLICY p1 ON t TO u;\nDROP OWNED BY u;\nCREATE POLICY p1 ON t;", NULL, NULL, 0, NULL,
     NULL},
    {"DROP OWNED keeps a policy's other roles",
     PRELUDE "CREATE ROLE w;\nCREATE POLICY p2 ON t TO u, w;\nDROP OWNED BY u;\nCREATE POLICY p2 ON t;",
     "duplicate-object", "policy \"p2\"", 6, NULL, NULL},
    {"DROP OWNED of a role one is not",
     PRELUDE "CREATE ROLE w;\nSET SESSION AUTHORIZATION u;\nDROP OWNED BY w;", "insufficient-privilege",
     "permission denied to drop objects", 5, NULL, NULL},
    {"REASSIGN OWNED",
     PRELUDE
     "CREATE ROLE w;\nSET ROLE u;\nCREATE TABLE a ();\nRESET ROLE;\nREASSIGN OWNED BY u TO w;\nSET ROLE "
     "u;\nALTER TABLE a ADD c int;",
     "insufficient-privilege", "must be owner of table a", 9, NULL, NULL},
    {"REASSIGN OWNED of a role one is not", PRELUDE "CREATE ROLE w;\nSET ROLE u;\nREASSIGN OWNED BY w TO u;",
     "insufficient-privilege", "permission denied to reassign objects", 5, NULL, NULL},
    {"a role that owns objects cannot be dropped", PRELUDE "ALTER TABLE t OWNER TO u;\nDROP ROLE u;",
     "dependent-objects", "role \"u\" cannot be dropped", 4, NULL, NULL},
    {"a dropped role's name is free", PRELUDE "DROP ROLE u;\nCREATE ROLE u;", NULL, NULL, 0, NULL, NULL},
    {"duplicate role", "CREATE ROLE u;\nCREATE USER u;", "duplicate-object", "role \"u\" already exists", 2,
     NULL, NULL},
    {"the starting user may be created again", "CREATE ROLE postgres;\nCREATE TABLE t ();", NULL, NULL, 0,
     NULL, NULL},
    {"an identity sequence keeps its column",
     "CREATE TABLE t (a int GENERATED ALWAYS AS IDENTITY);\nALTER SEQUENCE t_a_seq OWNED BY NONE;",
     "wrong-object-type", "cannot change ownership of identity sequence", 2, NULL, NULL},
    {"index of someone else's table",
     PRELUDE "CREATE INDEX i ON t (b);\nSET ROLE u;\nALTER INDEX i RENAME TO j;", "insufficient-privilege",
     "must be owner of index i", 5, NULL, NULL},
    {"CREATE in a schema without the privilege",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nSET ROLE u;\nCREATE TABLE s.t ();", "insufficient-privilege",
     "permission denied for schema s", 4, NULL, NULL},
    {"GRANT CREATE ON SCHEMA",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nGRANT CREATE ON SCHEMA s TO u;\nSET ROLE u;\nCREATE TABLE s.t ();",
     NULL, NULL, 0, "table s.t\n", NULL},
    {"GRANT ALL ON SCHEMA to PUBLIC",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nGRANT ALL ON SCHEMA s TO PUBLIC;\nSET ROLE u;\nCREATE FUNCTION s.f() "
     "RETURNS int LANGUAGE sql AS 'SELECT 1';",
     NULL, NULL, 0, NULL, NULL},
    {"USAGE is not CREATE",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nGRANT USAGE ON SCHEMA s TO u;\nSET ROLE u;\nCREATE TYPE s.e AS ENUM "
     "('a');",
     "insufficient-privilege", "permission denied for schema s", 5, NULL, NULL},
    {"REVOKE CREATE ON SCHEMA",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nGRANT ALL ON SCHEMA s TO u;\nREVOKE CREATE ON SCHEMA s FROM u;\nSET "
     "ROLE u;\nCREATE VIEW s.v AS SELECT 1 AS x;",
     "insufficient-privilege", "permission denied for schema s", 6, NULL, NULL},
    {"the first usable schema of the path",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nGRANT USAGE ON SCHEMA s TO u;\nSET search_path = s, public;\nSET "
     "ROLE "
     "u;\nCREATE TABLE t ();",
     "insufficient-privilege", "permission denied for schema s", 6, NULL, NULL},
    {"a member of a grantee",
     "CREATE ROLE g;\nCREATE ROLE u IN ROLE g;\nCREATE SCHEMA s;\nGRANT CREATE ON SCHEMA s TO g;\nSET ROLE "
     "u;\nCREATE SEQUENCE s.q;",
     NULL, NULL, 0, NULL, NULL},
    {"SET SCHEMA needs CREATE on the new schema",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nSET ROLE u;\nCREATE TABLE t ();\nALTER TABLE t SET SCHEMA s;",
     "insufficient-privilege", "permission denied for schema s", 5, NULL, NULL},
    {"a role with privileges cannot be dropped",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nGRANT CREATE ON SCHEMA s TO u;\nDROP ROLE u;", "dependent-objects",
     "role \"u\" cannot be dropped", 4, NULL, NULL},
    {"DROP OWNED revokes its privileges",
     "CREATE ROLE u;\nCREATE SCHEMA s;\nGRANT CREATE ON SCHEMA s TO u;\nDROP OWNED BY u;\nDROP ROLE u;", NULL,
     NULL, 0, NULL, NULL},
    {"a schema the model did not see made is not checked",
     "CREATE ROLE u;\nSET ROLE u;\nCREATE TABLE public.t ();\nCREATE TABLE elsewhere.t ();",
     "undefined-schema", "schema \"elsewhere\" does not exist", 4, NULL, NULL},
    {"a renamed role keeps its objects",
     PRELUDE "ALTER TABLE t OWNER TO u;\nALTER ROLE u RENAME TO v;\nSET ROLE v;\nALTER TABLE t ADD c int;",
     NULL, NULL, 0, NULL, NULL},
};

static void test_role_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(role_cases); i++) {
		const RoleCase *c = &role_cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, "postgres");
		const Diag *d = replayed_first_error(&r);
		bool ok = true;
		if (!c->rule)
			ok = d == NULL;
		else
			ok = d && !strcmp(d->rule, c->rule) && strstr(d->message, c->message) &&
			     d->line == c->line;
		if (ok && c->has)
			ok = strstr(r.text, c->has) != NULL;
		if (ok && c->has_not)
			ok = strstr(r.text, c->has_not) == NULL;
		if (!ok) {
			fprintf(stderr, "case \"%s\" failed:\n", c->name);
			replayed_print_errors(&r);
			fprintf(stderr, "%s\n", r.text);
		}
		replayed_free(&r);
		failed += !ok;
	}
	assert_int_equal(failed, 0);
}

typedef struct PrivCase {
	const char *member, *role;
	bool expect;
} PrivCase;

/* has_privs_of_role over: a (inherit) in b; b in c; n (noinherit) in c; s superuser; x in unknown q. */
static void test_has_privs(void **state)
{
	(void)state;
	Catalog *cat = catalog_new();
	CatRole *a = cat_role_add(cat, "a"), *b = cat_role_add(cat, "b"), *n = cat_role_add(cat, "n");
	CatRole *x = cat_role_add(cat, "x");
	cat_role_add(cat, "c");
	cat_role_add(cat, "s")->superuser = true;
	cat_role_grant(cat, a, "b");
	cat_role_grant(cat, b, "c");
	n->inherit = false;
	cat_role_grant(cat, n, "c");
	cat_role_grant(cat, x, "q");
	static const PrivCase cases[] = {
	    {"a", "a", true},  {"a", "b", true},  {"a", "c", true},  {"b", "a", false},
	    {"c", "a", false}, {"n", "c", false}, {"s", "a", true},  {"x", "c", true},
	    {"a", "zz", true}, {"zz", "a", true}, {"a", "s", false}, {"b", "n", false},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		bool got = cat_role_has_privs(cat, cases[i].member, cases[i].role);
		if (got != cases[i].expect)
			fprintf(stderr, "has_privs(%s, %s) = %d\n", cases[i].member, cases[i].role, got);
		assert_int_equal(got, cases[i].expect);
	}
	/* a clone keeps roles and memberships; removing a role removes memberships in it */
	Catalog *copy = catalog_clone(cat);
	assert_non_null(copy);
	cat_role_remove(cat, "b");
	assert_null(cat_role_find(cat, "b"));
	assert_false(cat_role_has_privs(cat, "a", "c"));
	assert_true(cat_role_has_privs(copy, "a", "c"));
	assert_int_equal(catalog_restore(cat, copy), 0);
	assert_true(cat_role_has_privs(cat, "a", "c"));
	catalog_free(copy);
	catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_role_cases),
	    cmocka_unit_test(test_has_privs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
