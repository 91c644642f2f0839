/* lint_live.c — what the live database tells the lint rules: the size of every table (db/tablesize.h),
 * the largest of each tenant table across the tenant schemas, and which migrations a deploy has yet to
 * apply (their objects are "new" to the rules, like those of the migration being checked). */
#include "strata.h"
#include "analysis/lint.h"
#include "db/history.h"
#include "db/tablesize.h"

/* ---- the live database ---- */

void lint_live_init(LintLive *lv)
{
	memset(lv, 0, sizeof(*lv));
	arena_init(&lv->arena);
	hmap_init(&lv->sizes);
	hmap_init(&lv->tenant_max);
	hmap_init(&lv->pending);
}

void lint_live_release(LintLive *lv)
{
	hmap_release(&lv->sizes);
	hmap_release(&lv->tenant_max);
	hmap_release(&lv->pending);
	arena_release(&lv->arena);
	memset(lv, 0, sizeof(*lv));
}

void lint_live_put(LintLive *lv, const char *schema, const char *name, double rows, double bytes)
{
	LintSize *s = arena_alloc(&lv->arena, sizeof(*s));
	s->rows = rows;
	s->bytes = bytes;
	hmap_put(&lv->sizes, arena_sprintf(&lv->arena, "%s.%s", schema, name), s);
	lv->have_sizes = true;
}

void lint_live_put_tenant(LintLive *lv, const char *tenant, const char *name, double rows, double bytes)
{
	LintSize *s = hmap_get(&lv->tenant_max, name);
	if (s && (s->rows > rows || (s->rows == rows && s->bytes >= bytes)))
		return;
	if (!s) {
		s = arena_alloc(&lv->arena, sizeof(*s));
		hmap_put(&lv->tenant_max, arena_strdup(&lv->arena, name), s);
	}
	s->rows = rows;
	s->bytes = bytes;
	s->tenant = arena_strdup(&lv->arena, tenant);
	lv->have_sizes = true;
}

/* OLD (N entries) copied into a larger arena array, for one more. */
static const char **arena_alloc_grow(LintLive *lv, const char **old, size_t n)
{
	const char **v = arena_alloc(&lv->arena, sizeof(char *) * (n + 1));
	if (n)
		memcpy(v, old, sizeof(char *) * n);
	return v;
}

void lint_live_pending(LintLive *lv, const char *version)
{
	if (version)
		hmap_put(&lv->pending, arena_strdup(&lv->arena, version), (void *)1);
	lv->have_pending = true;
}

void lint_live_tenant_at(LintLive *lv, const char *version)
{
	lv->tenant_at = arena_alloc_grow(lv, lv->tenant_at, lv->ntenant_at);
	lv->tenant_at[lv->ntenant_at++] = version ? arena_strdup(&lv->arena, version) : NULL;
	lv->have_tenant_at = true;
}

typedef struct ReadCtx {
	LintLive *lv;
	HMap tenants; /* tenant schema names */
} ReadCtx;

static void on_size(void *ud, const char *schema, const char *name, double rows, double bytes)
{
	ReadCtx *c = ud;
	if (hmap_has(&c->tenants, schema))
		lint_live_put_tenant(c->lv, schema, name, rows, bytes);
	else
		lint_live_put(c->lv, schema, name, rows, bytes);
}

int lint_live_read(LintLive *lv, PGconn *conn, const MigrationSet *set, const HistoryTarget *ht,
                   char *const *tenants, size_t ntenants, bool only_tenants, DiagList *dl)
{
	if (set && ht) {
		HistoryRows rows;
		bool exists = false;
		if (history_load(conn, ht, &rows, &exists, dl) != 0)
			return -1;
		HMap done = HMAP_INIT;
		for (size_t i = 0; i < rows.n; i++)
			if (rows.items[i].success && rows.items[i].version)
				hmap_put(&done, rows.items[i].version, (void *)1);
		for (size_t i = 0; i < set->n; i++) {
			const Migration *m = &set->items[i];
			if (m->version && *m->version && !hmap_has(&done, m->version))
				lint_live_pending(lv, m->version);
		}
		lv->have_pending = true;
		hmap_release(&done);
		history_rows_free(&rows);
	}
	ReadCtx c = {lv, HMAP_INIT};
	for (size_t i = 0; i < ntenants; i++)
		hmap_put(&c.tenants, tenants[i], (void *)1);
	int rc = table_sizes_read(conn, only_tenants ? (const char *const *)tenants : NULL,
	                          only_tenants ? ntenants : 0, on_size, &c, dl);
	hmap_release(&c.tenants);
	if (rc == 0)
		lv->have_sizes = true;
	return rc;
}
