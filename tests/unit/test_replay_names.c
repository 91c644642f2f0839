/* test_replay_names.c — statements that name objects without creating them: what well-known extensions make
 * (catalog/extensions.h: pg_cron's `cron` schema and tables, PostGIS's `spatial_ref_sys`, ...) exists once
 * the extension does, in a replay and in a catalog read from a server; and GRANT / REVOKE / ALTER DEFAULT
 * PRIVILEGES name objects that must exist, of the right kind (aclchk.c: objectNamesToOids,
 * ExecGrant_Relation, ExecGrant_Type). Each case is a history with the error PostgreSQL raises (rule,
 * message, line) or none. */
#include "unit.h"
#include "replay_util.h"
#include "analysis/compare.h"
#include "catalog/extensions.h"

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
};

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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
