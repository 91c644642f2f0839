/* prereq.h — replaying a setup script (a corpus' PREREQ.sql: roles, schemas, extensions run as superuser
 * before the first migration) into a catalog before the history, so that check and verify see what it
 * creates. */
#ifndef STRATA_ANALYSIS_PREREQ_H
#define STRATA_ANALYSIS_PREREQ_H

#include "strata.h"
#include "analysis/replay.h"

/* Replay the SQL file PATH into CAT with the default search_path (the script runs as superuser with no
 * connection options). Returns 0, or -1 when the file cannot be read or replay added errors (in DL). */
int replay_prereq(Catalog *cat, const char *path, DiagList *dl) WARN_UNUSED;

#endif
