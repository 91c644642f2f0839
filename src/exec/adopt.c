/* adopt.c — baseline from another tool's history (see adopt.h). */
#include "strata.h"
#include "exec/adopt.h"
#include "db/foreign_history.h"

ApplyResult apply_baseline_from(PGconn *conn, const MigrationSet *set, ForeignTool tool, const char *schema,
                                bool verify, const ApplyOptions *o, DiagList *dl)
{
	const ForeignToolInfo *ti = &foreign_tools[tool];
	ForeignHistory fh;
	if (foreign_history_load(conn, tool, schema, &fh, dl) != 0)
		return APPLY_ENV;
	ApplyResult res = APPLY_FAILED;
	bool *applied = xcalloc(set->n + 1, sizeof(bool)), *failed = xcalloc(set->n + 1, sizeof(bool));
	MigrationSet sub = *set;
	sub.items = xcalloc(set->n + 1, sizeof(Migration));
	sub.n = 0;
	if (!fh.exists) {
		Diag *d = diag_add(dl, SEV_ERROR, "foreign-history", NULL, 0, 0, "%s has no history table %s",
		                   ti->label, fh.table);
		diag_set_hint(d, "--from-schema names the schema it is in");
		goto out;
	}
	if (foreign_history_match(&fh, set, applied, failed, true, dl) != 0)
		goto out; /* a migration the tool ran that strata does not have: adopting would lie */
	for (size_t i = 0; i < set->n; i++) {
		if (failed[i]) {
			Diag *d = diag_add(dl, SEV_ERROR, "foreign-unfinished", set->items[i].up_path, 0, 0,
			                   "%s recorded migration \"%s\" as not finished", ti->label,
			                   set->items[i].version);
			diag_set_hint(d,
			              "repair it with %s first (or fix the database by hand and mark it "
			              "done there)",
			              ti->label);
			goto out;
		}
		if (applied[i])
			sub.items[sub.n++] = set->items[i];
	}
	if (!sub.n) {
		diag_add(dl, SEV_ERROR, "foreign-history", NULL, 0, 0,
		         "%s recorded no migration of \"%s\" in %s: nothing to adopt", ti->label, set->dir,
		         fh.table);
		goto out;
	}
	fprintf(o->out, "%s applied %zu of %zu migrations (%s)\n", ti->label, sub.n, set->n, fh.table);
	/* the adopted migrations alone, in their order: what verify replays and what gets recorded */
	res = apply_baseline(conn, &sub, sub.items[sub.n - 1].version, verify, o, dl);
out:
	free(sub.items);
	free(applied);
	free(failed);
	foreign_history_free(&fh);
	return res;
}
