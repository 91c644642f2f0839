/* tenant_drop.c — dropping tenants by name (see tenant_drop.h). */
#include "strata.h"
#include "exec/fleet_servers.h"
#include "exec/tenant_drop.h"
#include "exec/tenant_guard.h"

int tenant_drop_names(const TenantConfig *t, const char *history_schema, char **names, size_t n, FILE *out,
                      DiagList *dl)
{
	FleetServer *fs = NULL;
	int rc = fleet_open(t, &fs, true, dl) != 0 ? EXIT_USAGE : 0;
	if (!rc && t->source.kind != SRC_LEDGER && fleet_resolve(t, fs, dl) != 0)
		rc = EXIT_USAGE;
	TenantDropServer *ds = xcalloc(t->n_servers ? t->n_servers : 1, sizeof(TenantDropServer));
	for (size_t i = 0; !rc && i < t->n_servers; i++)
		ds[i] = (TenantDropServer){fs[i].conn, fs[i].tenants, fs[i].n_tenants};
	TenantGuard g = {t->mode, t->shared, history_schema};
	const char *what = t->mode == TMODE_DATABASE ? "database" : "schema";
	for (size_t k = 0; !rc && k < n; k++) {
		TenantDropResult r;
		tenant_drop(ds, t->n_servers, &g, names[k], &r, dl);
		switch (r.outcome) {
		case TDROP_DROPPED:
			fprintf(out, "dropped tenant \"%s\"%s%s%s\n", names[k],
			        r.had_object ? "" : " (ledger row only: no ", r.had_object ? "" : what,
			        r.had_object ? "" : ")");
			break;
		case TDROP_LEDGER_ONLY:
			fprintf(out, "removed \"%s\" from strata.ledger; the %s was left alone: %s\n",
			        names[k], what, r.protection);
			break;
		case TDROP_PROTECTED:
			rc = EXIT_USAGE;
			break;
		case TDROP_ERROR:
			rc = r.server < 0 ? EXIT_USAGE : EXIT_FINDINGS;
			break;
		default:
			rc = EXIT_FINDINGS;
			break;
		}
		free(r.protection);
	}
	free(ds);
	fleet_close(t, fs);
	return rc;
}
