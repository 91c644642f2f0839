/* foreign_history.c — other tools' history tables, read and matched to the migrations on disk (see
 * foreign_history.h). */
#include "strata.h"
#include "db/foreign_history.h"
#include "sql/quote.h"
#include "db/session.h"
#include "project/plan.h"
#include "project/import_marker.h"
#include "util/vec.h"

/* The columns each tool's table must have (the ones read below). */
static const char *const tool_columns[FT__COUNT][6] = {
    [FT_DJANGO] = {"app", "name", "applied"},
    [FT_ALEMBIC] = {"version_num"},
    [FT_DBMATE] = {"version"},
    [FT_GOLANG_MIGRATE] = {"version", "dirty"},
    [FT_SUPABASE] = {"version"},
    [FT_GOOSE] = {"id", "version_id", "is_applied", "tstamp"},
    [FT_FLYWAY] = {"installed_rank", "version", "type", "script", "success", "installed_on"},
    [FT_PRISMA] = {"migration_name", "started_at", "finished_at", "rolled_back_at"},
    [FT_DIESEL] = {"version", "run_on"},
    [FT_SQITCH] = {"change", "committed_at"},
};

#define TS(col) "to_char(" col ", 'YYYY-MM-DD HH24:MI:SS')"

/* The query reading each tool's rows: key, applied_at, failed (text 't'/'f'), kind (flyway's type), in
 * the tool's order. %s is the quoted table. */
static const char *const tool_query[FT__COUNT] = {
    [FT_DJANGO] = "SELECT app || '.' || name, " TS("applied") ", 'f', '' FROM %s ORDER BY applied, id",
    [FT_ALEMBIC] = "SELECT version_num, NULL, 'f', '' FROM %s ORDER BY 1",
    [FT_DBMATE] = "SELECT version::text, NULL, 'f', '' FROM %s ORDER BY 1",
    [FT_GOLANG_MIGRATE] = "SELECT version::text, NULL, CASE WHEN dirty THEN 't' ELSE 'f' END, '' FROM %s",
    [FT_SUPABASE] = "SELECT version::text, NULL, 'f', '' FROM %s ORDER BY 1",
    /* goose: the newest row of each version decides; version 0 is goose's own first row */
    [FT_GOOSE] = "SELECT version_id::text, " TS(
        "tstamp") ", 'f', '' FROM (SELECT DISTINCT ON (version_id) "
                  "version_id, tstamp, is_applied FROM %s ORDER BY version_id, id DESC) g "
                  "WHERE is_applied AND version_id <> 0 ORDER BY version_id",
    [FT_FLYWAY] = "SELECT coalesce(version, script), " TS(
        "installed_on") ", CASE WHEN success THEN 'f' "
                        "ELSE 't' END, type || CASE WHEN version IS NULL THEN ':R' ELSE '' END FROM %s "
                        "ORDER BY installed_rank",
    [FT_PRISMA] = "SELECT migration_name, " TS(
        "finished_at") ", CASE WHEN finished_at IS NULL THEN 't' "
                       "ELSE 'f' END, '' FROM %s WHERE rolled_back_at IS NULL ORDER BY started_at",
    [FT_DIESEL] = "SELECT version::text, " TS("run_on") ", 'f', '' FROM %s ORDER BY 1",
    [FT_SQITCH] = "SELECT change, " TS("committed_at") ", 'f', '' FROM %s ORDER BY committed_at",
};

static char *col(PGresult *r, int i, int c)
{
	return PQgetisnull(r, i, c) ? NULL : xstrdup(PQgetvalue(r, i, c));
}

/* The table's oid text, its schema, and whether it exists. 0 or -1 (DL). */
static int resolve(PGconn *conn, const char *schema, const char *table, char **nsp, bool *exists,
                   DiagList *dl)
{
	StrBuf q = STRBUF_INIT;
	sql_quote_qualified(&q, schema, table);
	const char *params[1] = {sb_str(&q)};
	PGresult *r =
	    db_query(conn,
	             "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
	             "WHERE c.oid = to_regclass($1)",
	             1, params, "looking for the history table", dl);
	sb_release(&q);
	if (!r)
		return -1;
	*exists = PQntuples(r) == 1;
	*nsp = *exists ? xstrdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	return 0;
}

/* The columns of SCHEMA.TABLE that are missing from NEED (a NULL-terminated list), comma-separated, or
 * NULL when none is (or on error: DL). */
static char *missing_columns(PGconn *conn, const char *schema, const char *table, const char *const *need,
                             size_t nneed, DiagList *dl)
{
	const char *params[2] = {schema, table};
	PGresult *r = db_query(conn,
	                       "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
	                       "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND "
	                       "c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped",
	                       2, params, "reading the history table's columns", dl);
	if (!r)
		return NULL;
	StrBuf miss = STRBUF_INIT;
	for (size_t k = 0; k < nneed && need[k]; k++) {
		bool have = false;
		for (int i = 0; i < PQntuples(r) && !have; i++)
			have = !strcmp(PQgetvalue(r, i, 0), need[k]);
		if (!have)
			sb_appendf(&miss, "%s\"%s\"", miss.len ? ", " : "", need[k]);
	}
	PQclear(r);
	return miss.len ? sb_detach(&miss) : NULL;
}

static bool has_tool_columns(PGconn *conn, const char *schema, const char *table, ForeignTool tool);

static void push_row(ForeignHistory *fh, char *key, char *at, bool upto, bool failed)
{
	fh->rows = xrealloc(fh->rows, sizeof(ForeignRow) * (fh->n + 1));
	fh->rows[fh->n++] = (ForeignRow){key, at, upto, failed};
}

/* Flyway: rows in installed_rank order; an undo or delete row takes its version back out, a later run of
 * a repeatable replaces the earlier one, a BASELINE row stands for every version up to it. */
static void flyway_row(ForeignHistory *fh, char *key, char *at, bool failed, const char *type)
{
	bool repeatable = strstr(type, ":R") != NULL;
	bool remove = !strncmp(type, "UNDO", 4) || !strncmp(type, "DELETE", 6);
	if (!strncmp(type, "SCHEMA", 6)) { /* flyway created the schema: not a migration */
		free(key), free(at);
		return;
	}
	for (size_t i = 0; i < fh->n; i++) {
		if (strcmp(fh->rows[i].key, key))
			continue;
		if (remove || repeatable) {
			free(fh->rows[i].key);
			free(fh->rows[i].applied_at);
			memmove(&fh->rows[i], &fh->rows[i + 1], sizeof(ForeignRow) * (fh->n - i - 1));
			fh->n--;
		}
		break;
	}
	if (remove) {
		free(key), free(at);
		return;
	}
	push_row(fh, key, at, !strncmp(type, "BASELINE", 8), failed);
}

int foreign_history_load(PGconn *conn, ForeignTool tool, const char *schema, ForeignHistory *out,
                         DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	out->tool = tool;
	const ForeignToolInfo *ti = &foreign_tools[tool];
	const char *want_schema = schema ? schema : ti->schema;
	char *nsp = NULL;
	if (resolve(conn, want_schema, ti->table, &nsp, &out->exists, dl) != 0)
		return -1;
	StrBuf q = STRBUF_INIT;
	sql_quote_qualified(&q, nsp ? nsp : want_schema, ti->table);
	out->table = sb_detach(&q);
	if (!out->exists)
		return 0;
	size_t nneed = 0;
	while (nneed < 6 && tool_columns[tool][nneed])
		nneed++;
	DiagList cdl = DIAGLIST_INIT;
	char *miss = missing_columns(conn, nsp, ti->table, tool_columns[tool], nneed, &cdl);
	if (cdl.n) {
		diag_list_append_all(dl, &cdl);
		free(nsp);
		return -1;
	}
	if (miss) {
		Diag *d = diag_add(dl, SEV_ERROR, "foreign-history", NULL, 0, 0,
		                   "table %s is not %s's history table: it has no column %s", out->table,
		                   ti->label, miss);
		ForeignTool other = foreign_history_identify(conn, nsp, ti->table);
		if (other != FT__COUNT)
			diag_set_hint(d, "it looks like %s's: try --from %s", foreign_tools[other].label,
			              foreign_tools[other].name);
		free(miss);
		free(nsp);
		return -1;
	}
	if (tool == FT_DBMATE && has_tool_columns(conn, nsp, ti->table, FT_GOLANG_MIGRATE)) {
		/* one row with a dirty flag: golang-migrate's, which records only the newest version */
		Diag *d =
		    diag_add(dl, SEV_ERROR, "foreign-history", NULL, 0, 0,
		             "table %s is golang-migrate's history table (it has a \"dirty\" column), not "
		             "dbmate's",
		             out->table);
		diag_set_hint(d, "use --from golang-migrate");
		free(nsp);
		return -1;
	}
	free(nsp);
	char *sql = xasprintf(tool_query[tool], out->table);
	PGresult *r = db_query(conn, sql, 0, NULL, "reading the history table", dl);
	free(sql);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		char *key = col(r, i, 0);
		if (!key)
			continue;
		char *at = col(r, i, 1);
		bool failed = PQgetvalue(r, i, 2)[0] == 't';
		if (tool == FT_FLYWAY)
			flyway_row(out, key, at, failed, PQgetvalue(r, i, 3));
		else
			push_row(out, key, at, tool == FT_GOLANG_MIGRATE || tool == FT_ALEMBIC, failed);
	}
	PQclear(r);
	return 0;
}

void foreign_history_free(ForeignHistory *fh)
{
	for (size_t i = 0; i < fh->n; i++) {
		free(fh->rows[i].key);
		free(fh->rows[i].applied_at);
	}
	free(fh->rows);
	free(fh->table);
	memset(fh, 0, sizeof(*fh));
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The key TOOL's table would hold for M (heap), or NULL when M carries none (no import marker). */
static char *migration_key(ForeignTool tool, const Migration *m)
{
	ImportMarker mk;
	char *key = NULL;
	switch (tool) {
	case FT_DJANGO:
		if (import_marker_find(m->up_sql, "django", &mk)) {
			const char *app = import_marker_get(&mk, "app"),
			           *name = import_marker_get(&mk, "name");
			if (app && name)
				key = xasprintf("%s.%s", app, name);
			import_marker_release(&mk);
		}
		return key;
	case FT_ALEMBIC:
		if (import_marker_find(m->up_sql, "alembic", &mk)) {
			const char *rev = import_marker_get(&mk, "revision");
			key = rev ? xstrdup(rev) : NULL;
			import_marker_release(&mk);
		}
		return key;
	case FT_PRISMA: { /* the folder name */
		const char *slash = strrchr(m->up_path, '/');
		if (!slash)
			return xasprintf("%s_%s", m->version, m->name);
		const char *start = slash;
		while (start > m->up_path && start[-1] != '/')
			start--;
		return xstrndup(start, (size_t)(slash - start));
	}
	case FT_SQITCH:
		return xstrdup(m->name);
	case FT_FLYWAY:
		if (m->kind == MIG_REPEATABLE)
			return xstrdup(base_name(m->up_path));
		return xstrdup(m->version);
	default:
		return xstrdup(m->version);
	}
}

/* Keys compare as versions for the tools that key by version, else as strings. */
static bool key_equal(ForeignTool tool, const MigrationSet *set, const Migration *m, const char *mkey,
                      const char *key)
{
	switch (tool) {
	case FT_DJANGO:
	case FT_ALEMBIC:
	case FT_PRISMA:
	case FT_SQITCH:
		return !strcmp(mkey, key);
	case FT_FLYWAY:
		if (m->kind == MIG_REPEATABLE)
			return !strcmp(mkey, key);
		return mig_version_cmp(FMT_FLYWAY, mkey, key) == 0;
	default:
		return m->kind == MIG_VERSIONED && mig_set_version_cmp(set, mkey, key) == 0;
	}
}

/* Alembic: every ancestor of an applied revision is applied. Files are in a linear order where each
 * revision follows its down revisions, so one pass from the end carries the marks to every ancestor. */
static void alembic_ancestors(const MigrationSet *set, bool *applied)
{
	for (size_t i = set->n; i-- > 0;) {
		if (!applied[i])
			continue;
		ImportMarker mk;
		if (!import_marker_find(set->items[i].up_sql, "alembic", &mk))
			continue;
		const char *down = import_marker_get(&mk, "down");
		char *list = xstrdup(down ? down : "");
		char *save = NULL;
		for (char *tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			for (size_t j = 0; j < i; j++) {
				char *k = migration_key(FT_ALEMBIC, &set->items[j]);
				if (k && !strcmp(k, tok))
					applied[j] = true;
				free(k);
			}
		free(list);
		import_marker_release(&mk);
	}
}

size_t foreign_history_match(const ForeignHistory *fh, const MigrationSet *set, bool *applied, bool *failed,
                             bool missing_err, DiagList *dl)
{
	size_t unmatched = 0;
	char **keys = xcalloc(set->n + 1, sizeof(char *));
	for (size_t i = 0; i < set->n; i++) {
		applied[i] = false;
		if (failed)
			failed[i] = false;
		keys[i] = migration_key(fh->tool, &set->items[i]);
	}
	for (size_t r = 0; r < fh->n; r++) {
		const ForeignRow *row = &fh->rows[r];
		bool found = false;
		for (size_t i = 0; i < set->n; i++) {
			const Migration *m = &set->items[i];
			if (!keys[i])
				continue;
			bool exact = key_equal(fh->tool, set, m, keys[i], row->key);
			bool below = row->upto && fh->tool != FT_ALEMBIC && m->kind == MIG_VERSIONED &&
			             mig_version_cmp(fh->tool == FT_FLYWAY ? FMT_FLYWAY : set->format,
			                             keys[i], row->key) < 0;
			if (exact)
				found = true;
			if (exact || below)
				applied[i] = true;
			if (exact && row->failed && failed)
				failed[i] = true;
		}
		if (!found) {
			unmatched++;
			Diag *d =
			    diag_add(dl, missing_err ? SEV_ERROR : SEV_WARNING, "foreign-missing-file", NULL,
			             0, 0, "%s recorded \"%s\" in %s, but no migration in \"%s\" is it",
			             foreign_tools[fh->tool].label, row->key, fh->table, set->dir);
			if (fh->tool == FT_DJANGO || fh->tool == FT_ALEMBIC)
				diag_set_hint(d, "import the new migrations first (strata import %s)",
				              foreign_tools[fh->tool].name);
		}
	}
	if (fh->tool == FT_ALEMBIC)
		alembic_ancestors(set, applied);
	for (size_t i = 0; i < set->n; i++)
		free(keys[i]);
	free(keys);
	return unmatched;
}

void foreign_history_rows(const ForeignHistory *fh, const MigrationSet *set, HistoryRows *out)
{
	memset(out, 0, sizeof(*out));
	bool *applied = xcalloc(set->n + 1, sizeof(bool)), *failed = xcalloc(set->n + 1, sizeof(bool));
	DiagList tmp = DIAGLIST_INIT;
	(void)foreign_history_match(fh, set, applied, failed, false, &tmp);
	diag_list_release(&tmp);
	const char *mode = foreign_tools[fh->tool].name;
	for (size_t i = 0; i < set->n; i++) {
		if (!applied[i])
			continue;
		const Migration *m = &set->items[i];
		HistoryRow h = {0};
		char sum[65];
		migration_checksum(m, sum);
		h.version = xstrdup(m->version);
		h.name = xstrdup(m->name ? m->name : "");
		h.checksum = xstrdup(sum);
		h.format = xstrdup(mig_format_name(m->format));
		h.mode = xstrdup(mode);
		char *key = migration_key(fh->tool, m);
		for (size_t r = 0; r < fh->n && key; r++)
			if (key_equal(fh->tool, set, m, key, fh->rows[r].key) && fh->rows[r].applied_at)
				h.applied_at = xstrdup(fh->rows[r].applied_at);
		free(key);
		if (!h.applied_at)
			h.applied_at = xstrdup("");
		h.applied_by = xstrdup("");
		h.success = !failed[i];
		vec_push(out, h);
	}
	/* entries no file stands for */
	char **keys = xcalloc(set->n + 1, sizeof(char *));
	for (size_t i = 0; i < set->n; i++)
		keys[i] = migration_key(fh->tool, &set->items[i]);
	for (size_t r = 0; r < fh->n; r++) {
		bool found = false;
		for (size_t i = 0; i < set->n && !found; i++)
			found = keys[i] && key_equal(fh->tool, set, &set->items[i], keys[i], fh->rows[r].key);
		if (found)
			continue;
		HistoryRow h = {0};
		h.version = xstrdup(fh->rows[r].key);
		h.name = xstrdup("");
		h.checksum = xstrdup("");
		h.format = xstrdup("");
		h.mode = xstrdup(mode);
		h.applied_at = xstrdup(fh->rows[r].applied_at ? fh->rows[r].applied_at : "");
		h.applied_by = xstrdup("");
		h.success = !fh->rows[r].failed;
		vec_push(out, h);
	}
	for (size_t i = 0; i < set->n; i++)
		free(keys[i]);
	free(keys);
	free(applied);
	free(failed);
}

/* True when SCHEMA.TABLE has every column TOOL reads. */
static bool has_tool_columns(PGconn *conn, const char *schema, const char *table, ForeignTool tool)
{
	size_t nneed = 0;
	while (nneed < 6 && tool_columns[tool][nneed])
		nneed++;
	DiagList tmp = DIAGLIST_INIT;
	char *miss = missing_columns(conn, schema, table, tool_columns[tool], nneed, &tmp);
	bool ok = !miss && !tmp.n;
	free(miss);
	diag_list_release(&tmp);
	return ok;
}

ForeignTool foreign_history_identify(PGconn *conn, const char *schema, const char *table)
{
	if (!schema)
		schema = "public";
	/* tools that fix their schema first (Supabase's schema_migrations is not dbmate's), then the rest;
	 * golang-migrate before dbmate: its columns are a superset of dbmate's */
	static const ForeignTool order[] = {FT_SUPABASE, FT_SQITCH, FT_DJANGO, FT_ALEMBIC, FT_GOLANG_MIGRATE,
	                                    FT_DBMATE,   FT_GOOSE,  FT_FLYWAY, FT_PRISMA,  FT_DIESEL};
	for (size_t k = 0; k < ARRAY_LEN(order); k++) {
		const ForeignToolInfo *ti = &foreign_tools[order[k]];
		if (strcmp(ti->table, table) || (ti->schema && strcmp(ti->schema, schema)))
			continue;
		if (has_tool_columns(conn, schema, table, order[k]))
			return order[k];
	}
	return FT__COUNT;
}
