/* test_import.c — the parts of `strata import` and of other tools' history tables that need no database
 * and no Python: the import marker and warning lines, file name slugs, which tables are left alone
 * (analysis/ignore.h), Supabase detection, and matching another tool's history rows to migrations
 * (db/foreign_history.h: versions, "everything up to", Flyway undo rows, Django and Alembic markers with
 * Alembic ancestors). */
#include "unit.h"
#include "analysis/ignore.h"
#include "analysis/platform.h"
#include "db/foreign_history.h"
#include "project/import_common.h"
#include "project/import_marker.h"

/* the case tables below leave trailing fields zero on purpose */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* ---- markers ------------------------------------------------------------------------------------------- */

typedef struct MarkerCase {
	const char *text, *tool;
	bool found;
	const char *key, *value; /* one field to read back */
	int line;
} MarkerCase;

static const MarkerCase marker_cases[] = {
    {"-- strata:import django app=shop name=0001_initial scope=tenant\nCREATE TABLE t (a int);\n", "django",
     true, "name", "0001_initial", 1},
    {"-- migrate:up\n-- strata:import django app=a name=b\nSELECT 1;\n", "django", true, "app", "a", 2},
    {"\n\n-- strata:import alembic revision=ae10 down=1975,27c6\n", "alembic", true, "down", "1975,27c6", 3},
    {"-- strata:import alembic revision=ae10\n", "django", false, NULL, NULL, 0},    /* another tool's */
    {"-- strata:import alembic revision=ae10\n", NULL, true, "revision", "ae10", 1}, /* any tool */
    /* only above the first statement: a marker further down is text, not the file's origin */
    {"CREATE TABLE t (a int);\n-- strata:import django app=a name=b\n", "django", false, NULL, NULL, 0},
    {"-- strata:import django app=a name=b junk sha256=\n", "django", true, "sha256", "", 1},
    {"", "django", false, NULL, NULL, 0},
};

static void test_marker_find(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(marker_cases); i++) {
		const MarkerCase *c = &marker_cases[i];
		ImportMarker m;
		bool found = import_marker_find(c->text, c->tool, &m);
		if (found != c->found)
			fail_msg("case %zu: found %d, want %d", i, found, c->found);
		if (found) {
			const char *v = import_marker_get(&m, c->key);
			if (!v || strcmp(v, c->value))
				fail_msg("case %zu: %s=%s, want %s", i, c->key, v ? v : "(none)", c->value);
			assert_int_equal(m.line, c->line);
			import_marker_release(&m);
		}
	}
}

static void test_marker_round_trip(void **state)
{
	(void)state;
	StrBuf sb = STRBUF_INIT;
	const char *keys[] = {"app", "name", "skipped", "sha256"};
	const char *vals[] = {"shop", "0002_x", NULL, "abc"};
	import_marker_write(&sb, "django", keys, vals, 4);
	assert_string_equal(sb_str(&sb), "-- strata:import django app=shop name=0002_x sha256=abc\n");
	sb_append(&sb, "SELECT 1;\n");
	ImportMarker m;
	assert_true(import_marker_find(sb_str(&sb), "django", &m));
	assert_string_equal(import_marker_get(&m, "app"), "shop");
	assert_null(import_marker_get(&m, "skipped"));
	import_marker_release(&m);
	sb_release(&sb);
}

static void test_warning_lines(void **state)
{
	(void)state;
	const char *text = "-- migrate:up\n"
	                   "-- strata:warning python-operation shop.0003 has RunPython(fill)\n"
	                   "SELECT 1;\n"
	                   "  -- strata:warning other second one  \n";
	size_t pos = 0;
	char *rule, *msg;
	int line;
	assert_true(import_warning_next(text, &pos, &rule, &msg, &line));
	assert_string_equal(rule, "python-operation");
	assert_string_equal(msg, "shop.0003 has RunPython(fill)");
	assert_int_equal(line, 2);
	free(rule), free(msg);
	assert_true(import_warning_next(text, &pos, &rule, &msg, &line));
	assert_string_equal(rule, "other");
	assert_string_equal(msg, "second one");
	assert_int_equal(line, 4);
	free(rule), free(msg);
	assert_false(import_warning_next(text, &pos, &rule, &msg, &line));
}

static void test_slug(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
	    {"merge tags and created_at", "merge_tags_and_created_at"},
	    {"Add  'posts' (v2)!", "add_posts_v2"},
	    {"", "migration"},
	    {"---", "migration"},
	    {"Ärger", "rger"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *s = import_slug(cases[i][0]);
		if (strcmp(s, cases[i][1]))
			fail_msg("slug(%s) = %s, want %s", cases[i][0], s, cases[i][1]);
		free(s);
	}
	char *v = import_slug("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_int_equal(strlen(v), 60);
	free(v);
}

/* ---- tables left alone ------------------------------------------------------------------------------ */

typedef struct IgnoreCase {
	const char *extra; /* --ignore list, or NULL */
	bool no_defaults;
	const char *schema, *table;
	const char *want; /* reason, or NULL */
} IgnoreCase;

static const IgnoreCase ignore_cases[] = {
    {NULL, false, "public", "django_migrations", "Django"},
    {NULL, false, "acme", "django_migrations", "Django"}, /* every tenant schema has one */
    {NULL, false, "public", "alembic_version", "Alembic"},
    {NULL, false, "public", "schema_migrations", "dbmate or golang-migrate"},
    {NULL, false, "public", "goose_db_version", "goose"},
    {NULL, false, "public", "flyway_schema_history", "Flyway"},
    {NULL, false, "public", "_prisma_migrations", "Prisma"},
    {NULL, false, "public", "__diesel_schema_migrations", "diesel"},
    {NULL, false, "public", "changes", NULL}, /* sqitch's table name, but not in its registry schema */
    {NULL, false, "public", "users", NULL},
    {NULL, true, "public", "django_migrations", NULL},
    {"audit_log", false, "public", "audit_log", "--ignore"},
    {"audit_log", false, "acme", "audit_log", "--ignore"},
    {"public.audit_log, legacy.x", false, "acme", "audit_log", NULL},
    {"public.audit_log, legacy.x", false, "legacy", "x", "--ignore"},
    {"public.audit_log", false, NULL, "audit_log", NULL},
};

static void test_ignore_tables(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ignore_cases); i++) {
		const IgnoreCase *c = &ignore_cases[i];
		IgnoreList ig;
		ignore_init(&ig);
		ig.no_defaults = c->no_defaults;
		if (c->extra)
			ignore_add(&ig, c->extra);
		const char *why = ignore_table_reason(&ig, c->schema, c->table);
		if ((why == NULL) != (c->want == NULL) || (why && strcmp(why, c->want)))
			fail_msg("case %zu (%s.%s): %s, want %s", i, c->schema ? c->schema : "", c->table,
			         why ? why : "(kept)", c->want ? c->want : "(kept)");
		ignore_release(&ig);
	}
	IgnoreList ig;
	ignore_init(&ig);
	assert_string_equal(ignore_schema_reason(&ig, "sqitch"), "sqitch");
	assert_string_equal(ignore_schema_reason(&ig, "supabase_migrations"), "Supabase");
	assert_null(ignore_schema_reason(&ig, "public"));
	ignore_release(&ig);
}

/* A catalog with tables in two schemas: what ignore_apply drops, and the one note. */
static void test_ignore_apply(void **state)
{
	(void)state;
	Catalog *cat = catalog_new();
	const char *schemas[] = {"public", "acme", "sqitch"};
	for (size_t i = 0; i < 3; i++)
		if (!catalog_find_schema(cat, schemas[i]))
			(void)catalog_add(cat, OBJ_SCHEMA, NULL, schemas[i], NULL, NULL);
	const char *tables[][2] = {{"public", "django_migrations"},
	                           {"acme", "django_migrations"},
	                           {"public", "users"},
	                           {"acme", "notes"},
	                           {"sqitch", "changes"},
	                           {"public", "audit"}};
	for (size_t i = 0; i < ARRAY_LEN(tables); i++)
		(void)catalog_add(cat, OBJ_TABLE, tables[i][0], tables[i][1], NULL, NULL);
	IgnoreList ig;
	ignore_init(&ig);
	ignore_add(&ig, "audit");
	/* one tenant schema only: the others stay */
	assert_int_equal(ignore_apply_in(&ig, cat, "acme"), 1);
	assert_null(catalog_find_table(cat, "acme", "django_migrations"));
	assert_non_null(catalog_find_table(cat, "public", "django_migrations"));
	assert_int_equal(ignore_apply(&ig, cat),
	                 4); /* public.django_migrations, public.audit, sqitch and its table */
	assert_null(catalog_find_table(cat, "public", "django_migrations"));
	assert_null(catalog_find_table(cat, "sqitch", "changes"));
	assert_non_null(catalog_find_table(cat, "public", "users"));
	assert_non_null(catalog_find_table(cat, "acme", "notes"));
	StrBuf note = STRBUF_INIT;
	ignore_note(&ig, &note);
	assert_string_equal(sb_str(&note),
	                    "left out tables that are not the application's: django_migrations "
	                    "(Django's history), schema sqitch (sqitch's history), audit "
	                    "(--ignore); --ignore TABLE adds to the list");
	sb_release(&note);
	ignore_release(&ig);
	catalog_free(cat);
}

/* ---- platforms ----------------------------------------------------------------------------------------- */

static void test_platform_detect(void **state)
{
	(void)state;
	assert_int_equal(platform_detect("supabase/migrations", NULL), PLATFORM_SUPABASE);
	assert_int_equal(platform_detect("/srv/app/supabase/migrations/", NULL), PLATFORM_SUPABASE);
	assert_int_equal(platform_detect("db/migrations", NULL), PLATFORM_NONE);
	assert_int_equal(platform_detect("migrations", NULL), PLATFORM_NONE);
	assert_int_equal(platform_detect("db/migrations", "supabase"), PLATFORM_SUPABASE);
	assert_int_equal(platform_detect("supabase/migrations", "none"), PLATFORM_NONE);
	assert_int_equal(platform_from_name("heroku"), PLATFORM__BAD);
	assert_non_null(strstr(platform_prereq_sql(PLATFORM_SUPABASE), "FUNCTION auth.uid()"));
	assert_null(platform_prereq_sql(PLATFORM_NONE));
}

/* ---- another tool's rows → migrations ---------------------------------------------------------------- */

typedef struct MFile {
	const char *version, *name, *sql; /* sql: the up text (markers), or NULL for "SELECT 1;" */
	MigKind kind;
	const char *path;
} MFile;

typedef struct MatchCase {
	const char *label;
	ForeignTool tool;
	MigFormat fmt;
	MFile files[6];
	ForeignRow rows[6];
	const char *want; /* per file: 'A' applied, 'F' applied but unfinished, '.' not applied */
	size_t unmatched;
} MatchCase;

#define DJ(app, name) "-- strata:import django app=" app " name=" name "\nSELECT 1;\n"
#define AL(rev, down) "-- strata:import alembic revision=" rev " down=" down "\nSELECT 1;\n"

static const MatchCase match_cases[] = {
    {"dbmate: by version",
     FT_DBMATE,
     FMT_DBMATE,
     {{"20240101000000", "a"}, {"20240102000000", "b"}, {"20240103000000", "c"}},
     {{"20240101000000"}, {"20240103000000"}},
     "A.A",
     0},
    {"dbmate: a row no file stands for",
     FT_DBMATE,
     FMT_DBMATE,
     {{"1", "a"}, {"2", "b"}},
     {{"1"}, {"7"}},
     "A.",
     1},
    {"golang-migrate: one row means everything up to it",
     FT_GOLANG_MIGRATE,
     FMT_GOLANG_MIGRATE,
     {{"1", "a"}, {"2", "b"}, {"10", "c"}, {"11", "d"}},
     {{.key = "10", .upto = true, .failed = false}},
     "AAA.",
     0},
    {"golang-migrate: dirty",
     FT_GOLANG_MIGRATE,
     FMT_GOLANG_MIGRATE,
     {{"1", "a"}, {"2", "b"}, {"3", "c"}},
     {{.key = "2", .upto = true, .failed = true}},
     "AF.",
     0},
    {"goose: leading zeros in file names",
     FT_GOOSE,
     FMT_GOOSE,
     {{"00001", "a"}, {"00002", "b"}, {"00003", "c"}},
     {{"1"}, {"2"}},
     "AA.",
     0},
    {"flyway: dotted versions, a baseline row, a repeatable",
     FT_FLYWAY,
     FMT_FLYWAY,
     {{"1", "init"},
      {"1_1", "x"},
      {"2", "y"},
      {"3", "z"},
      {"", "views", NULL, MIG_REPEATABLE, "db/R__views.sql"}},
     {{.key = "1.1", .upto = true, .failed = false}, {"2"}, {"R__views.sql"}},
     "AAA.A",
     0},
    {"prisma: the folder name",
     FT_PRISMA,
     FMT_PRISMA,
     {{"20230101000000", "init", NULL, MIG_VERSIONED, "p/20230101000000_init/migration.sql"},
      {"20230102000000", "users", NULL, MIG_VERSIONED, "p/20230102000000_users/migration.sql"}},
     {{"20230101000000_init"}, {.key = "20230102000000_users", .upto = false, .failed = true}},
     "AF",
     0},
    {"sqitch: the change name",
     FT_SQITCH,
     FMT_PLAIN,
     {{"1", "appschema"}, {"2", "users"}, {"3", "flips"}},
     {{"appschema"}, {"users"}},
     "AA.",
     0},
    {"django: the import marker",
     FT_DJANGO,
     FMT_DBMATE,
     {{"0001", "a", DJ("customers", "0001_initial")},
      {"0002", "b", DJ("shop", "0001_initial")},
      {"0003", "c", DJ("shop", "0002_sku")}},
     {{"customers.0001_initial"}, {"shop.0001_initial"}, {"notes.0001_initial"}},
     "AA.",
     1},
    {"alembic: heads and every ancestor, across a merge",
     FT_ALEMBIC,
     FMT_GOLANG_MIGRATE,
     {{"0001", "a", AL("r1", "base")},
      {"0002", "b", AL("r2", "r1")},
      {"0003", "c", AL("r3", "r2")},
      {"0004", "d", AL("r4", "r2")},
      {"0005", "e", AL("r5", "r3,r4")},
      {"0006", "f", AL("r6", "r5")}},
     {{.key = "r5", .upto = true, .failed = false}},
     "AAAAA.",
     0},
    {"alembic: two heads of unmerged branches",
     FT_ALEMBIC,
     FMT_GOLANG_MIGRATE,
     {{"0001", "a", AL("r1", "base")},
      {"0002", "b", AL("r2", "r1")},
      {"0003", "c", AL("r3", "r2")},
      {"0004", "d", AL("r4", "r2")},
      {"0005", "e", AL("r5", "r3,r4")}},
     {{.key = "r3", .upto = true, .failed = false}, {.key = "r4", .upto = true, .failed = false}},
     "AAAA.",
     0},
};

static void test_foreign_match(void **state)
{
	(void)state;
	for (size_t k = 0; k < ARRAY_LEN(match_cases); k++) {
		const MatchCase *c = &match_cases[k];
		MigrationSet set = {0};
		set.dir = "db";
		set.format = c->fmt;
		Migration items[6] = {0};
		size_t n = 0;
		for (; n < 6 && c->files[n].version; n++) {
			Migration *m = &items[n];
			m->version = (char *)c->files[n].version;
			m->name = (char *)c->files[n].name;
			m->kind = c->files[n].kind;
			m->format = c->fmt;
			m->up_sql = (char *)(c->files[n].sql ? c->files[n].sql : "SELECT 1;\n");
			m->up_path = (char *)(c->files[n].path ? c->files[n].path : "db/x.sql");
		}
		set.items = items;
		set.n = n;
		ForeignHistory fh = {0};
		fh.tool = c->tool;
		fh.table = "t";
		fh.exists = true;
		fh.rows = (ForeignRow *)c->rows;
		while (fh.n < 6 && c->rows[fh.n].key)
			fh.n++;
		bool applied[6], failed[6];
		DiagList dl = DIAGLIST_INIT;
		size_t un = foreign_history_match(&fh, &set, applied, failed, false, &dl);
		char got[7] = {0};
		for (size_t i = 0; i < n; i++)
			got[i] = failed[i] ? 'F' : applied[i] ? 'A' : '.';
		if (strcmp(got, c->want) || un != c->unmatched)
			fail_msg("%s: %s (%zu unmatched), want %s (%zu)", c->label, got, un, c->want,
			         c->unmatched);
		assert_int_equal(dl.n, un); /* one warning per unmatched row */
		diag_list_release(&dl);
	}
}

/* Flyway's history as rows are read: an undo row takes a version back out. */
static void test_flyway_rows_as_status(void **state)
{
	(void)state;
	Migration items[2] = {0};
	items[0].version = "1", items[0].name = "a", items[0].up_sql = "SELECT 1;",
	items[0].up_path = "V1__a.sql";
	items[1].version = "2", items[1].name = "b", items[1].up_sql = "SELECT 2;",
	items[1].up_path = "V2__b.sql";
	items[0].format = items[1].format = FMT_FLYWAY;
	MigrationSet set = {"db", FMT_FLYWAY, items, 2};
	ForeignRow rows[] = {{"1", "2024-01-01 00:00:00", false, false}, {"9", NULL, false, false}};
	ForeignHistory fh = {FT_FLYWAY, "t", true, rows, 2};
	HistoryRows hr;
	foreign_history_rows(&fh, &set, &hr);
	assert_int_equal(hr.n, 2); /* version 1 applied, 9 a missing file */
	assert_string_equal(hr.items[0].version, "1");
	assert_string_equal(hr.items[0].mode, "flyway");
	assert_true(hr.items[0].success);
	assert_string_equal(hr.items[1].version, "9");
	assert_string_equal(hr.items[1].checksum, "");
	history_rows_free(&hr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_marker_find),           cmocka_unit_test(test_marker_round_trip),
	    cmocka_unit_test(test_warning_lines),         cmocka_unit_test(test_slug),
	    cmocka_unit_test(test_ignore_tables),         cmocka_unit_test(test_ignore_apply),
	    cmocka_unit_test(test_platform_detect),       cmocka_unit_test(test_foreign_match),
	    cmocka_unit_test(test_flyway_rows_as_status),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
