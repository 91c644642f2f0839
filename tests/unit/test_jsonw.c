/* test_jsonw.c — the streaming JSON writer prints byte for byte what jansson's json_dumps(JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER) prints for the same values, and drops what jansson refuses (invalid UTF-8). */
#include "unit.h"
#include "util/jsonw.h"

#include <jansson.h>

/* jansson's text of J (consumed), as report_json_print lays it out. */
static char *jansson_text(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	return s;
}

static const char *const strings[] = {
    "plain",
    "",
    "quote \" backslash \\ slash /",
    "tab\there\nnew line\r\b\f",
    "\x01\x1f\x7f",
    "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", /* é € 😀 */
};

static void test_like_jansson(void **state)
{
	(void)state;
	/* the same document both ways: nested objects and arrays, empty ones, every scalar */
	json_t *root = json_object();
	StrBuf sb = STRBUF_INIT;
	JsonW w;
	jw_init(&w, &sb);
	jw_begin_object(&w);

	json_object_set_new(root, "null", json_null());
	jw_key_null(&w, "null");
	json_object_set_new(root, "t", json_true());
	jw_key_bool(&w, "t", true);
	json_object_set_new(root, "f", json_false());
	jw_key_bool(&w, "f", false);
	json_object_set_new(root, "n", json_integer(-1234567890123LL));
	jw_key_int(&w, "n", -1234567890123LL);
	json_object_set_new(root, "empty_a", json_array());
	jw_key_array(&w, "empty_a");
	jw_end_array(&w);
	json_object_set_new(root, "empty_o", json_object());
	jw_key_object(&w, "empty_o");
	jw_end_object(&w);
	json_t *a = json_array();
	jw_key_array(&w, "strings");
	for (size_t i = 0; i < ARRAY_LEN(strings); i++) {
		json_array_append_new(a, json_string(strings[i]));
		jw_str(&w, strings[i]);
		char key[16];
		snprintf(key, sizeof(key), "k%zu", i);
		json_t *o = json_object();
		json_object_set_new(o, key, json_string(strings[i]));
		json_object_set_new(o, "in", json_array());
		json_array_append_new(json_object_get(o, "in"), json_object());
		json_array_append(a, o);
		jw_begin_object(&w);
		jw_key_str(&w, key, strings[i]);
		jw_key_array(&w, "in");
		jw_begin_object(&w);
		jw_end_object(&w);
		jw_end_array(&w);
		jw_end_object(&w);
		/* a jansson value embedded as an element and as a member */
		jw_json(&w, o);
		json_array_append_new(a, o);
	}
	json_array_append_new(a, json_null());
	jw_str_or_null(&w, NULL);
	jw_end_array(&w);
	json_object_set_new(root, "strings", a);
	json_t *diag = json_pack("{s:s, s:i, s:[s, n]}", "message", "x \"y\"", "line", 3, "list", "a");
	json_object_set_new(root, "embedded", json_incref(diag));
	jw_key_json(&w, "embedded", diag);
	json_decref(diag);
	jw_end_object(&w);

	char *want = jansson_text(root);
	assert_string_equal(sb_str(&sb), want);
	free(want);
	sb_release(&sb);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* jansson's json_string() returns NULL for these, so the member or element is not there at all */
	static const char *const bad[] = {"\xc3",         "\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
	                                  "\xe0\x80\xaf", "\x80",     "\xff"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		assert_null(json_string(bad[i]));
		assert_false(jw_utf8_valid(bad[i], strlen(bad[i])));
		StrBuf sb = STRBUF_INIT;
		JsonW w;
		jw_init(&w, &sb);
		jw_begin_object(&w);
		jw_key_str(&w, "bad", bad[i]);
		jw_key_str_or_null(&w, "bad2", bad[i]);
		jw_key_array(&w, "a");
		jw_str(&w, bad[i]);
		jw_end_array(&w);
		jw_end_object(&w);
		assert_string_equal(sb_str(&sb), "{\n  \"a\": []\n}");
		sb_release(&sb);
	}
	for (size_t i = 0; i < ARRAY_LEN(strings); i++)
		assert_true(jw_utf8_valid(strings[i], strlen(strings[i])));
}

static void test_every_ascii_byte(void **state)
{
	(void)state;
	/* each byte 1..127 at every position of a 40-byte string (the writer scans eight bytes at a time) */
	for (int c = 1; c < 128; c++)
		for (size_t pos = 0; pos < 40; pos++) {
			char str[41];
			memset(str, 'a', 40);
			str[40] = 0;
			str[pos] = (char)c;
			StrBuf sb = STRBUF_INIT;
			JsonW w;
			jw_init(&w, &sb);
			jw_begin_array(&w);
			jw_str(&w, str);
			jw_end_array(&w);
			json_t *a = json_array();
			json_array_append_new(a, json_string(str));
			char *want = jansson_text(a);
			assert_string_equal(sb_str(&sb), want);
			free(want);
			sb_release(&sb);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_like_jansson),
	                                   cmocka_unit_test(test_invalid_utf8),
	                                   cmocka_unit_test(test_every_ascii_byte)};
	return cmocka_run_group_tests_name("jsonw", tests, NULL, NULL);
}
