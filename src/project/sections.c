/* sections.c — sectioned migration files: dbmate ("-- migrate:up" / "-- migrate:down", option
 * transaction:false), goose ("-- +goose Up" / "Down", "NO TRANSACTION") and tern (up above
 * "---- create above / drop below ----", down below; "---- tern: disable-tx ----"). Each direction becomes a
 * copy of the file with everything else blanked, so byte offsets (and line:col) stay the file's own. */
#include "strata.h"
#include "project/discover_internal.h"
#include "sql/parse.h"

#include <ctype.h>
#include <strings.h>

bool mig_text_is_empty(const char *text)
{
	return text[sql_skip_space_and_comments(text, 0)] == '\0';
}

typedef enum Marker { MK_NONE, MK_UP, MK_DOWN, MK_NOTX } Marker;

/* dbmate: ^--\s*migrate:(up|down) followed by end of line or whitespace and options. */
static Marker dbmate_marker(const char *s, size_t n, bool *notx)
{
	if (n < 2 || s[0] != '-' || s[1] != '-')
		return MK_NONE;
	size_t i = 2;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	Marker m;
	if (n - i >= 10 && !memcmp(s + i, "migrate:up", 10))
		m = MK_UP, i += 10;
	else if (n - i >= 12 && !memcmp(s + i, "migrate:down", 12))
		m = MK_DOWN, i += 12;
	else
		return MK_NONE;
	if (i < n && !isspace((unsigned char)s[i]))
		return MK_NONE;
	/* Options: space-separated key:value pairs; only transaction:false matters here. */
	while (i < n) {
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		size_t j = i;
		while (j < n && !isspace((unsigned char)s[j]))
			j++;
		if (m == MK_UP && j - i == 17 && !memcmp(s + i, "transaction:false", 17))
			*notx = true;
		i = j;
	}
	return m;
}

/* goose: "--", spaces, "+goose", then a command compared case-insensitively. */
static Marker goose_marker(const char *s, size_t n)
{
	if (n < 2 || s[0] != '-' || s[1] != '-')
		return MK_NONE;
	size_t i = 2;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (n - i < 6 || memcmp(s + i, "+goose", 6))
		return MK_NONE;
	i += 6;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	while (n > i && isspace((unsigned char)s[n - 1]))
		n--;
	size_t l = n - i;
	if (l == 2 && !strncasecmp(s + i, "up", 2))
		return MK_UP;
	if (l == 4 && !strncasecmp(s + i, "down", 4))
		return MK_DOWN;
	if (l == 14 && !strncasecmp(s + i, "no transaction", 14))
		return MK_NOTX;
	return MK_NONE; /* StatementBegin/End, ENVSUB: comments the parser skips */
}

/* Copy TEXT[0..LEN) keeping only [FROM, TO); other bytes become spaces except newlines. */
static char *blank_except(const char *text, size_t len, size_t from, size_t to)
{
	char *r = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++)
		r[i] = (i >= from && i < to) || text[i] == '\n' ? text[i] : ' ';
	r[len] = '\0';
	return r;
}

/* tern: TERN_SPLIT anywhere splits the text (the first one: the down part may hold more); no separator,
 * no down part. A line "---- tern: disable-tx ----" in the up part runs it outside a transaction. */
static void split_tern(const char *text, size_t len, char **up, char **down, bool *no_tx)
{
	const char *sep = strstr(text, TERN_SPLIT);
	size_t at = sep ? (size_t)(sep - text) : len;
	static const char notx[] = "---- tern: disable-tx ----";
	size_t nl = sizeof notx - 1;
	for (size_t ls = 0; ls < at;) {
		size_t le = ls;
		while (le < len && text[le] != '\n')
			le++;
		size_t n = le - ls;
		if (n && text[ls + n - 1] == '\r')
			n--;
		if (n == nl && ls + n <= at && !memcmp(text + ls, notx, nl))
			*no_tx = true;
		ls = le + 1;
	}
	*up = blank_except(text, len, 0, at);
	if (sep)
		*down = blank_except(text, len, at + strlen(TERN_SPLIT), len);
}

int mig_split_sections(MigFormat f, const char *text, const char *path, char **up, char **down, bool *no_tx,
                       DiagList *dl)
{
	*up = *down = NULL;
	*no_tx = false;
	size_t len = strlen(text);
	if (f == FMT_TERN) {
		split_tern(text, len, up, down, no_tx);
		return 0;
	}
	const char *what = f == FMT_GOOSE ? "-- +goose Up" : "-- migrate:up";
	const char *what_down = f == FMT_GOOSE ? "-- +goose Down" : "-- migrate:down";
	/* Marker line starts and the offsets just after their line ends. */
	size_t up_at = SIZE_MAX, up_body = 0, down_at = SIZE_MAX, down_body = 0;
	int line = 0;
	for (size_t ls = 0; ls < len;) {
		line++;
		size_t le = ls;
		while (le < len && text[le] != '\n')
			le++;
		size_t next = le < len ? le + 1 : le;
		size_t n = le - ls;
		if (n && text[ls + n - 1] == '\r')
			n--;
		Marker m = f == FMT_GOOSE ? goose_marker(text + ls, n) : dbmate_marker(text + ls, n, no_tx);
		if (m == MK_NOTX) {
			*no_tx = true;
		} else if (m == MK_UP || m == MK_DOWN) {
			size_t *at = m == MK_UP ? &up_at : &down_at;
			if (*at != SIZE_MAX) {
				Diag *d = diag_add(dl, SEV_ERROR, "migration-sections", path, line, 1,
				                   "second \"%s\" marker in one migration",
				                   m == MK_UP ? what : what_down);
				sql_attach_source_line(d, text, ls);
				return -1;
			}
			if (m == MK_UP && down_at != SIZE_MAX) {
				Diag *d = diag_add(dl, SEV_ERROR, "migration-sections", path, line, 1,
				                   "\"%s\" marker after \"%s\"", what, what_down);
				sql_attach_source_line(d, text, ls);
				return -1;
			}
			*at = ls;
			*(m == MK_UP ? &up_body : &down_body) = next;
		}
		ls = next;
	}
	if (up_at == SIZE_MAX) {
		Diag *d =
		    diag_add(dl, SEV_ERROR, "migration-sections", path, 1, 1,
		             "no \"%s\" marker in %s migration", what, f == FMT_GOOSE ? "goose" : "dbmate");
		diag_set_hint(d, "put the statements to apply after a line \"%s\"", what);
		return -1;
	}
	*up = blank_except(text, len, up_body, down_at == SIZE_MAX ? len : down_at);
	if (down_at != SIZE_MAX)
		*down = blank_except(text, len, down_body, len);
	return 0;
}
