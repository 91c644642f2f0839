/* test_normalize.c — the expression normalizer: what a migration writes and what the server prints back
 * (pg_get_expr, with its casts and parentheses) must normalize to the same text (docs/normalization.md). */
#include "unit.h"
#include "catalog/normalize.h"
#include "sql/walk.h"

#include <pg_query.h>

typedef struct Pair {
	const char *written; /* as in a migration */
	const char *server;  /* as pg_get_expr prints it */
	const char *context; /* column type, or NULL */
	const char *want;    /* the normalized text */
} Pair;

static const Pair pairs[] = {
    {"nextval('users_id_seq')", "nextval('users_id_seq'::regclass)", "integer",
     "nextval('users_id_seq'::regclass)"},
    /* regclass input folds unquoted names, quoted ones keep case */
    {"nextval('Users_ID_Seq')", "nextval('users_id_seq'::regclass)", "integer",
     "nextval('users_id_seq'::regclass)"},
    {"nextval('billing.\"InvoiceNo\"')", "nextval('billing.\"InvoiceNo\"'::regclass)", "bigint",
     "nextval('billing.\"InvoiceNo\"'::regclass)"},
    {"'T'::regclass::text", "('t'::regclass)::text", "text", "'t'::regclass::text"},
    /* a number is an OID to regclassin, not a name: kept, never quoted as "16384" */
    {"'16384'::regclass::oid", "('16384'::regclass)::oid", NULL, "'16384'::regclass::oid"},
    {"'active'", "'active'::character varying", "character varying(20)", "'active'"},
    {"'x'", "'x'::text", "text", "'x'"},
    {"price > 0", "(price > (0)::numeric)", NULL, "price > 0"},
    {"status IN ('a', 'b')",
     "((status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))", NULL,
     "status IN ('a', 'b')"},
    {"status NOT IN ('x')", "((status)::text <> ALL ((ARRAY['x'::character varying])::text[]))", NULL,
     "status NOT IN ('x')"},
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
    {"current_setting('app.org')::int", "(current_setting('app.org'::text))::integer", NULL,
     "current_setting('app.org')::int"},
    {"ARRAY[]::integer[]", "ARRAY[]::integer[]", NULL, "ARRAY[]::int[]"},
    {"gen_random_uuid()", "gen_random_uuid()", "uuid", "gen_random_uuid()"},
    {"ARRAY['A']::\"EnvType\"[]", "ARRAY['A'::\"EnvType\"]::\"EnvType\"[]", NULL,
     "ARRAY['A']::\"EnvType\"[]"},
    {"x = ANY (ARRAY[a, b])", "x = ANY (ARRAY[a, b])", NULL, "x = ANY(ARRAY[a, b])"},
    /* date/time literals: the value is printed as the server prints the constant of that type */
    {"'1970-01-01 00:00:00'::timestamp with time zone", "'1970-01-01 00:00:00+00'::timestamp with time zone",
     "timestamp with time zone", "'1970-01-01 00:00:00+00'"},
    {"'1970-01-01 00:00:00'", "'1970-01-01 00:00:00+00'::timestamp with time zone",
     "timestamp with time zone", "'1970-01-01 00:00:00+00'"},
    {"'epoch'", "'1970-01-01 00:00:00+00'::timestamp with time zone", "timestamp with time zone",
     "'1970-01-01 00:00:00+00'"},
    {"'1970-01-01'", "'1970-01-01 00:00:00'::timestamp without time zone", "timestamp without time zone",
     "'1970-01-01 00:00:00'"},
    {"'1970-01-01 00:00:01+00:00'", "'1970-01-01 00:00:01'::timestamp without time zone",
     "timestamp without time zone", "'1970-01-01 00:00:01'"},
    {"'2020-01-01 02:30:00+02:30'::timestamptz", "'2020-01-01 00:00:00+00'::timestamp with time zone", NULL,
     "'2020-01-01 00:00:00+00'"},
    /* a cast of its own is not overridden by the column type: a timestamp value on a timestamptz column */
    {"'1970-01-01'::timestamp", "'1970-01-01 00:00:00'::timestamp without time zone",
     "timestamp with time zone", "'1970-01-01 00:00:00'"},
    {"'2020-01-01'", "'2020-01-01'::date", "date", "'2020-01-01'"},
    /* interval literals */
    {"now() + '3 minutes'::interval", "(now() + '00:03:00'::interval)", NULL, "now() + '00:03:00'"},
    {"'1 day 2 hours'::interval", "'1 day 02:00:00'::interval", NULL, "'1 day 02:00:00'"},
    {"'2 weeks'", "'14 days'::interval", "interval", "'14 days'"},
    {"'13 months'::interval", "'1 year 1 mon'::interval", NULL, "'1 year 1 mon'"},
    /* LIKE family */
    {"url LIKE 'https://%'", "((url)::text ~~ 'https://%'::text)", NULL, "url LIKE 'https://%'"},
    {"url NOT ILIKE 'x%'", "((url)::text !~~* 'x%'::text)", NULL, "url NOT ILIKE 'x%'"},
    /* built-in type names in casts */
    {"CAST(v ->> 'deleted' AS bool)", "((v ->> 'deleted'::text))::boolean", NULL,
     "CAST(v ->> 'deleted' AS boolean)"},
    {"timezone('UTC', now())::timestamptz", "(timezone('UTC'::text, now()))::timestamp with time zone", NULL,
     "timezone('UTC', now())::timestamp with time zone"},
    {"x::int8", "(x)::bigint", NULL, "x::bigint"},
    /* array literals */
    {"v #>> '{state, current}'", "(v #>> '{state,current}'::text[])", NULL, "v #>> '{state,current}'"},
    {"'{\"a\": 1}'::jsonb", "'{\"a\": 1}'::jsonb", NULL, "'{\"a\": 1}'"},
    /* implicit ::text of a varchar expression passed to a text argument */
    {"f(CAST(v ->> 'n' AS varchar))", "f(((v ->> 'n'::text))::character varying::text)", NULL,
     "f(CAST(v ->> 'n' AS varchar))"},
    {"f(COALESCE(CAST(v ->> 'n' AS varchar), ''))",
     "f((COALESCE(((v ->> 'n'::text))::character varying, ''::character varying))::text)", NULL,
     "f(COALESCE(CAST(v ->> 'n' AS varchar), ''))"},
    /* a typed array literal: the element type hoisted to the array */
    {"ARRAY['S', 'P']::\"Env\"[]", "ARRAY['S'::\"Env\", 'P'::\"Env\"]", NULL, "ARRAY['S', 'P']::\"Env\"[]"},
    {"type IN ('S', 'P')", "(type = ANY (ARRAY['S'::\"Env\", 'P'::\"Env\"]))", NULL, "type IN ('S', 'P')"},
    /* bytea literals print in hex */
    {"''", "'\\x'::bytea", "bytea", "E'\\\\x'"},
    {"'abc'::bytea", "'\\x616263'::bytea", NULL, "E'\\\\x616263'"},
    /* a typed constant is stored as its type's input then output function gives it */
    {"'1e3'", "'1000'::real", "real", "1000"},
    {"' yes '", "true", "boolean", "true"},
    {"'OF'", "false", "boolean", "false"},
    {"1e3", "'1000'::numeric", "numeric", "1000"},
    {"'1.5e-3'", "0.0015", "numeric", "0.0015"},
    {"' 12 '", "12", "integer", "12"},
    {"'0.10'", "'0.1'::double precision", "double precision", "0.1"},
    {"'2020-1-2'", "'2020-01-02'::date", "date", "'2020-01-02'"},
    /* COALESCE's common integer type */
    {"COALESCE(a, b, id)", "COALESCE(a, (b)::bigint, id)", NULL, "COALESCE(a, b, id)"},
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
			fprintf(stderr,
			        "pair %zu: written \"%s\" -> \"%s\", server \"%s\" -> \"%s\", want \"%s\"\n",
			        i, pairs[i].written, w ? w : "(null)", pairs[i].server, s ? s : "(null)",
			        pairs[i].want);
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
	PgQuery__ParseResult *pr =
	    pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	PgQuery__SelectStmt *sel = pr->stmts[0]->stmt->select_stmt;
	Arena a;
	arena_init(&a);
	assert_string_equal(expr_normalize(&a, sel->target_list[0]->res_target->val, NULL),
	                    "nextval('s'::regclass)");
	assert_string_equal(expr_normalize(&a, sel->target_list[1]->res_target->val, NULL), "x IN (1, 2)");
	assert_string_equal(expr_normalize(&a, sel->target_list[2]->res_target->val, NULL), "'a'");
	/* the borrowed tree is not modified */
	assert_int_equal(sel->target_list[2]->res_target->val->node_case, PG_QUERY__NODE__NODE_TYPE_CAST);
	assert_string_equal(query_normalize_sql(&a, "select a, b from t where (x = 1)"),
	                    "SELECT a, b FROM t WHERE x = 1");
	arena_release(&a);
	pg_query__parse_result__free_unpacked(pr, NULL);
	pg_query_free_protobuf_parse_result(r);
}

/* The memo of expr_normalize_rel: the same expression at another place in the text is answered from it
 * with the same text; another expression, context type or qualifying relation is not. */
static void test_memo(void **state)
{
	(void)state;
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(
	    "SELECT now(),    now(), '1', 1, t.a, a, now(), '1',\n   t.a, 'a:1', 'a', ':1'");
	assert_null(r.error);
	PgQuery__ParseResult *pr =
	    pg_query__parse_result__unpack(NULL, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	PgQuery__SelectStmt *sel = pr->stmts[0]->stmt->select_stmt;
	const PgQuery__Node *e[12];
	for (size_t i = 0; i < 12; i++)
		e[i] = sel->target_list[i]->res_target->val;
	assert_int_not_equal(e[0]->func_call->location, e[1]->func_call->location);
	Arena a;
	arena_init(&a);
	size_t hits, misses;
	static const struct {
		int expr;
		const char *context, *rel, *want;
		bool hit;
	} steps[] = {
	    {0, "timestamp with time zone", "t", "now()", false},
	    {1, "timestamp with time zone", "t", "now()", true}, /* same tree, other location */
	    {6, "timestamp with time zone", "u", "now()", true}, /* REL unused by the expression */
	    {0, "text", "t", "now()", false},                    /* another context type */
	    {0, NULL, NULL, "now()", false},                     /* none */
	    {2, NULL, NULL, "'1'", false},                       /* '1' is not 1 */
	    {3, NULL, NULL, "1", false},                         /* 1 */
	    {7, NULL, NULL, "'1'", true},                        /* '1' again */
	    {2, "integer", NULL, "1", false},                    /* '1' read as an integer */
	    {4, NULL, "t", "a", false},                          /* t.a of relation t */
	    {8, NULL, "t", "a", true},                           /* t.a elsewhere */
	    {4, NULL, "u", "t.a", false},                        /* t.a of another relation */
	    {5, NULL, "t", "a", false},                          /* a bare a is not t.a */
	    {9, NULL, NULL, "'a:1'", false},                     /* strings are length-prefixed: */
	    {10, NULL, NULL, "'a'", false},                      /* no two of these share a key */
	    {11, NULL, NULL, "':1'", false},
	};
	expr_memo_clear();
	size_t want_hits = 0, want_misses = 0;
	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		const char *got = expr_normalize_rel(&a, e[steps[i].expr], steps[i].context, steps[i].rel);
		want_hits += steps[i].hit;
		want_misses += !steps[i].hit;
		expr_memo_stats(&hits, &misses);
		if (!got || strcmp(got, steps[i].want) || hits != want_hits || misses != want_misses)
			fail_msg("step %zu: \"%s\" (want \"%s\"), %zu hits %zu misses (want %zu, %zu)", i,
			         got ? got : "(null)", steps[i].want, hits, misses, want_hits, want_misses);
	}
	/* the keys themselves: equal for the two now(), different for '1' and 1 */
	StrBuf k0 = STRBUF_INIT, k1 = STRBUF_INIT, k2 = STRBUF_INIT, k3 = STRBUF_INIT;
	sql_tree_key(&k0, &e[0]->base);
	sql_tree_key(&k1, &e[1]->base);
	sql_tree_key(&k2, &e[2]->base);
	sql_tree_key(&k3, &e[3]->base);
	assert_string_equal(sb_str(&k0), sb_str(&k1));
	assert_string_not_equal(sb_str(&k2), sb_str(&k3));
	sb_release(&k0);
	sb_release(&k1);
	sb_release(&k2);
	sb_release(&k3);
	expr_memo_clear();
	arena_release(&a);
	pg_query__parse_result__free_unpacked(pr, NULL);
	pg_query_free_protobuf_parse_result(r);
}

static void test_builtin_types(void **state)
{
	(void)state;
	static const char *const map[][2] = {
	    {"int4", "integer"},
	    {"int", "integer"},
	    {"int8", "bigint"},
	    {"float8", "double precision"},
	    {"varchar", "character varying"},
	    {"bpchar", "character"},
	    {"timestamptz", "timestamp with time zone"},
	    {"timestamp", "timestamp without time zone"},
	    {"bool", "boolean"},
	    {"decimal", "numeric"},
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		assert_string_equal(type_builtin_canonical(map[i][0]), map[i][1]);
	assert_null(type_builtin_canonical("mood"));
}

/* Names the server prints unqualified under the search_path: relations, functions, regclass literals. */
static void test_unqualify(void **state)
{
	(void)state;
	Arena a;
	arena_init(&a);
	static const char *const path[] = {"public"};
	assert_string_equal(sql_unqualify(&a, "nextval('public.users_id_seq'::regclass)", true, path, 1),
	                    "nextval('users_id_seq'::regclass)");
	assert_string_equal(sql_unqualify(&a, "public.lower(other_names)", true, path, 1),
	                    "lower(other_names)");
	assert_string_equal(sql_unqualify(&a, "other.f(x)", true, path, 1), "other.f(x)");
	assert_string_equal(sql_unqualify(&a, "pg_catalog.now()", true, path, 1), "pg_catalog.now()");
	assert_string_equal(sql_unqualify(&a, "SELECT posts.id FROM public.posts", false, path, 1),
	                    "SELECT posts.id FROM posts");
	assert_string_equal(sql_unqualify(&a, "x::public.mood", true, path, 1), "x::mood");
	assert_string_equal(sql_unqualify(&a, "x::other.mood", true, path, 1), "x::other.mood");
	arena_release(&a);
}

/* Names moved to another schema (ALTER ... SET SCHEMA, ALTER SCHEMA RENAME) in stored texts. */
static void test_move(void **state)
{
	(void)state;
	Arena a;
	arena_init(&a);
	static const struct {
		const char *text;
		int form;
		char kind;
		const char *name, *want;
	} cases[] = {
	    {"SELECT t.a FROM public.t JOIN public.u ON true", 0, 'r', "t",
	     "SELECT t.a FROM s2.t JOIN public.u ON true"},
	    {"nextval('public.sq'::regclass)", 1, 'r', "sq", "nextval('s2.sq'::regclass)"},
	    {"public.f(x) > 0 AND public.g(x) > 0", 1, 'f', "f", "s2.f(x) > 0 AND public.g(x) > 0"},
	    {"m <> 'a'::public.mood", 1, 't', "mood", "m <> 'a'::s2.mood"},
	    {"public.f(x::public.mood) FROM", 1, 'f', "f", "public.f(x::public.mood) FROM"}, /* no parse */
	    {"SELECT public.f(t.a) FROM public.t", 0, 's', NULL, "SELECT s2.f(t.a) FROM s2.t"},
	    {"RETURN public.f(x)", 2, 'f', "f", "RETURN s2.f(x)"},
	    {"other.f(x)", 1, 's', NULL, "other.f(x)"},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		assert_string_equal(sql_move_name(&a, cases[i].text, cases[i].form, cases[i].kind, "public",
		                                  cases[i].name, "s2"),
		                    cases[i].want);
	arena_release(&a);
}

/* View definitions: written query (replayed, columns qualified from the catalog) vs pg_get_viewdef text. */
static int has_col(void *ctx, const char *schema, const char *rel, const char *col)
{
	(void)ctx;
	(void)schema;
	if (!strcmp(rel, "runs"))
		return !strcmp(col, "job_uuid") || !strcmp(col, "uuid");
	if (!strcmp(rel, "jobs"))
		return !strcmp(col, "name") || !strcmp(col, "uuid");
	return -1;
}

static void test_views(void **state)
{
	(void)state;
	static const struct {
		const char *written, *server;
		const char *cols[2];
	} views[] = {
	    /* bare columns qualified; `x AS x` loses AS; literal casts outside the output columns dropped */
	    {"SELECT r.uuid AS uuid, job_uuid, name FROM runs r JOIN jobs j ON j.uuid = r.job_uuid WHERE "
	     "name = 'x'",
	     "SELECT r.uuid, r.job_uuid, j.name FROM (runs r JOIN jobs j ON ((j.uuid = r.job_uuid))) WHERE "
	     "((j.name)::text = 'x'::text)",
	     {NULL, NULL}},
	    /* an expression without AS gets the name the server gives it; the written column list renames */
	    {"SELECT crate_id, SUM(d) FROM t GROUP BY crate_id",
	     "SELECT t.crate_id, sum(t.d) AS downloads FROM t GROUP BY t.crate_id",
	     {"crate_id", "downloads"}},
	    {"SELECT ARRAY(SELECT ROW(a, b)::pair) AS p FROM t",
	     "SELECT ARRAY( SELECT ROW(t.a, t.b)::pair AS \"row\") AS p FROM t",
	     {NULL, NULL}},
	    /* an output column's own cast is kept (it is the column's type) */
	    {"SELECT 'Post'::varchar AS model_type FROM t",
	     "SELECT 'Post'::character varying AS model_type FROM t",
	     {NULL, NULL}},
	    /* a literal whose type no column fixes keeps its cast: without it '90 days' would be read as a
	     * timestamp (the generated view would not even load); numbers need none */
	    {"SELECT crate_id FROM t WHERE d > date(now() - interval '90 days') AND n > '5'::integer",
	     "SELECT t.crate_id FROM t WHERE ((t.d > date((now() - '90 days'::interval))) AND (t.n > 5))",
	     {NULL, NULL}},
	};
	Arena a;
	arena_init(&a);
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(views); i++) {
		PgQueryProtobufParseResult pr = pg_query_parse_protobuf(views[i].written);
		PgQuery__ParseResult *res = pg_query__parse_result__unpack(
		    NULL, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
		pg_query_free_protobuf_parse_result(pr);
		size_t nc = views[i].cols[0] ? 2 : 0;
		const char *w =
		    view_query_normalize(&a, res->stmts[0]->stmt, views[i].cols, nc, has_col, NULL);
		pg_query__parse_result__free_unpacked(res, NULL);
		const char *sv = view_query_normalize_sql(&a, views[i].server);
		if (!w || !sv || strcmp(w, sv)) {
			fprintf(stderr, "view %zu: written -> \"%s\", server -> \"%s\"\n", i,
			        w ? w : "(null)", sv ? sv : "(null)");
			failed++;
		}
	}
	/* the output column's cast survives */
	assert_non_null(strstr(view_query_normalize_sql(&a, views[3].server), "::varchar AS model_type"));
	assert_non_null(strstr(view_query_normalize_sql(&a, views[4].server), "'90 days'::interval"));
	assert_null(strstr(view_query_normalize_sql(&a, views[4].server), "'5'"));
	arena_release(&a);
	assert_int_equal(failed, 0);
}

/* jsonb constants print as jsonb_out prints jsonb_in's value (outputs taken from PostgreSQL 15) */
static const struct {
	const char *in, *want; /* want NULL: not jsonb input, kept as written */
} jsonb_cases[] = {
    {"{\"b\": false, \"a\": { \"x\": 1 } }", "{\"a\": {\"x\": 1}, \"b\": false}"},
    {"{\"bb\":1,\"a\":2,\"c\":3}", "{\"a\": 2, \"c\": 3, \"bb\": 1}"},
    {"{\"a\":1,\"a\":2}", "{\"a\": 2}"},
    {"[1, 2.50, -0, -0.0, 1e2, 1.5E1, 1.23e-2, 0.00]", "[1, 2.50, 0, 0.0, 100, 15, 0.0123, 0.00]"},
    {"{\"s\":\"a\\/b\\u00e9\\n\\\"q\\\"\\\\ \\u0001 \\ud83d\\ude00\"}",
     "{\"s\": \"a/bé\\n\\\"q\\\"\\\\ \\u0001 😀\"}"},
    {"  \"str\"  ", "\"str\""},
    {"12.3400", "12.3400"},
    {"[]", "[]"},
    {"{}", "{}"},
    {"[ {} , [ ] , null, true ,false]", "[{}, [], null, true, false]"},
    {"{\"\": 1, \"z\": {\"y\": [1, {\"b\":2, \"a\":1}]}}",
     "{\"\": 1, \"z\": {\"y\": [1, {\"a\": 1, \"b\": 2}]}}"},
    {"-12e-3", "-0.012"},
    {"100E+0", "100"},
    {"5e-1", "0.5"},
    {"{\"a\": 01}", NULL},
    {"{\"a\": 1,}", NULL},
    {"\"\\u0000\"", NULL},
    {"[1] x", NULL},
    {"nul", NULL},
};

static void test_jsonb(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(jsonb_cases); i++) {
		char *got = jsonb_canonical(jsonb_cases[i].in);
		if (!jsonb_cases[i].want)
			assert_null(got);
		else
			assert_string_equal(got ? got : "(null)", jsonb_cases[i].want);
		free(got);
	}
	/* in a column default and in a cast: the stored constant's text */
	Arena a;
	arena_init(&a);
	assert_string_equal(expr_normalize_sql(&a, "'{\"b\": 1,  \"a\": [1.50, 2e1]}'", "jsonb"),
	                    "'{\"a\": [1.50, 20], \"b\": 1}'");
	assert_string_equal(expr_normalize_sql(&a, "'{\"b\":1,\"a\":2}'::jsonb", NULL),
	                    "'{\"a\": 2, \"b\": 1}'");
	/* json keeps its text (json_in only validates) */
	assert_string_equal(expr_normalize_sql(&a, "'{\"b\":1,\"a\":2}'::json", NULL), "'{\"b\":1,\"a\":2}'");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pairs),         cmocka_unit_test(test_tree_path),
	    cmocka_unit_test(test_builtin_types), cmocka_unit_test(test_move),
	    cmocka_unit_test(test_unqualify),     cmocka_unit_test(test_views),
	    cmocka_unit_test(test_memo),          cmocka_unit_test(test_jsonb),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
