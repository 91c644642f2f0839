/* test_expr.c — expression analysis (src/analysis/expr*.c): the stored form of every case of
 * tests/expr/cases.sql (the `-->` lines: what PostgreSQL 15 stores, as test_expr_oracle.sh proves on a real
 * server), the errors of tests/expr/errors.sql with their SQLSTATE and position, and the generated pg_catalog
 * tables the analysis resolves against. */
#include "unit.h"
#include "catalog/builtins.h"
#include "replay_util.h"
#include "util/fs.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_append_n(&sb, buf, n);
	fclose(f);
	return sb_detach(&sb);
}

/* Does TEXT hold LINE as one of its lines (leading white space ignored)? */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && !strncmp(p, line, n))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* Every `--> LINE` of cases.sql is a line of the replayed schema's text (or of its SQL, for function
 * bodies), and the replay has no error. */
static void test_cases_table(void **state)
{
	(void)state;
	char *sql = slurp("tests/expr/cases.sql");
	assert_non_null(sql);
	Replayed r;
	replayed_run(&r, sql, NULL, NULL);
	if (replayed_errors(&r))
		replayed_print_errors(&r);
	assert_int_equal(replayed_errors(&r), 0);
	StrBuf sqlout = STRBUF_INIT;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_dump_sql(r.cat, &sqlout, &dl), 0);
	diag_list_release(&dl);
	int checked = 0, missing = 0;
	for (const char *p = sql; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len > 4 && !strncmp(p, "--> ", 4)) {
			char *want = xstrndup(p + 4, len - 4);
			checked++;
			if (!has_line(r.text, want) && !has_line(sb_str(&sqlout), want)) {
				fprintf(stderr, "not stored as: %s\n", want);
				missing++;
			}
			free(want);
		}
		p = nl ? nl + 1 : NULL;
	}
	if (missing)
		fprintf(stderr, "--- the model's schema:\n%s\n", r.text);
	assert_true(checked > 150);
	assert_int_equal(missing, 0);
	sb_release(&sqlout);
	replayed_free(&r);
	free(sql);
}

/* Every case of errors.sql fails offline with its `--! SQLSTATE LINE:COL MESSAGE`. */
static void test_errors_table(void **state)
{
	(void)state;
	char *text = slurp("tests/expr/errors.sql");
	assert_non_null(text);
	int cases = 0, bad = 0;
	char *p = strstr(text, "\n-- case: ");
	while (p) {
		p++;
		char *next = strstr(p, "\n-- case: ");
		size_t len = next ? (size_t)(next - p) : strlen(p);
		char *c = xstrndup(p, len);
		char name[128] = "";
		sscanf(c, "-- case: %127s", name);
		char *body = strchr(c, '\n');
		char *want = strstr(c, "\n--! ");
		assert_non_null(body);
		assert_non_null(want);
		char state_want[6] = "";
		int line = 0, col = 0, used = 0;
		assert_int_equal(sscanf(want + 5, "%5s %d:%d %n", state_want, &line, &col, &used), 3);
		char *msg = xstrndup(want + 5 + used, strcspn(want + 5 + used, "\n"));
		*want = 0; /* the SQL: the lines after the `-- case:` line, up to the expectation */
		Replayed r;
		replayed_run(&r, body + 1, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		cases++;
		if (!d || strcmp(d->message, msg) || strcmp(d->sqlstate, state_want) || d->line != line ||
		    d->col != col) {
			fprintf(stderr, "case %s: want %s %d:%d %s\n  got  %s %d:%d %s\n", name, state_want,
			        line, col, msg, d ? d->sqlstate : "-", d ? d->line : 0, d ? d->col : 0,
			        d ? d->message : "(no error)");
			bad++;
		}
		replayed_free(&r);
		free(msg);
		free(c);
		p = next;
	}
	assert_true(cases >= 20);
	assert_int_equal(bad, 0);
	free(text);
}

/* The generated tables: types by name and oid, casts with their context, functions and operators by
 * name (what scripts/gen-pg-builtins read from pg_catalog). */
static void test_builtins(void **state)
{
	(void)state;
	uint16_t i4 = pgb_type_by_name("integer"), i4b = pgb_type_by_name("int4");
	assert_int_not_equal(i4, PGB_NONE);
	assert_int_equal(i4, i4b);
	assert_int_equal(pg_btypes[i4].oid, 23);
	assert_int_equal(pgb_type_by_oid(23), i4);
	uint16_t text = pgb_type_by_name("text"), vc = pgb_type_by_name("character varying");
	uint16_t ta = pgb_type_by_name("text[]");
	assert_int_equal(pg_btypes[text].array, ta);
	assert_int_equal(pg_btypes[ta].elem, text);
	assert_true(pg_btypes[text].preferred);
	assert_int_equal(pg_btypes[vc].category, 'S');
	/* text -> varchar: implicit and binary coercible; int8 -> int4: assignment, by function */
	const PgBCast *c = pgb_cast(text, vc);
	assert_non_null(c);
	assert_int_equal(c->context, 'i');
	assert_int_equal(c->method, 'b');
	c = pgb_cast(pgb_type_by_name("bigint"), i4);
	assert_non_null(c);
	assert_int_equal(c->context, 'a');
	assert_null(pgb_cast(pgb_type_by_name("uuid"), i4));
	size_t first, n = pgb_funcs_named("lower", &first);
	assert_true(n >= 1);
	bool lower_text = false;
	for (size_t k = 0; k < n; k++)
		lower_text |=
		    pg_bfuncs[first + k].nargs == 1 && pg_bfunc_args[pg_bfuncs[first + k].args] == text;
	assert_true(lower_text);
	assert_int_equal(pgb_funcs_named("no_such_function_xyz", &first), 0);
	n = pgb_opers_named("||", &first);
	assert_true(n >= 3);
	for (size_t k = 0; k < n; k++)
		assert_string_equal(pg_bopers[first + k].name, "||");
	assert_int_equal(pgb_type_by_oid(1), PGB_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_builtins),
	    cmocka_unit_test(test_cases_table),
	    cmocka_unit_test(test_errors_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
