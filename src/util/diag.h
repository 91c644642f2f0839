/* diag.h — errors as values. Every fallible function fills a Diag (or appends to a DiagList) instead of
 * printing; only cli/ prints (through report/) and picks the exit code. Messages are lower case, no final
 * period, identifiers in double quotes. All strings in a Diag are owned by it (malloc). */
#ifndef STRATA_UTIL_DIAG_H
#define STRATA_UTIL_DIAG_H

#include "strata.h"

/* SEV_INFO is shown only on request (--verbose); SEV_NOTE always, without failing anything (a lint
 * finding weighed harmless, for example a lock on a small table). The values are not an order. */
typedef enum Severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2, SEV_NOTE = 3 } Severity;

typedef struct Diag {
	Severity sev;
	char *rule; /* rule id, e.g. "syntax-error", "undefined-relation"; never NULL once set */
	char *message;
	char *detail; /* optional */
	char *hint;   /* optional */
	char sqlstate[6];
	char *file;        /* optional: path as the user gave it */
	int line, col;     /* 1-based; 0 = unknown */
	char *source_line; /* optional: the text of that line, for the caret display */
} Diag;

typedef struct DiagList {
	Diag *items;
	size_t n, cap;
} DiagList;

#define DIAGLIST_INIT      \
	{                  \
		NULL, 0, 0 \
	}

const char *severity_name(Severity s);

/* Append a diagnostic; returns it so the caller can set detail/hint/source_line. */
Diag *diag_add(DiagList *dl, Severity sev, const char *rule, const char *file, int line, int col,
               const char *fmt, ...) PRINTF_LIKE(7, 8);
void diag_set_detail(Diag *d, const char *fmt, ...) PRINTF_LIKE(2, 3);
void diag_set_hint(Diag *d, const char *fmt, ...) PRINTF_LIKE(2, 3);
void diag_set_source_line(Diag *d, const char *text, size_t len);
void diag_list_append_all(DiagList *dst, DiagList *src); /* moves src's diagnostics into dst */
size_t diag_count(const DiagList *dl, Severity sev);
bool diag_has_errors(const DiagList *dl);
void diag_clear(Diag *d);
void diag_list_release(DiagList *dl);

/* Where a long-running library operation (a rollout, a fleet read) hands over its diagnostics as it goes,
 * so that they come out in order with its progress lines; cli/ passes one that prints them. */
typedef struct DiagSink {
	void (*emit)(void *ud, const DiagList *dl);
	void *ud;
} DiagSink;

/* Hand DL to SINK (when it has an emit function) and empty DL. A NULL SINK keeps DL as it is, so that
 * the caller gets every diagnostic at the end instead. */
void diag_sink_flush(const DiagSink *sink, DiagList *dl);

#endif
