/* lint.c — the lint engine: the rule table, configuration (strata.conf [lint], [tenants]), inline
 * `-- strata:disable` comments, and reporting. The rules themselves live in lint_locking.c (deploy safety
 * and style) and lint_tenancy.c (shared-schema tenant isolation). */
#include "strata.h"
#include "analysis/lint.h"
#include "project/import_marker.h"
#include "sql/parse.h"
#include "util/hmap.h"

#include <ctype.h>
#include <stdarg.h>

const LintRule lint_rules[LR__COUNT] = {
    [LR_NOT_NULL_NO_DEFAULT] = {"not-null-without-default", SEV_WARNING, false,
                                "NOT NULL column without a default added to an existing table"},
    [LR_VOLATILE_DEFAULT] = {"volatile-default", SEV_WARNING, false,
                             "column added to an existing table with a volatile default (table rewrite)"},
    [LR_TYPE_REWRITE] = {"type-change-rewrite", SEV_WARNING, false,
                         "column type change that rewrites the table"},
    [LR_INDEX_NOT_CONCURRENT] = {"index-not-concurrent", SEV_WARNING, false,
                                 "CREATE INDEX without CONCURRENTLY on a table that existed before"},
    [LR_CONCURRENT_IN_TX] = {"concurrently-in-transaction", SEV_WARNING, false,
                             "CONCURRENTLY in a migration that runs inside a transaction"},
    [LR_CONSTRAINT_NOT_VALID] = {"constraint-without-not-valid", SEV_WARNING, false,
                                 "foreign key or check added to an existing table without NOT VALID"},
    [LR_OBJECT_IN_USE] = {"object-in-use", SEV_WARNING, false,
                          "dropped or renamed table/column still used by a view or function"},
    [LR_FK_NO_INDEX] = {"fk-without-index", SEV_WARNING, false,
                        "foreign key whose columns no index leads with"},
    [LR_LOCK_TIMEOUT] = {"lock-timeout-missing", LINT_OFF, false,
                         "lock-heavy statement in a migration that does not SET lock_timeout"},
    [LR_PREFER_IDENTITY] = {"prefer-identity", LINT_OFF, false, "serial column where identity fits"},
    [LR_PREFER_TEXT] = {"prefer-text", LINT_OFF, false, "varchar(n) column"},
    [LR_PREFER_TIMESTAMPTZ] = {"prefer-timestamptz", LINT_OFF, false, "timestamp without time zone column"},
    [LR_TENANT_RLS] = {"tenant-rls", SEV_WARNING, true,
                       "tenant table without row-level security enabled, forced, and a policy"},
    [LR_TENANT_KEY] = {"tenant-key", SEV_WARNING, true,
                       "unique key or foreign key on a tenant table without the tenant column"},
    [LR_TENANT_INDEX] = {"tenant-index", SEV_WARNING, true,
                         "index on a tenant table that does not lead with the tenant column"},
    [LR_TENANT_GLOBAL] = {"tenant-global", SEV_WARNING, true,
                          "table without the tenant column that is not listed as global"},
    [LR_UNEXPORTED] = {"unexported-operation", SEV_WARNING, false,
                       "a migration strata imported without some of its operations (a `-- strata:warning` "
                       "line)"},
};

int lint_rule_find(const char *id)
{
	for (int i = 0; i < LR__COUNT; i++)
		if (!strcmp(lint_rules[i].id, id))
			return i;
	return -1;
}

static int parse_sev(const char *v)
{
	if (!strcmp(v, "off"))
		return LINT_OFF;
	if (!strcmp(v, "info"))
		return SEV_INFO;
	if (!strcmp(v, "warning"))
		return SEV_WARNING;
	if (!strcmp(v, "error"))
		return SEV_ERROR;
	return -2;
}

int lint_config_init(LintConfig *lc, const Config *cfg, DiagList *dl)
{
	memset(lc, 0, sizeof(*lc));
	lc->tenant_column = "tenant_id";
	bool shared = cfg && cfg->tenant_mode && !strcmp(cfg->tenant_mode, "shared");
	for (int i = 0; i < LR__COUNT; i++)
		lc->sev[i] = lint_rules[i].tenancy && !shared ? LINT_OFF : lint_rules[i].def;
	int rc = 0;
	if (!cfg)
		return 0;
	const char *file = cfg->path ? cfg->path : "strata.conf";
	for (size_t i = 0; i < cfg->n_rules; i++) {
		int line = cfg->rule_lines ? cfg->rule_lines[i] : 0;
		int r = lint_rule_find(cfg->rules[i].name);
		int s = parse_sev(cfg->rules[i].value);
		if (r < 0) {
			Diag *d = diag_add(dl, SEV_ERROR, "config", file, line, line ? 1 : 0,
			                   "unknown lint rule \"%s\"", cfg->rules[i].name);
			diag_set_hint(d, "the rules are listed in docs/rules.md");
			rc = -1;
		} else if (s == -2) {
			Diag *d = diag_add(dl, SEV_ERROR, "config", file, line, line ? 1 : 0,
			                   "invalid severity \"%s\" for lint rule \"%s\"",
			                   cfg->rules[i].value, cfg->rules[i].name);
			diag_set_hint(d, "use off, info, warning or error");
			rc = -1;
		} else {
			lc->sev[r] = s;
		}
	}
	if (cfg->tenant_global) { /* comma-separated, spaces allowed */
		const char *p = cfg->tenant_global;
		while (*p) {
			while (*p == ',' || isspace((unsigned char)*p))
				p++;
			const char *s = p;
			while (*p && *p != ',')
				p++;
			const char *e = p;
			while (e > s && isspace((unsigned char)e[-1]))
				e--;
			if (e > s) {
				lc->globals = xrealloc(lc->globals, sizeof(char *) * (lc->nglobals + 1));
				lc->globals[lc->nglobals++] = xstrndup(s, (size_t)(e - s));
			}
		}
	}
	return rc;
}

void lint_config_release(LintConfig *lc)
{
	for (size_t i = 0; i < lc->nglobals; i++)
		free((char *)lc->globals[i]);
	free(lc->globals);
	memset(lc, 0, sizeof(*lc));
}

/* ---- the linter ---- */

typedef struct Suppress {
	int line;     /* comment line; 0 = whole file */
	char **rules; /* NULL entry list = all rules ("strata:disable" alone) */
	size_t n;
} Suppress;

struct Linter {
	const MigrationSet *set;
	const LintConfig *lc;
	DiagList *dl;
	int mig; /* current migration index, -1 before the first */
	ReplayState *st;
	const SqlStmt *stmt;
	int prev_end_line; /* line where the previous statement ended */
	Suppress *sup;     /* of the current migration */
	size_t nsup;
	bool stmt_off[LR__COUNT]; /* rules disabled for the current statement */
	bool file_off[LR__COUNT];
	bool file_all, stmt_all;
	Diag *last;
	HMap texts; /* path → SqlLines of its text (built on first use), for whole-catalog findings */
	/* whole-file disables of every migration, for whole-catalog rules: path → bool[LR__COUNT] */
	HMap file_disables;
	void *locking; /* lint_locking.c's per-migration state */
	/* concurrently-in-transaction findings wait for the end of the migration: tools that send a file of
	 * only CONCURRENTLY statements outside a transaction (Flyway detects them; Prisma and golang-migrate
	 * send one statement as one implicit-transaction-free query) make them harmless */
	DiagList conc;
	int nstmts, nconc;
	IgnoreList own_ignore; /* the defaults, when the config brings no list */
	IgnoreList *ig;
};

static void flush_conc(Linter *L)
{
	const Migration *m = lint_migration(L);
	bool harmless = m && L->nconc == L->nstmts &&
	                (m->format == FMT_FLYWAY ||
	                 ((m->format == FMT_PRISMA || m->format == FMT_GOLANG_MIGRATE) && L->nstmts == 1));
	if (harmless)
		diag_list_release(&L->conc);
	else
		diag_list_append_all(L->dl, &L->conc);
	L->nstmts = L->nconc = 0;
}

void lint_note_concurrent(Linter *L, bool start);
/* Called by lint_locking.c around a concurrently-in-transaction report (START true before, false after). */
void lint_note_concurrent(Linter *L, bool start)
{
	static _Thread_local DiagList *saved; /* per thread: two linters may run at once */
	if (start) {
		saved = L->dl;
		L->dl = &L->conc;
		L->nconc++;
	} else {
		L->dl = saved;
	}
}

static void free_sup(Linter *L)
{
	for (size_t i = 0; i < L->nsup; i++) {
		for (size_t j = 0; j < L->sup[i].n; j++)
			free(L->sup[i].rules[j]);
		free(L->sup[i].rules);
	}
	free(L->sup);
	L->sup = NULL;
	L->nsup = 0;
}

/* Scan TEXT for `-- strata:disable [RULE[, RULE...]]` comments. */
static void scan_suppress(Linter *L, const char *text)
{
	free_sup(L);
	if (!text)
		return;
	int line = 1;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			continue;
		}
		if (p[0] != '-' || p[1] != '-')
			continue;
		const char *q = p + 2;
		while (*q == ' ' || *q == '\t')
			q++;
		if (strncmp(q, "strata:disable", 14) != 0) {
			while (*p && *p != '\n')
				p++;
			if (!*p)
				break;
			line++;
			continue;
		}
		q += 14;
		Suppress s = {line, NULL, 0};
		for (;;) {
			while (*q == ' ' || *q == '\t' || *q == ',')
				q++;
			const char *b = q;
			while (*q && *q != '\n' && *q != ' ' && *q != '\t' && *q != ',')
				q++;
			if (q == b)
				break;
			s.rules = xrealloc(s.rules, sizeof(char *) * (s.n + 1));
			s.rules[s.n++] = xstrndup(b, (size_t)(q - b));
		}
		L->sup = xrealloc(L->sup, sizeof(Suppress) * (L->nsup + 1));
		L->sup[L->nsup++] = s;
		p = q;
		while (*p && *p != '\n')
			p++;
		if (!*p)
			break;
		line++;
	}
}

static void apply_sup(const Suppress *s, bool *off, bool *all)
{
	if (!s->n) {
		*all = true;
		return;
	}
	for (size_t j = 0; j < s->n; j++) {
		int r = lint_rule_find(s->rules[j]);
		if (r >= 0)
			off[r] = true;
	}
}

Linter *linter_new(const MigrationSet *set, const LintConfig *lc, DiagList *dl)
{
	Linter *L = xcalloc(1, sizeof(*L));
	L->set = set;
	L->lc = lc;
	L->dl = dl;
	L->mig = -1;
	hmap_init(&L->texts);
	hmap_init(&L->file_disables);
	ignore_init(&L->own_ignore);
	L->ig = lc->ignore ? lc->ignore : &L->own_ignore;
	for (size_t i = 0; i < set->n; i++) {
		const Migration *m = &set->items[i];
		if (!m->up_path || !m->up_sql || hmap_has(&L->texts, m->up_path))
			continue; /* one file run twice (a temporal manifest listing it twice): indexed once
			           */
		SqlLines *li = xcalloc(1, sizeof(*li));
		li->text = m->up_sql;
		hmap_put(&L->texts, m->up_path, li);
		/* whole-file disables, for the rules that run over the final catalog */
		scan_suppress(L, m->up_sql);
		bool *off = NULL;
		int first_line = 1;
		size_t o = sql_skip_space_and_comments(m->up_sql, 0);
		int c;
		sql_offset_to_linecol(m->up_sql, o, &first_line, &c);
		for (size_t k = 0; k < L->nsup; k++) {
			if (L->sup[k].line >= first_line - 1)
				continue; /* right before the first statement: that statement only */
			if (!off)
				off = xcalloc(LR__COUNT + 1, sizeof(bool));
			apply_sup(&L->sup[k], off, &off[LR__COUNT]);
		}
		if (off)
			hmap_put(&L->file_disables, m->up_path, off);
	}
	free_sup(L);
	return L;
}

void linter_free(Linter *L)
{
	if (!L)
		return;
	free_sup(L);
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&L->texts, &i, &k, &v);) {
		sql_lines_free(v);
		free(v);
	}
	hmap_release(&L->texts);
	for (size_t i = 0; hmap_next(&L->file_disables, &i, &k, &v);)
		free(v);
	hmap_release(&L->file_disables);
	free(L->locking);
	diag_list_release(&L->conc);
	ignore_release(&L->own_ignore);
	free(L);
}

bool lint_ignored(Linter *L, const CatObject *table)
{
	const char *why = table ? ignore_table_reason(L->ig, table->schema, table->name) : NULL;
	if (!why)
		why = table ? ignore_schema_reason(L->ig, table->schema) : NULL;
	if (why)
		ignore_mark_seen(L->ig, table->name, why);
	return why != NULL;
}

/* The table STMT creates or alters (CREATE TABLE, ALTER TABLE, CREATE INDEX), or NULL. */
static const PgQuery__RangeVar *stmt_table(const SqlStmt *stmt)
{
	const PgQuery__Node *n = stmt->node;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return n->create_stmt->relation;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return n->alter_table_stmt->relation;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return n->index_stmt->relation;
	default:
		return NULL;
	}
}

/* Statements on an ignored table (other tools' history tables) are not linted. */
static bool stmt_ignored(Linter *L, const SqlStmt *stmt)
{
	const PgQuery__RangeVar *rv = stmt_table(stmt);
	if (!rv || !rv->relname)
		return false;
	const char *schema = rv->schemaname && *rv->schemaname ? rv->schemaname : NULL;
	const char *why = ignore_table_reason(L->ig, schema, rv->relname);
	if (!why && schema)
		why = ignore_schema_reason(L->ig, schema);
	if (why)
		ignore_mark_seen(L->ig, rv->relname, why);
	return why != NULL;
}

void lint_report_marks(const MigrationSet *set, const LintConfig *lc, DiagList *dl)
{
	int sev = lc->sev[LR_UNEXPORTED];
	for (size_t i = 0; i < set->n && sev != LINT_OFF; i++) {
		const Migration *m = &set->items[i];
		size_t pos = 0;
		char *rule, *msg;
		int line;
		while (m->up_sql && import_warning_next(m->up_sql, &pos, &rule, &msg, &line)) {
			Diag *d = diag_add(dl, (Severity)sev, lint_rules[LR_UNEXPORTED].id, m->up_path, line,
			                   1, "%s", msg);
			diag_set_detail(d, "marked \"%s\" by strata import: strata does not run it", rule);
			diag_set_hint(d,
			              "run that part with the project's own tool, or replace the marked line "
			              "with SQL that does the same");
			free(rule);
			free(msg);
		}
	}
}

void linter_hook_options(Linter *L, ReplayOptions *ro)
{
	ro->stmt_hook = lint_stmt_hook;
	ro->hook_ud = L;
}

const Migration *lint_migration(Linter *L)
{
	return L->mig >= 0 && (size_t)L->mig < L->set->n ? &L->set->items[L->mig] : NULL;
}

const LintConfig *lint_config(Linter *L)
{
	return L->lc;
}

Diag *lint_last(Linter *L)
{
	return L->last;
}

bool lint_existed_before(Linter *L, const CatObject *o)
{
	const Migration *m = lint_migration(L);
	if (!o || !m)
		return false;
	if (!o->origin.version)
		return true; /* prerequisite setup, or outside the history */
	return strcmp(o->origin.version, m->version) != 0;
}

void lint_stmt_hook(void *ud, ReplayState *st, const SqlStmt *stmt, bool after)
{
	Linter *L = ud;
	L->st = st;
	L->stmt = stmt;
	if (st->mig_index != L->mig) {
		flush_conc(L);
		L->mig = st->mig_index;
		L->prev_end_line = 0;
		memset(L->file_off, 0, sizeof(L->file_off));
		L->file_all = false;
		const Migration *m = lint_migration(L);
		scan_suppress(L, m ? m->up_sql : NULL);
		for (size_t k = 0; k < L->nsup; k++)
			if (L->sup[k].line < stmt->line - 1)
				apply_sup(&L->sup[k], L->file_off, &L->file_all);
		free(L->locking);
		L->locking = NULL;
	}
	if (!after) {
		if (stmt->node->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT)
			L->nstmts++;
		memset(L->stmt_off, 0, sizeof(L->stmt_off));
		L->stmt_all = stmt_ignored(L, stmt);
		for (size_t k = 0; k < L->nsup; k++)
			if (L->sup[k].line >= L->prev_end_line && L->sup[k].line < stmt->line)
				apply_sup(&L->sup[k], L->stmt_off, &L->stmt_all);
	}
	lint_locking_stmt(L, st, stmt, after);
	if (after && st->text) {
		int c;
		sql_lines_build(&st->lines, st->text);
		sql_lines_locate(&st->lines, (size_t)(stmt->offset + stmt->len), &L->prev_end_line, &c);
	}
}

void *lint_locking_state(Linter *L, size_t size);
void *lint_locking_state(Linter *L, size_t size)
{
	if (!L->locking)
		L->locking = xcalloc(1, size);
	return L->locking;
}

static void vreport(Linter *L, LintRuleId rule, const char *file, SqlLines *li, int off, int line, int col,
                    const char *fmt, va_list ap)
{
	L->last = NULL;
	int sev = L->lc->sev[rule];
	if (sev == LINT_OFF)
		return;
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	if (li && off >= 0)
		sql_lines_locate(li, (size_t)off, &line, &col);
	Diag *d = diag_add(L->dl, (Severity)sev, lint_rules[rule].id, file, line, col, "%s", msg ? msg : "?");
	free(msg);
	if (li && off >= 0)
		sql_attach_source_line(d, li->text, (size_t)off);
	L->last = d;
}

void lint_report(Linter *L, LintRuleId rule, int off, const char *fmt, ...)
{
	if (L->file_all || L->stmt_all || L->file_off[rule] || L->stmt_off[rule] || !L->st) {
		L->last = NULL;
		return;
	}
	if (off < 0)
		off = L->stmt->offset;
	va_list ap;
	va_start(ap, fmt);
	SqlLines *li = NULL;
	if (L->st->text) {
		li = &L->st->lines;
		sql_lines_build(li, L->st->text);
	}
	vreport(L, rule, L->st->file, li, off, 0, 0, fmt, ap);
	va_end(ap);
}

void lint_report_at(Linter *L, LintRuleId rule, const CatLoc *loc, const char *fmt, ...)
{
	L->last = NULL;
	SqlLines *li = NULL;
	if (loc->file) {
		bool *off = hmap_get(&L->file_disables, loc->file);
		if (off && (off[LR__COUNT] || off[rule]))
			return;
		li = hmap_get(&L->texts, loc->file);
	}
	va_list ap;
	va_start(ap, fmt);
	vreport(L, rule, loc->file, NULL, -1, loc->line, loc->col, fmt, ap);
	va_end(ap);
	if (L->last && li && loc->line > 0) {
		/* source line for the caret */
		sql_lines_build(li, li->text);
		sql_attach_source_line(L->last, li->text, sql_lines_start(li, loc->line));
	}
}

void linter_finish(Linter *L, Catalog *cat)
{
	flush_conc(L);
	L->st = NULL;
	lint_report_marks(L->set, L->lc, L->dl);
	lint_locking_finish(L, cat);
	lint_tenancy_finish(L, cat);
}
