/* fuzz.h — helpers shared by the libFuzzer targets of tests/fuzz (see README.md): a private scratch folder
 * per process, files written into it from the fuzzer's bytes, and the pipeline `strata check` runs over a
 * migration set (parse, replay with the linter and the order analysis, suggested order). */
#ifndef STRATA_FUZZ_H
#define STRATA_FUZZ_H

#include "strata.h"
#include "analysis/lint.h"
#include "analysis/order.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "project/migration.h"
#include "sql/parse.h"
#include "util/diag.h"
#include "util/fs.h"

#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* The scratch folder of this process (made once, removed at exit). */
static char fuzz_dir_path[256];
static inline int fuzz_rm_one(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag;
	if (ftw->level > 0)
		remove(p);
	return 0;
}
/* Empty the scratch folder (not the folder itself). */
static inline void fuzz_clear(void)
{
	nftw(fuzz_dir_path, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
static inline void fuzz_remove_dir(void)
{
	fuzz_clear();
	rmdir(fuzz_dir_path);
}
static inline const char *fuzz_dir(void)
{
	if (!fuzz_dir_path[0]) {
		DiagList dl = DIAGLIST_INIT;
		if (fs_make_temp_dir("fuzz", fuzz_dir_path, sizeof(fuzz_dir_path), &dl) != 0)
			abort();
		diag_list_release(&dl);
		atexit(fuzz_remove_dir);
	}
	return fuzz_dir_path;
}

/* Write LEN bytes to DIR/REL, making the folders on the way. REL must be relative, without "..": returns -1
 * (nothing written) otherwise. Special contents make special files: "@fifo" a FIFO, "@dir" a folder,
 * "@null" a symlink to /dev/null. */
static inline int fuzz_write(const char *dir, const char *rel, const uint8_t *data, size_t len)
{
	if (!*rel || rel[0] == '/' || strstr(rel, "..") || strlen(rel) > 200 || rel[strlen(rel) - 1] == '/')
		return -1;
	char *path = fs_join(dir, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	int rc = fs_mkdir_p(path);
	*slash = '/';
	if (rc == 0) {
		if (len == 5 && !memcmp(data, "@fifo", 5))
			rc = mkfifo(path, 0600);
		else if (len == 4 && !memcmp(data, "@dir", 4))
			rc = fs_mkdir_p(path);
		else if (len == 5 && !memcmp(data, "@null", 5))
			rc = symlink("/dev/null", path);
		else {
			FILE *f = fopen(path, "wb");
			rc = f ? 0 : -1;
			if (f) {
				if (len)
					fwrite(data, 1, len, f);
				fclose(f);
			}
		}
	}
	free(path);
	return rc;
}

typedef struct FuzzHooks {
	Linter *lint;
	OrderAnalysis *order;
} FuzzHooks;

static inline void fuzz_stmt_hook(void *ud, ReplayState *st, const SqlStmt *stmt, bool after)
{
	FuzzHooks *h = ud;
	lint_stmt_hook(h->lint, st, stmt, after);
	order_stmt_hook(h->order, st, stmt, after);
}

static inline void fuzz_later_hook(void *ud, int consumer, int provider, const char *what)
{
	order_later_hook(((FuzzHooks *)ud)->order, consumer, provider, what);
}

/* What `strata check --suggest-order` does with SET: parse every text, replay the ups with the linter and the
 * order analysis as hooks, the whole-catalog rules, a suggested order, a dump of the schema. */
static inline void fuzz_check_set(const MigrationSet *set)
{
	DiagList dl = DIAGLIST_INIT;
	SqlParse *parses = xcalloc(set->n ? set->n : 1, sizeof(SqlParse));
	for (size_t i = 0; i < set->n; i++) {
		if (sql_parse(set->items[i].up_sql, set->items[i].up_path, &parses[i], &dl) != 0)
			memset(&parses[i], 0, sizeof(parses[i]));
		if (set->items[i].down_sql) {
			SqlParse d;
			if (sql_parse(set->items[i].down_sql, set->items[i].up_path, &d, &dl) == 0)
				sql_parse_free(&d);
		}
	}
	LintConfig lc;
	(void)!lint_config_init(&lc, NULL, &dl);
	FuzzHooks hooks = {linter_new(set, &lc, &dl), order_new(set)};
	ReplayOptions ro = {0};
	ro.stmt_hook = fuzz_stmt_hook;
	ro.later_hook = fuzz_later_hook;
	ro.hook_ud = &hooks;
	Catalog *cat = catalog_new();
	(void)!replay_parsed(cat, set, parses, &ro, &dl);
	linter_finish(hooks.lint, cat);
	order_finish(hooks.order, cat);
	StrBuf out;
	sb_init(&out);
	(void)!order_suggest(hooks.order, &out, NULL, &dl);
	sb_release(&out);
	catalog_free(cat);
	linter_free(hooks.lint);
	order_free(hooks.order);
	lint_config_release(&lc);
	for (size_t i = 0; i < set->n; i++)
		if (parses[i].result)
			sql_parse_free(&parses[i]);
	free(parses);
	diag_list_release(&dl);
}

/* A migration set in memory: migration I gets version I+1 and the text TEXTS[I] (copied). */
static inline void fuzz_set_from_texts(MigrationSet *set, char **texts, size_t n, MigFormat fmt)
{
	memset(set, 0, sizeof(*set));
	set->dir = xstrdup("fuzz");
	set->format = fmt;
	set->n = n;
	set->items = xcalloc(n ? n : 1, sizeof(Migration));
	for (size_t i = 0; i < n; i++) {
		Migration *m = &set->items[i];
		m->version = xasprintf("%04zu", i + 1);
		m->name = xasprintf("m%zu", i + 1);
		m->format = fmt;
		m->kind = MIG_VERSIONED;
		m->up_path = xasprintf("fuzz/%04zu_m%zu.sql", i + 1, i + 1);
		m->up_sql = xstrdup(texts[i]);
	}
}

#endif
