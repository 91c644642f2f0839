/* jsonw.c — streaming JSON writer with jansson's indented layout (see jsonw.h). The layout rules are those of
 * jansson's dump.c: "{" / "[" then, per element, "\n" (after the first: ",\n") and two spaces per level;
 * "\n" and the closing bracket at the container's own level; "{}" / "[]" when empty; ": " after a key;
 * strings escape '"', '\\', \b \f \n \r \t and other control characters as \u00XX (upper-case hex). */
#include "strata.h"
#include "util/jsonw.h"

void jw_init(JsonW *w, StrBuf *sb)
{
	memset(w, 0, sizeof(*w));
	w->sb = sb;
}

static void indent(JsonW *w, int depth)
{
	static const char spaces[] = "                                                                ";
	sb_putc(w->sb, '\n');
	size_t n = (size_t)depth * 2;
	while (n) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		sb_append_n(w->sb, spaces, k);
		n -= k;
	}
}

/* Before an element of the innermost container (nothing at the top level). */
static void element(JsonW *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->count[w->depth]++)
		sb_putc(w->sb, ',');
	indent(w, w->depth);
}

bool jw_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		/* ASCII eight bytes at a time: nearly every byte of a schema */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char u = p[i];
		if (u < 0x80)
			continue;
		size_t n;
		int32_t v;
		if (u >= 0xC2 && u <= 0xDF) {
			n = 2;
			v = u & 0x1F;
		} else if (u >= 0xE0 && u <= 0xEF) {
			n = 3;
			v = u & 0x0F;
		} else if (u >= 0xF0 && u <= 0xF4) {
			n = 4;
			v = u & 0x07;
		} else {
			return false; /* continuation byte, overlong C0/C1, or above F4 */
		}
		if (n > len - i)
			return false;
		for (size_t k = 1; k < n; k++) {
			unsigned char c = p[i + k];
			if (c < 0x80 || c > 0xBF)
				return false;
			v = (v << 6) + (c & 0x3F);
		}
		if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (n == 3 && v < 0x800) ||
		    (n == 4 && v < 0x10000))
			return false;
		i += n - 1;
	}
	return true;
}

/* The quoted, escaped string S of LEN bytes (valid UTF-8: every byte to escape is ASCII). */
static void put_string(StrBuf *sb, const char *s, size_t len)
{
	sb_grow(sb, len + 2);
	sb_putc(sb, '"');
	static const bool esc[256] = {[0 ... 0x1f] = true, ['"'] = true, ['\\'] = true};
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		/* eight bytes at a time while none is a control character, '"' or '\\' */
		while (i + 8 <= len) {
			uint64_t w, ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
			memcpy(&w, s + i, 8);
			uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
			if (((w - ones * 0x20) | (q - ones) | (b - ones)) & ~w & high)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char c = (unsigned char)s[i];
		if (!esc[c])
			continue;
		sb_append_n(sb, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"':
			sb_append_n(sb, "\\\"", 2);
			break;
		case '\\':
			sb_append_n(sb, "\\\\", 2);
			break;
		case '\b':
			sb_append_n(sb, "\\b", 2);
			break;
		case '\f':
			sb_append_n(sb, "\\f", 2);
			break;
		case '\n':
			sb_append_n(sb, "\\n", 2);
			break;
		case '\r':
			sb_append_n(sb, "\\r", 2);
			break;
		case '\t':
			sb_append_n(sb, "\\t", 2);
			break;
		default:
			sb_appendf(sb, "\\u%04X", (unsigned)c);
			break;
		}
	}
	sb_append_n(sb, s + run, len - run);
	sb_putc(sb, '"');
}

static void put_key(JsonW *w, const char *key)
{
	element(w);
	put_string(w->sb, key, strlen(key));
	sb_append_n(w->sb, ": ", 2);
}

static void open_container(JsonW *w, char c)
{
	sb_putc(w->sb, c);
	if (w->depth < JSONW_MAX_DEPTH)
		w->depth++;
	w->count[w->depth] = 0;
}

static void close_container(JsonW *w, char c)
{
	if (w->count[w->depth])
		indent(w, w->depth - 1);
	sb_putc(w->sb, c);
	if (w->depth > 0)
		w->depth--;
}

void jw_begin_object(JsonW *w)
{
	element(w);
	open_container(w, '{');
}

void jw_begin_array(JsonW *w)
{
	element(w);
	open_container(w, '[');
}

void jw_key(JsonW *w, const char *key)
{
	put_key(w, key);
	w->after_key = true;
}

void jw_key_object(JsonW *w, const char *key)
{
	put_key(w, key);
	open_container(w, '{');
}

void jw_key_array(JsonW *w, const char *key)
{
	put_key(w, key);
	open_container(w, '[');
}

void jw_end_object(JsonW *w)
{
	close_container(w, '}');
}

void jw_end_array(JsonW *w)
{
	close_container(w, ']');
}

void jw_key_str(JsonW *w, const char *key, const char *s)
{
	if (!s)
		return;
	size_t len = strlen(s);
	if (!jw_utf8_valid(s, len))
		return;
	put_key(w, key);
	put_string(w->sb, s, len);
}

void jw_key_str_or_null(JsonW *w, const char *key, const char *s)
{
	if (!s)
		jw_key_null(w, key);
	else
		jw_key_str(w, key, s);
}

void jw_key_bool(JsonW *w, const char *key, bool b)
{
	put_key(w, key);
	sb_append(w->sb, b ? "true" : "false");
}

void jw_key_int(JsonW *w, const char *key, long long v)
{
	put_key(w, key);
	sb_appendf(w->sb, "%lld", v);
}

void jw_key_null(JsonW *w, const char *key)
{
	put_key(w, key);
	sb_append_n(w->sb, "null", 4);
}

void jw_str(JsonW *w, const char *s)
{
	if (!s)
		return;
	size_t len = strlen(s);
	if (!jw_utf8_valid(s, len))
		return;
	element(w);
	put_string(w->sb, s, len);
}

void jw_str_or_null(JsonW *w, const char *s)
{
	if (s) {
		jw_str(w, s);
		return;
	}
	element(w);
	sb_append_n(w->sb, "null", 4);
}

/* Value J, its element separator already written. */
static void put_json(JsonW *w, const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		open_container(w, '{');
		/* jansson keeps insertion order (JSON_PRESERVE_ORDER is the default since 2.8) */
		for (void *it = json_object_iter((json_t *)j); it;
		     it = json_object_iter_next((json_t *)j, it)) {
			put_key(w, json_object_iter_key(it));
			put_json(w, json_object_iter_value(it));
		}
		close_container(w, '}');
		break;
	}
	case JSON_ARRAY:
		open_container(w, '[');
		for (size_t i = 0; i < json_array_size(j); i++) {
			element(w);
			put_json(w, json_array_get(j, i));
		}
		close_container(w, ']');
		break;
	case JSON_STRING:
		put_string(w->sb, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		sb_appendf(w->sb, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case JSON_REAL: {
		char *t = json_dumps(j, JSON_ENCODE_ANY);
		sb_append(w->sb, t ? t : "null");
		free(t);
		break;
	}
	case JSON_TRUE:
		sb_append_n(w->sb, "true", 4);
		break;
	case JSON_FALSE:
		sb_append_n(w->sb, "false", 5);
		break;
	default:
		sb_append_n(w->sb, "null", 4);
		break;
	}
}

void jw_key_json(JsonW *w, const char *key, const json_t *j)
{
	if (!j)
		return;
	put_key(w, key);
	put_json(w, j);
}

void jw_json(JsonW *w, const json_t *j)
{
	if (!j)
		return;
	element(w);
	put_json(w, j);
}
