/* fuzz_sql.c — libFuzzer target: arbitrary bytes as one migration's SQL, through what `strata check` does
 * (text check, parse, replay into the schema model, lint rules, order analysis). Seeds: tests/fuzz/seeds/sql,
 * plus ../shared corpora and PostgreSQL's regression SQL when `make fuzz` finds them; sql.dict. */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	DiagList dl = DIAGLIST_INIT;
	char *text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	if (sql_check_text(text, size, "fuzz.sql", &dl) == 0) {
		MigrationSet set;
		fuzz_set_from_texts(&set, &text, 1, FMT_PLAIN);
		fuzz_check_set(&set);
		migration_set_free(&set);
	}
	free(text);
	diag_list_release(&dl);
	return 0;
}
