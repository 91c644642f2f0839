/* devserver.h — the embedded default: a private PostgreSQL cluster under .strata/pg of the project (or
 * $STRATA_HOME/pg), reachable only through a unix socket in its data folder. See devserver.c for the
 * choices (server user when root, socket and port, fallbacks). */
#ifndef STRATA_DB_DEVSERVER_H
#define STRATA_DB_DEVSERVER_H

#include "strata.h"
#include "util/diag.h"

typedef enum DevState {
	DEV_UNINITIALISED = 0, /* no cluster in the data folder */
	DEV_STOPPED,           /* a cluster, no live server (a stale postmaster.pid counts as stopped) */
	DEV_RUNNING,           /* server up and accepting connections */
} DevState;

typedef struct DevStatus {
	DevState state;
	char *datadir; /* absolute path of the data folder (symlinks resolved when it exists); malloc */
	char *url;     /* libpq URL when running, else NULL; malloc */
	long pid;      /* postmaster pid when running, else 0 */
	bool stale;    /* a postmaster.pid was left behind by a server that is gone */
} DevStatus;

/* Initialise the cluster when needed and start the server; waits until it accepts connections.
 * On success returns 0, sets *url (malloc, caller frees) and *already (true when it was running).
 * Errors (binaries missing, initdb or start failed, permissions): -1 with one diagnostic carrying a hint.
 * Notes (for example a data folder moved to /tmp) are added as SEV_INFO diagnostics. */
int dev_start(char **url, bool *already, DiagList *dl) WARN_UNUSED;

/* The same for the cluster under HOME/pg (a throwaway's folder) rather than $STRATA_HOME or ./.strata;
 * HOME NULL means the default. */
int dev_start_in(const char *home, char **url, bool *already, DiagList *dl) WARN_UNUSED;
int dev_stop_in(const char *home, bool *was_running, DiagList *dl) WARN_UNUSED;
/* dev_start_in for a throwaway cluster: the data folder is a copy of a template cluster initdb'd once per
 * machine, binaries and server user (/tmp/strata-template-<euid>-<user>-<hash>, about 40 MB, kept), which
 * is faster than initdb each time; initdb when the template cannot be made. */
int dev_start_throwaway(const char *home, char **url, DiagList *dl) WARN_UNUSED;

/* Stop the server (fast shutdown) and wait. Returns 0 (*was_running says whether there was anything to
 * stop; a stale postmaster.pid is removed) or -1 with a diagnostic. */
int dev_stop(bool *was_running, DiagList *dl) WARN_UNUSED;

/* Fill ST (release with dev_status_release). Never creates anything. Returns 0, or -1 with a
 * diagnostic when the state cannot be read (for example the data folder is unreadable). */
int dev_status(DevStatus *st, DiagList *dl) WARN_UNUSED;
int dev_status_in(const char *home, DevStatus *st, DiagList *dl) WARN_UNUSED;
void dev_status_release(DevStatus *st);

/* Stop the server running in DATADIR at once, without pg_ctl (for a cluster whose data is thrown away):
 * SIGQUIT (PostgreSQL's immediate shutdown), then SIGKILL after TIMEOUT_MS. Only a process that is the
 * postmaster of DATADIR (its postmaster.pid, its name, its working folder) is signalled. Returns 1 when
 * one was stopped (*PID says which), 0 when none runs there, -1 when it would not die. */
int dev_kill(const char *datadir, long timeout_ms, long *pid) WARN_UNUSED;

/* The URL of the running dev server of the current project: returns 1 and sets *url (malloc) when it
 * runs, 0 when it does not (or cannot be seen). Never prints, never creates anything. */
int dev_running_url(char **url);

/* Build the libpq URL of a server on unix socket folder SOCKDIR and PORT, as role and database
 * "postgres"; the folder is percent-encoded where needed. Returns a malloc'd string. */
char *dev_url_for(const char *sockdir, int port);

#endif
