/* write.h — writing a new migration in a folder's own convention (used by `strata diff` and `strata
 * squash`): the next version, the file names and the up/down layout of each format. */
#ifndef STRATA_PROJECT_WRITE_H
#define STRATA_PROJECT_WRITE_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"

/* The version a new migration of SET gets (heap string): a timestamp (same shape as the existing ones:
 * 14 digits, 20-digit popx style, diesel's YYYY-MM-DD-HHMMSS) when the set uses timestamps, else the last
 * version with its last number incremented, width kept (`0007` → `0008`, `1_10` → `1_11`). FORMAT is the
 * set's (or the chosen) convention; an empty set starts at a timestamp, or `1` for Flyway and `001` for
 * plain files. */
char *migration_next_version(const MigrationSet *set, MigFormat format);

/* Write one migration: VERSION, NAME, UP and DOWN (DOWN may be NULL; formats without down files —
 * Prisma, plain — drop it) into DIR in FORMAT's layout. SEP is the separator plain files use after the
 * version ('_' or '-'). Lexical (and golang-migrate) files are "<VERSION>_<NAME>.up.sql"; with NAME NULL
 * just "<VERSION>.up.sql". The written paths are appended to PATHS (heap strings, *NPATHS updated). Refuses
 * (-1, error in DL) to overwrite an existing file, and for formats it cannot write (temporal). */
int migration_write(const char *dir, MigFormat format, const char *version, const char *name, char sep,
                    const char *up, const char *down, char ***paths, size_t *npaths,
                    DiagList *dl) WARN_UNUSED;

/* The separator plain files of SET use after the version ('-' or '_'; '_' when unknown). */
char migration_plain_sep(const MigrationSet *set);

#endif
