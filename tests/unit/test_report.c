/* test_report.c — the HTML report's pure parts: the ER diagram's DOT (sides of the shared/tenant line, the
 * tenant foreign key into the shared schema, RLS, --tables with referenced tables as ghosts, escaping, the
 * size limit), Graphviz's SVG, the page's script-safe JSON, and the wave recorded in the ledger's worker. */
#include "unit.h"
#include "db/ledger.h"
#include "replay_util.h"
#include "report/er.h"
#include "report/html.h"

/* Replay SQL under SEARCH_PATH into R; fails the test on a replay error. */
static void replay_ok(Replayed *r, const char *sql, const char *search_path)
{
	replayed_run(r, sql, search_path, NULL);
	if (replayed_errors(r)) {
		replayed_print_errors(r);
		fail_msg("replay failed");
	}
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static const char tenant_sql[] =
    "CREATE TABLE plans (id text PRIMARY KEY, name text);\n"
    "CREATE TABLE customers (schema_name text PRIMARY KEY, plan_id text REFERENCES plans);\n"
    "CREATE SCHEMA \"$tenant\";\n"
    "SET search_path = \"$tenant\", public;\n"
    "CREATE TABLE authors (id bigint PRIMARY KEY, name text, bio text);\n"
    "CREATE TABLE books (id bigint PRIMARY KEY, author_id bigint REFERENCES authors, title text);\n"
    "CREATE TABLE settings (key text PRIMARY KEY, plan_id text REFERENCES plans);\n"
    "CREATE TABLE notes (id int PRIMARY KEY, body text);\n"
    "ALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n"
    "ALTER TABLE books ENABLE ROW LEVEL SECURITY;\n"
    "ALTER TABLE books FORCE ROW LEVEL SECURITY;\n";

static void test_er_sides(void **state)
{
	(void)state;
	static const char *tenant_schemas[] = {"$tenant"};
	static const struct {
		const char *tables; /* --tables */
		size_t shown, edges, cross, rls, shared, tenant;
		const char *want[4];   /* substrings of the DOT */
		const char *absent[2]; /* not in it */
	} cases[] = {
	    /* everything: two sides, the tenant FK into shared highlighted, RLS marked */
	    {NULL,
	     6,
	     3,
	     1,
	     2,
	     2,
	     4,
	     {"class=\"fk cross\"", "label=\"tenant → shared\"", "<B>RLS forced</B>",
	      "class=\"schema shared\""},
	     {"class=\"table ghost\"", NULL}},
	    /* only the settings table: plans is referenced, drawn as a ghost, and still the cross edge */
	    {"settings",
	     1,
	     1,
	     1,
	     0,
	     0,
	     1,
	     {"class=\"table ghost\"", "label=\"public.plans\"", "class=\"fk cross\"", NULL},
	     {"<B>authors</B>", NULL}},
	    /* a schema-qualified pattern */
	    {"public.%",
	     2,
	     1,
	     0,
	     0,
	     2,
	     0,
	     {"<B>customers</B>", "<B>plans</B>", NULL, NULL},
	     {"fk cross", "$tenant"}},
	    /* books references authors (not drawn): a ghost, no cross edge */
	    {"book%",
	     1,
	     1,
	     0,
	     1,
	     0,
	     1,
	     {"label=\"\\\"$tenant\\\".authors\"", "PK", "FK", NULL},
	     {"fk cross", NULL}},
	};
	Replayed r;
	replay_ok(&r, tenant_sql, NULL);
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		ErOptions o = {.shared_schema = "public",
		               .tenant_schemas = tenant_schemas,
		               .n_tenant_schemas = 1,
		               .tables = cases[i].tables};
		StrBuf sb = STRBUF_INIT;
		ErStats st;
		er_dot(r.cat, &o, &sb, &st);
		const char *dot = sb_str(&sb);
		if (st.shown != cases[i].shown || st.edges != cases[i].edges || st.cross != cases[i].cross ||
		    st.rls != cases[i].rls || st.shared != cases[i].shared || st.tenant != cases[i].tenant)
			fail_msg("case %zu: shown %zu edges %zu cross %zu rls %zu shared %zu tenant %zu\n%s",
			         i, st.shown, st.edges, st.cross, st.rls, st.shared, st.tenant, dot);
		assert_int_equal(st.tables, 6);
		for (size_t k = 0; k < 4 && cases[i].want[k]; k++)
			if (!strstr(dot, cases[i].want[k]))
				fail_msg("case %zu: no \"%s\" in\n%s", i, cases[i].want[k], dot);
		for (size_t k = 0; k < 2 && cases[i].absent[k]; k++)
			if (strstr(dot, cases[i].absent[k]))
				fail_msg("case %zu: \"%s\" in\n%s", i, cases[i].absent[k], dot);
		sb_release(&sb);
	}
	replayed_free(&r);
}

/* A project without tenants: one plain side; shared-table mode: the tenant column decides. */
static void test_er_modes(void **state)
{
	(void)state;
	Replayed r;
	replay_ok(&r,
	          "CREATE TABLE tenants (id int PRIMARY KEY);\n"
	          "CREATE TABLE projects (id int PRIMARY KEY, tenant_id int NOT NULL REFERENCES tenants);\n"
	          "ALTER TABLE projects ENABLE ROW LEVEL SECURITY;\n",
	          NULL);
	ErOptions plain = {0};
	StrBuf sb = STRBUF_INIT;
	ErStats st;
	er_dot(r.cat, &plain, &sb, &st);
	assert_int_equal(st.shown, 2);
	assert_int_equal(st.shared + st.tenant, 0);
	assert_non_null(strstr(sb_str(&sb), "class=\"schema plain\""));
	assert_non_null(strstr(sb_str(&sb), "class=\"table plain rls\""));
	sb_reset(&sb);
	ErOptions column = {.tenant_column = "tenant_id"};
	er_dot(r.cat, &column, &sb, &st);
	assert_int_equal(st.tenant, 1); /* projects */
	assert_int_equal(st.shared, 1); /* tenants: global */
	assert_int_equal(st.cross, 0);  /* one schema: no line to cross */
	assert_non_null(strstr(sb_str(&sb), "class=\"table tenant rls\""));
	sb_release(&sb);
	replayed_free(&r);
}

/* Names are data: HTML labels and DOT strings escape them. */
static void test_er_escaping(void **state)
{
	(void)state;
	Replayed r;
	replay_ok(&r,
	          "CREATE TABLE \"a&b<c>\" (\"x\"\"y\" int PRIMARY KEY);\n"
	          "CREATE TABLE \"q\\\" (id int REFERENCES \"a&b<c>\");\n",
	          NULL);
	StrBuf sb = STRBUF_INIT;
	ErOptions o = {0};
	er_dot(r.cat, &o, &sb, NULL);
	const char *dot = sb_str(&sb);
	assert_non_null(strstr(dot, "<B>a&amp;b&lt;c&gt;</B>"));
	assert_non_null(strstr(dot, ">x&quot;y</TD>"));
	assert_null(strstr(dot, "<B>a&b"));
	/* the tooltip of the table named q\ keeps its backslash escaped */
	assert_non_null(strstr(dot, "tooltip=\"public.\\\"q\\\\\\\"\""));
	/* and Graphviz reads it all */
	DiagList dl = DIAGLIST_INIT;
	StrBuf svg = STRBUF_INIT;
	assert_int_equal(er_svg(dot, &svg, &dl), 0);
	assert_true(!strncmp(sb_str(&svg), "<svg", 4));
	assert_non_null(strstr(sb_str(&svg), "a&amp;b&lt;c&gt;"));
	sb_release(&svg);
	diag_list_release(&dl);
	sb_release(&sb);
	replayed_free(&r);
}

static void test_er_svg(void **state)
{
	(void)state;
	Replayed r;
	replay_ok(&r, tenant_sql, NULL);
	static const char *tenant_schemas[] = {"$tenant"};
	ErOptions o = {.shared_schema = "public", .tenant_schemas = tenant_schemas, .n_tenant_schemas = 1};
	StrBuf dot = STRBUF_INIT, svg = STRBUF_INIT;
	er_dot(r.cat, &o, &dot, NULL);
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(er_svg(sb_str(&dot), &svg, &dl), 0);
	const char *s = sb_str(&svg);
	assert_true(!strncmp(s, "<svg", 4));
	assert_null(strstr(s, "<?xml"));
	assert_int_equal(count_of(s, "class=\"node table "), 6);
	assert_int_equal(count_of(s, "class=\"edge fk cross\""), 1);
	assert_int_equal(count_of(s, "class=\"edge fk\""), 2);
	assert_non_null(strstr(s, "</svg>"));
	/* a broken graph is an error, not a crash */
	sb_reset(&svg);
	assert_int_equal(er_svg("digraph { a -> ", &svg, &dl), -1);
	assert_true(diag_has_errors(&dl));
	sb_release(&svg);
	sb_release(&dot);
	diag_list_release(&dl);
	replayed_free(&r);
}

static void test_er_too_many(void **state)
{
	(void)state;
	StrBuf sql = STRBUF_INIT;
	for (int i = 0; i <= ER_MAX_TABLES; i++)
		sb_appendf(&sql, "CREATE TABLE t%d (id int);\n", i);
	Replayed r;
	replay_ok(&r, sb_str(&sql), NULL);
	StrBuf dot = STRBUF_INIT;
	ErStats st;
	ErOptions o = {0};
	er_dot(r.cat, &o, &dot, &st);
	assert_true(st.too_many);
	assert_int_equal(st.shown, 0);
	assert_int_equal(st.tables, ER_MAX_TABLES + 1);
	sb_reset(&dot);
	o.tables = "t1%"; /* t1, t10..t19, t100..t199: few enough */
	er_dot(r.cat, &o, &dot, &st);
	assert_false(st.too_many);
	assert_int_equal(st.shown, 111);
	sb_release(&dot);
	sb_release(&sql);
	replayed_free(&r);
}

/* The model is embedded in a <script> element: nothing in it may close the element or open a comment. */
static void test_page_embedding(void **state)
{
	(void)state;
	StrBuf out = STRBUF_INIT;
	report_html_page("a <b> & \"c\"", "{\"x\":\"</script><script>alert(1)</script><!--\"}", "<svg></svg>",
	                 &out);
	const char *p = sb_str(&out);
	assert_non_null(strstr(p, "<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"));
	const char *data = strstr(p, "id=\"strata-data\">");
	assert_non_null(data);
	const char *end = strstr(data, "</script>");
	assert_non_null(end);
	assert_non_null(strstr(data, "\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\\u003c!--"));
	assert_true(strstr(data, "alert(1)") < end);
	assert_non_null(strstr(p, "Content-Security-Policy"));
	assert_non_null(strstr(p, "<svg></svg>"));
	assert_non_null(strstr(p, "data-rendered")); /* the script is in */
	sb_release(&out);
}

static void test_worker_wave(void **state)
{
	(void)state;
	static const struct {
		const char *worker;
		int w, n; /* ledger_worker_wave(w, n) unless 0 */
		const char *want;
		const char *proc;
		int pw, pn;
	} cases[] = {
	    {"host pid 12", 0, 0, "host pid 12", "host pid 12", 0, 0},
	    {"host pid 12", 1, 3, "host pid 12 wave 1/3", "host pid 12", 1, 3},
	    {"host pid 12 wave 1/3", 2, 3, "host pid 12 wave 2/3", "host pid 12", 2, 3},
	    {"host pid 12 wave x/y", 0, 0, "host pid 12 wave x/y", "host pid 12 wave x/y", 0, 0},
	    {"host pid 12 wave 4/3", 0, 0, "host pid 12 wave 4/3", "host pid 12 wave 4/3", 0, 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[64], proc[64];
		snprintf(buf, sizeof(buf), "%s", cases[i].worker);
		if (cases[i].w)
			ledger_worker_wave(buf, sizeof(buf), cases[i].w, cases[i].n);
		assert_string_equal(buf, cases[i].want);
		int w, n;
		ledger_worker_parse(buf, proc, sizeof(proc), &w, &n);
		if (strcmp(proc, cases[i].proc) || w != cases[i].pw || n != cases[i].pn)
			fail_msg("case %zu: \"%s\" → \"%s\" %d/%d", i, buf, proc, w, n);
	}
	char small[16] = "host pid 123456"; /* no room for the suffix: truncated, still terminated */
	ledger_worker_wave(small, sizeof(small), 1, 2);
	assert_true(strlen(small) < sizeof(small));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_er_sides),    cmocka_unit_test(test_er_modes),
	    cmocka_unit_test(test_er_escaping), cmocka_unit_test(test_er_svg),
	    cmocka_unit_test(test_er_too_many), cmocka_unit_test(test_page_embedding),
	    cmocka_unit_test(test_worker_wave),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
