/* prereq.h — replaying a setup script (`--prereq FILE`: the roles, schemas and extensions a superuser
 * creates before the first migration) into a catalog before the history, so that check and verify see
 * what it creates. */
#ifndef STRATA_ANALYSIS_PREREQ_H
#define STRATA_ANALYSIS_PREREQ_H

#include "strata.h"
#include "analysis/platform.h"
#include "analysis/replay.h"

/* Replay the SQL file PATH into CAT with the default search_path (the script runs as superuser with no
 * connection options). Returns 0, or -1 when the file cannot be read or replay added errors (in DL). */
int replay_prereq(Catalog *cat, const char *path, DiagList *dl) WARN_UNUSED;

/* Everything that exists before the first migration of a folder: the built-in prereq of its platform
 * (analysis/platform.h), then the user's file (--prereq). */
typedef struct Prereq {
	Platform platform;
	const char *file; /* --prereq FILE, or NULL */
} Prereq;

/* The prereq of migrations folder DIR: its platform (PLATFORM_NAME, [migrations] platform, when non-NULL,
 * else detected from DIR) and FILE (may be NULL). */
void prereq_init(Prereq *p, const char *dir, const char *platform_name, const char *file);
/* Anything to replay. P may be NULL (nothing). */
bool prereq_any(const Prereq *p);
/* Replay P into CAT: the built-in SQL, then the file. Returns 0, or -1 when the file cannot be read or the
 * replay added errors (in DL). P may be NULL (nothing, 0). */
int prereq_replay(Catalog *cat, const Prereq *p, DiagList *dl) WARN_UNUSED;

#endif
