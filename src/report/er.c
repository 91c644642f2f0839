/* er.c — catalog → Graphviz DOT (tables, key columns, foreign keys) → SVG through libgvc (see er.h). */
#include "strata.h"
#include "exec/tenants.h"
#include "report/er.h"
#include "util/hmap.h"
#include "util/vec.h"

#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>

extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;

/* Colours of the three sides: header fill, border, cluster fill. */
static const struct {
	const char *head, *border, *cluster, *cls, *word;
} side_style[] = {
    [ER_PLAIN] = {"#e4e7ec", "#6b7280", "#f7f8fa", "plain", ""},
    [ER_SHARED] = {"#cfe0f5", "#3b6fb6", "#eef4fc", "shared", "shared"},
    [ER_TENANT] = {"#d5eecb", "#3f8a2e", "#f1f9ed", "tenant", "tenant"},
};
#define CROSS_COLOR "#d62728"

/* S for a Graphviz HTML label: &, <, >, " as entities, control characters as spaces. */
static void html_esc(StrBuf *sb, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&':
			sb_append(sb, "&amp;");
			break;
		case '<':
			sb_append(sb, "&lt;");
			break;
		case '>':
			sb_append(sb, "&gt;");
			break;
		case '"':
			sb_append(sb, "&quot;");
			break;
		default:
			sb_putc(sb, (unsigned char)*s < 0x20 ? ' ' : *s);
		}
	}
}

/* S inside a double-quoted DOT string of escString type: \ and " escaped, control characters as spaces. */
static void dot_esc(StrBuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_putc(sb, '\\');
		sb_putc(sb, (unsigned char)*s < 0x20 ? ' ' : *s);
	}
}

ErSide er_side(const CatTable *t, const ErOptions *o)
{
	const char *s = t->h.schema ? t->h.schema : "";
	if (o->shared_schema && !strcmp(s, o->shared_schema))
		return ER_SHARED;
	if (o->shared_schema && o->others_are_tenant)
		return ER_TENANT;
	for (size_t i = 0; i < o->n_tenant_schemas; i++)
		if (!strcmp(s, o->tenant_schemas[i]))
			return ER_TENANT;
	if (o->tenant_column)
		return table_find_column(t, o->tenant_column) ? ER_TENANT : ER_SHARED;
	return ER_PLAIN;
}

/* Per drawn table: its node, side and which columns are shown with which key marks. */
typedef struct TInfo {
	CatTable *t;
	size_t node; /* "t<node>" */
	ErSide side;
	char *mark; /* per column: 0 hidden, else a bit set of KEY_* */
} TInfo;

enum { KEY_PK = 1, KEY_FK = 2, KEY_REF = 4 };

typedef VEC(TInfo) TInfoVec;

static int cmp_table(const void *a, const void *b)
{
	const CatTable *x = *(CatTable *const *)a, *y = *(CatTable *const *)b;
	int c = strcmp(x->h.schema ? x->h.schema : "", y->h.schema ? y->h.schema : "");
	return c ? c : strcmp(x->h.name, y->h.name);
}

static bool wanted(const CatTable *t, const char *pattern)
{
	if (!pattern)
		return true;
	if (like_match(pattern, t->h.name))
		return true;
	char *q = xasprintf("%s.%s", t->h.schema ? t->h.schema : "", t->h.name);
	bool ok = like_match(pattern, q);
	free(q);
	return ok;
}

static int col_index(const CatTable *t, const char *name)
{
	for (size_t i = 0; i < t->columns.n; i++)
		if (!strcmp(((CatColumn *)t->columns.items[i])->name, name))
			return (int)i;
	return -1;
}

static void mark_cols(TInfo *ti, const char *const *cols, size_t n, char bit)
{
	for (size_t i = 0; i < n; i++) {
		int k = col_index(ti->t, cols[i]);
		if (k >= 0)
			ti->mark[k] |= bit;
	}
}

/* The HTML label of a table: header (name, side, RLS), key columns, and how many more there are. */
static void table_label(StrBuf *sb, const TInfo *ti)
{
	const CatTable *t = ti->t;
	const char *border = side_style[ti->side].border;
	sb_appendf(sb,
	           "<<TABLE BORDER=\"1\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\" "
	           "COLOR=\"%s\" BGCOLOR=\"white\">",
	           border);
	sb_appendf(sb, "<TR><TD COLSPAN=\"3\" BGCOLOR=\"%s\" ALIGN=\"LEFT\"><B>", side_style[ti->side].head);
	html_esc(sb, t->h.name);
	sb_append(sb, "</B>");
	if (t->rls_enabled)
		sb_appendf(sb, " <FONT COLOR=\"#b3261e\"><B>RLS%s</B></FONT>",
		           t->rls_forced ? " forced" : "");
	if (t->relkind == REL_PARTITIONED)
		sb_append(sb, " <FONT COLOR=\"#555555\">partitioned</FONT>");
	sb_append(sb, "</TD></TR>");
	size_t hidden = 0, shown = 0;
	for (size_t i = 0; i < t->columns.n; i++) {
		const CatColumn *c = t->columns.items[i];
		if (!ti->mark[i]) {
			hidden++;
			continue;
		}
		shown++;
		sb_appendf(sb, "<TR><TD ALIGN=\"LEFT\" PORT=\"c%zu\">", i);
		html_esc(sb, c->name);
		sb_append(sb, "</TD><TD ALIGN=\"LEFT\"><FONT COLOR=\"#555555\">");
		html_esc(sb, c->type);
		sb_appendf(sb, "</FONT></TD><TD ALIGN=\"RIGHT\" PORT=\"o%zu\"><FONT COLOR=\"#555555\">", i);
		const char *sep = "";
		if (ti->mark[i] & KEY_PK) {
			sb_append(sb, "PK");
			sep = " ";
		}
		if (ti->mark[i] & KEY_FK)
			sb_appendf(sb, "%sFK", sep);
		else if (!(ti->mark[i] & KEY_PK))
			sb_appendf(sb, "%sUK", sep);
		sb_append(sb, "</FONT></TD></TR>");
	}
	if (hidden)
		sb_appendf(
		    sb,
		    "<TR><TD COLSPAN=\"3\" ALIGN=\"LEFT\"><FONT COLOR=\"#777777\">%s%zu column%s</FONT>"
		    "</TD></TR>",
		    shown ? "+ " : "", hidden, hidden == 1 ? "" : "s");
	sb_append(sb, "</TABLE>>");
}

static const char *cluster_label(const char *schema, ErSide side, StrBuf *tmp)
{
	sb_init(tmp);
	if (side == ER_SHARED)
		sb_append(tmp, "shared schema \\\"");
	else if (side == ER_TENANT)
		sb_append(tmp, schema[0] == '$' ? "tenant schema (in every tenant" : "tenant schema \\\"");
	else
		sb_append(tmp, "schema \\\"");
	if (!(side == ER_TENANT && schema[0] == '$'))
		dot_esc(tmp, schema);
	sb_append(tmp, side == ER_TENANT && schema[0] == '$' ? ")" : "\\\"");
	if (side == ER_SHARED)
		sb_append(tmp, " (once)");
	return sb_str(tmp);
}

/* One drawing: the tables to draw (sorted by schema and name), their index, the referenced tables that are
 * not drawn (ghosts), and the counts. */
typedef struct Er {
	const ErOptions *o;
	StrBuf *out;
	TInfoVec tv;
	HMap by_id;  /* table identity → index into tv + 1 */
	HMap ghosts; /* identity → ghost index + 1 */
	VEC(const char *) ghost_ids;
	ErStats st;
} Er;

/* The tables of CAT that O wants, with their key columns marked: primary key, foreign key columns, and
 * the columns other drawn tables reference. */
static void er_collect(Er *e, Catalog *cat)
{
	VEC(CatTable *) all = {0};
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *ob = cat->all.items[i];
		if (ob->kind != OBJ_TABLE || ob->dropped || ((CatTable *)ob)->partition_of)
			continue;
		vec_push(&all, (CatTable *)ob);
	}
	if (all.n)
		qsort(all.items, all.n, sizeof(CatTable *), cmp_table);
	e->st.tables = all.n;
	for (size_t i = 0; i < all.n; i++) {
		if (!wanted(all.items[i], e->o->tables))
			continue;
		TInfo ti = {.t = all.items[i], .node = e->tv.n, .side = er_side(all.items[i], e->o)};
		ti.mark = xcalloc(ti.t->columns.n + 1, 1);
		vec_push(&e->tv, ti);
	}
	vec_free(&all);
	if (e->tv.n > ER_MAX_TABLES) {
		e->st.too_many = true;
		for (size_t i = 0; i < e->tv.n; i++)
			free(e->tv.items[i].mark);
		e->tv.n = 0;
	}
	for (size_t i = 0; i < e->tv.n; i++)
		hmap_put(&e->by_id, e->tv.items[i].t->h.identity, (void *)(uintptr_t)(i + 1));
	for (size_t i = 0; i < e->tv.n; i++) {
		TInfo *ti = &e->tv.items[i];
		for (size_t k = 0; k < ti->t->constraints.n; k++) {
			const CatConstraint *c = ti->t->constraints.items[k];
			if (c->h.dropped)
				continue;
			if (c->contype == CON_PRIMARY)
				mark_cols(ti, c->columns, c->ncolumns, KEY_PK);
			if (c->contype != CON_FOREIGN)
				continue;
			mark_cols(ti, c->columns, c->ncolumns, KEY_FK);
			uintptr_t r =
			    c->ref_table ? (uintptr_t)hmap_get(&e->by_id, c->ref_table->h.identity) : 0;
			if (r)
				mark_cols(&e->tv.items[r - 1], c->ref_columns, c->nref_columns, KEY_REF);
		}
		/* a table without any key shows its first columns, so that it is not an empty box */
		bool any = false;
		for (size_t k = 0; k < ti->t->columns.n; k++)
			any |= ti->mark[k] != 0;
		for (size_t k = 0; !any && k < ti->t->columns.n && k < 3; k++)
			ti->mark[k] = KEY_REF;
	}
}

/* The tables, one cluster per schema (tables are sorted by schema). */
static void er_write_tables(Er *e)
{
	StrBuf *out = e->out;
	for (size_t i = 0; i < e->tv.n;) {
		const char *schema = e->tv.items[i].t->h.schema ? e->tv.items[i].t->h.schema : "";
		ErSide side = e->o->tenant_column ? ER_PLAIN : e->tv.items[i].side;
		StrBuf lab;
		sb_appendf(out,
		           "  subgraph cluster_%zu {\n    id=\"s%zu\"; class=\"schema %s\"; label=\"%s\"; "
		           "labeljust=l; style=\"rounded,filled\"; fillcolor=\"%s\"; color=\"%s\";\n",
		           i, i, side_style[side].cls, cluster_label(schema, side, &lab),
		           side_style[side].cluster, side_style[side].border);
		sb_release(&lab);
		size_t j = i;
		for (; j < e->tv.n &&
		       !strcmp(e->tv.items[j].t->h.schema ? e->tv.items[j].t->h.schema : "", schema);
		     j++) {
			TInfo *ti = &e->tv.items[j];
			sb_appendf(out, "    t%zu [id=\"t%zu\", class=\"table %s%s\", tooltip=\"", ti->node,
			           ti->node, side_style[ti->side].cls, ti->t->rls_enabled ? " rls" : "");
			dot_esc(out, ti->t->h.identity);
			if (*side_style[ti->side].word)
				sb_appendf(out, " (%s)", side_style[ti->side].word);
			sb_append(out, "\", label=");
			table_label(out, ti);
			sb_append(out, "];\n");
			e->st.shown++;
			e->st.rls += ti->t->rls_enabled;
			e->st.shared += ti->side == ER_SHARED;
			e->st.tenant += ti->side == ER_TENANT;
		}
		sb_append(out, "  }\n");
		i = j;
	}
}

static void esc_columns(StrBuf *out, const char *const *cols, size_t n)
{
	sb_putc(out, '(');
	for (size_t m = 0; m < n; m++) {
		sb_append(out, m ? ", " : "");
		dot_esc(out, cols[m]);
	}
	sb_putc(out, ')');
}

/* The edge of foreign key C of the drawn table TI: out of the key-mark cell on the right, into the
 * referenced column's name cell on the left; a referenced table not drawn becomes a ghost. */
static void er_write_fk(Er *e, const TInfo *ti, const CatConstraint *c)
{
	const ErOptions *o = e->o;
	StrBuf *out = e->out;
	const char *rid = c->ref_table ? c->ref_table->h.identity : c->ref_identity;
	if (!rid)
		return;
	uintptr_t r = (uintptr_t)hmap_get(&e->by_id, rid);
	const TInfo *to = r ? &e->tv.items[r - 1] : NULL;
	StrBuf target = STRBUF_INIT;
	if (to) {
		int rc = c->nref_columns ? col_index(to->t, c->ref_columns[0]) : -1;
		sb_appendf(&target, "t%zu", to->node);
		if (rc >= 0)
			sb_appendf(&target, ":c%d:w", rc);
	} else {
		uintptr_t g = (uintptr_t)hmap_get(&e->ghosts, rid);
		if (!g) {
			vec_push(&e->ghost_ids, rid);
			g = e->ghost_ids.n;
			hmap_put(&e->ghosts, rid, (void *)g);
		}
		sb_appendf(&target, "g%zu", (size_t)g - 1);
	}
	int fc = c->ncolumns ? col_index(ti->t, c->columns[0]) : -1;
	ErSide to_side = to ? to->side : ER_PLAIN;
	if (!to && c->ref_table)
		to_side = er_side(c->ref_table, o);
	else if (!to && o->shared_schema && c->ref_schema && !strcmp(c->ref_schema, o->shared_schema))
		to_side = ER_SHARED;
	bool cross = ti->side == ER_TENANT && to_side == ER_SHARED && !o->tenant_column;
	sb_appendf(out, "  t%zu", ti->node);
	if (fc >= 0)
		sb_appendf(out, ":o%d:e", fc);
	sb_appendf(out, " -> %s [id=\"fk%zu\", class=\"fk%s\", tooltip=\"", sb_str(&target), e->st.edges,
	           cross ? " cross" : "");
	dot_esc(out, ti->t->h.name);
	esc_columns(out, c->columns, c->ncolumns);
	sb_append(out, " references ");
	dot_esc(out, rid);
	esc_columns(out, c->ref_columns, c->nref_columns);
	if (cross)
		sb_appendf(out,
		           ": a tenant table referencing the shared schema\", color=\"%s\", penwidth=2.4, "
		           "fontcolor=\"%s\", label=\"tenant → shared\"",
		           CROSS_COLOR, CROSS_COLOR);
	else
		sb_putc(out, '"');
	sb_append(out, "];\n");
	sb_release(&target);
	e->st.edges++;
	e->st.cross += cross;
}

void er_dot(Catalog *cat, const ErOptions *o, StrBuf *out, ErStats *stats)
{
	Er e = {.o = o, .out = out};
	hmap_init(&e.by_id);
	hmap_init(&e.ghosts);
	er_collect(&e, cat);
	sb_append(out, "digraph er {\n"
	               "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, nodesep=0.3, ranksep=0.9, "
	               "bgcolor=\"transparent\", pad=0.2];\n"
	               "  node [shape=plaintext, fontname=\"Helvetica\", fontsize=10, margin=0];\n"
	               "  edge [color=\"#6b7280\", arrowsize=0.7, fontname=\"Helvetica\", fontsize=9];\n");
	er_write_tables(&e);
	for (size_t i = 0; i < e.tv.n; i++)
		for (size_t k = 0; k < e.tv.items[i].t->constraints.n; k++) {
			const CatConstraint *c = e.tv.items[i].t->constraints.items[k];
			if (!c->h.dropped && c->contype == CON_FOREIGN)
				er_write_fk(&e, &e.tv.items[i], c);
		}
	for (size_t g = 0; g < e.ghost_ids.n; g++) {
		sb_appendf(out,
		           "  g%zu [id=\"g%zu\", class=\"table ghost\", shape=box, style=\"dashed,rounded\", "
		           "color=\"#9ca3af\", fontcolor=\"#6b7280\", label=\"",
		           g, g);
		dot_esc(out, e.ghost_ids.items[g]);
		sb_append(out, "\"];\n");
	}
	sb_append(out, "}\n");
	for (size_t i = 0; i < e.tv.n; i++)
		free(e.tv.items[i].mark);
	vec_free(&e.tv);
	vec_free(&e.ghost_ids);
	hmap_release(&e.ghosts);
	hmap_release(&e.by_id);
	if (stats)
		*stats = e.st;
}

/* LeakSanitizer (the ASan+UBSan build of `make test`) asks every binary for its default suppressions:
 * Debian's Graphviz 2.42 leaks inside its own layout (HTML-label parsing, dot's virtual edges), which is
 * none of ours; our own allocations around it stay checked. A plain build never calls this. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgvc.so\nleak:libgvplugin_dot_layout.so\nleak:libcgraph.so\n";
}

/* Graphviz reports errors through a process-wide callback: collected here during er_svg. */
static StrBuf *gv_errors;

static int gv_error(char *msg)
{
	if (gv_errors)
		sb_append(gv_errors, msg);
	return 0;
}

int er_svg(const char *dot, StrBuf *svg, DiagList *dl)
{
	StrBuf err = STRBUF_INIT;
	gv_errors = &err;
	agusererrf prev = agseterrf(gv_error);
	agseterr(AGERR);
	int rc = -1;
	/* The dot layout and the SVG renderer as built-ins, without Graphviz's plugin config: its pango
	 * plugin would measure text with the machine's fonts (a diagram that differs between machines) and
	 * keeps font caches for good. Text is measured with Graphviz's own Helvetica metrics, which the page
	 * matches with a metric-compatible font. One context for the process, never freed (reachable). */
	static GVC_t *gvc;
	static const lt_symlist_t builtins[] = {
	    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
	    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
	    {NULL, NULL}};
	if (!gvc)
		gvc = gvContextPlugins(builtins, 0);
	Agraph_t *g = agmemread(dot);
	if (!g) {
		diag_add(dl, SEV_ERROR, "graphviz", NULL, 0, 0, "graphviz could not read the diagram: %s",
		         err.len ? sb_str(&err) : "syntax error");
	} else if (gvLayout(gvc, g, "dot") != 0) {
		Diag *d =
		    diag_add(dl, SEV_ERROR, "graphviz", NULL, 0, 0,
		             "graphviz could not lay out the diagram%s%s", err.len ? ": " : "", sb_str(&err));
		diag_set_hint(
		    d, "install Debian's graphviz package (its dot layout plugin): scripts/install-deps");
	} else {
		char *buf = NULL;
		unsigned int len = 0;
		if (gvRenderData(gvc, g, "svg", &buf, &len) != 0 || !buf) {
			diag_add(dl, SEV_ERROR, "graphviz", NULL, 0, 0, "graphviz could not render SVG%s%s",
			         err.len ? ": " : "", sb_str(&err));
		} else {
			const char *start = strstr(buf, "<svg");
			if (start) {
				sb_append_n(svg, start, len - (size_t)(start - buf));
				rc = 0;
			} else {
				diag_add(dl, SEV_ERROR, "graphviz", NULL, 0, 0,
				         "graphviz rendered no <svg> element");
			}
		}
		if (buf)
			gvFreeRenderData(buf);
		gvFreeLayout(gvc, g);
	}
	if (g)
		agclose(g);
	agseterrf(prev);
	gv_errors = NULL;
	sb_release(&err);
	return rc;
}
