/* config.c — strata.conf loading with libinih (see config.h). */
#include "strata.h"
#include "project/config.h"
#include "project/tenancy.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include <ini.h>

typedef struct LoadCtx {
	Config *cfg;
	DiagList *dl;
	const char *path;
	int errors;
	const char *text, *end; /* the file, read whole (fs_read_file: size limit, never a FIFO) */
	const char *pos;
	int lineno;      /* Debian's libinih is built without INI_HANDLER_LINENO: count lines in our reader */
	bool line_start; /* the next read starts a new line (a long line is read in several pieces) */
	VEC(char *) seen; /* "section\nkey\nLINE" of every key set, for duplicates */
} LoadCtx;

/* libinih's reader over the text in memory: up to NUM-1 bytes, stopping after a newline. A line longer
 * than libinih's buffer comes in several calls (ini_allow_realloc grows the buffer); only the first counts
 * as a new line. */
static char *count_lines_reader(char *str, int num, void *stream)
{
	LoadCtx *ctx = stream;
	if (ctx->pos >= ctx->end || num < 2)
		return NULL;
	size_t n = 0;
	while (ctx->pos + n < ctx->end && n < (size_t)num - 1) {
		if (ctx->pos[n++] == '\n')
			break;
	}
	memcpy(str, ctx->pos, n);
	str[n] = '\0';
	ctx->pos += n;
	if (ctx->line_start)
		ctx->lineno++;
	ctx->line_start = str[n - 1] == '\n';
	return str;
}

typedef struct KeySpec {
	const char *section;
	const char *key;
	size_t offset;
} KeySpec;

#define CFG_FIELD(f) offsetof(Config, f)
static const KeySpec keys[] = {
    {"migrations", "dir", CFG_FIELD(dir)},
    {"migrations", "shared", CFG_FIELD(dir)},
    {"migrations", "dirs", CFG_FIELD(dirs)},
    {"migrations", "tenant", CFG_FIELD(tenant_dir)},
    {"migrations", "format", CFG_FIELD(format)},
    {"migrations", "max_file_size", CFG_FIELD(max_file_size)},
    {"migrations", "ignore", CFG_FIELD(ignore_tables)},
    {"migrations", "platform", CFG_FIELD(platform)},
    {"database", "url", CFG_FIELD(database_url)},
    {"database", "history_schema", CFG_FIELD(history_schema)},
    {"database", "history_table", CFG_FIELD(history_table)},
    {"database", "lock_timeout", CFG_FIELD(lock_timeout)},
    {"database", "statement_timeout", CFG_FIELD(statement_timeout)},
    {"database", "preflight", CFG_FIELD(preflight)},
    {"tenants", "mode", CFG_FIELD(tenant_mode)},
    {"tenants", "shared_schema", CFG_FIELD(shared_schema)},
    {"tenants", "search_path", CFG_FIELD(tenant_search_path)},
    {"tenants", "source", CFG_FIELD(tenant_source)},
    {"tenants", "global", CFG_FIELD(tenant_global)},
    {"fleet", "servers", CFG_FIELD(fleet_servers)},
    {"import", "tool", CFG_FIELD(import_tool)},
    {"import", "project", CFG_FIELD(import_project)},
    {"import", "settings", CFG_FIELD(import_settings)},
    {"import", "python", CFG_FIELD(import_python)},
    {"import", "config", CFG_FIELD(import_config)},
};

/* Append K=VAL to *V (*N entries); with LINES, also LINE to *LINES. */
static void push_pair(MigVar **v, size_t *n, const char *k, const char *val, int **lines, int line)
{
	*v = xrealloc(*v, sizeof(MigVar) * (*n + 1));
	(*v)[*n].name = xstrdup(k);
	(*v)[*n].value = xstrdup(val);
	if (lines) {
		*lines = xrealloc(*lines, sizeof(int) * (*n + 1));
		(*lines)[*n] = line;
	}
	(*n)++;
}

/* A key set twice in one section is an error naming both lines (the second would silently win); [fleet]
 * servers is a list, one server a line. Returns true when KEY was already set. */
static bool duplicate_key(LoadCtx *ctx, const char *section, const char *name, int lineno)
{
	if (!strcmp(section, "fleet") && !strcmp(name, "servers"))
		return false;
	size_t kl = strlen(section) + strlen(name) + 2;
	vec_foreach(&ctx->seen, k)
	{
		if (!strncmp(*k, section, strlen(section)) && (*k)[strlen(section)] == '\n' &&
		    !strncmp(*k + strlen(section) + 1, name, strlen(name)) && (*k)[kl - 1] == '\n') {
			Diag *d = diag_add(ctx->dl, SEV_ERROR, "config", ctx->path, lineno, 1,
			                   "duplicate key \"%s\" in section [%s] (first set on line %s)",
			                   name, section, *k + kl);
			diag_set_hint(d, "keep one of the two lines");
			ctx->errors++;
			return true;
		}
	}
	vec_push(&ctx->seen, xasprintf("%s\n%s\n%d", section, name, lineno));
	return false;
}

/* Values with a fixed syntax are checked here, where the line is known. Returns 0, or -1 after adding an
 * error with file:line. */
static int check_value(LoadCtx *ctx, const char *section, const char *name, const char *value, int lineno)
{
	char *err = NULL;
	if (!strcmp(section, "tenants") && !strcmp(name, "mode") && tenant_mode_parse(value) == TMODE__BAD)
		err = xasprintf("[tenants] mode = \"%s\": want schema, database or shared", value);
	else if (!strcmp(section, "tenants") && !strcmp(name, "source")) {
		TenantSource src;
		char *e = NULL;
		if (tenant_source_parse(value, &src, &e) != 0) {
			err = xasprintf("[tenants] source: %s", e);
			free(e);
		} else
			tenant_source_free(&src);
	} else if (!strcmp(section, "tenants") && !strcmp(name, "search_path")) {
		StrBuf sb = STRBUF_INIT;
		char *e = NULL;
		if (tenant_search_path(&sb, value, NULL, "x", &e) != 0) {
			err = xasprintf("[tenants] %s", e);
			free(e);
		}
		sb_release(&sb);
	} else if (!strcmp(section, "migrations") && !strcmp(name, "max_file_size")) {
		size_t b;
		if (fs_parse_size(value, &b) != 0)
			err = xasprintf(
			    "[migrations] max_file_size = \"%s\": want a size such as 64MB, 512kB or "
			    "1GB",
			    value);
	} else if (!strcmp(section, "migrations") && !strcmp(name, "platform") && strcmp(value, "supabase") &&
	           strcmp(value, "none"))
		err = xasprintf("[migrations] platform = \"%s\": want supabase or none", value);
	else if (!strcmp(section, "database") && !strcmp(name, "preflight") && strcmp(value, "refuse") &&
	         strcmp(value, "warn"))
		err = xasprintf("[database] preflight = \"%s\": want refuse or warn", value);
	else if (!strcmp(section, "import") && !strcmp(name, "tool") && strcmp(value, "django") &&
	         strcmp(value, "alembic"))
		err = xasprintf("[import] tool = \"%s\": want django or alembic", value);
	else if (!strcmp(section, "tenants") && !strcmp(name, "shared_schema") && !*value)
		err = xasprintf("[tenants] shared_schema is empty");
	else if (!strcmp(section, "fleet") && !strcmp(name, "servers")) {
		char **v;
		size_t n = split_list(value, &v);
		free_list(v, n);
		if (!n)
			err = xasprintf("[fleet] servers names no server (want url1, url2, ...)");
	}
	if (!err)
		return 0;
	diag_add(ctx->dl, SEV_ERROR, "config", ctx->path, lineno, 1, "%s", err);
	free(err);
	ctx->errors++;
	return -1;
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
	LoadCtx *ctx = user;
	int lineno = ctx->lineno;
	if (duplicate_key(ctx, section, name, lineno))
		return 1;
	if (!strcmp(section, "vars")) {
		push_pair(&ctx->cfg->vars, &ctx->cfg->n_vars, name, value, NULL, lineno);
		return 1;
	}
	if (!strcmp(section, "lint")) {
		push_pair(&ctx->cfg->rules, &ctx->cfg->n_rules, name, value, &ctx->cfg->rule_lines, lineno);
		return 1;
	}
	if (check_value(ctx, section, name, value, lineno) != 0)
		return 1;
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		if (!strcmp(keys[i].section, section) && !strcmp(keys[i].key, name)) {
			char **slot = (char **)((char *)ctx->cfg + keys[i].offset);
			if (keys[i].offset == CFG_FIELD(fleet_servers) &&
			    *slot) { /* repeated: one server a line */
				char *joined = xasprintf("%s, %s", *slot, value);
				free(*slot);
				*slot = joined;
				return 1;
			}
			free(*slot);
			*slot = xstrdup(value);
			return 1;
		}
	}
	bool known_section = !strcmp(section, "migrations") || !strcmp(section, "database") ||
	                     !strcmp(section, "tenants") || !strcmp(section, "fleet") ||
	                     !strcmp(section, "import");
	Diag *d;
	if (!known_section)
		d = diag_add(ctx->dl, SEV_ERROR, "config", ctx->path, lineno, 1, "unknown section \"%s\"",
		             section);
	else
		d = diag_add(ctx->dl, SEV_ERROR, "config", ctx->path, lineno, 1,
		             "unknown key \"%s\" in section [%s]", name, section);
	diag_set_hint(
	    d,
	    "sections: [migrations] [database] [tenants] [fleet] [import] [vars] [lint]; see docs/config.md");
	ctx->errors++;
	return 1; /* keep going: report every bad key at once */
}

int config_load(const char *path, bool required, Config *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	if (!fs_is_file(path)) {
		if (!required)
			return 0;
		diag_add(dl, SEV_ERROR, "config", path, 0, 0, "config file not found");
		return -1;
	}
	out->path = xstrdup(path);
	char *text;
	size_t len;
	if (fs_read_regular_file(path, &text, &len, dl) != 0)
		return -1;
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		int line = 1;
		const char *ls = text; /* start of the line holding the NUL */
		for (const char *p = text; p < nul; p++)
			if (*p == '\n')
				line++, ls = p + 1;
		Diag *d = diag_add(dl, SEV_ERROR, "config", path, line, (int)(nul - ls) + 1,
		                   "NUL byte in config file");
		diag_set_hint(
		    d, "strata.conf is a text file; remove the NUL byte (a binary file or a bad encoding?)");
		free(text);
		return -1;
	}
	LoadCtx ctx = {.cfg = out,
	               .dl = dl,
	               .path = path,
	               .text = text,
	               .pos = text,
	               .end = text + len,
	               .line_start = true};
	/* Debian's libinih reads a line into a 200-byte buffer unless told to grow it: a longer line (a URL,
	 * a tenant source query) would be cut in two */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = 1 << 16; /* the initial buffer; longer lines grow it */
	int rc = ini_parse_stream(count_lines_reader, &ctx, on_entry, &ctx);
	free(text);
	vec_foreach(&ctx.seen, k) free(*k);
	vec_free(&ctx.seen);
	if (rc > 0) {
		diag_add(dl, SEV_ERROR, "config", path, rc, 1, "malformed line in config file");
		return -1;
	}
	if (rc < 0) {
		diag_add(dl, SEV_ERROR, "config", path, 0, 0, "could not read config file");
		return -1;
	}
	if (!ctx.errors && out->max_file_size) {
		size_t b;
		if (fs_parse_size(out->max_file_size, &b) == 0)
			fs_set_max_file_size(b);
	}
	return ctx.errors ? -1 : 0;
}

static void free_pairs(MigVar *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)v[i].name);
		free((char *)v[i].value);
	}
	free(v);
}

void config_free(Config *c)
{
	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		char **slot = (char **)((char *)c + keys[i].offset);
		if (keys[i].offset == CFG_FIELD(dir) && i > 0)
			continue; /* "shared" aliases "dir": free once */
		free(*slot);
		*slot = NULL;
	}
	free(c->path);
	free_pairs(c->vars, c->n_vars);
	free_pairs(c->rules, c->n_rules);
	free(c->rule_lines);
	memset(c, 0, sizeof(*c));
}

/* *SLOT, when relative, joined to BASE. */
static void rebase(char **slot, const char *base)
{
	if (!*slot || !**slot || (*slot)[0] == '/')
		return;
	char *j = fs_join(base, *slot);
	free(*slot);
	*slot = j;
}

static void config_rebase_paths(Config *c)
{
	if (!c->path)
		return;
	const char *slash = strrchr(c->path, '/');
	if (!slash)
		return; /* in the current folder: nothing to do */
	char *base = xasprintf("%.*s", (int)(slash - c->path), c->path);
	rebase(&c->dir, base);
	rebase(&c->tenant_dir, base);
	rebase(&c->import_project, base);
	rebase(&c->import_config, base);
	if (c->dirs) { /* "a, b": each folder */
		StrBuf sb = STRBUF_INIT;
		char *list = xstrdup(c->dirs);
		char *save = NULL;
		for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ' || *t == '\t')
				t++;
			size_t n = strlen(t);
			while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
				t[--n] = '\0';
			if (!n)
				continue;
			char *one = xstrdup(t);
			rebase(&one, base);
			sb_appendf(&sb, "%s%s", sb.len ? ", " : "", one);
			free(one);
		}
		free(list);
		free(c->dirs);
		c->dirs = sb_detach(&sb);
	}
	free(base);
}

/* Whether folder A and folder B are the same folder (both exist). */
static bool same_folder(const char *a, const char *b)
{
	char *ra = a ? realpath(a, NULL) : NULL, *rb = b ? realpath(b, NULL) : NULL;
	bool same = ra && rb && !strcmp(ra, rb);
	free(ra);
	free(rb);
	return same;
}

/* Whether C (rebased to its folder BASE) names DIR among its migrations folders. */
static bool names_folder(const Config *c, const char *base, const char *dir)
{
	if (same_folder(c->dir, dir) || same_folder(c->tenant_dir, dir))
		return true;
	bool found = false;
	if (c->dirs) {
		char *list = xstrdup(c->dirs), *save = NULL;
		for (char *t = strtok_r(list, ",", &save); t && !found; t = strtok_r(NULL, ",", &save)) {
			while (*t == ' ' || *t == '\t')
				t++;
			size_t n = strlen(t);
			while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
				t[--n] = '\0';
			found = same_folder(t, dir);
		}
		free(list);
	}
	if (!found && !c->dir && !c->dirs) { /* the default folder */
		char *d = fs_join(base, "migrations");
		found = same_folder(d, dir);
		free(d);
	}
	return found;
}

int config_load_for_dir(const char *dir, Config *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	if (!dir || !*dir)
		return 0;
	char *own = fs_join(dir, "strata.conf");
	if (fs_is_file(own)) {
		int rc = config_load(own, false, out, dl);
		free(own);
		if (rc == 0)
			config_rebase_paths(out);
		return rc;
	}
	free(own);
	char *base = fs_join(dir, "..");
	char *up = fs_join(base, "strata.conf");
	int rc = 0;
	if (fs_is_file(up) && (rc = config_load(up, false, out, dl)) == 0) {
		config_rebase_paths(out);
		if (!names_folder(out, base, dir)) { /* another folder of that project, or none of it */
			config_free(out);
			memset(out, 0, sizeof(*out));
		}
	}
	free(up);
	free(base);
	return rc;
}
