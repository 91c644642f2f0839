/* test_report_text.c — the text report: detail and hint lines indented under their first line, control
 * characters in file names and messages escaped (table-driven). */
#include "unit.h"
#include "report/report.h"

typedef struct Case {
	const char *file, *message, *detail, *hint;
	const char *want;
} Case;

static const Case cases[] = {
    {"a.sql", "boom", "first\nsecond\nthird", NULL,
     "a.sql:3:1: error: boom [x]\n      = detail: first\n                second\n                third\n"},
    {"a.sql", "boom", NULL, "one\ntwo", "a.sql:3:1: error: boom [x]\n      = hint: one\n              two\n"},
    {"a\033[31m\nb.sql", "name \"c\td\"", NULL, NULL, "a\\x1b[31m\\nb.sql:3:1: error: name \"c\td\" [x]\n"},
    {"a.sql", "lost the server\n\tThis probably means\033[2J", NULL, NULL,
     "a.sql:3:1: error: lost the server\n      \tThis probably means\\x1b[2J [x]\n"},
    {"a.sql", "trailing", "only\n", NULL, "a.sql:3:1: error: trailing [x]\n      = detail: only\n"},
};

static void test_text_report(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const Case *c = &cases[i];
		DiagList dl = DIAGLIST_INIT;
		Diag *d = diag_add(&dl, SEV_ERROR, "x", c->file, 3, 1, "%s", c->message);
		if (c->detail)
			diag_set_detail(d, "%s", c->detail);
		if (c->hint)
			diag_set_hint(d, "%s", c->hint);
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		report_text_one(f, d, false);
		fclose(f);
		assert_string_equal(buf, c->want);
		free(buf);
		diag_list_release(&dl);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_text_report)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
