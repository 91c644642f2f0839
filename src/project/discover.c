/* discover.c — migration discovery: walk a folder, detect its convention (Flyway, golang-migrate/popx,
 * dbmate, goose, Prisma, diesel, temporal-sql-tool, plain numbered files), read and validate each file,
 * and order the set as the owning tool does. Version order lives in version.c, sections in sections.c,
 * placeholders in placeholders.c, checksums in checksum.c. */
#include "strata.h"
#include "project/discover_internal.h"
#include "project/migration.h"
#include "sql/parse.h"
#include "util/fs.h"
#include "util/vec.h"

#include <ctype.h>
#include <jansson.h>

static const char *const format_names[FMT__COUNT] = {
    "auto",   "flyway", "golang-migrate", "dbmate",  "goose", "prisma",
    "diesel", "plain",  "temporal",       "lexical", "tern"};

const char *mig_format_name(MigFormat f)
{
	return f < FMT__COUNT ? format_names[f] : "unknown";
}

MigFormat mig_format_from_name(const char *name)
{
	for (int i = 0; i < FMT__COUNT; i++)
		if (!strcmp(name, format_names[i]))
			return (MigFormat)i;
	return FMT__COUNT;
}

/* A migration while the set is built; SEQ orders files within one version (temporal manifests). */
typedef struct Entry {
	Migration m;
	size_t seq;
} Entry;

typedef struct Ctx {
	const char *dir;
	const DiscoverOptions *opts;
	MigFormat fmt;
	char *why; /* why FMT (heap) */
	VEC(Entry) v;
	DiagList *dl;
} Ctx;

static bool ends_with(const char *s, const char *suffix)
{
	size_t l = strlen(s), k = strlen(suffix);
	return l >= k && !strcmp(s + l - k, suffix);
}

static size_t digits_len(const char *s)
{
	size_t i = 0;
	while (isdigit((unsigned char)s[i]))
		i++;
	return i;
}

/* Files that live next to migrations and are skipped without a word: dotfiles and dot-folders
 * (.squashed/, .gitkeep, .git/). Anything else that is not a migration gets a warning. */
static bool is_metadata(const char *name)
{
	return name[0] == '.';
}

static void warn_unknown(Ctx *c, const char *path, const char *why)
{
	Diag *d = diag_add(c->dl, SEV_WARNING, "unknown-file", path, 0, 0, "file is not a %s migration: %s",
	                   mig_format_name(c->fmt), why);
	diag_set_hint(d, "rename it to follow the convention, or move it out of the migrations folder");
}

/* Read PATH and check it is text (no NUL, valid UTF-8). Returns 0 with *TEXT owned by the caller, -1
 * with an error in DL, or 1 after a warning when PATH is not a regular file (a FIFO, a device, a folder
 * named like a migration): such a file is skipped, never opened for reading. */
static int read_text(const char *path, char **text, size_t *len, DiagList *dl)
{
	const char *kind = fs_special_kind(path);
	if (kind) {
		Diag *d = diag_add(dl, SEV_WARNING, "not-a-file", path, 0, 0,
		                   "skipped: named like a migration, but %s, not a regular file", kind);
		diag_set_hint(d, "migrations are regular files; move it out of the migrations folder");
		return 1;
	}
	if (fs_read_regular_file(path, text, len, dl) != 0)
		return -1;
	if (*len >= 3 && !memcmp(*text, "\xEF\xBB\xBF", 3)) {
		/* a UTF-8 byte order mark: not SQL, and Flyway skips it too (before its checksum) */
		memmove(*text, *text + 3, *len - 3 + 1);
		*len -= 3;
	}
	if (sql_check_text(*text, *len, path, dl) != 0) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
}

/* strata's own marker, in any convention: the migration runs outside a transaction, one statement at a
 * time (as psql -f runs a file), like dbmate's transaction:false or goose's NO TRANSACTION. */
static const char strata_notx[] = "-- strata:no-transaction";

/* postgres-migrations (supabase-storage): a file starting with this marker is executed as "SELECT 1". */
static const char pgm_ignore[] = "-- postgres-migrations ignore";
static const char pgm_notx[] = "-- postgres-migrations disable-transaction";

/* True when MARKER is one of the "--" comment lines that open TEXT (before the first statement).
 * postgres-migrations markers sit there, in any order ("disable-transaction" then "ignore"). */
static bool header_has_line(const char *text, const char *marker)
{
	size_t ml = strlen(marker);
	for (const char *l = text; *l;) {
		while (*l == ' ' || *l == '\t' || *l == '\r' || *l == '\n')
			l++;
		if (l[0] != '-' || l[1] != '-')
			return false;
		size_t n = strcspn(l, "\n");
		size_t t = n;
		while (t > 0 && (l[t - 1] == ' ' || l[t - 1] == '\t' || l[t - 1] == '\r'))
			t--;
		if (t == ml && !memcmp(l, marker, ml))
			return true;
		l += n;
	}
	return false;
}

/* Read, checksum, fill and split one migration and append it. Takes ownership of VERSION, NAME, UP_PATH
 * and DOWN_PATH (may be NULL). When the up file cannot be read, nothing is appended (the error is in DL);
 * an unreadable down file leaves the migration without a down. */
static void add_migration(Ctx *c, MigKind kind, char *version, char *name, char *up_path, char *down_path,
                          bool no_tx, size_t seq)
{
	char *up = NULL, *down = NULL;
	size_t up_len = 0, down_len = 0;
	if (read_text(up_path, &up, &up_len, c->dl) != 0) { /* unreadable (error) or skipped (warning) */
		free(version), free(name), free(up_path), free(down_path);
		return;
	}
	if (down_path && read_text(down_path, &down, &down_len, c->dl) != 0) {
		free(down_path);
		down_path = NULL;
	}
	Entry e = {0};
	Migration *m = &e.m;
	e.seq = seq;
	m->version = version;
	m->name = name;
	m->format = c->fmt;
	m->kind = kind;
	m->scope = c->opts->scope;
	m->up_path = up_path;
	m->down_path = down_path;
	m->no_transaction = no_tx;
	mig_checksum(up, up_len, down, down_len, m->checksum);

	if (header_has_line(up, strata_notx))
		m->no_transaction = true;
	const MigVar *vars = c->opts->vars;
	size_t nv = c->opts->n_vars;
	/* An unfilled placeholder is an error in DL; the text (placeholder dropped) is still worth parsing.
	 */
	(void)!mig_fill_placeholders(c->fmt, up_path, &up, vars, nv, c->dl);
	if (down)
		(void)!mig_fill_placeholders(c->fmt, down_path, &down, vars, nv, c->dl);
	if (c->fmt == FMT_DBMATE || c->fmt == FMT_GOOSE || c->fmt == FMT_TERN) {
		bool notx = false;
		if (mig_split_sections(c->fmt, up, up_path, &m->up_sql, &m->down_sql, &notx, c->dl) == 0) {
			free(up);
			m->no_transaction = m->no_transaction || notx;
			if (m->down_sql && !m->down_path)
				m->down_path = xstrdup(up_path);
		} else {
			m->up_sql = up;
		}
		free(down);
	} else {
		m->up_sql = up;
		m->down_sql = down;
	}
	if (c->fmt == FMT_PLAIN) {
		if (header_has_line(m->up_sql, pgm_ignore)) {
			m->skip = true;
			m->skip_reason =
			    "postgres-migrations ignore: the runner executes \"SELECT 1\" instead";
		}
		if (strstr(m->up_sql, pgm_notx))
			m->no_transaction = true;
	}
	if (mig_text_is_empty(m->up_sql)) {
		diag_add(c->dl, SEV_WARNING, "empty-migration", up_path, 0, 0,
		         "migration has no statement (empty or only comments)");
		if (!m->skip) {
			/* popx skips such files; every other runner executes nothing for them either */
			m->skip = true;
			m->skip_reason = "empty: nothing to run";
		}
	}
	vec_push(&c->v, e);
}

/* ---- Flyway ---------------------------------------------------------------------------------------- */

/* "V1_10__name.sql" / "U..." → version length after the prefix letter (0 when not V/U<version>__). */
static size_t flyway_version_len(const char *name)
{
	if (name[0] != 'V' && name[0] != 'U')
		return 0;
	const char *sep = strstr(name + 1, "__");
	if (!sep || sep == name + 1 || !isdigit((unsigned char)name[1]))
		return 0;
	for (const char *p = name + 1; p < sep; p++)
		if (!isdigit((unsigned char)*p) && *p != '.' && *p != '_')
			return 0;
	return (size_t)(sep - name - 1);
}

static char *strip_sql(const char *s)
{
	size_t l = strlen(s);
	return xstrndup(s, ends_with(s, ".sql") ? l - 4 : l);
}

static void collect_flyway(Ctx *c, char **names, int n)
{
	bool *undo_used = xcalloc((size_t)n + 1, sizeof(bool));
	for (int i = 0; i < n; i++) {
		const char *nm = names[i];
		if (is_metadata(nm) || (nm[0] == 'U' && flyway_version_len(nm) && ends_with(nm, ".sql")))
			continue; /* undo files are attached to their versioned migration below */
		char *path = fs_join(c->dir, nm);
		size_t vl = flyway_version_len(nm);
		bool named = ends_with(nm, ".sql") && ((vl && nm[0] == 'V') || !strncmp(nm, "R__", 3));
		if (fs_is_dir(path) && !named) { /* a folder named like a migration: add_migration says so */
			warn_unknown(c, path,
			             "a folder (flyway migrations are V<version>__<description>.sql files)");
		} else if (vl && nm[0] == 'V' && ends_with(nm, ".sql")) {
			char *version = xstrndup(nm + 1, vl);
			char *down = NULL;
			for (int j = 0; j < n; j++) {
				size_t ul = flyway_version_len(names[j]);
				if (names[j][0] == 'U' && ul && ends_with(names[j], ".sql")) {
					char *uv = xstrndup(names[j] + 1, ul);
					if (!down && mig_version_cmp(FMT_FLYWAY, uv, version) == 0) {
						down = fs_join(c->dir, names[j]);
						undo_used[j] = true;
					}
					free(uv);
				}
			}
			add_migration(c, MIG_VERSIONED, version, strip_sql(nm + 1 + vl + 2), path, down,
			              false, 0);
			continue;
		} else if (!strncmp(nm, "R__", 3) && ends_with(nm, ".sql")) {
			add_migration(c, MIG_REPEATABLE, xstrdup(""), strip_sql(nm + 3), path, NULL, false,
			              0);
			continue;
		} else if (vl || !strncmp(nm, "R__", 3)) {
			warn_unknown(c, path, "flyway runs only .sql files");
		} else {
			warn_unknown(
			    c, path,
			    "the name does not match V<version>__<description>.sql or R__<description>.sql");
		}
		free(path);
	}
	for (int j = 0; j < n; j++) {
		if (names[j][0] == 'U' && flyway_version_len(names[j]) && ends_with(names[j], ".sql") &&
		    !undo_used[j]) {
			char *path = fs_join(c->dir, names[j]);
			diag_add(c->dl, SEV_WARNING, "orphan-down", path, 0, 0,
			         "undo migration without a versioned migration of the same version");
			free(path);
		}
	}
	free(undo_used);
}

/* ---- golang-migrate and pop/popx -------------------------------------------------------------------- */

typedef struct GmFile {
	const char *fname;
	char *version, *name;
	bool up, autocommit, postgres, used;
} GmFile;

/* Dialect suffixes of pop/popx file names. Files for other databases are not PostgreSQL migrations and
 * are skipped without a warning. */
static const char *const pg_dialects[] = {"postgres", "postgresql"};
static const char *const other_dialects[] = {"mysql",       "mariadb", "sqlite",    "sqlite3",    "cockroach",
                                             "cockroachdb", "mssql",   "sqlserver", "clickhouse", "spanner"};

/* Parse "<ver>_<name>[.<dialect>][.autocommit].(up|down).sql". Returns 1 when F is filled, 2 for another
 * database's file, 0 when the name does not match. */
static int parse_gm(const char *fname, GmFile *f)
{
	size_t dl = digits_len(fname);
	if (!dl || fname[dl] != '_')
		return 0;
	bool up = ends_with(fname, ".up.sql");
	if (!up && !ends_with(fname, ".down.sql"))
		return 0;
	size_t end = strlen(fname) - (up ? 7 : 9);
	const char *rest = fname + dl + 1;
	size_t rl = end - dl - 1;
	memset(f, 0, sizeof(*f));
	if (rl >= 11 && !memcmp(rest + rl - 11, ".autocommit", 11))
		f->autocommit = true, rl -= 11;
	const char *dot = memrchr(rest, '.', rl);
	if (dot) {
		size_t sl = rl - (size_t)(dot + 1 - rest);
		for (size_t i = 0; i < ARRAY_LEN(other_dialects); i++)
			if (strlen(other_dialects[i]) == sl && !memcmp(dot + 1, other_dialects[i], sl))
				return 2;
		for (size_t i = 0; i < ARRAY_LEN(pg_dialects); i++)
			if (strlen(pg_dialects[i]) == sl && !memcmp(dot + 1, pg_dialects[i], sl))
				f->postgres = true;
		if (f->postgres)
			rl = (size_t)(dot - rest);
	}
	f->fname = fname;
	f->up = up;
	f->version = xstrndup(fname, dl);
	f->name = xstrndup(rest, rl);
	return 1;
}

static int cmp_gm(const void *a, const void *b)
{
	const GmFile *x = a, *y = b;
	int c = strcmp(x->version, y->version);
	return c ? c : strcmp(x->fname, y->fname);
}

/* Add the migrations of one version group G[0..N): per direction the PostgreSQL-specific file wins over
 * the generic one (popx); several up files with one version all stay (the duplicate is reported later). */
static void gm_group(Ctx *c, GmFile *g, size_t n)
{
	bool pg_up = false, pg_down = false;
	for (size_t i = 0; i < n; i++) {
		if (g[i].postgres && g[i].up)
			pg_up = true;
		if (g[i].postgres && !g[i].up)
			pg_down = true;
	}
	size_t n_up = 0;
	for (size_t i = 0; i < n; i++)
		n_up += g[i].up && g[i].postgres == pg_up;
	for (size_t i = 0; i < n; i++) {
		GmFile *u = &g[i];
		if (!u->up || u->postgres != pg_up)
			continue;
		GmFile *d = NULL;
		for (size_t j = 0; j < n; j++) {
			GmFile *x = &g[j];
			if (x->up || x->used || x->postgres != pg_down)
				continue;
			if (!strcmp(x->name, u->name) || (n_up == 1 && !d))
				d = x;
		}
		if (d)
			d->used = true;
		add_migration(c, MIG_VERSIONED, xstrdup(u->version), xstrdup(u->name),
		              fs_join(c->dir, u->fname), d ? fs_join(c->dir, d->fname) : NULL, u->autocommit,
		              0);
	}
	for (size_t j = 0; j < n; j++) {
		GmFile *x = &g[j];
		if (!x->up && !x->used && x->postgres == pg_down) {
			char *path = fs_join(c->dir, x->fname);
			diag_add(c->dl, SEV_WARNING, "orphan-down", path, 0, 0,
			         "down migration without an up migration of version \"%s\"", x->version);
			free(path);
		}
	}
}

static void collect_golang(Ctx *c, char **names, int n)
{
	VEC(GmFile) files = {0};
	for (int i = 0; i < n; i++) {
		if (is_metadata(names[i]))
			continue;
		GmFile f;
		int r = parse_gm(names[i], &f);
		if (r == 1) {
			vec_push(&files, f);
		} else if (r == 0) {
			char *path = fs_join(c->dir, names[i]);
			warn_unknown(c, path, "the name does not match <version>_<name>.up.sql or .down.sql");
			free(path);
		}
	}
	if (files.n)
		qsort(files.items, files.n, sizeof(GmFile), cmp_gm);
	for (size_t i = 0; i < files.n;) {
		size_t j = i + 1;
		while (j < files.n && !strcmp(files.items[j].version, files.items[i].version))
			j++;
		gm_group(c, files.items + i, j - i);
		i = j;
	}
	vec_foreach(&files, f)
	{
		free(f->version);
		free(f->name);
	}
	vec_free(&files);
}

/* ---- dbmate, goose, plain: <digits>[_-]<name>.sql ---------------------------------------------------- */

static void collect_numbered(Ctx *c, char **names, int n)
{
	for (int i = 0; i < n; i++) {
		const char *nm = names[i];
		if (is_metadata(nm))
			continue;
		char *path = fs_join(c->dir, nm);
		size_t dl = digits_len(nm);
		if (dl && ends_with(nm, ".sql") &&
		    (nm[dl] == '.' || ((nm[dl] == '_' || nm[dl] == '-') && strlen(nm) > dl + 5))) {
			const char *rest = nm[dl] == '.' ? nm + dl : nm + dl + 1;
			add_migration(c, MIG_VERSIONED, xstrndup(nm, dl), strip_sql(rest), path, NULL, false,
			              0);
			continue;
		}
		warn_unknown(c, path, "the name does not match <number>_<name>.sql");
		free(path);
	}
}

/* ---- Prisma and diesel: one folder per migration ---------------------------------------------------- */

/* diesel metadata.toml: run_in_transaction = false (the only key diesel reads there). */
static bool diesel_no_tx(const char *path)
{
	char *text;
	size_t len;
	DiagList tmp = DIAGLIST_INIT;
	bool r = false;
	if (fs_read_regular_file(path, &text, &len, &tmp) == 0) {
		for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
			const char *p = l;
			while (*p == ' ' || *p == '\t')
				p++;
			if (strncmp(p, "run_in_transaction", 18))
				continue;
			p += 18;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p++ != '=')
				continue;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!strncmp(p, "false", 5))
				r = true;
		}
		free(text);
	}
	diag_list_release(&tmp);
	return r;
}

static void collect_folders(Ctx *c, char **names, int n)
{
	bool prisma = c->fmt == FMT_PRISMA;
	for (int i = 0; i < n; i++) {
		const char *nm = names[i];
		if (is_metadata(nm) || (prisma && !strcmp(nm, "migration_lock.toml")))
			continue;
		char *path = fs_join(c->dir, nm);
		char *up = fs_join(path, prisma ? "migration.sql" : "up.sql");
		if (fs_is_dir(path) && fs_is_file(up)) {
			size_t vl = strcspn(nm, "_");
			char *down = NULL;
			bool notx = false;
			if (!prisma) {
				down = fs_join(path, "down.sql");
				if (!fs_is_file(down)) {
					free(down);
					down = NULL;
				}
				char *meta = fs_join(path, "metadata.toml");
				notx = diesel_no_tx(meta);
				free(meta);
			}
			add_migration(c, MIG_VERSIONED, xstrndup(nm, vl), xstrdup(nm[vl] ? nm + vl + 1 : ""),
			              up, down, notx, 0);
		} else {
			warn_unknown(c, path,
			             prisma ? "not a <timestamp>_<name>/migration.sql folder"
			                    : "not a <version>_<name>/up.sql folder");
			free(up);
		}
		free(path);
	}
}

/* ---- temporal-sql-tool: versioned/v<major>.<minor>/manifest.json ------------------------------------ */

static bool is_temporal_version_dir(const char *nm)
{
	if (nm[0] != 'v' || !isdigit((unsigned char)nm[1]))
		return false;
	for (const char *p = nm + 1; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return false;
	return true;
}

/* One version folder: the files its manifest lists, in manifest order (SEQ), then warnings for the rest. */
static void temporal_version(Ctx *c, const char *vpath, const char *vname)
{
	char *mpath = fs_join(vpath, "manifest.json");
	json_error_t err;
	char *mtext = NULL;
	size_t mlen = 0;
	json_t *root = NULL;
	/* read as a regular file, never with json_load_file: a FIFO named manifest.json would hang it */
	if (fs_read_regular_file(mpath, &mtext, &mlen, c->dl) != 0) {
		free(mpath);
		return;
	}
	root = json_loadb(mtext, mlen, 0, &err);
	free(mtext);
	json_t *files = root ? json_object_get(root, "SchemaUpdateCqlFiles") : NULL;
	if (!root || !json_is_array(files)) {
		diag_add(c->dl, SEV_ERROR, "bad-manifest", mpath, root ? 0 : err.line, root ? 0 : err.column,
		         root ? "manifest has no \"SchemaUpdateCqlFiles\" array" : "invalid manifest: %s",
		         err.text);
		json_decref(root);
		free(mpath);
		return;
	}
	size_t i;
	json_t *f;
	json_array_foreach(files, i, f)
	{
		const char *fn = json_string_value(f);
		if (!fn || !*fn || strchr(fn, '/') || !strcmp(fn, ".") || !strcmp(fn, "..") ||
		    strlen(fn) != json_string_length(f)) {
			diag_add(c->dl, SEV_ERROR, "bad-manifest", mpath, 0, 0,
			         "entry %zu of \"SchemaUpdateCqlFiles\" is not a file name", i + 1);
			continue;
		}
		size_t first = 0;
		for (size_t k = 0; k < i && !first; k++) {
			const char *o = json_string_value(json_array_get(files, k));
			if (o && !strcmp(o, fn))
				first = k + 1;
		}
		if (first) {
			Diag *d = diag_add(c->dl, SEV_ERROR, "bad-manifest", mpath, 0, 0,
			                   "manifest lists \"%s\" twice (entries %zu and %zu of "
			                   "\"SchemaUpdateCqlFiles\")",
			                   fn, first, i + 1);
			diag_set_hint(d, "list each file once; the tool would run it twice");
			continue;
		}
		char *p = fs_join(vpath, fn);
		if (!fs_is_file(p) && !fs_special_kind(p)) {
			diag_add(c->dl, SEV_ERROR, "missing-file", mpath, 0, 0,
			         "manifest lists \"%s\", which does not exist", fn);
			free(p);
			continue;
		}
		add_migration(c, MIG_VERSIONED, xstrdup(vname + 1), strip_sql(fn), p, NULL, false, i);
	}
	char **names;
	int n = fs_list_dir(vpath, &names, c->dl);
	for (int k = 0; k < n; k++) {
		bool listed = !strcmp(names[k], "manifest.json") || is_metadata(names[k]);
		json_array_foreach(files, i, f) if (json_string_value(f) &&
		                                    !strcmp(json_string_value(f), names[k])) listed = true;
		if (!listed) {
			char *p = fs_join(vpath, names[k]);
			warn_unknown(c, p, "not listed in manifest.json \"SchemaUpdateCqlFiles\"");
			free(p);
		}
	}
	if (n >= 0)
		fs_free_list(names, n);
	json_decref(root);
	free(mpath);
}

static void collect_temporal(Ctx *c, char **names, int n)
{
	char *vroot = fs_join(c->dir, "versioned");
	if (fs_is_dir(vroot)) {
		/* DIR is the schema folder: only versioned/ holds migrations */
		for (int i = 0; i < n; i++)
			if (!is_metadata(names[i]) && strcmp(names[i], "versioned")) {
				char *p = fs_join(c->dir, names[i]);
				warn_unknown(c, p,
				             "temporal migrations live under versioned/v<major>.<minor>/");
				free(p);
			}
		char **vn;
		int m = fs_list_dir(vroot, &vn, c->dl);
		for (int i = 0; i < m; i++) {
			char *p = fs_join(vroot, vn[i]);
			if (is_temporal_version_dir(vn[i]) && fs_is_dir(p))
				temporal_version(c, p, vn[i]);
			else if (!is_metadata(vn[i]))
				warn_unknown(c, p, "not a v<major>.<minor> version folder");
			free(p);
		}
		if (m >= 0)
			fs_free_list(vn, m);
	} else {
		for (int i = 0; i < n; i++) {
			char *p = fs_join(c->dir, names[i]);
			if (is_temporal_version_dir(names[i]) && fs_is_dir(p))
				temporal_version(c, p, names[i]);
			else if (!is_metadata(names[i]))
				warn_unknown(c, p, "not a v<major>.<minor> version folder");
			free(p);
		}
	}
	free(vroot);
}

/* ---- lexical: the whole name is the version ----------------------------------------------------------- */

/* "<base>.up.sql" / "<base>.down.sql" / "<base>.sql": BASE (heap) and the direction (1 up, -1 down, 0 a
 * plain .sql file, which is an up migration). NULL when NM is not a .sql file. */
static char *lexical_base(const char *nm, int *dir)
{
	size_t l = strlen(nm);
	if (ends_with(nm, ".up.sql") && l > 7) {
		*dir = 1;
		return xstrndup(nm, l - 7);
	}
	if (ends_with(nm, ".down.sql") && l > 9) {
		*dir = -1;
		return xstrndup(nm, l - 9);
	}
	if (ends_with(nm, ".sql") && l > 4) {
		*dir = 0;
		return xstrndup(nm, l - 4);
	}
	return NULL;
}

/* A lexical folder is named one way: when any migration is "<name>.up.sql", its tool (maragudk/migrate,
 * golang-migrate's file source) reads only *.up.sql and *.down.sql, and a plain "<name>.sql" (such as a
 * misnamed "0021_x_down.sql") is never run, so it is not a migration here either. */
static void collect_lexical(Ctx *c, char **names, int n)
{
	bool updown = false;
	for (int i = 0; i < n && !updown; i++)
		updown = ends_with(names[i], ".up.sql") && strlen(names[i]) > 7;
	for (int i = 0; i < n; i++) {
		const char *nm = names[i];
		if (is_metadata(nm))
			continue;
		char *path = fs_join(c->dir, nm);
		int dir = 0;
		char *base = fs_is_dir(path) ? NULL : lexical_base(nm, &dir);
		if (!base || (updown && dir == 0)) {
			warn_unknown(
			    c, path,
			    updown ? "this folder's migrations are <name>.up.sql / <name>.down.sql, "
			             "and its tool runs only those"
			           : "lexical migrations are <name>.up.sql / <name>.down.sql or <name>.sql");
			free(base);
			free(path);
			continue;
		}
		if (dir < 0) { /* attached to its up file below, or an orphan */
			char *up = xasprintf("%s.up.sql", base);
			bool has_up = false;
			for (int j = 0; j < n && !has_up; j++)
				has_up = !strcmp(names[j], up);
			if (!has_up)
				diag_add(c->dl, SEV_WARNING, "orphan-down", path, 0, 0,
				         "down migration without an up migration \"%s\"", up);
			free(up);
			free(base);
			free(path);
			continue;
		}
		char *down = NULL;
		if (dir > 0) {
			char *dn = xasprintf("%s.down.sql", base);
			down = fs_join(c->dir, dn);
			free(dn);
			if (!fs_is_file(down)) {
				free(down);
				down = NULL;
			}
		}
		add_migration(c, MIG_VERSIONED, base, xstrdup(base), path, down, false, 0);
	}
}

/* When the files of a golang-migrate or plain folder reuse a numbered prefix for different migrations
 * ("0001_a_x.up.sql", "0001_b_y.up.sql"), their tool orders them by whole name: the folder is lexical.
 * Returns why (heap), or NULL when no prefix repeats. Dialect variants of one popx migration
 * ("2_b.up.sql", "2_b.postgres.up.sql") are one migration, not a repeat. */
static char *repeated_prefix(MigFormat f, char **names, int n)
{
	char **ver = xcalloc((size_t)n + 1, sizeof(char *)), **id = xcalloc((size_t)n + 1, sizeof(char *));
	char *why = NULL;
	for (int i = 0; i < n; i++) {
		const char *nm = names[i];
		if (is_metadata(nm))
			continue;
		if (f == FMT_GOLANG_MIGRATE) {
			GmFile g;
			if (parse_gm(nm, &g) != 1)
				continue;
			if (g.up) {
				ver[i] = g.version;
				id[i] = g.name;
			} else {
				free(g.version);
				free(g.name);
			}
		} else {
			size_t dl = digits_len(nm);
			if (dl && ends_with(nm, ".sql") && (nm[dl] == '_' || nm[dl] == '-')) {
				ver[i] = xstrndup(nm, dl);
				id[i] = xstrdup(nm);
			}
		}
	}
	for (int i = 0; i < n && !why; i++)
		for (int j = i + 1; j < n && !why && ver[i]; j++)
			if (ver[j] && !mig_cmp_decimal(ver[i], strlen(ver[i]), ver[j], strlen(ver[j])) &&
			    strcmp(id[i], id[j]))
				why =
				    xasprintf("numbered prefixes repeat (\"%s\" and \"%s\" share %s), so the "
				              "whole file name is the version and the order is byte order",
				              names[i], names[j], ver[i]);
	for (int i = 0; i < n; i++) {
		free(ver[i]);
		free(id[i]);
	}
	free(ver);
	free(id);
	return why;
}

/* ---- detection ---------------------------------------------------------------------------------------- */

static bool has_file(const char *dir, const char *name)
{
	char *p = fs_join(dir, name);
	bool r = fs_is_file(p);
	free(p);
	return r;
}

/* Which sectioned format a numbered .sql file uses, from its markers (FMT_PLAIN when none). */
static MigFormat sniff(const char *path)
{
	char *text;
	size_t len;
	DiagList tmp = DIAGLIST_INIT;
	MigFormat f = FMT_PLAIN;
	if (fs_read_regular_file(path, &text, &len, &tmp) == 0) {
		if (strstr(text, "-- migrate:up") || strstr(text, "--migrate:up"))
			f = FMT_DBMATE;
		else if (strcasestr(text, "+goose up"))
			f = FMT_GOOSE;
		else if (strstr(text, TERN_SPLIT))
			f = FMT_TERN;
		free(text);
	}
	diag_list_release(&tmp);
	return f;
}

/* Each entry votes for the convention its name (or, for numbered .sql files, its markers) belongs to;
 * the most votes win, ties go to the earlier format in MigFormat. An empty folder is plain. A golang-migrate
 * or plain folder whose numbered prefixes repeat is lexical. *WHY (heap) says what decided. */
static MigFormat detect(const char *dir, char **names, int n, char **why)
{
	int votes[FMT__COUNT] = {0};
	for (int i = 0; i < n; i++) {
		const char *nm = names[i];
		if (is_metadata(nm))
			continue;
		char *p = fs_join(dir, nm);
		if (fs_is_dir(p)) {
			if (!strcmp(nm, "versioned") ||
			    (is_temporal_version_dir(nm) && has_file(p, "manifest.json")))
				votes[FMT_TEMPORAL] += !strcmp(nm, "versioned") ? 1000 : 1;
			else if (has_file(p, "migration.sql"))
				votes[FMT_PRISMA]++;
			else if (has_file(p, "up.sql"))
				votes[FMT_DIESEL]++;
		} else if (ends_with(nm, ".sql")) {
			if (flyway_version_len(nm) || !strncmp(nm, "R__", 3))
				votes[FMT_FLYWAY]++;
			else if (digits_len(nm) && (ends_with(nm, ".up.sql") || ends_with(nm, ".down.sql")))
				votes[FMT_GOLANG_MIGRATE]++;
			else if (digits_len(nm))
				votes[sniff(p)]++;
		}
		free(p);
	}
	MigFormat best = FMT_PLAIN;
	int total = 0;
	for (int f = 1; f < FMT__COUNT; f++) {
		total += votes[f];
		if (votes[f] > votes[best])
			best = (MigFormat)f;
	}
	if (best == FMT_GOLANG_MIGRATE || best == FMT_PLAIN) {
		*why = repeated_prefix(best, names, n);
		if (*why)
			return FMT_LEXICAL;
	}
	if (!total)
		*why = xstrdup("no file names a convention recognises: plain numbered files");
	else if (best == FMT_TEMPORAL && votes[best] >= 1000)
		*why = xstrdup("detected: a versioned/ folder of temporal-sql-tool manifests");
	else
		*why = xasprintf("detected: %d of the %d recognised entries are named like %s migrations",
		                 votes[best], total, mig_format_name(best));
	return best;
}

/* ---- ordering ----------------------------------------------------------------------------------------- */

/* Versioned by version (then manifest position, then path), then repeatables by description. */
static int cmp_entry(const void *a, const void *b, void *fmtp)
{
	const Entry *x = a, *y = b;
	MigFormat f = *(const MigFormat *)fmtp;
	if (x->m.kind != y->m.kind)
		return x->m.kind == MIG_VERSIONED ? -1 : 1;
	int c = x->m.kind == MIG_VERSIONED ? mig_version_cmp(f, x->m.version, y->m.version)
	                                   : strcmp(x->m.name, y->m.name);
	if (c)
		return c;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return strcmp(x->m.up_path, y->m.up_path);
}

/* Two versioned migrations with one version are an error, except where the tool's identity is not the
 * version: Prisma keys migrations by folder name, temporal runs several files per version. */
static void check_duplicates(Ctx *c)
{
	if (c->fmt == FMT_PRISMA || c->fmt == FMT_TEMPORAL)
		return;
	for (size_t i = 1; i < c->v.n; i++) {
		Migration *a = &c->v.items[i - 1].m, *b = &c->v.items[i].m;
		if (a->kind == MIG_VERSIONED && b->kind == MIG_VERSIONED &&
		    mig_version_cmp(c->fmt, a->version, b->version) == 0) {
			Diag *d = diag_add(c->dl, SEV_ERROR, "duplicate-version", b->up_path, 0, 0,
			                   "duplicate migration version \"%s\": \"%s\" and \"%s\"",
			                   b->version, a->up_path, b->up_path);
			diag_set_hint(
			    d, "give one of them a new version (the tool's order between them is undefined), "
			       "or use --convention lexical when the tool orders by whole file name");
		}
	}
}

static void add_single_file(Ctx *c)
{
	const char *base = strrchr(c->dir, '/');
	base = base ? base + 1 : c->dir;
	size_t dl = digits_len(base);
	add_migration(c, MIG_VERSIONED, dl ? xstrndup(base, dl) : xstrdup("1"), strip_sql(base),
	              xstrdup(c->dir), NULL, false, 0);
}

int discover_migrations(const char *dir, const DiscoverOptions *opts, MigrationSet *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	out->dir = xstrdup(dir);
	size_t errors_before = diag_count(dl, SEV_ERROR);
	Ctx c = {.dir = dir, .opts = opts, .fmt = opts->format, .dl = dl};
	if (fs_is_file(dir)) {
		if (c.fmt == FMT_AUTO || c.fmt == FMT_TEMPORAL || c.fmt == FMT_PRISMA || c.fmt == FMT_DIESEL)
			c.fmt = FMT_PLAIN; /* --dir names one .sql file (a pg_dump, a structure.sql): one
			                      migration */
		c.why = xstrdup("one file: the whole history is one migration");
		add_single_file(&c);
	} else if (!fs_is_dir(dir)) {
		Diag *d = diag_add(dl, SEV_ERROR, "missing-folder", NULL, 0, 0,
		                   "migrations folder \"%s\" does not exist", dir);
		diag_set_hint(d, "point --dir at the folder holding the migrations (or set [migrations] dir "
		                 "in strata.conf)");
		out->format = c.fmt;
		free(c.why);
		return -1;
	} else {
		char **names;
		int n = fs_list_dir(dir, &names, dl);
		if (n < 0) {
			out->format = c.fmt;
			free(c.why);
			return -1;
		}
		if (c.fmt == FMT_AUTO)
			c.fmt = detect(dir, names, n, &c.why);
		else
			c.why = xasprintf("forced: %s (--convention or [migrations] format)",
			                  mig_format_name(c.fmt));
		switch (c.fmt) {
		case FMT_FLYWAY:
			collect_flyway(&c, names, n);
			break;
		case FMT_GOLANG_MIGRATE:
			collect_golang(&c, names, n);
			break;
		case FMT_PRISMA:
		case FMT_DIESEL:
			collect_folders(&c, names, n);
			break;
		case FMT_TEMPORAL:
			collect_temporal(&c, names, n);
			break;
		case FMT_LEXICAL:
			collect_lexical(&c, names, n);
			break;
		default:
			collect_numbered(&c, names, n);
			break;
		}
		fs_free_list(names, n);
	}
	if (c.v.n)
		qsort_r(c.v.items, c.v.n, sizeof(Entry), cmp_entry, &c.fmt);
	check_duplicates(&c);
	out->format = c.fmt;
	out->format_why = c.why;
	out->n = c.v.n;
	out->items = xcalloc(c.v.n ? c.v.n : 1, sizeof(Migration));
	for (size_t i = 0; i < c.v.n; i++)
		out->items[i] = c.v.items[i].m;
	vec_free(&c.v);
	return diag_count(dl, SEV_ERROR) > errors_before ? -1 : 0;
}

void migration_set_free(MigrationSet *set)
{
	for (size_t i = 0; i < set->n; i++) {
		Migration *m = &set->items[i];
		free(m->version);
		free(m->name);
		free(m->up_path);
		free(m->down_path);
		free(m->up_sql);
		free(m->down_sql);
	}
	free(set->items);
	free(set->dir);
	free(set->format_why);
	for (size_t i = 0; i < set->n_folders; i++) {
		free(set->folders[i].dir);
		free(set->folders[i].format_why);
	}
	free(set->folders);
	memset(set, 0, sizeof(*set));
}
