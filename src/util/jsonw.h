/* jsonw.h — a streaming JSON writer into a StrBuf, byte for byte the layout of jansson's
 * json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER) (what report_json_print prints), without building a tree:
 * `strata schema --format json` of 10,000 tables spent three quarters of its client time building,
 * dumping and freeing the jansson tree. Values follow jansson's rules: a string that is not valid UTF-8
 * is dropped (jansson's json_string() returns NULL, so the key or element never appears). */
#ifndef STRATA_UTIL_JSONW_H
#define STRATA_UTIL_JSONW_H

#include "strata.h"
#include "util/strbuf.h"

#include <jansson.h>

#define JSONW_MAX_DEPTH 64

typedef struct JsonW {
	StrBuf *sb;
	int depth;                         /* open containers */
	bool after_key;                    /* jw_key() was called: the next value is its value */
	size_t count[JSONW_MAX_DEPTH + 1]; /* elements written into each open container */
} JsonW;

/* Write into SB (appended to). */
void jw_init(JsonW *w, StrBuf *sb);

/* Containers: as a value (top level or array element), or as the value of KEY in an object. */
void jw_begin_object(JsonW *w);
void jw_begin_array(JsonW *w);
void jw_key_object(JsonW *w, const char *key);
void jw_key_array(JsonW *w, const char *key);
void jw_end_object(JsonW *w);
/* KEY of the next value, which any of the value functions writes (jw_begin_array, jw_json, ...). */
void jw_key(JsonW *w, const char *key);
void jw_end_array(JsonW *w);

/* Object members. jw_key_str: like json_object_set_new(o, key, json_string(s)) — nothing when S is NULL
 * or not valid UTF-8; jw_key_str_or_null: a NULL S is null. */
void jw_key_str(JsonW *w, const char *key, const char *s);
void jw_key_str_or_null(JsonW *w, const char *key, const char *s);
void jw_key_bool(JsonW *w, const char *key, bool b);
void jw_key_int(JsonW *w, const char *key, long long v);
void jw_key_null(JsonW *w, const char *key);
/* The jansson value J (not consumed) as the value of KEY, laid out at the writer's depth. */
void jw_key_json(JsonW *w, const char *key, const json_t *j);

/* Array elements, with the same rules (jw_str: nothing for NULL or invalid UTF-8). */
void jw_str(JsonW *w, const char *s);
void jw_str_or_null(JsonW *w, const char *s);
void jw_json(JsonW *w, const json_t *j);

/* Is S valid UTF-8 by jansson's rules (no overlong forms, surrogates or code points above U+10FFFF)? */
bool jw_utf8_valid(const char *s, size_t len);

#endif
