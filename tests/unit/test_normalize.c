/* test_normalize.c — the expression normalizer: what a migration writes and what the server prints back
 * (pg_get_expr, with its casts and parentheses) must normalize to the same text (docs/normalization.md). */
#include "unit.h"
#include "catalog/normalize.h"

#include <pg_query.h>

typedef struct Pair {
	const char *written; /* as in a migration */
	const char *server;  /* as pg_get_expr prints it */
	const char *context; /* column type, or NULL */
	const char *want;    /* the normalized text */
} Pair;

static const Pair pairs[] = {
	{"nextval('users_id_seq')", "nextval('users_id_seq'::regclass)", "integer", "nextval('users_id_seq'::regclass)"},
	{"'active'", "'active'::character varying", "character varying(20)", "'active'"},
	{"'x'", "'x'::text", "text", "'x'"},
	{"price > 0", "(price > (0)::numeric)", NULL, "price > 0"},
	{"status IN ('a', 'b')", "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", NULL,
	 "status = ANY(ARRAY['a', 'b'])"},
	{"status NOT IN ('x')", "((status)::text <> ALL ((ARRAY['x'::character varying])::text[]))", NULL, "status <> ALL(ARRAY['x'])"},
	{"-1", "'-1'::integer", "integer", "-1"},
	{"-1.5", "'-1.5'::numeric", "numeric(10,2)", "-1.5"},
	{"5", "5", "bigint", "5"},
	{"'5'", "5", "integer", "5"},
	{"'t'", "true", "boolean", "true"},
	{"false", "false", "boolean", "false"},
	{"'{}'", "'{}'::jsonb", "jsonb", "'{}'"},
	{"'{}'", "'{}'::text[]", "text[]", "'{}'"},
	{"now()", "now()", NULL, "now()"},
	{"CURRENT_TIMESTAMP", "CURRENT_TIMESTAMP", NULL, "current_timestamp"},
	{"pg_catalog.now()", "now()", NULL, "now()"},
	{"lower(email)", "lower((email)::text)", NULL, "lower(email)"},
	{"a > 0 and b < 10", "((a > 0) AND (b < 10))", NULL, "a > 0 AND b < 10"},
	{"'2020-01-01'", "'2020-01-01'::date", "date", "'2020-01-01'"},
	{"current_setting('app.org')::int", "(current_setting('app.org'::text))::integer", NULL, "current_setting('app.org')::int"},
	{"ARRAY[]::integer[]", "ARRAY[]::integer[]", NULL, "ARRAY[]::int[]"},
	{"gen_random_uuid()", "gen_random_uuid()", "uuid", "gen_random_uuid()"},
};

static void test_pairs(void **state)
{
	(void)state;
	Arena a;
	arena_init(&a);
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(pairs); i++) {
		const char *w = expr_normalize_sql(&a, pairs[i].written, pairs[i].context);
		const char *s = expr_normalize_sql(&a, pairs[i].server, pairs[i].context);
		if (!w || !s || strcmp(w, pairs[i].want) || strcmp(s, pairs[i].want)) {
			fprintf(stderr, "pair %zu: written \"%s\" -> \"%s\", server \"%s\" -> \"%s\", want \"%s\"\n", i,
				pairs[i].written, w ? w : "(null)", pairs[i].server, s ? s : "(null)", pairs[i].want);
			failed++;
		}
	}
	assert_null(expr_normalize_sql(&a, "1 +", NULL));
	arena_release(&a);
	assert_int_equal(failed, 0);
}

/* The tree path (what replay uses) gives the same text as the SQL-text path. */
static void test_tree_path(void **state)
{
	(void)state;
	PgQueryProtobufParseResult r = pg_query_parse_protobuf("SELECT nextval('s'), x IN (1, 2), 'a'::text");
	assert_null(r.error);
	PgQuery__ParseResult *pr = pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	PgQuery__SelectStmt *sel = pr->stmts[0]->stmt->select_stmt;
	Arena a;
	arena_init(&a);
	assert_string_equal(expr_normalize(&a, sel->target_list[0]->res_target->val, NULL), "nextval('s'::regclass)");
	assert_string_equal(expr_normalize(&a, sel->target_list[1]->res_target->val, NULL), "x = ANY(ARRAY[1, 2])");
	assert_string_equal(expr_normalize(&a, sel->target_list[2]->res_target->val, NULL), "'a'");
	/* the borrowed tree is not modified */
	assert_int_equal(sel->target_list[2]->res_target->val->node_case, PG_QUERY__NODE__NODE_TYPE_CAST);
	assert_string_equal(query_normalize_sql(&a, "select a, b from t where (x = 1)"), "SELECT a, b FROM t WHERE x = 1");
	arena_release(&a);
	pg_query__parse_result__free_unpacked(pr, NULL);
	pg_query_free_protobuf_parse_result(r);
}

static void test_builtin_types(void **state)
{
	(void)state;
	static const char *const map[][2] = {
		{"int4", "integer"}, {"int", "integer"}, {"int8", "bigint"}, {"float8", "double precision"},
		{"varchar", "character varying"}, {"bpchar", "character"}, {"timestamptz", "timestamp with time zone"},
		{"timestamp", "timestamp without time zone"}, {"bool", "boolean"}, {"decimal", "numeric"},
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		assert_string_equal(type_builtin_canonical(map[i][0]), map[i][1]);
	assert_null(type_builtin_canonical("mood"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_tree_path),
		cmocka_unit_test(test_builtin_types),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
