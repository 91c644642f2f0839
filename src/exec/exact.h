/* exact.h — the exact mode (`--exact`): the statements the offline model cannot follow (dynamic SQL: see
 * analysis/replay.h, ReplayExact) run on a throwaway PostgreSQL built from the model, and what they did is
 * read back by introspection and applied to the model, which then continues offline. The server starts
 * only when the first such statement comes (a history without dynamic SQL costs nothing). */
#ifndef STRATA_EXEC_EXACT_H
#define STRATA_EXEC_EXACT_H

#include "strata.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"

typedef struct ExactOptions {
	const char *server_url; /* create the throwaway database there (verify's own cluster); NULL: a
	                           throwaway cluster of its own */
	const Prereq *prereq;   /* run first on the server, as the replay replays it first (may be NULL) */
} ExactOptions;

/* What the exact mode cost, for the user (docs/commands.md has measured figures). */
typedef struct ExactStats {
	size_t statements; /* run on the server */
	size_t rejected;   /* of which PostgreSQL rejected */
	double start_s;    /* starting the server and creating the prereq there */
	double sync_s;     /* bringing the server to the model before each statement */
	double run_s;      /* the statements and reading their effect back */
	bool unavailable;  /* the server could not be started: dynamic SQL was not followed */
} ExactStats;

typedef struct ExactSession ExactSession;

/* A session (nothing starts yet). O is copied; O->prereq must outlive the session. */
ExactSession *exact_session_new(const ExactOptions *o);
/* The hook for ReplayOptions.exact (valid while the session lives). */
const ReplayExact *exact_session_hook(ExactSession *s);
const ExactStats *exact_session_stats(const ExactSession *s);
/* One line for people: "exact: 2 statements run on a throwaway PostgreSQL (start 1.2 s, ...)" (malloc),
 * or NULL when nothing ran. */
char *exact_session_summary(const ExactSession *s);
/* Stop the server (if one started) and free S. */
void exact_session_free(ExactSession *s);

#endif
