/* lint.c — the lint engine: the rule table, configuration (strata.conf [lint], [tenants]), inline
 * suppressions (`-- strata:ignore`, `-- strata:ignore-file`, `-- strata:allow`, `-- strata:disable`),
 * weighing by live table sizes, and reporting. The rules themselves live in lint_locking.c (locks and
 * rewrites), lint_compat.c (running clients, data, transactions, types) and lint_tenancy.c (shared-schema
 * tenant isolation). */
#include "strata.h"
#include "analysis/lint.h"
#include "analysis/replay_int.h"
#include "analysis/scope.h"
#include "project/import_marker.h"
#include "sql/parse.h"
#include "project/plan.h"
#include "util/hmap.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>

void *lint_compat_state(Linter *L, size_t size); /* lint_compat.c's per-migration state */
void lint_compat_free(void *state);

#define LOCK LRF_LOCK
const LintRule lint_rules[LR__COUNT] = {
    [LR_NOT_NULL_NO_DEFAULT] = {"not-null-without-default", SEV_WARNING, false, LRF_ROWS,
                                "adding-required-field",
                                "NOT NULL column without a default added to an existing table"},
    [LR_VOLATILE_DEFAULT] = {"volatile-default", SEV_WARNING, false, LOCK, "adding-field-with-default",
                             "column added to an existing table with a volatile default (table rewrite)"},
    [LR_TYPE_REWRITE] = {"type-change-rewrite", SEV_WARNING, false, LOCK, "changing-column-type",
                         "column type change that rewrites the table"},
    [LR_INDEX_NOT_CONCURRENT] =
        {"index-not-concurrent", SEV_WARNING, false, LOCK,
         "require-concurrent-index-creation, require-concurrent-reindex",
         "CREATE INDEX or REINDEX without CONCURRENTLY on a table that existed before"},
    [LR_CONCURRENT_IN_TX] = {"concurrently-in-transaction", SEV_WARNING, false, 0,
                             "ban-concurrent-index-creation-in-transaction",
                             "CONCURRENTLY in a migration that runs inside a transaction"},
    [LR_CONSTRAINT_NOT_VALID] = {"constraint-without-not-valid", SEV_WARNING, false, LOCK,
                                 "constraint-missing-not-valid",
                                 "check constraint added to an existing table without NOT VALID"},
    [LR_OBJECT_IN_USE] = {"object-in-use", SEV_WARNING, false, 0, NULL,
                          "dropped or renamed table/column still used by a view or function"},
    [LR_FK_NO_INDEX] = {"fk-without-index", SEV_WARNING, false, 0, NULL,
                        "foreign key whose columns no index leads with"},
    [LR_LOCK_TIMEOUT] = {"lock-timeout-missing", LINT_OFF, false, 0, "require-lock-timeout",
                         "lock-heavy statement in a migration that does not SET lock_timeout"},
    [LR_FK_LOCK] = {"fk-lock", SEV_WARNING, false, LOCK, "adding-foreign-key-constraint",
                    "validated foreign key added to an existing table: both tables locked during the scan"},
    [LR_PK_NO_INDEX] = {"primary-key-without-index", SEV_WARNING, false, LOCK,
                        "adding-serial-primary-key-field",
                        "primary key added to an existing table without USING INDEX"},
    [LR_UNIQUE_NO_INDEX] = {"unique-without-index", SEV_WARNING, false, LOCK, "disallowed-unique-constraint",
                            "unique constraint added to an existing table without USING INDEX"},
    [LR_SET_NOT_NULL] = {"set-not-null", SEV_WARNING, false, LOCK, "adding-not-nullable-field",
                         "SET NOT NULL on an existing column without a validated CHECK (col IS NOT NULL)"},
    [LR_DROP_INDEX_NOT_CONCURRENT] = {"drop-index-not-concurrent", SEV_WARNING, false, LOCK,
                                      "require-concurrent-index-deletion",
                                      "DROP INDEX without CONCURRENTLY on an index that existed before"},
    [LR_DOMAIN_CHECK] = {"domain-check", SEV_WARNING, false, LOCK,
                         "ban-create-domain-with-constraint, ban-alter-domain-with-add-constraint",
                         "a domain's CHECK makes PostgreSQL scan or rewrite the tables using it"},
    [LR_DROP_COLUMN] = {"drop-column", SEV_WARNING, false, 0, "ban-drop-column",
                        "column dropped from an existing table (running clients, data)"},
    [LR_DROP_TABLE] = {"drop-table", SEV_WARNING, false, 0, "ban-drop-table",
                       "existing table dropped (running clients, data)"},
    [LR_DROP_DATABASE] = {"drop-database", SEV_WARNING, false, 0, "ban-drop-database",
                          "DROP DATABASE in a migration"},
    [LR_DROP_NOT_NULL] = {"drop-not-null", SEV_WARNING, false, 0, "ban-drop-not-null",
                          "DROP NOT NULL on an existing column (readers that rely on it)"},
    [LR_TRUNCATE_CASCADE] = {"truncate-cascade", SEV_WARNING, false, 0, "ban-truncate-cascade",
                             "TRUNCATE ... CASCADE that also empties referencing tables"},
    [LR_RENAME_COLUMN] = {"rename-column", SEV_WARNING, false, 0, "renaming-column",
                          "existing column renamed (running clients)"},
    [LR_RENAME_TABLE] = {"rename-table", SEV_WARNING, false, 0, "renaming-table",
                         "existing table renamed (running clients)"},
    [LR_ENUM_VALUE_ORDER] = {"enum-value-order", SEV_WARNING, false, 0, "require-enum-value-ordering",
                             "enum value appended out of the order of the existing values"},
    [LR_NOT_IDEMPOTENT] = {"not-idempotent", SEV_WARNING, false, 0, "prefer-robust-stmts",
                           "statement that fails when re-run, in a migration that runs outside a "
                           "transaction"},
    [LR_PREFER_IDENTITY] = {"prefer-identity", LINT_OFF, false, 0, "prefer-identity",
                            "serial column where identity fits"},
    [LR_PREFER_TEXT] = {"prefer-text", LINT_OFF, false, 0, "prefer-text-field", "varchar(n) column"},
    [LR_PREFER_TIMESTAMPTZ] = {"prefer-timestamptz", LINT_OFF, false, 0, "prefer-timestamp-tz",
                               "timestamp without time zone column"},
    [LR_CHAR_COLUMN] = {"char-column", LINT_OFF, false, 0, "ban-char-field", "char(n) column"},
    [LR_PREFER_BIGINT_KEY] = {"prefer-bigint-key", LINT_OFF, false, 0,
                              "prefer-bigint-over-int, prefer-bigint-over-smallint",
                              "integer or smallint primary key / identity column"},
    [LR_TENANT_RLS] = {"tenant-rls", SEV_WARNING, true, 0, NULL,
                       "tenant table without row-level security enabled, forced, and a policy"},
    [LR_TENANT_KEY] = {"tenant-key", SEV_WARNING, true, 0, NULL,
                       "unique key or foreign key on a tenant table without the tenant column"},
    [LR_TENANT_INDEX] = {"tenant-index", SEV_WARNING, true, 0, NULL,
                         "index on a tenant table that does not lead with the tenant column"},
    [LR_TENANT_GLOBAL] = {"tenant-global", SEV_WARNING, true, 0, NULL,
                          "table without the tenant column that is not listed as global"},
    [LR_UNEXPORTED] = {"unexported-operation", SEV_WARNING, false, 0, NULL,
                       "a migration strata imported without some of its operations (a `-- strata:warning` "
                       "line)"},
};
#undef LOCK

/* A rule that took over part of an older one (ADD PRIMARY KEY / UNIQUE were index-not-concurrent, a
 * validated FOREIGN KEY was constraint-without-not-valid): configuring or silencing the older one covers
 * it too, so existing settings keep their meaning. -1 when none. */
static int rule_parent(int r)
{
	switch (r) {
	case LR_PK_NO_INDEX:
	case LR_UNIQUE_NO_INDEX:
		return LR_INDEX_NOT_CONCURRENT;
	case LR_FK_LOCK:
		return LR_CONSTRAINT_NOT_VALID;
	default:
		return -1;
	}
}

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

/* A row count threshold: a non-negative number, optionally with k or M ("10k", "1.5M"). */
static bool parse_rows(const char *v, double *out)
{
	char *e;
	double d = strtod(v, &e);
	if (e == v || d < 0 || !isfinite(d))
		return false;
	while (*e == ' ')
		e++;
	if (*e == 'k' || *e == 'K')
		d *= 1e3, e++;
	else if (*e == 'M' || *e == 'm')
		d *= 1e6, e++;
	else if (*e == 'G' || *e == 'g' || *e == 'B' || *e == 'b')
		d *= 1e9, e++;
	*out = d;
	return *e == '\0';
}

int lint_config_init(LintConfig *lc, const Config *cfg, DiagList *dl)
{
	memset(lc, 0, sizeof(*lc));
	lc->tenant_column = "tenant_id";
	lc->small_table = LINT_SMALL_TABLE;
	lc->large_table = LINT_LARGE_TABLE;
	lc->tenants = -1;
	bool shared = cfg && cfg->tenant_mode && !strcmp(cfg->tenant_mode, "shared");
	for (int i = 0; i < LR__COUNT; i++)
		lc->sev[i] = lint_rules[i].tenancy && !shared ? LINT_OFF : lint_rules[i].def;
	int rc = 0;
	if (!cfg)
		return 0;
	const char *file = cfg->path ? cfg->path : "strata.conf";
	for (size_t i = 0; i < cfg->n_rules; i++) {
		const char *name = cfg->rules[i].name, *value = cfg->rules[i].value;
		int line = cfg->rule_lines ? cfg->rule_lines[i] : 0;
		if (!strcmp(name, "small_table") || !strcmp(name, "large_table")) {
			double d;
			if (!parse_rows(value, &d)) {
				Diag *e = diag_add(dl, SEV_ERROR, "config", file, line, line ? 1 : 0,
				                   "[lint] %s = \"%s\": want a number of rows", name, value);
				diag_set_hint(e, "for example %s = %s", name,
				              name[0] == 's' ? "10000"
				                             : "1M (0 turns errors on large tables off)");
				rc = -1;
			} else if (name[0] == 's') {
				lc->small_table = d;
			} else {
				lc->large_table = d;
			}
			continue;
		}
		int r = lint_rule_find(name);
		int s = parse_sev(value);
		if (r < 0) {
			Diag *d = diag_add(dl, SEV_ERROR, "config", file, line, line ? 1 : 0,
			                   "unknown lint rule \"%s\"", name);
			diag_set_hint(d,
			              "the rules are listed in docs/rules.md; [lint] also takes small_table "
			              "and large_table");
			rc = -1;
		} else if (s == -2) {
			Diag *d = diag_add(dl, SEV_ERROR, "config", file, line, line ? 1 : 0,
			                   "invalid severity \"%s\" for lint rule \"%s\"", value, name);
			diag_set_hint(d, "use off, info, warning or error");
			rc = -1;
		} else {
			lc->sev[r] = s;
			lc->set[r] = true;
		}
	}
	for (int r = 0; r < LR__COUNT; r++)
		if (rule_parent(r) >= 0 && !lc->set[r] && lc->set[rule_parent(r)])
			lc->sev[r] = lc->sev[rule_parent(r)];
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

/* ---- weighing ---- */

static int sev_rank(int s)
{
	switch (s) {
	case SEV_INFO:
		return 0;
	case SEV_NOTE:
		return 1;
	case SEV_WARNING:
		return 2;
	case SEV_ERROR:
		return 3;
	default:
		return -1;
	}
}

int lint_weigh(const LintConfig *lc, LintRuleId r, double rows, bool allowed)
{
	int s = lc->sev[r];
	unsigned f = lint_rules[r].flags;
	if (s == LINT_OFF || rows < 0 || !(f & (LRF_LOCK | LRF_ROWS)))
		return s;
	bool small = (f & LRF_LOCK) ? rows < lc->small_table : rows < 1;
	bool large = (f & LRF_LOCK) ? lc->large_table > 0 && rows >= lc->large_table : rows >= 1;
	if (small)
		return sev_rank(s) > sev_rank(SEV_NOTE) ? SEV_NOTE : s;
	if (large && !allowed && sev_rank(s) >= sev_rank(SEV_WARNING))
		return SEV_ERROR;
	return s;
}

static void human(StrBuf *sb, double v, const char *const *units, double step)
{
	int u = 0;
	while (v >= step && units[u + 1]) {
		v /= step;
		u++;
	}
	if (u == 0)
		sb_appendf(sb, "%.0f%s", v, units[0]);
	else
		sb_appendf(sb, "%.1f %s", v, units[u]);
}

char *lint_size_text(double rows, double bytes)
{
	static const char *const rowu[] = {"", "k", "M", "G", NULL};
	static const char *const byteu[] = {" bytes", "kB", "MB", "GB", "TB", "PB", NULL};
	StrBuf sb = STRBUF_INIT;
	if (rows < 0) {
		sb_append(&sb, "size unknown: never analyzed");
		if (bytes > 0) {
			sb_append(&sb, ", ");
			human(&sb, bytes, byteu, 1024);
		}
		return sb_detach(&sb);
	}
	if (rows < 1000)
		sb_appendf(&sb, "%.0f", rows);
	else
		human(&sb, rows, rowu, 1000);
	sb_append(&sb, rows == 1 ? " row, " : " rows, ");
	human(&sb, bytes, byteu, 1024);
	return sb_detach(&sb);
}

/* ---- the linter ---- */

enum { SUP_DISABLE, SUP_IGNORE, SUP_IGNORE_FILE, SUP_ALLOW };
static const char *const sup_words[] = {"disable", "ignore", "ignore-file", "allow"};

typedef struct Suppress {
	int line, col;
	bool own_line; /* nothing but blanks before the comment on its line */
	int kind;      /* SUP_* */
	char **rules;  /* n == 0: every rule */
	size_t n;
} Suppress;

/* A statement's statement-level suppressions, kept for the whole-catalog rules (reported at an object's
 * origin after the replay). */
typedef struct StmtSup {
	int from, to; /* lines of the statement */
	bool off[LR__COUNT + 1];
} StmtSup;

typedef struct FileSups {
	bool off[LR__COUNT + 1]; /* whole file */
	StmtSup *stmts;
	size_t n;
} FileSups;

/* Findings waiting for the end of their migration (lint_hold). */
enum { HOLD_CONC, HOLD_RERUN, HOLD__N };

typedef struct Held {
	DiagList dl;
	int *stmt; /* statement ordinal of each held diagnostic (−1 − ordinal: exempt when it is the last) */
	size_t n, cap;
} Held;

struct Linter {
	const MigrationSet *set;
	const LintConfig *lc;
	DiagList *dl;
	int mig; /* current migration index, -1 before the first */
	ReplayState *st;
	const SqlStmt *stmt;
	bool tenant;
	int tenant_floor;  /* tenant migrations up to this index are applied in every tenant (-1: none) */
	int prev_end_line; /* line where the previous statement ended */
	int stmt_end_line;
	Suppress *sup; /* of the current migration */
	size_t nsup;
	bool stmt_off[LR__COUNT]; /* rules disabled for the current statement */
	bool file_off[LR__COUNT];
	bool stmt_allow[LR__COUNT];
	bool file_all, stmt_all, stmt_allow_all;
	Diag *last;
	const CatObject *subject; /* table of the finding being reported (lint_report_on) */
	HMap texts;     /* path → SqlLines of its text (built on first use), for whole-catalog findings */
	HMap file_sups; /* path → FileSups, for whole-catalog rules */
	HMap others;    /* files another linter reports on (linter_leave_files) */
	void *locking;  /* lint_locking.c's per-migration state */
	void *compat;   /* lint_compat.c's */
	Held held[HOLD__N];
	DiagList *saved_dl[HOLD__N];
	int nstmts, nconc; /* statements of this migration (SET excluded); CONCURRENTLY statements */
	bool no_tx_seen;   /* a statement PostgreSQL refuses in a transaction block */
	char **names;      /* lint_tname strings of the current statement */
	size_t nnames;
	IgnoreList own_ignore; /* the defaults, when the config brings no list */
	IgnoreList *ig;
};

static int hold_slot(LintRuleId rule)
{
	return rule == LR_CONCURRENT_IN_TX ? HOLD_CONC : rule == LR_NOT_IDEMPOTENT ? HOLD_RERUN : -1;
}

void lint_hold(Linter *L, LintRuleId rule, bool start)
{
	int k = hold_slot(rule);
	if (k < 0)
		return;
	Held *h = &L->held[k];
	if (start) {
		L->saved_dl[k] = L->dl;
		L->dl = &h->dl;
		if (k == HOLD_CONC)
			L->nconc++;
		return;
	}
	L->dl = L->saved_dl[k];
	while (h->n < h->dl.n) {
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 8;
			h->stmt = xrealloc(h->stmt, h->cap * sizeof(int));
		}
		/* the re-run rule exempts a migration's last statement when it can run in a transaction block
		 * (its failure leaves nothing behind) */
		bool exempt = k == HOLD_RERUN && L->stmt && !stmt_no_tx_reason(L->stmt->node);
		h->stmt[h->n++] = exempt ? -1 - L->nstmts : L->nstmts;
	}
}

/* The end of a migration: keep or drop what was held. */
static void settle_held(Linter *L)
{
	const Migration *m = lint_migration(L);
	/* CONCURRENTLY inside a transaction: harmless when the tool sends a file of only such statements
	 * outside a transaction (Flyway detects them; Prisma and golang-migrate send one statement as one
	 * query, without a transaction) */
	bool harmless = m && L->nconc == L->nstmts &&
	                (m->format == FMT_FLYWAY ||
	                 ((m->format == FMT_PRISMA || m->format == FMT_GOLANG_MIGRATE) && L->nstmts == 1));
	Held *c = &L->held[HOLD_CONC];
	if (harmless)
		diag_list_release(&c->dl);
	else
		diag_list_append_all(L->dl, &c->dl);
	/* re-runs: only when the migration runs outside a transaction (a failure leaves part of it done):
	 * flagged so, or holding a statement PostgreSQL refuses in a transaction block, which strata, Flyway
	 * and the tools that send a file as it is run statement by statement (a tool that wraps every file in
	 * a transaction fails on it instead: concurrently-in-transaction) */
	Held *r = &L->held[HOLD_RERUN];
	bool outside = m && (m->no_transaction || (L->no_tx_seen && !mig_wrapping_tool(m)));
	DiagList keep = DIAGLIST_INIT;
	for (size_t i = 0; i < r->dl.n; i++) {
		bool exempt_last = r->stmt[i] < 0 && -1 - r->stmt[i] == L->nstmts;
		if (outside && !exempt_last) {
			if (keep.n == keep.cap) {
				keep.cap = keep.cap ? keep.cap * 2 : 8;
				keep.items = xrealloc(keep.items, keep.cap * sizeof(Diag));
			}
			keep.items[keep.n++] = r->dl.items[i];
		} else {
			diag_clear(&r->dl.items[i]);
		}
	}
	free(r->dl.items);
	memset(&r->dl, 0, sizeof(r->dl));
	diag_list_append_all(L->dl, &keep);
	for (int k = 0; k < HOLD__N; k++)
		L->held[k].n = 0;
	L->nstmts = L->nconc = 0;
	L->no_tx_seen = false;
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

/* The `strata:` keyword at Q (after "-- "), or -1; *LEN its length. */
static int sup_keyword(const char *q, size_t *len)
{
	if (strncmp(q, "strata:", 7) != 0)
		return -1;
	q += 7;
	int best = -1;
	size_t blen = 0;
	for (int k = 0; k < (int)ARRAY_LEN(sup_words); k++) {
		size_t n = strlen(sup_words[k]);
		if (!strncmp(q, sup_words[k], n) &&
		    (q[n] == '\0' || q[n] == ' ' || q[n] == '\t' || q[n] == '\n' || q[n] == '\r' ||
		     q[n] == ',') &&
		    n > blen) {
			best = k;
			blen = n;
		}
	}
	*len = 7 + blen;
	return best;
}

/* Scan TEXT (the migration FILE) for `-- strata:KEYWORD [RULE[, RULE...]] [-- why]` comments. Unknown
 * rule names are errors in DL (when DL is not NULL). */
static void scan_suppress(Linter *L, const char *text, const char *file, DiagList *dl)
{
	free_sup(L);
	if (!text)
		return;
	int line = 1;
	const char *bol = text;
	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			line++;
			bol = p + 1;
			continue;
		}
		if (p[0] != '-' || p[1] != '-')
			continue;
		const char *q = p + 2;
		while (*q == ' ' || *q == '\t')
			q++;
		size_t klen;
		int kind = sup_keyword(q, &klen);
		if (kind < 0) {
			while (p[1] && p[1] != '\n')
				p++;
			continue;
		}
		bool own_line = true;
		for (const char *b = bol; b < p; b++)
			if (*b != ' ' && *b != '\t')
				own_line = false;
		q += klen;
		Suppress s = {line, (int)(p - bol) + 1, own_line, kind, NULL, 0};
		for (;;) {
			while (*q == ' ' || *q == '\t' || *q == ',')
				q++;
			const char *b = q;
			while (*q && *q != '\n' && *q != '\r' && *q != ' ' && *q != '\t' && *q != ',')
				q++;
			if (q == b || (q - b == 2 && !strncmp(b, "--", 2)))
				break; /* "-- why" ends the list */
			char *name = xstrndup(b, (size_t)(q - b));
			if (lint_rule_find(name) < 0 && dl) {
				Diag *d = diag_add(
				    dl, SEV_ERROR, "unknown-rule", file, line, (int)(b - bol) + 1,
				    "unknown lint rule \"%s\" in `-- strata:%s`", name, sup_words[kind]);
				diag_set_hint(d,
				              "the rules are listed in docs/rules.md; end the list with `--` "
				              "to add a reason");
				sql_attach_source_line(d, text, (size_t)(b - text));
			}
			s.rules = xrealloc(s.rules, sizeof(char *) * (s.n + 1));
			s.rules[s.n++] = name;
		}
		L->sup = xrealloc(L->sup, sizeof(Suppress) * (L->nsup + 1));
		L->sup[L->nsup++] = s;
		p = q;
		while (*p && *p != '\n')
			p++;
		if (!*p)
			break;
		line++;
		bol = p + 1;
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
		if (r < 0)
			continue;
		off[r] = true;
		for (int c = 0; c < LR__COUNT; c++)
			if (rule_parent(c) == r)
				off[c] = true;
	}
}

/* Whether suppression S is about the whole file whose first statement starts at FIRST_LINE: an
 * ignore-file anywhere, or a disable/ignore comment above the first statement, apart from it. */
static bool sup_whole_file(const Suppress *s, int first_line)
{
	if (s->kind == SUP_IGNORE_FILE)
		return true;
	return (s->kind == SUP_DISABLE || s->kind == SUP_IGNORE) && s->line < first_line - 1;
}

/* Whether S applies to the statement on lines FROM..TO whose predecessor ends on line PREV: a comment
 * inside the statement (or after it on its last line), or on the lines above it. A `disable` comment
 * after the previous statement on its last line applies to this one, as it always did. */
static bool sup_on_stmt(const Suppress *s, int prev, int from, int to)
{
	if (s->kind == SUP_IGNORE_FILE)
		return false;
	if (s->line >= from && s->line <= to)
		return true;
	return s->line >= prev && s->line < from && (s->own_line || s->kind == SUP_DISABLE || s->line > prev);
}

Linter *linter_new(const MigrationSet *set, const LintConfig *lc, DiagList *dl)
{
	Linter *L = xcalloc(1, sizeof(*L));
	L->set = set;
	L->lc = lc;
	L->dl = dl;
	L->mig = -1;
	hmap_init(&L->texts);
	hmap_init(&L->file_sups);
	ignore_init(&L->own_ignore);
	L->ig = lc->ignore ? lc->ignore : &L->own_ignore;
	hmap_init(&L->others);
	for (size_t i = 0; i < set->n; i++) {
		const Migration *m = &set->items[i];
		if (!m->up_path || !m->up_sql || hmap_has(&L->texts, m->up_path))
			continue; /* one file run twice (a temporal manifest listing it twice): indexed once
			           */
		SqlLines *li = xcalloc(1, sizeof(*li));
		li->text = m->up_sql;
		hmap_put(&L->texts, m->up_path, li);
		/* whole-file suppressions, for the rules that run over the final catalog; unknown rules */
		scan_suppress(L, m->up_sql, m->up_path, dl);
		if (!L->nsup)
			continue;
		FileSups *fs = xcalloc(1, sizeof(*fs));
		int first_line = 1, c;
		size_t o = sql_skip_space_and_comments(m->up_sql, 0);
		sql_offset_to_linecol(m->up_sql, o, &first_line, &c);
		for (size_t k = 0; k < L->nsup; k++)
			if (sup_whole_file(&L->sup[k], first_line))
				apply_sup(&L->sup[k], fs->off, &fs->off[LR__COUNT]);
		hmap_put(&L->file_sups, m->up_path, fs);
	}
	free_sup(L);
	return L;
}

void linter_set_tenant(Linter *L)
{
	L->tenant = true;
	/* the lowest version a tenant is at: the migrations up to it ran everywhere */
	const LintLive *lv = L->lc->live;
	L->tenant_floor = -1;
	if (!lv || !lv->have_tenant_at)
		return;
	int floor = INT_MAX;
	for (size_t t = 0; t < lv->ntenant_at; t++) {
		int at = -1;
		for (size_t i = 0; lv->tenant_at[t] && i < L->set->n; i++)
			if (L->set->items[i].version && !strcmp(L->set->items[i].version, lv->tenant_at[t]))
				at = (int)i;
		if (at < floor)
			floor = at;
	}
	L->tenant_floor = lv->ntenant_at ? floor : -1;
}

/* Whether the current migration is still to apply (its findings are weighed by live sizes): pending in the
 * database, or in some tenant; true when that is not known. */
static bool mig_pending(Linter *L)
{
	const LintLive *lv = L->lc->live;
	const Migration *m = lint_migration(L);
	if (!lv || !m)
		return true;
	if (L->tenant)
		return !lv->have_tenant_at || L->mig > L->tenant_floor;
	return !lv->have_pending || (m->version && hmap_has(&lv->pending, m->version));
}

static void free_names(Linter *L)
{
	for (size_t i = 0; i < L->nnames; i++)
		free(L->names[i]);
	free(L->names);
	L->names = NULL;
	L->nnames = 0;
}

void linter_free(Linter *L)
{
	if (!L)
		return;
	free_sup(L);
	free_names(L);
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&L->texts, &i, &k, &v);) {
		sql_lines_free(v);
		free(v);
	}
	hmap_release(&L->texts);
	for (size_t i = 0; hmap_next(&L->file_sups, &i, &k, &v);) {
		free(((FileSups *)v)->stmts);
		free(v);
	}
	hmap_release(&L->file_sups);
	hmap_release(&L->others);
	free(L->locking);
	lint_compat_free(L->compat);
	for (int h = 0; h < HOLD__N; h++) {
		diag_list_release(&L->held[h].dl);
		free(L->held[h].stmt);
	}
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
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return n->rename_stmt->relation;
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

void linter_leave_files(Linter *L, const MigrationSet *other)
{
	for (size_t i = 0; i < other->n; i++)
		if (other->items[i].up_path)
			hmap_put(&L->others, other->items[i].up_path, NULL);
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

bool lint_loc_existed_before(Linter *L, const CatLoc *loc)
{
	const Migration *m = lint_migration(L);
	if (!loc || !m)
		return false;
	if (!loc->version)
		return true; /* prerequisite setup, the live database, or outside the history */
	/* by file when both have one: a tenant and a shared migration may share a version */
	if (loc->file && m->up_path ? !strcmp(loc->file, m->up_path) : !strcmp(loc->version, m->version))
		return false;
	const LintLive *lv = L->lc->live;
	if (!lv)
		return true;
	if (L->tenant) { /* tenant migrations above the floor are pending in some tenant */
		if (!lv->have_tenant_at)
			return true;
		for (size_t i = (size_t)(L->tenant_floor + 1); i < L->set->n; i++) {
			const Migration *t = &L->set->items[i];
			if (loc->file && t->up_path ? !strcmp(t->up_path, loc->file)
			                            : t->version && !strcmp(t->version, loc->version))
				return false;
		}
		return true;
	}
	return !(lv->have_pending && hmap_has(&lv->pending, loc->version));
}

bool lint_existed_before(Linter *L, const CatObject *o)
{
	return o && lint_loc_existed_before(L, &o->origin);
}

/* Remember the statement-level suppressions of the current statement for whole-catalog findings. */
static void keep_stmt_sups(Linter *L, int from, int to)
{
	if (!L->st || !L->st->file)
		return;
	bool any = L->stmt_all;
	for (int r = 0; r < LR__COUNT && !any; r++)
		any = L->stmt_off[r];
	if (!any)
		return;
	FileSups *fs = hmap_get(&L->file_sups, L->st->file);
	if (!fs)
		return;
	fs->stmts = xrealloc(fs->stmts, sizeof(StmtSup) * (fs->n + 1));
	StmtSup *s = &fs->stmts[fs->n++];
	memset(s, 0, sizeof(*s));
	s->from = from;
	s->to = to;
	memcpy(s->off, L->stmt_off, sizeof(L->stmt_off));
	s->off[LR__COUNT] = L->stmt_all;
}

void linter_end(Linter *L)
{
	settle_held(L);
}

void lint_stmt_hook(void *ud, ReplayState *st, const SqlStmt *stmt, bool after)
{
	Linter *L = ud;
	L->st = st;
	L->stmt = stmt;
	if (st->mig_index != L->mig) {
		settle_held(L);
		L->mig = st->mig_index;
		L->prev_end_line = 0;
		memset(L->file_off, 0, sizeof(L->file_off));
		L->file_all = false;
		const Migration *m = lint_migration(L);
		scan_suppress(L, m ? m->up_sql : NULL, NULL, NULL);
		for (size_t k = 0; k < L->nsup; k++)
			if (sup_whole_file(&L->sup[k], stmt->line))
				apply_sup(&L->sup[k], L->file_off, &L->file_all);
		free(L->locking);
		L->locking = NULL;
		lint_compat_free(L->compat);
		L->compat = NULL;
	}
	if (!after) {
		free_names(L);
		if (stmt->node->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT)
			L->nstmts++;
		if (stmt_no_tx_reason(stmt->node))
			L->no_tx_seen = true;
		memset(L->stmt_off, 0, sizeof(L->stmt_off));
		memset(L->stmt_allow, 0, sizeof(L->stmt_allow));
		L->stmt_allow_all = false;
		L->stmt_all = stmt_ignored(L, stmt);
		L->stmt_end_line = stmt->line;
		if (st->text) {
			int c;
			sql_lines_build(&st->lines, st->text);
			sql_lines_locate(&st->lines, (size_t)(stmt->offset + stmt->len), &L->stmt_end_line,
			                 &c);
		}
		for (size_t k = 0; k < L->nsup; k++) {
			const Suppress *s = &L->sup[k];
			if (!sup_on_stmt(s, L->prev_end_line, stmt->line, L->stmt_end_line))
				continue;
			if (s->kind == SUP_ALLOW)
				apply_sup(s, L->stmt_allow, &L->stmt_allow_all);
			else
				apply_sup(s, L->stmt_off, &L->stmt_all);
		}
		keep_stmt_sups(L, stmt->line, L->stmt_end_line);
	}
	lint_locking_stmt(L, st, stmt, after);
	lint_compat_stmt(L, st, stmt, after);
	if (after)
		L->prev_end_line = L->stmt_end_line;
}

void *lint_locking_state(Linter *L, size_t size);
void *lint_locking_state(Linter *L, size_t size)
{
	if (!L->locking)
		L->locking = xcalloc(1, size);
	return L->locking;
}

void *lint_compat_state(Linter *L, size_t size)
{
	if (!L->compat)
		L->compat = xcalloc(1, size);
	return L->compat;
}

/* ---- sizes in messages ---- */

/* TABLE's live size, or NULL. *TENANT: the tenant holding it when it is the largest of a tenant table. */
static const LintSize *table_size(Linter *L, const CatObject *t)
{
	const LintLive *lv = L->lc->live;
	if (!lv || !t || !t->name)
		return NULL;
	if (t->schema && (!strcmp(t->schema, SCOPE_TEMPLATE_SCHEMA) ||
	                  (lv->tenant_schema && !strcmp(t->schema, lv->tenant_schema))))
		return hmap_get(&lv->tenant_max, t->name);
	if (!t->schema)
		return NULL;
	char *key = xasprintf("%s.%s", t->schema, t->name);
	const LintSize *s = hmap_get(&lv->sizes, key);
	free(key);
	return s;
}

const char *lint_tname(Linter *L, const CatObject *t)
{
	if (!t)
		return "?";
	const LintLive *lv = L->lc->live;
	bool tenant_tbl = t->schema && (!strcmp(t->schema, SCOPE_TEMPLATE_SCHEMA) ||
	                                (lv && lv->tenant_schema && !strcmp(t->schema, lv->tenant_schema)));
	/* unqualified when the search path finds it, as PostgreSQL prints a regclass */
	const char *q = tenant_tbl || !t->schema                               ? t->name
	                : L->st && rp_find_relation(L->st, NULL, t->name) == t ? t->name
	                                                                       : t->identity;
	const LintSize *sz = L->st && !mig_pending(L) ? NULL : table_size(L, t);
	char *s;
	if (sz) {
		char *size = lint_size_text(sz->rows, sz->bytes);
		if (sz->tenant)
			s = xasprintf("\"%s\" (largest in tenant \"%s\": %s)", q, sz->tenant, size);
		else
			s = xasprintf("\"%s\" (%s)", q, size);
		free(size);
	} else {
		s = xasprintf("\"%s\"", q);
	}
	L->names = xrealloc(L->names, sizeof(char *) * (L->nnames + 1));
	L->names[L->nnames++] = s;
	return s;
}

/* ---- reporting ---- */

static void tenant_suffix(Linter *L, Diag *d)
{
	if (!L->tenant || !d)
		return;
	char *m;
	if (L->lc->tenants >= 0)
		m = xasprintf("%s; in each of %ld tenant%s", d->message, L->lc->tenants,
		              L->lc->tenants == 1 ? "" : "s");
	else
		m = xasprintf("%s; in every tenant", d->message);
	free(d->message);
	d->message = m;
}

void lint_add_detail(Diag *d, const char *fmt, ...)
{
	if (!d)
		return;
	char *add = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		add = NULL;
	va_end(ap);
	if (!add)
		return;
	if (d->detail)
		diag_set_detail(d, "%s; %s", d->detail, add);
	else
		diag_set_detail(d, "%s", add);
	free(add);
}

/* "20,000" */
static char *count_text(double v)
{
	char raw[64];
	snprintf(raw, sizeof(raw), "%.0f", v);
	StrBuf sb = STRBUF_INIT;
	size_t n = strlen(raw);
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			sb_putc(&sb, ',');
		sb_putc(&sb, raw[i]);
	}
	return sb_detach(&sb);
}

/* Why weighing changed a finding's severity, for its detail (heap), or NULL. */
static char *weigh_detail(const LintConfig *lc, LintRuleId rule, int from, int to)
{
	if (from == to)
		return NULL;
	if (lint_rules[rule].flags & LRF_ROWS)
		return to == SEV_NOTE ? xasprintf("the table is empty")
		                      : xasprintf("the table has rows: an error unless the statement carries "
		                                  "`-- strata:allow %s`",
		                                  lint_rules[rule].id);
	char *lim = count_text(to == SEV_NOTE ? lc->small_table : lc->large_table);
	char *d = to == SEV_NOTE ? xasprintf("below [lint] small_table (%s rows)", lim)
	                         : xasprintf("at least [lint] large_table (%s rows): an error unless the "
	                                     "statement carries `-- strata:allow %s`",
	                                     lim, lint_rules[rule].id);
	free(lim);
	return d;
}

static void vreport(Linter *L, LintRuleId rule, const char *file, SqlLines *li, int off, int line, int col,
                    const char *fmt, va_list ap)
{
	L->last = NULL;
	int sev = L->lc->sev[rule];
	char *why = NULL;
	if (sev != LINT_OFF && L->subject && mig_pending(L)) {
		const LintSize *sz = table_size(L, L->subject);
		if (sz) {
			int w = lint_weigh(L->lc, rule, sz->rows, L->stmt_allow_all || L->stmt_allow[rule]);
			why = weigh_detail(L->lc, rule, sev, w);
			sev = w;
		}
	}
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
	tenant_suffix(L, d);
	if (why)
		diag_set_detail(d, "%s", why);
	free(why);
	L->last = d;
}

static void vreport_stmt(Linter *L, LintRuleId rule, const CatObject *table, int off, const char *fmt,
                         va_list ap)
{
	if (L->file_all || L->stmt_all || L->file_off[rule] || L->stmt_off[rule] || !L->st) {
		L->last = NULL;
		return;
	}
	if (off < 0)
		off = L->stmt->offset;
	SqlLines *li = NULL;
	if (L->st->text) {
		li = &L->st->lines;
		sql_lines_build(li, L->st->text);
	}
	L->subject = table;
	vreport(L, rule, L->st->file, li, off, 0, 0, fmt, ap);
	L->subject = NULL;
}

void lint_report(Linter *L, LintRuleId rule, int off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport_stmt(L, rule, NULL, off, fmt, ap);
	va_end(ap);
}

void lint_report_on(Linter *L, LintRuleId rule, const CatObject *table, int off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport_stmt(L, rule, table, off, fmt, ap);
	va_end(ap);
}

void lint_report_at(Linter *L, LintRuleId rule, const CatLoc *loc, const char *fmt, ...)
{
	L->last = NULL;
	SqlLines *li = NULL;
	/* an object of another linter's migrations (the tenant ones of `check`): that linter reports it */
	if (loc->file && hmap_has(&L->others, loc->file))
		return;
	if (loc->file) {
		FileSups *fs = hmap_get(&L->file_sups, loc->file);
		if (fs && (fs->off[LR__COUNT] || fs->off[rule]))
			return;
		for (size_t i = 0; fs && i < fs->n; i++)
			if (loc->line >= fs->stmts[i].from && loc->line <= fs->stmts[i].to &&
			    (fs->stmts[i].off[LR__COUNT] || fs->stmts[i].off[rule]))
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
	linter_end(L);
	L->st = NULL;
	lint_report_marks(L->set, L->lc, L->dl);
	lint_locking_finish(L, cat);
	lint_tenancy_finish(L, cat);
}
