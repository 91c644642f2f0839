/* session.c — connecting and server errors as diagnostics (see session.h). */
#include "strata.h"
#include "db/session.h"
#include "sql/parse.h"
#include "util/strbuf.h"

/* libpq messages end with a newline and may hold several lines; keep them, trimmed. */
static char *trim_msg(const char *m)
{
	if (!m)
		return xstrdup("");
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	return xstrndup(m, n);
}

const char *db_sqlstate(const PGresult *r)
{
	const char *s = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	return s ? s : "";
}

Diag *db_error_diag(DiagList *dl, PGconn *conn, const PGresult *r, const StmtSource *src, const char *what)
{
	const char *primary = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	char *fallback = NULL;
	if (!primary) {
		fallback =
		    trim_msg(r && *PQresultErrorMessage(r) ? PQresultErrorMessage(r) : PQerrorMessage(conn));
		if (PQstatus(conn) == CONNECTION_BAD) {
			char *m = xasprintf("lost the connection to the server%s%s: %s",
			                    what ? " while " : "", what ? what : "", fallback);
			free(fallback);
			fallback = m;
		}
		primary = fallback;
	}
	const char *file = src ? src->file : NULL;
	int line = src ? src->line : 0, col = src ? src->col : 0;
	size_t off = src ? src->offset : 0;
	const char *pos = r ? PQresultErrorField(r, PG_DIAG_STATEMENT_POSITION) : NULL;
	if (src && pos && atoi(pos) > 0) {
		char *sent = xstrndup(src->text + src->offset, src->len);
		off = src->offset + sql_charpos_to_offset(sent, atoi(pos));
		free(sent);
		sql_offset_to_linecol(src->text, off, &line, &col);
	}
	Diag *d = diag_add(dl, SEV_ERROR, "server-error", file, line, col, "%s", primary);
	const char *st = db_sqlstate(r);
	if (*st) {
		snprintf(d->sqlstate, sizeof(d->sqlstate), "%s", st);
		char *m = xasprintf("%s (SQLSTATE %s)", d->message,
		                    st); /* the text report shows no sqlstate field */
		free(d->message);
		d->message = m;
	}
	const char *detail = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL) : NULL;
	const char *hint = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_HINT) : NULL;
	const char *ctx = r ? PQresultErrorField(r, PG_DIAG_CONTEXT) : NULL;
	if (detail && ctx)
		diag_set_detail(d, "%s\ncontext: %s", detail, ctx);
	else if (detail)
		diag_set_detail(d, "%s", detail);
	else if (ctx && src)
		diag_set_detail(d, "context: %s", ctx);
	if (hint)
		diag_set_hint(d, "%s", hint);
	if (src)
		sql_attach_source_line(d, src->text, off);
	if (!src && what && !fallback) { /* engine statement: say what we were doing */
		char *m = xasprintf("%s: %s", what, d->message);
		free(d->message);
		d->message = m;
	}
	free(fallback);
	return d;
}

int db_exec(PGconn *conn, const char *sql, const char *what, DiagList *dl)
{
	PGresult *r = PQexec(conn, sql);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(r);
		return 0;
	}
	db_error_diag(dl, conn, r, NULL, what);
	PQclear(r);
	return -1;
}

PGresult *db_query(PGconn *conn, const char *sql, int nparams, const char *const *params, const char *what,
                   DiagList *dl)
{
	PGresult *r = PQexecParams(conn, sql, nparams, NULL, params, NULL, NULL, 0);
	ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return r;
	db_error_diag(dl, conn, r, NULL, what);
	PQclear(r);
	return NULL;
}
