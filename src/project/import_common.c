/* import_common.c — shared parts of `strata import` (see import_common.h). */
#include "strata.h"
#include "project/import_common.h"
#include "project/import_marker.h"
#include "util/fs.h"
#include "util/proc.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <jansson.h>
#include <unistd.h>

void import_report_release(ImportReport *r)
{
	sb_release(&r->written);
	sb_release(&r->notes);
}

int imported_scan(const char *dir, const char *tool, MigFormat fmt, ImportedList *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	if (!fs_is_dir(dir))
		return 0;
	MigrationSet set;
	DiscoverOptions o = {0};
	o.format = fmt;
	DiagList ddl = DIAGLIST_INIT;
	int rc = discover_migrations(dir, &o, &set, &ddl);
	if (rc != 0) {
		diag_list_append_all(dl, &ddl);
		migration_set_free(&set);
		return -1;
	}
	diag_list_release(&ddl); /* warnings (an unknown file): check's business */
	for (size_t i = 0; i < set.n; i++) {
		const Migration *m = &set.items[i];
		ImportMarker mk;
		const char *key_name = !strcmp(tool, "django") ? NULL : "revision";
		if (!strncmp(m->up_sql + strspn(m->up_sql, " \t\r\n"), "-- strata:squash covers ", 24)) {
			Imported sq = {xstrdup(""), xstrdup(m->version), xstrdup(""),
			               xstrdup(""), xstrdup(m->up_path), true};
			vec_push(out, sq);
			continue;
		}
		if (!import_marker_find(m->up_sql, tool, &mk)) {
			Diag *d = diag_add(dl, SEV_ERROR, "import-foreign-file", m->up_path, 0, 0,
			                   "\"%s\" holds a migration that strata import %s did not write",
			                   dir, tool);
			diag_set_hint(
			    d, "import into a folder of its own (--out DIR): a re-import must know which "
			       "migrations it wrote");
			rc = -1;
			continue;
		}
		Imported im = {0};
		if (key_name) {
			const char *k = import_marker_get(&mk, key_name);
			im.key = xstrdup(k ? k : "");
		} else {
			const char *app = import_marker_get(&mk, "app"),
			           *name = import_marker_get(&mk, "name");
			im.key = xasprintf("%s.%s", app ? app : "", name ? name : "");
		}
		const char *sha = import_marker_get(&mk, "sha256"), *scope = import_marker_get(&mk, "scope");
		im.sha = xstrdup(sha ? sha : "");
		im.scope = xstrdup(scope ? scope : "");
		im.version = xstrdup(m->version);
		im.path = xstrdup(m->up_path);
		vec_push(out, im);
		import_marker_release(&mk);
	}
	migration_set_free(&set);
	return rc;
}

void imported_free(ImportedList *l)
{
	vec_foreach(l, im)
	{
		free(im->key);
		free(im->version);
		free(im->sha);
		free(im->scope);
		free(im->path);
	}
	vec_free(l);
}

size_t imported_live_start(const ImportedList *l)
{
	size_t start = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].squash)
			start = i + 1;
	return start;
}

const Imported *imported_find(const ImportedList *l, const char *key)
{
	for (size_t i = imported_live_start(l); i < l->n; i++)
		if (!strcmp(l->items[i].key, key))
			return &l->items[i];
	return NULL;
}

char *imported_keys(const ImportedList *l)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = imported_live_start(l); i < l->n; i++)
		sb_appendf(&sb, "%s%s", sb.len ? "," : "", l->items[i].key);
	return sb_detach(&sb);
}

char *imported_next_version(const ImportedList *l, size_t plus)
{
	unsigned long long max = 0;
	for (size_t i = 0; i < l->n; i++) {
		unsigned long long v = strtoull(l->items[i].version, NULL, 10);
		if (v > max)
			max = v;
	}
	return xasprintf("%04llu", max + 1 + (unsigned long long)plus);
}

void import_digest(const char *text, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	if (!EVP_Digest(text, strlen(text), md, &n, EVP_sha256(), NULL))
		n = 0;
	for (unsigned int i = 0; i < n && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[n ? 64 : 0] = '\0';
}

char *import_slug(const char *s)
{
	StrBuf sb = STRBUF_INIT;
	bool sep = false;
	for (const char *p = s; *p && sb.len < 60; p++) {
		unsigned char ch = (unsigned char)*p;
		if (isalnum(ch) && ch < 0x80) {
			if (sep && sb.len)
				sb_putc(&sb, '_');
			sb_putc(&sb, (char)tolower(ch));
			sep = false;
		} else {
			sep = true;
		}
	}
	if (!sb.len)
		sb_append(&sb, "migration");
	return sb_detach(&sb);
}

int import_put_file(const char *dir, const char *name, const char *text, StrBuf *written, DiagList *dl)
{
	if (fs_mkdir_p(dir) != 0) {
		diag_add(dl, SEV_ERROR, "write-failed", dir, 0, 0, "cannot create \"%s\": %s", dir,
		         strerror(errno));
		return -1;
	}
	char *path = fs_join(dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		diag_add(dl, SEV_ERROR, errno == EEXIST ? "file-exists" : "write-failed", path, 0, 0,
		         errno == EEXIST ? "\"%s\" already exists" : "cannot write \"%s\": %s", path,
		         strerror(errno));
		free(path);
		return -1;
	}
	size_t len = strlen(text), done = 0;
	while (done < len) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		done += (size_t)w;
	}
	int rc = done == len && close(fd) == 0 ? 0 : -1;
	if (done != len)
		close(fd);
	if (rc != 0)
		diag_add(dl, SEV_ERROR, "write-failed", path, 0, 0, "cannot write \"%s\": %s", path,
		         strerror(errno));
	else if (written)
		sb_appendf(written, "%s\n", path);
	free(path);
	return rc;
}

int import_write_conf(const char *path, const char *conf, bool *wrote, DiagList *dl)
{
	*wrote = false;
	if (fs_is_file(path))
		return 0;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	int rc = import_put_file(dir, slash ? slash + 1 : path, conf, NULL, dl);
	free(dir);
	*wrote = rc == 0;
	return rc;
}

/* The last lines of a helper's stderr (what Python's traceback ends with), for a diagnostic detail. */
static char *tail_lines(const char *text, int lines)
{
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	size_t start = n;
	for (int k = 0; start > 0 && k < lines;) {
		start--;
		if (text[start] == '\n' && ++k == lines) {
			start++;
			break;
		}
	}
	return xstrndup(text + start, n - start);
}

/* Run HELPER (Python source) with the project's interpreter in CWD: argv after "-c SCRIPT" is ARGS; ENV
 * extra environment. Returns the parsed JSON the helper wrote (caller decrefs), or NULL with an error. */
void *import_run_helper(const char *python, const char *helper, const char *cwd, const char *const *args,
                        size_t nargs, const char *const *env, const char *tool, DiagList *dl)
{
	char tmp[64];
	if (fs_make_temp_dir("import", tmp, sizeof(tmp), dl) != 0)
		return NULL;
	char *out = fs_join(tmp, "out.json");
	const char **argv = xcalloc(nargs + 5, sizeof(char *));
	argv[0] = python;
	argv[1] = "-c";
	argv[2] = helper;
	argv[3] = out;
	for (size_t i = 0; i < nargs; i++)
		argv[4 + i] = args[i];
	ProcResult pr;
	json_t *root = NULL;
	if (proc_run(argv, cwd, env, &pr, dl) != 0) {
		diag_set_hint(&dl->items[dl->n - 1], "give the project's interpreter with --python PATH");
	} else {
		json_error_t je;
		root = pr.status == 0 ? json_load_file(out, 0, &je) : NULL;
		if (!root) {
			char *t = tail_lines(pr.err, 6);
			Diag *d = diag_add(dl, SEV_ERROR, "import-helper", NULL, 0, 0,
			                   "%s (with %s in \"%s\") failed%s", tool, python, cwd,
			                   pr.status ? "" : ": it wrote no result");
			if (*t)
				diag_set_detail(d, "%s", t);
			if (strstr(pr.err, "No module named"))
				diag_set_hint(
				    d,
				    "--python PATH names the project's interpreter (its virtualenv's "
				    "python), which can import %s",
				    tool);
			free(t);
		}
		proc_result_release(&pr);
	}
	unlink(out);
	rmdir(tmp);
	free(out);
	free(argv);
	return root;
}
