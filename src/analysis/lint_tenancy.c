/* lint_tenancy.c — tenant isolation rules for shared-schema mode ([tenants] mode = shared): every table with
 * the tenant column must be protected by row-level security, its keys and indexes must include the tenant
 * column, and every table without it must be declared global. Run over the final catalog. */
#include "strata.h"
#include "analysis/lint.h"

static bool has_tenant_col(const CatTable *t, const char *col)
{
	return table_find_column(t, col) != NULL;
}

static bool list_has(const char **l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (l[i] && !strcmp(l[i], s))
			return true;
	return false;
}

static bool is_global(const LintConfig *lc, const CatTable *t)
{
	for (size_t i = 0; i < lc->nglobals; i++) {
		const char *g = lc->globals[i];
		const char *dot = strchr(g, '.');
		if (dot ? (!strncmp(g, t->h.schema, (size_t)(dot - g)) && !t->h.schema[dot - g] &&
		           !strcmp(dot + 1, t->h.name))
		        : !strcmp(g, t->h.name))
			return true;
	}
	return false;
}

void lint_tenancy_finish(Linter *L, Catalog *cat)
{
	const LintConfig *lc = lint_config(L);
	const char *tc = lc->tenant_column;
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->dropped || o->kind != OBJ_TABLE || !o->origin.file || lint_ignored(L, o))
			continue;
		CatTable *t = (CatTable *)o;
		if (t->partition_of)
			continue; /* partitions inherit the parent's setup */
		if (!has_tenant_col(t, tc)) {
			if (!is_global(lc, t)) {
				lint_report_at(
				    L, LR_TENANT_GLOBAL, &o->origin,
				    "table \"%s.%s\" has no \"%s\" column and is not listed as global",
				    o->schema, o->name, tc);
				if (lint_last(L))
					diag_set_hint(lint_last(L),
					              "add \"%s\", or list the table in strata.conf: "
					              "[tenants] global = %s",
					              tc, o->name);
			}
			continue;
		}
		if (!t->rls_enabled || !t->rls_forced || t->policies.n == 0) {
			const char *what = !t->rls_enabled ? "row-level security is not enabled"
			                   : !t->rls_forced
			                       ? "row-level security is not forced (the owner bypasses it)"
			                       : "it has no policy (every row is hidden)";
			lint_report_at(L, LR_TENANT_RLS, &o->origin, "tenant table \"%s.%s\": %s", o->schema,
			               o->name, what);
			if (lint_last(L))
				diag_set_hint(lint_last(L),
				              "ALTER TABLE %s ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL "
				              "SECURITY, and CREATE POLICY ... USING (%s = ...)",
				              o->name, tc);
		}
		for (size_t j = 0; j < t->constraints.n; j++) {
			CatConstraint *k = t->constraints.items[j];
			if (k->h.dropped)
				continue;
			bool keyed =
			    k->contype == CON_PRIMARY || k->contype == CON_UNIQUE ||
			    (k->contype == CON_FOREIGN && k->ref_table && has_tenant_col(k->ref_table, tc));
			if (!keyed || list_has(k->columns, k->ncolumns, tc))
				continue;
			const char *kind = k->contype == CON_FOREIGN   ? "foreign key"
			                   : k->contype == CON_PRIMARY ? "primary key"
			                                               : "unique constraint";
			lint_report_at(L, LR_TENANT_KEY, k->h.origin.file ? &k->h.origin : &o->origin,
			               "%s \"%s\" on tenant table \"%s.%s\" does not include \"%s\"", kind,
			               k->h.name, o->schema, o->name, tc);
			if (lint_last(L))
				diag_set_hint(lint_last(L),
				              k->contype == CON_FOREIGN
				                  ? "reference (tenant_id, ...) so rows cannot point "
				                    "into another tenant"
				                  : "make it (tenant_id, ...): uniqueness is per tenant");
		}
		for (size_t j = 0; j < t->indexes.n; j++) {
			CatIndex *ix = t->indexes.items[j];
			if (ix->h.dropped || ix->constraint || !ix->nkeys)
				continue;
			if (ix->keys[0].column && !strcmp(ix->keys[0].column, tc))
				continue;
			lint_report_at(L, LR_TENANT_INDEX, ix->h.origin.file ? &ix->h.origin : &o->origin,
			               "index \"%s\" on tenant table \"%s.%s\" does not lead with \"%s\"",
			               ix->h.name, o->schema, o->name, tc);
			if (lint_last(L))
				diag_set_hint(
				    lint_last(L),
				    "index (\"%s\", ...): every query of a tenant filters on it first", tc);
		}
	}
}
