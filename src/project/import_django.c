/* import_django.c — `strata import django` (see import_django.h). */
#include "strata.h"
#include "project/import_common.h"
#include "project/import_django.h"
#include "project/import_marker.h"
#include "project/pyhelpers.h"
#include "util/fs.h"

#include <jansson.h>

void import_django_dirs(const char *out, bool tenants, char **shared, char **tenant)
{
	*shared = tenants ? fs_join(out, "shared") : xstrdup(out);
	*tenant = tenants ? fs_join(out, "tenant") : NULL;
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* 'S' (a Django app label or migration name: identifiers, but quoted properly all the same). */
static void literal(StrBuf *sb, const char *s)
{
	sb_putc(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			sb_putc(sb, '\'');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '\'');
}

/* The statements (non-comment, non-blank lines) of a rendered SQL array. */
static size_t statements(json_t *sql)
{
	size_t n = 0, i;
	json_t *v;
	json_array_foreach(sql, i, v)
	{
		const char *s = json_string_value(v);
		while (s && (*s == ' ' || *s == '\n' || *s == '\t'))
			s++;
		if (s && *s && strncmp(s, "--", 2))
			n++;
	}
	return n;
}

/* Django's CREATE TABLE for django_migrations, made idempotent (it may exist: Django made it, or an
 * earlier file did). */
static void recorder_sql(StrBuf *sb, json_t *ddl)
{
	size_t i;
	json_t *v;
	json_array_foreach(ddl, i, v)
	{
		const char *s = json_string_value(v);
		if (!strncmp(s, "CREATE TABLE ", 13) && strncmp(s, "CREATE TABLE IF NOT EXISTS ", 27))
			sb_appendf(sb, "CREATE TABLE IF NOT EXISTS %s\n", s + 13);
		else if (!strncmp(s, "CREATE INDEX ", 13) && strncmp(s, "CREATE INDEX IF NOT EXISTS ", 27))
			sb_appendf(sb, "CREATE INDEX IF NOT EXISTS %s\n", s + 13);
		else
			sb_appendf(sb, "%s\n", s);
	}
}

/* The row Django records for APP.NAME, inserted only when it is not there yet. */
static void record_sql(StrBuf *sb, const char *app, const char *name)
{
	sb_append(sb, "INSERT INTO \"django_migrations\" (\"app\", \"name\", \"applied\") SELECT ");
	literal(sb, app);
	sb_append(sb, ", ");
	literal(sb, name);
	sb_append(sb, ", now() WHERE NOT EXISTS (SELECT 1 FROM \"django_migrations\" WHERE \"app\" = ");
	literal(sb, app);
	sb_append(sb, " AND \"name\" = ");
	literal(sb, name);
	sb_append(sb, ");\n");
}

typedef struct Ctx {
	const DjangoImportOptions *o;
	json_t *root;
	bool tenants;
	const char *template_schema;
	bool adopt; /* the folder ends with a squash baseline: what Django has now is covered by it */
	const char *baseline; /* that baseline's file */
} Ctx;

/* One file of migration M for SIDE ("shared" or "tenant"); SQL is the side's rendered SQL or NULL when
 * M's app is not routed there. */
static void django_file(Ctx *x, StrBuf *sb, json_t *m, const char *side, json_t *sql, const char *sha)
{
	if (!json_is_array(sql))
		sql = NULL;
	const char *app = jstr(m, "app"), *name = jstr(m, "name"), *scope = jstr(m, "scope");
	bool atomic = json_is_true(json_object_get(m, "atomic"));
	sb_appendf(sb, "-- migrate:up%s\n", atomic ? "" : " transaction:false");
	const char *keys[] = {"app", "name", "scope", "sha256", "covered"};
	const char *vals[] = {app, name, scope, sha, x->adopt ? "squash" : NULL};
	import_marker_write(sb, "django", keys, vals, 5);
	if (x->adopt) { /* the schema it builds is the squash baseline's: only Django's record */
		sb_appendf(sb, "-- %s.%s (%s): covered by the squash baseline %s\n", app, name,
		           jstr(m, "path") ? jstr(m, "path") : "?", x->baseline);
		sql = NULL;
	} else {
		const char *where = !x->tenants               ? ""
		                    : !strcmp(side, "tenant") ? ", in every tenant schema"
		                                              : ", in the shared schema";
		sb_appendf(sb, "-- %s.%s (%s): SQL from Django's sqlmigrate%s\n", app, name,
		           jstr(m, "path") ? jstr(m, "path") : "?", where);
	}
	json_t *without = json_object_get(m, "without_sql");
	if (sql && json_array_size(without)) {
		char *ops = NULL;
		StrBuf l = STRBUF_INIT;
		size_t i;
		json_t *v;
		json_array_foreach(without, i, v) sb_appendf(&l, "%s%s", i ? ", " : "", json_string_value(v));
		ops = sb_detach(&l);
		sb_appendf(sb,
		           IMPORT_WARNING "python-operation %s.%s has operations strata does not run: %s "
		                          "(run them with manage.py, or write them as SQL here)\n",
		           app, name, ops);
		free(ops);
	}
	if (sql) {
		size_t i;
		json_t *v;
		json_array_foreach(sql, i, v) sb_appendf(sb, "%s\n", json_string_value(v));
	} else if (!x->adopt) {
		sb_appendf(sb,
		           "-- %s is %s app: nothing runs here; Django records the migration all the same\n",
		           app,
		           !strcmp(scope, "tenant")   ? "a tenant"
		           : !strcmp(scope, "shared") ? "a shared"
		                                      : "an unrouted");
	}
	sb_append(
	    sb,
	    "-- Django's own record of it, so that manage.py showmigrations and migrate agree with strata\n");
	recorder_sql(sb, json_object_get(x->root, "recorder_ddl"));
	json_t *replaces = json_object_get(m, "replaces");
	size_t i;
	json_t *v;
	json_array_foreach(replaces, i, v)
	{
		const char *key = json_string_value(v);
		const char *dot = strchr(key, '.');
		if (!dot)
			continue;
		char *rapp = xstrndup(key, (size_t)(dot - key));
		record_sql(sb, rapp, dot + 1);
		free(rapp);
	}
	record_sql(sb, app, name);
}

/* Digest of what Django renders for M: scope, the SQL of each side, the operations without SQL. */
static void migration_digest(json_t *m, char out[65])
{
	StrBuf sb = STRBUF_INIT;
	sb_appendf(&sb, "scope %s\n", jstr(m, "scope"));
	const char *parts[] = {"shared_sql", "tenant_sql", "without_sql"};
	for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
		sb_appendf(&sb, "-- %s\n", parts[k]);
		size_t i;
		json_t *v;
		json_array_foreach(json_object_get(m, parts[k]), i, v)
		    sb_appendf(&sb, "%s\n", json_string_value(v));
	}
	import_digest(sb_str(&sb), out);
	sb_release(&sb);
}

static void squash_hint(Ctx *x, Diag *d, const ImportedList *have)
{
	const char *v = have->n ? have->items[have->n - 1].version : "VERSION";
	if (x->tenants)
		diag_set_hint(
		    d,
		    "fold the imported shared migrations into one baseline (strata squash --to %s --dir "
		    "%s/shared), then import again: what Django has then is recorded as covered by it "
		    "(and, in the tenant folder, by the files there)",
		    v, x->o->out_dir);
	else
		diag_set_hint(
		    d,
		    "fold the imported migrations into one baseline (strata squash --to %s), then import "
		    "again: what Django has then is recorded as covered by the baseline",
		    v);
}

/* Refusals for migration M: Django failed on it, operations without SQL, empty or qualified output, or
 * changed since imported. Returns true when it may be written (or is unchanged). */
static bool migration_ok(Ctx *x, json_t *m, const ImportedList *have, const char *sha, DiagList *dl)
{
	const char *app = jstr(m, "app"), *name = jstr(m, "name"), *path = jstr(m, "path");
	if (jstr(m, "error")) {
		Diag *d = diag_add(dl, SEV_ERROR, "import-migration", path, 0, 0,
		                   "Django could not render migration %s.%s as SQL: %s", app, name,
		                   jstr(m, "error"));
		if (jstr(m, "traceback"))
			diag_set_detail(d, "%s", jstr(m, "traceback"));
		return false;
	}
	char *key = xasprintf("%s.%s", app, name);
	const Imported *im = imported_find(have, key);
	free(key);
	if (im) {
		if (*im->sha && strcmp(im->sha, sha)) {
			Diag *d =
			    diag_add(dl, SEV_ERROR, "import-changed", path, 0, 0,
			             "migration %s.%s changed in Django since it was imported into \"%s\"",
			             app, name, im->path);
			diag_set_detail(
			    d, "databases may have run the imported version: strata never rewrites it");
			squash_hint(x, d, have);
			return false;
		}
		return true;
	}
	if (x->adopt)
		return true; /* covered by the squash baseline: only recorded */
	bool ok = true;
	json_t *without = json_object_get(m, "without_sql");
	if (json_array_size(without) && !x->o->allow_python) {
		StrBuf l = STRBUF_INIT;
		size_t i;
		json_t *v;
		json_array_foreach(without, i, v) sb_appendf(&l, "%s%s", i ? ", " : "", json_string_value(v));
		Diag *d = diag_add(dl, SEV_ERROR, "import-python", path, 0, 0,
		                   "migration %s.%s has operations without SQL: %s", app, name, sb_str(&l));
		diag_set_hint(
		    d, "write them as SQL (migrations.RunSQL) in Django, or import with --allow-python: "
		       "the file is then marked and `strata check` warns about it on every run");
		sb_release(&l);
		ok = false;
	}
	const char *sides[] = {"shared_sql", "tenant_sql"};
	for (size_t k = 0; k < 2; k++) {
		json_t *sql = json_object_get(m, sides[k]);
		if (!json_is_array(sql))
			continue;
		const char *where = !x->tenants ? "" : k ? " in a tenant schema" : " in the shared schema";
		if (!statements(sql) && !json_array_size(without) && !x->o->allow_empty) {
			Diag *d =
			    diag_add(dl, SEV_ERROR, "import-empty", path, 0, 0,
			             "sqlmigrate printed no SQL for migration %s.%s%s", app, name, where);
			diag_set_hint(
			    d, k ? "the router did not allow the app in a tenant schema: is the app in "
			           "TENANT_APPS, and does the backend switch schemas (set_schema)?"
			         : "a migration that only changes Django's state (options, choices) has no "
			           "SQL: import with --allow-empty to record it anyway");
			ok = false;
		}
		size_t i;
		json_t *v;
		json_array_foreach(sql, i, v) if (k && strstr(json_string_value(v), x->template_schema))
		{
			diag_add(
			    dl, SEV_ERROR, "import-qualified", path, 0, 0,
			    "migration %s.%s names the template tenant schema \"%s\": tenant SQL must be "
			    "relative to the search_path",
			    app, name, x->template_schema);
			ok = false;
			break;
		}
	}
	return ok;
}

/* strata.conf for the imported project. */
static void conf_text(Ctx *x, StrBuf *sb, const char *shared, const char *tenant)
{
	const DjangoImportOptions *o = x->o;
	sb_appendf(sb, "# written by strata import django: the migrations of %s as strata migrations\n",
	           o->project);
	if (x->tenants) {
		const char *pub = jstr(x->root, "public_schema");
		sb_appendf(
		    sb,
		    "[migrations]\nshared = %s\ntenant = %s\n\n[tenants]\nmode = schema\nshared_schema = %s\n"
		    "search_path = $tenant, %s\n",
		    shared, tenant, pub, pub);
		if (jstr(x->root, "tenant_table"))
			sb_appendf(sb,
			           "source = query:SELECT schema_name FROM %s.%s WHERE schema_name <> '%s'\n",
			           pub, jstr(x->root, "tenant_table"), pub);
	} else {
		sb_appendf(sb, "[migrations]\ndir = %s\n", shared);
	}
	sb_appendf(sb, "\n[import]\ntool = django\nproject = %s\npython = %s\n", o->project, o->python);
	if (o->settings)
		sb_appendf(sb, "settings = %s\n", o->settings);
}

int import_django(const DjangoImportOptions *o, ImportReport *r, DiagList *dl)
{
	memset(r, 0, sizeof(*r));
	char *manage = fs_join(o->project, "manage.py");
	bool found = fs_is_file(manage);
	free(manage);
	if (!found) {
		Diag *d = diag_add(dl, SEV_ERROR, "import-config", o->project, 0, 0, "no manage.py in \"%s\"",
		                   o->project);
		diag_set_hint(d, "give the Django project's folder with --project DIR");
		return -1;
	}
	/* what an earlier import wrote: the shared (or only) folder has every migration */
	char *probe = fs_join(o->out_dir, "shared");
	bool had_tenants = fs_is_dir(probe);
	free(probe);
	char *shared = NULL, *tenant = NULL;
	import_django_dirs(o->out_dir, had_tenants, &shared, &tenant);
	ImportedList have;
	int rc = imported_scan(shared, "django", FMT_DBMATE, &have, dl);
	free(shared), free(tenant);
	if (rc != 0)
		return -1;
	char *known = imported_keys(&have);
	char *settings_env = o->settings ? xasprintf("DJANGO_SETTINGS_MODULE=%s", o->settings) : NULL;
	size_t nenv = 0;
	while (o->env && o->env[nenv])
		nenv++;
	const char **env = xcalloc(nenv + 2, sizeof(char *));
	for (size_t i = 0; i < nenv; i++)
		env[i] = o->env[i];
	env[nenv] = settings_env;
	const char *args[] = {known};
	json_t *root = import_run_helper(o->python, py_import_django, o->project, args, 1, env, "django", dl);
	free(env);
	free(settings_env);
	free(known);
	if (root && jstr(root, "error")) {
		diag_add(dl, SEV_ERROR, "import-helper", o->project, 0, 0, "%s", jstr(root, "error"));
		json_decref(root);
		root = NULL;
	}
	if (!root) {
		imported_free(&have);
		return -1;
	}
	Ctx x = {o,     root, json_is_true(json_object_get(root, "tenants")), jstr(root, "template_schema"),
	         false, NULL};
	if (have.n && have.items[have.n - 1].squash) {
		x.adopt = true;
		x.baseline = have.items[have.n - 1].path;
	}
	import_django_dirs(o->out_dir, x.tenants, &shared, &tenant);
	rc = 0;
	if (have.n && x.tenants != had_tenants) {
		diag_add(dl, SEV_ERROR, "import-changed", o->out_dir, 0, 0,
		         "the project %s SHARED_APPS/TENANT_APPS now, but the imported migrations in \"%s\" "
		         "were %s",
		         x.tenants ? "has" : "no longer has", o->out_dir,
		         had_tenants ? "split into shared and tenant" : "not split");
		rc = -1;
	}
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(root, "missing"), i, m)
	{
		const Imported *im = imported_find(&have, json_string_value(m));
		Diag *d =
		    diag_add(dl, SEV_ERROR, "import-changed", im ? im->path : NULL, 0, 0,
		             "migration %s was imported but Django no longer has it", json_string_value(m));
		squash_hint(&x, d, &have);
		rc = -1;
	}
	json_t *migs = json_object_get(root, "migrations");
	size_t n = json_array_size(migs);
	char(*shas)[65] = xcalloc(n + 1, sizeof(*shas));
	json_array_foreach(migs, i, m)
	{
		migration_digest(m, shas[i]);
		if (!migration_ok(&x, m, &have, shas[i], dl))
			rc = -1;
	}
	r->total = n;
	size_t added = 0;
	json_array_foreach(migs, i, m)
	{
		if (rc != 0)
			break;
		char *key = xasprintf("%s.%s", jstr(m, "app"), jstr(m, "name"));
		bool old = imported_find(&have, key) != NULL;
		free(key);
		if (old) {
			r->existing++;
			continue;
		}
		char *version = imported_next_version(&have, added++);
		char *slug = import_slug(jstr(m, "app"));
		char *fname = xasprintf("%s_%s_%s.sql", version, slug, jstr(m, "name"));
		const char *scope = jstr(m, "scope");
		StrBuf a = STRBUF_INIT, b = STRBUF_INIT;
		django_file(&x, &a, m, "shared", json_object_get(m, "shared_sql"), shas[i]);
		if (import_put_file(shared, fname, sb_str(&a), &r->written, dl) != 0)
			rc = -1;
		if (rc == 0 && x.tenants) {
			django_file(&x, &b, m, "tenant", json_object_get(m, "tenant_sql"), shas[i]);
			if (import_put_file(tenant, fname, sb_str(&b), &r->written, dl) != 0)
				rc = -1;
		}
		if (json_array_size(json_object_get(m, "without_sql")) && strcmp(scope, "none"))
			sb_appendf(
			    &r->notes,
			    "%s: %s.%s has operations strata does not run (marked; strata check warns)\n",
			    fname, jstr(m, "app"), jstr(m, "name"));
		sb_release(&a);
		sb_release(&b);
		free(version), free(slug), free(fname);
	}
	r->added = added;
	if (rc == 0 && x.adopt && added)
		sb_appendf(&r->notes, "%zu migrations recorded as covered by the squash baseline %s\n", added,
		           x.baseline);
	if (rc == 0 && o->config_path) {
		StrBuf conf = STRBUF_INIT;
		conf_text(&x, &conf, shared, tenant);
		bool wrote = false;
		if (import_write_conf(o->config_path, sb_str(&conf), &wrote, dl) != 0)
			rc = -1;
		else if (wrote)
			sb_appendf(&r->notes, "wrote %s\n", o->config_path);
		sb_release(&conf);
	}
	free(shas);
	free(shared);
	free(tenant);
	json_decref(root);
	imported_free(&have);
	return rc;
}
