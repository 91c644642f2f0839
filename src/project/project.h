/* project.h — the migrations of a project as every command sees them: the folder (or folders, applied in
 * turn) with their convention and placeholder values, discovered into one MigrationSet. Library code
 * takes a Project instead of command-line state, so every command and test loads migrations the same way. */
#ifndef STRATA_PROJECT_PROJECT_H
#define STRATA_PROJECT_PROJECT_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"

typedef struct Project {
	const char *const
	    *dirs; /* migration folders (or single .sql files), applied in this order; borrowed */
	size_t n_dirs;
	MigFormat format;   /* convention forced for every folder, FMT_AUTO to detect each one */
	const MigVar *vars; /* placeholder values; borrowed */
	size_t n_vars;
} Project;

/* Discover the migrations of every folder of P into OUT (free with migration_set_free), SCOPE given to
 * each: each folder with its own convention (detected, unless P forces one), the folders' migrations one
 * after the other in folder order, versions unique across folders (a repeat is a duplicate-version
 * error). Returns 0, or -1 with errors in DL (OUT then holds what could be read, see
 * discover_migrations). */
int project_discover(const Project *p, MigScope scope, MigrationSet *out, DiagList *dl) WARN_UNUSED;

/* The migrations of folder K of SET as a one-folder set that borrows everything from SET (do not free):
 * where a new migration of that folder goes and what versions it follows. A one-folder SET is returned as
 * it is. */
MigrationSet project_folder_view(const MigrationSet *set, size_t k);

/* Discover one folder DIR with P's convention and placeholders (the tenant folder, a git checkout). */
int project_discover_dir(const Project *p, const char *dir, MigScope scope, MigrationSet *out,
                         DiagList *dl) WARN_UNUSED;

/* Whether any folder of P exists (a project without shared migrations has none). */
bool project_exists(const Project *p);

/* The folders of P for messages: "migrations", or "init-scripts, migrations". Heap. */
char *project_dirs_text(const Project *p);

#endif
