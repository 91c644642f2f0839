/* declarative.h — load a desired-state schema (plain SQL DDL, one file or a folder of .sql files) into a
 * catalog without caring about statement order: a table may reference one defined further down, a
 * comment may precede its object, as people write schema files. */
#ifndef STRATA_ANALYSIS_DECLARATIVE_H
#define STRATA_ANALYSIS_DECLARATIVE_H

#include "strata.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"

/* Replay every statement of FILES (in the order given) into a fresh catalog, in passes: a statement that
 * fails (an object it needs is defined later, say) is deferred behind the others, and the whole set is
 * replayed again in the new order in a fresh catalog, until a pass has no error. When a pass fails on the
 * same number of statements as the one before (no progress: a real error or a cycle), the errors of that
 * last pass are added to DL and -1 is returned; *OUT is then still the catalog of that pass.
 * On success *OUT is the catalog (caller frees), and *PASSES (may be NULL) says how many passes it took.
 * Reading or parse errors return -1 with *OUT NULL. OPTS may be NULL. PREREQ (may be NULL)
 * is replayed first in every pass (analysis/prereq.h). */
int declarative_load(const char *const *files, size_t nfiles, const Prereq *prereq, const ReplayOptions *opts,
                     Catalog **out, int *passes, DiagList *dl) WARN_UNUSED;

/* The .sql files PATH stands for: PATH itself when it is a file, else the .sql files directly in the folder
 * PATH, sorted by name (heap array of heap strings, freed by the caller). -1 with an error when PATH is
 * missing or holds no .sql file. */
int declarative_files(const char *path, char ***files, size_t *n, DiagList *dl) WARN_UNUSED;

#endif
