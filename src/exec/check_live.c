/* check_live.c — the live database and fleet as `strata check` weighs its lint findings (see check_live.h).
 */
#include "strata.h"
#include "exec/check_live.h"
#include "exec/fleet_servers.h"
#include "util/hmap.h"

int check_live_read(PGconn *conn, const char *url, const HistoryTarget *ht, const TenantConfig *t,
                    const MigrationSet *set, LintLive *live, long *tenants, DiagList *dl)
{
	if (!t)
		return lint_live_read(live, conn, set, ht, NULL, 0, false, dl);
	TenantConfig one = *t; /* without [fleet] servers, the fleet is the database checked against */
	char *only[1] = {(char *)url};
	if (!one.n_servers) {
		one.servers = only;
		one.n_servers = 1;
	}
	FleetServer *fs = NULL;
	int rc = 0;
	if (fleet_open(&one, &fs, false, dl) != 0 || fleet_resolve(&one, fs, dl) != 0) {
		rc = -1;
	} else {
		*tenants = 0;
		for (size_t i = 0; i < one.n_servers; i++) {
			*tenants += (long)fs[i].n_tenants;
			for (size_t k = 0; k < fs[i].n_tenants; k++) { /* how far each tenant is */
				const LedgerRow *lr = hmap_get(&fs[i].ledger.by_target, fs[i].tenants[k]);
				lint_live_tenant_at(live, lr ? lr->version : NULL);
			}
		}
	}
	bool schemas = one.mode == TMODE_SCHEMA; /* database mode: the count only */
	char **first = rc == 0 && schemas ? fs[0].tenants : NULL;
	size_t nfirst = rc == 0 && schemas ? fs[0].n_tenants : 0;
	if (lint_live_read(live, conn, set, ht, first, nfirst, false, dl) != 0)
		rc = -1;
	for (size_t i = 1; rc == 0 && schemas && i < one.n_servers; i++)
		if (fs[i].n_tenants && lint_live_read(live, fs[i].conn, NULL, NULL, fs[i].tenants,
		                                      fs[i].n_tenants, true, dl) != 0)
			rc = -1;
	fleet_close(&one, fs);
	return rc;
}
