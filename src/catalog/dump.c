/* dump.c — output of a catalog: canonical text (sorted, one block per object, diff-friendly), executable
 * SQL in dependency order (stable topological sort, cycles reported with the loop spelled out), and JSON. */
#include "strata.h"
#include "catalog/catalog.h"
#include "catalog/normalize.h"
#include "util/jsonw.h"

#include <jansson.h>

/* The text and JSON dumps print stored expressions relative to the catalog's search_path, as the server
 * would print them under it (names in a schema of the path unqualified); the SQL dump keeps them
 * qualified, so that it loads under any search_path. REL_ON is set while a text or JSON dump runs. */
typedef struct RelCtx {
	bool on;
	Arena a; /* the relative texts */
	const char *path[32];
	size_t npath;
} RelCtx;
static _Thread_local RelCtx rel_ctx;

static void rel_begin(const Catalog *cat)
{
	memset(&rel_ctx, 0, sizeof(rel_ctx));
	arena_init(&rel_ctx.a);
	for (size_t i = 0; i < cat->nsearch_path && rel_ctx.npath < ARRAY_LEN(rel_ctx.path); i++) {
		const char *s = cat->search_path[i];
		bool dup = !strcmp(s, "pg_catalog") || !catalog_find(cat, OBJ_SCHEMA, s);
		for (size_t j = 0; j < rel_ctx.npath && !dup; j++)
			dup = !strcmp(rel_ctx.path[j], s);
		if (!dup)
			rel_ctx.path[rel_ctx.npath++] = s;
	}
	rel_ctx.on = true;
}

static void rel_end(void)
{
	arena_release(&rel_ctx.a);
	memset(&rel_ctx, 0, sizeof(rel_ctx));
}

/* TEXT (an expression when IS_EXPR, else a query) as the current dump prints it. */
static const char *rel(const char *text, bool is_expr)
{
	if (!rel_ctx.on || !text)
		return text;
	return sql_unqualify(&rel_ctx.a, text, is_expr, rel_ctx.path, rel_ctx.npath);
}

static int kind_rank(ObjKind k)
{
	static const int rank[OBJ__COUNT] = {
	    [OBJ_SCHEMA] = 0,   [OBJ_EXTENSION] = 1, [OBJ_TYPE] = 2,       [OBJ_FUNCTION] = 3,
	    [OBJ_SEQUENCE] = 4, [OBJ_TABLE] = 5,     [OBJ_CONSTRAINT] = 6, [OBJ_INDEX] = 7,
	    [OBJ_VIEW] = 8,     [OBJ_MATVIEW] = 9,   [OBJ_TRIGGER] = 10,   [OBJ_POLICY] = 11,
	};
	return rank[k];
}

/* Sort key of one object: its kind's rank, identity and creation number side by side, so that comparing
 * does not chase the object (sorting the 60,000 objects of a 10,000-table database was a sixth of the
 * JSON output's time). */
typedef struct SortKey {
	const char *identity;
	int rank;
	uint32_t seq;
	CatObject *o;
} SortKey;

static int key_cmp(const void *a, const void *b)
{
	const SortKey *x = *(const SortKey *const *)a, *y = *(const SortKey *const *)b;
	if (x->rank != y->rank)
		return x->rank - y->rank;
	int r = strcmp(x->identity, y->identity);
	if (r)
		return r;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Live objects sorted by kind then identity (caller frees the array). */
static CatObject **sorted_objects(const Catalog *cat, size_t *n)
{
	SortKey *keys = xmalloc((cat->all.n + 1) * sizeof(*keys));
	size_t k = 0;
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (!o->dropped && !(o->kind == OBJ_SCHEMA && ((CatSchema *)o)->made_by_ext))
			keys[k++] = (SortKey){o->identity, kind_rank(o->kind), o->seq, o};
	}
	SortKey **pk = xmalloc((k + 1) * sizeof(*pk));
	for (size_t i = 0; i < k; i++)
		pk[i] = &keys[i];
	qsort(pk, k, sizeof(*pk), key_cmp);
	CatObject **v = (CatObject **)pk; /* in place: pointers of the same size */
	for (size_t i = 0; i < k; i++)
		v[i] = pk[i]->o;
	free(keys);
	*n = k;
	return v;
}

static void name_list(StrBuf *sb, const char *const *names, size_t n)
{
	sb_putc(sb, '(');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_append(sb, ", ");
		cat_quote_ident(sb, names[i]);
	}
	sb_putc(sb, ')');
}

static const char *fk_action_sql(FkAction a)
{
	switch (a) {
	case FK_RESTRICT:
		return "RESTRICT";
	case FK_CASCADE:
		return "CASCADE";
	case FK_SET_NULL:
		return "SET NULL";
	case FK_SET_DEFAULT:
		return "SET DEFAULT";
	default:
		return "NO ACTION";
	}
}

/* Constraint definition as pg_get_constraintdef prints it. */
static void constraint_def(StrBuf *sb, const CatConstraint *k)
{
	switch (k->contype) {
	case CON_PRIMARY:
	case CON_UNIQUE:
		sb_append(sb, k->contype == CON_PRIMARY ? "PRIMARY KEY " : "UNIQUE ");
		if (k->nulls_not_distinct)
			sb_append(sb, "NULLS NOT DISTINCT ");
		name_list(sb, k->columns, k->ncolumns);
		if (k->index && k->index->ninclude) {
			sb_append(sb, " INCLUDE ");
			name_list(sb, k->index->include, k->index->ninclude);
		}
		break;
	case CON_FOREIGN:
		sb_append(sb, "FOREIGN KEY ");
		name_list(sb, k->columns, k->ncolumns);
		sb_append(sb, " REFERENCES ");
		if (k->ref_table)
			cat_quote_qualified(sb, k->ref_table->h.schema, k->ref_table->h.name);
		else
			cat_quote_qualified(sb, k->ref_schema ? k->ref_schema : "?",
			                    k->ref_name ? k->ref_name : "?");
		sb_putc(sb, ' ');
		name_list(sb, k->ref_columns, k->nref_columns);
		if (k->match == FK_MATCH_FULL)
			sb_append(sb, " MATCH FULL");
		if (k->on_update != FK_NO_ACTION)
			sb_appendf(sb, " ON UPDATE %s", fk_action_sql(k->on_update));
		if (k->on_delete != FK_NO_ACTION)
			sb_appendf(sb, " ON DELETE %s", fk_action_sql(k->on_delete));
		break;
	case CON_CHECK:
		sb_appendf(sb, "CHECK (%s)", k->check_expr ? rel(k->check_expr, true) : "?");
		if (k->no_inherit)
			sb_append(sb, " NO INHERIT");
		break;
	case CON_EXCLUSION:
		sb_appendf(sb, "EXCLUDE %s", k->exclusion ? k->exclusion : "?");
		break;
	}
	if (k->deferrable)
		sb_append(sb, " DEFERRABLE");
	if (k->initially_deferred)
		sb_append(sb, " INITIALLY DEFERRED");
	if (k->not_valid)
		sb_append(sb, " NOT VALID");
}

static void index_def(StrBuf *sb, const CatIndex *ix)
{
	sb_append(sb, "USING ");
	sb_append(sb, ix->method ? ix->method : "(null)");
	sb_append(sb, " (");
	for (size_t i = 0; i < ix->nkeys; i++) {
		const CatIndexElem *e = &ix->keys[i];
		if (i)
			sb_append(sb, ", ");
		if (e->column)
			cat_quote_ident(sb, e->column);
		else {
			sb_putc(sb, '(');
			sb_append(sb, e->expr ? rel(e->expr, true) : "?");
			sb_putc(sb, ')');
		}
		if (e->collation) {
			sb_append(sb, " COLLATE ");
			cat_quote_ident(sb, e->collation);
		}
		if (e->opclass) {
			sb_putc(sb, ' ');
			sb_append(sb, e->opclass);
		}
		if (e->desc)
			sb_append(sb, " DESC");
		if (e->nulls == NULLS_FIRST)
			sb_append(sb, " NULLS FIRST");
		else if (e->nulls == NULLS_LAST)
			sb_append(sb, " NULLS LAST");
	}
	sb_putc(sb, ')');
	if (ix->ninclude) {
		sb_append(sb, " INCLUDE ");
		name_list(sb, ix->include, ix->ninclude);
	}
	if (ix->nulls_not_distinct)
		sb_append(sb, " NULLS NOT DISTINCT");
	if (ix->predicate) {
		sb_append(sb, " WHERE (");
		sb_append(sb, rel(ix->predicate, true));
		sb_putc(sb, ')');
	}
}

/* The sequence options of identity column C that differ from what PostgreSQL gives one by default: its
 * name when it is not <table>_<column>_seq (the table was renamed after, or SEQUENCE NAME said so), its
 * bounds, start, increment, cache and cycle. Nothing when all are the defaults. */
void catalog_identity_options(StrBuf *sb, const CatColumn *c)
{
	const CatSequence *s = c->identity_seq;
	if (!s)
		return;
	StrBuf o = STRBUF_INIT;
	const CatTable *t = s->owned_by_table;
	char *dflt = t ? xasprintf("%s_%s_seq", t->h.name, c->name) : NULL;
	if (!t || strcmp(s->h.name, dflt) || strcmp(s->h.schema, t->h.schema)) {
		sb_append(&o, " SEQUENCE NAME ");
		cat_quote_qualified(&o, s->h.schema, s->h.name);
	}
	free(dflt);
	const char *ty = s->data_type ? s->data_type : "bigint";
	int64_t tmax = !strcmp(ty, "smallint") ? INT16_MAX : !strcmp(ty, "integer") ? INT32_MAX : INT64_MAX;
	int64_t tmin = !strcmp(ty, "smallint") ? INT16_MIN : !strcmp(ty, "integer") ? INT32_MIN : INT64_MIN;
	bool up = s->increment > 0;
	int64_t dmin = up ? 1 : tmin, dmax = up ? tmax : -1;
	if (s->increment != 1)
		sb_appendf(&o, " INCREMENT BY %lld", (long long)s->increment);
	if (s->min != dmin)
		sb_appendf(&o, " MINVALUE %lld", (long long)s->min);
	if (s->max != dmax)
		sb_appendf(&o, " MAXVALUE %lld", (long long)s->max);
	if (s->start != (up ? s->min : s->max))
		sb_appendf(&o, " START WITH %lld", (long long)s->start);
	if (s->cache != 1)
		sb_appendf(&o, " CACHE %lld", (long long)s->cache);
	if (s->cycle)
		sb_append(&o, " CYCLE");
	if (o.len)
		sb_appendf(sb, " (%s)", sb_str(&o) + 1);
	sb_release(&o);
}

static void column_def(StrBuf *sb, const CatColumn *c)
{
	cat_quote_ident(sb, c->name);
	sb_putc(sb, ' ');
	sb_append(sb, c->type ? c->type : "(null)"); /* as printf's %s had it */
	if (c->collation) {
		sb_append(sb, " COLLATE ");
		cat_quote_ident(sb, c->collation);
	}
	if (c->identity) {
		sb_appendf(sb, " GENERATED %s AS IDENTITY",
		           c->identity == IDENT_ALWAYS ? "ALWAYS" : "BY DEFAULT");
		catalog_identity_options(sb, c);
	}
	if (c->generated)
		sb_appendf(sb, " GENERATED ALWAYS AS (%s) STORED", rel(c->generated, true));
	if (c->default_expr) {
		sb_append(sb, " DEFAULT ");
		sb_append(sb, rel(c->default_expr, true));
	}
	if (c->not_null)
		sb_append(sb, " NOT NULL");
}

/* CREATE TABLE ... PARTITION OF gives a partition its parent's columns with their defaults and NOT NULLs
 * (MergeAttributes); a partition made otherwise (CREATE TABLE ... then ATTACH PARTITION, as dynamic
 * partition-making code does) may have other defaults, none, or more NOT NULLs. Each such column gets the
 * statement that makes the dumped partition what the catalog holds. */
static void partition_column_diffs(StrBuf *sb, const CatTable *t)
{
	const CatTable *parent = t->partition_of;
	for (size_t i = 0; i < t->columns.n; i++) {
		const CatColumn *c = t->columns.items[i];
		const CatColumn *pc = hmap_get((HMap *)&parent->colmap, c->name);
		if (c->identity || c->generated || (pc && (pc->identity || pc->generated)))
			continue; /* always the parent's */
		const char *pd = pc ? pc->default_expr : NULL;
		bool same_default =
		    (!c->default_expr && !pd) || (c->default_expr && pd && !strcmp(c->default_expr, pd));
		if (!same_default) {
			sb_append(sb, "ALTER TABLE ONLY ");
			cat_quote_qualified(sb, t->h.schema, t->h.name);
			sb_append(sb, " ALTER COLUMN ");
			cat_quote_ident(sb, c->name);
			if (c->default_expr) {
				sb_append(sb, " SET DEFAULT ");
				sb_append(sb, rel(c->default_expr, true));
			} else {
				sb_append(sb, " DROP DEFAULT");
			}
			sb_append(sb, ";\n");
		}
		if (c->not_null && !(pc && pc->not_null)) {
			sb_append(sb, "ALTER TABLE ONLY ");
			cat_quote_qualified(sb, t->h.schema, t->h.name);
			sb_append(sb, " ALTER COLUMN ");
			cat_quote_ident(sb, c->name);
			sb_append(sb, " SET NOT NULL;\n");
		}
	}
}

static const char *events_text(int ev, StrBuf *tmp)
{
	sb_reset(tmp);
	const char *names[] = {"INSERT", "DELETE", "UPDATE", "TRUNCATE"};
	int bits[] = {TRIG_INSERT, TRIG_DELETE, TRIG_UPDATE, TRIG_TRUNCATE};
	/* pg_get_triggerdef order: INSERT, DELETE, UPDATE, TRUNCATE */
	for (int i = 0; i < 4; i++)
		if (ev & bits[i])
			sb_appendf(tmp, "%s%s", tmp->len ? " OR " : "", names[i]);
	return sb_str(tmp);
}

static void function_sig(StrBuf *sb, const CatFunction *f, bool with_names)
{
	cat_quote_qualified(sb, f->h.schema, f->h.name);
	sb_putc(sb, '(');
	bool first = true;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		if (m == 't')
			continue;
		if (!first)
			sb_append(sb, ", ");
		first = false;
		if (m == 'o')
			sb_append(sb, "OUT ");
		else if (m == 'b')
			sb_append(sb, "INOUT ");
		else if (m == 'v')
			sb_append(sb, "VARIADIC ");
		if (with_names && f->arg_names && f->arg_names[i]) {
			cat_quote_ident(sb, f->arg_names[i]);
			sb_putc(sb, ' ');
		}
		sb_append(sb, f->arg_types[i]);
		if (with_names && f->arg_defaults && f->arg_defaults[i])
			sb_appendf(sb, " DEFAULT %s", f->arg_defaults[i]);
	}
	sb_putc(sb, ')');
}

static void origin_text(StrBuf *sb, const CatObject *o)
{
	if (o->origin.file)
		sb_appendf(sb, "  -- from %s:%d:%d\n", o->origin.file, o->origin.line, o->origin.col);
}

static void comment_text(StrBuf *sb, const char *c)
{
	if (c) {
		sb_append(sb, "  comment ");
		cat_quote_literal(sb, c);
		sb_putc(sb, '\n');
	}
}

static int ptr_name_cmp(const void *a, const void *b)
{
	const CatObject *x = *(const CatObject *const *)a, *y = *(const CatObject *const *)b;
	return strcmp(x->name, y->name);
}

static void text_object(StrBuf *sb, CatObject *o, StrBuf *tmp)
{
	switch (o->kind) {
	case OBJ_SCHEMA:
		sb_appendf(sb, "schema %s\n", o->identity);
		break;
	case OBJ_EXTENSION: {
		CatExtension *e = (CatExtension *)o;
		sb_appendf(sb, "extension %s schema %s%s%s\n", o->identity, e->ext_schema,
		           e->version ? " version " : "", e->version ? e->version : "");
		break;
	}
	case OBJ_TYPE: {
		CatType *t = (CatType *)o;
		sb_appendf(sb, "type %s ", o->identity);
		switch (t->type_kind) {
		case TYPE_ENUM:
			sb_append(sb, "enum (");
			for (size_t i = 0; i < t->nlabels; i++) {
				if (i)
					sb_append(sb, ", ");
				cat_quote_literal(sb, t->labels[i]);
			}
			sb_append(sb, ")\n");
			break;
		case TYPE_DOMAIN:
			sb_appendf(sb, "domain %s", t->base_type);
			if (t->collation)
				sb_appendf(sb, " collate %s", t->collation);
			if (t->not_null)
				sb_append(sb, " not null");
			if (t->default_expr)
				sb_appendf(sb, " default %s", rel(t->default_expr, true));
			sb_putc(sb, '\n');
			for (size_t i = 0; i < t->nchecks; i++)
				sb_appendf(sb, "  constraint %s check (%s)%s\n", t->checks[i].name,
				           rel(t->checks[i].expr, true),
				           t->checks[i].not_valid ? " not valid" : "");
			break;
		case TYPE_COMPOSITE:
			sb_append(sb, "composite\n");
			for (size_t i = 0; i < t->nattrs; i++)
				sb_appendf(sb, "  attribute %s %s\n", t->attrs[i].name, t->attrs[i].type);
			break;
		case TYPE_RANGE:
			sb_appendf(sb, "range subtype %s\n", t->subtype ? t->subtype : "?");
			break;
		case TYPE_SHELL:
			sb_append(sb, "shell\n");
			break;
		default:
			sb_append(sb, "base\n");
		}
		break;
	}
	case OBJ_FUNCTION: {
		CatFunction *f = (CatFunction *)o;
		sb_appendf(sb, "%s ", f->is_procedure ? "procedure" : "function");
		function_sig(sb, f, true);
		if (f->returns)
			sb_appendf(sb, " returns %s", f->returns);
		sb_appendf(sb, " language %s", f->language ? f->language : "?");
		if (f->volatility != 'v')
			sb_appendf(sb, " %s", f->volatility == 'i' ? "immutable" : "stable");
		if (f->parallel == 's' || f->parallel == 'r')
			sb_appendf(sb, " parallel %s", f->parallel == 's' ? "safe" : "restricted");
		if (f->strict)
			sb_append(sb, " strict");
		if (f->security_definer)
			sb_append(sb, " security definer");
		sb_putc(sb, '\n');
		break;
	}
	case OBJ_SEQUENCE: {
		CatSequence *s = (CatSequence *)o;
		sb_appendf(sb, "sequence %s as %s start %lld increment %lld min %lld max %lld cache %lld%s",
		           o->identity, s->data_type, (long long)s->start, (long long)s->increment,
		           (long long)s->min, (long long)s->max, (long long)s->cache,
		           s->cycle ? " cycle" : "");
		if (s->owned_by_table)
			sb_appendf(sb, " owned by %s.%s", s->owned_by_table->h.identity, s->owned_by_column);
		if (s->is_identity)
			sb_append(sb, " (identity)");
		sb_putc(sb, '\n');
		break;
	}
	case OBJ_TABLE: {
		CatTable *t = (CatTable *)o;
		sb_append(sb, "table ");
		sb_append(sb, o->identity);
		if (t->unlogged)
			sb_append(sb, " unlogged");
		if (t->partition_key)
			sb_appendf(sb, " partition by %s", t->partition_key);
		if (t->partition_of)
			sb_appendf(sb, " partition of %s %s", t->partition_of->h.identity,
			           t->partition_bound ? t->partition_bound : "");
		if (t->inherits.n) {
			sb_append(sb, " inherits (");
			for (size_t i = 0; i < t->inherits.n; i++)
				sb_appendf(sb, "%s%s", i ? ", " : "",
				           ((CatTable *)t->inherits.items[i])->h.identity);
			sb_putc(sb, ')');
		}
		if (t->rls_enabled)
			sb_append(sb, " row level security");
		if (t->rls_forced)
			sb_append(sb, " forced");
		sb_putc(sb, '\n');
		for (size_t i = 0; i < t->columns.n; i++) {
			CatColumn *c = t->columns.items[i];
			sb_append(sb, "  column ");
			column_def(sb, c);
			sb_putc(sb, '\n');
			if (c->comment) {
				sb_appendf(sb, "    comment ");
				cat_quote_literal(sb, c->comment);
				sb_putc(sb, '\n');
			}
		}
		CatObject **ks = xmalloc((t->constraints.n + 1) * sizeof(*ks));
		if (t->constraints.n)
			memcpy(ks, t->constraints.items, t->constraints.n * sizeof(*ks));
		qsort(ks, t->constraints.n, sizeof(*ks), ptr_name_cmp);
		for (size_t i = 0; i < t->constraints.n; i++) {
			CatConstraint *k = (CatConstraint *)ks[i];
			sb_append(sb, "  constraint ");
			cat_quote_ident(sb, k->h.name);
			sb_putc(sb, ' ');
			constraint_def(sb, k);
			sb_putc(sb, '\n');
		}
		free(ks);
		break;
	}
	case OBJ_INDEX: {
		CatIndex *ix = (CatIndex *)o;
		/* appends, not sb_appendf: one per index of a big database */
		sb_append(sb, "index ");
		sb_append(sb, o->identity);
		sb_append(sb, " on ");
		sb_append(sb, o->owner->identity);
		sb_append(sb, ix->unique ? " unique " : " ");
		index_def(sb, ix);
		if (ix->constraint) {
			sb_append(sb, " (constraint ");
			sb_append(sb, ix->constraint->h.name);
			sb_putc(sb, ')');
		}
		sb_putc(sb, '\n');
		break;
	}
	case OBJ_VIEW:
	case OBJ_MATVIEW: {
		CatView *v = (CatView *)o;
		sb_appendf(sb, "%s %s", o->kind == OBJ_VIEW ? "view" : "materialized view", o->identity);
		if (v->ncolumns) {
			sb_putc(sb, ' ');
			name_list(sb, v->columns, v->ncolumns);
		}
		if (o->kind == OBJ_MATVIEW && !v->with_data)
			sb_append(sb, " with no data");
		if (v->check_option)
			sb_appendf(sb, " with %s check option", v->check_option);
		sb_appendf(sb, "\n  as %s\n", v->definition ? rel(v->definition, false) : "?");
		break;
	}
	case OBJ_TRIGGER: {
		CatTrigger *t = (CatTrigger *)o;
		sb_appendf(sb, "trigger %s %s %s", o->identity,
		           t->timing == TRIG_BEFORE    ? "before"
		           : t->timing == TRIG_INSTEAD ? "instead of"
		                                       : "after",
		           events_text(t->events, tmp));
		if (t->nupdate_columns) {
			sb_append(sb, " of ");
			name_list(sb, t->update_columns, t->nupdate_columns);
		}
		sb_appendf(sb, " for each %s execute %s", t->for_each_row ? "row" : "statement", t->function);
		if (t->nargs) {
			sb_append(sb, " args (");
			for (size_t i = 0; i < t->nargs; i++) {
				if (i)
					sb_append(sb, ", ");
				cat_quote_literal(sb, t->args[i]);
			}
			sb_putc(sb, ')');
		}
		if (t->when_expr)
			sb_appendf(sb, " when (%s)", rel(t->when_expr, true));
		if (t->enabled && t->enabled != 'O') /* the words of ALTER TABLE ... TRIGGER, not the code */
			sb_appendf(sb, " %s",
			           t->enabled == 'D'   ? "disabled"
			           : t->enabled == 'R' ? "enabled replica"
			           : t->enabled == 'A' ? "enabled always"
			                               : "enabled");
		sb_putc(sb, '\n');
		break;
	}
	case OBJ_POLICY: {
		CatPolicy *p = (CatPolicy *)o;
		sb_appendf(sb, "policy %s %s for %s to ", o->identity,
		           p->permissive ? "permissive" : "restrictive", p->command);
		for (size_t i = 0; i < p->nroles; i++)
			sb_appendf(sb, "%s%s", i ? ", " : "", p->roles[i]);
		if (p->using_expr)
			sb_appendf(sb, " using (%s)", rel(p->using_expr, true));
		if (p->with_check_expr)
			sb_appendf(sb, " with check (%s)", rel(p->with_check_expr, true));
		sb_putc(sb, '\n');
		break;
	}
	case OBJ_CONSTRAINT:
	default:
		return;
	}
	comment_text(sb, o->comment);
	(void)origin_text;
}

void catalog_dump_text(const Catalog *cat, StrBuf *out)
{
	size_t n;
	CatObject **v = sorted_objects(cat, &n);
	rel_begin(cat);
	StrBuf tmp = STRBUF_INIT;
	bool first = true;
	for (size_t i = 0; i < n; i++) {
		if (v[i]->kind == OBJ_CONSTRAINT)
			continue;
		if (!first)
			sb_putc(out, '\n');
		first = false;
		text_object(out, v[i], &tmp);
	}
	sb_release(&tmp);
	free(v);
	rel_end();
}

/* ---- SQL in dependency order ---- */

/* A partition's copy of its parent's index or key (pg_depend PARTITION_PRI): PostgreSQL makes it with the
 * partition or with the parent's, so SQL never creates it. */
static bool partition_copy(const CatObject *o)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (o->deps[i].type == DEP_PARTITION_PRI)
			return true;
	return false;
}

static void sql_object(StrBuf *sb, CatObject *o, StrBuf *tmp, StrBuf *post)
{
	if (partition_copy(o))
		return;
	switch (o->kind) {
	case OBJ_SCHEMA: /* one an extension made comes with CREATE EXTENSION */
		if (strcmp(o->name, "public") && !((CatSchema *)o)->made_by_ext) {
			sb_append(sb, "CREATE SCHEMA ");
			cat_quote_ident(sb, o->name);
			sb_append(sb, ";\n");
		}
		break;
	case OBJ_EXTENSION: {
		CatExtension *e = (CatExtension *)o;
		sb_append(sb, "CREATE EXTENSION IF NOT EXISTS ");
		cat_quote_ident(sb, o->name);
		sb_append(sb, " WITH SCHEMA ");
		cat_quote_ident(sb, e->ext_schema);
		sb_append(sb, ";\n");
		break;
	}
	case OBJ_TYPE: {
		CatType *t = (CatType *)o;
		if (t->type_kind == TYPE_ENUM) {
			sb_append(sb, "CREATE TYPE ");
			cat_quote_qualified(sb, o->schema, o->name);
			sb_append(sb, " AS ENUM (");
			for (size_t i = 0; i < t->nlabels; i++) {
				if (i)
					sb_append(sb, ", ");
				cat_quote_literal(sb, t->labels[i]);
			}
			sb_append(sb, ");\n");
		} else if (t->type_kind == TYPE_DOMAIN) {
			sb_append(sb, "CREATE DOMAIN ");
			cat_quote_qualified(sb, o->schema, o->name);
			sb_appendf(sb, " AS %s", t->base_type);
			if (t->collation)
				sb_appendf(sb, " COLLATE %s", t->collation);
			if (t->default_expr)
				sb_appendf(sb, " DEFAULT %s", t->default_expr);
			if (t->not_null)
				sb_append(sb, " NOT NULL");
			for (size_t i = 0; i < t->nchecks; i++) {
				sb_append(sb, " CONSTRAINT ");
				cat_quote_ident(sb, t->checks[i].name);
				sb_appendf(sb, " CHECK (%s)", t->checks[i].expr);
			}
			sb_append(sb, ";\n");
		} else if (t->type_kind == TYPE_COMPOSITE) {
			sb_append(sb, "CREATE TYPE ");
			cat_quote_qualified(sb, o->schema, o->name);
			sb_append(sb, " AS (");
			for (size_t i = 0; i < t->nattrs; i++) {
				sb_append(sb, i ? ", " : "");
				cat_quote_ident(sb, t->attrs[i].name);
				sb_appendf(sb, " %s", t->attrs[i].type);
			}
			sb_append(sb, ");\n");
		} else if (t->type_kind == TYPE_RANGE) {
			sb_append(sb, "CREATE TYPE ");
			cat_quote_qualified(sb, o->schema, o->name);
			sb_appendf(sb, " AS RANGE (SUBTYPE = %s);\n", t->subtype ? t->subtype : "?");
		} else {
			/* a shell; a base type's definition needs its C functions, which come later */
			sb_append(sb, "CREATE TYPE ");
			cat_quote_qualified(sb, o->schema, o->name);
			sb_append(sb, ";\n");
		}
		break;
	}
	case OBJ_FUNCTION: {
		CatFunction *f = (CatFunction *)o;
		sb_appendf(sb, "CREATE %s ", f->is_procedure ? "PROCEDURE" : "FUNCTION");
		function_sig(sb, f, true);
		if (f->returns)
			sb_appendf(sb, " RETURNS %s", f->returns);
		sb_appendf(sb, " LANGUAGE %s", f->language ? f->language : "sql");
		if (f->volatility == 'i')
			sb_append(sb, " IMMUTABLE");
		else if (f->volatility == 's')
			sb_append(sb, " STABLE");
		if (f->parallel == 's' || f->parallel == 'r')
			sb_appendf(sb, " PARALLEL %s", f->parallel == 's' ? "SAFE" : "RESTRICTED");
		if (f->strict)
			sb_append(sb, " STRICT");
		if (f->security_definer)
			sb_append(sb, " SECURITY DEFINER");
		const char *body = f->body ? f->body : "";
		if (!strncmp(body, "RETURN ", 7) || !strncmp(body, "BEGIN ATOMIC", 12)) {
			sb_appendf(sb, " %s;\n", body); /* SQL-standard body */
		} else {
			const char *tag = strstr(body, "$strata$") ? "$strata_body$" : "$strata$";
			sb_appendf(sb, " AS %s%s%s;\n", tag, body, tag);
		}
		break;
	}
	case OBJ_SEQUENCE: {
		CatSequence *s = (CatSequence *)o;
		if (s->is_identity)
			break;
		sb_append(sb, "CREATE SEQUENCE ");
		cat_quote_qualified(sb, o->schema, o->name);
		sb_appendf(
		    sb,
		    " AS %s START WITH %lld INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld CACHE %lld%s;\n",
		    s->data_type, (long long)s->start, (long long)s->increment, (long long)s->min,
		    (long long)s->max, (long long)s->cache, s->cycle ? " CYCLE" : "");
		if (s->owned_by_table) {
			sb_append(post, "ALTER SEQUENCE ");
			cat_quote_qualified(post, o->schema, o->name);
			sb_append(post, " OWNED BY ");
			cat_quote_qualified(post, s->owned_by_table->h.schema, s->owned_by_table->h.name);
			sb_putc(post, '.');
			cat_quote_ident(post, s->owned_by_column);
			sb_append(post, ";\n");
		}
		break;
	}
	case OBJ_TABLE: {
		CatTable *t = (CatTable *)o;
		sb_appendf(sb, "CREATE %sTABLE ", t->unlogged ? "UNLOGGED " : "");
		cat_quote_qualified(sb, o->schema, o->name);
		if (t->partition_of) {
			sb_append(sb, " PARTITION OF ");
			cat_quote_qualified(sb, t->partition_of->h.schema, t->partition_of->h.name);
			sb_appendf(sb, " %s", t->partition_bound ? t->partition_bound : "DEFAULT");
		} else {
			sb_append(sb, " (");
			bool first = true;
			for (size_t i = 0; i < t->columns.n; i++) {
				CatColumn *c = t->columns.items[i];
				if (!c->is_local)
					continue;
				sb_append(sb, first ? "\n    " : ",\n    ");
				first = false;
				column_def(sb, c);
			}
			sb_append(sb, "\n)");
			if (t->inherits.n) {
				sb_append(sb, " INHERITS (");
				for (size_t i = 0; i < t->inherits.n; i++) {
					CatTable *p = t->inherits.items[i];
					if (i)
						sb_append(sb, ", ");
					cat_quote_qualified(sb, p->h.schema, p->h.name);
				}
				sb_putc(sb, ')');
			}
		}
		if (t->partition_key)
			sb_appendf(sb, " PARTITION BY %s", t->partition_key);
		sb_append(sb, ";\n");
		if (t->partition_of)
			partition_column_diffs(sb, t);
		if (t->rls_enabled) {
			sb_append(sb, "ALTER TABLE ");
			cat_quote_qualified(sb, o->schema, o->name);
			sb_append(sb, " ENABLE ROW LEVEL SECURITY;\n");
		}
		if (t->rls_forced) {
			sb_append(sb, "ALTER TABLE ");
			cat_quote_qualified(sb, o->schema, o->name);
			sb_append(sb, " FORCE ROW LEVEL SECURITY;\n");
		}
		for (size_t i = 0; i < t->columns.n; i++) {
			CatColumn *c = t->columns.items[i];
			if (!c->comment)
				continue;
			sb_append(post, "COMMENT ON COLUMN ");
			cat_quote_qualified(post, o->schema, o->name);
			sb_putc(post, '.');
			cat_quote_ident(post, c->name);
			sb_append(post, " IS ");
			cat_quote_literal(post, c->comment);
			sb_append(post, ";\n");
		}
		break;
	}
	case OBJ_CONSTRAINT: {
		CatConstraint *k = (CatConstraint *)o;
		sb_append(sb, "ALTER TABLE ");
		cat_quote_qualified(sb, o->owner->schema, o->owner->name);
		sb_append(sb, " ADD CONSTRAINT ");
		cat_quote_ident(sb, o->name);
		sb_putc(sb, ' ');
		constraint_def(sb, k);
		sb_append(sb, ";\n");
		break;
	}
	case OBJ_INDEX: {
		CatIndex *ix = (CatIndex *)o;
		if (ix->constraint)
			break;
		sb_appendf(sb, "CREATE %sINDEX ", ix->unique ? "UNIQUE " : "");
		cat_quote_ident(sb, o->name);
		sb_append(sb, " ON ");
		cat_quote_qualified(sb, o->owner->schema, o->owner->name);
		sb_putc(sb, ' ');
		index_def(sb, ix);
		sb_append(sb, ";\n");
		break;
	}
	case OBJ_VIEW:
	case OBJ_MATVIEW: {
		CatView *v = (CatView *)o;
		sb_appendf(sb, "CREATE %s ", o->kind == OBJ_VIEW ? "VIEW" : "MATERIALIZED VIEW");
		cat_quote_qualified(sb, o->schema, o->name);
		if (v->explicit_columns) {
			sb_putc(sb, ' ');
			name_list(sb, v->columns, v->ncolumns);
		}
		sb_appendf(sb, " AS %s%s;\n", v->definition ? v->definition : "SELECT",
		           o->kind == OBJ_MATVIEW && !v->with_data ? " WITH NO DATA" : "");
		break;
	}
	case OBJ_TRIGGER: {
		CatTrigger *t = (CatTrigger *)o;
		sb_appendf(sb, "CREATE %sTRIGGER ", t->is_constraint ? "CONSTRAINT " : "");
		cat_quote_ident(sb, o->name);
		sb_appendf(sb, " %s %s",
		           t->timing == TRIG_BEFORE    ? "BEFORE"
		           : t->timing == TRIG_INSTEAD ? "INSTEAD OF"
		                                       : "AFTER",
		           events_text(t->events, tmp));
		if (t->nupdate_columns) {
			sb_append(sb, " OF ");
			for (size_t i = 0; i < t->nupdate_columns; i++) {
				if (i)
					sb_append(sb, ", ");
				cat_quote_ident(sb, t->update_columns[i]);
			}
		}
		sb_append(sb, " ON ");
		cat_quote_qualified(sb, o->owner->schema, o->owner->name);
		sb_appendf(sb, " FOR EACH %s", t->for_each_row ? "ROW" : "STATEMENT");
		if (t->when_expr)
			sb_appendf(sb, " WHEN (%s)", t->when_expr);
		/* function identity is `schema.name(argtypes)`: call it without the signature */
		const char *paren = strchr(t->function, '(');
		sb_append(sb, " EXECUTE FUNCTION ");
		sb_append_n(sb, t->function, paren ? (size_t)(paren - t->function) : strlen(t->function));
		sb_putc(sb, '(');
		for (size_t i = 0; i < t->nargs; i++) {
			if (i)
				sb_append(sb, ", ");
			cat_quote_literal(sb, t->args[i]);
		}
		sb_append(sb, ");\n");
		break;
	}
	case OBJ_POLICY: {
		CatPolicy *p = (CatPolicy *)o;
		sb_append(sb, "CREATE POLICY ");
		cat_quote_ident(sb, o->name);
		sb_append(sb, " ON ");
		cat_quote_qualified(sb, o->owner->schema, o->owner->name);
		sb_appendf(sb, " AS %s FOR %s TO ", p->permissive ? "PERMISSIVE" : "RESTRICTIVE", p->command);
		for (size_t i = 0; i < p->nroles; i++) {
			if (i)
				sb_append(sb, ", ");
			sb_append(sb, p->roles[i]);
		}
		if (p->using_expr)
			sb_appendf(sb, " USING (%s)", p->using_expr);
		if (p->with_check_expr)
			sb_appendf(sb, " WITH CHECK (%s)", p->with_check_expr);
		sb_append(sb, ";\n");
		break;
	}
	default:
		break;
	}
	if (o->comment && (o->kind == OBJ_CONSTRAINT || o->kind == OBJ_TRIGGER || o->kind == OBJ_POLICY)) {
		sb_appendf(post, "COMMENT ON %s ",
		           o->kind == OBJ_CONSTRAINT ? "CONSTRAINT"
		           : o->kind == OBJ_TRIGGER  ? "TRIGGER"
		                                     : "POLICY");
		cat_quote_ident(post, o->name);
		sb_append(post, " ON ");
		cat_quote_qualified(post, o->owner->schema, o->owner->name);
		sb_append(post, " IS ");
		cat_quote_literal(post, o->comment);
		sb_append(post, ";\n");
	} else if (o->comment) {
		static const char *const words[OBJ__COUNT] = {
		    [OBJ_SCHEMA] = "SCHEMA",     [OBJ_EXTENSION] = "EXTENSION",       [OBJ_TYPE] = "TYPE",
		    [OBJ_FUNCTION] = "FUNCTION", [OBJ_SEQUENCE] = "SEQUENCE",         [OBJ_TABLE] = "TABLE",
		    [OBJ_VIEW] = "VIEW",         [OBJ_MATVIEW] = "MATERIALIZED VIEW", [OBJ_INDEX] = "INDEX",
		};
		sb_appendf(post, "COMMENT ON %s ", words[o->kind]);
		if (o->kind == OBJ_FUNCTION)
			function_sig(post, (CatFunction *)o, false);
		else
			cat_quote_qualified(post, o->schema, o->name);
		sb_append(post, " IS ");
		cat_quote_literal(post, o->comment);
		sb_append(post, ";\n");
	}
}

void catalog_object_sql(const CatObject *o, StrBuf *out, StrBuf *post)
{
	StrBuf tmp = STRBUF_INIT;
	sql_object(out, (CatObject *)o, &tmp, post);
	sb_release(&tmp);
}

void catalog_column_def(const CatColumn *c, StrBuf *out)
{
	column_def(out, c);
}

void catalog_constraint_def(const CatConstraint *k, StrBuf *out)
{
	constraint_def(out, k);
}

typedef struct Topo {
	HMap state; /* identity-with-kind key → (void*)1 gray, (void*)2 black */
	PtrList stack;
	Arena arena;
	StrBuf *out, *post, tmp;
	DiagList *dl;
	int cycles;
} Topo;

/* Edges used for ordering: every dependency, except a sequence's OWNED BY (emitted after the tables), the
 * internal link between a constraint and its index (the constraint creates the index) and a base type's
 * on its support functions. */
static bool ordering_edge(const CatObject *o, const CatDep *d)
{
	if (o->kind == OBJ_SEQUENCE && d->on->kind == OBJ_TABLE)
		return false;
	if (d->type == DEP_INTERNAL)
		return false;
	if (o->kind == OBJ_TYPE && d->on->kind == OBJ_FUNCTION) /* a base type on its I/O functions: */
		return false;                                   /* written as its shell, before them */
	return true;
}

static const char *topo_key(Topo *t, const CatObject *o)
{
	return arena_sprintf(&t->arena, "%d:%s", (int)o->kind, o->identity);
}

static void topo_visit(Topo *t, CatObject *o)
{
	const char *k = topo_key(t, o);
	void *s = hmap_get(&t->state, k);
	if (s == (void *)2)
		return;
	if (s == (void *)1) {
		StrBuf loop = STRBUF_INIT;
		size_t start = 0;
		for (size_t i = 0; i < t->stack.n; i++)
			if (t->stack.items[i] == o)
				start = i;
		for (size_t i = start; i < t->stack.n; i++) {
			CatObject *x = t->stack.items[i];
			sb_appendf(&loop, "%s %s -> ", obj_kind_name(x->kind), x->identity);
		}
		sb_appendf(&loop, "%s %s", obj_kind_name(o->kind), o->identity);
		if (t->dl) {
			Diag *d = diag_add(t->dl, SEV_ERROR, "dependency-cycle", NULL, 0, 0,
			                   "dependency cycle: %s", sb_str(&loop));
			(void)d;
		}
		sb_release(&loop);
		t->cycles++;
		return;
	}
	hmap_put(&t->state, k, (void *)1);
	ptrlist_push(&t->arena, &t->stack, o);
	for (size_t i = 0; i < o->ndeps; i++) {
		CatDep *d = &o->deps[i];
		if (d->on->dropped || !ordering_edge(o, d))
			continue;
		CatObject *on = d->on;
		if (on->kind == OBJ_INDEX && ((CatIndex *)on)->constraint)
			on = &((CatIndex *)on)->constraint->h;
		if (on != o)
			topo_visit(t, on);
	}
	t->stack.n--;
	hmap_put(&t->state, k, (void *)2);
	sql_object(t->out, o, &t->tmp, t->post);
}

int catalog_dump_sql(const Catalog *cat, StrBuf *out, DiagList *dl)
{
	size_t n;
	CatObject **v = sorted_objects(cat, &n);
	Topo t;
	memset(&t, 0, sizeof t);
	hmap_init(&t.state);
	arena_init(&t.arena);
	StrBuf post = STRBUF_INIT;
	t.out = out;
	t.post = &post;
	t.dl = dl;
	/* function bodies are not analysed: let them reference objects created after them, as pg_dump does */
	sb_append(out, "SET check_function_bodies = false;\n");
	for (size_t i = 0; i < n; i++)
		topo_visit(&t, v[i]);
	sb_append(out, sb_str(&post));
	sb_release(&post);
	sb_release(&t.tmp);
	hmap_release(&t.state);
	arena_release(&t.arena);
	/* a column whose type the model does not know cannot be written: say so rather than write a wrong
	 * schema */
	int unknown = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i]->kind != OBJ_TABLE)
			continue;
		const CatTable *tb = (const CatTable *)v[i];
		for (size_t c = 0; c < tb->columns.n; c++) {
			const CatColumn *col = tb->columns.items[c];
			if (!col->type_unknown)
				continue;
			unknown++;
			if (dl) {
				Diag *d = diag_add(
				    dl, SEV_ERROR, "unknown-column-type", v[i]->origin.file,
				    v[i]->origin.line, v[i]->origin.col,
				    "the type of column \"%s\" of table %s is not known to the model",
				    col->name, v[i]->identity);
				diag_set_hint(
				    d, "CREATE TABLE AS derives it from an expression strata does not type: "
				       "cast it (expr::type) in the query");
			}
		}
	}
	free(v);
	return t.cycles || unknown ? -1 : 0;
}

/* ---- JSON ---- */

static void jnames(JsonW *w, const char *key, const char *const *names, size_t n)
{
	jw_key_array(w, key);
	for (size_t i = 0; i < n; i++)
		jw_str_or_null(w, names[i]);
	jw_end_array(w);
}

void catalog_dump_json_write(const Catalog *cat, JsonW *w)
{
	size_t n;
	CatObject **v = sorted_objects(cat, &n);
	rel_begin(cat);
	jw_begin_array(w);
	StrBuf tmp = STRBUF_INIT, d = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		CatObject *o = v[i];
		if (o->kind == OBJ_CONSTRAINT)
			continue;
		jw_begin_object(w);
		jw_key_str(w, "kind", obj_kind_name(o->kind));
		jw_key_str(w, "identity", o->identity);
		jw_key_str_or_null(w, "schema", o->schema);
		jw_key_str(w, "name", o->name);
		if (o->origin.file) {
			jw_key_object(w, "origin");
			jw_key_str(w, "file", o->origin.file);
			jw_key_int(w, "line", o->origin.line);
			jw_key_int(w, "col", o->origin.col);
			jw_key_str_or_null(w, "version", o->origin.version);
			jw_end_object(w);
		}
		if (o->comment)
			jw_key_str(w, "comment", o->comment);
		if (o->kind == OBJ_TABLE) {
			CatTable *t = (CatTable *)o;
			jw_key_array(w, "columns");
			for (size_t c = 0; c < t->columns.n; c++) {
				CatColumn *col = t->columns.items[c];
				jw_begin_object(w);
				jw_key_str(w, "name", col->name);
				jw_key_str(w, "type", col->type);
				jw_key_bool(w, "not_null", col->not_null);
				jw_key_str_or_null(w, "default", rel(col->default_expr, true));
				if (col->identity)
					jw_key_str(w, "identity",
					           col->identity == IDENT_ALWAYS ? "always" : "by default");
				if (col->generated)
					jw_key_str(w, "generated", rel(col->generated, true));
				if (col->collation)
					jw_key_str(w, "collation", col->collation);
				if (col->comment)
					jw_key_str(w, "comment", col->comment);
				jw_end_object(w);
			}
			jw_end_array(w);
			jw_key_array(w, "constraints");
			for (size_t c = 0; c < t->constraints.n; c++) {
				CatConstraint *k = t->constraints.items[c];
				char type[2] = {(char)k->contype, 0};
				sb_reset(&tmp);
				constraint_def(&tmp, k);
				jw_begin_object(w);
				jw_key_str(w, "name", k->h.name);
				jw_key_str(w, "type", type);
				jnames(w, "columns", k->columns, k->ncolumns);
				jw_key_str(w, "definition", sb_str(&tmp));
				if (k->ref_table || k->ref_identity) {
					jw_key_str(w, "references",
					           k->ref_table ? k->ref_table->h.identity : k->ref_identity);
					jnames(w, "ref_columns", k->ref_columns, k->nref_columns);
				}
				jw_end_object(w);
			}
			jw_end_array(w);
			jw_key_bool(w, "rls_enabled", t->rls_enabled);
			jw_key_bool(w, "rls_forced", t->rls_forced);
			if (t->partition_key)
				jw_key_str(w, "partition_key", t->partition_key);
		} else {
			sb_reset(&d);
			text_object(&d, o, &tmp);
			while (d.len && d.data[d.len - 1] == '\n')
				d.data[--d.len] = 0;
			jw_key_str(w, "text", sb_str(&d));
		}
		jw_key_array(w, "depends_on");
		for (size_t k = 0; k < o->ndeps; k++) {
			/* one entry per object (dependencies on several of its columns are one) */
			bool seen = false;
			for (size_t q = 0; q < k && !seen; q++)
				seen = o->deps[q].on == o->deps[k].on;
			if (!seen && !o->deps[k].on->dropped && o->deps[k].on != o->owner &&
			    o->deps[k].on != o) {
				sb_reset(&tmp);
				sb_append(&tmp, obj_kind_name(o->deps[k].on->kind));
				sb_putc(&tmp, ' ');
				sb_append(&tmp, o->deps[k].on->identity);
				jw_str(w, sb_str(&tmp));
			}
		}
		jw_end_array(w);
		jw_end_object(w);
	}
	jw_end_array(w);
	sb_release(&tmp);
	sb_release(&d);
	free(v);
	rel_end();
}

void *catalog_dump_json(const Catalog *cat)
{
	StrBuf sb = STRBUF_INIT;
	JsonW w;
	jw_init(&w, &sb);
	catalog_dump_json_write(cat, &w);
	json_t *j = json_loads(sb_str(&sb), 0, NULL);
	sb_release(&sb);
	return j;
}
