/* throwaway.h — a private PostgreSQL cluster that lives for one run (`strata verify`, tests, harnesses):
 * the dev server machinery (db/devserver.h) under a temporary STRATA_HOME, removed with everything it
 * created afterwards. */
#ifndef STRATA_DB_THROWAWAY_H
#define STRATA_DB_THROWAWAY_H

#include "strata.h"
#include "util/diag.h"

typedef struct Throwaway {
	char home[64];      /* the temporary STRATA_HOME */
	char *datadir_real; /* where the cluster's data went (it may fall back to a /tmp folder) */
} Throwaway;

/* Start a cluster: *URL (heap) is its superuser URL. Sets STRATA_HOME for this process. Returns 0, or -1
 * with the errors in DL (call throwaway_remove anyway). */
int throwaway_start(Throwaway *tw, char **url, DiagList *dl) WARN_UNUSED;
/* Stop the cluster and remove its folders. */
void throwaway_remove(Throwaway *tw);

#endif
