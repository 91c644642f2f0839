/* progress.h — rollout progress: on a terminal one redrawn line with a bar (done / failed / remaining,
 * rate, ETA); otherwise a plain line every few seconds and at the end, so logs stay readable. */
#ifndef STRATA_EXEC_PROGRESS_H
#define STRATA_EXEC_PROGRESS_H

#include "strata.h"

typedef struct Progress {
	FILE *out; /* NULL: silent */
	bool tty;
	size_t total, done, failed;
	long long t0_ms, last_ms;
	int interval_ms; /* plain mode: at most one line per interval */
} Progress;

void progress_init(Progress *p, FILE *out, size_t total);
/* A target finished (FAILED or not); redraws when due. */
void progress_step(Progress *p, bool failed);
/* Final line (and newline on a terminal). */
void progress_end(Progress *p);
/* The text of one progress line, without newline (for tests and both modes). NOW_MS is the clock. */
void progress_format(const Progress *p, long long now_ms, char *buf, size_t len);

long long progress_now_ms(void);

#endif
