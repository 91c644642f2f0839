/* test_corpora.c — replay the real histories of ../shared/corpora (in ORDER.txt order, read by the test-side
 * corpus_load.h) and require zero replay errors on the corpora known to be clean. STRATA_CORPUS=name runs
 * one corpus and prints every diagnostic (a driver for investigating false errors). Without the corpora
 * folder the test is reported skipped. */
#include "unit.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "report/report.h"
#include "corpus_load.h"

#ifndef CORPORA_ROOT
#define CORPORA_ROOT "../shared/corpora"
#endif

/* Replay NAME; returns the number of error diagnostics (-1 when the corpus is absent). */
static int replay_corpus(const char *name, bool print)
{
	MigrationSet set;
	CorpusInfo info;
	const char *root = getenv("STRATA_CORPORA") ? getenv("STRATA_CORPORA") : CORPORA_ROOT;
	if (corpus_load(root, name, &set, &info) != 0)
		return -1;
	Catalog *cat = catalog_new();
	DiagList dl = DIAGLIST_INIT;
	ReplayOptions ro = {0};
	ro.search_path = info.search_path[0] ? info.search_path : NULL;
	ro.user = info.user[0] ? info.user : NULL;
	ro.quiet_info = true;
	if (info.prereq) {
		ReplayState st;
		replay_state_init(&st, cat, &ro);
		if (replay_sql(cat, info.prereq, info.prereq_path, &st, &dl) != 0) {
			/* counted below */
		}
		replay_state_release(&st);
	}
	if (replay_migrations(cat, &set, &ro, &dl) != 0) {
		/* counted below */
	}
	int errors = (int)diag_count(&dl, SEV_ERROR);
	const char *dump = getenv("STRATA_DUMP"); /* write the canonical text (or .sql) of the result */
	if (print && dump) {
		StrBuf sb = STRBUF_INIT;
		size_t dl_len = strlen(dump);
		if (dl_len > 4 && !strcmp(dump + dl_len - 4, ".sql")) {
			if (catalog_dump_sql(cat, &sb, &dl) != 0)
				fprintf(stderr, "dependency cycle in SQL output\n");
		} else
			catalog_dump_text(cat, &sb);
		FILE *f = fopen(dump, "w");
		if (f) {
			fputs(sb_str(&sb), f);
			fclose(f);
		}
		sb_release(&sb);
	}
	if (print || errors) {
		for (size_t i = 0; i < dl.n; i++)
			if (dl.items[i].sev == SEV_ERROR)
				report_text_one(stderr, &dl.items[i], false);
		fprintf(stderr, "%s: %zu migrations, %d errors\n", name, set.n, errors);
	}
	diag_list_release(&dl);
	catalog_free(cat);
	migration_set_free(&set);
	corpus_info_free(&info);
	return errors;
}

static const char *const clean[] = {"danbooru-structure", "kestra",        "triggerdev",       "marquez",
                                    "temporal-main",      "supabase-auth", "supabase-storage", "concourse",
                                    "cratesio",           "ory-kratos"};

static void test_corpora_clean(void **state)
{
	(void)state;
	const char *root = getenv("STRATA_CORPORA") ? getenv("STRATA_CORPORA") : CORPORA_ROOT;
	struct stat st;
	if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("skipped: %s not present\n", root);
		skip();
	}
	int bad = 0;
	for (size_t i = 0; i < ARRAY_LEN(clean); i++) {
		int e = replay_corpus(clean[i], false);
		if (e > 0)
			bad++;
	}
	assert_int_equal(bad, 0);
}

int main(void)
{
	const char *one = getenv("STRATA_CORPUS");
	if (one) {
		int e = replay_corpus(one, true);
		return e == 0 ? 0 : 1;
	}
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpora_clean)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
