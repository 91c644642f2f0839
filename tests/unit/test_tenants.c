/* test_tenants.c — the pure parts of multi-tenancy: tenant names, sources, search_path quoting, waves,
 * on-error policy, LIKE filter, progress line. */
#include "unit.h"
#include "exec/progress.h"
#include "exec/tenants.h"

static void test_names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool ok;
	} cases[] = {
	    {"acme", true},
	    {"Acme Corp", true},
	    {"a\"; DROP SCHEMA public; --", true}, /* quoted everywhere: allowed */
	    {"tenant_ü", true},
	    {"", false},
	    {"pg_temp", false},
	    {"information_schema", false},
	    {"strata", false},
	    {"public", false}, /* the shared schema */
	    {"a\nb", false},
	    {"a\tb", false},
	    {"123456789012345678901234567890123456789012345678901234567890123", true},   /* 63 */
	    {"1234567890123456789012345678901234567890123456789012345678901234", false}, /* 64 */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *why = tenant_name_problem(cases[i].name, "public");
		if ((why == NULL) != cases[i].ok)
			fail_msg("name %zu \"%s\": got %s", i, cases[i].name, why ? why : "ok");
	}
}

static void test_sources(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int rc;
		SourceKind kind;
		size_t n;
		const char *arg;
	} cases[] = {
	    {NULL, 0, SRC_LEDGER, 0, NULL},
	    {"", 0, SRC_LEDGER, 0, NULL},
	    {"ledger", 0, SRC_LEDGER, 0, NULL},
	    {"list:a,b,c", 0, SRC_LIST, 3, NULL},
	    {"list: a , b ,, c ", 0, SRC_LIST, 3, NULL},
	    {"list:", -1, SRC_LEDGER, 0, NULL},
	    {"list:pg_x", -1, SRC_LEDGER, 0, NULL},
	    {"pattern:tenant_%", 0, SRC_PATTERN, 0, "tenant_%"},
	    {"pattern:", -1, SRC_LEDGER, 0, NULL},
	    {"query: SELECT schema_name FROM public.customers", 0, SRC_QUERY, 0,
	     "SELECT schema_name FROM public.customers"},
	    {"regex:.*", -1, SRC_LEDGER, 0, NULL},
	    {"tenant_%", -1, SRC_LEDGER, 0, NULL},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		TenantSource s;
		char *err = NULL;
		int rc = tenant_source_parse(cases[i].text, &s, &err);
		if (rc != cases[i].rc)
			fail_msg("source %zu \"%s\": rc %d (%s)", i, cases[i].text ? cases[i].text : "NULL",
			         rc, err ? err : "");
		if (rc == 0) {
			assert_int_equal(s.kind, cases[i].kind);
			assert_int_equal(s.n, cases[i].n);
			if (cases[i].arg)
				assert_string_equal(s.arg, cases[i].arg);
			tenant_source_free(&s);
		} else
			assert_non_null(err);
		free(err);
	}
	TenantSource s;
	char *err = NULL;
	assert_int_equal(tenant_source_parse("list: x , y", &s, &err), 0);
	assert_string_equal(s.names[0], "x");
	assert_string_equal(s.names[1], "y");
	tenant_source_free(&s);
}

static void test_search_path(void **state)
{
	(void)state;
	static const struct {
		const char *tmpl, *tenant, *want; /* want NULL: an error */
	} cases[] = {
	    {"$tenant, public", "acme", "\"acme\", \"public\""},
	    {NULL, "acme", "\"acme\", \"public\""},
	    {"$tenant,public", "Acme Corp", "\"Acme Corp\", \"public\""},
	    {"$tenant, public", "a\"; DROP SCHEMA public; --",
	     "\"a\"\"; DROP SCHEMA public; --\", \"public\""},
	    {"$tenant, \"Shared Stuff\", Ext", "t", "\"t\", \"Shared Stuff\", \"ext\""},
	    {"\"a\"\"b\", $tenant", "t", "\"a\"\"b\", \"t\""},
	    {"public", "t", NULL},            /* no $tenant */
	    {"$tenant, , public", "t", NULL}, /* empty element */
	    {"$tenant, \"open", "t", NULL},   /* unterminated */
	    {"$tenant public", "t", NULL},    /* missing comma */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		StrBuf sb = STRBUF_INIT;
		char *err = NULL;
		int rc = tenant_search_path(&sb, cases[i].tmpl, "public", cases[i].tenant, &err);
		if (cases[i].want == NULL) {
			if (rc == 0)
				fail_msg("search_path %zu: want an error, got %s", i, sb_str(&sb));
			assert_non_null(err);
			assert_string_equal(sb_str(&sb), "");
		} else if (rc != 0 || strcmp(sb_str(&sb), cases[i].want))
			fail_msg("search_path %zu: got [%s] (%s), want [%s]", i, sb_str(&sb), err ? err : "",
			         cases[i].want);
		free(err);
		sb_release(&sb);
	}
	StrBuf sb = STRBUF_INIT;
	char *err = NULL;
	assert_int_equal(tenant_search_path(&sb, NULL, "shared", "t", &err), 0);
	assert_string_equal(sb_str(&sb), "\"t\", \"shared\"");
	sb_release(&sb);
}

static void test_waves(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		size_t total;
		int n;
		size_t ends[4];
	} cases[] = {
	    {NULL, 200, 1, {200}},
	    {"1,10%,100%", 200, 3, {1, 20, 200}},
	    {"1,10%", 200, 3, {1, 20, 200}},     /* the rest is a last wave */
	    {"1,10%,100%", 5, 3, {1, 1 + 0, 5}}, /* 10% of 5 rounds up to 1: merged with wave 1 */
	    {"5,5", 100, 2, {5, 100}},
	    {"50%", 3, 2, {2, 3}},
	    {"1000", 10, 1, {10}},
	    {"10%,5", 100, -1, {0}}, /* decreasing */
	    {"0", 10, -1, {0}},
	    {"x", 10, -1, {0}},
	    {"150%", 10, -1, {0}},
	    {"1.5", 10, -1, {0}},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		size_t ends[8];
		char *err = NULL;
		int n = waves_parse(cases[i].spec, cases[i].total, ends, 8, &err);
		if (i == 3) { /* 1, ceil(0.5)=1 (same: dropped), 5 */
			assert_int_equal(n, 2);
			assert_int_equal(ends[0], 1);
			assert_int_equal(ends[1], 5);
			continue;
		}
		if (n != cases[i].n)
			fail_msg("waves %zu \"%s\": got %d waves (%s), want %d", i,
			         cases[i].spec ? cases[i].spec : "NULL", n, err ? err : "", cases[i].n);
		for (int k = 0; k < n; k++)
			if (ends[k] != cases[i].ends[k])
				fail_msg("waves %zu: wave %d ends at %zu, want %zu", i, k, ends[k],
				         cases[i].ends[k]);
		if (n < 0)
			assert_non_null(err);
		free(err);
	}
}

static void test_on_error(void **state)
{
	(void)state;
	OnError p;
	char *err = NULL;
	assert_int_equal(on_error_parse("stop", &p, &err), 0);
	assert_false(on_error_should_stop(&p, 0, 100));
	assert_true(on_error_should_stop(&p, 1, 100));
	assert_int_equal(on_error_parse("continue", &p, &err), 0);
	assert_false(on_error_should_stop(&p, 99, 100));
	assert_int_equal(on_error_parse("threshold=5%", &p, &err), 0);
	assert_false(on_error_should_stop(&p, 5, 100));
	assert_true(on_error_should_stop(&p, 6, 100));
	assert_int_equal(on_error_parse("threshold=0%", &p, &err), 0);
	assert_true(on_error_should_stop(&p, 1, 1000));
	static const char *const bad[] = {"threshold=5", "threshold=%",   "threshold=101%",
	                                  "halt",        "threshold=5%x", ""};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (on_error_parse(bad[i], &p, &err) == 0)
			fail_msg("on-error \"%s\" accepted", bad[i]);
		assert_non_null(err);
		free(err);
		err = NULL;
	}
}

static void test_like(void **state)
{
	(void)state;
	static const struct {
		const char *pat, *s;
		bool m;
	} cases[] = {
	    {"acme_%", "acme_01", true},  {"acme_%", "acme", false}, {"acme\\_%", "acmex1", false},
	    {"acme\\_%", "acme_1", true}, {"%", "", true},           {"a_c", "abc", true},
	    {"a_c", "abcd", false},       {"%b%", "abc", true},      {"%x%", "abc", false},
	    {"t%1", "t_0001", true},      {"t%1", "t_0010", false},  {"", "", true},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++)
		if (like_match(cases[i].pat, cases[i].s) != cases[i].m)
			fail_msg("like %zu: \"%s\" LIKE \"%s\"", i, cases[i].s, cases[i].pat);
}

static void test_progress_line(void **state)
{
	(void)state;
	Progress p;
	progress_init(&p, NULL, 100);
	p.t0_ms = 0;
	p.done = 40;
	p.failed = 10;
	char buf[256];
	progress_format(&p, 10000, buf, sizeof(buf));
	assert_string_equal(buf, "50/100 tenants: 40 done, 10 failed, 50 remaining, 5.0/s, eta 0:10");
	p.tty = true;
	progress_format(&p, 10000, buf, sizeof(buf));
	assert_string_equal(
	    buf,
	    "[############............] 50/100 tenants: 40 done, 10 failed, 50 remaining, 5.0/s, eta 0:10");
}

static void test_split(void **state)
{
	(void)state;
	char **v;
	size_t n = split_list(" postgresql://a/x , postgresql://b/x,,", &v);
	assert_int_equal(n, 2);
	assert_string_equal(v[0], "postgresql://a/x");
	assert_string_equal(v[1], "postgresql://b/x");
	free_list(v, n);
}

static void test_db_names(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		bool ok;
	} cases[] = {
	    {"tenant_1", true},
	    {"a\"; DROP DATABASE postgres; --", true}, /* quoted everywhere */
	    {"strata", true},                          /* a database may be called that */
	    {"", false},
	    {"template0", false},
	    {"template1", false},
	    {"a\nb", false},
	    {"1234567890123456789012345678901234567890123456789012345678901234", false}, /* 64 */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *why = tenant_db_name_problem(cases[i].name);
		if ((why == NULL) != cases[i].ok)
			fail_msg("db name %zu \"%s\": got %s", i, cases[i].name, why ? why : "ok");
	}
}

static void test_history_prefix(void **state)
{
	(void)state;
	Migration items[3] = {{0}};
	items[0].version = "0001";
	items[1].version = "0002";
	items[2].version = "0003";
	MigrationSet set = {0};
	set.items = items;
	set.n = 3;
	const char *sums[3] = {"a", "b", "c"};
	static const struct {
		const char *versions[4], *checksums[4];
		size_t n;
		int rc;
		size_t from;
		const char *why; /* substring */
	} cases[] = {
	    {{0}, {0}, 0, 0, 0, NULL},
	    {{"0001"}, {"a"}, 1, 0, 1, NULL},
	    {{"0002", "0001"}, {"b", "a"}, 2, 0, 2, NULL}, /* any order */
	    {{"0001", "0002", "0003"}, {"a", "b", "c"}, 3, 0, 3, NULL},
	    {{"0001", "0002"}, {"a", "x"}, 2, -1, 0, "\"0002\" was edited"},
	    {{"0001", "0009"}, {"a", "z"}, 2, -1, 0, "\"0009\", which is not a tenant migration"},
	    {{"0001", "0003"}, {"a", "c"}, 2, -1, 0, "has \"0003\" but not the earlier \"0002\""},
	    {{"0001"}, {NULL}, 1, 0, 1, NULL}, /* no checksum recorded: not compared */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		size_t from = 99;
		char *why = NULL;
		int rc = history_prefix(&set, sums, cases[i].versions, cases[i].checksums, cases[i].n, &from,
		                        &why);
		if (rc != cases[i].rc || (rc == 0 && from != cases[i].from) ||
		    (cases[i].why && (!why || !strstr(why, cases[i].why))))
			fail_msg("case %zu: rc %d from %zu why %s", i, rc, from, why ? why : "-");
		free(why);
	}
}

static void test_url_server(void **state)
{
	(void)state;
	char *servers[2] = {"postgresql://postgres@/postgres?host=/tmp/a&port=5432",
	                    "postgresql://postgres@db2:5433/app"};
	static const struct {
		const char *url;
		int server;
		const char *db;
	} cases[] = {
	    {"postgresql://postgres@/tenant_1?host=/tmp/a&port=5432", 0, "tenant_1"},
	    {"postgresql://postgres@/t%22x?host=/tmp/a", 0, "t\"x"}, /* default port, decoded name */
	    {"postgres://postgres@db2:5433/acme", 1, "acme"},
	    {"postgresql://postgres@db2:5432/acme", -1, NULL}, /* other port: not in the fleet */
	    {"postgresql://other@db2:5433/acme", -1, NULL},    /* other user */
	    {"postgresql://postgres@/?host=/tmp/a", -1, NULL}, /* no database */
	    {"postgresql://[bad", -1, NULL},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int sv = 7;
		char *db = NULL, *err = NULL;
		int rc = tenant_url_server(cases[i].url, servers, 2, &sv, &db, &err);
		if (cases[i].server < 0 ? rc == 0
		                        : (rc != 0 || sv != cases[i].server || strcmp(db, cases[i].db)))
			fail_msg("url %zu %s: rc %d server %d db %s err %s", i, cases[i].url, rc, sv,
			         db ? db : "-", err ? err : "-");
		free(db);
		free(err);
	}
	assert_true(tenant_is_url("postgresql://x/y"));
	assert_true(tenant_is_url("postgres://x/y"));
	assert_false(tenant_is_url("postgresql"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names),      cmocka_unit_test(test_sources),
	    cmocka_unit_test(test_db_names),   cmocka_unit_test(test_history_prefix),
	    cmocka_unit_test(test_url_server), cmocka_unit_test(test_search_path),
	    cmocka_unit_test(test_waves),      cmocka_unit_test(test_on_error),
	    cmocka_unit_test(test_like),       cmocka_unit_test(test_progress_line),
	    cmocka_unit_test(test_split),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
