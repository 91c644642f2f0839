/* fuzz_config.c — libFuzzer target: strata.conf. The bytes are written as a config file, loaded (INI syntax,
 * known sections and keys, value checks, duplicates), and its [lint] section applied. */
#include "fuzz.h"
#include "project/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_dir();
	char *path = fs_join(dir, "strata.conf");
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
	DiagList dl = DIAGLIST_INIT;
	Config cfg;
	if (config_load(path, true, &cfg, &dl) == 0) {
		LintConfig lc;
		(void)!lint_config_init(&lc, &cfg, &dl);
		lint_config_release(&lc);
	}
	config_free(&cfg);
	fs_set_max_file_size(0); /* a max_file_size key must not leak into the next input */
	diag_list_release(&dl);
	free(path);
	return 0;
}
