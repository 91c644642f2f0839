/* fuzz_placeholders.c — libFuzzer target: placeholder filling (Flyway ${name}, Go templates {{ ... }}) over
 * arbitrary text, with and without values. The first byte picks the convention; the rest is the file. */
#include "fuzz.h"
#include "project/discover_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const MigVar vars[] = {{"schema", "app"}, {"Namespace", "auth"}, {"x", "${x}"},
	                              {"empty", ""},     {"nl", "a\nb"},        {"t", "{{ .t }}"}};
	MigFormat fmt = (MigFormat)(data[0] % FMT__COUNT);
	size_t nv = data[0] & 0x80 ? 0 : ARRAY_LEN(vars);
	char *text = xstrndup((const char *)data + 1, size - 1);
	DiagList dl = DIAGLIST_INIT;
	(void)!mig_fill_placeholders(fmt, "V1__fuzz.sql", &text, vars, nv, &dl);
	free(text);
	diag_list_release(&dl);
	return 0;
}
