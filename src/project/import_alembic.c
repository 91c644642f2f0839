/* import_alembic.c — `strata import alembic` and the Alembic side of `strata diff` (see import_alembic.h). */
#include "strata.h"
#include "project/import_alembic.h"
#include "project/import_common.h"
#include "project/import_marker.h"
#include "project/pyhelpers.h"
#include "util/fs.h"

#include <ctype.h>
#include <ini.h>
#include <jansson.h>
#include <limits.h>
#include <time.h>
#include <unistd.h>

static const char *jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : NULL;
}

/* "a,b" of a JSON array of strings, or "base" when empty (heap). */
static char *join_array(json_t *a, const char *empty)
{
	StrBuf sb = STRBUF_INIT;
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) sb_appendf(&sb, "%s%s", i ? "," : "", json_string_value(v));
	if (!sb.len)
		sb_append(&sb, empty);
	return sb_detach(&sb);
}

static void header(StrBuf *sb, const char *rev, const char *down, const char *sha, const char *message,
                   const char *path, bool up)
{
	const char *keys[] = {"revision", "down", "sha256"};
	const char *vals[] = {rev, down, sha};
	if (up)
		import_marker_write(sb, "alembic", keys, vals, 3);
	else
		sb_appendf(sb, "-- strata import alembic: revision %s, down to %s\n", rev, down);
	sb_appendf(sb, "-- %s%s%s%s: the %s of Alembic's offline mode (--sql), alembic_version in step\n",
	           message && *message ? message : rev, path ? " (" : "", path ? path : "", path ? ")" : "",
	           up ? "upgrade" : "downgrade");
}

/* The folder of INI (resolved) and its base name. */
static int split_ini(const char *ini, char **dir, char **base, DiagList *dl)
{
	char buf[PATH_MAX];
	if (!fs_is_file(ini) || !realpath(ini, buf)) {
		Diag *d = diag_add(dl, SEV_ERROR, "import-config", ini, 0, 0,
		                   "Alembic config \"%s\" not found", ini);
		diag_set_hint(d, "give it with --config alembic.ini");
		return -1;
	}
	char *slash = strrchr(buf, '/');
	*base = xstrdup(slash + 1);
	*dir = xstrndup(buf, slash == buf ? 1 : (size_t)(slash - buf));
	return 0;
}

/* Refusals for REV (an entry of the helper's result) against what was imported before. */
static bool revision_ok(json_t *rev, const ImportedList *have, const char *sha, DiagList *dl)
{
	const char *id = jstr(rev, "revision"), *err = jstr(rev, "error"), *path = jstr(rev, "path");
	if (err) {
		Diag *d = diag_add(dl, SEV_ERROR, "import-revision", path, 0, 0,
		                   "Alembic revision \"%s\" cannot be rendered as SQL offline", id);
		diag_set_detail(d, "%s", err);
		diag_set_hint(d,
		              "offline mode runs no Python against the database: a revision that reads data "
		              "(op.get_bind()) must be rewritten as SQL");
		return false;
	}
	const Imported *im = imported_find(have, id);
	if (im && *im->sha && strcmp(im->sha, sha)) {
		Diag *d = diag_add(dl, SEV_ERROR, "import-changed", path, 0, 0,
		                   "Alembic revision \"%s\" changed since it was imported into \"%s\"", id,
		                   im->path);
		diag_set_hint(d, "databases may have run the imported revision and strata never rewrites it: "
		                 "restore it in Alembic and write a new revision for the change");
		return false;
	}
	return true;
}

int import_alembic(const AlembicImportOptions *o, ImportReport *r, DiagList *dl)
{
	memset(r, 0, sizeof(*r));
	char *cwd = NULL, *base = NULL;
	if (split_ini(o->ini, &cwd, &base, dl) != 0)
		return -1;
	ImportedList have;
	if (imported_scan(o->out_dir, "alembic", FMT_GOLANG_MIGRATE, &have, dl) != 0) {
		free(cwd), free(base);
		return -1;
	}
	if (imported_live_start(&have)) {
		/* a squash baseline has no alembic_version: the revisions after it would update nothing */
		Diag *d = diag_add(
		    dl, SEV_ERROR, "import-squashed", have.items[imported_live_start(&have) - 1].path, 0, 0,
		    "\"%s\" holds a strata squash baseline: an Alembic import cannot continue it",
		    o->out_dir);
		diag_set_hint(
		    d, "import into a new folder (--out DIR) and adopt the database with `strata baseline "
		       "--from alembic`");
		imported_free(&have);
		free(cwd), free(base);
		return -1;
	}
	char *known = imported_keys(&have);
	const char *args[] = {base, known};
	json_t *root = import_run_helper(o->python, py_import_alembic, cwd, args, 2, NULL, "alembic", dl);
	int rc = root ? 0 : -1;
	json_t *revs = json_object_get(root, "revisions"), *missing = json_object_get(root, "missing");
	size_t i;
	json_t *v;
	json_array_foreach(missing, i, v)
	{
		const Imported *im = imported_find(&have, json_string_value(v));
		Diag *d = diag_add(dl, SEV_ERROR, "import-changed", im ? im->path : NULL, 0, 0,
		                   "Alembic revision \"%s\" was imported but Alembic no longer has it",
		                   json_string_value(v));
		diag_set_hint(d,
		              "databases may have run it: restore the revision in Alembic (undo what it did "
		              "with a new revision instead)");
		rc = -1;
	}
	/* digests and refusals first: nothing is written unless everything can be */
	size_t n = json_array_size(revs);
	char(*shas)[65] = xcalloc(n + 1, sizeof(*shas));
	json_array_foreach(revs, i, v)
	{
		char *both = xasprintf("%s\n-- down --\n%s", jstr(v, "up") ? jstr(v, "up") : "",
		                       jstr(v, "down_sql") ? jstr(v, "down_sql") : "");
		import_digest(both, shas[i]);
		free(both);
		if (!revision_ok(v, &have, shas[i], dl))
			rc = -1;
	}
	r->total = n;
	size_t added = 0;
	json_array_foreach(revs, i, v)
	{
		if (rc != 0)
			break;
		const char *id = jstr(v, "revision");
		if (imported_find(&have, id)) {
			r->existing++;
			continue;
		}
		char *version = imported_next_version(&have, added);
		char *slug = import_slug(jstr(v, "message") ? jstr(v, "message") : "");
		char *down = join_array(json_object_get(v, "down"), "base");
		StrBuf up = STRBUF_INIT, dn = STRBUF_INIT;
		header(&up, id, down, shas[i], jstr(v, "message"), jstr(v, "path"), true);
		sb_append(&up, jstr(v, "up"));
		header(&dn, id, down, shas[i], jstr(v, "message"), jstr(v, "path"), false);
		sb_append(&dn, jstr(v, "down_sql"));
		char *f1 = xasprintf("%s_%s_%s.up.sql", version, id, slug);
		char *f2 = xasprintf("%s_%s_%s.down.sql", version, id, slug);
		if (import_put_file(o->out_dir, f1, sb_str(&up), &r->written, dl) != 0 ||
		    import_put_file(o->out_dir, f2, sb_str(&dn), &r->written, dl) != 0)
			rc = -1;
		free(f1), free(f2), free(version), free(slug), free(down);
		sb_release(&up);
		sb_release(&dn);
		added++;
	}
	r->added = added;
	if (rc == 0 && o->config_path) {
		StrBuf conf = STRBUF_INIT;
		sb_appendf(&conf,
		           "# written by strata import alembic: the revisions of %s as strata migrations\n"
		           "[migrations]\ndir = %s\n\n[import]\ntool = alembic\nconfig = %s\npython = %s\n",
		           o->ini, o->out_dir, o->ini, o->python);
		bool wrote = false;
		if (import_write_conf(o->config_path, sb_str(&conf), &wrote, dl) != 0)
			rc = -1;
		else if (wrote)
			sb_appendf(&r->notes, "wrote %s\n", o->config_path);
		sb_release(&conf);
	}
	free(shas);
	json_decref(root);
	free(known);
	imported_free(&have);
	free(cwd);
	free(base);
	return rc;
}

/* ---- strata diff in an imported Alembic project ------------------------------------------------- */

typedef struct IniFind {
	char *script_location;
} IniFind;

static int script_location_entry(void *user, const char *section, const char *name, const char *value)
{
	IniFind *f = user;
	if (!strcmp(section, "alembic") && !strcmp(name, "script_location") && !f->script_location)
		f->script_location = xstrdup(value);
	return 1;
}

/* The versions folder of the Alembic project INI: script_location (with %(here)s) + "/versions". */
static char *versions_dir(const char *ini, DiagList *dl)
{
	char *cwd = NULL, *base = NULL;
	if (split_ini(ini, &cwd, &base, dl) != 0)
		return NULL;
	IniFind f = {0};
	if (ini_parse(ini, script_location_entry, &f) < 0 || !f.script_location) {
		diag_add(dl, SEV_ERROR, "import-config", ini, 0, 0, "no [alembic] script_location in \"%s\"",
		         ini);
		free(cwd), free(base), free(f.script_location);
		return NULL;
	}
	StrBuf loc = STRBUF_INIT;
	for (const char *p = f.script_location; *p;) {
		if (!strncmp(p, "%(here)s", 8)) {
			sb_append(&loc, cwd);
			p += 8;
		} else {
			sb_putc(&loc, *p++);
		}
	}
	char *joined = sb_str(&loc)[0] == '/' ? xstrdup(sb_str(&loc)) : fs_join(cwd, sb_str(&loc));
	char *vdir = fs_join(joined, "versions");
	free(joined);
	sb_release(&loc);
	free(cwd), free(base), free(f.script_location);
	return vdir;
}

/* S as a Python string literal for op.execute(): backslashes, quotes and newlines escaped, and a colon
 * that SQLAlchemy's text() would read as a bind parameter (":name") escaped as "\:". */
static void py_literal(StrBuf *sb, const char *s)
{
	sb_putc(sb, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '\\' || *p == '"')
			sb_putc(sb, '\\'), sb_putc(sb, *p);
		else if (*p == '\n')
			sb_append(sb, "\\n");
		else if (*p == ':' && (p == s || p[-1] != ':') &&
		         (isalnum((unsigned char)p[1]) || p[1] == '_'))
			sb_append(sb, "\\\\:");
		else
			sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

/* The newest imported (or diff-written) revision of DIR, heap, or NULL. */
static char *head_revision(const char *dir, DiagList *dl)
{
	ImportedList have;
	if (imported_scan(dir, "alembic", FMT_GOLANG_MIGRATE, &have, dl) != 0)
		return NULL;
	char *head = have.n ? xstrdup(have.items[have.n - 1].key) : NULL;
	imported_free(&have);
	return head;
}

int alembic_follow_diff(const char *dir, const char *ini, const char *name, StrBuf *up, StrBuf *down,
                        char **new_rev, StrBuf *written, DiagList *dl)
{
	*new_rev = NULL;
	char *head = head_revision(dir, dl);
	if (!head)
		return diag_has_errors(dl) ? -1 : 0;
	char *vdir = versions_dir(ini, dl);
	if (!vdir) {
		free(head);
		return -1;
	}
	/* a new revision id as Alembic makes them: 12 hex digits */
	unsigned long long x = (unsigned long long)time(NULL) ^ ((unsigned long long)getpid() << 20);
	FILE *ur = fopen("/dev/urandom", "rb");
	if (ur) {
		if (fread(&x, sizeof(x), 1, ur) != 1)
			x ^= (unsigned long long)clock();
		fclose(ur);
	}
	char *rev = xasprintf("%012llx", x & 0xffffffffffffULL);
	StrBuf py = STRBUF_INIT;
	sb_appendf(
	    &py,
	    "\"\"\"%s\n\nRevision ID: %s\nRevises: %s\nWritten by strata diff: the SQL of the migration of "
	    "that name in %s.\n\"\"\"\nfrom alembic import op\n\nrevision = \"%s\"\ndown_revision = "
	    "\"%s\"\nbranch_labels = None\ndepends_on = None\n\nUP = ",
	    name, rev, head, dir, rev, head);
	py_literal(&py, sb_str(up));
	sb_append(&py, "\nDOWN = ");
	py_literal(&py, sb_str(down));
	sb_append(&py,
	          "\n\n\ndef upgrade():\n    op.execute(UP)\n\n\ndef downgrade():\n    op.execute(DOWN)\n");
	char *slug = import_slug(name);
	char *fname = xasprintf("%s_%s.py", rev, slug);
	int rc = import_put_file(vdir, fname, sb_str(&py), written, dl);
	if (rc == 0) {
		/* the strata side: the marker (so the next diff and `status --from alembic` know it) and the
		 * version update */
		StrBuf u = STRBUF_INIT, d = STRBUF_INIT;
		const char *keys[] = {"revision", "down", "origin"};
		const char *vals[] = {rev, head, "diff"};
		import_marker_write(&u, "alembic", keys, vals, 3);
		sb_append(&u, sb_str(up));
		sb_appendf(
		    &u,
		    "-- keep Alembic in step (%s/%s)\nUPDATE alembic_version SET version_num = '%s' WHERE "
		    "version_num = '%s';\n",
		    vdir, fname, rev, head);
		sb_append(&d, sb_str(down));
		sb_appendf(&d, "UPDATE alembic_version SET version_num = '%s' WHERE version_num = '%s';\n",
		           head, rev);
		sb_reset(up);
		sb_append(up, sb_str(&u));
		sb_reset(down);
		sb_append(down, sb_str(&d));
		sb_release(&u);
		sb_release(&d);
		*new_rev = rev;
		rev = NULL;
	}
	free(rev);
	free(slug);
	free(fname);
	sb_release(&py);
	free(vdir);
	free(head);
	return rc == 0 ? 1 : -1;
}
