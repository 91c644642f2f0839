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


/* A table case: SQL whose last statement PostgreSQL refuses with exactly one error RULE / MESSAGE (and
 * DETAIL, or none when NULL). */
typedef struct ReplayedErrCase {
	const char *sql;
	const char *rule;
	const char *message;
	const char *detail; /* the whole detail, or NULL for none */
} ReplayedErrCase;

/* Replay case I, C, and say on stderr what differs; true when it holds. */
static inline bool replayed_err_case_ok(size_t i, const ReplayedErrCase *c)
{
	Replayed r;
	replayed_run(&r, c->sql, NULL, NULL);
	const Diag *d = replayed_first_error(&r);
	bool ok = d && replayed_errors(&r) == 1 && !strcmp(d->rule, c->rule) && !strcmp(d->message, c->message) &&
	          (c->detail ? d->detail && !strcmp(d->detail, c->detail) : !d->detail);
	if (!ok) {
		fprintf(stderr, "error case %zu (%s):\n  want %s [%s]\n  detail %s\n", i, c->sql, c->message, c->rule,
		        c->detail ? c->detail : "(none)");
		replayed_print_errors(&r);
		if (d && d->detail)
			fprintf(stderr, "  got detail: %s\n", d->detail);
	}
	replayed_free(&r);
	return ok;
}

/* A table case: SQL PostgreSQL accepts, and lines the model's canonical text must (not) contain. */
typedef struct ReplayedModelCase {
	const char *sql;
	const char *present[6];
	const char *absent[6];
} ReplayedModelCase;

static inline bool replayed_model_case_ok(size_t i, const ReplayedModelCase *c)
{
	Replayed r;
	replayed_run(&r, c->sql, NULL, NULL);
	bool ok = replayed_errors(&r) == 0;
	for (size_t k = 0; k < ARRAY_LEN(c->present) && c->present[k]; k++)
		if (!strstr(r.text, c->present[k])) {
			fprintf(stderr, "model case %zu: missing \"%s\"\n", i, c->present[k]);
			ok = false;
		}
	for (size_t k = 0; k < ARRAY_LEN(c->absent) && c->absent[k]; k++)
		if (strstr(r.text, c->absent[k])) {
			fprintf(stderr, "model case %zu: unexpected \"%s\"\n", i, c->absent[k]);
			ok = false;
		}
	if (!ok) {
		fprintf(stderr, "model case %zu (%s):\n%s\n", i, c->sql, r.text);
		replayed_print_errors(&r);
	}
	replayed_free(&r);
	return ok;
}

#endif
