/* replay_util.h — helpers for the replay tests: replay SQL text into a fresh catalog and get the canonical
 * text and the diagnostics back. */
#ifndef STRATA_TESTS_REPLAY_UTIL_H
#define STRATA_TESTS_REPLAY_UTIL_H

#include "strata.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "util/strbuf.h"

typedef struct Replayed {
	Catalog *cat;
	DiagList dl;
	char *text; /* canonical text (malloc) */
} Replayed;

static inline void replayed_run(Replayed *r, const char *sql, const char *search_path, const char *user)
{
	memset(r, 0, sizeof *r);
	r->cat = catalog_new();
	ReplayOptions ro = {0};
	ro.search_path = search_path;
	ro.user = user;
	ReplayState st;
	replay_state_init(&st, r->cat, &ro);
	if (replay_sql(r->cat, sql, "m.sql", &st, &r->dl) != 0) {
		/* errors stay in r->dl */
	}
	replay_state_release(&st);
	StrBuf sb = STRBUF_INIT;
	catalog_dump_text(r->cat, &sb);
	r->text = sb_detach(&sb);
}

static inline void replayed_free(Replayed *r)
{
	catalog_free(r->cat);
	diag_list_release(&r->dl);
	free(r->text);
}

static inline size_t replayed_errors(const Replayed *r)
{
	return diag_count(&r->dl, SEV_ERROR);
}

/* The first error diagnostic, or NULL. */
static inline const Diag *replayed_first_error(const Replayed *r)
{
	for (size_t i = 0; i < r->dl.n; i++)
		if (r->dl.items[i].sev == SEV_ERROR)
			return &r->dl.items[i];
	return NULL;
}

static inline void replayed_print_errors(const Replayed *r)
{
	for (size_t i = 0; i < r->dl.n; i++)
		if (r->dl.items[i].sev == SEV_ERROR)
			fprintf(stderr, "  %d:%d %s [%s]\n", r->dl.items[i].line, r->dl.items[i].col, r->dl.items[i].message,
				r->dl.items[i].rule);
}

#endif
