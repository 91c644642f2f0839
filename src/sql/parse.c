/* parse.c — statement splitting and parsing through libpg_query's protobuf API, with byte offsets
 * mapped to file:line:col (see parse.h). */
#include "strata.h"
#include "sql/parse.h"

void sql_offset_to_linecol(const char *text, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			l++;
			c = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c++; /* count lead bytes only: one per character */
		}
	}
	*line = l;
	*col = c;
}

size_t sql_charpos_to_offset(const char *text, int charpos)
{
	size_t i = 0;
	int chars = 0;
	while (text[i]) {
		if (((unsigned char)text[i] & 0xC0) != 0x80) {
			chars++;
			if (chars == charpos)
				return i;
		}
		i++;
	}
	return i;
}

size_t sql_skip_space_and_comments(const char *text, size_t off)
{
	for (;;) {
		char c = text[off];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
			off++;
		} else if (c == '-' && text[off + 1] == '-') {
			while (text[off] && text[off] != '\n')
				off++;
		} else if (c == '/' && text[off + 1] == '*') {
			int depth = 1;
			off += 2;
			while (text[off] && depth > 0) {
				if (text[off] == '/' && text[off + 1] == '*') {
					depth++;
					off += 2;
				} else if (text[off] == '*' && text[off + 1] == '/') {
					depth--;
					off += 2;
				} else {
					off++;
				}
			}
		} else {
			return off;
		}
	}
}

void sql_attach_source_line(Diag *d, const char *text, size_t off)
{
	size_t start = off, end = off;
	while (start > 0 && text[start - 1] != '\n')
		start--;
	while (text[end] && text[end] != '\n')
		end++;
	if (end > start && text[end - 1] == '\r')
		end--;
	diag_set_source_line(d, text + start, end - start);
}

/* Length in bytes of a valid UTF-8 sequence at P, or 0 if invalid. */
static int utf8_seq_len(const unsigned char *p, size_t avail)
{
	unsigned char c = p[0];
	int n;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	else if ((c & 0xE0) == 0xC0)
		n = 2, cp = c & 0x1F;
	else if ((c & 0xF0) == 0xE0)
		n = 3, cp = c & 0x0F;
	else if ((c & 0xF8) == 0xF0)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)n > avail)
		return 0;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

int sql_check_text(const char *text, size_t len, const char *file, DiagList *dl)
{
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		int line, col;
		if (p[i] == 0) {
			sql_offset_to_linecol(text, i, &line, &col);
			Diag *d =
			    diag_add(dl, SEV_ERROR, "binary-file", file, line, col,
			             "file contains a NUL byte: this looks like a binary file, not SQL");
			diag_set_hint(d, "move non-SQL files out of the migrations folder");
			return -1;
		}
		int n = utf8_seq_len(p + i, len - i);
		if (n == 0) {
			sql_offset_to_linecol(text, i, &line, &col);
			Diag *d = diag_add(dl, SEV_ERROR, "invalid-encoding", file, line, col,
			                   "invalid byte sequence for encoding \"UTF8\": 0x%02x", p[i]);
			sql_attach_source_line(d, text, i);
			diag_set_hint(d, "migrations must be UTF-8 text; convert the file (iconv -t UTF-8)");
			return -1;
		}
		i += (size_t)n;
	}
	return 0;
}

/* If the error offset sits on a psql backslash command, name it: parsing "\i x.sql" as SQL can only fail. */
static bool meta_command_at(const char *text, size_t off, char *name, size_t namesz)
{
	size_t s = off;
	while (s > 0 && text[s - 1] != '\n' && (text[s] != '\\'))
		s--;
	/* the backslash must start its line (after blanks) to be a meta-command */
	size_t ls = s;
	while (ls > 0 && text[ls - 1] != '\n')
		ls--;
	while (ls < s && (text[ls] == ' ' || text[ls] == '\t'))
		ls++;
	if (text[s] != '\\' || ls != s)
		return false;
	size_t n = 0;
	for (size_t i = s; text[i] && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && n + 1 < namesz;
	     i++)
		name[n++] = text[i];
	name[n] = '\0';
	return true;
}

/* protobuf-c's allocator over an arena: the tree of a whole file is unpacked message by message (a malloc
 * each) and kept until the file is done with, so a bump allocator and one release save both the mallocs
 * and the walk over every node that protobuf_c_message_free_unpacked makes to free them. */
static void *tree_alloc(void *arena, size_t size)
{
	return arena_alloc(arena, size);
}

static void tree_free(void *arena, void *p)
{
	(void)arena;
	(void)p; /* the arena goes at once */
}

int sql_parse(const char *text, const char *file, SqlParse *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
	if (r.error) {
		size_t off =
		    r.error->cursorpos > 0 ? sql_charpos_to_offset(text, r.error->cursorpos) : strlen(text);
		char meta[32];
		int line, col;
		Diag *d;
		if (meta_command_at(text, off, meta, sizeof(meta))) {
			size_t s = off;
			while (s > 0 && text[s] != '\\')
				s--;
			off = s;
			sql_offset_to_linecol(text, off, &line, &col);
			d = diag_add(dl, SEV_ERROR, "psql-meta-command", file, line, col,
			             "psql meta-command %s is not SQL", meta);
			diag_set_hint(
			    d,
			    "strata runs SQL through libpq, not psql; inline the file or remove the command");
		} else {
			sql_offset_to_linecol(text, off, &line, &col);
			d = diag_add(dl, SEV_ERROR, "syntax-error", file, line, col, "%s", r.error->message);
		}
		sql_attach_source_line(d, text, off);
		pg_query_free_protobuf_parse_result(r);
		return -1;
	}
	Arena *tree = xmalloc(sizeof(*tree));
	arena_init(tree);
	ProtobufCAllocator alloc = {tree_alloc, tree_free, tree};
	PgQuery__ParseResult *res =
	    pg_query__parse_result__unpack(&alloc, r.parse_tree.len, (const uint8_t *)r.parse_tree.data);
	pg_query_free_protobuf_parse_result(r);
	if (!res) {
		arena_release(tree);
		free(tree);
		diag_add(dl, SEV_ERROR, "parser-failure", file, 0, 0, "could not decode the parse tree");
		return -1;
	}
	out->result = res;
	out->tree = tree;
	out->n = res->n_stmts;
	out->stmts = xcalloc(res->n_stmts ? res->n_stmts : 1, sizeof(SqlStmt));
	size_t pos = 0; /* statements come in order: advance line:col incrementally, not from 0 each time */
	int line = 1, col = 1;
	for (size_t i = 0; i < res->n_stmts; i++) {
		PgQuery__RawStmt *rs = res->stmts[i];
		size_t start = sql_skip_space_and_comments(text, (size_t)rs->stmt_location);
		SqlStmt *s = &out->stmts[i];
		s->offset = (int)start;
		s->len = rs->stmt_len ? rs->stmt_len - (int)(start - (size_t)rs->stmt_location)
		                      : (int)(strlen(text) - start);
		while (s->len > 0 && strchr(" \t\r\n;", text[s->offset + s->len - 1]))
			s->len--;
		s->node = rs->stmt;
		for (; pos < start; pos++) {
			unsigned char ch = (unsigned char)text[pos];
			if (ch == '\n')
				line++, col = 1;
			else if ((ch & 0xC0) != 0x80)
				col++;
		}
		s->line = line;
		s->col = col;
	}
	return 0;
}

void sql_parse_free(SqlParse *p)
{
	if (p->tree) {
		arena_release(p->tree);
		free(p->tree);
	}
	free(p->stmts);
	memset(p, 0, sizeof(*p));
}

/* The text of token T of TEXT as a name: quoted identifiers unquoted ("" → "), others folded to lower case
 * (ASCII only, as PostgreSQL's downcase_identifier does for the default encoding rules). malloc. */
static char *token_name(const char *text, const PgQuery__ScanToken *t)
{
	const char *s = text + t->start;
	size_t n = (size_t)(t->end - t->start);
	char *out = xmalloc(n + 1), *o = out;
	if (n >= 2 && s[0] == '"') {
		for (size_t i = 1; i + 1 < n; i++) {
			*o++ = s[i];
			if (s[i] == '"' && s[i + 1] == '"')
				i++;
		}
	} else {
		for (size_t i = 0; i < n; i++)
			*o++ = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	}
	*o = '\0';
	return out;
}

/* Can token T name a function (an identifier, or a keyword PostgreSQL allows as a function name)? */
static bool name_token(const PgQuery__ScanToken *t)
{
	return t->token == PG_QUERY__TOKEN__IDENT ||
	       t->keyword_kind == PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD ||
	       t->keyword_kind == PG_QUERY__KEYWORD_KIND__TYPE_FUNC_NAME_KEYWORD;
}

int sql_called_names(const char *text, void (*cb)(void *ud, const char *schema, const char *name), void *ud)
{
	PgQueryScanResult r = pg_query_scan(text);
	if (r.error) {
		pg_query_free_scan_result(r);
		return -1;
	}
	PgQuery__ScanResult *sr =
	    pg_query__scan_result__unpack(NULL, r.pbuf.len, (const uint8_t *)r.pbuf.data);
	pg_query_free_scan_result(r);
	if (!sr)
		return -1;
	for (size_t i = 0; i + 1 < sr->n_tokens; i++) {
		PgQuery__ScanToken **t = sr->tokens;
		if (!name_token(t[i]) || t[i + 1]->token != PG_QUERY__TOKEN__ASCII_40)
			continue;
		char *name = token_name(text, t[i]);
		char *schema = NULL;
		if (i >= 2 && t[i - 1]->token == PG_QUERY__TOKEN__ASCII_46 && name_token(t[i - 2]))
			schema = token_name(text, t[i - 2]);
		cb(ud, schema, name);
		free(schema);
		free(name);
	}
	pg_query__scan_result__free_unpacked(sr, NULL);
	return 0;
}

char *sql_plpgsql_tree(const char *create_function, char **err)
{
	if (err)
		*err = NULL;
	PgQueryPlpgsqlParseResult pr = pg_query_parse_plpgsql(create_function);
	char *out = NULL;
	if (pr.error) {
		if (err)
			*err = xstrdup(pr.error->message ? pr.error->message : "syntax error");
	} else if (pr.plpgsql_funcs) {
		out = xstrdup(pr.plpgsql_funcs);
	}
	pg_query_free_plpgsql_parse_result(pr);
	return out;
}
