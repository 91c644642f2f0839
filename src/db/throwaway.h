/* throwaway.h — a database that lives for one run and is never left behind (`strata verify`, `check
 * --exact`, `import django`'s scratch database): a fresh database on a server the user names (dropped
 * afterwards), or a private cluster of our own — the dev server machinery (db/devserver.h) in a folder
 * /tmp/strata-<purpose>-<6 random characters>, its data a copy of a template cluster (dev_start_throwaway) —
 * watched by a supervisor process that stops the server and removes the folder when strata ends, however it
 * ends (kill -9 and the OOM killer included). Every start of a cluster first sweeps what earlier runs left
 * behind. docs/reliability.md has the measurements behind the design. */
#ifndef STRATA_DB_THROWAWAY_H
#define STRATA_DB_THROWAWAY_H

#include "strata.h"
#include "util/diag.h"

#include <libpq-fe.h>

typedef struct ThrowawayOptions {
	const char *purpose; /* "verify", "exact", "scratch": names the folder and the database */
	const char
	    *server_url; /* create the database there (superuser or CREATEDB); NULL: a cluster of ours */
} ThrowawayOptions;

typedef struct Throwaway {
	char *admin_url; /* the server, as its superuser (database "postgres" on our own cluster) */
	char *dbname;    /* the fresh database: strata_<purpose> (ours) or strata_<purpose>_<pid> */
	bool own;        /* a cluster of our own */
	bool kept;       /* throwaway_keep was called: nothing is removed */
	char home[64];   /* own: its folder (the cluster is in home/pg) */
	long supervisor; /* own: the supervisor's pid (0: none) */
	int sup_fd;      /* own: our end of the supervisor's socket (-1: none) */
} Throwaway;

/* Open a throwaway database (see the file comment). What the sweep removed is added to DL as notes
 * (SEV_INFO). Returns 0, or -1 with an error in DL (nothing is left behind then). */
int throwaway_open(Throwaway *t, const ThrowawayOptions *o, DiagList *dl) WARN_UNUSED;
/* A connection to the throwaway database as the server's superuser, notices ignored. NULL + error. */
PGconn *throwaway_connect(const Throwaway *t, DiagList *dl) WARN_UNUSED;
/* The database as environment entries for a helper program: PREFIX + NAME, HOST, PORT, USER, PASSWORD =
 * value (those that are set), NULL-terminated. Free with throwaway_env_free. */
char **throwaway_env(const Throwaway *t, const char *prefix);
void throwaway_env_free(char **env);
/* Leave the server, its folder and the database in place when T is closed (`verify --keep`): the
 * supervisor lets go and later sweeps leave the folder alone. */
void throwaway_keep(Throwaway *t);
/* Drop the database, or stop our cluster and remove its folder (unless kept); free T. Safe on a closed T. */
void throwaway_close(Throwaway *t);

/* Remove what runs that are gone left behind: every /tmp/strata-* folder marked as ours whose owner and
 * supervisor processes are both gone, and the server running in it (immediate shutdown). Folders
 * without our mark are never touched. One note per folder in DL. Returns how many were removed. */
int throwaway_sweep(DiagList *dl);

/* The supervisor's body (`strata __supervise HOME`, started by throwaway_open with its socket on fd 3):
 * says it is ready, waits until the other end closes (strata ended, however), then stops the server in
 * HOME/pg and removes HOME — unless it was told "keep". Returns the process exit code. */
int throwaway_supervise(const char *home);

#endif
