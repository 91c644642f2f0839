/* test_replay_names.c — statements that name objects without creating them: what well-known extensions make
 * (catalog/extensions.h: pg_cron's `cron` schema and tables, PostGIS's `spatial_ref_sys`, ...) exists once
 * the extension does, in a replay and in a catalog read from a server; and GRANT / REVOKE / ALTER DEFAULT
 * PRIVILEGES name objects that must exist, of the right kind (aclchk.c: objectNamesToOids,
 * ExecGrant_Relation, ExecGrant_Type); and a literal names a label of the enum it becomes (enum_in), one
 * committed already (check_safe_enum_use). Each case is a history with the error PostgreSQL raises (rule,
 * message, line) or none. */
#include "unit.h"
#include "replay_util.h"
#include "analysis/compare.h"
#include "catalog/extensions.h"
#include "project/migration.h"

typedef struct NameCase {
	const char *name;
	const char *sql;
	const char *rule;    /* expected first error's rule, NULL: no error at all */
	const char *message; /* substring of its message */
	int line;
} NameCase;

static const NameCase cases[] = {
    /* ---- what extensions make */
    {"pg_cron's schema and job table",
     "CREATE EXTENSION pg_cron;\nSELECT cron.schedule('n', '* * * * *', 'SELECT 1');\nCREATE TABLE j (id "
     "bigint REFERENCES cron.job (jobid));\nCOMMENT ON TABLE cron.job IS 'x';",
     NULL, NULL, 0},
    {"without the extension, cron does not exist", "CREATE TABLE j (id bigint REFERENCES cron.job (jobid));",
     "undefined-schema", "schema \"cron\" does not exist", 1},
    {"PostGIS's spatial_ref_sys in the extension's schema",
     "CREATE SCHEMA gis;\nCREATE EXTENSION postgis SCHEMA gis;\nCREATE VIEW v AS SELECT srid FROM "
     "gis.spatial_ref_sys;",
     NULL, NULL, 0},
    {"an extension member schema cannot be dropped alone", "CREATE EXTENSION pg_cron;\nDROP SCHEMA cron;",
     "dependent-objects", "cannot drop schema cron because extension pg_cron requires it", 2},
    {"it goes with the extension",
     "CREATE EXTENSION pg_cron;\nDROP EXTENSION pg_cron;\nCREATE TABLE j (id bigint REFERENCES cron.job "
     "(jobid));",
     "undefined-schema", "schema \"cron\" does not exist", 3},
    {"vault and net",
     "CREATE EXTENSION supabase_vault;\nCREATE EXTENSION pg_net;\nCREATE VIEW v AS SELECT "
     "name FROM vault.decrypted_secrets;\nCREATE TABLE q (LIKE net.http_request_queue);",
     NULL, NULL, 0},
    {"an unknown extension makes nothing the model knows",
     "CREATE EXTENSION foo;\nCREATE VIEW v AS SELECT "
     "1 FROM foo_table;",
     "undefined-relation", "relation \"foo_table\" does not exist", 2},
    /* ---- GRANT / REVOKE name objects that exist, of the kind named */
    {"grants on what exists",
     "CREATE TABLE t (a int);\nCREATE SEQUENCE s;\nCREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS "
     "'SELECT "
     "1';\nCREATE TYPE e AS ENUM ('x');\nCREATE DOMAIN d AS int;\nCREATE SCHEMA sc;\nGRANT SELECT, INSERT "
     "(a) ON t TO PUBLIC;\nGRANT USAGE ON SEQUENCE s TO PUBLIC;\nGRANT USAGE, SELECT ON s TO PUBLIC;\nGRANT "
     "EXECUTE ON FUNCTION f(int) TO PUBLIC;\nGRANT ALL ON FUNCTION f TO PUBLIC;\nGRANT USAGE ON TYPE e TO "
     "PUBLIC;\nGRANT USAGE ON DOMAIN d TO PUBLIC;\nGRANT ALL ON SCHEMA sc TO PUBLIC;\nGRANT SELECT ON ALL "
     "TABLES IN SCHEMA sc TO PUBLIC;\nREVOKE ALL ON t FROM PUBLIC;\nGRANT SELECT ON pg_class TO "
     "PUBLIC;\nGRANT EXECUTE ON FUNCTION now() TO PUBLIC;\nALTER DEFAULT PRIVILEGES IN SCHEMA sc GRANT "
     "SELECT ON TABLES TO PUBLIC;\nGRANT CONNECT ON DATABASE postgres TO PUBLIC;",
     NULL, NULL, 0},
    {"GRANT on a table that does not exist", "GRANT SELECT ON nosuch TO PUBLIC;", "undefined-relation",
     "relation \"nosuch\" does not exist", 1},
    {"... created later", "GRANT SELECT ON t TO PUBLIC;\nCREATE TABLE t (a int);", "undefined-relation",
     "relation \"t\" does not exist", 1},
    {"GRANT on a column that does not exist", "CREATE TABLE t (a int);\nGRANT SELECT (b) ON t TO PUBLIC;",
     "undefined-column", "column \"b\" of relation \"t\" does not exist", 2},
    {"GRANT EXECUTE on a signature that is not there",
     "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nGRANT EXECUTE ON FUNCTION f(text) TO "
     "PUBLIC;",
     "undefined-function", "function f(text) does not exist", 2},
    {"GRANT on an overloaded name without arguments",
     "CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'SELECT 1';\nCREATE FUNCTION f(text) RETURNS int "
     "LANGUAGE sql AS 'SELECT 1';\nGRANT EXECUTE ON FUNCTION f TO PUBLIC;",
     "ambiguous-function", "function name \"f\" is not unique", 3},
    {"GRANT ON FUNCTION of a procedure",
     "CREATE PROCEDURE p() LANGUAGE sql AS '';\nGRANT EXECUTE ON FUNCTION p() "
     "TO PUBLIC;",
     "wrong-object-type", "p() is not a function", 2},
    {"GRANT ON SEQUENCE of a table", "CREATE TABLE t (a int);\nGRANT USAGE ON SEQUENCE t TO PUBLIC;",
     "wrong-object-type", "\"t\" is not a sequence", 2},
    {"GRANT on an index", "CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nGRANT SELECT ON i TO PUBLIC;",
     "wrong-object-type", "\"i\" is an index", 3},
    {"GRANT on a composite type as a table", "CREATE TYPE c AS (a int);\nGRANT SELECT ON c TO PUBLIC;",
     "wrong-object-type", "\"c\" is a composite type", 2},
    {"GRANT ON DOMAIN of an enum", "CREATE TYPE e AS ENUM ('x');\nGRANT USAGE ON DOMAIN e TO PUBLIC;",
     "wrong-object-type", "\"e\" is not a domain", 2},
    {"GRANT ON TYPE that does not exist", "GRANT USAGE ON TYPE nosuch TO PUBLIC;", "undefined-type",
     "type \"nosuch\" does not exist", 1},
    {"GRANT ON SCHEMA that does not exist", "GRANT USAGE ON SCHEMA nosch TO PUBLIC;", "undefined-schema",
     "schema \"nosch\" does not exist", 1},
    {"ALL TABLES IN a schema that does not exist", "GRANT SELECT ON ALL TABLES IN SCHEMA nosch TO PUBLIC;",
     "undefined-schema", "schema \"nosch\" does not exist", 1},
    {"a privilege a table does not have", "CREATE TABLE t (a int);\nGRANT EXECUTE ON t TO PUBLIC;",
     "invalid-grant-operation", "invalid privilege type EXECUTE for relation", 2},
    {"USAGE is a sequence's", "CREATE TABLE t (a int);\nGRANT USAGE ON t TO PUBLIC;",
     "invalid-grant-operation", "invalid privilege type USAGE for table", 2},
    {"a column privilege a column does not have", "CREATE TABLE t (a int);\nGRANT DELETE (a) ON t TO PUBLIC;",
     "invalid-grant-operation", "invalid privilege type DELETE for column", 2},
    {"grant options are for roles", "CREATE TABLE t (a int);\nGRANT SELECT ON t TO PUBLIC WITH GRANT OPTION;",
     "invalid-grant-operation", "grant options can only be granted to roles", 2},
    {"default privileges in a schema that does not exist",
     "ALTER DEFAULT PRIVILEGES IN SCHEMA nosch GRANT SELECT ON TABLES TO PUBLIC;", "undefined-schema",
     "schema \"nosch\" does not exist", 1},
    {"default privileges for columns", "ALTER DEFAULT PRIVILEGES GRANT SELECT (a) ON TABLES TO PUBLIC;",
     "invalid-grant-operation", "default privileges cannot be set for columns", 1},
    /* ---- enum labels named by literals */
    {"a default that is not a label", "CREATE TYPE s AS ENUM ('a');\nCREATE TABLE t (x s DEFAULT 'zzz');",
     "undefined-enum-value", "invalid input value for enum s: \"zzz\"", 2},
    {"... through a domain",
     "CREATE TYPE s AS ENUM ('a');\nCREATE DOMAIN d AS s;\nCREATE TABLE t (x d "
     "DEFAULT 'b');",
     "undefined-enum-value", "invalid input value for enum s: \"b\"", 3},
    {"a cast in a view", "CREATE TYPE s AS ENUM ('a');\nCREATE VIEW v AS SELECT 'b'::s AS c;",
     "undefined-enum-value", "invalid input value for enum s: \"b\"", 2},
    {"a comparison in a CHECK", "CREATE TYPE s AS ENUM ('a');\nCREATE TABLE t (x s CHECK (x <> 'q'));",
     "undefined-enum-value", "invalid input value for enum s: \"q\"", 2},
    {"labels that exist",
     "CREATE TYPE s AS ENUM ('a', 'b');\nCREATE TABLE t (x s DEFAULT 'a' CHECK (x IN "
     "('a', 'b')), y s[] DEFAULT '{a}');\nCREATE VIEW v AS SELECT 'b'::s AS c;",
     NULL, NULL, 0},
    {"a value added in the same transaction",
     "CREATE TYPE s AS ENUM ('a');\nCREATE TABLE t (x s);\nALTER "
     "TYPE s ADD VALUE 'b';\nALTER TABLE t ALTER x SET DEFAULT 'b';",
     "unsafe-new-enum-value", "unsafe use of new value \"b\" of enum type s", 4},
    {"... in an index predicate",
     "CREATE TYPE s AS ENUM ('a');\nCREATE TABLE t (x s);\nALTER TYPE s ADD "
     "VALUE 'c' BEFORE 'a';\nCREATE INDEX ON t (x) WHERE x = 'c';",
     "unsafe-new-enum-value", "unsafe use of new value \"c\" of enum type s", 4},
    {"... committed first",
     "CREATE TYPE s AS ENUM ('a');\nBEGIN;\nALTER TYPE s ADD VALUE 'b';\nCOMMIT;\nCREATE "
     "TABLE t (x s DEFAULT 'b');",
     NULL, NULL, 0},
    {"... rolled back: gone",
     "CREATE TYPE s AS ENUM ('a');\nBEGIN;\nALTER TYPE s ADD VALUE 'b';\nROLLBACK;\nCREATE "
     "TABLE t (x s DEFAULT 'b');",
     "undefined-enum-value", "invalid input value for enum s: \"b\"", 5},
    {"labels of a type created in the same transaction are safe",
     "CREATE TYPE s AS ENUM ('a', 'b');\nCREATE TABLE t (x s DEFAULT 'b');", NULL, NULL, 0},
    {"the model cannot know a foreign table's grants",
     "CREATE EXTENSION postgres_fdw;\nCREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw;\nCREATE FOREIGN "
     "TABLE ft (a int) SERVER s;\nGRANT SELECT ON ft TO PUBLIC;",
     NULL, NULL, 0},
};

/* A migration that runs outside a transaction (a no-transaction flag, as goose's NO TRANSACTION) commits
 * each statement: the value it added is usable by the next one; the same text in one transaction is not. */
static void test_enum_value_autocommit(void **state)
{
	(void)state;
	static const char *const sql =
	    "CREATE TYPE s AS ENUM ('a');\nCREATE TABLE t (x s);\nALTER TYPE s ADD VALUE "
	    "'b';\nALTER TABLE t ALTER x SET DEFAULT 'b';\n";
	for (int notx = 0; notx < 2; notx++) {
		Migration m;
		memset(&m, 0, sizeof m);
		m.version = (char *)"0001";
		m.name = (char *)"enum";
		m.up_sql = (char *)sql;
		m.up_path = (char *)"0001_enum.sql";
		m.format = FMT_PLAIN;
		m.no_transaction = notx;
		MigrationSet set = {0};
		set.items = &m;
		set.n = 1;
		Catalog *cat = catalog_new();
		DiagList dl = DIAGLIST_INIT;
		int rc = replay_migrations(cat, &set, NULL, &dl);
		assert_int_equal(rc, notx ? 0 : -1);
		if (!notx)
			assert_string_equal(dl.items[0].rule, "unsafe-new-enum-value");
		diag_list_release(&dl);
		catalog_free(cat);
	}
}

static void test_name_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const NameCase *c = &cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, "postgres");
		const Diag *d = replayed_first_error(&r);
		bool ok = !c->rule ? d == NULL
		                   : d && !strcmp(d->rule, c->rule) && strstr(d->message, c->message) &&
		                         d->line == c->line;
		if (!ok) {
			fprintf(stderr, "case \"%s\" failed:\n", c->name);
			replayed_print_errors(&r);
		}
		replayed_free(&r);
		failed += !ok;
	}
	assert_int_equal(failed, 0);
}

/* A replayed pg_cron against a server's catalog: the member schema is not introspected (catalog_add_
 * extension_schemas adds it back when the extension is read), or a control-file schema is read as a plain
 * one: no difference either way, and neither dump nor diff makes the schema apart from the extension. */
static void test_extension_schemas_compare(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r, "CREATE EXTENSION pg_cron;\nCREATE TABLE t (a int);", NULL, "postgres");
	assert_int_equal(replayed_errors(&r), 0);
	assert_non_null(catalog_find_schema(r.cat, "cron"));
	assert_string_equal(catalog_schema_made_by_extension(r.cat, "cron"), "pg_cron");
	assert_null(catalog_schema_made_by_extension(r.cat, "public"));

	/* as introspection reads it: the extension, whose member schema is added back */
	Catalog *db = catalog_new();
	(void)catalog_add(db, OBJ_SCHEMA, NULL, "public", NULL, NULL);
	CatExtension *x = (CatExtension *)catalog_add(db, OBJ_EXTENSION, NULL, "pg_cron", NULL, NULL);
	x->ext_schema = "pg_catalog";
	catalog_add_extension_schemas(db, x);
	(void)catalog_add(db, OBJ_TABLE, "public", "t", NULL, NULL);
	Catalog *plain =
	    catalog_new(); /* no extension at all on that side: the schema is only in the model */
	(void)catalog_add(plain, OBJ_SCHEMA, NULL, "public", NULL, NULL);

	DiagList dl = DIAGLIST_INIT;
	CompareOptions co = {0};
	co.label_a = "model";
	co.label_b = "db";
	(void)catalog_compare(r.cat, db, &co, &dl);
	for (size_t i = 0; i < dl.n; i++)
		assert_null(strstr(dl.items[i].message, "schema \"cron\""));
	diag_list_release(&dl);
	(void)catalog_compare(r.cat, plain, &co, &dl);
	for (size_t i = 0; i < dl.n; i++)
		assert_null(strstr(dl.items[i].message, "schema \"cron\""));
	diag_list_release(&dl);

	StrBuf sb = STRBUF_INIT;
	assert_int_equal(catalog_dump_sql(r.cat, &sb, NULL), 0);
	assert_non_null(strstr(sb_str(&sb), "CREATE EXTENSION"));
	assert_null(strstr(sb_str(&sb), "CREATE SCHEMA cron"));
	sb_release(&sb);
	catalog_free(db);
	catalog_free(plain);
	replayed_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_name_cases),
	    cmocka_unit_test(test_extension_schemas_compare),
	    cmocka_unit_test(test_enum_value_autocommit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
