/* test_diff.c — table-driven: two SQL schemas in (loaded declaratively) → the exact DDL out, then the
 * proof the command runs (replay of FROM + DDL equals TO). Also order independence, destructive gating. */
#include "unit.h"
#include "analysis/compare.h"
#include "analysis/declarative.h"
#include "cli/common.h"
#include "diff/diff.h"
#include "diff/guard.h"
#include "project/tenancy.h"

#include "util/fs.h"

#include <fcntl.h>
#include <getopt.h>
#include <sys/stat.h>
#include <unistd.h>

static Catalog *load(const char *sql)
{
	char path[] = "/tmp/strata-test-diff-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, sql, strlen(sql)), (ssize_t)strlen(sql));
	close(fd);
	const char *files[] = {path};
	Catalog *cat = NULL;
	DiagList dl = DIAGLIST_INIT;
	int rc = declarative_load(files, 1, NULL, NULL, &cat, NULL, &dl);
	unlink(path);
	if (rc != 0 || diag_has_errors(&dl))
		fail_msg("load failed: %s", dl.n ? dl.items[0].message : "?");
	diag_list_release(&dl);
	return cat;
}

typedef struct Case {
	const char *name, *from, *to, *expect; /* EXPECT: the exact DDL */
	size_t ndestructive;
} Case;

static const Case cases[] = {
    {"schema", "", "CREATE SCHEMA app;", "CREATE SCHEMA app;\n", 0},
    {"add table with fk (declared in reverse order)", "",
     "CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id)); CREATE TABLE a (id int PRIMARY KEY);",
     "CREATE TABLE public.a (\n    id integer NOT NULL\n);\nCREATE TABLE public.b (\n    id integer NOT "
     "NULL,\n"
     "    a_id integer\n);\nALTER TABLE public.a ADD CONSTRAINT a_pkey PRIMARY KEY (id);\n"
     "ALTER TABLE public.b ADD CONSTRAINT b_pkey PRIMARY KEY (id);\n"
     "ALTER TABLE public.b ADD CONSTRAINT b_a_id_fkey FOREIGN KEY (a_id) REFERENCES public.a (id);\n",
     0},
    {"add column, default, not null", "CREATE TABLE t (id int);",
     "CREATE TABLE t (id int NOT NULL DEFAULT 1, name text);",
     "ALTER TABLE public.t ALTER COLUMN id SET NOT NULL;\nALTER TABLE public.t ALTER COLUMN id SET DEFAULT "
     "1;\n"
     "ALTER TABLE public.t ADD COLUMN name text;\n",
     0},
    {"drop column is destructive", "CREATE TABLE t (id int, old text);", "CREATE TABLE t (id int);",
     "-- destructive: drop column \"public.t.old\" and its data\nALTER TABLE public.t DROP COLUMN old;\n", 1},
    {"widening type is not destructive", "CREATE TABLE t (id int);", "CREATE TABLE t (id bigint);",
     "ALTER TABLE public.t ALTER COLUMN id TYPE bigint USING id::bigint;\n", 0},
    {"identity", "CREATE TABLE t (id int NOT NULL);", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);",
     "ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;\n", 0},
    {"index", "CREATE TABLE t (a int, b int); CREATE INDEX t_i ON t (a);",
     "CREATE TABLE t (a int, b int); CREATE INDEX t_i ON t (a, b);",
     "DROP INDEX public.t_i;\nCREATE INDEX t_i ON public.t USING btree (a, b);\n", 0},
    {"view rebuilt with its dependant",
     "CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t; CREATE VIEW w AS SELECT a FROM v;",
     "CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b FROM t; CREATE VIEW w AS SELECT a FROM v;",
     "DROP VIEW public.w;\nDROP VIEW public.v;\nALTER TABLE public.t ADD COLUMN b integer;\n"
     "CREATE VIEW public.v AS SELECT t.a, t.b FROM public.t;\nCREATE VIEW public.w AS SELECT v.a FROM "
     "public.v;\n",
     0},
    {"enum value added", "CREATE TYPE m AS ENUM ('a', 'c');", "CREATE TYPE m AS ENUM ('a', 'b', 'c');",
     "ALTER TYPE public.m ADD VALUE 'b' AFTER 'a';\n", 0},
    {"function replaced", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 2';",
     "CREATE OR REPLACE FUNCTION public.f() RETURNS integer LANGUAGE sql AS $strata$SELECT 2$strata$;\n", 0},
    {"rls and policy", "CREATE TABLE t (a int);",
     "CREATE TABLE t (a int); ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (a > 0);",
     "ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;\n"
     "CREATE POLICY p ON public.t AS PERMISSIVE FOR all TO public USING (a > 0);\n",
     0},
    {"sequence altered", "CREATE SEQUENCE s;", "CREATE SEQUENCE s INCREMENT 5;",
     "ALTER SEQUENCE public.s AS bigint INCREMENT BY 5 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 "
     "CACHE 1 NO CYCLE;\n",
     0},
    {"comment", "CREATE TABLE t (a int);", "CREATE TABLE t (a int); COMMENT ON COLUMN t.a IS 'x';",
     "COMMENT ON COLUMN public.t.a IS 'x';\n", 0},
    {"drop table", "CREATE TABLE t (a int);", "",
     "-- destructive: drop table \"public.t\" and its data\nDROP TABLE public.t;\n", 1},
    {"identity with its sequence's options", "CREATE TABLE t (id int NOT NULL);",
     "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5));",
     "ALTER TABLE public.t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (INCREMENT BY 5 START WITH "
     "100);\n",
     0},
    {"identity sequence named otherwise (a renamed table keeps it)",
     "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME t_old_seq));",
     "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);",
     "ALTER SEQUENCE public.t_old_seq RENAME TO t_id_seq;\n", 0},
    {"attached partition without its parent's default",
     "CREATE TABLE p (a int DEFAULT 1, b int NOT NULL DEFAULT 2) PARTITION BY LIST (a);",
     "CREATE TABLE p (a int DEFAULT 1, b int NOT NULL DEFAULT 2) PARTITION BY LIST (a);\n"
     "CREATE TABLE c (a int NOT NULL, b int NOT NULL DEFAULT 3);\n"
     "ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1);",
     "CREATE TABLE public.c PARTITION OF public.p FOR VALUES IN (1);\n"
     "ALTER TABLE ONLY public.c ALTER COLUMN a DROP DEFAULT;\n"
     "ALTER TABLE ONLY public.c ALTER COLUMN a SET NOT NULL;\n"
     "ALTER TABLE ONLY public.c ALTER COLUMN b SET DEFAULT 3;\n",
     0},
    {"no changes", "CREATE TABLE t (a int); CREATE VIEW v AS SELECT a FROM t;",
     "CREATE VIEW v AS SELECT a FROM t; CREATE TABLE t (a int);", "", 0},
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const Case *k = &cases[i];
		Catalog *a = load(k->from), *b = load(k->to);
		DiffResult r;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(diff_catalogs(a, b, &r, &dl), 0);
		if (strcmp(sb_str(&r.sql), k->expect))
			fail_msg("case \"%s\": got\n%s\nexpected\n%s", k->name, sb_str(&r.sql), k->expect);
		assert_int_equal(r.ndestructive, k->ndestructive);
		/* the proof: FROM + DDL == TO */
		ReplayState st;
		replay_state_init(&st, a, NULL);
		assert_int_equal(replay_sql(a, sb_str(&r.sql), "diff", &st, &dl), 0);
		replay_state_release(&st);
		CompareOptions co = {
		    .label_a = "a", .label_b = "b", .ignore_comments = false, .ignore_column_order = true};
		DiagList cdl = DIAGLIST_INIT;
		if (catalog_compare(a, b, &co, &cdl))
			fail_msg("case \"%s\": replay differs: %s", k->name, cdl.items[0].message);
		diag_list_release(&cdl);
		diag_list_release(&dl);
		diff_result_release(&r);
		catalog_free(a);
		catalog_free(b);
	}
}

/* --rename hints, through the command (`strata diff --dry-run`): a renamed table or column becomes ALTER ...
 * RENAME (with the implicit sequence following the table's name), never a drop and a create, on the way up
 * and back; the command's own proof must say "verified". */
typedef struct RenameCase {
	const char *name, *renames[3], *want;
	const char *expect[6]; /* lines the output holds, in this order */
} RenameCase;

static const char rename_history[] =
    "CREATE TABLE users (id serial PRIMARY KEY, name text NOT NULL);\n"
    "CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES users (id));\n";

static const RenameCase rename_cases[] = {
    {"table",
     {"users=people"},
     "CREATE TABLE people (id serial PRIMARY KEY, name text NOT NULL);\n"
     "CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES people (id));\n",
     {"ALTER SEQUENCE public.users_id_seq RENAME TO people_id_seq;",
      "ALTER TABLE public.users RENAME TO people;", "-- down",
      "ALTER SEQUENCE public.people_id_seq RENAME TO users_id_seq;",
      "ALTER TABLE public.people RENAME TO users;", "verified"}},
    {"column",
     {"users.name=full_name"},
     "CREATE TABLE users (id serial PRIMARY KEY, full_name text NOT NULL);\n"
     "CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES users (id));\n",
     {"ALTER TABLE public.users RENAME COLUMN name TO full_name;", "-- down",
      "ALTER TABLE public.users RENAME COLUMN full_name TO name;", "verified"}},
    {"schema-qualified column of a renamed table (each hint sees the names the previous one left)",
     {"public.users=people", "public.people.name=full_name"},
     "CREATE TABLE people (id serial PRIMARY KEY, full_name text NOT NULL);\n"
     "CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES people (id));\n",
     {"ALTER TABLE public.users RENAME TO people;",
      "ALTER TABLE public.people RENAME COLUMN name TO full_name;", "-- down",
      "ALTER TABLE public.people RENAME COLUMN full_name TO name;",
      "ALTER TABLE public.people RENAME TO users;", "verified"}},
};

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_rename_hints(void **state)
{
	(void)state;
	char dir[] = "/tmp/strata-test-rename-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *mig = xasprintf("%s/m", dir), *want = xasprintf("%s/want.sql", dir),
	     *out = xasprintf("%s/out", dir);
	assert_int_equal(mkdir(mig, 0700), 0);
	char *init = xasprintf("%s/0001_init.sql", mig);
	write_file(init, rename_history);
	for (size_t i = 0; i < ARRAY_LEN(rename_cases); i++) {
		const RenameCase *k = &rename_cases[i];
		write_file(want, k->want);
		char *argv[16];
		int argc = 0;
		argv[argc++] = "diff";
		argv[argc++] = "--dir";
		argv[argc++] = mig;
		argv[argc++] = "--to";
		argv[argc++] = want;
		argv[argc++] = "--dry-run";
		for (size_t r = 0; r < 3 && k->renames[r]; r++) {
			argv[argc++] = "--rename";
			argv[argc++] = (char *)k->renames[r];
		}
		argv[argc] = NULL;
		/* the command prints to stdout: send it to a file for the duration */
		fflush(stdout);
		int saved = dup(1), fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(saved >= 0 && fd >= 0);
		dup2(fd, 1);
		close(fd);
		optind = 0; /* getopt_long starts over for each command */
		int rc = cmd_diff(argc, argv);
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
		char *text = NULL;
		size_t len = 0;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(fs_read_file(out, &text, &len, &dl), 0);
		if (rc != 0)
			fail_msg("case \"%s\": exit %d, output:\n%s", k->name, rc, text);
		const char *p = text;
		for (size_t e = 0; e < ARRAY_LEN(k->expect) && k->expect[e]; e++) {
			const char *hit = strstr(p, k->expect[e]);
			if (!hit)
				fail_msg("case \"%s\": \"%s\" missing (or out of order) in:\n%s", k->name,
				         k->expect[e], text);
			p = hit + strlen(k->expect[e]);
		}
		if (strstr(text, "DROP TABLE") || strstr(text, "DROP COLUMN") || strstr(text, "ADD COLUMN"))
			fail_msg("case \"%s\": a rename became a drop and a create:\n%s", k->name, text);
		free(text);
		diag_list_release(&dl);
	}
	unlink(init);
	unlink(want);
	unlink(out);
	rmdir(mig);
	rmdir(dir);
	free(init);
	free(mig);
	free(want);
	free(out);
}

/* The refusal of a destructive diff names the renames that would keep the data. */
static void test_rename_candidates(void **state)
{
	(void)state;
	static const struct {
		const char *from, *to, *want; /* WANT: the candidates joined with " | " */
	} rc_cases[] = {
	    {"CREATE TABLE u (id int, fullname text);", "CREATE TABLE u (id int, display_name text);",
	     "u.fullname=display_name"},
	    {"CREATE TABLE u (id int, fullname text);", "CREATE TABLE u (id int, display_name varchar(10));",
	     ""},
	    {"CREATE TABLE u (a text, b int);", "CREATE TABLE u (c text, d text);", "u.a=c | u.a=d"},
	    {"CREATE SCHEMA app; CREATE TABLE app.logs (id int, msg text);",
	     "CREATE SCHEMA app; CREATE TABLE app.audit (id int, msg text);", "app.logs=audit"},
	    {"CREATE TABLE logs (id int, msg text);", "CREATE TABLE audit (id int, body text);", ""},
	    {"CREATE TABLE u (id int);", "CREATE TABLE u (id int);", ""},
	};
	for (size_t i = 0; i < ARRAY_LEN(rc_cases); i++) {
		Catalog *a = load(rc_cases[i].from), *b = load(rc_cases[i].to);
		char **v = NULL;
		size_t n = diff_rename_candidates(a, b, &v);
		StrBuf sb = STRBUF_INIT;
		for (size_t k = 0; k < n; k++)
			sb_appendf(&sb, "%s%s", k ? " | " : "", v[k]);
		if (strcmp(sb_str(&sb), rc_cases[i].want))
			fail_msg("case %zu: want \"%s\", got \"%s\"", i, rc_cases[i].want, sb_str(&sb));
		sb_release(&sb);
		free_list(v, n);
		catalog_free(a);
		catalog_free(b);
	}
}

/* A drift fix runs on every database: each statement guarded so that it changes nothing where it is not
 * needed. */
static void test_guard(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} g[] = {
	    {"CREATE TABLE public.t (id integer);", "CREATE TABLE IF NOT EXISTS public.t (id int);\n"},
	    {"CREATE INDEX i ON public.t USING btree (id);",
	     "CREATE INDEX IF NOT EXISTS i ON public.t USING btree (id);\n"},
	    {"CREATE SEQUENCE public.s;", "CREATE SEQUENCE IF NOT EXISTS public.s;\n"},
	    {"CREATE SCHEMA app;", "CREATE SCHEMA IF NOT EXISTS app;\n"},
	    {"DROP TABLE public.t;", "DROP TABLE IF EXISTS public.t;\n"},
	    {"ALTER TABLE public.t ADD COLUMN c text;",
	     "ALTER TABLE public.t ADD COLUMN IF NOT EXISTS c text;\n"},
	    {"ALTER TABLE public.t DROP COLUMN c;", "ALTER TABLE public.t DROP IF EXISTS c;\n"},
	    {"-- destructive: drop column \"public.t.c\" and its data\nALTER TABLE public.t DROP COLUMN c;",
	     "-- destructive: drop column \"public.t.c\" and its data\nALTER TABLE public.t DROP IF EXISTS "
	     "c;\n"},
	    {"ALTER TABLE public.t ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES public.u (id);",
	     "ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_fk;\n"
	     "ALTER TABLE public.t ADD CONSTRAINT t_fk FOREIGN KEY (a) REFERENCES public.u (id);\n"},
	    {"CREATE POLICY p ON public.t USING (true);",
	     "DROP POLICY IF EXISTS p ON public.t;\nCREATE POLICY p ON public.t TO public USING (true) ;\n"},
	    {"CREATE VIEW public.v AS SELECT 1;", "CREATE OR REPLACE VIEW public.v AS SELECT 1;\n"},
	    {"ALTER TYPE public.mood ADD VALUE 'z';",
	     "ALTER TYPE public.mood ADD VALUE IF NOT EXISTS 'z';\n"},
	    {"ALTER TABLE public.t ALTER COLUMN c SET DEFAULT 1;",
	     "ALTER TABLE public.t ALTER COLUMN c SET DEFAULT 1;\n"},
	};
	for (size_t i = 0; i < ARRAY_LEN(g); i++) {
		StrBuf out = STRBUF_INIT;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(diff_guard(g[i].in, &out, &dl), 0);
		if (strcmp(sb_str(&out), g[i].out))
			fail_msg("case %zu: want \"%s\", got \"%s\"", i, g[i].out, sb_str(&out));
		sb_release(&out);
		diag_list_release(&dl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_cases), cmocka_unit_test(test_rename_hints),
	                                   cmocka_unit_test(test_rename_candidates),
	                                   cmocka_unit_test(test_guard)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
