/* plan.c — statements of one migration, classified for the executor (see plan.h). */
#include "strata.h"
#include "project/plan.h"
#include "util/strbuf.h"

#include <openssl/evp.h>
#include <pg_query.h>

static bool has_concurrently_param(PgQuery__Node **params, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (params[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(params[i]->def_elem->defname, "concurrently"))
			return true;
	return false;
}

bool stmt_is_reset_all(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT &&
	       n->variable_set_stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL;
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
	case PG_QUERY__NODE__NODE_DISCARD_STMT:
		return n->discard_stmt->target == PG_QUERY__DISCARD_MODE__DISCARD_ALL ? "DISCARD ALL" : NULL;
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
	case FMT_TERN:
		return "tern";
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

/* SET TRANSACTION <modes> (not SET SESSION CHARACTERISTICS, nor SET TRANSACTION SNAPSHOT). */
static bool is_set_transaction(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_VARIABLE_SET_STMT &&
	       n->variable_set_stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_MULTI &&
	       n->variable_set_stmt->name && !strcmp(n->variable_set_stmt->name, "TRANSACTION");
}

/* Transaction modes (the DefElems transaction_isolation, transaction_read_only, transaction_deferrable
 * that the grammar makes of BEGIN's and SET TRANSACTION's mode lists) appended to SB as one list. */
static void append_modes(StrBuf *sb, PgQuery__Node *const *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const PgQuery__Node *o = opts[i];
		if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !o->def_elem->defname ||
		    !o->def_elem->arg || o->def_elem->arg->node_case != PG_QUERY__NODE__NODE_A_CONST)
			continue;
		const PgQuery__AConst *c = o->def_elem->arg->a_const;
		const char *d = o->def_elem->defname;
		bool on = c->val_case == PG_QUERY__A__CONST__VAL_IVAL && c->ival->ival;
		if (sb->len && sb_str(sb)[sb->len - 1] != ' ')
			sb_append(sb, ", ");
		if (!strcmp(d, "transaction_isolation") && c->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			sb_appendf(sb, "ISOLATION LEVEL %s", c->sval->sval);
		else if (!strcmp(d, "transaction_read_only"))
			sb_append(sb, on ? "READ ONLY" : "READ WRITE");
		else if (!strcmp(d, "transaction_deferrable"))
			sb_append(sb, on ? "DEFERRABLE" : "NOT DEFERRABLE");
	}
}

/* PostgreSQL takes a transaction's isolation level (and READ ONLY, DEFERRABLE) only before its first
 * query (check_XactIsoLevel: "SET TRANSACTION ISOLATION LEVEL must be called before any query"). A
 * migration that runs in one transaction of strata's sets them in its BEGIN or in SET TRANSACTION
 * statements ahead of its first query; strata's BEGIN is followed by a query of its own, so those modes
 * go into OUT->tx_modes, to run before it, and such SET TRANSACTION statements are marked tx_first. */
static void plan_tx_modes(MigPlan *out)
{
	if (out->per_statement)
		return;
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "SET TRANSACTION ");
	size_t empty = sb.len;
	for (size_t i = 0; i < out->n; i++) {
		PlanStmt *p = &out->stmts[i];
		const PgQuery__Node *n = p->node;
		if (p->tx_control) {
			if (n->transaction_stmt->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT)
				break; /* a later block's modes are its own (and run inside strata's
				          transaction) */
			append_modes(&sb, n->transaction_stmt->options, n->transaction_stmt->n_options);
		} else if (is_set_transaction(n)) {
			p->tx_first = true;
			append_modes(&sb, n->variable_set_stmt->args, n->variable_set_stmt->n_args);
		} else if (!n || n->node_case != PG_QUERY__NODE__NODE_VARIABLE_SET_STMT)
			break; /* a query: the modes would come too late, as in PostgreSQL */
	}
	if (sb.len > empty)
		out->tx_modes = sb_detach(&sb);
	else
		sb_release(&sb);
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

/* Does PL/pgSQL BODY hold a COMMIT or ROLLBACK? (its tokens: strings and comments do not count) */
static bool body_ends_tx(const char *body)
{
	PgQueryScanResult r = pg_query_scan(body);
	bool found = false;
	if (!r.error) {
		PgQuery__ScanResult *sr =
		    pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *)r.pbuf.data);
		for (size_t i = 0; sr && i < sr->n_tokens && !found; i++)
			found = sr->tokens[i]->token == PG_QUERY__TOKEN__COMMIT ||
			        sr->tokens[i]->token == PG_QUERY__TOKEN__ROLLBACK;
		if (sr)
			pg_query__scan_result__free_unpacked(sr, NULL);
	}
	pg_query_free_scan_result(r);
	return found;
}

/* Why statement N, sent alone as its own simple-protocol query (a file of one statement that its tool sends
 * as one query; LONE), or as one statement of a migration that runs statement by statement, must run
 * outside a transaction block, or NULL. Such a statement runs in no transaction block (exec_simple_query
 * opens an implicit one only for several statements), and there CALL and DO are not atomic: the procedure
 * or block may COMMIT (ExecuteCallStmt, ExecuteDoStmt). A CALL's procedure body is not at hand, so a CALL
 * always runs that way; a DO only when its body commits or rolls back. */
static const char *alone_needs_no_tx(const PgQuery__Node *n, bool lone)
{
	if (n->node_case == PG_QUERY__NODE__NODE_CALL_STMT)
		return lone ? "CALL alone in a migration (its procedure may COMMIT)"
		            : "CALL in a migration that runs statement by statement (its procedure may "
		              "COMMIT)";
	if (n->node_case != PG_QUERY__NODE__NODE_DO_STMT)
		return NULL;
	for (size_t i = 0; i < n->do_stmt->n_args; i++) {
		const PgQuery__Node *a = n->do_stmt->args[i];
		if (a->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && !strcmp(a->def_elem->defname, "as") &&
		    a->def_elem->arg && a->def_elem->arg->node_case == PG_QUERY__NODE__NODE_STRING &&
		    body_ends_tx(a->def_elem->arg->string->sval))
			return lone ? "DO block with COMMIT/ROLLBACK alone in a migration"
			            : "DO block with COMMIT/ROLLBACK in a migration that runs statement by "
			              "statement";
	}
	return NULL;
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
	/* golang-migrate and Prisma send the file as one query: a file of one statement runs as it would */
	if (!out->per_statement && out->n == 1 &&
	    (m->format == FMT_GOLANG_MIGRATE || m->format == FMT_PRISMA)) {
		const char *why = alone_needs_no_tx(out->stmts[0].node, true);
		if (why) {
			out->per_statement = true;
			out->stmts[0].no_tx = why;
			out->why = xasprintf("%s at %s:%d:%d", why, out->file, out->stmts[0].line,
			                     out->stmts[0].col);
		}
	}
	/* statement by statement, each is sent alone: a CALL (or a committing DO) then runs outside a
	 * transaction block, as goose's NO TRANSACTION runs it, not in strata's BEGIN ... COMMIT */
	for (size_t i = 0; out->per_statement && i < out->n; i++)
		if (!out->stmts[i].no_tx)
			out->stmts[i].no_tx = alone_needs_no_tx(out->stmts[i].node, false);
	if (out->n && !allow_tx_control() && mig_tx_control_check(m, down, &out->parse, false, dl) > 0) {
		mig_plan_free(out);
		return -1;
	}
	plan_tx_modes(out);
	migration_checksum(m, out->checksum);
	return 0;
}

void mig_plan_free(MigPlan *p)
{
	if (p->stmts)
		sql_parse_free(&p->parse);
	free(p->stmts);
	free(p->why);
	free(p->tx_modes);
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
