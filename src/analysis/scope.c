/* scope.c — tenant/shared scope rules over one catalog (see scope.h). */
#include "strata.h"
#include "analysis/replay.h"
#include "analysis/scope.h"
#include "project/tenancy.h"

static bool is_undefined(const Diag *d)
{
	return d->sev == SEV_ERROR && d->rule && !strncmp(d->rule, "undefined-", 10);
}

/* The last component of the first double-quoted name of MSG (malloc'd), or NULL. */
static char *quoted_name(const char *msg)
{
	const char *a = strchr(msg, '"');
	if (!a)
		return NULL;
	const char *b = strchr(a + 1, '"');
	if (!b)
		return NULL;
	char *full = xstrndup(a + 1, (size_t)(b - a - 1));
	char *dot = strrchr(full, '.');
	char *name = xstrdup(dot ? dot + 1 : full);
	free(full);
	return name;
}

/* An object named NAME in SCHEMA (relation, type or function), or NULL. */
static CatObject *find_any(Catalog *cat, const char *schema, const char *name)
{
	CatObject *o = catalog_find_relation(cat, schema, name);
	if (!o)
		o = (CatObject *)catalog_find_type(cat, schema, name);
	if (!o) {
		PtrList *fl = catalog_find_functions(cat, schema, name);
		if (fl && fl->n)
			o = fl->items[0];
	}
	return o;
}

static void set_message(Diag *d, char *m)
{
	free(d->message);
	d->message = m;
}

static const char *describe(const CatObject *o)
{
	return obj_kind_name(o->kind);
}

static bool in_schema(const CatObject *o, const char *schema)
{
	return o->schema && !strcmp(o->schema, schema);
}

static bool from_files(const CatObject *o, const MigrationSet *set)
{
	if (!o->origin.file)
		return false;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(o->origin.file, set->items[i].up_path))
			return true;
	return false;
}

void scope_check(Catalog *cat, const MigrationSet *shared, const MigrationSet *tenant, const ScopeOptions *o,
                 DiagList *dl)
{
	const char *sh = o->shared && *o->shared ? o->shared : "public";
	StrBuf sp = STRBUF_INIT;
	char *err = NULL;
	if (tenant_search_path(&sp, o->search_path, sh, SCOPE_TEMPLATE_SCHEMA, &err) != 0) {
		diag_add(dl, SEV_ERROR, "config", NULL, 0, 0, "%s", err);
		free(err);
		sb_release(&sp);
		return;
	}
	bool shared_on_path = false;
	{
		StrBuf q = STRBUF_INIT;
		sb_putc(&q, '"');
		sb_append(&q, sh);
		sb_putc(&q, '"');
		shared_on_path = strstr(sb_str(&sp), sb_str(&q)) != NULL;
		sb_release(&q);
	}
	size_t n_shared_diags = dl->n;
	/* the template tenant schema, then the tenant migrations under the tenant search_path */
	DiagList tdl = DIAGLIST_INIT;
	ReplayState st;
	replay_state_init(&st, cat, NULL);
	if (replay_sql(cat, "CREATE SCHEMA \"" SCOPE_TEMPLATE_SCHEMA "\"", "(template tenant schema)", &st,
	               &tdl) != 0) {
	}
	replay_state_release(&st);
	ReplayOptions ro = {0};
	ro.search_path = sb_str(&sp);
	ro.quiet_info = true;
	ro.stmt_hook = o->stmt_hook;
	ro.hook_ud = o->hook_ud;
	if (replay_migrations(cat, tenant, &ro, &tdl) != 0) {
		/* errors are in TDL, looked at below */
	}
	/* names that resolve nowhere in tenant scope */
	for (size_t i = 0; i < tdl.n; i++) {
		Diag *d = &tdl.items[i];
		if (!is_undefined(d))
			continue;
		set_message(d, xasprintf("in tenant scope: %s", d->message));
		char *name = quoted_name(d->message + 17);
		CatObject *so = name ? find_any(cat, sh, name) : NULL;
		if (so && !shared_on_path)
			diag_set_hint(d,
			              "%s \"%s\" exists in the shared schema \"%s\", but the tenant "
			              "search_path (%s) does not "
			              "include it: add \"%s\" to [tenants] search_path or qualify the name",
			              describe(so), so->identity, sh, sb_str(&sp), sh);
		free(name);
	}
	/* shared migrations naming objects only tenant migrations create */
	for (size_t i = 0; i < n_shared_diags; i++) {
		Diag *d = &dl->items[i];
		if (!is_undefined(d))
			continue;
		char *name = quoted_name(d->message);
		CatObject *to = name ? find_any(cat, SCOPE_TEMPLATE_SCHEMA, name) : NULL;
		if (to) {
			free(d->rule);
			d->rule = xstrdup("shared-references-tenant");
			set_message(
			    d, xasprintf(
			           "shared migration references \"%s\", which only tenant migrations create",
			           name));
			diag_set_hint(
			    d,
			    "a shared migration runs once, in the shared schema \"%s\"; %s \"%s\" exists in "
			    "every tenant's schema (created at %s:%d): move this statement to a tenant "
			    "migration",
			    sh, describe(to), name, to->origin.file ? to->origin.file : "?", to->origin.line);
		}
		free(name);
	}
	/* dependencies crossing scopes, and objects created outside the tenant schema */
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *ob = cat->all.items[i];
		if (ob->dropped)
			continue;
		bool tenant_obj = in_schema(ob, SCOPE_TEMPLATE_SCHEMA);
		if (!tenant_obj && ob->kind != OBJ_SCHEMA && ob->kind != OBJ_EXTENSION && !ob->owner &&
		    from_files(ob, tenant)) {
			Diag *d = diag_add(dl, SEV_WARNING, "tenant-hardcoded-schema", ob->origin.file,
			                   ob->origin.line, ob->origin.col,
			                   "tenant migration creates %s \"%s\" in the fixed schema \"%s\"",
			                   describe(ob), ob->identity, ob->schema ? ob->schema : "?");
			diag_set_detail(
			    d, "every tenant's run targets the same \"%s\" instead of its own schema",
			    ob->schema);
			diag_set_hint(d, "leave the name unqualified so it lands in the tenant's schema "
			                 "(first on the search_path)");
		}
		for (size_t k = 0; k < ob->ndeps; k++) {
			CatObject *on = ob->deps[k].on;
			bool seen = false; /* once per object (a view also depends on the columns it reads) */
			for (size_t q = 0; q < k && !seen; q++)
				seen = ob->deps[q].on == on;
			if (seen || !on || on->dropped || ob->deps[k].type != DEP_NORMAL ||
			    on->kind == OBJ_INDEX ||
			    on->kind == OBJ_CONSTRAINT) /* the key behind an FK: the table is reported */
				continue;
			if (tenant_obj && in_schema(on, sh)) {
				Diag *d = diag_add(dl, SEV_WARNING, "tenant-references-shared",
				                   ob->origin.file, ob->origin.line, ob->origin.col,
				                   "tenant %s \"%s\" references shared %s \"%s\"",
				                   describe(ob), ob->name, describe(on), on->identity);
				diag_set_detail(
				    d,
				    "%s %s (in every tenant) → %s %s (created once at %s:%d); the name "
				    "resolves to the shared schema through the search_path",
				    describe(ob), ob->identity, describe(on), on->identity,
				    on->origin.file ? on->origin.file : "?", on->origin.line);
			} else if (tenant_obj && on->schema && !in_schema(on, SCOPE_TEMPLATE_SCHEMA) &&
			           strcmp(on->schema, "pg_catalog")) {
				Diag *d =
				    diag_add(dl, SEV_WARNING, "tenant-hardcoded-schema", ob->origin.file,
				             ob->origin.line, ob->origin.col,
				             "tenant %s \"%s\" references \"%s\" in the fixed schema \"%s\"",
				             describe(ob), ob->name, on->identity, on->schema);
				diag_set_hint(d, "tenant migrations should name tenant objects unqualified "
				                 "and shared ones "
				                 "through the search_path");
			} else if (!tenant_obj && in_schema(on, SCOPE_TEMPLATE_SCHEMA) &&
			           from_files(ob, shared)) {
				Diag *d = diag_add(dl, SEV_ERROR, "shared-references-tenant", ob->origin.file,
				                   ob->origin.line, ob->origin.col,
				                   "shared %s \"%s\" references tenant %s \"%s\"",
				                   describe(ob), ob->identity, describe(on), on->name);
				diag_set_hint(d, "shared objects exist once; a tenant object exists in every "
				                 "tenant schema");
			}
		}
	}
	diag_list_append_all(dl, &tdl);
	diag_list_release(&tdl);
	sb_release(&sp);
}
