/* parse.h — the libpg_query wrapper: split a migration's text into statements with exact locations and
 * typed parse trees (pg_query.pb-c.h). This is the only place that calls the parser. */
#ifndef STRATA_SQL_PARSE_H
#define STRATA_SQL_PARSE_H

#include "strata.h"
#include "util/arena.h"
#include "util/diag.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

typedef struct SqlStmt {
	int offset;          /* byte offset of the statement's first token in the text */
	int len;             /* bytes up to (not including) the terminating ';' */
	int line, col;       /* 1-based location of the first token; col counts characters */
	PgQuery__Node *node; /* borrowed from SqlParse.result */
} SqlStmt;

typedef struct SqlParse {
	PgQuery__ParseResult *result; /* in TREE; freed by sql_parse_free */
	Arena *tree;                  /* every message, array and string of RESULT: freed at once, not node by
	                               * node (never free a part with protobuf_c_message_free_unpacked) */
	SqlStmt *stmts;
	size_t n;
} SqlParse;

/* The deepest parse tree strata accepts, in nested protobuf messages (about two per operator of a chain
 * like "1+1+...+1"): deeper statements are an error naming the statement ("statement-too-deep"), never a
 * stack overflow in the parser or in the walks downstream. */
#ifndef SQL_MAX_DEPTH
#define SQL_MAX_DEPTH 4000
#endif

/* Parse TEXT (NUL-terminated; FILE is only used in diagnostics). Returns 0 and fills OUT, or -1 after
 * adding one error diagnostic with file:line:col, the source line and a PostgreSQL-style message
 * ("syntax error at or near ")""). psql meta-commands get their own message. The caller must call
 * sql_parse_free(OUT) on success. */
int sql_parse(const char *text, const char *file, SqlParse *out, DiagList *dl) WARN_UNUSED;
void sql_parse_free(SqlParse *p);

/* Text that is not a migration's (an expression or query as the server or the catalog prints it), parsed
 * under the same stack and depth guards as sql_parse, into a tree the caller owns and may edit: free it with
 * pg_query__parse_result__free_unpacked(tree, NULL). NULL when TEXT does not parse or nests too deep; no
 * diagnostic (the text was PostgreSQL's or strata's own, not the user's). */
PgQuery__ParseResult *sql_parse_owned(const char *text);

/* The one way to parse a stored expression: `SELECT <TEXT>` when WRAP (an expression, or a list such as
 * pg_get_expr(proargdefaults)'s "1, 'x'::text"), else TEXT itself (a view's query). Returns the owned tree
 * (as sql_parse_owned) and *SEL when it is exactly one SELECT statement, else NULL. */
PgQuery__ParseResult *sql_parse_select_text(const char *text, bool wrap, PgQuery__SelectStmt **sel);

/* The expression of target I of SEL (a ResTarget's value), or NULL when there is none. */
PgQuery__Node *sql_select_target(const PgQuery__SelectStmt *sel, size_t i);

/* The names TEXT calls: every identifier, or schema-qualified identifier, directly followed by "(" — function
 * calls and CALL, in a statement or in any expression form PL/pgSQL keeps (`x := f(1)`, `f(2) > 0`); also
 * type modifiers such as varchar(10), which callers drop by looking the names up. CB(UD, SCHEMA or NULL,
 * NAME) for each, the names as PostgreSQL folds them (unquoted: lower case). Returns 0, or -1 when TEXT
 * cannot be scanned. */
int sql_called_names(const char *text, void (*cb)(void *ud, const char *schema, const char *name), void *ud);

/* The PL/pgSQL parse tree of the function that CREATE_FUNCTION (a CREATE FUNCTION or PROCEDURE statement
 * in LANGUAGE plpgsql) defines, as libpg_query's JSON text (malloc; the caller frees it). NULL when the
 * body does not parse (*ERR, when ERR is non-NULL, is then the parser's message, malloc). */
char *sql_plpgsql_tree(const char *create_function, char **err);

/* Check that TEXT is text a migration can be: no NUL byte (LEN is the byte length, NULs included) and
 * valid UTF-8. Returns 0, or -1 with an error diagnostic at the first bad byte. */
int sql_check_text(const char *text, size_t len, const char *file, DiagList *dl) WARN_UNUSED;

/* Byte offset → 1-based line and column, the column in characters (UTF-8 code points) as PostgreSQL's
 * error cursor counts them. */
void sql_offset_to_linecol(const char *text, size_t off, int *line, int *col);
/* PostgreSQL's 1-based character cursor position → byte offset (clamped to the text). */
size_t sql_charpos_to_offset(const char *text, int charpos);
/* Skip whitespace and SQL comments (-- and nested slash-star) from OFF; returns the new offset. */
size_t sql_skip_space_and_comments(const char *text, size_t off);
/* Byte offset of the first token at or after FROM, within the statement that holds FROM (up to a ';' outside
 * parentheses), that is the identifier NAME: unquoted and equal after PostgreSQL's down-casing, or quoted
 * and equal as written. Skips comments, string literals (also E'' and dollar-quoted) and quoted names that
 * differ. Returns FROM when there is none: for the caret of a name the parse tree gives no location of
 * (index and key columns). */
size_t sql_find_ident(const char *text, size_t from, const char *name);
/* Split TEXT, a possibly qualified name as regclass input reads it ('seq', 'public."Seq"'), into at most 3
 * parts: unquoted parts fold to lower case, "" inside quotes is one quote. Returns the number of parts
 * (written to PARTS, each cut at 255 bytes), or 0 when TEXT is not such a name. */
int sql_split_qualified_name(const char *text, char parts[][256], int max_parts);

/* Attach the source line containing byte OFF to D, for the caret display. */
void sql_attach_source_line(Diag *d, const char *text, size_t off);

/* Split S, a possibly qualified name as regclass input reads it (stringToQualifiedNameList: `s`,
 * `public.s`, `"MySeq"`; unquoted parts folded to lower case) into *SCHEMA (NULL when not qualified) and
 * *NAME, both malloc'd. -1 (both NULL) when S is not such a name. */
int sql_split_qualified(const char *s, char **schema, char **name);

#endif
