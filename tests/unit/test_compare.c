/* test_compare.c — catalog × catalog: two hand-built catalogs → the exact list of differences. */
#include "unit.h"
#include "analysis/compare.h"

/* A catalog with schema public, table public.t (id integer NOT NULL, name TYPE), PK t_pkey, index. */
static Catalog *build(const char *name_type, bool with_index, bool extra_col, const char *comment)
{
	Catalog *cat = catalog_new();
	catalog_add(cat, OBJ_SCHEMA, NULL, "public", NULL, NULL);
	CatTable *t = (CatTable *)catalog_add(cat, OBJ_TABLE, "public", "t", NULL, NULL);
	t->relkind = REL_ORDINARY;
	CatColumn *c = table_add_column(cat, t, "id", "integer");
	c->not_null = true;
	table_add_column(cat, t, "name", name_type);
	if (extra_col)
		table_add_column(cat, t, "extra", "text");
	t->h.comment = comment;
	CatConstraint *pk =
	    (CatConstraint *)catalog_add(cat, OBJ_CONSTRAINT, "public", "t_pkey", &t->h, NULL);
	pk->contype = CON_PRIMARY;
	static const char *cols[] = {"id"};
	pk->columns = cols;
	pk->ncolumns = 1;
	if (with_index) {
		CatIndex *x = (CatIndex *)catalog_add(cat, OBJ_INDEX, "public", "t_name_idx", &t->h, NULL);
		x->method = "btree";
		x->nkeys = 1;
		x->keys = arena_array(&cat->arena, CatIndexElem, 1);
		x->keys[0].column = "name";
	}
	return cat;
}

static void test_equal(void **state)
{
	(void)state;
	Catalog *a = build("text", true, false, NULL), *b = build("text", true, false, NULL);
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_compare(a, b, NULL, &dl), 0);
	assert_int_equal(dl.n, 0);
	catalog_free(a);
	catalog_free(b);
}

/* DEFAULT NULL (however cast) behaves as no default; any other default is a difference. */
static void test_null_default_is_no_default(void **state)
{
	(void)state;
	static const struct {
		const char *def;
		size_t diffs;
	} cases[] = {{"NULL", 0},         {"NULL::character varying", 0},
	             {"null", 0},         {"'NULL'::text", 1},
	             {"NULLIF(a, b)", 1}, {"0", 1}};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		Catalog *a = build("text", false, false, NULL), *b = build("text", false, false, NULL);
		table_find_column((CatTable *)catalog_find_relation(a, "public", "t"), "name")->default_expr =
		    cases[i].def;
		DiagList dl = DIAGLIST_INIT;
		assert_int_equal(catalog_compare(a, b, NULL, &dl), cases[i].diffs);
		diag_list_release(&dl);
		catalog_free(a);
		catalog_free(b);
	}
}

static void test_differences(void **state)
{
	(void)state;
	Catalog *a = build("text", true, false, "people");
	Catalog *b = build("character varying(10)", false, true, NULL);
	DiagList dl = DIAGLIST_INIT;
	CompareOptions o = {.label_a = "the migrations", .label_b = "the database"};
	size_t n = catalog_compare(a, b, &o, &dl);
	/* the extra column is said once: not also as a different column order */
	static const char *const expected[] = {
	    "table \"public.t\": comment differs: the migrations \"people\", the database none",
	    "column \"public.t.name\": type differs: the migrations \"text\", the database \"character "
	    "varying(10)\"",
	    "column \"public.t.extra\" is only in the database",
	    "index \"public.t_name_idx\" is only in the migrations",
	};
	assert_int_equal(n, ARRAY_LEN(expected));
	assert_int_equal(dl.n, ARRAY_LEN(expected));
	for (size_t i = 0; i < dl.n; i++) {
		assert_string_equal(dl.items[i].message, expected[i]);
		assert_int_equal(dl.items[i].sev, SEV_ERROR);
	}
	assert_string_equal(dl.items[2].rule, "only-in-b");
	assert_string_equal(dl.items[3].rule, "only-in-a");
	diag_list_release(&dl);
	/* comments can be ignored */
	CompareOptions o2 = {.label_a = "a", .label_b = "b", .ignore_comments = true};
	n = catalog_compare(a, b, &o2, &dl);
	assert_int_equal(n, ARRAY_LEN(expected) - 1);
	diag_list_release(&dl);
	catalog_free(a);
	catalog_free(b);
}

/* Columns in another order (the same columns) is a difference of its own. */
static void test_column_order(void **state)
{
	(void)state;
	Catalog *a = build("text", false, true, NULL), *b = build("text", false, false, NULL);
	CatTable *tb = (CatTable *)catalog_find_relation(b, "public", "t");
	CatColumn *extra = table_add_column(b, tb, "extra", "text");
	(void)extra;
	CatTable *ta = (CatTable *)catalog_find_relation(a, "public", "t");
	void *tmp = ta->columns.items[1]; /* a: id, extra, name */
	ta->columns.items[1] = ta->columns.items[2];
	ta->columns.items[2] = tmp;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_compare(a, b, NULL, &dl), 1);
	assert_string_equal(
	    dl.items[0].message,
	    "table \"public.t\": column order differs: a \"id, extra, name\", b \"id, name, extra\"");
	diag_list_release(&dl);
	CompareOptions o = {.ignore_column_order = true};
	assert_int_equal(catalog_compare(a, b, &o, &dl), 0);
	diag_list_release(&dl);
	catalog_free(a);
	catalog_free(b);
}

static void test_policy_roles_are_a_set(void **state)
{
	(void)state;
	Catalog *a = build("text", false, false, NULL), *b = build("text", false, false, NULL);
	static const char *r1[] = {"alice", "bob"}, *r2[] = {"bob", "alice"};
	CatPolicy *pa = (CatPolicy *)catalog_add(a, OBJ_POLICY, "public", "p",
	                                         catalog_find(a, OBJ_TABLE, "public.t"), NULL);
	CatPolicy *pb = (CatPolicy *)catalog_add(b, OBJ_POLICY, "public", "p",
	                                         catalog_find(b, OBJ_TABLE, "public.t"), NULL);
	pa->command = pb->command = "all";
	pa->roles = r1, pa->nroles = 2;
	pb->roles = r2, pb->nroles = 2;
	pa->using_expr = "tenant = 1";
	pb->using_expr = "tenant = 2";
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_compare(a, b, NULL, &dl), 1);
	assert_string_equal(dl.items[0].message,
	                    "policy \"public.t.p\": using differs: a \"tenant = 1\", b \"tenant = 2\"");
	diag_list_release(&dl);
	catalog_free(a);
	catalog_free(b);
}

/* A SQL-standard body (RETURN / BEGIN ATOMIC of SELECTs) compares as its normalized text, one with other
 * statements (INSERT ...) as the marker "(sql body)"; a quoted SQL body compares as text. */
static void add_fn(Catalog *cat, const char *body)
{
	CatFunction *f = (CatFunction *)catalog_add(cat, OBJ_FUNCTION, "public", "f", NULL, NULL);
	f->returns = "integer";
	f->language = "sql";
	f->body = body;
	catalog_function_register(cat, f);
}

static int compare_bodies(const char *x, const char *y)
{
	Catalog *a = build("text", false, false, NULL), *b = build("text", false, false, NULL);
	add_fn(a, x);
	add_fn(b, y);
	DiagList dl = DIAGLIST_INIT;
	int r = catalog_compare(a, b, NULL, &dl);
	diag_list_release(&dl);
	catalog_free(a);
	catalog_free(b);
	return r;
}

static void test_sql_standard_body(void **state)
{
	(void)state;
	assert_int_equal(compare_bodies("RETURN 1 + 1", "RETURN 1 + 1"), 0);
	assert_int_equal(compare_bodies("RETURN 1 + 1", "RETURN 1 + 2"), 1);
	assert_int_equal(compare_bodies("BEGIN ATOMIC SELECT 1; END", "BEGIN ATOMIC SELECT 2; END"), 1);
	assert_int_equal(compare_bodies("BEGIN ATOMIC INSERT INTO t VALUES (1); END",
	                                "BEGIN ATOMIC INSERT INTO t (a) VALUES (1); END"),
	                 0);
	assert_int_equal(compare_bodies(" SELECT 1 ", "(sql body)"), 1);
}

/* A domain's CHECK constraints are a set named by their names: replay keeps them in the order they were
 * added, the server lists them by name (fuzz-diff); a different expression is still a difference. */
static Catalog *with_domain(const char *n1, const char *e1, const char *n2, const char *e2)
{
	Catalog *cat = build("text", false, false, NULL);
	CatType *d = (CatType *)catalog_add(cat, OBJ_TYPE, "public", "d", NULL, NULL);
	d->type_kind = TYPE_DOMAIN;
	d->base_type = "text";
	d->checks = arena_array(&cat->arena, CatDomainCheck, 2);
	d->checks[0].name = n1;
	d->checks[0].expr = e1;
	d->checks[1].name = n2;
	d->checks[1].expr = e2;
	d->nchecks = 2;
	return cat;
}

static void test_domain_checks_are_a_set(void **state)
{
	(void)state;
	Catalog *a = with_domain("dc8", "VALUE IS NOT NULL", "dc13", "length(VALUE) < 5"),
	        *b = with_domain("dc13", "length(VALUE) < 5", "dc8", "VALUE IS NOT NULL"),
	        *c = with_domain("dc13", "length(VALUE) < 6", "dc8", "VALUE IS NOT NULL");
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_compare(a, b, NULL, &dl), 0);
	assert_int_equal(catalog_compare(a, c, NULL, &dl), 1);
	diag_list_release(&dl);
	catalog_free(a);
	catalog_free(b);
	catalog_free(c);
}

/* Fields pg_catalog keeps as one-letter codes print as the SQL words (never "c" / "a"). */
static void test_codes_as_words(void **state)
{
	(void)state;
	static const struct {
		char a_del, b_del, a_match, b_match;
		int a_events, b_events;
		const char *expected;
	} cases[] = {
	    {FK_CASCADE, FK_NO_ACTION, FK_MATCH_SIMPLE, FK_MATCH_SIMPLE, TRIG_INSERT, TRIG_INSERT,
	     "constraint \"public.t.t_fk\": on delete differs: the migrations \"CASCADE\", the database "
	     "\"NO ACTION\""},
	    {FK_SET_NULL, FK_SET_DEFAULT, FK_MATCH_SIMPLE, FK_MATCH_SIMPLE, TRIG_INSERT, TRIG_INSERT,
	     "constraint \"public.t.t_fk\": on delete differs: the migrations \"SET NULL\", the database "
	     "\"SET DEFAULT\""},
	    {FK_RESTRICT, FK_RESTRICT, FK_MATCH_FULL, FK_MATCH_SIMPLE, TRIG_INSERT, TRIG_INSERT,
	     "constraint \"public.t.t_fk\": match differs: the migrations \"FULL\", the database "
	     "\"SIMPLE\""},
	    {FK_RESTRICT, FK_RESTRICT, FK_MATCH_SIMPLE, FK_MATCH_SIMPLE, TRIG_INSERT | TRIG_UPDATE,
	     TRIG_DELETE,
	     "trigger \"public.t.tr\": events differs: the migrations \"INSERT OR UPDATE\", the database "
	     "\"DELETE\""},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		Catalog *cat[2];
		for (int side = 0; side < 2; side++) {
			Catalog *c = cat[side] = build("text", false, false, NULL);
			CatObject *t = catalog_find(c, OBJ_TABLE, "public.t");
			CatConstraint *fk =
			    (CatConstraint *)catalog_add(c, OBJ_CONSTRAINT, "public", "t_fk", t, NULL);
			static const char *cols[] = {"id"};
			fk->contype = CON_FOREIGN;
			fk->columns = fk->ref_columns = cols;
			fk->ncolumns = fk->nref_columns = 1;
			fk->ref_table = (CatTable *)t;
			fk->on_update = FK_NO_ACTION;
			fk->on_delete = side ? cases[i].b_del : cases[i].a_del;
			fk->match = side ? cases[i].b_match : cases[i].a_match;
			CatTrigger *tr = (CatTrigger *)catalog_add(c, OBJ_TRIGGER, "public", "tr", t, NULL);
			tr->timing = TRIG_AFTER;
			tr->events = side ? cases[i].b_events : cases[i].a_events;
			tr->function = "public.f()";
		}
		DiagList dl = DIAGLIST_INIT;
		CompareOptions o = {.label_a = "the migrations", .label_b = "the database"};
		assert_int_equal(catalog_compare(cat[0], cat[1], &o, &dl), 1);
		assert_string_equal(dl.items[0].message, cases[i].expected);
		diag_list_release(&dl);
		catalog_free(cat[0]);
		catalog_free(cat[1]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_equal),
	    cmocka_unit_test(test_null_default_is_no_default),
	    cmocka_unit_test(test_differences),
	    cmocka_unit_test(test_column_order),
	    cmocka_unit_test(test_policy_roles_are_a_set),
	    cmocka_unit_test(test_sql_standard_body),
	    cmocka_unit_test(test_codes_as_words),
	    cmocka_unit_test(test_domain_checks_are_a_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
