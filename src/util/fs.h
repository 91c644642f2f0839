/* fs.h — small file-system helpers with errors as values. */
#ifndef STRATA_UTIL_FS_H
#define STRATA_UTIL_FS_H

#include "strata.h"
#include "util/diag.h"

/* The largest file strata reads, in bytes: 64 MB unless strata.conf sets [migrations] max_file_size (see
 * fs_set_max_file_size). A migration larger than that is almost always a mistake (a data dump, a symlink to
 * a device), and reading it whole would exhaust memory. */
#define FS_MAX_FILE_DEFAULT ((size_t)64 << 20)
void fs_set_max_file_size(size_t bytes); /* 0 restores the default */
size_t fs_max_file_size(void);
/* Parse a size such as "64MB", "512kB", "1GB" or "1048576" (bytes; units are powers of 1024, case
 * ignored). Returns 0 and sets *BYTES, or -1. */
int fs_parse_size(const char *s, size_t *bytes) WARN_UNUSED;

/* Read a whole file of at most fs_max_file_size() bytes: a regular file, or a pipe or device the user named
 * (/dev/null, /dev/stdin, a process substitution). On success *out (malloc, NUL-terminated) and *len are
 * set and 0 is returned; on failure -1 with a diagnostic naming the file and the reason (the OS error, a
 * directory, the size limit). */
int fs_read_file(const char *path, char **out, size_t *len, DiagList *dl) WARN_UNUSED;
/* The same for files strata finds itself (migrations, manifests, strata.conf): anything but a regular file
 * is an error, and a FIFO is never waited on. */
int fs_read_regular_file(const char *path, char **out, size_t *len, DiagList *dl) WARN_UNUSED;
/* What PATH is when it is not a regular file ("a directory", "a FIFO", "a character device", ...), after
 * following symlinks; NULL for a regular file or when PATH cannot be stat()ed. */
const char *fs_special_kind(const char *path);
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
