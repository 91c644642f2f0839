/* proc.h — running another program (the project's own Python for `strata import`) as a subprocess and
 * collecting what it prints. No shell is involved: arguments go to execvp as they are. */
#ifndef STRATA_UTIL_PROC_H
#define STRATA_UTIL_PROC_H

#include "strata.h"
#include "util/diag.h"

typedef struct ProcResult {
	int status; /* exit code, or 128 + signal number when killed */
	char *out;  /* everything written to stdout (NUL-terminated, heap) */
	char *err;  /* everything written to stderr */
} ProcResult;

/* Run ARGV (ARGV[0] searched in PATH) in folder CWD (NULL: the current one) with the extra environment
 * ENV ("NAME=VALUE" strings, NULL-terminated, may be NULL) added to ours, stdin from /dev/null, and wait.
 * Returns 0 with RES filled (release with proc_result_release) whatever the exit status, or -1 with an
 * error in DL when the program could not be started (not found, not executable). */
int proc_run(const char *const *argv, const char *cwd, const char *const *env, ProcResult *res,
             DiagList *dl) WARN_UNUSED;
void proc_result_release(ProcResult *res);

#endif
