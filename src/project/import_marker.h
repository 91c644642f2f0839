/* import_marker.h — the header line `strata import` writes at the top of each migration it makes, so that
 * later runs know where the file came from without any other state:
 *   -- strata:import django app=shop name=0002_order scope=tenant sha256=<hex of the tool's SQL>
 *   -- strata:import alembic revision=ae1027a6acf down=1975ea83b712,27c6a30d7c24
 * and the warning line a file carries when something of the tool's migration could not be exported
 * (`strata check` reports it on every run):
 *   -- strata:warning python-operation shop.0003_fill: RunPython (fill_prices) is not in this file */
#ifndef STRATA_PROJECT_IMPORT_MARKER_H
#define STRATA_PROJECT_IMPORT_MARKER_H

#include "strata.h"
#include "util/strbuf.h"

#define IMPORT_MARKER     "-- strata:import "
#define IMPORT_WARNING    "-- strata:warning "
#define MARKER_MAX_FIELDS 8

typedef struct ImportMarker {
	char *tool; /* "django", "alembic" */
	char *keys[MARKER_MAX_FIELDS];
	char *values[MARKER_MAX_FIELDS];
	size_t n;
	int line; /* 1-based line of the marker in the text */
} ImportMarker;

/* Find the import marker among the comment lines that open TEXT (before the first statement). Returns
 * true and fills M (release with import_marker_release) when there is one; TOOL, when non-NULL, must
 * match. */
bool import_marker_find(const char *text, const char *tool, ImportMarker *m);
/* The value of KEY, or NULL. */
const char *import_marker_get(const ImportMarker *m, const char *key);
void import_marker_release(ImportMarker *m);
/* Append the marker line (with its newline) for TOOL and the KEYS/VALUES pairs (values must not contain
 * spaces or newlines: the caller passes identifiers and hex digests). */
void import_marker_write(StrBuf *sb, const char *tool, const char *const *keys, const char *const *values,
                         size_t n);

/* A `-- strata:warning RULE MESSAGE` line anywhere in TEXT, from *POS on: returns true with RULE and
 * MESSAGE (heap strings) and its 1-based LINE, and advances *POS past it. */
bool import_warning_next(const char *text, size_t *pos, char **rule, char **message, int *line);

#endif
