/* declarative.c — order-independent loading of a desired-state schema (see declarative.h). Passes over the
 * statements: failures are deferred behind the rest and everything is replayed again in a fresh catalog,
 * so the final catalog comes from one clean, dependency-respecting order of the same statements. */
#include "strata.h"
#include "analysis/declarative.h"
#include "analysis/prereq.h"
#include "analysis/replay_int.h"
#include "util/fs.h"

typedef struct DeclStmt {
	size_t file; /* index into the texts */
	PgQuery__Node *node;
	int offset;
} DeclStmt;

int declarative_files(const char *path, char ***files, size_t *n, DiagList *dl)
{
	*files = NULL;
	*n = 0;
	if (fs_is_file(path) || (fs_special_kind(path) && !fs_is_dir(path))) {
		/* a file, or what the user named as one: /dev/null (an empty schema), a pipe, /dev/stdin */
		*files = xcalloc(2, sizeof(char *));
		(*files)[0] = xstrdup(path);
		*n = 1;
		return 0;
	}
	if (!fs_is_dir(path)) {
		diag_add(dl, SEV_ERROR, "no-such-file", path, 0, 0, "desired schema \"%s\" does not exist",
		         path);
		return -1;
	}
	char **names;
	int k = fs_list_dir(path, &names, dl);
	if (k < 0)
		return -1;
	*files = xcalloc((size_t)k + 1, sizeof(char *));
	for (int i = 0; i < k; i++) {
		size_t l = strlen(names[i]);
		if (names[i][0] == '.' || l < 5 || strcmp(names[i] + l - 4, ".sql"))
			continue;
		char *p = fs_join(path, names[i]);
		if (fs_is_file(p))
			(*files)[(*n)++] = p;
		else
			free(p);
	}
	fs_free_list(names, k);
	if (!*n) {
		diag_add(dl, SEV_ERROR, "no-such-file", path, 0, 0, "folder \"%s\" holds no .sql file", path);
		return -1;
	}
	return 0;
}

/* One pass: replay ORDER[0..n) into a fresh catalog; failing statements' indexes go to FAILED (count
 * returned). Diagnostics go to DL. */
static size_t one_pass(const DeclStmt *stmts, const size_t *order, size_t n, char **texts,
                       const char *const *files, const Prereq *prereq, const ReplayOptions *opts,
                       Catalog **cat, size_t *failed, DiagList *dl)
{
	*cat = catalog_new();
	(void)!prereq_replay(*cat, prereq, dl); /* its errors stay in DL for the caller */
	ReplayState st;
	replay_state_init(&st, *cat, opts);
	st.dl = dl;
	size_t nf = 0;
	for (size_t i = 0; i < n; i++) {
		const DeclStmt *s = &stmts[order[i]];
		st.file = files[s->file];
		st.text = texts[s->file];
		if (replay_statement(&st, s->node, s->offset) == REPLAY_FAILED) /* no partial effects */
			failed[nf++] = order[i];
	}
	replay_state_release(&st);
	return nf;
}

int declarative_load(const char *const *files, size_t nfiles, const Prereq *prereq, const ReplayOptions *opts,
                     Catalog **out, int *passes, DiagList *dl)
{
	*out = NULL;
	char **texts = xcalloc(nfiles + 1, sizeof(char *));
	SqlParse *parses = xcalloc(nfiles + 1, sizeof(SqlParse));
	int rc = 0;
	size_t total = 0;
	for (size_t i = 0; i < nfiles; i++) {
		size_t len;
		if (fs_read_file(files[i], &texts[i], &len, dl) != 0 ||
		    sql_parse(texts[i], files[i], &parses[i], dl) != 0) {
			memset(&parses[i], 0, sizeof(SqlParse));
			rc = -1;
			continue;
		}
		total += parses[i].n;
	}
	if (rc == 0) {
		DeclStmt *stmts = xcalloc(total + 1, sizeof(*stmts));
		size_t k = 0;
		for (size_t i = 0; i < nfiles; i++)
			for (size_t j = 0; j < parses[i].n; j++)
				stmts[k++] =
				    (DeclStmt){i, parses[i].stmts[j].node, parses[i].stmts[j].offset};
		size_t *order = xcalloc(total + 1, sizeof(size_t)),
		       *failed = xcalloc(total + 1, sizeof(size_t));
		size_t *next = xcalloc(total + 1, sizeof(size_t));
		for (size_t i = 0; i < total; i++)
			order[i] = i;
		size_t prev_failed = SIZE_MAX;
		int pass = 0;
		bool *in_f = xcalloc(total + 1, sizeof(bool));
		for (;;) {
			pass++;
			DiagList pdl = DIAGLIST_INIT;
			Catalog *cat = NULL;
			size_t nf =
			    one_pass(stmts, order, total, texts, files, prereq, opts, &cat, failed, &pdl);
			if (nf == 0 || nf >= prev_failed) {
				/* done, or no progress: keep this pass's catalog and diagnostics */
				diag_list_append_all(dl, &pdl);
				diag_list_release(&pdl);
				*out = cat;
				rc = nf ? -1 : 0;
				break;
			}
			diag_list_release(&pdl);
			catalog_free(cat);
			prev_failed = nf;
			/* A failed statement may have been applied in part and let a later one pass: replay
			 * the rest without the failed ones until it is clean, deferring whatever else fails.
			 */
			memset(in_f, 0, (total + 1) * sizeof(bool));
			for (size_t i = 0; i < nf; i++)
				in_f[failed[i]] = true;
			for (;;) {
				size_t m = 0;
				for (size_t i = 0; i < total; i++)
					if (!in_f[order[i]])
						next[m++] = order[i];
				DiagList sdl = DIAGLIST_INIT;
				size_t ng =
				    one_pass(stmts, next, m, texts, files, prereq, opts, &cat, failed, &sdl);
				diag_list_release(&sdl);
				catalog_free(cat);
				if (!ng)
					break;
				for (size_t i = 0; i < ng; i++)
					in_f[failed[i]] = true;
			}
			/* the clean ones keep their order, the deferred ones follow in theirs */
			size_t m = 0, nd = 0;
			for (size_t i = 0; i < total; i++)
				if (!in_f[order[i]])
					next[m++] = order[i];
			for (size_t i = 0; i < total; i++)
				if (in_f[order[i]])
					next[m + nd++] = order[i];
			/* progress is judged on the full passes' failure counts (nf), not on how many were
			 * deferred: the deferred set also holds statements that only failed for lack of a
			 * failed one */
			size_t *t = order;
			order = next;
			next = t;
		}
		free(in_f);
		if (passes)
			*passes = pass;
		free(order);
		free(next);
		free(failed);
		free(stmts);
	}
	for (size_t i = 0; i < nfiles; i++) {
		if (parses[i].result)
			sql_parse_free(&parses[i]);
		free(texts[i]);
	}
	free(parses);
	free(texts);
	return rc;
}
