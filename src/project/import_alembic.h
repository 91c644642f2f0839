/* import_alembic.h — `strata import alembic`: an Alembic project's revisions as strata migrations. The
 * project's own Python runs Alembic (src/project/py/import_alembic.py): its revision graph in the order
 * Alembic upgrades it (branches and merges in one valid linear order), and for each revision the upgrade
 * and downgrade SQL of Alembic's offline mode (`alembic upgrade A:B --sql`), rendered from the heads before
 * it, so each file keeps alembic_version exactly as Alembic would. A re-import writes only new revisions
 * and refuses when an imported one changed. */
#ifndef STRATA_PROJECT_IMPORT_ALEMBIC_H
#define STRATA_PROJECT_IMPORT_ALEMBIC_H

#include "strata.h"
#include "project/import_common.h"
#include "util/diag.h"
#include "util/strbuf.h"

typedef struct AlembicImportOptions {
	const char *ini;         /* alembic.ini */
	const char *python;      /* the project's interpreter */
	const char *out_dir;     /* the migrations folder (created) */
	const char *config_path; /* strata.conf to write when missing, or NULL */
} AlembicImportOptions;

/* Import. Nothing is written when anything is refused (a revision Alembic cannot render offline, an
 * imported revision changed or gone). Returns 0, or -1 with errors in DL. */
int import_alembic(const AlembicImportOptions *o, ImportReport *r, DiagList *dl) WARN_UNUSED;

/* For `strata diff` in an imported Alembic project: when the newest migration of DIR is an imported
 * Alembic revision (or one diff wrote), the statement that moves alembic_version from it to a new revision
 * id (appended to UP) and back (DOWN), and an Alembic revision script for it in the project's versions
 * folder (so `alembic current` and `alembic history` know it); its upgrade runs the same SQL. NAME is the
 * migration's name. Returns 0 (nothing to do: *NEW_REV NULL), 1 when done (*NEW_REV heap), -1 (DL). */
int alembic_follow_diff(const char *dir, const char *ini, const char *name, StrBuf *up, StrBuf *down,
                        char **new_rev, StrBuf *written, DiagList *dl) WARN_UNUSED;

#endif
