/* fuzz_manifest.c — libFuzzer target: a temporal-sql-tool manifest.json. The bytes are the manifest of
 * versioned/v1.0 in a schema folder that also holds a.sql, b.sql and v0.9 with a fixed manifest; the
 * folder is discovered with the temporal convention. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fuzz_dir();
	fuzz_clear();
	static const char a[] = "CREATE TABLE a (id int);\n", b[] = "CREATE TABLE b (id int);\n",
	                  m09[] = "{\"CurrVersion\": \"0.9\", \"SchemaUpdateCqlFiles\": [\"a.sql\"]}";
	if (fuzz_write(dir, "versioned/v0.9/manifest.json", (const uint8_t *)m09, sizeof(m09) - 1) ||
	    fuzz_write(dir, "versioned/v0.9/a.sql", (const uint8_t *)a, sizeof(a) - 1) ||
	    fuzz_write(dir, "versioned/v1.0/a.sql", (const uint8_t *)a, sizeof(a) - 1) ||
	    fuzz_write(dir, "versioned/v1.0/b.sql", (const uint8_t *)b, sizeof(b) - 1) ||
	    fuzz_write(dir, "versioned/v1.0/manifest.json", data, size))
		abort();
	DiscoverOptions o = {.format = FMT_TEMPORAL};
	MigrationSet set;
	DiagList dl = DIAGLIST_INIT;
	(void)!discover_migrations(dir, &o, &set, &dl);
	migration_set_free(&set);
	diag_list_release(&dl);
	return 0;
}
