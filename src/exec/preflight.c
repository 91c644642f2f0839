/* preflight.c — the catalog-based pre-flight of `up` and the verification of `baseline` (see preflight.h):
 * introspect once, replay offline on top, explain refusals with what the history says. */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/relative.h"
#include "db/introspect.h"
#include "db/session.h"
#include "project/plan.h"
#include "exec/preflight.h"
#include "exec/preflight_lint.h"
#include "util/hmap.h"
#include "util/strbuf.h"

#include <ctype.h>

/* What the replay needs from the apply connection: its search_path setting, its user (for "$user"), and
 * the schemas of the effective path (what the server prints expressions relative to). */
typedef struct ConnFacts {
	char *search_path;
	char *user;
	char **schemas;
	size_t nschemas;
} ConnFacts;

/* Add to CAT the schemas of F's search path it lacks: they exist in the database without a migration
 * creating them (made by the operator before the first one), and the offline replay needs them to create
 * anything unqualified. Returns how many were added. */
static size_t seed_path_schemas(Catalog *cat, const ConnFacts *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->nschemas; i++)
		if (!catalog_find_schema(cat, f->schemas[i])) {
			(void)catalog_add(cat, OBJ_SCHEMA, NULL, f->schemas[i], NULL, NULL);
			n++;
		}
	return n;
}

static void facts_free(ConnFacts *f)
{
	free(f->search_path);
	free(f->user);
	for (size_t i = 0; i < f->nschemas; i++)
		free(f->schemas[i]);
	free(f->schemas);
	memset(f, 0, sizeof(*f));
}

/* Read CONN's facts in one query. 0, or -1 with a diagnostic. */
static int conn_facts(PGconn *conn, ConnFacts *f, DiagList *dl)
{
	memset(f, 0, sizeof(*f));
	PGresult *r =
	    db_query(conn,
	             "SELECT current_setting('search_path'), current_user::text, t.s "
	             "FROM (SELECT 1) AS one LEFT JOIN unnest(current_schemas(false)) WITH ORDINALITY "
	             "AS t(s, i) ON true ORDER BY t.i",
	             0, NULL, "reading the search path", dl);
	if (!r)
		return -1;
	int n = PQntuples(r);
	f->search_path = xstrdup(n ? PQgetvalue(r, 0, 0) : "\"$user\", public");
	f->user = xstrdup(n ? PQgetvalue(r, 0, 1) : "postgres");
	f->schemas = xcalloc((size_t)n + 1, sizeof(char *));
	for (int i = 0; i < n; i++)
		if (!PQgetisnull(r, i, 2))
			f->schemas[f->nschemas++] = xstrdup(PQgetvalue(r, i, 2));
	PQclear(r);
	return 0;
}

/* ---- presence keys ---------------------------------------------------------------------------------- */

static bool is_rel_kind(ObjKind k)
{
	return k == OBJ_TABLE || k == OBJ_VIEW || k == OBJ_MATVIEW || k == OBJ_SEQUENCE || k == OBJ_INDEX;
}

/* Key of O in the presence map (relations share one namespace, as in pg_class). Heap. */
static char *obj_key(const CatObject *o)
{
	return xasprintf("%s:%s", is_rel_kind(o->kind) ? "rel" : obj_kind_name(o->kind), o->identity);
}

static char *col_key(const CatObject *t, const char *col)
{
	return xasprintf("col:%s.%s", t->identity, col);
}

static void put_key(HMap *m, Arena *a, char *key, void *value)
{
	hmap_put(m, arena_strdup(a, key), value);
	free(key);
}

/* Fill PRESENT with every object and column of LIVE as it is now (keys in LIVE's arena): the database
 * before the pending migrations, once the replay has changed LIVE. */
static void snapshot(Catalog *live, HMap *present)
{
	for (size_t i = 0; i < live->all.n; i++) {
		CatObject *o = live->all.items[i];
		if (o->dropped)
			continue;
		put_key(present, &live->arena, obj_key(o), o);
		if (o->kind != OBJ_TABLE)
			continue;
		const CatTable *t = (const CatTable *)o;
		for (size_t c = 0; c < t->columns.n; c++)
			put_key(present, &live->arena, col_key(o, ((CatColumn *)t->columns.items[c])->name),
			        o);
	}
}

static bool has_key(const HMap *present, char *key)
{
	bool r = hmap_has(present, key);
	free(key);
	return r;
}

/* ---- which object a replay error is about -------------------------------------------------------- */

typedef enum ErrClass {
	CL_NONE = 0,
	CL_REL,
	CL_TYPE,
	CL_FUNC,
	CL_SCHEMA,
	CL_MEMBER,
	CL_COLUMN,
	CL_ANY
} ErrClass;

/* The class of objects a refusing replay rule is about (CL_NONE: the rule does not refuse); *MISSING tells
 * "does not exist" from "already exists". */
static ErrClass rule_class(const char *rule, bool *missing)
{
	static const struct {
		const char *rule;
		ErrClass cl;
		bool missing;
	} rules[] = {
	    {"undefined-relation", CL_REL, true},  {"undefined-type", CL_TYPE, true},
	    {"undefined-function", CL_FUNC, true}, {"undefined-schema", CL_SCHEMA, true},
	    {"undefined-object", CL_MEMBER, true}, {"undefined-column", CL_COLUMN, true},
	    {"duplicate-object", CL_ANY, false},   {"duplicate-column", CL_COLUMN, false},
	};
	for (size_t i = 0; i < ARRAY_LEN(rules); i++)
		if (!strcmp(rule, rules[i].rule)) {
			*missing = rules[i].missing;
			return rules[i].cl;
		}
	return CL_NONE;
}

static bool in_class(ObjKind k, ErrClass cl)
{
	switch (cl) {
	case CL_REL:
		return is_rel_kind(k);
	case CL_TYPE:
		return k == OBJ_TYPE;
	case CL_FUNC:
		return k == OBJ_FUNCTION;
	case CL_SCHEMA:
		return k == OBJ_SCHEMA;
	case CL_MEMBER:
		return k == OBJ_CONSTRAINT || k == OBJ_TRIGGER || k == OBJ_POLICY || k == OBJ_EXTENSION;
	case CL_ANY:
		return true;
	default:
		return false;
	}
}

/* The Kth (0-based) double-quoted word of MSG, heap, or NULL. */
static char *quoted(const char *msg, int k)
{
	const char *p = msg;
	for (int i = 0;; i++) {
		const char *a = strchr(p, '"');
		const char *b = a ? strchr(a + 1, '"') : NULL;
		if (!b)
			return NULL;
		if (i == k)
			return xstrndup(a + 1, (size_t)(b - a - 1));
		p = b + 1;
	}
}

/* TOK names O: its name, or schema.name. */
static bool names(const char *tok, const CatObject *o)
{
	if (!tok)
		return false;
	if (!strcmp(tok, o->name))
		return true;
	size_t n = o->schema ? strlen(o->schema) : 0;
	return n && !strncmp(tok, o->schema, n) && tok[n] == '.' && !strcmp(tok + n + 1, o->name);
}

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* NAME appears in MSG as a whole name (function messages do not quote: "function f() does not exist"). */
static bool mentions(const char *msg, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = n ? strstr(msg, name) : NULL; p; p = strstr(p + 1, name))
		if ((p == msg || !ident_char(p[-1])) && !ident_char(p[n]))
			return true;
	return false;
}

/* Does the error message MSG (of class CL) name object O? */
static bool error_names(const char *msg, ErrClass cl, const CatObject *o)
{
	if (cl == CL_FUNC)
		return mentions(msg, o->name);
	char *tok = quoted(msg, 0);
	bool r = names(tok, o);
	free(tok);
	return r;
}

/* ---- the pre-flight ------------------------------------------------------------------------------- */

typedef struct Ctx {
	const PreflightPhase *ph; /* the phases, in replay order */
	size_t nph;
	const ConnFacts *facts;
	const char *seed_schema;  /* a schema the run creates first (tenant add), or NULL */
	const char *tenant;       /* the tenant checked (hints name it), or NULL */
	Catalog *live;            /* introspected, then changed by the replay of the pending migrations */
	HMap present;             /* keys of what the database has (before the replay) */
	Catalog *hist;            /* the applied migrations replayed offline, built on first need */
	const ReplayExact *exact; /* up --exact: dynamic SQL of the pending migrations run on a throwaway
	                             server (exec/exact.h); NULL: not */
} Ctx;

/* The replay options of phase PH: its search_path, else the connection's. */
static ReplayOptions phase_options(const Ctx *cx, const PreflightPhase *ph)
{
	ReplayOptions ro = {.search_path = ph->search_path ? ph->search_path : cx->facts->search_path,
	                    .user = cx->facts->user,
	                    .quiet_info = true};
	return ro;
}

/* What the history says the database has: the applied migrations of every phase replayed offline, each
 * under its phase's search_path (their own errors are `strata check`'s business). Owned by CX. */
static Catalog *history_model(Ctx *cx)
{
	if (cx->hist)
		return cx->hist;
	cx->hist = catalog_new();
	(void)seed_path_schemas(cx->hist, cx->facts);
	if (cx->seed_schema && !catalog_find_schema(cx->hist, cx->seed_schema))
		(void)catalog_add(cx->hist, OBJ_SCHEMA, NULL, cx->seed_schema, NULL, NULL);
	for (size_t k = 0; k < cx->nph; k++) {
		const PreflightPhase *ph = &cx->ph[k];
		MigrationSet sub = *ph->set;
		sub.items = xcalloc(ph->set->n + 1, sizeof(Migration));
		sub.n = 0;
		for (size_t i = 0; i < ph->set->n; i++)
			if (ph->applied && ph->applied[i] && !ph->set->items[i].skip)
				sub.items[sub.n++] =
				    ph->set->items[i]; /* shallow: the strings stay the set's */
		ReplayOptions ro = phase_options(cx, ph);
		DiagList quiet = DIAGLIST_INIT;
		if (sub.n && replay_migrations(cx->hist, &sub, &ro, &quiet) != 0) {
			/* errors of the history itself: `strata check` reports them */
		}
		diag_list_release(&quiet);
		free(sub.items);
	}
	return cx->hist;
}

/* "0001_initial" for the migration whose file is L->file (heap). */
static char *origin_label(const MigrationSet *set, const CatLoc *l)
{
	for (size_t i = 0; l->file && i < set->n; i++)
		if (set->items[i].up_path && !strcmp(set->items[i].up_path, l->file))
			return mig_label(&set->items[i]);
	return xstrdup(l->version ? l->version : "?");
}

/* The same over every phase of CX (shared, then tenant migrations). */
static char *origin_label_cx(const Ctx *cx, const CatLoc *l)
{
	for (size_t k = 0; k + 1 < cx->nph; k++)
		for (size_t i = 0; l->file && i < cx->ph[k].set->n; i++)
			if (cx->ph[k].set->items[i].up_path &&
			    !strcmp(cx->ph[k].set->items[i].up_path, l->file))
				return mig_label(&cx->ph[k].set->items[i]);
	return origin_label(cx->ph[cx->nph - 1].set, l);
}

/* Detail for an error about something missing: which applied migration created it. False when the
 * history does not explain it. */
static bool explain_missing(Ctx *cx, Diag *d, ErrClass cl, const char *msg)
{
	Catalog *h = history_model(cx);
	if (cl == CL_COLUMN) {
		char *col = quoted(msg, 0), *rel = quoted(msg, 1);
		const CatObject *bt = NULL;
		const CatColumn *bc = NULL;
		for (size_t i = 0; col && i < h->all.n; i++) {
			const CatObject *o = h->all.items[i];
			if (o->dropped || o->kind != OBJ_TABLE || !has_key(&cx->present, obj_key(o)))
				continue;
			if (rel && !names(rel, o))
				continue;
			const CatColumn *c = table_find_column((const CatTable *)o, col);
			if (c && !has_key(&cx->present, col_key(o, col))) {
				bt = o;
				bc = c;
				break;
			}
		}
		free(col);
		free(rel);
		if (!bc)
			return false;
		const CatLoc *l = bc->origin.file ? &bc->origin : &bt->origin;
		char *label = origin_label_cx(cx, l);
		diag_set_detail(d,
		                "history says %s created column \"%s\" of \"%s\" but it is not in the "
		                "database (%s:%d:%d)",
		                label, bc->name, bt->identity, l->file ? l->file : "?", l->line, l->col);
		free(label);
		return true;
	}
	for (size_t i = 0; i < h->all.n; i++) {
		const CatObject *o = h->all.items[i];
		if (o->dropped || !in_class(o->kind, cl) || !error_names(msg, cl, o) ||
		    has_key(&cx->present, obj_key(o)))
			continue;
		char *label = origin_label_cx(cx, &o->origin);
		diag_set_detail(
		    d, "history says %s created \"%s\" but it is not in the database (%s %s at %s:%d:%d)",
		    label, o->name, obj_kind_name(o->kind), o->identity,
		    o->origin.file ? o->origin.file : "?", o->origin.line, o->origin.col);
		free(label);
		return true;
	}
	return false;
}

/* Detail for an error about something that already exists: made by an earlier pending statement, by an
 * applied migration, or outside the migrations. False when the object cannot be told. */
static bool explain_duplicate(Ctx *cx, Diag *d, ErrClass cl, const char *msg)
{
	const CatObject *found = NULL;
	bool was_there = false;
	if (cl == CL_COLUMN) {
		char *col = quoted(msg, 0), *rel = quoted(msg, 1);
		for (size_t i = 0; col && rel && i < cx->live->all.n && !found; i++) {
			const CatObject *o = cx->live->all.items[i];
			if (!o->dropped && o->kind == OBJ_TABLE && names(rel, o) &&
			    table_find_column((const CatTable *)o, col)) {
				found = o;
				was_there = has_key(&cx->present, col_key(o, col));
			}
		}
		if (found && was_there) {
			Catalog *h = history_model(cx);
			CatTable *ht = catalog_find_table(h, found->schema, found->name);
			CatColumn *hc = ht ? table_find_column(ht, col) : NULL;
			if (hc) {
				char *label =
				    origin_label_cx(cx, hc->origin.file ? &hc->origin : &ht->h.origin);
				diag_set_detail(d, "applied migration %s created it", label);
				free(label);
			} else {
				diag_set_detail(d,
				                "no applied migration created column \"%s\" of \"%s\": it "
				                "was made outside "
				                "the migrations (drift)",
				                col, found->identity);
			}
		} else if (found) {
			diag_set_detail(d, "an earlier pending statement adds it too");
		}
		free(col);
		free(rel);
		return found != NULL;
	}
	for (size_t i = 0; i < cx->live->all.n && !found; i++) {
		const CatObject *o = cx->live->all.items[i];
		if (!o->dropped && in_class(o->kind, cl) && error_names(msg, cl, o))
			found = o;
	}
	if (!found)
		return false;
	if (!has_key(&cx->present, obj_key(found))) {
		diag_set_detail(d, "an earlier pending statement creates it too (%s:%d:%d)",
		                found->origin.file ? found->origin.file : "?", found->origin.line,
		                found->origin.col);
		return true;
	}
	Catalog *h = history_model(cx);
	const CatObject *ho = is_rel_kind(found->kind) ? catalog_find_relation(h, found->schema, found->name)
	                                               : catalog_find(h, found->kind, found->identity);
	if (ho) {
		char *label = origin_label_cx(cx, &ho->origin);
		diag_set_detail(d, "applied migration %s created it (%s:%d:%d)", label,
		                ho->origin.file ? ho->origin.file : "?", ho->origin.line, ho->origin.col);
		free(label);
	} else {
		diag_set_detail(
		    d, "no applied migration created %s \"%s\": it was made outside the migrations (drift)",
		    obj_kind_name(found->kind), found->identity);
	}
	return true;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* Turn one replay error R into a refusal in DL (when its rule refuses). Returns true when it did. */
static bool refuse(Ctx *cx, const Diag *r, DiagList *dl)
{
	if (!strcmp(r->rule, "insufficient-privilege")) {
		/* ownership and privileges as the database's roles and owners have them (replay_role.c) */
		Diag *d = diag_add(dl, SEV_ERROR, r->rule, r->file, r->line, r->col, "%s", r->message);
		if (r->source_line)
			diag_set_source_line(d, r->source_line, strlen(r->source_line));
		diag_set_hint(
		    d,
		    "nothing was applied; the migrations run as \"%s\" (a member of the owner's role, "
		    "or the owner, may)",
		    cx->facts->user);
		return true;
	}
	bool missing = false;
	ErrClass cl = rule_class(r->rule, &missing);
	if (cl == CL_NONE)
		return false;
	bool db_words = ends_with(r->message, "does not exist") || ends_with(r->message, "already exists");
	Diag *d = diag_add(dl, SEV_ERROR, r->rule, r->file, r->line, r->col, "%s%s", r->message,
	                   db_words ? " in the database" : "");
	if (r->source_line)
		diag_set_source_line(d, r->source_line, strlen(r->source_line));
	bool told =
	    missing ? explain_missing(cx, d, cl, r->message) : explain_duplicate(cx, d, cl, r->message);
	if (!told && r->detail)
		diag_set_detail(d, "%s", r->detail);
	else if (!told)
		diag_set_detail(d, missing ? "no applied migration created it either"
		                           : "it exists before the pending migrations run");
	if (cx->tenant && !missing)
		diag_set_hint(d,
		              "nothing was applied; drop or rename the object, or adopt the tenant at the "
		              "version it really has: `strata baseline --tenants %s --version V`",
		              cx->tenant);
	else if (cx->tenant)
		diag_set_hint(d,
		              "nothing was applied; restore what is missing (`strata drift --tenants %s` "
		              "lists every difference)",
		              cx->tenant);
	else
		diag_set_hint(d, missing
		                     ? "nothing was applied; restore what is missing or repair the history "
		                       "(`strata drift` lists every difference)"
		                     : "nothing was applied; drop or rename the object, or baseline past the "
		                       "migration that creates it");
	return true;
}

/* Replay the pending migrations of phase PH on top of ST's catalog; errors of the phase go to RDL. PL (may
 * be NULL): the lint rules run on the replay (preflight_lint_hook). */
static void replay_phase(const Ctx *cx, const PreflightPhase *ph, PreflightLint *pl, DiagList *rdl)
{
	ReplayOptions ro = phase_options(cx, ph);
	ro.exact = cx->exact; /* the pending migrations only: the history model needs no server */
	if (pl)
		preflight_lint_hook(pl, &ro);
	ReplayState st;
	replay_state_init(&st, cx->live, &ro);
	DiagList scratch = DIAGLIST_INIT;
	for (size_t k = 0; k < ph->n_pending; k++) {
		const Migration *m = &ph->set->items[ph->pending[k]];
		if (m->skip)
			continue;
		MigPlan p;
		DiagList quiet =
		    DIAGLIST_INIT; /* syntax errors: reported by the caller, which parsed first */
		int pr = mig_plan_init(&p, m, false, &quiet);
		diag_list_release(&quiet);
		if (pr != 0)
			continue;
		const size_t *done = ph->done;
		size_t from = done && done[k] < p.n ? done[k] : done && done[k] ? p.n : 0;
		if (ph->resuming && ph->resuming[k] && from < p.n && p.stmts[from].no_tx) {
			/* may have completed before the interruption: model it, check nothing */
			if (replay_stmts_from(&st, m, (int)ph->pending[k], &p.parse, from, from + 1,
			                      &scratch) != 0) {
				/* either way is fine */
			}
			from++;
		}
		if (replay_stmts_from(&st, m, (int)ph->pending[k], &p.parse, from, p.n, rdl) != 0) {
			/* the errors are in rdl */
		}
		mig_plan_free(&p);
	}
	if (st.unchecked) /* never a refusal; said once, so that nobody takes the silence for a check */
		diag_add(
		    rdl, SEV_WARNING, PREFLIGHT_UNCHECKED, NULL, 0, 0,
		    "%zu statement%s after dynamic SQL the model cannot follow at %s could not be checked; "
		    "`up --exact` runs that SQL on a throwaway PostgreSQL and checks them",
		    st.unchecked, st.unchecked == 1 ? "" : "s", st.first_unchecked);
	replay_state_release(&st);
	diag_list_release(&scratch);
}

/* The pre-flight over the phases PH[0..NPH) on CONN: introspect (IO: which schemas; NULL all), add
 * SEED_SCHEMA when the database lacks it, replay each phase's pending migrations in turn, and refuse on
 * the errors of the phases whose CHECKS flag is set (NULL: every phase). LINT (NULL: no lint): the [lint]
 * settings; the lint rules run on the last phase's pending migrations, weighed by CONN's table sizes, and
 * their errors refuse too (preflight_lint.h). Returns 0, 1 or -1. */
static int preflight_phases(PGconn *conn, const IntrospectOptions *io, const char *seed_schema,
                            const char *tenant, const PreflightPhase *ph, size_t nph, const bool *checks,
                            const ReplayExact *exact, const Config *lint, const PreflightLintTenants *weigh,
                            DiagList *dl)
{
	ConnFacts f;
	if (conn_facts(conn, &f, dl) != 0)
		return -1;
	Ctx cx = {ph, nph, &f, seed_schema, tenant, NULL, HMAP_INIT, NULL, exact};
	if (introspect_catalog(conn, io, &cx.live, dl) != 0) {
		facts_free(&f);
		return -1;
	}
	if (seed_schema && !catalog_find_schema(cx.live, seed_schema)) /* created by the run (tenant add) */
		(void)catalog_add(cx.live, OBJ_SCHEMA, NULL, seed_schema, NULL, NULL);
	snapshot(cx.live, &cx.present);
	const PreflightPhase *lp = nph ? &ph[nph - 1] : NULL;
	PreflightLint pl;
	bool linting =
	    lint && lp &&
	    preflight_lint_begin(&pl, conn, lp->set, lp->pending, lp->n_pending, lint, weigh, dl) == 0;
	int rc = 0;
	for (size_t k = 0; k < nph; k++) {
		DiagList rdl = DIAGLIST_INIT;
		replay_phase(&cx, &ph[k], linting && k == nph - 1 ? &pl : NULL, &rdl);
		for (size_t i = 0; i < rdl.n && (!checks || checks[k]); i++)
			if (rdl.items[i].sev == SEV_ERROR && refuse(&cx, &rdl.items[i], dl))
				rc = 1;
			else if (!strcmp(rdl.items[i].rule, PREFLIGHT_UNCHECKED)) {
				const Diag *u = &rdl.items[i];
				diag_add(dl, u->sev, u->rule, NULL, 0, 0, "%s", u->message);
			}
		diag_list_release(&rdl);
	}
	if (linting && preflight_lint_end(&pl, dl) != 0)
		rc = 1;
	hmap_release(&cx.present);
	catalog_free(cx.hist);
	catalog_free(cx.live);
	facts_free(&f);
	return rc;
}

int preflight_check(PGconn *conn, const MigrationSet *set, const bool *applied, const size_t *pending,
                    const size_t *done, const bool *resuming, size_t n_pending, const Config *lint,
                    DiagList *dl)
{
	return preflight_check_exact(conn, set, applied, pending, done, resuming, n_pending, lint, NULL, dl);
}

int preflight_check_exact(PGconn *conn, const MigrationSet *set, const bool *applied, const size_t *pending,
                          const size_t *done, const bool *resuming, size_t n_pending, const Config *lint,
                          const ReplayExact *exact, DiagList *dl)
{
	PreflightPhase ph = {set, applied, pending, done, resuming, n_pending, NULL};
	return preflight_phases(conn, NULL, NULL, NULL, &ph, 1, NULL, exact, lint, NULL, dl);
}

int preflight_tenant(PGconn *conn, const PreflightTenant *pt, DiagList *dl)
{
	IntrospectOptions io = {.schemas = pt->schemas, .nschemas = pt->nschemas};
	PreflightPhase ph[2] = {pt->shared, pt->tenant};
	bool checks[2] = {false, true}; /* the shared migrations are `up`'s own pre-flight's business */
	return preflight_phases(conn, pt->nschemas ? &io : NULL, pt->create_schema ? pt->schema : NULL,
	                        pt->name, ph, 2, checks, pt->exact, pt->lint, pt->weigh.n ? &pt->weigh : NULL,
	                        dl);
}

/* ---- baseline --verify ---------------------------------------------------------------------------- */

/* The object (or column) of MODEL the compare message MSG is about, as its origin; NULL when unknown. */
static const CatLoc *message_origin(Catalog *model, const char *msg)
{
	StrBuf pre = STRBUF_INIT;
	const CatLoc *found = NULL;
	for (size_t i = 0; i < model->all.n && !found; i++) {
		const CatObject *o = model->all.items[i];
		if (o->dropped)
			continue;
		sb_reset(&pre);
		sb_appendf(&pre, "%s \"%s\"", obj_kind_name(o->kind), o->identity);
		size_t n = pre.len;
		if (!strncmp(msg, sb_str(&pre), n) && (msg[n] == ' ' || msg[n] == ':')) {
			found = &o->origin;
			break;
		}
		if (o->kind != OBJ_TABLE)
			continue;
		const CatTable *t = (const CatTable *)o;
		for (size_t c = 0; c < t->columns.n && !found; c++) {
			const CatColumn *col = t->columns.items[c];
			sb_reset(&pre);
			sb_appendf(&pre, "column \"%s.%s\"", o->identity, col->name);
			n = pre.len;
			if (!strncmp(msg, sb_str(&pre), n) && (msg[n] == ' ' || msg[n] == ':'))
				found = col->origin.file ? &col->origin : &o->origin;
		}
	}
	sb_release(&pre);
	return found && found->file ? found : NULL;
}

/* How many errors of DL are a migration creating a schema the replay was seeded with (at most SEEDED). */
static size_t seeded_dups(const DiagList *dl, size_t seeded)
{
	size_t n = 0;
	for (size_t i = 0; i < dl->n && n < seeded; i++)
		n += dl->items[i].sev == SEV_ERROR && !strncmp(dl->items[i].message, "schema \"", 8) &&
		     ends_with(dl->items[i].message, "already exists");
	return n;
}

int baseline_verify(PGconn *conn, const MigrationSet *set, size_t upto, const Prereq *prereq, DiagList *dl)
{
	ConnFacts f;
	if (conn_facts(conn, &f, dl) != 0)
		return -1;
	Catalog *live = NULL;
	if (introspect_catalog(conn, NULL, &live, dl) != 0) {
		facts_free(&f);
		return -1;
	}
	Catalog *model = catalog_new();
	MigrationSet sub = *set;
	sub.n = upto < set->n ? upto + 1 : set->n;
	ReplayOptions ro = {.search_path = f.search_path, .user = f.user, .quiet_info = true};
	DiagList rdl = DIAGLIST_INIT;
	if (prereq_replay(model, prereq, &rdl) != 0) { /* what exists before the first migration */
		Diag *w = diag_add(dl, SEV_WARNING, "prereq", NULL, 0, 0,
		                   "the prereq's replay reported %zu errors: what it creates may be modelled "
		                   "incompletely",
		                   diag_count(&rdl, SEV_ERROR));
		(void)w;
		diag_list_release(&rdl);
	}
	size_t seeded = seed_path_schemas(model, &f);
	if (replay_migrations(model, &sub, &ro, &rdl) != 0 &&
	    diag_count(&rdl, SEV_ERROR) > seeded_dups(&rdl, seeded)) {
		Diag *w = diag_add(dl, SEV_WARNING, "replay", NULL, 0, 0,
		                   "the offline replay of the migrations up to \"%s\" reported %zu errors "
		                   "(run strata check): "
		                   "what they leave may be modelled incompletely",
		                   set->items[sub.n - 1].version, diag_count(&rdl, SEV_ERROR));
		(void)w;
	}
	diag_list_release(&rdl);
	/* the server prints expressions relative to the connection's path: read both sides relative to it */
	catalog_unqualify(model, (const char *const *)f.schemas, f.nschemas);
	catalog_unqualify(live, (const char *const *)f.schemas, f.nschemas);
	DiagList raw = DIAGLIST_INIT;
	CompareOptions co = {.label_a = "the migrations",
	                     .label_b = "the database",
	                     .ignore_comments = true,
	                     .ignore_column_order = true};
	(void)catalog_compare(model, live, &co, &raw);
	int rc = 0;
	static const char only_a[] = " is only in the migrations";
	for (size_t i = 0; i < raw.n; i++) {
		const Diag *r = &raw.items[i];
		if (!strcmp(r->rule, "only-in-b")) /* extra objects in the database are fine for a baseline */
			continue;
		const CatLoc *l = message_origin(model, r->message);
		bool gone = !strcmp(r->rule, "only-in-a") && ends_with(r->message, only_a);
		Diag *d = diag_add(dl, SEV_ERROR, gone ? "baseline-missing" : "baseline-changed",
		                   l ? l->file : NULL, l ? l->line : 0, l ? l->col : 0, "%.*s%s",
		                   (int)(strlen(r->message) - (gone ? strlen(only_a) : 0)), r->message,
		                   gone ? " is not in the database" : "");
		char *label = l ? origin_label(set, l) : NULL;
		if (label && r->detail)
			diag_set_detail(d,
			                "migration %s creates it, so the database is not at this version; %s",
			                label, r->detail);
		else if (label)
			diag_set_detail(d, "migration %s creates it, so the database is not at this version",
			                label);
		else if (r->detail)
			diag_set_detail(d, "%s", r->detail);
		free(label);
		rc = 1;
	}
	if (rc == 1)
		diag_set_hint(&dl->items[dl->n - 1],
		              "nothing was recorded; baseline at the version the database really "
		              "has, or pass --no-verify");
	diag_list_release(&raw);
	catalog_free(model);
	catalog_free(live);
	facts_free(&f);
	return rc;
}

void preflight_let_through(DiagList *dl, size_t from, FILE *out)
{
	size_t n = 0;
	for (size_t i = from; i < dl->n; i++)
		n += dl->items[i].sev == SEV_ERROR;
	if (!n)
		return;
	fprintf(
	    out,
	    "strata: WARNING: the pre-flight refuses %zu statement%s; --preflight=warn lets %s through:\n", n,
	    n == 1 ? "" : "s", n == 1 ? "it" : "them");
	for (size_t i = from; i < dl->n; i++) {
		Diag *d = &dl->items[i];
		if (d->sev != SEV_ERROR)
			continue;
		d->sev = SEV_WARNING;
		if (d->file)
			fprintf(out, "strata:   LET THROUGH %s:%d:%d: %s [%s]\n", d->file, d->line, d->col,
			        d->message, d->rule);
		else
			fprintf(out, "strata:   LET THROUGH %s [%s]\n", d->message, d->rule);
		/* the refusal's own hint ("nothing was applied; ...") is no longer true */
		diag_set_hint(d, "let through by --preflight=warn: without it the pre-flight refuses the run "
		                 "and applies nothing");
	}
	fprintf(out,
	        "strata: they run anyway: where the pre-flight was right, PostgreSQL fails the migration and "
	        "it is rolled back\n");
	fflush(out);
}
