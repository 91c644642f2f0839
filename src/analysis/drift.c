/* drift.c — expected (replayed) × actual (introspected) per target, and grouping across targets. */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/drift.h"
#include "util/hmap.h"
#include "util/strbuf.h"

/* Drop from CAT every schema other than KEEP (with its objects), and strata's own objects: the history
 * table, and in the history schema the fleet's ledger and claim function (db/ledger.c). */
static void restrict_catalog(Catalog *cat, const char *keep, const char *hist_schema, const char *hist_table)
{
	CatObject *own[2] = {hist_schema ? catalog_find_relation(cat, hist_schema, hist_table) : NULL,
	                     hist_schema ? catalog_find_relation(cat, hist_schema, "ledger") : NULL};
	for (size_t i = 0; i < cat->all.n && hist_schema; i++) {
		CatObject *o = cat->all.items[i];
		if (!o->dropped && o->kind == OBJ_FUNCTION && o->schema && !strcmp(o->schema, hist_schema) &&
		    !strcmp(o->name, "claim") && catalog_drop(cat, o, true, NULL, NULL) != 0) {
			/* nothing depends on it */
		}
	}
	for (size_t i = 0; i < 2; i++)
		if (own[i] && catalog_drop(cat, own[i], true, NULL, NULL) != 0) {
			/* nothing depends on strata's tables */
		}
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->dropped || o->kind != OBJ_SCHEMA)
			continue;
		bool drop =
		    keep ? strcmp(o->name, keep) != 0 : (hist_schema && !strcmp(o->name, hist_schema));
		if (!drop)
			continue;
		if (!keep) { /* the history schema: only when nothing else lives there */
			bool other = false;
			for (size_t j = 0; j < cat->all.n && !other; j++) {
				CatObject *x = cat->all.items[j];
				other = !x->dropped && x->schema && !strcmp(x->schema, o->name);
			}
			if (other)
				continue;
		}
		if (catalog_drop(cat, o, true, NULL, NULL) != 0) {
			/* cascade never refuses */
		}
	}
}

void drift_drop_bookkeeping(Catalog *cat, const char *hist_schema, const char *hist_table)
{
	restrict_catalog(cat, NULL, hist_schema, hist_table);
}

static bool ident_char(char ch)
{
	return ch == '_' || ch == '$' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= 'A' && ch <= 'Z') || (unsigned char)ch >= 0x80;
}

/* MSG with the qualifier SCHEMA removed wherever it qualifies a name: `"SCHEMA.x` (identities quoted in
 * messages) becomes `"x`, and `SCHEMA.` / `"SCHEMA".` as SQL spells it (expression texts, types) go when
 * they do not continue a longer name. Heap. */
char *drift_unqualify(const char *msg, const char *schema)
{
	if (!schema || !msg)
		return xstrdup(msg ? msg : "");
	StrBuf q = STRBUF_INIT;
	cat_quote_ident(&q, schema);
	sb_putc(&q, '.');
	const char *sql = sb_str(&q); /* the qualifier as SQL prints it */
	size_t nsql = strlen(sql);
	StrBuf sb;
	sb_init(&sb);
	size_t n = strlen(schema);
	for (const char *p = msg; *p;) {
		bool at_start = p == msg || !ident_char(p[-1]);
		if (*p == '"' && !strncmp(p + 1, schema, n) && p[1 + n] == '.') {
			sb_putc(&sb, '"');
			p += n + 2;
		} else if (at_start && !strncmp(p, sql, nsql)) {
			p += nsql;
		} else {
			sb_putc(&sb, *p++);
		}
	}
	sb_release(&q);
	return sb_detach(&sb);
}

/* T->diffs from catalog_compare's raw output (rules renamed, tenant qualifier removed). */
static void adopt(DriftTarget *t, DiagList *raw)
{
	for (size_t i = 0; i < raw->n; i++) {
		Diag *r = &raw->items[i];
		const char *rule = !strcmp(r->rule, "only-in-a")   ? "drift-missing"
		                   : !strcmp(r->rule, "only-in-b") ? "drift-extra"
		                                                   : "drift-changed";
		char *msg = drift_unqualify(r->message, t->schema);
		Diag *d = diag_add(&t->diffs, SEV_ERROR, rule, NULL, 0, 0, "%s", msg);
		if (r->detail) {
			char *det = drift_unqualify(r->detail, t->schema);
			diag_set_detail(d, "%s", det);
			free(det);
		}
		free(msg);
	}
}

/* Leave T's ignored tables (other tools' history tables by default) out of CAT, in SCHEMA or everywhere. */
static void drop_ignored(DriftTarget *t, Catalog *cat, const char *schema)
{
	IgnoreList defaults;
	ignore_init(&defaults);
	(void)ignore_apply_in(t->ignore ? t->ignore : &defaults, cat, schema);
	ignore_release(&defaults);
}

size_t drift_compare(DriftTarget *t, Catalog *model, Catalog *live, const char *hist_schema,
                     const char *hist_table)
{
	restrict_catalog(live, t->schema, hist_schema, hist_table);
	restrict_catalog(model, t->schema, hist_schema, hist_table);
	drop_ignored(t, live, t->schema);
	drop_ignored(t, model, t->schema);
	DiagList raw = DIAGLIST_INIT;
	CompareOptions co = {.label_a = "the migrations", .label_b = "the database", .ignore_comments = true};
	size_t n = catalog_compare(model, live, &co, &raw);
	adopt(t, &raw);
	diag_list_release(&raw);
	return n;
}

size_t drift_compare_in(DriftTarget *t, Catalog *model, Catalog *live, const char *hist_table)
{
	CatObject *h = catalog_find_relation(live, t->schema, hist_table);
	if (h && catalog_drop(live, h, true, NULL, NULL) != 0) {
		/* nothing depends on the history table */
	}
	restrict_catalog(model, t->schema, t->schema, hist_table);
	drop_ignored(t, live, t->schema);
	drop_ignored(t, model, t->schema);
	DiagList raw = DIAGLIST_INIT;
	CompareOptions co = {.label_a = "the migrations",
	                     .label_b = "the database",
	                     .ignore_comments = true,
	                     .only_schema = t->schema};
	size_t n = catalog_compare(model, live, &co, &raw);
	adopt(t, &raw);
	diag_list_release(&raw);
	return n;
}

#define DRIFT_NAMES_LISTED 10 /* targets named in a grouped difference's detail */

size_t drift_groups(const DriftTarget *targets, size_t n, DriftGroup **out)
{
	HMap idx;
	hmap_init(&idx);
	DriftGroup *g = NULL;
	size_t ng = 0;
	char **keys = NULL;
	for (size_t t = 0; t < n; t++) {
		for (size_t i = 0; i < targets[t].diffs.n; i++) {
			const Diag *d = &targets[t].diffs.items[i];
			char *key = xasprintf("%s\x1f%s", d->rule, d->message);
			uintptr_t gi = (uintptr_t)hmap_get(&idx, key);
			if (!gi) {
				g = xrealloc(g, sizeof(DriftGroup) * (ng + 1));
				keys = xrealloc(keys, sizeof(char *) * (ng + 1));
				memset(&g[ng], 0, sizeof(DriftGroup));
				g[ng].first = d;
				keys[ng] = key;
				hmap_put(&idx, key, (void *)(uintptr_t)(ng + 1));
				gi = ++ng;
			} else {
				free(key);
			}
			DriftGroup *G = &g[gi - 1];
			G->members = xrealloc(G->members, sizeof(size_t) * (G->count + 1));
			G->members[G->count++] = t;
		}
	}
	for (size_t k = 0; k < ng; k++)
		free(keys[k]);
	free(keys);
	hmap_release(&idx);
	*out = g;
	return ng;
}

void drift_groups_free(DriftGroup *g, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(g[k].members);
	free(g);
}

size_t drift_group(DriftTarget *targets, size_t n, const char *noun, DiagList *out)
{
	DriftGroup *g;
	size_t ng = drift_groups(targets, n, &g);
	for (size_t k = 0; k < ng; k++) {
		const Diag *f = g[k].first;
		StrBuf who = STRBUF_INIT;
		for (size_t m = 0; m < g[k].count && m < DRIFT_NAMES_LISTED; m++)
			sb_appendf(&who, "%s%s", m ? ", " : "", targets[g[k].members[m]].label);
		Diag *d;
		if (n > 1 && g[k].count > 1)
			d = diag_add(out, SEV_ERROR, f->rule, NULL, 0, 0, "%zu %ss: %s", g[k].count, noun,
			             f->message);
		else
			d = diag_add(out, SEV_ERROR, f->rule, NULL, 0, 0, "%s%s%s", n > 1 ? sb_str(&who) : "",
			             n > 1 ? ": " : "", f->message);
		if (n > 1 &&
		    g[k].count > DRIFT_NAMES_LISTED) /* the rest by count: 10,000 names help nobody */
			diag_set_detail(d, "%ss: %s and %zu more%s%s", noun, sb_str(&who),
			                g[k].count - DRIFT_NAMES_LISTED, f->detail ? "; " : "",
			                f->detail ? f->detail : "");
		else if (n > 1 && g[k].count > 1)
			diag_set_detail(d, "%ss: %s%s%s", noun, sb_str(&who), f->detail ? "; " : "",
			                f->detail ? f->detail : "");
		else if (f->detail)
			diag_set_detail(d, "%s", f->detail);
		sb_release(&who);
	}
	drift_groups_free(g, ng);
	return ng;
}
