/* preflight_lint.c — the lint rules in the pre-flight of `up` (see preflight_lint.h). Only what refuses the
 * deploy is reported: warnings and notes are `strata check`'s business, as the replay's other findings. */
#include "strata.h"
#include "exec/preflight_lint.h"

int preflight_lint_begin(PreflightLint *pl, PGconn *conn, const MigrationSet *set, const size_t *pending,
                         size_t n, const Config *cfg, const PreflightLintTenants *tenants, DiagList *dl)
{
	memset(pl, 0, sizeof(*pl));
	if (lint_config_init(&pl->lc, cfg, &pl->dl) != 0)
		pl->config_failed = true;
	lint_live_init(&pl->live);
	for (size_t k = 0; k < n; k++)
		lint_live_pending(&pl->live, set->items[pending[k]].version);
	bool weigh = tenants && tenants->n;
	if (lint_live_read(&pl->live, conn, NULL, NULL, weigh ? (char *const *)tenants->schemas : NULL,
	                   weigh ? tenants->n : 0, weigh, dl) != 0) {
		lint_live_release(&pl->live);
		lint_config_release(&pl->lc);
		diag_list_release(&pl->dl);
		return -1;
	}
	if (weigh) { /* tenant migrations, as `check` lints them: the tenants are at the version before
		      * the first pending one (the refusal names the tenants, so no count is added) */
		pl->live.tenant_schema = tenants->schema;
		lint_live_tenant_at(&pl->live,
		                    n && pending[0] > 0 ? set->items[pending[0] - 1].version : NULL);
	}
	pl->lc.live = &pl->live;
	pl->linter = linter_new(set, &pl->lc, &pl->dl);
	if (weigh)
		linter_set_tenant(pl->linter);
	return 0;
}

void preflight_lint_hook(PreflightLint *pl, ReplayOptions *ro)
{
	linter_hook_options(pl->linter, ro);
}

int preflight_lint_end(PreflightLint *pl, DiagList *dl)
{
	linter_end(pl->linter);
	int rc = 0;
	for (size_t i = 0; i < pl->dl.n; i++) {
		Diag *d = &pl->dl.items[i];
		if (d->sev == SEV_ERROR && !strcmp(d->rule, "unknown-rule")) {
			d->sev =
			    SEV_WARNING; /* a typo in a comment does not stop a deploy; check fails on it */
			continue;
		}
		if (d->sev == SEV_ERROR) {
			rc = 1;
			if (!d->hint || lint_rule_find(d->rule) < 0)
				continue;
			/* the refusal says what happened besides the rule's safe form */
			char *h = xasprintf("%s; nothing was applied", d->hint);
			diag_set_hint(d, "%s", h);
			free(h);
		}
	}
	DiagList keep = DIAGLIST_INIT;
	for (size_t i = 0; i < pl->dl.n; i++) {
		Diag *d = &pl->dl.items[i];
		if (d->sev == SEV_ERROR) {
			if (keep.n == keep.cap) {
				keep.cap = keep.cap ? keep.cap * 2 : 8;
				keep.items = xrealloc(keep.items, keep.cap * sizeof(Diag));
			}
			keep.items[keep.n++] = *d;
		} else {
			diag_clear(d);
		}
	}
	free(pl->dl.items);
	memset(&pl->dl, 0, sizeof(pl->dl));
	diag_list_append_all(dl, &keep);
	linter_free(pl->linter);
	lint_live_release(&pl->live);
	lint_config_release(&pl->lc);
	return rc;
}
