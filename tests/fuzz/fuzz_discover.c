/* fuzz_discover.c — libFuzzer target: file names and discovery, per convention. The bytes are
 * <convention byte><name>\0<content>\0<name>\0<content>...: each pair becomes a file in a scratch folder
 * (names may hold '/', for Prisma, diesel and temporal folders; content "@fifo", "@dir" or "@null" makes a
 * FIFO, a folder or a symlink to /dev/null), then the folder is discovered with that convention (or
 * detected: byte 0), and the set listed and freed. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *dir = fuzz_dir();
	fuzz_clear();
	MigFormat fmt = (MigFormat)(data[0] % FMT__COUNT);
	size_t i = 1;
	for (int files = 0; i < size && files < 32; files++) {
		const uint8_t *nul = memchr(data + i, 0, size - i);
		if (!nul)
			break;
		char *name = xstrndup((const char *)data + i, (size_t)(nul - (data + i)));
		i = (size_t)(nul - data) + 1;
		const uint8_t *end = i < size ? memchr(data + i, 0, size - i) : NULL;
		size_t cl = end ? (size_t)(end - (data + i)) : size - i;
		(void)fuzz_write(dir, name, data + i, cl);
		free(name);
		i += cl + 1;
	}
	static const MigVar vars[] = {{"schema", "app"}};
	DiscoverOptions o = {.format = fmt, .vars = vars, .n_vars = 1};
	MigrationSet set;
	DiagList dl = DIAGLIST_INIT;
	(void)!discover_migrations(dir, &o, &set, &dl);
	for (size_t k = 0; k < set.n; k++) /* what ls prints: every field must be a valid string */
		if (!set.items[k].version || !set.items[k].name || !set.items[k].up_path ||
		    !set.items[k].up_sql)
			abort();
	migration_set_free(&set);
	diag_list_release(&dl);
	return 0;
}
