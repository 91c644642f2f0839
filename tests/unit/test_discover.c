/* test_discover.c — migration discovery: version order per convention, section splitting with offsets
 * kept, placeholders and their error locations, detection, duplicates, warnings, checksums. Folder-level
 * cases build throwaway folders under /tmp. */
#include "unit.h"
#include "project/discover_internal.h"
#include "project/migration.h"
#include "util/fs.h"

#include <ftw.h>
#include <unistd.h>

/* ---- version order ------------------------------------------------------------------------------------ */

typedef struct VerCase {
	MigFormat f;
	const char *a, *b;
	int want; /* sign of mig_version_cmp(a, b) */
} VerCase;

static const VerCase ver_cases[] = {
    {FMT_FLYWAY, "1_10", "1_9", 1},
    {FMT_FLYWAY, "1_9", "1_2", 1},
    {FMT_FLYWAY, "1_2", "1_10", -1},
    {FMT_FLYWAY, "2", "2.1", -1},
    {FMT_FLYWAY, "2.1", "10", -1},
    {FMT_FLYWAY, "9", "10", -1},
    {FMT_FLYWAY, "1", "1.0", 0},
    {FMT_FLYWAY, "57.1", "57_2", -1},
    {FMT_FLYWAY, "1.10", "1.2", 1},
    {FMT_GOLANG_MIGRATE, "9", "10", -1},
    {FMT_GOLANG_MIGRATE, "20150100000001000000", "20191100000001000000", -1},
    {FMT_GOLANG_MIGRATE, "99999999999999999999", "100000000000000000000", -1}, /* beyond uint64 */
    {FMT_GOLANG_MIGRATE, "1626194317", "1626194317", 0},
    {FMT_GOLANG_MIGRATE, "00", "20210710035447", -1},
    {FMT_PLAIN, "0002", "00010", -1},
    {FMT_PLAIN, "1", "0001", 0},
    {FMT_PLAIN, "0063", "00010", 1},
    {FMT_DBMATE, "20200101000000", "20191231000000", 1},
    {FMT_GOOSE, "2", "10", -1},
    {FMT_DIESEL, "2017-08-31-230457", "20170102131034", 1},
    {FMT_DIESEL, "2017-09-23-182408", "20170923182407", 1},
    {FMT_DIESEL, "2016-12-31-000000", "20170102131034", -1},
    {FMT_DIESEL, "2026-05-27-120000-0000", "20260527120000", 1},
    {FMT_DIESEL, "00000000000000", "20140924113530", -1},
    {FMT_DIESEL, "2019-11-15-182353", "20191115182353", 0},
    {FMT_TEMPORAL, "1.10", "1.2", 1},
    {FMT_TEMPORAL, "1.9", "1.10", -1},
    {FMT_TEMPORAL, "v2.0", "1.19", 1},
    {FMT_PRISMA, "20260630120000", "20260630120000", 0},
    {FMT_PRISMA, "20221206131204", "20221207113401", -1},
};

static int sgn(int x)
{
	return (x > 0) - (x < 0);
}

static void test_version_order(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ver_cases); i++) {
		const VerCase *c = &ver_cases[i];
		int got = sgn(mig_version_cmp(c->f, c->a, c->b));
		if (got != c->want)
			fail_msg("%s: cmp(%s, %s) = %d, want %d", mig_format_name(c->f), c->a, c->b, got,
			         c->want);
		assert_int_equal(sgn(mig_version_cmp(c->f, c->b, c->a)), -c->want);
	}
}

/* ---- sections ------------------------------------------------------------------------------------------ */

typedef struct SecCase {
	MigFormat f;
	const char *text;
	const char *up_has, *up_not; /* a statement the up text holds at its file offset / must not hold */
	const char *down_has;        /* NULL: no down section */
	bool no_tx;
} SecCase;

static const SecCase sec_cases[] = {
    {FMT_DBMATE, "-- migrate:up\nCREATE TABLE a (id int);\n\n-- migrate:down\nDROP TABLE a;\n",
     "CREATE TABLE a", "DROP TABLE", "DROP TABLE a;", false},
    {FMT_DBMATE, "-- header\n-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON a (id);\n",
     "CREATE INDEX CONCURRENTLY", "header", NULL, true},
    {FMT_DBMATE, "--migrate:up\nSELECT 'é';\n-- migrate:down\n", "SELECT 'é';", "migrate:", "", false},
    {FMT_GOOSE,
     "-- +goose Up\n-- +goose StatementBegin\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE "
     "sql;\n"
     "-- +goose StatementEnd\n\n-- +goose Down\nDROP FUNCTION f();\n",
     "CREATE FUNCTION f()", "DROP FUNCTION", "DROP FUNCTION f();", false},
    {FMT_GOOSE, "-- +goose NO TRANSACTION\n-- +goose up\nCREATE INDEX CONCURRENTLY i ON t (x);\n",
     "CREATE INDEX CONCURRENTLY", "NO TRANSACTION", NULL, true},
    /* tern: no up marker; the separator splits anywhere (even indented), the down part after the first */
    {FMT_TERN, "create table a (id int);\n\n---- create above / drop below ----\n\ndrop table a;\n",
     "create table a", "drop table", "drop table a;", false},
    {FMT_TERN, "create table b (id int);\n ---- create above / drop below ----\ndrop table b;\n",
     "create table b", "drop table", "drop table b;", false},
    {FMT_TERN, "create table c (id int);\n", "create table c", "drop", NULL, false},
    {FMT_TERN,
     "---- tern: disable-tx ----\ncreate index concurrently i on t (x);\n---- create above / drop below "
     "----\ndrop index i;\n",
     "create index concurrently", "drop index", "drop index i;", true},
    /* disable-tx below the separator belongs to the down part: the up part keeps its transaction */
    {FMT_TERN, "select 1;\n---- create above / drop below ----\n---- tern: disable-tx ----\nselect 2;\n",
     "select 1;", "select 2", "select 2;", false},
};

/* Every byte is either the file's own or a space; newlines are all kept. */
static void assert_blanked_copy(const char *text, const char *part)
{
	assert_int_equal(strlen(part), strlen(text));
	for (size_t i = 0; text[i]; i++) {
		if (text[i] == '\n')
			assert_int_equal(part[i], '\n');
		else if (part[i] != text[i])
			assert_int_equal(part[i], ' ');
	}
}

static void test_sections(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(sec_cases); i++) {
		const SecCase *c = &sec_cases[i];
		DiagList dl = DIAGLIST_INIT;
		char *up, *down;
		bool notx;
		assert_int_equal(mig_split_sections(c->f, c->text, "m.sql", &up, &down, &notx, &dl), 0);
		assert_int_equal(dl.n, 0);
		assert_blanked_copy(c->text, up);
		size_t off = (size_t)(strstr(c->text, c->up_has) - c->text);
		assert_memory_equal(up + off, c->up_has, strlen(c->up_has)); /* same offset as in the file */
		assert_null(strstr(up, c->up_not));
		assert_int_equal(notx, c->no_tx);
		if (c->down_has) {
			assert_non_null(down);
			assert_blanked_copy(c->text, down);
			assert_non_null(strstr(down, c->down_has));
			assert_null(strstr(down, c->up_has));
		} else {
			assert_null(down);
		}
		free(up);
		free(down);
		diag_list_release(&dl);
	}
}

typedef struct SecErr {
	MigFormat f;
	const char *text;
	int line;
	const char *msg;
} SecErr;

static const SecErr sec_errs[] = {
    {FMT_DBMATE, "CREATE TABLE a (id int);\n", 1, "no \"-- migrate:up\" marker in dbmate migration"},
    {FMT_GOOSE, "-- +goose Down\nDROP TABLE a;\n", 1, "no \"-- +goose Up\" marker in goose migration"},
    {FMT_DBMATE, "-- migrate:down\nDROP TABLE a;\n-- migrate:up\nCREATE TABLE a ();\n", 3,
     "\"-- migrate:up\" marker after \"-- migrate:down\""},
    {FMT_GOOSE, "-- +goose Up\nSELECT 1;\n-- +goose Up\n", 3,
     "second \"-- +goose Up\" marker in one migration"},
};

static void test_section_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(sec_errs); i++) {
		DiagList dl = DIAGLIST_INIT;
		char *up, *down;
		bool notx;
		assert_int_equal(
		    mig_split_sections(sec_errs[i].f, sec_errs[i].text, "m.sql", &up, &down, &notx, &dl), -1);
		assert_null(up);
		assert_null(down);
		assert_int_equal(dl.n, 1);
		assert_int_equal(dl.items[0].sev, SEV_ERROR);
		assert_int_equal(dl.items[0].line, sec_errs[i].line);
		assert_string_equal(dl.items[0].message, sec_errs[i].msg);
		assert_string_equal(dl.items[0].file, "m.sql");
		diag_list_release(&dl);
	}
}

/* ---- placeholders -------------------------------------------------------------------------------------- */

static const MigVar vars[] = {{"schema", "app"}, {"Namespace", "auth"}, {"Name", "x"}};

typedef struct PhCase {
	MigFormat f;
	const char *in, *out; /* out NULL: an error is expected */
	int line, col;
	const char *msg;
} PhCase;

static const PhCase ph_cases[] = {
    {FMT_FLYWAY, "CREATE TABLE ${schema}.t ();", "CREATE TABLE app.t ();", 0, 0, NULL},
    {FMT_FLYWAY, "SELECT $${schema}$$;", "SELECT $${schema}$$;", 0, 0, NULL}, /* dollar quote, not ${ */
    {FMT_FLYWAY, "-- ${flyway:filename}\nSELECT 1;", "-- V1__a.sql\nSELECT 1;", 0, 0, NULL},
    {FMT_FLYWAY, "SELECT 1;\n  SELECT '${nope}';", NULL, 2, 11, "placeholder \"${nope}\" has no value"},
    {FMT_GOLANG_MIGRATE, "CREATE TABLE {{ index .Options \"Namespace\" }}.users ();",
     "CREATE TABLE auth.users ();", 0, 0, NULL},
    {FMT_GOLANG_MIGRATE, "GRANT ALL ON {{index .Options \"Namespace\" }}.u TO {{ .Name }};",
     "GRANT ALL ON auth.u TO x;", 0, 0, NULL},
    {FMT_GOLANG_MIGRATE, "SELECT 'é';\nALTER TABLE {{ .Missing }}.t;", NULL, 2, 13,
     "placeholder \"{{ .Missing }}\" has no value"},
    {FMT_GOLANG_MIGRATE, "SELECT {{ if .X }}1{{ end }};", NULL, 1, 8,
     "unsupported template action \"{{ if .X }}\""},
    {FMT_PLAIN, "SELECT '{{ .Name }}', '${schema}';", "SELECT '{{ .Name }}', '${schema}';", 0, 0, NULL},
    {FMT_GOLANG_MIGRATE, "SELECT '${schema}';", "SELECT '${schema}';", 0, 0, NULL},
};

static void test_placeholders(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ph_cases); i++) {
		const PhCase *c = &ph_cases[i];
		DiagList dl = DIAGLIST_INIT;
		char *t = xstrdup(c->in);
		int rc = mig_fill_placeholders(c->f, "dir/V1__a.sql", &t, vars, ARRAY_LEN(vars), &dl);
		if (c->out) {
			assert_int_equal(rc, 0);
			assert_int_equal(dl.n, 0);
			assert_string_equal(t, c->out);
		} else {
			assert_int_equal(rc, -1);
			assert_true(dl.n >= 1);
			assert_int_equal(dl.items[0].sev, SEV_ERROR);
			assert_string_equal(dl.items[0].file, "dir/V1__a.sql");
			assert_int_equal(dl.items[0].line, c->line);
			assert_int_equal(dl.items[0].col, c->col);
			assert_string_equal(dl.items[0].message, c->msg);
		}
		free(t);
		diag_list_release(&dl);
	}
}

static void test_checksum(void **state)
{
	(void)state;
	char out[65];
	mig_checksum("SELECT 1;\n", 10, NULL, 0, out);
	assert_string_equal(out, "b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd");
	mig_checksum("SELECT 1;\n", 10, "SELECT 2;\n", 10, out);
	assert_string_equal(out, "b7fea90c3de21d08a4c2edc3d5a3382cecaf7027ff122b3cfb7ab9a847d26c26");
}

/* ---- folders ------------------------------------------------------------------------------------------- */

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(p);
}

/* The case tables leave optional trailing fields (a file's length, a case's warning rule) out. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

/* A folder spec: "path=content" entries (a path ending in "/" is a folder); content may hold \0 via LEN. */
typedef struct FileSpec {
	const char *path;
	const char *text;
	size_t len; /* 0: strlen(text) */
} FileSpec;

static char *make_folder(const FileSpec *files, size_t n)
{
	char tmpl[] = "/tmp/strata-discover-XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	dir = xstrdup(dir);
	for (size_t i = 0; i < n; i++) {
		char *p = fs_join(dir, files[i].path);
		char *slash = strrchr(p, '/');
		*slash = '\0';
		assert_int_equal(fs_mkdir_p(p), 0);
		*slash = '/';
		if (files[i].text) {
			FILE *f = fopen(p, "wb");
			assert_non_null(f);
			size_t len = files[i].len ? files[i].len : strlen(files[i].text);
			assert_int_equal(fwrite(files[i].text, 1, len, f), len);
			fclose(f);
		}
		free(p);
	}
	return dir;
}

static void remove_folder(char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/* Base names of the up files in order, joined by " ". */
static char *order_of(const MigrationSet *set)
{
	size_t cap = 1;
	for (size_t i = 0; i < set->n; i++)
		cap += strlen(set->items[i].up_path) + 1;
	char *s = xcalloc(cap, 1);
	for (size_t i = 0; i < set->n; i++) {
		const char *p = set->items[i].up_path + strlen(set->dir) + 1;
		if (i)
			strcat(s, " ");
		strcat(s, p);
	}
	return s;
}

static size_t count_rule(const DiagList *dl, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < dl->n; i++)
		n += !strcmp(dl->items[i].rule, rule);
	return n;
}

typedef struct FolderCase {
	const char *what;
	FileSpec files[10];
	MigFormat forced;
	int rc;
	MigFormat want_fmt;
	const char *order;
	const char *warn_rule; /* expected warning rule (count WARNS) or NULL for none */
	size_t warns;
	const char *err_rule; /* expected error rule or NULL */
} FolderCase;

static const FolderCase folder_cases[] = {
    {"flyway",
     {{"V1_2__a.sql", "SELECT 2;"},
      {"V1_10__b.sql", "SELECT 10;"},
      {"V1_9__c.sql", "SELECT 9;"},
      {"R__view.sql", "SELECT 0;"},
      {"U1_2__a.sql", "SELECT -2;"},
      {"V57__readme.md", "# docs"},
      {".squashed", "x"},
      {".git/x.sql", "x"}},
     FMT_AUTO,
     0,
     FMT_FLYWAY,
     "V1_2__a.sql V1_9__c.sql V1_10__b.sql R__view.sql",
     "unknown-file",
     1,
     NULL},
    {"popx",
     {{"1_a.up.sql", "SELECT 1;"},
      {"1_a.down.sql", "SELECT -1;"},
      {"2_b.up.sql", "SELECT 'generic';"},
      {"2_b.postgres.up.sql", "SELECT 2;"},
      {"2_b.mysql.up.sql", "SELECT 'mysql';"},
      {"10_c.postgres.autocommit.up.sql", "SELECT 10;"},
      {"3_d.up.sql", "-- nothing\n"},
      {"4_e.cockroach.up.sql", "SELECT 4;"},
      {".gitkeep", ""}},
     FMT_AUTO,
     0,
     FMT_GOLANG_MIGRATE,
     "1_a.up.sql 2_b.postgres.up.sql 3_d.up.sql 10_c.postgres.autocommit.up.sql",
     "empty-migration",
     1,
     NULL},
    {"golang-migrate forced: a repeated version is an error",
     {{"1626194317_add_job_pauses_table.up.sql", "SELECT 1;"},
      {"1626194317_add_pipeline_pauses_table.up.sql", "SELECT 2;"},
      {"1_x.down.sql", "SELECT 3;"}},
     FMT_GOLANG_MIGRATE,
     -1,
     FMT_GOLANG_MIGRATE,
     "1626194317_add_job_pauses_table.up.sql 1626194317_add_pipeline_pauses_table.up.sql",
     "orphan-down",
     1,
     "duplicate-version"},
    {"plain numeric",
     {{"0001-a.sql", "SELECT 1;"},
      {"00010-b.sql", "SELECT 10;"},
      {"0002-c.sql", "SELECT 2;"},
      {"0003_d.sql", "-- postgres-migrations disable-transaction\n-- postgres-migrations ignore\nSELECT 3;"},
      {"notes.txt", "x"}},
     FMT_AUTO,
     0,
     FMT_PLAIN,
     "0001-a.sql 0002-c.sql 0003_d.sql 00010-b.sql",
     "unknown-file",
     1,
     NULL},
    {"dbmate",
     {{"20200101000000_a.sql", "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n"},
      {"20190101000000_b.sql", "-- migrate:up transaction:false\nSELECT 1;\n"}},
     FMT_AUTO,
     0,
     FMT_DBMATE,
     "20190101000000_b.sql 20200101000000_a.sql",
     NULL,
     0,
     NULL},
    {"goose",
     {{"00002_b.sql", "-- +goose Up\nSELECT 1;\n"},
      {"00001_a.sql", "-- +goose Up\nSELECT 1;\n-- +goose Down\n"}},
     FMT_AUTO,
     0,
     FMT_GOOSE,
     "00001_a.sql 00002_b.sql",
     NULL,
     0,
     NULL},
    {"prisma",
     {{"20221207113401_b/migration.sql", "SELECT 2;"},
      {"20221206131204_a/migration.sql", "SELECT 1;"},
      {"20221206131204_b/migration.sql", "SELECT 1;"},
      {"migration_lock.toml", "provider = \"postgresql\""}},
     FMT_AUTO,
     0,
     FMT_PRISMA,
     "20221206131204_a/migration.sql 20221206131204_b/migration.sql 20221207113401_b/migration.sql",
     NULL,
     0,
     NULL},
    {"diesel",
     {{"2017-08-31-230457_b/up.sql", "SELECT 2;"},
      {"2017-08-31-230457_b/down.sql", "SELECT -2;"},
      {"20170102131034_a/up.sql", "SELECT 1;"},
      {"2019-11-15-182353_Add email x/up.sql", "SELECT 3;"},
      {"2019-11-15-182353_Add email x/metadata.toml", "run_in_transaction = false\n"},
      {"00000000000000_diesel_initial_setup/up.sql", "SELECT 0;"}},
     FMT_AUTO,
     0,
     FMT_DIESEL,
     "00000000000000_diesel_initial_setup/up.sql 20170102131034_a/up.sql 2017-08-31-230457_b/up.sql "
     "2019-11-15-182353_Add email x/up.sql",
     NULL,
     0,
     NULL},
    {"temporal",
     {{"versioned/v1.10/manifest.json", "{\"SchemaUpdateCqlFiles\": [\"z.sql\"]}"},
      {"versioned/v1.10/z.sql", "SELECT 10;"},
      {"versioned/v1.2/manifest.json", "{\"SchemaUpdateCqlFiles\": [\"b.sql\", \"a.sql\"]}"},
      {"versioned/v1.2/a.sql", "SELECT 2;"},
      {"versioned/v1.2/b.sql", "SELECT 2;"},
      {"versioned/v1.2/stray.sql", "SELECT 0;"},
      {"versioned/v1.0/manifest.json", "{\"SchemaUpdateCqlFiles\": [\"s.sql\"]}"},
      {"versioned/v1.0/s.sql", "SELECT 0;"}},
     FMT_AUTO,
     0,
     FMT_TEMPORAL,
     "versioned/v1.0/s.sql versioned/v1.2/b.sql versioned/v1.2/a.sql versioned/v1.10/z.sql",
     "unknown-file",
     1,
     NULL},
    {"forced plain over flyway names",
     {{"V1__a.sql", "SELECT 1;"}, {"1_b.sql", "SELECT 1;"}},
     FMT_PLAIN,
     0,
     FMT_PLAIN,
     "1_b.sql",
     "unknown-file",
     1,
     NULL},
    {"binary and bad utf-8",
     {{"1_a.sql", "SELECT 1;\0", 10}, {"2_b.sql", "SELECT '\xff';"}, {"3_c.sql", ""}},
     FMT_AUTO,
     -1,
     FMT_PLAIN,
     "3_c.sql",
     "empty-migration",
     1,
     "binary-file"},
    {"golang-migrate with a repeated prefix: lexical",
     {{"1626194317_add_job_pauses_table.up.sql", "SELECT 1;"},
      {"1626194317_add_pipeline_pauses_table.up.sql", "SELECT 2;"},
      {"1_x.down.sql", "SELECT 3;"}},
     FMT_AUTO,
     0,
     FMT_LEXICAL,
     "1626194317_add_job_pauses_table.up.sql 1626194317_add_pipeline_pauses_table.up.sql",
     "orphan-down",
     1,
     NULL},
    {"lexical: byte order of whole names, not numeric (maragudk/migrate)",
     {{"0001_b_y.up.sql", "SELECT 2;"},
      {"0001_a_x.up.sql", "SELECT 1;"},
      {"0001_a_x.down.sql", "SELECT -1;"},
      {"10_z.up.sql", "SELECT 10;"},
      {"9_w.up.sql", "SELECT 9;"}},
     FMT_AUTO,
     0,
     FMT_LEXICAL,
     "0001_a_x.up.sql 0001_b_y.up.sql 10_z.up.sql 9_w.up.sql",
     NULL,
     0,
     NULL},
    {"plain with a repeated prefix: lexical",
     {{"001_init.sql", "SELECT 1;"}, {"001_seed.sql", "SELECT 2;"}, {"002_more.sql", "SELECT 3;"}},
     FMT_AUTO,
     0,
     FMT_LEXICAL,
     "001_init.sql 001_seed.sql 002_more.sql",
     NULL,
     0,
     NULL},
    {"popx dialect variants of one migration are not a repeat",
     {{"2_b.up.sql", "SELECT 1;"}, {"2_b.postgres.up.sql", "SELECT 2;"}, {"3_c.up.sql", "SELECT 3;"}},
     FMT_AUTO,
     0,
     FMT_GOLANG_MIGRATE,
     "2_b.postgres.up.sql 3_c.up.sql",
     NULL,
     0,
     NULL},
    {"strata:no-transaction marker in a plain folder",
     {{"0001_a.sql", "-- strata:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (x);\n"}},
     FMT_AUTO,
     0,
     FMT_PLAIN,
     "0001_a.sql",
     NULL,
     0,
     NULL},
    {"tern",
     {{"002_b.sql", "select 2;\n---- create above / drop below ----\nselect -2;\n"},
      {"010_c.sql", "select 10;\n---- create above / drop below ----\n"},
      {"001_a.sql", "select 1;\n---- create above / drop below ----\nselect -1;\n"},
      {"003_d.sql", "select 3;\n"}},
     FMT_AUTO,
     0,
     FMT_TERN,
     "001_a.sql 002_b.sql 003_d.sql 010_c.sql",
     NULL,
     0,
     NULL},
};

static void test_folders(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(folder_cases); i++) {
		const FolderCase *c = &folder_cases[i];
		size_t nf = 0;
		while (nf < ARRAY_LEN(c->files) && c->files[nf].path)
			nf++;
		char *dir = make_folder(c->files, nf);
		DiscoverOptions o = {.format = c->forced};
		MigrationSet set;
		DiagList dl = DIAGLIST_INIT;
		int rc = discover_migrations(dir, &o, &set, &dl);
		char *order = order_of(&set);
		if (rc != c->rc || set.format != c->want_fmt || strcmp(order, c->order))
			fail_msg("%s: rc %d format %s order \"%s\"", c->what, rc, mig_format_name(set.format),
			         order);
		assert_int_equal(diag_count(&dl, SEV_WARNING), c->warns);
		if (c->warn_rule)
			assert_int_equal(count_rule(&dl, c->warn_rule), c->warns);
		if (c->err_rule)
			assert_int_equal(count_rule(&dl, c->err_rule), 1);
		else
			assert_int_equal(diag_count(&dl, SEV_ERROR), 0);
		for (size_t k = 0; k < set.n; k++) {
			assert_int_equal(strlen(set.items[k].checksum), 64);
			assert_non_null(set.items[k].up_sql);
		}
		free(order);
		migration_set_free(&set);
		diag_list_release(&dl);
		remove_folder(dir);
	}
}

/* Flags, downs and texts of the folder cases above, checked one by one. */
static void test_folder_details(void **state)
{
	(void)state;
	DiscoverOptions o = {0};
	MigrationSet set;
	DiagList dl = DIAGLIST_INIT;

	/* flyway: undo file is the down; repeatable kind; description */
	char *dir = make_folder(folder_cases[0].files, 9);
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_string_equal(set.items[0].version, "1_2");
	assert_string_equal(set.items[0].name, "a");
	assert_string_equal(set.items[0].down_sql, "SELECT -2;");
	assert_int_equal(set.items[3].kind, MIG_REPEATABLE);
	assert_string_equal(set.items[3].name, "view");
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);

	/* popx: postgres file wins, autocommit = no transaction, empty = skipped, generic down paired */
	dir = make_folder(folder_cases[1].files, 9);
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_string_equal(set.items[0].down_sql, "SELECT -1;");
	assert_string_equal(set.items[1].up_sql, "SELECT 2;");
	assert_false(set.items[1].no_transaction);
	assert_true(set.items[2].skip);
	assert_false(set.items[1].skip);
	assert_true(set.items[3].no_transaction);
	assert_string_equal(set.items[3].name, "c");
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);

	/* duplicate (golang-migrate forced): the error names both files */
	dir = make_folder(folder_cases[2].files, 3);
	DiscoverOptions og = {.format = FMT_GOLANG_MIGRATE};
	assert_int_equal(discover_migrations(dir, &og, &set, &dl), -1);
	const Diag *d = NULL;
	for (size_t k = 0; k < dl.n; k++)
		if (!strcmp(dl.items[k].rule, "duplicate-version"))
			d = &dl.items[k];
	assert_non_null(d);
	assert_non_null(strstr(d->message, "1626194317_add_job_pauses_table.up.sql"));
	assert_non_null(strstr(d->message, "1626194317_add_pipeline_pauses_table.up.sql"));
	assert_non_null(strstr(d->message, "\"1626194317\""));
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);

	/* plain: postgres-migrations markers */
	dir = make_folder(folder_cases[3].files, 6);
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_true(set.items[2].skip);
	assert_true(set.items[2].no_transaction);
	assert_false(set.items[0].skip);
	assert_string_equal(set.items[3].version, "00010");
	assert_string_equal(set.items[3].name, "b");
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);

	/* dbmate: sections and transaction:false */
	dir = make_folder(folder_cases[4].files, 2);
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_true(set.items[0].no_transaction);
	assert_null(set.items[0].down_sql);
	assert_false(set.items[1].no_transaction);
	assert_non_null(set.items[1].down_sql);
	assert_string_equal(set.items[1].down_path, set.items[1].up_path);
	assert_int_equal(strstr(set.items[1].up_sql, "SELECT 1;") - set.items[1].up_sql, 14);
	assert_null(strstr(set.items[1].up_sql, "SELECT 2"));
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);

	/* diesel: metadata.toml, down.sql, version as written */
	dir = make_folder(folder_cases[7].files, 6);
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_string_equal(set.items[2].version, "2017-08-31-230457");
	assert_string_equal(set.items[2].down_sql, "SELECT -2;");
	assert_true(set.items[3].no_transaction);
	assert_string_equal(set.items[3].name, "Add email x");
	assert_false(set.items[1].no_transaction);
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);
}

/* lexical: the version is the whole name; the down file pairs by name; ls's reason names the repeat; the
 * strata:no-transaction marker; a detected convention says so, a forced one says it was forced; beside
 * .up.sql files a plain .sql file is not a migration (their tool runs only *.up.sql): a warning. */
static void test_lexical_details(void **state)
{
	(void)state;
	static const FileSpec files[] = {{"0001_b_y.up.sql", "SELECT 2;"},
	                                 {"0001_a_x.up.sql", "-- strata:no-transaction\nSELECT 1;"},
	                                 {"0001_a_x.down.sql", "SELECT -1;"},
	                                 {"0002_c.up.sql", "SELECT 3;"},
	                                 {"0001_b_y_down.sql", "DROP INDEX i ON t;"}};
	char *dir = make_folder(files, ARRAY_LEN(files));
	DiscoverOptions o = {0};
	MigrationSet set;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_int_equal(set.format, FMT_LEXICAL);
	assert_int_equal(set.n, 3);
	assert_string_equal(set.items[0].version, "0001_a_x");
	assert_string_equal(set.items[0].down_sql, "SELECT -1;");
	assert_true(set.items[0].no_transaction);
	assert_string_equal(set.items[1].version, "0001_b_y");
	assert_false(set.items[1].no_transaction);
	assert_null(set.items[1].down_sql);
	assert_string_equal(set.items[2].version, "0002_c");
	assert_int_equal(diag_count(&dl, SEV_WARNING), 1);
	assert_string_equal(dl.items[0].rule, "unknown-file");
	assert_non_null(strstr(dl.items[0].file, "0001_b_y_down.sql"));
	assert_non_null(set.format_why);
	assert_non_null(strstr(set.format_why, "numbered prefixes repeat"));
	assert_non_null(strstr(set.format_why, "share 0001"));
	assert_true(mig_version_cmp(FMT_LEXICAL, "10_z", "9_w") < 0); /* byte order, not numeric */
	migration_set_free(&set);
	o.format = FMT_LEXICAL;
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_non_null(strstr(set.format_why, "forced"));
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);
	static const FileSpec gm[] = {{"1_a.up.sql", "SELECT 1;"}, {"2_b.up.sql", "SELECT 2;"}};
	dir = make_folder(gm, ARRAY_LEN(gm));
	o.format = FMT_AUTO;
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_int_equal(set.format, FMT_GOLANG_MIGRATE);
	assert_non_null(strstr(set.format_why, "detected"));
	assert_non_null(strstr(set.format_why, "golang-migrate"));
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);
}

/* Versions of a set of several folders: an earlier folder first, each folder by its own convention. */
static void test_set_version_cmp(void **state)
{
	(void)state;
	Migration items[4] = {{.version = (char *)"V2", .folder = 0},
	                      {.version = (char *)"V10", .folder = 0},
	                      {.version = (char *)"0001_b", .folder = 1},
	                      {.version = (char *)"0001_a", .folder = 1}};
	MigFolder folders[2] = {{.format = FMT_PLAIN, .first = 0, .n = 2},
	                        {.format = FMT_LEXICAL, .first = 2, .n = 2}};
	MigrationSet set = {
	    .format = FMT_LEXICAL, .items = items, .n = 4, .folders = folders, .n_folders = 2};
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
	    {"V10", "0001_a", -1}, /* folder 0 before folder 1, whatever the strings */
	    {"0001_b", "V2", 1},
	    {"0001_a", "0001_b", -1}, /* folder 1: lexical */
	    {"0001_b", "0001_b", 0},
	    {"0002_unknown", "0001_b", 1}, /* a version no migration has counts as the last folder's */
	    {"V10", "0002_unknown", -1},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int got = sgn(mig_set_version_cmp(&set, cases[i].a, cases[i].b));
		if (got != cases[i].want)
			fail_msg("cmp(%s, %s) = %d, want %d", cases[i].a, cases[i].b, got, cases[i].want);
	}
	MigrationSet one = {.format = FMT_PLAIN, .items = items, .n = 2};
	assert_true(mig_set_version_cmp(&one, "0002", "00010") < 0); /* one folder: its convention */
}

static void test_single_file_and_missing(void **state)
{
	(void)state;
	FileSpec f[] = {{"structure.sql", "SET x = 1;\nCREATE TABLE t ();\n"}};
	char *dir = make_folder(f, 1);
	char *file = fs_join(dir, "structure.sql");
	DiscoverOptions o = {0};
	MigrationSet set;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(discover_migrations(file, &o, &set, &dl), 0);
	assert_int_equal(set.n, 1);
	assert_string_equal(set.items[0].up_path, file);
	assert_string_equal(set.items[0].name, "structure");
	assert_int_equal(dl.n, 0);
	migration_set_free(&set);

	char *missing = fs_join(dir, "nope");
	assert_int_equal(discover_migrations(missing, &o, &set, &dl), -1);
	assert_int_equal(set.n, 0);
	assert_int_equal(dl.n, 1);
	char *want = xasprintf("migrations folder \"%s\" does not exist", missing);
	assert_string_equal(dl.items[0].message, want);
	assert_string_equal(dl.items[0].rule, "missing-folder");
	assert_non_null(strstr(dl.items[0].hint, "--dir"));
	free(want);
	migration_set_free(&set);
	diag_list_release(&dl);
	free(missing);
	free(file);
	remove_folder(dir);
}

static void test_placeholder_in_folder(void **state)
{
	(void)state;
	FileSpec f[] = {
	    {"00_init.up.sql", "CREATE SCHEMA IF NOT EXISTS {{ index .Options \"Namespace\" }};\n"},
	    {"01_b.up.sql", "SELECT 1;\nCREATE TABLE {{ index .Options \"Namespace\" }}.t ();\n"}};
	char *dir = make_folder(f, 2);
	MigrationSet set;
	DiagList dl = DIAGLIST_INIT;
	DiscoverOptions o = {0};
	/* unfilled: one error per file with its line:col */
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), -1);
	assert_int_equal(diag_count(&dl, SEV_ERROR), 2);
	assert_int_equal(dl.items[1].line, 2);
	assert_int_equal(dl.items[1].col, 14);
	assert_string_equal(dl.items[1].rule, "unfilled-placeholder");
	migration_set_free(&set);
	diag_list_release(&dl);
	/* filled: the checksum is of the raw file, the text is substituted */
	MigVar v = {"Namespace", "auth"};
	o.vars = &v;
	o.n_vars = 1;
	assert_int_equal(discover_migrations(dir, &o, &set, &dl), 0);
	assert_string_equal(set.items[0].up_sql, "CREATE SCHEMA IF NOT EXISTS auth;\n");
	char sum[65];
	mig_checksum(f[0].text, strlen(f[0].text), NULL, 0, sum);
	assert_string_equal(set.items[0].checksum, sum);
	migration_set_free(&set);
	diag_list_release(&dl);
	remove_folder(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_version_order),
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_section_errors),
	    cmocka_unit_test(test_placeholders),
	    cmocka_unit_test(test_checksum),
	    cmocka_unit_test(test_folders),
	    cmocka_unit_test(test_folder_details),
	    cmocka_unit_test(test_lexical_details),
	    cmocka_unit_test(test_set_version_cmp),
	    cmocka_unit_test(test_single_file_and_missing),
	    cmocka_unit_test(test_placeholder_in_folder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
