/* plan.c — statements of one migration, classified for the executor (see plan.h). */
#include "strata.h"
#include "exec/plan.h"
#include "sql/txstmt.h"

#include <openssl/evp.h>

const char *stmt_no_tx_reason(const PgQuery__Node *n)
{
	return sql_stmt_no_tx_reason(n);
}

static bool is_tx_control(const PgQuery__Node *n)
{
	if (!n || n->node_case != PG_QUERY__NODE__NODE_TRANSACTION_STMT)
		return false;
	switch (n->transaction_stmt->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		return true;
	default:
		return false;
	}
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
