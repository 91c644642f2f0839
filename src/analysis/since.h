/* since.h — `strata check --since GITREF`: the migrations of the working tree against those at another git
 * ref. Migrations only here ("ours") and only there ("theirs") are replayed together; two of them changing
 * the same object is a real conflict (error), ours sorting before theirs without a shared object is a
 * harmless reorder (warning, with the rename that puts ours last). */
#ifndef STRATA_ANALYSIS_SINCE_H
#define STRATA_ANALYSIS_SINCE_H

#include "strata.h"
#include "analysis/replay.h"
#include "project/migration.h"
#include "util/diag.h"

/* DIR is the migrations folder (inside a git work tree); FORMAT/VARS as for discovery; RO the replay
 * settings (hooks are replaced). Runs `git` (ls-tree, show) without a shell. Returns 0, or -1 with errors
 * in DL (not a git work tree, unknown ref, or conflicts found). */
int since_check(const char *dir, MigFormat format, const MigVar *vars, size_t n_vars, const char *ref,
                const ReplayOptions *ro, DiagList *dl) WARN_UNUSED;

#endif
