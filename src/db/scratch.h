/* scratch.h — a database nobody else uses, for work that must run real SQL but may not touch the
 * project's databases (`strata import django` renders each migration against the state the previous ones
 * leave): a fresh database on a server the user names, dropped afterwards, or else a throwaway cluster
 * of our own (the embedded dev server machinery in a temporary folder), removed afterwards. */
#ifndef STRATA_DB_SCRATCH_H
#define STRATA_DB_SCRATCH_H

#include "strata.h"
#include "util/diag.h"

typedef struct Scratch {
	char *host, *port, *user, *password, *dbname; /* how to reach the scratch database (libpq values) */
	char *admin_url; /* the server the database was created on (NULL for a throwaway cluster) */
	char home[64];   /* throwaway cluster: its temporary folder ("" otherwise) */
	char *datadir;   /* throwaway cluster: where its data really is */
	char *old_home;  /* STRATA_HOME before we set it */
	bool had_home;
} Scratch;

/* Open a scratch database: on the server of SERVER_URL (a superuser or a role with CREATEDB: a database
 * "strata_scratch_<pid>" is created there), or, when SERVER_URL is NULL, in a new throwaway cluster.
 * Returns 0, or -1 with an error in DL (S is then closed already). */
int scratch_open(Scratch *s, const char *server_url, DiagList *dl) WARN_UNUSED;
/* The scratch database as environment entries for a helper program: PREFIX + NAME, HOST, PORT, USER,
 * PASSWORD = value (only those that are set), NULL-terminated. Free with scratch_env_free. */
char **scratch_env(const Scratch *s, const char *prefix);
void scratch_env_free(char **env);
/* Drop the database (or stop and remove the cluster) and free S. Safe on a closed S. */
void scratch_close(Scratch *s);

#endif
