/* plan.c — statements of one migration, classified for the executor (see plan.h). */
#include "strata.h"
#include "project/plan.h"
#include "util/strbuf.h"

#include <openssl/evp.h>

static bool has_concurrently_param(PgQuery__Node **params, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (params[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(params[i]->def_elem->defname, "concurrently"))
			return true;
	return false;
}

const char *stmt_no_tx_reason(const PgQuery__Node *n)
{
	if (!n)
		return NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return n->index_stmt->concurrent ? "CREATE INDEX CONCURRENTLY" : NULL;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return n->drop_stmt->concurrent ? "DROP INDEX CONCURRENTLY" : NULL;
	case PG_QUERY__NODE__NODE_REINDEX_STMT:
		if (has_concurrently_param(n->reindex_stmt->params, n->reindex_stmt->n_params))
			return "REINDEX CONCURRENTLY";
		if (n->reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SCHEMA ||
		    n->reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_SYSTEM ||
		    n->reindex_stmt->kind == PG_QUERY__REINDEX_OBJECT_TYPE__REINDEX_OBJECT_DATABASE)
			return "REINDEX SCHEMA/SYSTEM/DATABASE";
		return NULL;
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		return n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : NULL; /* ANALYZE alone is fine */
	case PG_QUERY__NODE__NODE_CREATEDB_STMT:
		return "CREATE DATABASE";
	case PG_QUERY__NODE__NODE_DROPDB_STMT:
		return "DROP DATABASE";
	case PG_QUERY__NODE__NODE_CREATE_TABLE_SPACE_STMT:
		return "CREATE TABLESPACE";
	case PG_QUERY__NODE__NODE_DROP_TABLE_SPACE_STMT:
		return "DROP TABLESPACE";
	case PG_QUERY__NODE__NODE_ALTER_SYSTEM_STMT:
		return "ALTER SYSTEM";
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		for (size_t i = 0; i < n->alter_table_stmt->n_cmds; i++) {
			PgQuery__Node *c = n->alter_table_stmt->cmds[i];
			if (c->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD && c->alter_table_cmd->def &&
			    c->alter_table_cmd->def->node_case == PG_QUERY__NODE__NODE_PARTITION_CMD &&
			    c->alter_table_cmd->def->partition_cmd->concurrent)
				return "DETACH PARTITION CONCURRENTLY";
		}
		return NULL;
	default:
		return NULL;
	}
}

const char *mig_wrapping_tool(const Migration *m)
{
	if (!m || m->no_transaction)
		return NULL;
	switch (m->format) {
	case FMT_DBMATE:
		return "dbmate";
	case FMT_GOOSE:
		return "goose";
	case FMT_DIESEL:
		return "diesel";
	default:
		return NULL;
	}
}

static bool is_tx_control(const PgQuery__Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
		return false;
	switch (n->transaction_stmt->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
		return true;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		return !n->transaction_stmt->chain;
	default:
		return false;
	}
}

bool stmt_ends_tx(const PgQuery__Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
		return false;
	switch (n->transaction_stmt->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		return n->transaction_stmt->chain;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_PREPARE:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT_PREPARED:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_PREPARED:
		return true;
	default:
		return false;
	}
}

bool mig_runs_per_statement(const Migration *m, const SqlParse *p)
{
	if (m->no_transaction && p->n)
		return true;
	for (size_t i = 0; i < p->n; i++)
		if (stmt_no_tx_reason(p->stmts[i].node))
			return true;
	return false;
}

char *stmt_words(const char *text, size_t offset, size_t len)
{
	StrBuf sb = STRBUF_INIT;
	bool blank = false;
	for (size_t i = 0; i < len && text[offset + i] && sb.len < 40; i++) {
		char c = text[offset + i];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			blank = true;
			continue;
		}
		if (blank && sb.len)
			sb_putc(&sb, ' ');
		blank = false;
		sb_putc(&sb, c);
	}
	if (sb.len >= 40)
		sb_append(&sb, "...");
	return sb_detach(&sb);
}

static Diag *tx_diag(DiagList *dl, Severity sev, const char *file, const char *text, const SqlStmt *s,
                     const char *fmt, const char *words)
{
	Diag *d = diag_add(dl, sev, "transaction-control", file, s->line, s->col, fmt, words);
	sql_attach_source_line(d, text, (size_t)s->offset);
	return d;
}

int mig_tx_control_check(const Migration *m, bool down, const SqlParse *p, bool warnings, DiagList *dl)
{
	const char *file = down && m->down_path ? m->down_path : m->up_path;
	const char *text = down ? m->down_sql : m->up_sql;
	bool per_statement = mig_runs_per_statement(m, p);
	int errors = 0;
	const SqlStmt *open = NULL; /* the BEGIN of the block being read */
	for (size_t i = 0; i < p->n; i++) {
		const SqlStmt *s = &p->stmts[i];
		const PgQuery__Node *n = s->node;
		if (!n || n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
			continue;
		char *words = stmt_words(text, (size_t)s->offset,
		                         s->len > 0 ? (size_t)s->len : strlen(text + s->offset));
		if (stmt_ends_tx(n)) {
			PgQuery__TransactionStmtKind k = n->transaction_stmt->kind;
			Diag *d = tx_diag(dl, SEV_ERROR, file, text, s,
			                  "\"%s\" would end the transaction strata runs "
			                  "the migration in",
			                  words);
			diag_set_detail(
			    d, per_statement
			           ? "this migration runs statement by statement, each statement in a "
			             "transaction of strata's with its progress in the history table"
			           : "strata runs each migration in one transaction with its history "
			             "row: ending it would record as applied what did not commit");
			diag_set_hint(
			    d, k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK
			           ? "remove it: a migration that fails is rolled back by strata, and a "
			             "down migration undoes one"
			       : k == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT
			           ? "remove it; to commit part of the work first, split the file into "
			             "two migrations there"
			           : "two-phase commit cannot be part of a migration: remove it");
			errors++;
			open = NULL;
		} else if (warnings &&
		           n->transaction_stmt->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT) {
			if (!open) {
				Diag *d = tx_diag(dl, SEV_WARNING, file, text, s,
				                  "\"%s\" closes no BEGIN: strata skips it", words);
				diag_set_detail(
				    d, per_statement
				           ? "each statement of this migration commits on its own"
				           : "the statements before it are not committed on their own: "
				             "they commit with the rest of the migration, in one "
				             "transaction");
				diag_set_hint(
				    d, "remove it, or split the file into two migrations where it stands");
			}
			open = NULL;
		} else if (is_tx_control(n)) { /* BEGIN / START TRANSACTION */
			const char *tool = mig_wrapping_tool(m);
			if (warnings && open) { /* nested (Squawk's transaction-nesting) */
				char *msg =
				    xasprintf("\"%s\" inside the block opened at line %d: PostgreSQL "
				              "ignores it (with a warning), and the first COMMIT ends both",
				              words, open->line);
				Diag *d = tx_diag(dl, SEV_WARNING, file, text, s, "%s", msg);
				free(msg);
				diag_set_hint(d, "remove the inner BEGIN and its COMMIT");
			} else if (warnings && tool && !per_statement) {
				/* the tool's own transaction (Squawk's transaction-nesting, assuming one) */
				char *msg = xasprintf("\"%s\" in a migration %s runs in a transaction of its "
				                      "own: PostgreSQL ignores it, and the COMMIT ends %s's "
				                      "transaction before it records the migration",
				                      words, tool, tool);
				Diag *d = tx_diag(dl, SEV_WARNING, file, text, s, "%s", msg);
				free(msg);
				diag_set_detail(
				    d,
				    "strata skips the block and runs the file in one transaction; "
				    "this is about %s running it",
				    tool);
				diag_set_hint(d,
				              "remove BEGIN and COMMIT: %s commits the migration with its "
				              "record",
				              tool);
			} else if (warnings && per_statement && !open) {
				Diag *d =
				    tx_diag(dl, SEV_WARNING, file, text, s,
				            "\"%s\" in a migration that runs outside a transaction: strata "
				            "skips it",
				            words);
				diag_set_detail(
				    d, "each statement of this migration runs and commits on its own, so "
				       "the block is not atomic");
				diag_set_hint(
				    d, "move the block into a migration of its own, which strata runs in "
				       "one transaction");
			}
			if (!open)
				open = s;
		}
		free(words);
	}
	if (warnings && open && !per_statement) {
		char *words = stmt_words(text, (size_t)open->offset,
		                         open->len > 0 ? (size_t)open->len : strlen(text + open->offset));
		Diag *d = tx_diag(dl, SEV_WARNING, file, text, open,
		                  "\"%s\" is never closed: strata skips it", words);
		diag_set_detail(d, "strata commits the migration when it succeeds; run by psql, the open "
		                   "transaction would have been rolled back at the end");
		diag_set_hint(d, "add the COMMIT, or remove the BEGIN");
		free(words);
	}
	return errors;
}

int mig_tenant_tx_check(const Migration *m, const SqlParse *p, DiagList *dl)
{
	int errors = 0;
	for (size_t i = 0; i < p->n; i++) {
		const char *why = stmt_no_tx_reason(p->stmts[i].node);
		if (!why)
			continue;
		Diag *d = diag_add(dl, SEV_ERROR, "tenant-no-transaction", m->up_path, p->stmts[i].line,
		                   p->stmts[i].col,
		                   "%s in a tenant migration: it cannot run in a transaction", why);
		sql_attach_source_line(d, m->up_sql, (size_t)p->stmts[i].offset);
		diag_set_detail(d,
		                "a tenant migration runs in its tenant's transaction, with its history and "
		                "ledger rows, so `up --tenants` refuses it");
		diag_set_hint(d, strstr(why, "INDEX")
		                     ? "drop CONCURRENTLY (a tenant's tables are small, and "
		                       "the lock is the tenant's alone), or move the statement "
		                       "to a shared migration"
		                     : "move the statement to a shared migration");
		errors++;
	}
	if (!errors && m->no_transaction && p->n) {
		Diag *d =
		    diag_add(dl, SEV_ERROR, "tenant-no-transaction", m->up_path, 0, 0,
		             "tenant migration \"%s\" is marked to run without a transaction", m->version);
		diag_set_detail(d,
		                "a tenant migration runs in its tenant's transaction, with its history and "
		                "ledger rows, so `up --tenants` refuses it");
		diag_set_hint(d, "remove the no-transaction flag");
		errors++;
	}
	return errors;
}

/* Test only: STRATA_TEST_ALLOW_TX_CONTROL set (and not "0") lets mig_plan_init accept a statement that ends
 * the transaction, so that the tests can show the engine's own guard (it stops at that statement and
 * records nothing as applied). Never set it otherwise. */
static bool allow_tx_control(void)
{
	const char *v = getenv("STRATA_TEST_ALLOW_TX_CONTROL");
	return v && *v && strcmp(v, "0");
}

int mig_plan_init(MigPlan *out, const Migration *m, bool down, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	out->m = m;
	out->down = down;
	out->text = down ? m->down_sql : m->up_sql;
	out->file = down && m->down_path ? m->down_path : m->up_path;
	if (!out->text) {
		char *label = mig_label(m);
		diag_add(dl, SEV_ERROR, "no-down-migration", m->up_path, 0, 0,
		         "migration \"%s\" has no down migration", label);
		free(label);
		return -1;
	}
	if (sql_parse(out->text, out->file, &out->parse, dl) != 0)
		return -1;
	/* a migration its tool skips (postgres-migrations "ignore") runs nothing: only its history row */
	out->n = m->skip && !down ? 0 : out->parse.n;
	out->stmts = xcalloc(out->n ? out->n : 1, sizeof(PlanStmt));
	for (size_t i = 0; i < out->n; i++) {
		const SqlStmt *s = &out->parse.stmts[i];
		PlanStmt *p = &out->stmts[i];
		p->offset = (size_t)s->offset;
		p->len = s->len > 0 ? (size_t)s->len : strlen(out->text + s->offset);
		p->line = s->line;
		p->col = s->col;
		p->node = s->node;
		p->no_tx = stmt_no_tx_reason(s->node);
		p->tx_control = is_tx_control(s->node);
		if (p->no_tx && !out->per_statement) {
			out->per_statement = true;
			out->why = xasprintf("%s at %s:%d:%d", p->no_tx, out->file, p->line, p->col);
		}
	}
	if (m->no_transaction && !out->per_statement && out->n) {
		out->per_statement = true;
		out->why = xstrdup("marked to run without a transaction");
	}
	if (out->n && !allow_tx_control() && mig_tx_control_check(m, down, &out->parse, false, dl) > 0) {
		mig_plan_free(out);
		return -1;
	}
	migration_checksum(m, out->checksum);
	return 0;
}

void mig_plan_free(MigPlan *p)
{
	if (p->stmts)
		sql_parse_free(&p->parse);
	free(p->stmts);
	free(p->why);
	memset(p, 0, sizeof(*p));
}

void migration_checksum(const Migration *m, char out[65])
{
	if (m->checksum[0]) {
		memcpy(out, m->checksum, 65);
		out[64] = '\0';
		return;
	}
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	if (m->up_sql)
		EVP_DigestUpdate(ctx, m->up_sql, strlen(m->up_sql));
	if (m->down_sql && m->down_path && m->up_path && strcmp(m->down_path, m->up_path))
		EVP_DigestUpdate(ctx, m->down_sql, strlen(m->down_sql));
	EVP_DigestFinal_ex(ctx, md, &mdlen);
	EVP_MD_CTX_free(ctx);
	for (unsigned int i = 0; i < mdlen && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[64] = '\0';
}

char *mig_label(const Migration *m)
{
	const char *name = m->name ? m->name : "";
	size_t vl = strlen(m->version);
	if (!vl)
		return xstrdup(name);
	/* a name that already carries the version (plain file names) is shown as is, without ".sql" */
	if (!strncmp(name, m->version, vl) && (name[vl] == '_' || name[vl] == '\0' || name[vl] == '.')) {
		size_t n = strlen(name);
		if (n > 4 && !strcmp(name + n - 4, ".sql"))
			n -= 4;
		if (n > 3 && !strncmp(name + n - 3, ".up", 3))
			n -= 3;
		return xstrndup(name, n);
	}
	return *name ? xasprintf("%s_%s", m->version, name) : xstrdup(m->version);
}
