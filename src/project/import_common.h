/* import_common.h — what `strata import django` and `strata import alembic` share: finding what an earlier
 * import wrote (from the header line of each file, project/import_marker.h), numbering new files after it,
 * digests of the tool's SQL (to notice a migration changed in the tool since it was imported), writing
 * files without ever overwriting one, and the strata.conf an import writes once. */
#ifndef STRATA_PROJECT_IMPORT_COMMON_H
#define STRATA_PROJECT_IMPORT_COMMON_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/vec.h"

typedef struct ImportReport {
	size_t total;    /* migrations the tool has */
	size_t existing; /* of them, imported before (unchanged) */
	size_t added;    /* migrations written now */
	StrBuf written;  /* the files written, one path a line */
	StrBuf notes;    /* lines for people (strata.conf written, warnings kept in files, next steps) */
} ImportReport;

void import_report_release(ImportReport *r);

/* One migration an earlier import wrote. */
typedef struct Imported {
	char *key;     /* "app.name" (Django), revision (Alembic) */
	char *version; /* its strata version ("0007") */
	char *sha;     /* digest of the tool's SQL when it was imported (sha256=), or "" */
	char *scope;   /* Django: shared | tenant | both | none (scope=), or "" */
	char *path;    /* the file */
	bool squash;   /* a `strata squash` baseline (key ""): what came before it is folded into it */
} Imported;

typedef VEC(Imported) ImportedList;

/* The migrations of DIR (convention FMT, FMT_AUTO to detect) that carry TOOL's import marker, in apply
 * order, and the squash baselines among them (squash set). A missing DIR is an empty list. Other files are
 * errors (DIR is not only the tool's: a re-import could not tell what is new). Returns 0, or -1 with errors
 * in DL. */
int imported_scan(const char *dir, const char *tool, MigFormat fmt, ImportedList *out,
                  DiagList *dl) WARN_UNUSED;
void imported_free(ImportedList *l);
const Imported *imported_find(const ImportedList *l, const char *key);
/* Index of the first entry after the last squash baseline (0 when there is none): the imports that still
 * stand on their own. */
size_t imported_live_start(const ImportedList *l);
/* "k1,k2,..." of L's keys from imported_live_start on, in order (heap). */
char *imported_keys(const ImportedList *l);
/* The version of the next new file: one more than the largest of L, 4 digits at least ("0001" for an
 * empty list). Heap. */
char *imported_next_version(const ImportedList *l, size_t plus);

/* Lowercase hex SHA-256 of TEXT. */
void import_digest(const char *text, char out[65]);
/* A file name part from S: lower case letters, digits and '_' (other runs become one '_'), at most 60
 * bytes, never empty ("migration"). Heap. */
char *import_slug(const char *s);
/* Write TEXT to DIR/NAME (DIR created when missing), refusing to overwrite an existing file. The path
 * written is appended to WRITTEN. Returns 0 or -1 (DL). */
int import_put_file(const char *dir, const char *name, const char *text, StrBuf *written,
                    DiagList *dl) WARN_UNUSED;
/* Write CONF as PATH when no file PATH exists yet: *WROTE says whether it did. Returns 0 or -1 (DL). */
int import_write_conf(const char *path, const char *conf, bool *wrote, DiagList *dl) WARN_UNUSED;

/* Run HELPER (Python source, project/pyhelpers.h) with the project's interpreter PYTHON in folder CWD:
 * `PYTHON -c HELPER OUT.json ARGS...` with ENV (NAME=VALUE, NULL-ended, may be NULL) added. Returns the
 * JSON the helper wrote (a json_t *, caller decrefs), or NULL with an error naming TOOL and the end of
 * Python's traceback. */
void *import_run_helper(const char *python, const char *helper, const char *cwd, const char *const *args,
                        size_t nargs, const char *const *env, const char *tool, DiagList *dl);

#endif
