/* parse.c — statement splitting and parsing through libpg_query's protobuf API, with byte offsets
 * mapped to file:line:col (see parse.h). */
#include "strata.h"
#include "sql/parse.h"
#include "util/strbuf.h"

#include <ctype.h>

#include <pthread.h>

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

/* Length of the dollar-quote tag ("$tag$" or "$$") at P, or 0. */
static size_t dollar_tag_len(const char *p)
{
	if (*p != '$')
		return 0;
	size_t i = 1;
	if (isdigit((unsigned char)p[1]))
		return 0; /* $1: a parameter */
	while (isalnum((unsigned char)p[i]) || p[i] == '_' || (unsigned char)p[i] >= 0x80)
		i++;
	return p[i] == '$' ? i + 1 : 0;
}

size_t sql_find_ident(const char *text, size_t from, const char *name)
{
	size_t i = from, nl = strlen(name);
	int depth = 0;
	for (;;) {
		i = sql_skip_space_and_comments(text, i);
		char c = text[i];
		if (!c || (c == ';' && depth <= 0))
			return from;
		if (c == '(') {
			depth++, i++;
		} else if (c == ')') {
			depth--, i++;
		} else if (c == '\'' || ((c == 'E' || c == 'e') && text[i + 1] == '\'')) {
			bool esc = c != '\'';
			i += esc ? 2 : 1;
			while (text[i] && !(text[i] == '\'' && text[i + 1] != '\'')) {
				if ((text[i] == '\\' && esc && text[i + 1]) ||
				    (text[i] == '\'' && text[i + 1] == '\''))
					i++;
				i++;
			}
			if (text[i])
				i++;
		} else if (c == '"') {
			size_t s = i++;
			StrBuf sb = STRBUF_INIT;
			while (text[i] && !(text[i] == '"' && text[i + 1] != '"')) {
				if (text[i] == '"')
					i++;
				sb_putc(&sb, text[i++]);
			}
			if (text[i])
				i++;
			bool eq = sb.len == nl && !memcmp(sb.data ? sb.data : "", name, nl);
			sb_release(&sb);
			if (eq)
				return s;
		} else if (dollar_tag_len(text + i)) {
			size_t tl = dollar_tag_len(text + i);
			char *tag = xstrndup(text + i, tl);
			const char *end = strstr(text + i + tl, tag);
			free(tag);
			if (!end)
				return from;
			i = (size_t)(end - text) + tl;
		} else if (isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80) {
			size_t s = i;
			while (isalnum((unsigned char)text[i]) || text[i] == '_' || text[i] == '$' ||
			       (unsigned char)text[i] >= 0x80)
				i++;
			bool eq = i - s == nl;
			for (size_t k = 0; eq && k < nl; k++)
				eq = tolower((unsigned char)text[s + k]) == (unsigned char)name[k];
			if (eq)
				return s;
		} else {
			i++;
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

/* ---- deep statements ---------------------------------------------------------------------------------
 * libpg_query's parser (tree output, protobuf packing) and protobuf-c's unpacking recurse once per level of
 * the parse tree, and a left-associative chain ("1+1+...+1") nests one level per operator: 5,000 terms
 * need about 10 MB of stack to unpack, more than a main thread has. So (1) a text that could nest deeper
 * than the caller's stack allows is parsed in a thread whose stack is sized to the longest statement
 * (PARSE_STACK_PER_BYTE per byte: measured, with margin, on "1+1+..."), and (2) before unpacking, the
 * packed tree's depth is measured without recursion: a statement nesting deeper than SQL_MAX_DEPTH
 * messages is an error naming it, so nothing downstream (unpack, walks, deparse) sees such a tree. */

/* Texts up to this size are parsed on the caller's stack: at most ~3 MB of parser stack. */
#define PARSE_INLINE_MAX     ((size_t)2 << 10)
#define PARSE_STACK_BASE     ((size_t)64 << 20)
#define PARSE_STACK_PER_BYTE 256
#define PARSE_STACK_MAX      ((size_t)1 << 30)

typedef struct ParseJob {
	const char *text;
	PgQueryProtobufParseResult r;
	PgQuery__ParseResult *res; /* NULL: parse error (R.error), too deep, or undecodable */
	Arena *tree;
	size_t deep_stmt; /* 1-based index of the first statement nesting deeper than SQL_MAX_DEPTH, or 0 */
	int depth;        /* its depth (at least SQL_MAX_DEPTH + 1) */
	bool owned; /* unpack with malloc (RES freed by pg_query__parse_result__free_unpacked), not TREE */
} ParseJob;

/* The field of message type D with number ID, or NULL (protobuf-c lists fields in number order). */
static const ProtobufCFieldDescriptor *field_by_id(const ProtobufCMessageDescriptor *d, uint32_t id)
{
	size_t lo = 0, hi = d->n_fields;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->fields[mid].id == id)
			return &d->fields[mid];
		if (d->fields[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool read_varint(const uint8_t *b, size_t len, size_t *pos, uint64_t *v)
{
	uint64_t r = 0;
	for (int shift = 0; shift < 64 && *pos < len; shift += 7) {
		uint8_t c = b[(*pos)++];
		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = r;
			return true;
		}
	}
	return false;
}

/* Walk the packed ParseResult BUF iteratively (an explicit stack, no recursion) and find the first
 * top-level statement whose messages nest deeper than SQL_MAX_DEPTH. Returns its 1-based index (and its
 * depth in *DEPTH), 0 when every statement is within the bound or the buffer is not well-formed (the
 * unpack then reports it). */
static size_t deep_statement(const uint8_t *buf, size_t len, int *depth)
{
	typedef struct Frame {
		const ProtobufCMessageDescriptor *d;
		size_t end;
	} Frame;
	size_t cap = 64; /* grown as the tree deepens: most statements nest a few dozen levels */
	Frame *st = xmalloc(sizeof(Frame) * cap);
	int top = 0;
	st[0] = (Frame){&pg_query__parse_result__descriptor, len};
	size_t pos = 0, stmt = 0, found = 0;
	while (!found) {
		while (top > 0 && pos >= st[top].end)
			top--;
		if (pos >= len)
			break;
		uint64_t tag, v;
		if (!read_varint(buf, st[top].end, &pos, &tag))
			break;
		uint32_t wt = (uint32_t)(tag & 7);
		if (wt == 0) {
			if (!read_varint(buf, st[top].end, &pos, &v))
				break;
		} else if (wt == 1 || wt == 5) {
			pos += wt == 1 ? 8 : 4;
		} else if (wt == 2) {
			if (!read_varint(buf, st[top].end, &pos, &v) || v > st[top].end - pos)
				break;
			const ProtobufCFieldDescriptor *f = field_by_id(st[top].d, (uint32_t)(tag >> 3));
			if (f && f->type == PROTOBUF_C_TYPE_MESSAGE) {
				if (top == 0)
					stmt++;
				if ((size_t)top + 1 >= cap) {
					cap *= 2;
					st = xrealloc(st, sizeof(Frame) * cap);
				}
				st[++top] = (Frame){f->descriptor, pos + (size_t)v};
				if (top > SQL_MAX_DEPTH) {
					found = stmt;
					*depth = top;
				}
			} else {
				pos += (size_t)v;
			}
		} else {
			break; /* groups are not used by pg_query.proto */
		}
	}
	free(st);
	return found;
}

static void *parse_job(void *arg)
{
	ParseJob *j = arg;
	j->r = pg_query_parse_protobuf(j->text);
	if (j->r.error)
		return NULL;
	const uint8_t *buf = (const uint8_t *)j->r.parse_tree.data;
	j->deep_stmt = deep_statement(buf, j->r.parse_tree.len, &j->depth);
	if (j->deep_stmt)
		return NULL;
	if (j->owned) {
		j->res = pg_query__parse_result__unpack(NULL, j->r.parse_tree.len, buf);
		return NULL;
	}
	j->tree = xmalloc(sizeof(*j->tree));
	arena_init(j->tree);
	ProtobufCAllocator alloc = {tree_alloc, tree_free, j->tree};
	j->res = pg_query__parse_result__unpack(&alloc, j->r.parse_tree.len, buf);
	return NULL;
}

/* Byte offset of statement K (1-based) of TEXT, by libpg_query's scanner (no tree, no recursion). */
static size_t statement_offset(const char *text, size_t k)
{
	PgQuerySplitResult s = pg_query_split_with_scanner(text);
	size_t off = 0;
	if (!s.error && k >= 1 && (size_t)s.n_stmts >= k)
		off = sql_skip_space_and_comments(text, (size_t)s.stmts[k - 1]->stmt_location);
	pg_query_free_split_result(s);
	return off;
}

/* The stack a thread needs to parse TEXT (LEN bytes): sized to its longest statement. Sets *LONGEST to the
 * byte offset of that statement when a text is too large to measure by its length alone. */
static size_t parse_stack_size(const char *text, size_t len, size_t *longest_off, size_t *longest_len)
{
	size_t l = len;
	*longest_off = 0;
	if (len > (PARSE_STACK_MAX - PARSE_STACK_BASE) / PARSE_STACK_PER_BYTE) {
		PgQuerySplitResult s = pg_query_split_with_scanner(text);
		l = 0;
		for (int i = 0; !s.error && i < s.n_stmts; i++)
			if ((size_t)s.stmts[i]->stmt_len > l ||
			    (s.stmts[i]->stmt_len == 0 && i == s.n_stmts - 1)) {
				*longest_off = (size_t)s.stmts[i]->stmt_location;
				l = s.stmts[i]->stmt_len ? (size_t)s.stmts[i]->stmt_len : len - *longest_off;
			}
		if (s.error)
			l = len;
		pg_query_free_split_result(s);
	}
	*longest_len = l;
	if (l > (PARSE_STACK_MAX - PARSE_STACK_BASE) / PARSE_STACK_PER_BYTE)
		return 0;
	return PARSE_STACK_BASE + l * PARSE_STACK_PER_BYTE;
}

/* Run J on a stack of SIZE bytes. 0, or -1 when no thread could be made. */
static int run_on_stack(ParseJob *j, size_t size)
{
	pthread_attr_t attr;
	pthread_t th;
	if (pthread_attr_init(&attr) != 0)
		return -1;
	int rc = pthread_attr_setstacksize(&attr, size);
	if (rc == 0)
		rc = pthread_create(&th, &attr, parse_job, j);
	pthread_attr_destroy(&attr);
	if (rc != 0)
		return -1;
	pthread_join(th, NULL);
	return 0;
}

/* Run J: on the caller's stack when its text is small, else on a thread with a stack sized to its longest
 * statement (*STACK, and that statement's offset and length in *BIG_OFF / *BIG_LEN). 0, or -1 when the
 * text is too large to parse safely (*STACK 0) or no thread could be made. */
static int run_job(ParseJob *j, size_t *stack, size_t *big_off, size_t *big_len)
{
	size_t len = strlen(j->text);
	*stack = 0;
	*big_off = *big_len = 0;
	if (len <= PARSE_INLINE_MAX) {
		parse_job(j);
		return 0;
	}
	*stack = parse_stack_size(j->text, len, big_off, big_len);
	return *stack == 0 || run_on_stack(j, *stack) != 0 ? -1 : 0;
}

PgQuery__ParseResult *sql_parse_owned(const char *text)
{
	ParseJob job = {.text = text, .owned = true};
	size_t stack, big_off, big_len;
	if (run_job(&job, &stack, &big_off, &big_len) != 0)
		return NULL;
	pg_query_free_protobuf_parse_result(job.r);
	return job.res;
}

PgQuery__ParseResult *sql_parse_select_text(const char *text, bool wrap, PgQuery__SelectStmt **sel)
{
	*sel = NULL;
	if (!text)
		return NULL;
	char *sql = wrap ? xasprintf("SELECT %s", text) : NULL;
	PgQuery__ParseResult *pr = sql_parse_owned(sql ? sql : text);
	free(sql);
	if (pr && pr->n_stmts == 1 && pr->stmts[0]->stmt &&
	    pr->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
		*sel = pr->stmts[0]->stmt->select_stmt;
		return pr;
	}
	if (pr)
		pg_query__parse_result__free_unpacked(pr, NULL);
	return NULL;
}

PgQuery__Node *sql_select_target(const PgQuery__SelectStmt *sel, size_t i)
{
	if (!sel || i >= sel->n_target_list ||
	    sel->target_list[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
		return NULL;
	return sel->target_list[i]->res_target->val;
}

int sql_parse(const char *text, const char *file, SqlParse *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	ParseJob job = {.text = text};
	size_t stack, big_off, big_len;
	if (run_job(&job, &stack, &big_off, &big_len) != 0) {
		int line, col;
		big_off = sql_skip_space_and_comments(text, big_off);
		sql_offset_to_linecol(text, big_off, &line, &col);
		Diag *d = diag_add(
		    dl, SEV_ERROR, "statement-too-large", file, line, col,
		    stack ? "could not start the parser with a %zu MB stack for this %zu-byte statement"
		          : "statement is too large to parse safely (%zu MB of stack for %zu bytes)",
		    (stack ? stack : PARSE_STACK_BASE + big_len * PARSE_STACK_PER_BYTE) >> 20, big_len);
		sql_attach_source_line(d, text, big_off);
		diag_set_hint(d, "split the statement into smaller ones");
		return -1;
	}
	PgQueryProtobufParseResult r = job.r;
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
	pg_query_free_protobuf_parse_result(r);
	if (job.deep_stmt) {
		size_t off = statement_offset(text, job.deep_stmt);
		int line, col;
		sql_offset_to_linecol(text, off, &line, &col);
		Diag *d =
		    diag_add(dl, SEV_ERROR, "statement-too-deep", file, line, col,
		             "statement nests expressions too deeply (more than %d levels of the parse tree)",
		             SQL_MAX_DEPTH);
		sql_attach_source_line(d, text, off);
		diag_set_hint(d, "split the expression (a long chain of operators nests one level per "
		                 "operator), or move it into a function");
		return -1;
	}
	PgQuery__ParseResult *res = job.res;
	Arena *tree = job.tree;
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

/* The white space SplitIdentifierString skips around the parts of a name (scanner_isspace). */
static bool ident_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

int sql_split_qualified_name(const char *text, char parts[][256], int max_parts)
{
	int np = 0;
	const char *p = text;
	while (ident_space(*p))
		p++;
	while (np < max_parts) {
		size_t n = 0;
		if (*p == '"') {
			for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
				if (*p == '"')
					p++;
				if (n + 1 < 256)
					parts[np][n++] = *p;
			}
			if (*p != '"' || !n)
				return 0;
			p++;
		} else {
			for (; *p && *p != '.' && !ident_space(*p); p++)
				if (n + 1 < 256)
					parts[np][n++] = (char)tolower((unsigned char)*p);
			if (!n)
				return 0;
		}
		parts[np++][n] = 0;
		while (ident_space(*p))
			p++;
		if (*p != '.')
			break;
		p++;
		while (ident_space(*p))
			p++;
	}
	return *p ? 0 : np;
}

int sql_split_qualified(const char *s, char **schema, char **name)
{
	char parts[3][256];
	int np = sql_split_qualified_name(s, parts, 3);
	*schema = *name = NULL;
	if (!np)
		return -1;
	*name = xstrdup(parts[np - 1]);
	if (np >= 2)
		*schema = xstrdup(parts[np - 2]);
	return 0;
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
