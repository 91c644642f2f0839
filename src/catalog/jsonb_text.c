/* jsonb_text.c — the text PostgreSQL prints for a jsonb constant (jsonb_out of jsonb_in of a literal). */
#include "strata.h"
#include "catalog/normalize.h"
#include "util/strbuf.h"

#include <stdlib.h>
#include <string.h>

/* One parsed JSON value; strings hold their decoded UTF-8 bytes (no NUL inside: jsonb rejects \u0000). */
typedef struct JVal {
	enum { JV_NULL, JV_TRUE, JV_FALSE, JV_NUM, JV_STR, JV_ARR, JV_OBJ } kind;
	char *text;          /* JV_NUM: numeric_out's text; JV_STR: the bytes */
	size_t len;          /* JV_STR: byte length */
	struct JVal **items; /* JV_ARR: elements; JV_OBJ: keys (JV_STR) and values, alternating */
	size_t n, cap;       /* JV_ARR: elements; JV_OBJ: 2 * pairs */
	size_t order;        /* JV_OBJ key: position among the pairs as written */
} JVal;

typedef struct JParse {
	const char *p;
	int depth;
} JParse;

static void jval_free(JVal *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++)
		jval_free(v->items[i]);
	free(v->items);
	free(v->text);
	free(v);
}

static void jval_push(JVal *v, JVal *item)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = xrealloc(v->items, v->cap * sizeof *v->items);
	}
	v->items[v->n++] = item;
}

/* json_lex's whitespace: space, tab, newline, carriage return. */
static void skip_ws(JParse *jp)
{
	while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')
		jp->p++;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
	                              : -1;
}

static bool read_u4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(s[i]);
		if (h < 0)
			return false;
		v = v * 16 + (unsigned)h;
	}
	*out = v;
	return true;
}

static void put_utf8(StrBuf *sb, unsigned cp)
{
	if (cp < 0x80)
		sb_putc(sb, (char)cp);
	else if (cp < 0x800) {
		sb_putc(sb, (char)(0xC0 | (cp >> 6)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		sb_putc(sb, (char)(0xE0 | (cp >> 12)));
		sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
	} else {
		sb_putc(sb, (char)(0xF0 | (cp >> 18)));
		sb_putc(sb, (char)(0x80 | ((cp >> 12) & 0x3F)));
		sb_putc(sb, (char)(0x80 | ((cp >> 6) & 0x3F)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
	}
}

/* A JSON string at jp->p (the opening quote) decoded as json_lex_string does for a UTF-8 database; NULL
 * when malformed or when it holds \u0000 (which jsonb refuses). */
static JVal *parse_string(JParse *jp)
{
	const char *p = jp->p + 1;
	StrBuf sb = STRBUF_INIT;
	for (;;) {
		unsigned char c = (unsigned char)*p;
		if (!c || c < 0x20) /* end of text, or a control character the lexer refuses */
			goto bad;
		if (c == '"')
			break;
		if (c != '\\') {
			sb_putc(&sb, (char)c);
			p++;
			continue;
		}
		p++;
		switch (*p) {
		case '"':
		case '\\':
		case '/':
			sb_putc(&sb, *p);
			p++;
			break;
		case 'b':
			sb_putc(&sb, '\b');
			p++;
			break;
		case 'f':
			sb_putc(&sb, '\f');
			p++;
			break;
		case 'n':
			sb_putc(&sb, '\n');
			p++;
			break;
		case 'r':
			sb_putc(&sb, '\r');
			p++;
			break;
		case 't':
			sb_putc(&sb, '\t');
			p++;
			break;
		case 'u': {
			unsigned cp;
			if (!read_u4(p + 1, &cp))
				goto bad;
			p += 5;
			if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair makes one code point */
				unsigned lo;
				if (p[0] != '\\' || p[1] != 'u' || !read_u4(p + 2, &lo) || lo < 0xDC00 ||
				    lo > 0xDFFF)
					goto bad;
				p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0)
				goto bad;
			put_utf8(&sb, cp);
			break;
		}
		default:
			goto bad;
		}
	}
	jp->p = p + 1;
	JVal *v = xcalloc(1, sizeof *v);
	v->kind = JV_STR;
	v->len = sb.len;
	v->text = sb_detach(&sb);
	if (!v->text)
		v->text = xstrdup("");
	return v;
bad:
	sb_release(&sb);
	return NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A JSON number at jp->p, as numeric_out prints numeric_in's value: the display scale is the digits after
 * the point less the exponent (not below 0), no leading zeros, no sign on zero. NULL when malformed (or an
 * exponent too large to be worth printing). */
static JVal *parse_number(JParse *jp)
{
	const char *p = jp->p;
	bool neg = *p == '-';
	if (neg)
		p++;
	const char *ip = p;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (is_digit(*p))
			p++;
	else
		return NULL;
	size_t ilen = (size_t)(p - ip);
	const char *fp = NULL;
	size_t flen = 0;
	if (*p == '.') {
		fp = ++p;
		while (is_digit(*p))
			p++;
		flen = (size_t)(p - fp);
		if (!flen)
			return NULL;
	}
	long ex = 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		bool eneg = *p == '-';
		if (*p == '+' || *p == '-')
			p++;
		if (!is_digit(*p))
			return NULL;
		while (is_digit(*p)) {
			ex = ex * 10 + (*p - '0');
			if (ex > 1000)
				return NULL;
			p++;
		}
		if (eneg)
			ex = -ex;
	}
	if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || is_digit(*p) || *p == '_')
		return NULL; /* trailing garbage in the token */
	jp->p = p;
	/* all digits, the point after the first POINT of them */
	StrBuf d = STRBUF_INIT;
	sb_append_n(&d, ip, ilen);
	if (flen)
		sb_append_n(&d, fp, flen);
	long point = (long)ilen + ex;
	long scale = (long)flen - ex;
	if (scale < 0)
		scale = 0;
	const char *ds = sb_str(&d);
	long nd = (long)d.len;
	StrBuf out = STRBUF_INIT;
	/* integer part: digits before the point (zeros past the end), leading zeros dropped */
	StrBuf ipart = STRBUF_INIT;
	for (long i = 0; i < point; i++)
		sb_putc(&ipart, i < nd ? ds[i] : '0');
	const char *is = sb_str(&ipart);
	while (*is == '0' && is[1])
		is++;
	if (!*is)
		is = "0";
	StrBuf fpart = STRBUF_INIT;
	for (long i = point; i < point + scale; i++)
		sb_putc(&fpart, i >= 0 && i < nd ? ds[i] : '0');
	bool zero = strspn(ds, "0") == d.len;
	if (neg && !zero)
		sb_putc(&out, '-');
	sb_append(&out, is);
	if (scale) {
		sb_putc(&out, '.');
		sb_append(&out, sb_str(&fpart));
	}
	sb_release(&d);
	sb_release(&ipart);
	sb_release(&fpart);
	JVal *v = xcalloc(1, sizeof *v);
	v->kind = JV_NUM;
	v->text = sb_detach(&out);
	return v;
}

static JVal *parse_value(JParse *jp);

static JVal *parse_container(JParse *jp, bool object)
{
	if (++jp->depth > 1000)
		return NULL;
	JVal *v = xcalloc(1, sizeof *v);
	v->kind = object ? JV_OBJ : JV_ARR;
	jp->p++;
	skip_ws(jp);
	char close = object ? '}' : ']';
	if (*jp->p == close) {
		jp->p++;
		jp->depth--;
		return v;
	}
	for (size_t k = 0;; k++) {
		skip_ws(jp);
		if (object) {
			if (*jp->p != '"')
				goto bad;
			JVal *key = parse_string(jp);
			if (!key)
				goto bad;
			key->order = k;
			jval_push(v, key);
			skip_ws(jp);
			if (*jp->p != ':')
				goto bad;
			jp->p++;
		}
		JVal *item = parse_value(jp);
		if (!item)
			goto bad;
		jval_push(v, item);
		skip_ws(jp);
		if (*jp->p == ',') {
			jp->p++;
			continue;
		}
		if (*jp->p != close)
			goto bad;
		jp->p++;
		break;
	}
	jp->depth--;
	return v;
bad:
	jval_free(v);
	return NULL;
}

static bool word_at(const char *p, const char *w)
{
	size_t n = strlen(w);
	return !strncmp(p, w, n) && !((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
	                              is_digit(p[n]) || p[n] == '_');
}

static JVal *parse_value(JParse *jp)
{
	skip_ws(jp);
	const char *p = jp->p;
	if (*p == '{' || *p == '[')
		return parse_container(jp, *p == '{');
	if (*p == '"')
		return parse_string(jp);
	if (*p == '-' || is_digit(*p))
		return parse_number(jp);
	static const struct {
		const char *w;
		int kind;
	} lits[] = {{"true", JV_TRUE}, {"false", JV_FALSE}, {"null", JV_NULL}};
	for (size_t i = 0; i < ARRAY_LEN(lits); i++)
		if (word_at(p, lits[i].w)) {
			jp->p += strlen(lits[i].w);
			JVal *v = xcalloc(1, sizeof *v);
			v->kind = lits[i].kind;
			return v;
		}
	return NULL;
}

/* lengthCompareJsonbPair: keys by length, then bytes; equal keys with the later one first (it is kept). */
static int pair_cmp(const void *a, const void *b)
{
	const JVal *ka = ((JVal *const *)a)[0], *kb = ((JVal *const *)b)[0];
	if (ka->len != kb->len)
		return ka->len < kb->len ? -1 : 1;
	int c = memcmp(ka->text, kb->text, ka->len);
	if (c)
		return c;
	return ka->order > kb->order ? -1 : ka->order < kb->order ? 1 : 0;
}

/* escape_json: quotes, backslashes and control characters escaped, everything else as is. */
static void print_string(StrBuf *sb, const JVal *s)
{
	sb_putc(sb, '"');
	for (size_t i = 0; i < s->len; i++) {
		unsigned char c = (unsigned char)s->text[i];
		switch (c) {
		case '\b':
			sb_append(sb, "\\b");
			break;
		case '\f':
			sb_append(sb, "\\f");
			break;
		case '\n':
			sb_append(sb, "\\n");
			break;
		case '\r':
			sb_append(sb, "\\r");
			break;
		case '\t':
			sb_append(sb, "\\t");
			break;
		case '"':
			sb_append(sb, "\\\"");
			break;
		case '\\':
			sb_append(sb, "\\\\");
			break;
		default:
			if (c < ' ')
				sb_appendf(sb, "\\u%04x", c);
			else
				sb_putc(sb, (char)c);
		}
	}
	sb_putc(sb, '"');
}

/* JsonbToCString: ", " between items, ": " after keys, objects with unique keys in jsonb's order. */
static void print_value(StrBuf *sb, JVal *v)
{
	switch (v->kind) {
	case JV_NULL:
		sb_append(sb, "null");
		break;
	case JV_TRUE:
		sb_append(sb, "true");
		break;
	case JV_FALSE:
		sb_append(sb, "false");
		break;
	case JV_NUM:
		sb_append(sb, v->text);
		break;
	case JV_STR:
		print_string(sb, v);
		break;
	case JV_ARR:
		sb_putc(sb, '[');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				sb_append(sb, ", ");
			print_value(sb, v->items[i]);
		}
		sb_putc(sb, ']');
		break;
	case JV_OBJ: {
		size_t np = v->n / 2;
		if (np > 1)
			qsort(v->items, np, 2 * sizeof *v->items, pair_cmp);
		sb_putc(sb, '{');
		bool first = true;
		for (size_t i = 0; i < np; i++) {
			JVal *k = v->items[2 * i];
			if (i && k->len == v->items[2 * (i - 1)]->len &&
			    !memcmp(k->text, v->items[2 * (i - 1)]->text, k->len))
				continue; /* a duplicate key: the later value (sorted first) was kept */
			if (!first)
				sb_append(sb, ", ");
			first = false;
			print_string(sb, k);
			sb_append(sb, ": ");
			print_value(sb, v->items[2 * i + 1]);
		}
		sb_putc(sb, '}');
		break;
	}
	}
}

char *jsonb_canonical(const char *text)
{
	if (!text)
		return NULL;
	JParse jp = {text, 0};
	JVal *v = parse_value(&jp);
	if (!v)
		return NULL;
	skip_ws(&jp);
	if (*jp.p) {
		jval_free(v);
		return NULL;
	}
	StrBuf sb = STRBUF_INIT;
	print_value(&sb, v);
	jval_free(v);
	return sb_detach(&sb);
}
