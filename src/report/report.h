/* report.h — printing diagnostics: compiler-style text with a caret, JSON (jansson), GitHub workflow
 * annotations, SARIF 2.1.0. */
#ifndef STRATA_REPORT_REPORT_H
#define STRATA_REPORT_REPORT_H

#include "strata.h"
#include "util/diag.h"

#include <jansson.h>

typedef enum OutFormat { OUT_TEXT = 0, OUT_JSON, OUT_SQL, OUT_GITHUB, OUT_SARIF } OutFormat;

/* "FILE:LINE:COL: error: message", then the source line and a caret, then detail/hint lines. */
/* S with control characters escaped (\n, \t, \r, \xNN), for file names and messages on a terminal:
 * malloc'd. */
char *report_escape(const char *s);
void report_text(FILE *out, const DiagList *dl, bool color);
void report_text_one(FILE *out, const Diag *d, bool color);
/* One JSON object for a diagnostic (new reference). */
json_t *report_diag_json(const Diag *d);
/* A JSON array of all diagnostics (new reference). */
json_t *report_diags_json(const DiagList *dl);
/* Dump J to OUT, pretty, with a final newline; steals the reference. */
void report_json_print(FILE *out, json_t *j);

/* GitHub Actions workflow commands: "::error file=F,line=L,col=C,title=RULE::message" per diagnostic. */
void report_github(FILE *out, const DiagList *dl);
/* A SARIF 2.1.0 log (one run, tool "strata", one rule entry per rule id seen); new reference. */
json_t *report_sarif(const DiagList *dl);

#endif
