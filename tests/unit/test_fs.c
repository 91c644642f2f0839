/* test_fs.c — file-system helpers: private temporary folders, recursive mkdir. */
#include "unit.h"
#include "util/fs.h"

#include <unistd.h>

static void test_temp_dir(void **state)
{
	(void)state;
	DiagList dl = DIAGLIST_INIT;
	char a[64], b[64];
	assert_int_equal(fs_make_temp_dir("unit", a, sizeof(a), &dl), 0);
	assert_int_equal(fs_make_temp_dir("unit", b, sizeof(b), &dl), 0);
	assert_true(fs_is_dir(a) && fs_is_dir(b));
	assert_string_not_equal(a, b);
	assert_memory_equal(a, "/tmp/strata-unit-", 17);
	assert_int_equal(strlen(a), 17 + 6);
	char *deep = fs_join(a, "x/y/z");
	assert_int_equal(fs_mkdir_p(deep), 0);
	assert_int_equal(fs_mkdir_p(deep), 0); /* exists: fine */
	assert_true(fs_is_dir(deep));
	char small[16];
	assert_int_equal(fs_make_temp_dir("a-name-too-long", small, sizeof(small), &dl), -1);
	assert_int_equal(dl.n, 1);
	rmdir(deep);
	char *y = fs_join(a, "x/y"), *x = fs_join(a, "x");
	rmdir(y);
	rmdir(x);
	rmdir(a);
	rmdir(b);
	free(deep);
	free(y);
	free(x);
	diag_list_release(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_temp_dir)};
	return cmocka_run_group_tests_name("fs", tests, NULL, NULL);
}
