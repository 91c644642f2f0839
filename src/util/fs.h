/* fs.h — small file-system helpers with errors as values. */
#ifndef STRATA_UTIL_FS_H
#define STRATA_UTIL_FS_H

#include "strata.h"
#include "util/diag.h"

/* Read a whole file. On success *out (malloc, NUL-terminated) and *len are set and 0 is returned; on
 * failure -1 with a diagnostic naming the file and the OS reason. */
int fs_read_file(const char *path, char **out, size_t *len, DiagList *dl) WARN_UNUSED;
bool fs_is_dir(const char *path);
bool fs_is_file(const char *path);
char *fs_join(const char *a, const char *b); /* malloc'd "a/b" */
/* Directory entries (names only, no "." or ".."), sorted bytewise. Returns count or -1 (diag added). */
int fs_list_dir(const char *path, char ***names, DiagList *dl) WARN_UNUSED;
void fs_free_list(char **names, int n);
int fs_mkdir_p(const char *path); /* 0 or -1 with errno */
/* Create a new private folder /tmp/strata-NAME-<random> (mkdtemp) and write its path to OUT (OUTSZ bytes).
 * Returns 0, or -1 with an error diagnostic. */
int fs_make_temp_dir(const char *name, char *out, size_t outsz, DiagList *dl) WARN_UNUSED;
/* Remove PATH and everything under it, symlinks not followed (best effort: what cannot be removed stays).
 * Refuses "" and "/". */
void fs_remove_tree(const char *path);

#endif
