/* ignore.c — tables strata leaves alone in comparisons (see ignore.h). */
#include "strata.h"
#include "analysis/ignore.h"
#include "project/foreign_tools.h"

#include <ctype.h>

void ignore_init(IgnoreList *ig)
{
	memset(ig, 0, sizeof(*ig));
}

void ignore_release(IgnoreList *ig)
{
	for (size_t i = 0; i < ig->nextra; i++)
		free(ig->extra[i]);
	free(ig->extra);
	for (size_t i = 0; i < ig->nseen; i++)
		free(ig->seen[i]);
	free(ig->seen);
	memset(ig, 0, sizeof(*ig));
}

void ignore_add(IgnoreList *ig, const char *spec)
{
	for (const char *p = spec; *p;) {
		while (*p == ',' || isspace((unsigned char)*p))
			p++;
		const char *s = p;
		while (*p && *p != ',')
			p++;
		const char *e = p;
		while (e > s && isspace((unsigned char)e[-1]))
			e--;
		if (e > s) {
			ig->extra = xrealloc(ig->extra, sizeof(char *) * (ig->nextra + 1));
			ig->extra[ig->nextra++] = xstrndup(s, (size_t)(e - s));
		}
	}
}

/* ENTRY ("t" or "s.t") names SCHEMA.NAME. */
static bool entry_matches(const char *entry, const char *schema, const char *name)
{
	const char *dot = strchr(entry, '.');
	if (!dot)
		return !strcmp(entry, name);
	return schema && strlen(schema) == (size_t)(dot - entry) &&
	       !strncmp(entry, schema, (size_t)(dot - entry)) && !strcmp(dot + 1, name);
}

const char *ignore_table_reason(const IgnoreList *ig, const char *schema, const char *name)
{
	for (size_t i = 0; i < ig->nextra; i++)
		if (entry_matches(ig->extra[i], schema, name))
			return "--ignore";
	if (ig->no_defaults)
		return NULL;
	for (int t = 0; t < FT__COUNT; t++) {
		const ForeignToolInfo *f = &foreign_tools[t];
		if (f->own_schema)
			continue; /* a whole schema: ignore_schema_reason */
		if (!strcmp(f->table, name))
			/* dbmate and golang-migrate share the name: say both */
			return !strcmp(name, "schema_migrations") ? "dbmate or golang-migrate" : f->label;
	}
	return NULL;
}

const char *ignore_schema_reason(const IgnoreList *ig, const char *schema)
{
	if (ig->no_defaults || !schema)
		return NULL;
	for (int t = 0; t < FT__COUNT; t++)
		if (foreign_tools[t].own_schema && !strcmp(foreign_tools[t].own_schema, schema))
			return foreign_tools[t].label;
	return NULL;
}

void ignore_mark_seen(IgnoreList *ig, const char *name, const char *reason)
{
	char *s = !strcmp(reason, "--ignore")    ? xasprintf("%s (--ignore)", name)
	          : !strncmp(name, "schema ", 7) ? xasprintf("%s (%s's history)", name, reason)
	                                         : xasprintf("%s (%s's history)", name, reason);
	for (size_t i = 0; i < ig->nseen; i++)
		if (!strcmp(ig->seen[i], s)) {
			free(s);
			return;
		}
	ig->seen = xrealloc(ig->seen, sizeof(char *) * (ig->nseen + 1));
	ig->seen[ig->nseen++] = s;
}

size_t ignore_apply(IgnoreList *ig, Catalog *cat)
{
	size_t n = 0;
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->dropped)
			continue;
		const char *why = NULL;
		if (o->kind == OBJ_SCHEMA) {
			why = ignore_schema_reason(ig, o->name);
			if (why) {
				char *label = xasprintf("schema %s", o->name);
				ignore_mark_seen(ig, label, why);
				free(label);
			}
		} else if (ignore_schema_reason(ig, o->schema)) {
			why = "its schema"; /* everything in a tool's own schema goes with it */
		} else if (o->kind == OBJ_TABLE) {
			why = ignore_table_reason(ig, o->schema, o->name);
			if (why)
				ignore_mark_seen(ig, o->name, why);
		}
		if (!why)
			continue;
		/* a schema takes what lives in it (and what depends on that) along: those tables count too */
		PtrList gone = {0};
		if (catalog_drop(cat, o, true, NULL, &gone) != 0) {
			/* with CASCADE nothing refuses */
		}
		n += o->kind == OBJ_SCHEMA || o->kind == OBJ_TABLE;
		for (size_t j = 0; j < gone.n; j++)
			n += ((CatObject *)gone.items[j])->kind == OBJ_TABLE;
	}
	return n;
}

static size_t drop_named(IgnoreList *ig, Catalog *cat, const char *schema, const char *name)
{
	CatTable *t = catalog_find_table(cat, schema, name);
	const char *why = t ? ignore_table_reason(ig, schema, name) : NULL;
	if (!why)
		return 0;
	ignore_mark_seen(ig, name, why);
	if (catalog_drop(cat, &t->h, true, NULL, NULL) != 0) {
		/* with CASCADE nothing refuses */
	}
	return 1;
}

size_t ignore_apply_in(IgnoreList *ig, Catalog *cat, const char *schema)
{
	if (!schema)
		return ignore_apply(ig, cat);
	size_t n = 0;
	for (size_t i = 0; i < ig->nextra; i++) {
		const char *dot = strchr(ig->extra[i], '.');
		if (!dot)
			n += drop_named(ig, cat, schema, ig->extra[i]);
		else if (strlen(schema) == (size_t)(dot - ig->extra[i]) &&
		         !strncmp(schema, ig->extra[i], (size_t)(dot - ig->extra[i])))
			n += drop_named(ig, cat, schema, dot + 1);
	}
	for (int t = 0; t < FT__COUNT && !ig->no_defaults; t++)
		if (!foreign_tools[t].own_schema)
			n += drop_named(ig, cat, schema, foreign_tools[t].table);
	return n;
}

void ignore_note(const IgnoreList *ig, StrBuf *out)
{
	if (!ig->nseen)
		return;
	sb_append(out, "left out tables that are not the application's: ");
	for (size_t i = 0; i < ig->nseen; i++)
		sb_appendf(out, "%s%s", i ? ", " : "", ig->seen[i]);
	sb_append(out, "; --ignore TABLE adds to the list");
}
