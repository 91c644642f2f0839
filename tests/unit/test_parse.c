/* test_parse.c — statement splitting, locations (with multibyte text) and syntax-error positions. */
#include "unit.h"
#include "util/strbuf.h"
#include "sql/lines.h"
#include "sql/parse.h"
#include "sql/colname.h"

typedef struct SplitCase {
	const char *sql;
	size_t n;
	int line[4], col[4];
} SplitCase;

static const SplitCase split_cases[] = {
    {"CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n", 2, {1, 2}, {1, 1}},
    {"-- comment\n  /* block /* nested */ */ SELECT 1;\n\n\tSELECT 2", 2, {2, 4}, {28, 2}},
    {"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT ';';", 2, {1, 2}, {1, 1}},
    {"SELECT 'é'; SELECT 'ü€';  SELECT 3;", 3, {1, 1, 1}, {1, 13, 27}},
    {"BEGIN;\nCREATE TABLE t (x int);\nCOMMIT;\n", 3, {1, 2, 3}, {1, 1, 1}},
    {"", 0, {0}, {0}},
    {"-- only a comment\n", 0, {0}, {0}},
};

static void test_split(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(split_cases); i++) {
		const SplitCase *c = &split_cases[i];
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(sql_parse(c->sql, "t.sql", &p, &dl), 0);
		assert_int_equal(p.n, c->n);
		for (size_t j = 0; j < c->n; j++) {
			assert_int_equal(p.stmts[j].line, c->line[j]);
			assert_int_equal(p.stmts[j].col, c->col[j]);
		}
		sql_parse_free(&p);
		diag_list_release(&dl);
	}
}

typedef struct ErrCase {
	const char *sql;
	const char *rule;
	int line, col;
	const char *msg;
} ErrCase;

static const ErrCase err_cases[] = {
    {"CREATE TABLE t (id int,);\n", "syntax-error", 1, 24, "syntax error at or near \")\""},
    {"SELECT 1;\n-- é\nSELECT 'é' FROM WHERE;", "syntax-error", 3, 17, "syntax error at or near \"WHERE\""},
    {"SELECT 1;\n\\i other.sql\n", "psql-meta-command", 2, 1, "psql meta-command \\i is not SQL"},
    {"CREATE TABLE t (", "syntax-error", 1, 17, "syntax error at end of input"},
};

static void test_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(err_cases); i++) {
		const ErrCase *c = &err_cases[i];
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(sql_parse(c->sql, "f.sql", &p, &dl), -1);
		assert_int_equal(dl.n, 1);
		assert_string_equal(dl.items[0].rule, c->rule);
		assert_int_equal(dl.items[0].line, c->line);
		assert_int_equal(dl.items[0].col, c->col);
		assert_string_equal(dl.items[0].message, c->msg);
		assert_non_null(dl.items[0].source_line);
		diag_list_release(&dl);
	}
}

static void test_text_checks(void **state)
{
	(void)state;
	DiagList dl = DIAGLIST_INIT;
	const char bin[] = "SELECT 1;\n\0\x01";
	assert_int_equal(sql_check_text(bin, sizeof(bin) - 1, "b.sql", &dl), -1);
	assert_string_equal(dl.items[0].rule, "binary-file");
	assert_int_equal(dl.items[0].line, 2);
	const char bad[] = "SELECT 'ok';\nSELECT '\xc3\x28';";
	assert_int_equal(sql_check_text(bad, sizeof(bad) - 1, "u.sql", &dl), -1);
	assert_string_equal(dl.items[1].rule, "invalid-encoding");
	assert_int_equal(dl.items[1].line, 2);
	assert_int_equal(dl.items[1].col, 9);
	const char good[] = "SELECT 'é€😀';";
	assert_int_equal(sql_check_text(good, sizeof(good) - 1, "g.sql", &dl), 0);
	diag_list_release(&dl);
}

static void test_linecol(void **state)
{
	(void)state;
	int l, c;
	sql_offset_to_linecol("ab\ncé d", 6, &l, &c); /* 'é' is two bytes: offset 6 is 'd'... */
	assert_int_equal(l, 2);
	assert_int_equal(c, 3);
	assert_int_equal(sql_charpos_to_offset("é€x", 3), 5);
}

/* The line index agrees with the plain scan at every offset of a text with CRLF, UTF-8 and an empty
 * last line, and finds each line's start. */
static void test_line_index(void **state)
{
	(void)state;
	const char *text = "ab\ncé d\r\n\n€€x;\n";
	SqlLines li = {0};
	sql_lines_build(&li, text);
	assert_int_equal(li.n, 5);
	for (size_t off = 0; off <= strlen(text); off++) {
		int l1, c1, l2, c2;
		sql_offset_to_linecol(text, off, &l1, &c1);
		sql_lines_locate(&li, off, &l2, &c2);
		assert_int_equal(l1, l2);
		assert_int_equal(c1, c2);
	}
	assert_int_equal(sql_lines_start(&li, 1), 0);
	assert_int_equal(sql_lines_start(&li, 2), 3);
	assert_int_equal(sql_lines_start(&li, 4), 11);
	assert_int_equal(sql_lines_start(&li, 99), strlen(text)); /* clamped to the last line */
	sql_lines_build(&li, text);                               /* same text: kept */
	assert_int_equal(li.n, 5);
	sql_lines_free(&li);
}

/* sql_find_ident: the caret for names the parse tree has no location of */
typedef struct IdentCase {
	const char *sql;
	size_t from;
	const char *name;
	size_t want;
} IdentCase;

static const IdentCase ident_cases[] = {
    {"CREATE INDEX i ON t (a, nope);", 18, "nope", 24},
    {"CREATE INDEX i ON t (A, \"Nope\");", 18, "Nope", 24}, /* quoted: as written */
    {"CREATE INDEX i ON t (a, \"nope\");", 18, "NOPE", 18}, /* quoted differs: not found */
    {"CREATE INDEX i ON t (a, NoPe);", 18, "nope", 24},     /* unquoted: down-cased */
    {"UNIQUE (a /* zz */, 'zz', $$zz$$, $q$zz$q$, E'\\'zz', zz)", 0, "zz", 53},
    {"UNIQUE (a, b); CREATE INDEX ON t (zz);", 0, "zz", 0}, /* not past the statement's ';' */
    {"UNIQUE (a, \"x\"\"y\")", 0, "x\"y", 11},
    {"UNIQUE (a, zz", 0, "zz", 11},
    {"UNIQUE (a, $1, zz)", 0, "zz", 15},
};

static void test_find_ident(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(ident_cases); i++) {
		const IdentCase *c = &ident_cases[i];
		assert_int_equal(sql_find_ident(c->sql, c->from, c->name), c->want);
	}
}

/* A statement nesting deeper than SQL_MAX_DEPTH is one error at that statement; one within it parses. */
typedef struct DeepCase {
	size_t terms; /* "1+1+...": about two messages of depth per term */
	bool big;     /* pad past the inline limit: parsed on a thread with a large stack */
	int want_rc;
} DeepCase;

static const DeepCase deep_cases[] = {
    {100, false, 0},
    {SQL_MAX_DEPTH / 4, false, 0},
    {SQL_MAX_DEPTH / 4, true, 0},
    {SQL_MAX_DEPTH, false, -1},
    {SQL_MAX_DEPTH * 8, true, -1},
};

static void test_deep(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(deep_cases); i++) {
		const DeepCase *c = &deep_cases[i];
		StrBuf sb = STRBUF_INIT;
		sb_append(&sb, "SELECT 1;\n");
		if (c->big)
			for (int k = 0; k < 300; k++)
				sb_append(&sb, "-- padding padding padding padding padding\n");
		sb_append(&sb, "SELECT 1");
		for (size_t k = 0; k < c->terms; k++)
			sb_append(&sb, "+1");
		sb_append(&sb, ";\nSELECT 2;\n");
		SqlParse p;
		DiagList dl = DIAGLIST_INIT;
		int rc = sql_parse(sb_str(&sb), "f.sql", &p, &dl);
		assert_int_equal(rc, c->want_rc);
		if (rc == 0) {
			assert_int_equal(p.n, 3);
			sql_parse_free(&p);
		} else {
			assert_int_equal(dl.n, 1);
			assert_string_equal(dl.items[0].rule, "statement-too-deep");
			assert_int_equal(dl.items[0].line, c->big ? 302 : 2);
			assert_int_equal(dl.items[0].col, 1);
		}
		diag_list_release(&dl);
		sb_release(&sb);
	}
}

/* A stored expression parses as `SELECT <text>` (or as a query), under the same depth guard: a text nesting
 * too deep, a syntax error or a statement that is not one SELECT gives NULL, never a crash. */
static void test_select_text(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool wrap;
		int targets; /* -1: NULL expected */
	} cases[] = {
	    {"(a + 1)", true, 1},
	    {"1, 'x'::text", true, 2},
	    {"SELECT a FROM t", false, 1},
	    {"CREATE TABLE t ()", false, -1},
	    {"a +", true, -1},
	    {"SELECT 1; SELECT 2", false, -1},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		PgQuery__SelectStmt *sel = NULL;
		PgQuery__ParseResult *pr = sql_parse_select_text(cases[i].text, cases[i].wrap, &sel);
		if (cases[i].targets < 0) {
			assert_null(pr);
			assert_null(sel);
			continue;
		}
		assert_non_null(pr);
		assert_int_equal(sel->n_target_list, cases[i].targets);
		assert_non_null(sql_select_target(sel, 0));
		assert_null(sql_select_target(sel, (size_t)cases[i].targets));
		pg_query__parse_result__free_unpacked(pr, NULL);
	}
	for (size_t terms = SQL_MAX_DEPTH / 4; terms <= SQL_MAX_DEPTH * 8; terms *= 4) {
		StrBuf sb = STRBUF_INIT;
		sb_append(&sb, "1");
		for (size_t k = 0; k < terms; k++)
			sb_append(&sb, "+1");
		PgQuery__SelectStmt *sel = NULL;
		PgQuery__ParseResult *pr = sql_parse_select_text(sb_str(&sb), true, &sel);
		if (terms < SQL_MAX_DEPTH / 2) {
			assert_non_null(pr);
			pg_query__parse_result__free_unpacked(pr, NULL);
		} else {
			assert_null(pr);
		}
		sb_release(&sb);
	}
}

/* FigureColname over the raw tree, PostgreSQL's names for unnamed output columns (checked against psql). */
static void test_figure_colname(void **state)
{
	(void)state;
	static const struct {
		const char *expr, *name;
		int strength;
	} cases[] = {
	    {"a", "a", 2},
	    {"t.*", "t", 2},
	    {"s.t.c", "c", 2},
	    {"(a).f", "f", 2},
	    {"lower(a)", "lower", 2},
	    {"a::int", "a", 2},
	    {"1::int", "int4", 1},
	    {"'x'::text COLLATE \"C\"", "text", 1},
	    {"a + 1", "?column?", 0},
	    {"nullif(a, b)", "nullif", 2},
	    {"CASE WHEN true THEN 1 ELSE b END", "b", 2},
	    {"CASE WHEN true THEN 1 ELSE 2 END", "case", 1},
	    {"(SELECT x AS z FROM t)", "z", 2},
	    {"(SELECT 1)::int", "?column?", 2},
	    {"EXISTS (SELECT 1)", "exists", 2},
	    {"ARRAY[1, 2]", "array", 2},
	    {"ROW(1, 2)", "row", 2},
	    {"coalesce(a, 0)", "coalesce", 2},
	    {"greatest(a, 0)", "greatest", 2},
	    {"current_user", "current_user", 2},
	    {"xmlconcat('a', 'b')", "xmlconcat", 2},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		PgQuery__SelectStmt *sel;
		PgQuery__ParseResult *pr = sql_parse_select_text(cases[i].expr, true, &sel);
		assert_non_null(pr);
		const char *name = NULL;
		int strength = sql_figure_colname(sql_select_target(sel, 0), &name, NULL, NULL);
		assert_string_equal(name, cases[i].name);
		assert_int_equal(strength, cases[i].strength);
		pg_query__parse_result__free_unpacked(pr, NULL);
	}
}

/* regclass input: unquoted parts fold, quoted keep case and "" is a quote; anything else is not a name */
static void test_qualified_name(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		int n;
		const char *p0, *p1;
	} cases[] = {
	    {"UPPER_Seq", 1, "upper_seq", NULL},
	    {"public.t", 2, "public", "t"},
	    {"billing.\"InvoiceNo\"", 2, "billing", "InvoiceNo"},
	    {"\"a\"\"b\".C", 2, "a\"b", "c"},
	    {" s . t ", 2, "s", "t"},
	    {"a.b.c", 3, "a", "b"},
	    {"a.b.c.d", 0, NULL, NULL},
	    {"\"open", 0, NULL, NULL},
	    {"", 0, NULL, NULL},
	    {"a..b", 0, NULL, NULL},
	    {"\"\"", 0, NULL, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char parts[3][256];
		int n = sql_split_qualified_name(cases[i].in, parts, 3);
		assert_int_equal(n, cases[i].n);
		if (n >= 1)
			assert_string_equal(parts[0], cases[i].p0);
		if (n >= 2)
			assert_string_equal(parts[1], cases[i].p1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split),       cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_text_checks), cmocka_unit_test(test_linecol),
	    cmocka_unit_test(test_line_index),  cmocka_unit_test(test_find_ident),
	    cmocka_unit_test(test_deep),        cmocka_unit_test(test_qualified_name),
	    cmocka_unit_test(test_select_text), cmocka_unit_test(test_figure_colname),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
