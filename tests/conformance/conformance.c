/* conformance.c — PostgreSQL's own regression suite as the oracle for strata's model.
 *
 * For each file of parallel_schedule (in order, each on a fresh database "regression" copied from a template
 * that ran test_setup.sql), psql runs the file exactly as pg_regress does; the server logs every statement it
 * receives and every error with its SQLSTATE (jsonlog, log_statement = all), so meta-commands (\set, \gset,
 * \gexec, \if, \c, COPY FROM stdin, variables) are handled by psql itself and the statement stream is what
 * the server really ran. The same stream is then replayed into the model with the same transaction
 * semantics (replay_statement: a rejected statement has no effect, failed blocks, savepoints), statement by
 * statement, and the two outcomes are compared for every statement that creates, alters or drops a schema
 * object. After the file, the database is introspected and compared with the model (catalog_compare).
 *
 * The model runs in a child process per file, so that a crash is counted (and located) instead of ending
 * the run. See tests/conformance/README.md and docs/conformance.md. */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "catalog/relative.h"
#include "db/introspect.h"
#include "sql/lines.h"
#include "sql/parse.h"
#include "sql/walk.h"
#include "util/fs.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <regex.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- options ---- */

typedef struct Opts {
	const char *suite;  /* folder with regress/ and lib/ (get-suite) */
	const char *run;    /* scratch folder the server can read: data/, lib/, results/ */
	const char *host;   /* server socket folder */
	const char *port;   /* server port */
	const char *log;    /* the server's jsonlog file */
	const char *psql;   /* psql binary */
	const char *files;  /* comma-separated file names (without .sql), or NULL for the whole schedule */
	const char *label;  /* "core files" / "whole suite", for the summary */
	const char *doc;    /* write the Markdown report here */
	const char *known;  /* known disagreements (the ratchet) */
	const char *causes; /* cause table (tests/conformance/causes.tsv) */
	const char *tsv;    /* every compared statement, tab-separated (for tools) */
	const char *core;   /* comma-separated core files: their own summary line within a larger run */
	bool update_known;
	int timeout; /* seconds per psql run */
} Opts;

/* ---- small helpers ---- */

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* S on one line: tabs and newlines become spaces, runs of spaces shrink, at most MAX bytes. */
static char *oneline(const char *s, size_t max)
{
	StrBuf sb = STRBUF_INIT;
	bool space = false;
	for (const char *p = s ? s : ""; *p && sb.len < max; p++) {
		char c = *p;
		if (c == '\t' || c == '\n' || c == '\r' || c == ' ') {
			space = sb.len > 0;
			continue;
		}
		if (space)
			sb_putc(&sb, ' ');
		space = false;
		sb_putc(&sb, c);
	}
	if (s && strlen(s) > max)
		sb_append(&sb, " …");
	return sb_detach(&sb);
}

static char *read_text(const char *path)
{
	char *text = NULL;
	size_t len;
	DiagList dl = DIAGLIST_INIT;
	if (fs_read_file(path, &text, &len, &dl) != 0)
		text = NULL;
	diag_list_release(&dl);
	return text;
}

static char *conninfo(const Opts *o, const char *db)
{
	return xasprintf("host=%s port=%s user=postgres dbname=%s application_name=conform", o->host, o->port,
	                 db);
}

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static PGconn *connect_db(const Opts *o, const char *db)
{
	char *ci = conninfo(o, db);
	PGconn *c = PQconnectdb(ci);
	free(ci);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "conformance: cannot connect to %s: %s", db, PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, no_notices, NULL);
	return c;
}

static int exec_cmd(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "conformance: %s: %s", sql, PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

/* ---- the schedule ---- */

typedef VEC(char *) StrVec;

static void strvec_free(StrVec *v)
{
	for (size_t i = 0; i < v->n; i++)
		free(v->items[i]);
	vec_free(v);
}

/* Test names of parallel_schedule's "test:" lines, in order. */
static int read_schedule(const char *suite, StrVec *out)
{
	char *path = xasprintf("%s/regress/parallel_schedule", suite);
	char *text = read_text(path);
	free(path);
	if (!text)
		return -1;
	for (const char *line = text; *line;) {
		size_t len = strcspn(line, "\n");
		if (!strncmp(line, "test:", 5)) {
			for (const char *w = line + 5; w < line + len;) {
				w += strspn(w, " \t");
				size_t wl = strcspn(w, " \t\n");
				if (wl)
					vec_push(out, xstrndup(w, wl));
				w += wl;
			}
		}
		line += len + (line[len] == '\n');
	}
	free(text);
	return 0;
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, name, n))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

/* ---- the server's log ---- */

/* One query string as the server received it, and how it ended. */
typedef struct Msg {
	char *text;       /* as received (psql has interpolated variables) */
	char *state;      /* SQLSTATE of its error; NULL when it ran */
	char *error;      /* the error's message */
	int cursor;       /* 1-based character position of the error in TEXT, 0 when none */
	bool new_session; /* first query of a session other than the previous query's */
} Msg;

typedef VEC(Msg) MsgVec;

static void msgs_free(MsgVec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->items[i].text);
		free(v->items[i].state);
		free(v->items[i].error);
	}
	vec_free(v);
}

/* The query strings of a file, for the model's process: per query a header line
 * "<text bytes> <state> <cursor> <new session> <error bytes>" ("-" for no state), then the text and the
 * error. */
static int msgs_write(const char *path, const MsgVec *v)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	for (size_t i = 0; i < v->n; i++) {
		const Msg *m = &v->items[i];
		size_t el = m->error ? strlen(m->error) : 0;
		fprintf(f, "%zu %s %d %d %zu\n", strlen(m->text), m->state ? m->state : "-", m->cursor,
		        m->new_session, el);
		fputs(m->text, f);
		if (m->error)
			fputs(m->error, f);
	}
	return fclose(f) == 0 ? 0 : -1;
}

static int msgs_read(const char *path, MsgVec *v)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t tl, el;
	char state[16];
	int cursor, ns;
	while (fscanf(f, "%zu %15s %d %d %zu", &tl, state, &cursor, &ns, &el) == 5 && fgetc(f) == '\n') {
		Msg m = {xcalloc(tl + 1, 1), strcmp(state, "-") ? xstrdup(state) : NULL, xcalloc(el + 1, 1),
		         cursor, ns != 0};
		if (fread(m.text, 1, tl, f) != tl || fread(m.error, 1, el, f) != el) {
			free(m.text);
			free(m.state);
			free(m.error);
			fclose(f);
			return -1;
		}
		if (!m.state) {
			free(m.error);
			m.error = NULL;
		}
		vec_push(v, m);
	}
	fclose(f);
	return 0;
}

typedef struct LogReader {
	const char *path;
	long off; /* consumed up to here (a line boundary) */
} LogReader;

static const char *jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* Read the log from where the last call stopped until a line whose message contains MARKER (waiting for the
 * logging collector up to 20 s), turning the client statements and errors of other applications than ours
 * into query strings with their outcome. Returns 0, or -1 when the marker never came. */
static int log_collect(LogReader *lr, const char *marker, MsgVec *out)
{
	double deadline = now_s() + 20;
	char *last_session = NULL;
	ssize_t cur = -1;
	StrBuf pending = STRBUF_INIT;
	int rc = -1;
	while (now_s() < deadline) {
		FILE *f = fopen(lr->path, "r");
		if (!f || fseek(f, lr->off, SEEK_SET) != 0) {
			if (f)
				fclose(f);
			usleep(50000);
			continue;
		}
		char buf[65536];
		size_t n;
		sb_reset(&pending);
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			sb_append_n(&pending, buf, n);
		fclose(f);
		const char *start = sb_str(&pending);
		const char *nl;
		bool found = false;
		while ((nl = strchr(start, '\n'))) {
			size_t len = (size_t)(nl - start);
			lr->off += (long)len + 1;
			json_t *j = json_loadb(start, len, 0, NULL);
			start = nl + 1;
			if (!j)
				continue;
			const char *msg = jstr(j, "message"), *sev = jstr(j, "error_severity");
			const char *app = jstr(j, "application_name"), *bt = jstr(j, "backend_type");
			const char *sess = jstr(j, "session_id");
			if (msg && strstr(msg, marker)) {
				json_decref(j);
				found = true;
				break;
			}
			bool client =
			    bt && !strcmp(bt, "client backend") && !(app && !strcmp(app, "conform"));
			if (!client || !sev || !msg || !sess) {
				json_decref(j);
				continue;
			}
			bool new_session = !last_session || strcmp(last_session, sess);
			if (!strcmp(sev, "LOG") && !strncmp(msg, "statement: ", 11)) {
				vec_push(out, ((Msg){xstrdup(msg + 11), NULL, NULL, 0, new_session}));
				cur = (ssize_t)out->n - 1;
				free(last_session);
				last_session = xstrdup(sess);
			} else if (!strcmp(sev, "ERROR")) {
				const char *stmt = jstr(j, "statement"), *state = jstr(j, "state_code");
				json_t *cp = json_object_get(j, "cursor_position");
				int cursor = json_is_integer(cp) ? (int)json_integer_value(cp) : 0;
				Msg *m = cur >= 0 ? &out->items[cur] : NULL;
				if (m && !new_session && stmt && !strcmp(stmt, m->text) && !m->state) {
					m->state = xstrdup(state ? state : "XX000");
					m->error = xstrdup(msg);
					m->cursor = cursor;
				} else if (stmt) { /* rejected before it was logged: a syntax error */
					vec_push(out, ((Msg){xstrdup(stmt), xstrdup(state ? state : "XX000"),
					                     xstrdup(msg), cursor, new_session}));
					cur = -1;
					free(last_session);
					last_session = xstrdup(sess);
				}
			}
			json_decref(j);
		}
		if (found) {
			rc = 0;
			break;
		}
		usleep(50000);
	}
	sb_release(&pending);
	free(last_session);
	return rc;
}

/* ---- statements: what counts as DDL ---- */

typedef enum DdlKind { NOT_DDL = 0, DDL_MODELLED, DDL_OTHER } DdlKind;

/* Object types the catalog models (catalog/catalog.h's ObjKind, columns and constraints included). */
static bool modelled_objtype(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY:
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE:
		return true;
	default:
		return false;
	}
}

static DdlKind by_objtype(PgQuery__ObjectType t)
{
	return modelled_objtype(t) ? DDL_MODELLED : DDL_OTHER;
}

/* Does N create, alter or drop a schema object; of a kind the catalog models? GRANT / REVOKE and ALTER
 * DEFAULT PRIVILEGES count too: the model checks the objects they name (privileges themselves are not
 * modelled: their 42501 refusals are counted apart). Ownership, roles, databases and data are not DDL
 * here. */
static DdlKind ddl_kind(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
	case PG_QUERY__NODE__NODE_INDEX_STMT:
	case PG_QUERY__NODE__NODE_VIEW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TYPE_STMT:
	case PG_QUERY__NODE__NODE_GRANT_STMT:
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		return DDL_MODELLED;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return DDL_MODELLED;
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		return n->select_stmt->into_clause ? DDL_MODELLED : NOT_DDL;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return by_objtype(n->alter_table_stmt->objtype);
	case PG_QUERY__NODE__NODE_DROP_STMT:
		return by_objtype(n->drop_stmt->remove_type);
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return by_objtype(n->rename_stmt->rename_type);
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		return by_objtype(n->alter_object_schema_stmt->object_type);
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		return by_objtype(n->comment_stmt->objtype);
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		return n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE ? DDL_MODELLED : DDL_OTHER;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT:
	case PG_QUERY__NODE__NODE_RULE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CAST_STMT:
	case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OP_FAMILY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OPERATOR_STMT:
	case PG_QUERY__NODE__NODE_CREATE_CONVERSION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TRANSFORM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_AM_STMT:
	case PG_QUERY__NODE__NODE_CREATE_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EVENT_TRIG_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FDW_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FDW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_ALTER_FOREIGN_SERVER_STMT:
	case PG_QUERY__NODE__NODE_CREATE_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_ALTER_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_DROP_USER_MAPPING_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_PUBLICATION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SUBSCRIPTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_SUBSCRIPTION_STMT:
	case PG_QUERY__NODE__NODE_DROP_SUBSCRIPTION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSDICTIONARY_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TSCONFIGURATION_STMT:
	case PG_QUERY__NODE__NODE_CREATE_PLANG_STMT:
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_DEPENDS_STMT:
	case PG_QUERY__NODE__NODE_ALTER_EXTENSION_CONTENTS_STMT:
	case PG_QUERY__NODE__NODE_IMPORT_FOREIGN_SCHEMA_STMT:
	case PG_QUERY__NODE__NODE_ALTER_COLLATION_STMT:
	case PG_QUERY__NODE__NODE_ALTER_TABLE_MOVE_ALL_STMT:
	case PG_QUERY__NODE__NODE_SEC_LABEL_STMT:
		return DDL_OTHER;
	default:
		return NOT_DDL;
	}
}

/* "CREATE TABLE", "ALTER TABLE", ... from the node's field name (create_stmt → create_stmt). */
static const char *node_name(const PgQuery__Node *n)
{
	const ProtobufCFieldDescriptor *f = sql_node_field(n);
	return f ? f->name : "?";
}

/* SQLSTATEs of the catalog errors a miss is counted for: undefined and duplicate objects, dependent
 * objects, wrong object type. */
static bool catalog_state(const char *s)
{
	static const char *const states[] = {"42P01", "42704", "42703", "42883", "3F000", "42P07", "42710",
	                                     "42P06", "42723", "42701", "42712", "2BP01", "42809"};
	for (size_t i = 0; i < ARRAY_LEN(states); i++)
		if (!strcmp(s, states[i]))
			return true;
	return false;
}

/* ---- one file's results (written by the model child, read by the parent) ---- */

typedef enum Cls {
	C_AGREE = 'a',     /* same verdict */
	C_FALSE = 'e',     /* the model rejects what the server ran */
	C_MISS = 'm',      /* the server raises a catalog error, the model does not */
	C_PRIV = 'p',      /* the server refuses a privilege (42501); the model does not track privileges */
	C_UNCHECKED = 'o', /* the server rejects it for a reason the model does not check */
	C_OTHER_OK = 'n',  /* DDL of a kind the model does not model, run by the server */
	C_OTHER_ERR = 'u', /* DDL of a kind the model does not model, rejected by the server */
	C_PARSE = 'x',     /* libpg_query cannot split/parse what the server ran */
} Cls;

typedef struct Rec {
	char cls;
	int line;
	int follows; /* a false error about an object an earlier false error (at this line) left behind */
	char *kind, *pgstate, *pgmsg, *rule, *mmsg, *stmt;
} Rec;

typedef struct FileResult {
	char *name;
	size_t stmts, ddl, other_ddl, counts[128];
	size_t catdiff;
	VEC(Rec) recs;
	StrVec diffs;
	StrVec notes;
	bool crashed;
	char *crash_where, *crash_report;
	int pg_errors, expected_errors; /* ERROR lines in psql's output and in expected/ (-1 unknown) */
	bool ran;                       /* psql ran (no timeout, marker seen) */
	double seconds;
	size_t restores, redone, redo_errors;
	size_t verified, rollback_wrong; /* rollbacks checked against the catalog's text, and wrong ones */
} FileResult;

/* ---- locating statements in the file ---- */

typedef struct Locator {
	const char *text; /* the .sql file */
	SqlLines lines;
	size_t cursor; /* byte offset after the last query found */
	int last_line;
} Locator;

/* Line of query string Q in the file: searched from where the previous one ended; when psql changed it
 * (variables, \; joins, \gexec), its first line is searched; else the previous query's line. */
static int locate(Locator *lc, const char *q)
{
	const char *from = lc->text + lc->cursor;
	const char *hit = strstr(from, q);
	size_t len = strlen(q);
	if (!hit) {
		char *first = xstrndup(q, strcspn(q, "\n"));
		char *colon = strchr(first, ':'); /* stop before a psql variable */
		if (colon && colon - first > 12)
			*colon = '\0';
		if (strlen(first) >= 6)
			hit = strstr(from, first);
		len = strlen(first);
		free(first);
	}
	if (!hit)
		return lc->last_line;
	int line, col;
	sql_lines_locate(&lc->lines, (size_t)(hit - lc->text), &line, &col);
	lc->cursor = (size_t)(hit - lc->text) + len;
	lc->last_line = line;
	return line;
}

/* ---- the model child ---- */

static void out_field(FILE *f, const char *s)
{
	fputc('\t', f);
	for (const char *p = s ? s : ""; *p; p++)
		fputc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, f);
}

static void rec_write(FILE *f, char cls, int line, const char *kind, const char *pgstate, const char *pgmsg,
                      const char *rule, const char *mmsg, const char *stmt)
{
	char *s = oneline(stmt, 240);
	fprintf(f, "D\t%c\t%d", cls, line);
	out_field(f, kind);
	out_field(f, pgstate);
	out_field(f, pgmsg);
	out_field(f, rule);
	out_field(f, mmsg);
	out_field(f, s);
	fputc('\n', f);
	fflush(f);
	free(s);
}

static const Diag *first_error_since(const DiagList *dl, size_t from)
{
	for (size_t i = from; i < dl->n; i++)
		if (dl->items[i].sev == SEV_ERROR)
			return &dl->items[i];
	return NULL;
}

/* The statement of P the server's error belongs to: the one holding the error's cursor, else the first the
 * model rejects too, else the last. */
static size_t failing_stmt(const Msg *m, const SqlParse *p)
{
	if (m->cursor > 0) {
		size_t off = sql_charpos_to_offset(m->text, m->cursor);
		for (size_t i = 0; i < p->n; i++)
			if (off < (size_t)(p->stmts[i].offset + p->stmts[i].len + 1))
				return i;
	}
	return p->n ? p->n - 1 : 0;
}

typedef VEC(SqlParse) ParseVec;

static bool looks_like_ddl(const char *q)
{
	size_t o = sql_skip_space_and_comments(q, 0);
	return !strncasecmp(q + o, "create", 6) || !strncasecmp(q + o, "alter", 5) ||
	       !strncasecmp(q + o, "drop", 4) || !strncasecmp(q + o, "comment", 7);
}

/* ---- checking the rollbacks themselves ----
 * A statement that ends with no effect (rejected, or undone to match the server) must leave the catalog as it
 * was, and ROLLBACK / ROLLBACK TO must bring back the state of BEGIN / SAVEPOINT: the canonical text of the
 * catalog is compared (catalog_dump_text). A difference is a defect of replay_tx.c, reported as "R". */
typedef struct Verifier {
	bool on;
	char *begin; /* the catalog at BEGIN */
	StrVec sp_names, sp_dumps;
	size_t checked, wrong;
} Verifier;

static char *dump_cat(const Catalog *cat)
{
	StrBuf sb = STRBUF_INIT;
	catalog_dump_text(cat, &sb);
	return sb_detach(&sb);
}

static void verify_same(Verifier *v, FILE *out, int line, const char *what, const char *want,
                        const Catalog *cat)
{
	if (!want)
		return;
	char *now = dump_cat(cat);
	v->checked++;
	if (strcmp(now, want)) {
		v->wrong++;
		fprintf(out, "R\t%d\t%s\n", line, what);
		fflush(out);
	}
	free(now);
}

static void verify_pop_to(Verifier *v, size_t n)
{
	while (v->sp_names.n > n) {
		free(v->sp_names.items[--v->sp_names.n]);
		free(v->sp_dumps.items[--v->sp_dumps.n]);
	}
}

static void verify_reset(Verifier *v)
{
	free(v->begin);
	v->begin = NULL;
	verify_pop_to(v, 0);
}

/* After transaction statement TS ran (IN_BLOCK and ABORTED: the block's state before it). */
static void verify_tx(Verifier *v, FILE *out, int line, const PgQuery__TransactionStmt *ts, bool in_block,
                      bool aborted, const ReplayState *st)
{
	switch (ts->kind) {
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_BEGIN:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_START:
		if (!in_block) {
			verify_reset(v);
			v->begin = dump_cat(st->cat);
		}
		break;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_COMMIT:
		if (in_block && (aborted || ts->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK))
			verify_same(v, out, line, "ROLLBACK did not restore the state of BEGIN", v->begin,
			            st->cat);
		if (in_block)
			verify_reset(v);
		break;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_SAVEPOINT:
		if (in_block && !aborted) {
			vec_push(&v->sp_names, xstrdup(ts->savepoint_name ? ts->savepoint_name : ""));
			vec_push(&v->sp_dumps, dump_cat(st->cat));
		}
		break;
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_RELEASE:
	case PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO:
		for (size_t i = v->sp_names.n; i > 0; i--)
			if (!strcmp(v->sp_names.items[i - 1], ts->savepoint_name ? ts->savepoint_name : "")) {
				bool back =
				    ts->kind == PG_QUERY__TRANSACTION_STMT_KIND__TRANS_STMT_ROLLBACK_TO;
				if (back)
					verify_same(v, out, line,
					            "ROLLBACK TO did not restore the state of SAVEPOINT",
					            v->sp_dumps.items[i - 1], st->cat);
				verify_pop_to(v, back ? i : i - 1);
				break;
			}
		break;
	default:
		break;
	}
}

/* Replay MSGS into CAT (the template's catalog, or an empty one), comparing each statement with the
 * server's outcome, then compare the catalog with the database. Writes records to OUT (see FileResult). */
static void model_run(const Opts *o, const char *name, const char *sqltext, MsgVec *msgs, Catalog *cat,
                      FILE *out)
{
	ReplayOptions ro = {.user = "postgres", .quiet_info = true};
	ReplayState st;
	replay_state_init(&st, cat, &ro);
	DiagList dl = DIAGLIST_INIT;
	st.dl = &dl;
	char *file = xasprintf("%s.sql", name);
	st.file = file;
	Locator lc = {sqltext ? sqltext : "", {0}, 0, 1};
	sql_lines_build(&lc.lines, lc.text);
	ParseVec parses = {0};
	size_t nstmts = 0;
	/* STRATA_CONFORMANCE_CRASH_AT=file.sql:line crashes the model there (tests/conformance/run
	 * --self-test) */
	char *crash_at =
	    getenv("STRATA_CONFORMANCE_CRASH_AT") ? xstrdup(getenv("STRATA_CONFORMANCE_CRASH_AT")) : NULL;
	int crash_line = 0;
	if (crash_at && strchr(crash_at, ':')) {
		crash_line = atoi(strchr(crash_at, ':') + 1);
		*strchr(crash_at, ':') = '\0';
	}
	Verifier vf = {.on = getenv("STRATA_CONFORMANCE_NO_VERIFY") == NULL};
	for (size_t mi = 0; mi < msgs->n; mi++) {
		Msg *m = &msgs->items[mi];
		if (m->new_session && mi > 0) {
			if (vf.on && replay_tx_in_block(&st))
				verify_reset(&vf); /* (the session's end also drops temporary objects) */
			replay_tx_end_session(&st);
		}
		int line = locate(&lc, m->text);
		fprintf(out, "P\t%d\t%s\n", line, "");
		fflush(out);
		SqlParse p;
		DiagList pdl = DIAGLIST_INIT;
		if (sql_parse(m->text, file, &p, &pdl) != 0) {
			nstmts++;
			const Diag *d = first_error_since(&pdl, 0);
			if (!m->state)
				rec_write(out, C_PARSE, line, looks_like_ddl(m->text) ? "ddl?" : "statement",
				          NULL, NULL, "syntax-error", d ? d->message : "", m->text);
			else if (replay_tx_in_block(&st))
				replay_tx_override(&st, false);
			diag_list_release(&pdl);
			continue;
		}
		diag_list_release(&pdl);
		vec_push(&parses, p);
		st.text = m->text;
		size_t fail = m->state ? failing_stmt(m, &p) : p.n;
		if (p.n > 1)
			replay_tx_implicit_begin(&st);
		for (size_t k = 0; k < p.n; k++) {
			nstmts++;
			const SqlStmt *s = &p.stmts[k];
			int sline, scol;
			sql_offset_to_linecol(m->text, (size_t)s->offset, &sline, &scol);
			sline += line - 1;
			fprintf(out, "P\t%d\t%s\n", sline, node_name(s->node));
			fflush(out);
			if (crash_at && !strcmp(crash_at, file) && crash_line == sline)
				raise(SIGSEGV); /* the harness's own test: a crash must be counted and located
				                 */
			size_t before = dl.n;
			bool was_in_block = replay_tx_in_block(&st), was_aborted = replay_tx_aborted(&st);
			bool is_tx = s->node->node_case == PG_QUERY__NODE__NODE_TRANSACTION_STMT;
			char *pre = vf.on && p.n == 1 && !was_in_block && !is_tx ? dump_cat(cat) : NULL;
			/* as replay_sql does: after dynamic SQL the model cannot follow, the errors that
			 * depend on the catalog's state are warnings (not a rejection the user sees) */
			ReplayOutcome mo = replay_top_statement(&st, s);
			bool pg_ran = k <= fail, pg_ok = k < fail;
			if (pg_ran)
				replay_tx_override(&st, pg_ok);
			if (pre && !replay_tx_in_block(&st) && (mo == REPLAY_FAILED || (pg_ran && !pg_ok)))
				verify_same(&vf, out, sline, "a statement without effect changed the catalog",
				            pre, cat);
			free(pre);
			if (vf.on && p.n == 1 && is_tx)
				verify_tx(&vf, out, sline, s->node->transaction_stmt, was_in_block,
				          was_aborted, &st);
			DdlKind dk = ddl_kind(s->node);
			if (dk == NOT_DDL || !pg_ran)
				continue;
			const Diag *d = first_error_since(&dl, before);
			if (mo == REPLAY_FAILED && !d)
				mo = REPLAY_OK; /* its errors became warnings: the user is not stopped */
			const char *rule = mo == REPLAY_ABORTED ? "aborted" : d ? d->rule : NULL;
			char *mmsg = mo == REPLAY_ABORTED ? xstrdup("current transaction is aborted")
			             : d && d->detail     ? xasprintf("%s (%s)", d->message, d->detail)
			             : d                  ? xstrdup(d->message)
			                                  : NULL;
			const char *pgstate = pg_ok ? NULL : m->state;
			char cls;
			if (dk == DDL_OTHER)
				cls = pg_ok ? C_OTHER_OK : C_OTHER_ERR;
			else if (pg_ok == (mo == REPLAY_OK))
				cls = C_AGREE;
			else if (pg_ok)
				cls = C_FALSE;
			else if (!strcmp(pgstate, "42501"))
				cls = C_PRIV;
			else if (catalog_state(pgstate))
				cls = C_MISS;
			else
				cls = C_UNCHECKED;
			char *stmt = xstrndup(m->text + s->offset, (size_t)s->len);
			rec_write(out, cls, sline, node_name(s->node), pgstate, pg_ok ? NULL : m->error, rule,
			          mmsg, stmt);
			free(stmt);
			free(mmsg);
		}
		if (p.n > 1)
			replay_tx_implicit_end(&st);
		if (!replay_tx_in_block(&st))
			replay_tx_commit(&st); /* autocommit: ON COMMIT DROP tables go */
	}
	fprintf(out, "P\t0\tsession end\n");
	fflush(out);
	replay_tx_end_session(&st);
	verify_reset(&vf);
	vec_free(&vf.sp_names);
	vec_free(&vf.sp_dumps);
	ReplayTxStats ts;
	replay_tx_stats(&st, &ts);
	fprintf(out, "S\t%zu\t%zu\t%zu\t%zu\t%zu\n", nstmts, ts.restores, ts.redone, ts.redo_errors,
	        vf.checked);
	fprintf(out, "P\t0\tintrospection and comparison\n");
	fflush(out);
	PGconn *c = connect_db(o, "regression");
	Catalog *live = NULL;
	DiagList idl = DIAGLIST_INIT;
	if (!c || introspect_catalog(c, NULL, &live, &idl) != 0) {
		fprintf(out, "X\tintrospection failed: %s\n", idl.n ? idl.items[0].message : "no connection");
	} else {
		/* the server printed names relative to the session's search_path; the model names objects by
		 * identity: both made relative to it (as strata verify does) */
		PGresult *spr = PQexec(c, "SELECT s FROM unnest(current_schemas(false)) AS s");
		int nsp = PQresultStatus(spr) == PGRES_TUPLES_OK ? PQntuples(spr) : 0;
		const char **sp = xcalloc((size_t)nsp + 1, sizeof(*sp));
		for (int i = 0; i < nsp; i++)
			sp[i] = PQgetvalue(spr, i, 0);
		catalog_unqualify(cat, sp, (size_t)nsp);
		catalog_unqualify(live, sp, (size_t)nsp);
		free(sp);
		PQclear(spr);
		DiagList cdl = DIAGLIST_INIT;
		CompareOptions co = {
		    .label_a = "the model", .label_b = "the database", .ignore_comments = false};
		(void)catalog_compare(cat, live, &co, &cdl);
		for (size_t i = 0; i < cdl.n; i++) {
			fprintf(out, "C");
			out_field(out, cdl.items[i].message);
			fputc('\n', out);
		}
		diag_list_release(&cdl);
	}
	diag_list_release(&idl);
	catalog_free(live);
	PQfinish(c);
	fprintf(out, "E\n");
	fflush(out);
	replay_state_release(&st);
	for (size_t i = 0; i < parses.n; i++)
		sql_parse_free(&parses.items[i]);
	vec_free(&parses);
	sql_lines_free(&lc.lines);
	diag_list_release(&dl);
	free(file);
	free(crash_at);
}

/* ---- reading a child's records ---- */

static char *field(char **p)
{
	char *s = *p;
	if (!s)
		return xstrdup("");
	char *t = strchr(s, '\t');
	if (t) {
		*t = '\0';
		*p = t + 1;
	} else
		*p = NULL;
	return xstrdup(s);
}

/* TEXT with every occurrence of the run folder RUN replaced by "<run>" (paths of C functions and data files
 * differ between runs; the report and the baseline must not). Returns malloc. */
static char *unrun(const char *text, const char *run)
{
	StrBuf sb = STRBUF_INIT;
	size_t n = strlen(run);
	for (const char *p = text; *p;) {
		const char *hit = n ? strstr(p, run) : NULL;
		if (!hit) {
			sb_append(&sb, p);
			break;
		}
		sb_append_n(&sb, p, (size_t)(hit - p));
		sb_append(&sb, "<run>");
		p = hit + n;
	}
	return sb_detach(&sb);
}

static void read_results(const char *path, const char *run, FileResult *r, bool *ended, char **where)
{
	char *raw = read_text(path);
	char *text = raw ? unrun(raw, run) : NULL;
	free(raw);
	*ended = false;
	if (!text)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *p = line + 1;
		if (*p == '\t')
			p++;
		switch (line[0]) {
		case 'P':
			free(*where);
			*where = xstrdup(p);
			break;
		case 'D': {
			Rec rec = {0};
			char *cls = field(&p), *ln = field(&p);
			rec.cls = cls[0];
			rec.line = atoi(ln);
			free(cls);
			free(ln);
			rec.kind = field(&p);
			rec.pgstate = field(&p);
			rec.pgmsg = field(&p);
			rec.rule = field(&p);
			rec.mmsg = field(&p);
			rec.stmt = field(&p);
			r->counts[(unsigned char)rec.cls]++;
			if (rec.cls == C_OTHER_OK || rec.cls == C_OTHER_ERR)
				r->other_ddl++;
			else if (rec.cls != C_PARSE)
				r->ddl++;
			vec_push(&r->recs, rec);
			break;
		}
		case 'S':
			sscanf(p, "%zu\t%zu\t%zu\t%zu\t%zu", &r->stmts, &r->restores, &r->redone,
			       &r->redo_errors, &r->verified);
			break;
		case 'R':
			vec_push(&r->notes, xasprintf("rollback not exact at %s.sql:%s", r->name, p));
			r->rollback_wrong++;
			break;
		case 'C':
			vec_push(&r->diffs, xstrdup(p));
			r->catdiff++;
			break;
		case 'X':
			vec_push(&r->notes, xstrdup(p));
			break;
		case 'E':
			*ended = true;
			break;
		}
	}
	free(text);
}

/* Does identifier NAME occur in TEXT as a word (case-insensitively)? */
static bool has_word(const char *text, const char *name)
{
	size_t n = strlen(name);
	if (!n)
		return false;
	for (const char *p = text; (p = strcasestr(p, name)); p++) {
		bool left = p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		bool right = !(isalnum((unsigned char)p[n]) || p[n] == '_');
		if (left && right)
			return true;
	}
	return false;
}

/* Names a model message speaks of: double-quoted ones, and the word after "table", "view", "function",
 * "type", "relation", "index" or "schema" (a detail lists dependents unquoted). */
static void message_names(const char *msg, StrVec *out)
{
	for (const char *q = strchr(msg, '"'); q; q = strchr(q, '"')) {
		const char *e = strchr(q + 1, '"');
		if (!e)
			break;
		char *name = xstrndup(q + 1, (size_t)(e - q - 1));
		char *dot = strrchr(name, '.');
		vec_push(out, xstrdup(dot ? dot + 1 : name));
		free(name);
		q = e + 1;
	}
	static const char *const words[] = {"table ",    "view ",  "function ", "type ",
	                                    "relation ", "index ", "schema "};
	for (size_t k = 0; k < ARRAY_LEN(words); k++)
		for (const char *p = msg; (p = strstr(p, words[k])); p++) {
			const char *w = p + strlen(words[k]);
			size_t n = 0;
			while (isalnum((unsigned char)w[n]) || w[n] == '_')
				n++;
			if (n)
				vec_push(out, xstrndup(w, n));
		}
}

/* Mark false errors that follow from an earlier one: the model's message names an object that an earlier
 * (root) false error's statement names, so the model has that object in the wrong state. */
static void mark_follow_ups(FileResult *r)
{
	for (size_t i = 0; i < r->recs.n; i++) {
		Rec *x = &r->recs.items[i];
		if (x->cls != C_FALSE)
			continue;
		StrVec names = {0};
		message_names(x->mmsg, &names);
		for (size_t k = i; k > 0 && !x->follows; k--) {
			const Rec *y = &r->recs.items[k - 1];
			if (y->cls != C_FALSE)
				continue;
			for (size_t j = 0; j < names.n && !x->follows; j++)
				if (has_word(y->stmt, names.items[j]) || has_word(y->mmsg, names.items[j]))
					x->follows =
					    y->follows ? y->follows : y->line; /* the root of the chain */
		}
		strvec_free(&names);
		/* an object a refused DROP ... CASCADE should have taken with it */
		bool exists = strstr(x->mmsg, "already exists") != NULL;
		for (size_t k = i; k > 0 && !x->follows && exists; k--) {
			const Rec *y = &r->recs.items[k - 1];
			if (y->cls == C_FALSE && !y->follows && !strncasecmp(y->stmt, "drop ", 5) &&
			    has_word(y->stmt, "cascade"))
				x->follows = y->line;
		}
	}
}

/* ---- running one file ---- */

static int count_errors(const char *path)
{
	char *t = read_text(path);
	if (!t)
		return -1;
	int n = 0;
	for (const char *p = t; (p = strstr(p, "ERROR:")); p++)
		if (p == t || p[-1] == '\n' || (p >= t + 2 && p[-1] == ' ' && p[-2] == ':'))
			n++;
	free(t);
	return n;
}

/* Error count of expected/NAME.out, or of the alternative (NAME_1.out, ...) equal to GOT when one is. */
static int expected_errors(const Opts *o, const char *name, int got)
{
	int first = -1;
	for (int k = 0; k < 10; k++) {
		char *p = k ? xasprintf("%s/regress/expected/%s_%d.out", o->suite, name, k)
		            : xasprintf("%s/regress/expected/%s.out", o->suite, name);
		int n = count_errors(p);
		free(p);
		if (n < 0)
			continue;
		if (first < 0)
			first = n;
		if (n == got)
			return n;
	}
	return first;
}

/* Run psql on the file as pg_regress does (psql -X -a -q < file), output to OUTPATH. 0, or -1 (timeout,
 * cannot start). */
static int run_psql(const Opts *o, const char *sqlpath, const char *outpath)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int in = open(sqlpath, O_RDONLY), outfd = open(outpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || outfd < 0)
			_exit(127);
		dup2(in, 0);
		dup2(outfd, 1);
		dup2(outfd, 2);
		if (chdir(o->run) != 0)
			_exit(127);
		setenv("PG_ABS_SRCDIR", o->run, 1);
		setenv("PG_ABS_BUILDDIR", o->run, 1);
		char *lib = xasprintf("%s/lib", o->run);
		setenv("PG_LIBDIR", lib, 1);
		setenv("PG_DLSUFFIX", ".so", 1);
		setenv("PGTZ", "America/Los_Angeles", 1);
		setenv("PGDATESTYLE", "Postgres, MDY", 1);
		setenv("PGOPTIONS", "-c intervalstyle=postgres_verbose", 1);
		setenv("PGAPPNAME", "pg_regress", 1);
		setenv("LC_MESSAGES", "C", 1);
		unsetenv("LANGUAGE");
		unsetenv("LC_ALL");
		unsetenv("PGDATABASE");
		unsetenv("PGSERVICE");
		setenv("PGHOST", o->host, 1);
		setenv("PGPORT", o->port, 1);
		setenv("PGUSER", "postgres", 1);
		execl(o->psql, "psql", "-X", "-a", "-q", "-d", "regression", (char *)NULL);
		_exit(127);
	}
	double deadline = now_s() + o->timeout;
	for (;;) {
		int status;
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			return WIFEXITED(status) && WEXITSTATUS(status) != 127 ? 0 : -1;
		if (now_s() > deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		usleep(20000);
	}
}

static int fresh_database(PGconn *ctl, const char *template)
{
	char *create = xasprintf("CREATE DATABASE regression TEMPLATE %s", template);
	int rc = exec_cmd(ctl, "DROP DATABASE IF EXISTS regression WITH (FORCE)") || exec_cmd(ctl, create) ||
	         exec_cmd(ctl, "ALTER DATABASE regression SET lc_messages TO 'C';"
	                       "ALTER DATABASE regression SET lc_monetary TO 'C';"
	                       "ALTER DATABASE regression SET lc_numeric TO 'C';"
	                       "ALTER DATABASE regression SET lc_time TO 'C';"
	                       "ALTER DATABASE regression SET bytea_output TO 'hex';"
	                       "ALTER DATABASE regression SET timezone_abbreviations TO 'Default'");
	free(create);
	return rc;
}

/* Run file NAME: psql against a fresh database, the log's statements, the model in a child. */
static void run_file(const Opts *o, PGconn *ctl, LogReader *lr, const char *name, FileResult *r)
{
	double t0 = now_s();
	r->name = xstrdup(name);
	r->expected_errors = -1;
	r->pg_errors = -1;
	bool setup = !strcmp(name, "test_setup");
	if (fresh_database(ctl, setup ? "template0" : "regress_template") != 0) {
		vec_push(&r->notes, xstrdup("could not create the database"));
		return;
	}
	/* statements logged before this point belong to no file */
	static int seq;
	char *marker = xasprintf("conform-marker-%d-%s", ++seq, name);
	char *sel = xasprintf("SELECT '%s-start'", marker);
	MsgVec skip = {0};
	char *m0 = xasprintf("%s-start", marker);
	if (exec_cmd(ctl, sel) == 0)
		(void)log_collect(lr, m0, &skip);
	msgs_free(&skip);
	free(m0);
	free(sel);
	char *sqlpath = xasprintf("%s/regress/sql/%s.sql", o->suite, name);
	char *outpath = xasprintf("%s/results/%s.out", o->run, name);
	int prc = run_psql(o, sqlpath, outpath);
	sel = xasprintf("SELECT '%s-end'", marker);
	char *m1 = xasprintf("%s-end", marker);
	MsgVec msgs = {0};
	bool logged = exec_cmd(ctl, sel) == 0 && log_collect(lr, m1, &msgs) == 0;
	free(sel);
	free(m1);
	free(marker);
	r->ran = prc == 0 && logged;
	if (prc != 0)
		vec_push(&r->notes,
		         xasprintf("psql did not finish within %d s (or could not start)", o->timeout));
	if (!logged)
		vec_push(&r->notes, xstrdup("the server log did not show the end of the file"));
	r->pg_errors = count_errors(outpath);
	r->expected_errors = expected_errors(o, name, r->pg_errors);
	char *msgpath = xasprintf("%s/results/%s.msgs", o->run, name);
	char *respath = xasprintf("%s/results/%s.model", o->run, name);
	char *errpath = xasprintf("%s/results/%s.model-stderr", o->run, name);
	pid_t pid = -1;
	if (msgs_write(msgpath, &msgs) == 0) {
		fflush(stdout);
		fflush(stderr);
		pid = fork();
	}
	if (pid == 0) { /* a fresh process: its sanitizers see the model's work only */
		int efd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (efd < 0)
			_exit(3);
		dup2(efd, 2);
		close(efd);
		execl("/proc/self/exe", "conformance", "--model", name, "--msgs", msgpath, "--out", respath,
		      "--suite", o->suite, "--host", o->host, "--port", o->port, "--template",
		      setup ? "" : "regress_template", (char *)NULL);
		_exit(127);
	}
	int status = 0;
	if (pid > 0)
		waitpid(pid, &status, 0);
	bool ended = false;
	char *where = NULL;
	read_results(respath, o->run, r, &ended, &where);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || !ended) {
		r->crashed = true;
		/* WHERE is "<line>\t<statement kind or phase>" */
		char *tab = where ? strchr(where, '\t') : NULL;
		if (tab)
			*tab = '\0';
		r->crash_where =
		    where ? xasprintf("%s.sql:%s (%s)", name, where, tab && tab[1] ? tab + 1 : "statement")
		          : xstrdup("the start");
		char *report = read_text(errpath);
		const char *s = report ? strstr(report, "ERROR: ") : NULL;
		if (!s && report)
			s = strstr(report, "runtime error");
		r->crash_report = s                     ? oneline(s, 300)
		                  : WIFSIGNALED(status) ? xasprintf("killed by signal %d", WTERMSIG(status))
		                                        : xasprintf("exit status %d", WEXITSTATUS(status));
		free(report);
	}
	mark_follow_ups(r);
	free(where);
	free(msgpath);
	free(respath);
	free(errpath);
	free(sqlpath);
	free(outpath);
	msgs_free(&msgs);
	r->seconds = now_s() - t0;
}

/* ---- causes: grouping disagreements (tests/conformance/causes.tsv) ---- */

typedef struct Cause {
	char *id, *cls, *pgstate, *diagnosis;
	regex_t re; /* on "<pg message> | <model message> | <statement>" */
	bool ok;
} Cause;

typedef VEC(Cause) CauseVec;

static void load_causes(const char *path, CauseVec *v)
{
	char *text = path ? read_text(path) : NULL;
	if (!text)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !line[0])
			continue;
		char *p = line;
		Cause c = {0};
		c.id = field(&p);
		c.cls = field(&p);
		c.pgstate = field(&p);
		char *re = field(&p);
		c.diagnosis = field(&p);
		c.ok = regcomp(&c.re, re, REG_EXTENDED | REG_ICASE | REG_NOSUB) == 0;
		if (!c.ok)
			fprintf(stderr, "conformance: causes.tsv: bad pattern %s\n", re);
		free(re);
		vec_push(v, c);
	}
	free(text);
}

static const Cause *cause_of(const CauseVec *v, const char *file, const Rec *r)
{
	char *hay = xasprintf("%s.sql:%d | %s | %s | %s", file, r->line, r->pgmsg, r->mmsg, r->stmt);
	const Cause *found = NULL;
	for (size_t i = 0; i < v->n && !found; i++) {
		const Cause *c = &v->items[i];
		if (!c->ok || !strchr(c->cls, r->cls))
			continue;
		size_t pl = strlen(c->pgstate); /* "*" any, "23*" a class, else one SQLSTATE */
		if (pl && c->pgstate[pl - 1] == '*' ? strncmp(c->pgstate, r->pgstate, pl - 1)
		                                    : strcmp(c->pgstate, r->pgstate))
			continue;
		if (regexec(&c->re, hay, 0, NULL, 0) == 0)
			found = c;
	}
	free(hay);
	return found;
}

/* ---- totals, the summary line, the known list ---- */

typedef struct Totals {
	size_t files, stmts, ddl, agree, false_err, miss, catdiff, crashes, priv, unchecked, other_ddl,
	    other_err, parse, verified, rollback_wrong;
	size_t data; /* of UNCHECKED: rejected because of the table's rows (is_data_verdict) */
} Totals;

/* A verdict that depends on the rows in the tables, not on the schema: SQLSTATE class 23 (integrity
 * constraint violation: a CHECK, NOT NULL, UNIQUE, exclusion or foreign key that existing rows violate,
 * found when the server validates or builds it). No schema model can decide these. */
static bool is_data_verdict(const Rec *r)
{
	return r->cls == C_UNCHECKED && !strncmp(r->pgstate, "23", 2);
}

static void totals_add(Totals *t, const FileResult *r)
{
	t->files++;
	t->stmts += r->stmts;
	t->ddl += r->ddl;
	t->agree += r->counts[C_AGREE];
	t->false_err += r->counts[C_FALSE];
	t->miss += r->counts[C_MISS];
	t->priv += r->counts[C_PRIV];
	t->unchecked += r->counts[C_UNCHECKED];
	for (size_t i = 0; i < r->recs.n; i++)
		t->data += is_data_verdict(&r->recs.items[i]);
	t->other_ddl += r->other_ddl;
	t->other_err += r->counts[C_OTHER_ERR];
	t->parse += r->counts[C_PARSE];
	t->catdiff += r->catdiff;
	t->crashes += r->crashed;
	t->verified += r->verified;
	t->rollback_wrong += r->rollback_wrong;
}

static char *summary_line(const Totals *t)
{
	double pct = t->ddl ? 100.0 * (double)t->agree / (double)t->ddl : 100.0;
	return xasprintf(
	    "conformance: %zu files, %zu statements, %zu ddl: agree %zu (%.1f%%), false errors %zu, "
	    "misses %zu, catalog differences %zu, crashes %zu",
	    t->files, t->stmts, t->ddl, t->agree, pct, t->false_err, t->miss, t->catdiff, t->crashes);
}

/* What the summary leaves to be read: the rejections decided by rows, and the agreement without them. */
static char *data_line(const Totals *t)
{
	size_t d = t->ddl - t->data;
	double pct = d ? 100.0 * (double)t->agree / (double)d : 100.0;
	return xasprintf("%zu of the %zu ddl were rejected because of the rows in a table (SQLSTATE class "
	                 "23), which no schema model can decide; agreement on the other %zu: %.1f%%",
	                 t->data, t->ddl, d, pct);
}

/* The known list: one line per disagreement the suite is allowed to have ("file:line<TAB>class<TAB>kind",
 * "file<TAB>catalog<TAB>message", "file<TAB>crash"). */
static void known_keys(const FileResult *r, StrVec *out)
{
	for (size_t i = 0; i < r->recs.n; i++) {
		const Rec *x = &r->recs.items[i];
		if (x->cls == C_FALSE || x->cls == C_MISS || x->cls == C_PARSE)
			vec_push(out, xasprintf("%s.sql:%d\t%s\t%s", r->name, x->line,
			                        x->cls == C_FALSE  ? "false-error"
			                        : x->cls == C_MISS ? "miss"
			                                           : "parse",
			                        x->kind));
	}
	for (size_t i = 0; i < r->diffs.n; i++) { /* the object and the field, not the values */
		const char *d = r->diffs.items[i], *v = strstr(d, ": the model ");
		vec_push(out,
		         xasprintf("%s.sql\tcatalog\t%.*s", r->name, v ? (int)(v - d) : (int)strlen(d), d));
	}
	if (r->crashed)
		vec_push(out, xasprintf("%s.sql\tcrash", r->name));
}

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strvec_sort(StrVec *v)
{
	if (v->n)
		qsort(v->items, v->n, sizeof(char *), cmpstr);
}

static bool strvec_has(const StrVec *v, const char *s)
{
	return v->n && bsearch(&s, v->items, v->n, sizeof(char *), cmpstr);
}

/* Compare this run with the known list: new disagreements fail, fixed ones are reported. Returns the number
 * of new ones. */
static size_t check_known(const Opts *o, FileResult *res, size_t n, StrVec *now)
{
	for (size_t i = 0; i < n; i++)
		known_keys(&res[i], now);
	strvec_sort(now);
	if (o->update_known) {
		/* keep the entries of files this run did not judge */
		char *old = read_text(o->known);
		for (char *line = old ? strtok(old, "\n") : NULL; line; line = strtok(NULL, "\n")) {
			const char *dot = strstr(line, ".sql");
			bool judged = false;
			for (size_t k = 0; k < n && dot && !judged; k++)
				judged = strlen(res[k].name) == (size_t)(dot - line) &&
				         !strncmp(res[k].name, line, (size_t)(dot - line));
			if (line[0] != '#' && !judged)
				vec_push(now, xstrdup(line));
		}
		free(old);
		strvec_sort(now);
		FILE *f = fopen(o->known, "w");
		if (!f) {
			fprintf(stderr, "conformance: cannot write %s\n", o->known);
			return 1;
		}
		fprintf(f, "# Disagreements with PostgreSQL's regression suite that are known "
		           "(tests/conformance/run "
		           "--update-known\n# rewrites this file). A run fails on any disagreement not "
		           "listed here.\n");
		for (size_t i = 0; i < now->n; i++)
			fprintf(f, "%s\n", now->items[i]);
		fclose(f);
		return 0;
	}
	StrVec known = {0};
	char *text = read_text(o->known);
	for (char *line = text ? strtok(text, "\n") : NULL; line; line = strtok(NULL, "\n"))
		if (line[0] != '#')
			vec_push(&known, xstrdup(line));
	free(text);
	strvec_sort(&known);
	size_t fresh = 0, fixed = 0;
	/* files not in this run are not judged */
	for (size_t i = 0; i < now->n; i++)
		if (!strvec_has(&known, now->items[i])) {
			if (fresh++ < 40)
				printf("not known: %s\n", now->items[i]);
		}
	for (size_t i = 0; i < known.n; i++) {
		const char *dot = strstr(known.items[i], ".sql");
		char *file = xstrndup(known.items[i], dot ? (size_t)(dot - known.items[i]) : 0);
		bool judged = false;
		for (size_t k = 0; k < n && !judged; k++)
			judged = !strcmp(res[k].name, file);
		free(file);
		if (judged && !strvec_has(now, known.items[i]))
			fixed++;
	}
	if (fixed)
		printf("note: %zu known disagreements are gone; tests/conformance/run --update-known records "
		       "it\n",
		       fixed);
	strvec_free(&known);
	return fresh;
}

/* ---- the report ---- */

static const char *cls_word(char c)
{
	switch (c) {
	case C_FALSE:
		return "false error";
	case C_MISS:
		return "miss";
	case C_PRIV:
		return "privilege";
	case C_UNCHECKED:
		return "not checked";
	case C_OTHER_ERR:
		return "kind not modelled";
	case C_PARSE:
		return "parse";
	default:
		return "agree";
	}
}

static void md_cell(FILE *f, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '|')
			fputs("\\|", f);
		else if (*p == '\n')
			fputc(' ', f);
		else
			fputc(*p, f);
	}
}

typedef struct Listed {
	const Rec *r;
	const char *file;
	const Cause *cause;
} Listed;

/* The group of a listed disagreement: its cause, "~follow-up", or "~~unclassified". */
static const char *group_of(const Listed *l)
{
	return l->r->follows ? "~follow-up" : l->cause ? l->cause->id : "~~unclassified";
}

static int listed_cmp(const void *a, const void *b)
{
	const Listed *x = a, *y = b;
	const char *cx = group_of(x), *cy = group_of(y);
	int c = strcmp(cx, cy);
	if (c)
		return c;
	if (x->r->cls != y->r->cls)
		return x->r->cls - y->r->cls;
	if (!x->cause && !y->cause && (c = strcmp(x->r->pgstate, y->r->pgstate)) != 0)
		return c;
	c = strcmp(x->file, y->file);
	return c ? c : x->r->line - y->r->line;
}

/* The records of class CLASSES (C_* letters) of every file, grouped by cause (causes.tsv), under HEADING. */
static void write_listing(FILE *f, FileResult *res, size_t n, const CauseVec *causes, const char *classes,
                          const char *heading)
{
	VEC(Listed) all = {0};
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < res[i].recs.n; k++) {
			const Rec *r = &res[i].recs.items[k];
			if (strchr(classes, r->cls))
				vec_push(&all, ((Listed){r, res[i].name, cause_of(causes, res[i].name, r)}));
		}
	if (all.n)
		qsort(all.items, all.n, sizeof(Listed), listed_cmp);
	fputs(heading, f);
	const char *group = NULL;
	char lastcls = 0;
	for (size_t i = 0; i < all.n; i++) {
		const Listed *l = &all.items[i];
		const char *g = group_of(l);
		bool unclassified = !strcmp(g, "~~unclassified");
		if (!group || strcmp(group, g) || (unclassified && lastcls != l->r->cls)) {
			size_t cnt = 0;
			for (size_t j = i; j < all.n; j++) {
				if (strcmp(group_of(&all.items[j]), g) ||
				    (unclassified && all.items[j].r->cls != l->r->cls))
					break;
				cnt++;
			}
			if (l->r->follows)
				fprintf(f,
				        "\n### follow-ups (%zu)\n\nFalse errors about an object an earlier "
				        "false error of the "
				        "same file left in the wrong state (the model refused to drop, alter "
				        "or create it): "
				        "they go away with the earlier one (*after :N* gives its line).\n\n",
				        cnt);
			else if (l->cause)
				fprintf(f, "\n### %s (%zu)\n\n%s\n\n", g, cnt, l->cause->diagnosis);
			else
				fprintf(f, "\n### unclassified %s (%zu)\n\n",
				        l->r->cls == C_FALSE       ? "false errors"
				        : l->r->cls == C_MISS      ? "misses"
				        : l->r->cls == C_PRIV      ? "privilege refusals"
				        : l->r->cls == C_UNCHECKED ? "rejections"
				                                   : "parse disagreements",
				        cnt);
			fprintf(f, "| where | kind | statement | server | model |\n| --- | --- | --- | --- | "
			           "--- |\n");
			group = g;
			lastcls = l->r->cls;
		}
		fprintf(f, "| %s.sql:%d | %s", l->file, l->r->line, cls_word(l->r->cls));
		if (l->r->follows)
			fprintf(f, " (after :%d)", l->r->follows);
		fprintf(f, " | `");
		md_cell(f, l->r->stmt);
		fprintf(f, "` | ");
		if (l->r->pgstate[0]) {
			fprintf(f, "%s ", l->r->pgstate);
			md_cell(f, l->r->pgmsg);
		} else
			fprintf(f, "ok");
		fprintf(f, " | ");
		if (l->r->rule[0]) {
			fprintf(f, "%s: ", l->r->rule);
			md_cell(f, l->r->mmsg);
		} else
			fprintf(f, "ok");
		fprintf(f, " |\n");
	}
	vec_free(&all);
}

static void write_doc(const Opts *o, FileResult *res, size_t n, const Totals *t, const Totals *core,
                      const CauseVec *causes)
{
	FILE *f = fopen(o->doc, "w");
	if (!f) {
		fprintf(stderr, "conformance: cannot write %s\n", o->doc);
		return;
	}
	char *line = summary_line(t);
	fprintf(f,
	        "# Conformance with PostgreSQL's regression suite\n\n"
	        "Generated by `tests/conformance/run` (`make conformance`); do not edit by hand.\n"
	        "How it works and what the words mean: tests/conformance/README.md.\n\n"
	        "Run: %s (%zu files).\n\n    %s\n\n",
	        o->label, n, line);
	free(line);
	line = data_line(t);
	fprintf(f, "%s.\n\n", line);
	free(line);
	if (core && core->files) {
		line = summary_line(core);
		char *dl = data_line(core);
		fprintf(f,
		        "The core files of issue 12 (tests/conformance/core-files) within this run:\n\n    "
		        "%s\n\n%s.\n\n",
		        line, dl);
		free(line);
		free(dl);
	}
	fprintf(
	    f,
	    "Also: %zu privilege refusals (42501; the model does not track privileges), %zu rejections the "
	    "model does not check (values, features, options), %zu statements libpg_query cannot parse, "
	    "%zu DDL statements of kinds the model does not model (%zu of them rejected by the server).\n\n",
	    t->priv, t->unchecked, t->parse, t->other_ddl, t->other_err);
	fprintf(f,
	        "The model's rollbacks (a statement without effect, ROLLBACK, ROLLBACK TO SAVEPOINT) were "
	        "checked "
	        "against the catalog's text before and after: %zu checked, %zu wrong.\n\n",
	        t->verified, t->rollback_wrong);
	fprintf(
	    f,
	    "## Per file\n\n"
	    "*ddl*: statements that create, alter or drop objects of kinds the model has; *E* false errors, "
	    "*M* "
	    "misses, *C* catalog differences after the file, *K* crash; *other*: DDL of kinds not modelled "
	    "(a "
	    "file with some that the server ran is marked †: its C is not a target); *errors*: ERROR lines "
	    "in "
	    "psql's output / in expected/*.out (a difference means the file depends on an earlier file or on "
	    "the environment).\n\n"
	    "| file | statements | ddl | agree | %% | E | M | C | K | priv | not checked | other | errors |\n"
	    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
	for (size_t i = 0; i < n; i++) {
		const FileResult *r = &res[i];
		double pct = r->ddl ? 100.0 * (double)r->counts[C_AGREE] / (double)r->ddl : 100.0;
		fprintf(f,
		        "| %s%s | %zu | %zu | %zu | %.1f | %zu | %zu | %zu | %s | %zu | %zu | %zu | %d / "
		        "%d%s |\n",
		        r->name, r->counts[C_OTHER_OK] ? " †" : "", r->stmts, r->ddl, r->counts[C_AGREE], pct,
		        r->counts[C_FALSE], r->counts[C_MISS], r->catdiff, r->crashed ? "**1**" : "0",
		        r->counts[C_PRIV], r->counts[C_UNCHECKED], r->other_ddl, r->pg_errors,
		        r->expected_errors, r->pg_errors != r->expected_errors ? " ≠" : "");
	}
	/* files whose error count differs from pg_regress's expected output */
	bool first = true;
	for (size_t i = 0; i < n; i++)
		if (res[i].pg_errors != res[i].expected_errors) {
			fprintf(f, "%s`%s` (%d / %d)",
			        first ? "\nFiles whose ERROR count differs from expected/ (they use "
			                "objects of earlier files of the schedule, or the environment): "
			              : ", ",
			        res[i].name, res[i].pg_errors, res[i].expected_errors);
			first = false;
		}
	if (!first)
		fprintf(f, ".\n");
	/* crashes */
	bool any = false;
	for (size_t i = 0; i < n; i++)
		if (res[i].crashed) {
			if (!any)
				fprintf(f, "\n## Crashes\n\n");
			any = true;
			fprintf(f, "- %s: %s\n", res[i].crash_where, res[i].crash_report);
		}
	/* disagreements by cause, then the rejections the model does not check */
	write_listing(f, res, n, causes,
	              "e"
	              "m"
	              "x",
	              "\n## Disagreements by cause\n\n"
	              "Every false error, miss and parse disagreement of the run, grouped by the PostgreSQL "
	              "rule involved (tests/conformance/causes.tsv); *unclassified* ones are grouped by the "
	              "server's SQLSTATE. Columns: where, the statement, what the server did, what the model "
	              "did.\n");
	write_listing(f, res, n, causes,
	              "o"
	              "p",
	              "\n## Rejections the model does not check\n\n"
	              "Statements the server rejected and the model accepted, for a reason outside what the "
	              "model checks: the rows in a table (SQLSTATE class 23), a privilege (42501), a value, "
	              "an option or a feature. They are not false errors or misses, but each is a deploy "
	              "that `strata check` would let through, so they are listed and grouped like the "
	              "disagreements.\n");
	/* catalog differences */
	fprintf(f, "\n## Catalog differences after each file\n\n"
	           "The database introspected after the file against the model (`catalog_compare`).\n");
	for (size_t i = 0; i < n; i++) {
		if (!res[i].diffs.n && !res[i].notes.n)
			continue;
		fprintf(f, "\n### %s.sql (%zu)%s\n\n", res[i].name, res[i].diffs.n,
		        res[i].counts[C_OTHER_OK] ? " †" : "");
		for (size_t k = 0; k < res[i].notes.n; k++)
			fprintf(f, "- note: %s\n", res[i].notes.items[k]);
		for (size_t k = 0; k < res[i].diffs.n; k++) {
			fprintf(f, "- ");
			md_cell(f, res[i].diffs.items[k]);
			fputc('\n', f);
		}
	}
	fclose(f);
}

static void write_tsv(const Opts *o, FileResult *res, size_t n)
{
	FILE *f = fopen(o->tsv, "w");
	if (!f)
		return;
	fprintf(
	    f,
	    "file\tline\tclass\tkind\tpg_state\tpg_message\tmodel_rule\tmodel_message\tstatement\tfollows\n");
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < res[i].recs.n; k++) {
			const Rec *r = &res[i].recs.items[k];
			fprintf(f, "%s.sql\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", res[i].name, r->line,
			        cls_word(r->cls), r->kind, r->pgstate, r->pgmsg, r->rule, r->mmsg, r->stmt,
			        r->follows);
		}
	fclose(f);
}

static void result_free(FileResult *r)
{
	for (size_t i = 0; i < r->recs.n; i++) {
		Rec *x = &r->recs.items[i];
		free(x->kind);
		free(x->pgstate);
		free(x->pgmsg);
		free(x->rule);
		free(x->mmsg);
		free(x->stmt);
	}
	vec_free(&r->recs);
	strvec_free(&r->diffs);
	strvec_free(&r->notes);
	free(r->name);
	free(r->crash_where);
	free(r->crash_report);
}

/* ---- the model's process ---- */

/* conformance --model NAME --msgs FILE --out FILE --suite DIR --host H --port P --template DB: replay the
 * query strings of file NAME into the model (starting from DB introspected, or from nothing when DB is
 * empty) and write the records for the driver. Exit 0 when it went through. */
static int model_main(int argc, char **argv)
{
	Opts o = {0};
	const char *name = NULL, *msgpath = NULL, *outpath = NULL, *tmpl = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		const char *a = argv[i], *v = argv[i + 1];
		if (!strcmp(a, "--model"))
			name = v;
		else if (!strcmp(a, "--msgs"))
			msgpath = v;
		else if (!strcmp(a, "--out"))
			outpath = v;
		else if (!strcmp(a, "--suite"))
			o.suite = v;
		else if (!strcmp(a, "--host"))
			o.host = v;
		else if (!strcmp(a, "--port"))
			o.port = v;
		else if (!strcmp(a, "--template"))
			tmpl = v;
	}
	if (!name || !msgpath || !outpath || !o.suite || !o.host || !o.port || !tmpl)
		return 2;
	MsgVec msgs = {0};
	FILE *out = fopen(outpath, "w");
	if (!out || msgs_read(msgpath, &msgs) != 0) {
		if (out)
			fclose(out);
		msgs_free(&msgs);
		return 2;
	}
	Catalog *cat = NULL;
	int rc = 0;
	if (tmpl[0]) {
		PGconn *c = connect_db(&o, tmpl);
		DiagList dl = DIAGLIST_INIT;
		if (!c || introspect_catalog(c, NULL, &cat, &dl) != 0) {
			fprintf(out, "X\tcannot introspect the template: %s\n",
			        dl.n ? dl.items[0].message : "no connection");
			rc = 2;
		}
		diag_list_release(&dl);
		PQfinish(c);
	} else
		cat = catalog_new();
	char *sqlpath = xasprintf("%s/regress/sql/%s.sql", o.suite, name);
	char *sqltext = read_text(sqlpath);
	if (!rc)
		model_run(&o, name, sqltext, &msgs, cat, out);
	fclose(out);
	free(sqltext);
	free(sqlpath);
	catalog_free(cat);
	msgs_free(&msgs);
	return rc;
}

/* ---- main ---- */

static void usage(void)
{
	fprintf(
	    stderr,
	    "usage: conformance --suite DIR --run DIR --host DIR --port N --log FILE --psql PATH\n"
	    "                   [--files a,b,c] [--label TEXT] [--doc FILE] [--known FILE [--update-known]]\n"
	    "                   [--causes FILE] [--tsv FILE] [--timeout S]\n");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--model"))
		return model_main(argc, argv);
	Opts o = {.label = "whole suite", .timeout = 300, .psql = "psql"};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--suite")    ? &o.suite
		                    : !strcmp(a, "--run")    ? &o.run
		                    : !strcmp(a, "--host")   ? &o.host
		                    : !strcmp(a, "--port")   ? &o.port
		                    : !strcmp(a, "--log")    ? &o.log
		                    : !strcmp(a, "--psql")   ? &o.psql
		                    : !strcmp(a, "--files")  ? &o.files
		                    : !strcmp(a, "--label")  ? &o.label
		                    : !strcmp(a, "--doc")    ? &o.doc
		                    : !strcmp(a, "--known")  ? &o.known
		                    : !strcmp(a, "--causes") ? &o.causes
		                    : !strcmp(a, "--tsv")    ? &o.tsv
		                    : !strcmp(a, "--core")   ? &o.core
		                                             : NULL;
		if (slot && i + 1 < argc)
			*slot = argv[++i];
		else if (!strcmp(a, "--update-known"))
			o.update_known = true;
		else if (!strcmp(a, "--timeout") && i + 1 < argc)
			o.timeout = atoi(argv[++i]);
		else {
			usage();
			return 2;
		}
	}
	if (!o.suite || !o.run || !o.host || !o.port || !o.log) {
		usage();
		return 2;
	}
	StrVec sched = {0};
	if (read_schedule(o.suite, &sched) != 0) {
		fprintf(stderr, "conformance: cannot read %s/regress/parallel_schedule\n", o.suite);
		return 2;
	}
	PGconn *ctl = connect_db(&o, "postgres");
	if (!ctl)
		return 2;
	LogReader lr = {o.log, 0};
	/* start reading the log at its current end */
	FILE *lf = fopen(o.log, "r");
	if (lf) {
		fseek(lf, 0, SEEK_END);
		lr.off = ftell(lf);
		fclose(lf);
	}
	VEC(FileResult) res = {0};
	int rc = 0;
	for (size_t i = 0; i < sched.n; i++) {
		const char *name = sched.items[i];
		bool setup = !strcmp(name, "test_setup");
		bool wanted = !o.files || in_list(o.files, name);
		if (!wanted && !setup)
			continue;
		FileResult r = {0};
		run_file(&o, ctl, &lr, name, &r);
		if (setup && (exec_cmd(ctl, "DROP DATABASE IF EXISTS regress_template WITH (FORCE)") ||
		              exec_cmd(ctl, "CREATE DATABASE regress_template TEMPLATE regression"))) {
			/* the database every later file starts from (the model introspects it) */
			result_free(&r);
			rc = 2;
			break;
		}
		if (wanted) {
			fprintf(stderr, "%-28s %5zu stmts %4zu ddl  E %zu M %zu C %zu%s  %.1f s\n", name,
			        r.stmts, r.ddl, r.counts[C_FALSE], r.counts[C_MISS], r.catdiff,
			        r.crashed ? "  CRASH" : "", r.seconds);
			vec_push(&res, r);
		} else
			result_free(&r);
	}
	(void)exec_cmd(ctl, "DROP DATABASE IF EXISTS regression WITH (FORCE)");
	(void)exec_cmd(ctl, "DROP DATABASE IF EXISTS regress_template WITH (FORCE)");
	PQfinish(ctl);
	if (rc)
		return rc;
	Totals t = {0}, tc = {0};
	for (size_t i = 0; i < res.n; i++) {
		totals_add(&t, &res.items[i]);
		if (o.core && in_list(o.core, res.items[i].name))
			totals_add(&tc, &res.items[i]);
	}
	char *line = summary_line(&t), *cline = summary_line(&tc);
	if (o.core && !o.files && tc.files && tc.files < t.files)
		printf("%s\n", cline); /* the core files within this run */
	printf("%s\n", line);
	free(line);
	line = data_line(&t);
	printf("%s\n", line);
	free(line);
	CauseVec causes = {0};
	load_causes(o.causes, &causes);
	if (o.doc)
		write_doc(&o, res.items, res.n, &t, !o.files && tc.files < t.files ? &tc : NULL, &causes);
	free(cline);
	if (o.tsv)
		write_tsv(&o, res.items, res.n);
	size_t harness = 0, redo_errors = 0, verified = 0, wrong = 0;
	for (size_t i = 0; i < res.n; i++) {
		harness += !res.items[i].ran;
		redo_errors += res.items[i].redo_errors;
		verified += res.items[i].verified;
		wrong += res.items[i].rollback_wrong;
	}
	printf("rollbacks checked against the catalog's text: %zu, wrong: %zu\n", verified, wrong);
	if (harness)
		printf("harness: %zu files did not run to the end (see the report)\n", harness);
	if (redo_errors)
		printf("harness: %zu statements were rejected when replayed again after a rollback\n",
		       redo_errors);
	if (o.known) {
		StrVec now = {0};
		size_t fresh = check_known(&o, res.items, res.n, &now);
		if (fresh)
			printf("%zu disagreements are not in %s\n", fresh, o.known);
		rc = fresh || harness || redo_errors || wrong ? 1 : 0;
		strvec_free(&now);
	} else
		rc = t.crashes || harness || redo_errors || wrong ? 1 : 0;
	for (size_t i = 0; i < res.n; i++)
		result_free(&res.items[i]);
	vec_free(&res);
	for (size_t i = 0; i < causes.n; i++) {
		free(causes.items[i].id);
		free(causes.items[i].cls);
		free(causes.items[i].pgstate);
		free(causes.items[i].diagnosis);
		if (causes.items[i].ok)
			regfree(&causes.items[i].re);
	}
	vec_free(&causes);
	strvec_free(&sched);
	return rc;
}
