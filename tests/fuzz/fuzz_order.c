/* fuzz_order.c — libFuzzer target: the order analysis. The bytes are up to 16 migrations separated by NUL
 * bytes (each valid UTF-8 SQL); they are replayed in that order with the order hooks, then a valid order is
 * suggested (topological sort, renames in the folder's convention, cycles spelled out). The first byte picks
 * the convention the renames are written in. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	MigFormat fmt = (MigFormat)(1 + data[0] % (FMT__COUNT - 1));
	data++, size--;
	char *texts[16];
	size_t n = 0;
	DiagList dl = DIAGLIST_INIT;
	for (size_t i = 0; i <= size && n < 16;) {
		const uint8_t *nul = memchr(data + i, 0, size - i);
		size_t l = nul ? (size_t)(nul - (data + i)) : size - i;
		char *t = xstrndup((const char *)data + i, l);
		if (sql_check_text(t, l, "fuzz.sql", &dl) == 0)
			texts[n++] = t;
		else
			free(t);
		i += l + 1;
	}
	MigrationSet set;
	fuzz_set_from_texts(&set, texts, n, fmt);
	fuzz_check_set(&set);
	migration_set_free(&set);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	diag_list_release(&dl);
	return 0;
}
