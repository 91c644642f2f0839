/* order.c — reading an ORDER.txt apply order (see order.h). */
#include "strata.h"
#include "project/order.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <libgen.h>

void order_list_free(OrderList *ol)
{
	for (size_t i = 0; i < ol->n; i++) {
		free(ol->items[i].user);
		free(ol->items[i].pgoptions);
	}
	free(ol->items);
	memset(ol, 0, sizeof(*ol));
}

/* Keep only the lines of the section opened by a marker line matching UP (case-insensitive prefix after
 * "--" and spaces); other lines are blanked (newlines kept) so offsets still map to the file. */
static void keep_section(char *text, const char *up, const char *down)
{
	int state = 0; /* 0 before any marker, 1 up, 2 down */
	for (char *line = text; *line;) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		const char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		bool marker = false;
		if (p[0] == '-' && p[1] == '-') {
			p += 2;
			while (*p == ' ' || *p == '\t')
				p++;
			if (!strncasecmp(p, up, strlen(up))) {
				state = 1;
				marker = true;
			} else if (!strncasecmp(p, down, strlen(down))) {
				state = 2;
				marker = true;
			}
		}
		if (marker || state != 1)
			for (size_t i = 0; i < len; i++)
				if (line[i] != '\r')
					line[i] = ' ';
		line = nl ? nl + 1 : line + len;
	}
}

/* GoTrue's namespace template, rendered as "auth" (as the corpus tools do). malloc. */
static char *render_tmpl_auth(const char *text)
{
	StrBuf sb = STRBUF_INIT;
	const char *p = text;
	while (*p) {
		const char *o = strstr(p, "{{");
		if (!o) {
			sb_append(&sb, p);
			break;
		}
		const char *c = strstr(o, "}}");
		const char *idx = c ? strstr(o, "index") : NULL;
		if (c && idx && idx < c && strstr(o, ".Options") && strstr(o, ".Options") < c &&
		    strstr(o, "\"Namespace\"") && strstr(o, "\"Namespace\"") < c) {
			sb_append_n(&sb, p, (size_t)(o - p));
			sb_append(&sb, "auth");
			p = c + 2;
		} else {
			sb_append_n(&sb, p, (size_t)(o - p) + 2);
			p = o + 2;
		}
	}
	return sb_detach(&sb);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		s[--l] = '\0';
	return s;
}

int order_load(const char *path, MigrationSet *set, OrderList *ol, DiagList *dl)
{
	memset(set, 0, sizeof(*set));
	memset(ol, 0, sizeof(*ol));
	char *text;
	size_t tlen;
	if (fs_read_file(path, &text, &tlen, dl) != 0)
		return -1;
	char *pathcopy = xstrdup(path);
	set->dir = xstrdup(dirname(pathcopy));
	free(pathcopy);
	set->format = FMT_PLAIN;
	char *user = NULL, *pgopts = NULL;
	int rc = 0, lineno = 0;
	size_t cap = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		size_t l = strlen(line);
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';
		if (!strncmp(line, "#!user ", 7)) {
			free(user);
			user = xstrdup(trim(line + 7));
			continue;
		}
		if (!strncmp(line, "#!pgoptions ", 12)) {
			free(pgopts);
			pgopts = xstrdup(trim(line + 12));
			continue;
		}
		if (!*trim(line) || line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		if (!tab) {
			diag_add(dl, SEV_ERROR, "order-file", path, lineno, 1,
			         "expected \"<transform>[@<mode>]<TAB><path>\", got \"%s\"", line);
			rc = -1;
			continue;
		}
		*tab = '\0';
		char *transform = line, *rel = trim(tab + 1);
		char *at = strchr(transform, '@');
		const char *mode = "psql";
		if (at) {
			*at = '\0';
			mode = at + 1;
		}
		if (!strcmp(transform, "skip"))
			continue;
		ExecMode em;
		if (!strcmp(mode, "psql"))
			em = EXEC_PSQL;
		else if (!strcmp(mode, "psql1"))
			em = EXEC_PSQL1;
		else if (!strcmp(mode, "simple"))
			em = EXEC_SIMPLE;
		else if (!strcmp(mode, "simpletx"))
			em = EXEC_SIMPLETX;
		else {
			diag_add(dl, SEV_ERROR, "order-file", path, lineno, 1,
			         "unknown mode \"%s\" (psql, psql1, simple, simpletx)", mode);
			rc = -1;
			continue;
		}
		if (strcmp(transform, "plain") && strcmp(transform, "goose-up") &&
		    strcmp(transform, "dbmate-up") && strcmp(transform, "tmpl-auth")) {
			diag_add(dl, SEV_ERROR, "order-file", path, lineno, 1,
			         "unknown transform \"%s\" (plain, goose-up, dbmate-up, tmpl-auth, skip)",
			         transform);
			rc = -1;
			continue;
		}
		char *file = fs_join(set->dir, rel);
		char *sql;
		size_t slen;
		if (fs_read_file(file, &sql, &slen, dl) != 0) {
			free(file);
			rc = -1;
			continue;
		}
		if (!strcmp(transform, "goose-up"))
			keep_section(sql, "+goose up", "+goose down");
		else if (!strcmp(transform, "dbmate-up"))
			keep_section(sql, "migrate:up", "migrate:down");
		else if (!strcmp(transform, "tmpl-auth")) {
			char *r = render_tmpl_auth(sql);
			free(sql);
			sql = r;
		}
		if (set->n == cap) {
			cap = cap ? cap * 2 : 64;
			set->items = xrealloc(set->items, cap * sizeof(Migration));
			ol->items = xrealloc(ol->items, cap * sizeof(OrderEntry));
		}
		Migration *m = &set->items[set->n];
		memset(m, 0, sizeof(*m));
		m->version = xasprintf("%zu", set->n + 1);
		m->name = xstrdup(rel);
		m->format = FMT_PLAIN;
		m->up_path = file;
		m->up_sql = sql;
		m->no_transaction = em == EXEC_PSQL;
		OrderEntry *e = &ol->items[set->n];
		e->mode = em;
		e->user = user ? xstrdup(user) : NULL;
		e->pgoptions = pgopts ? xstrdup(pgopts) : NULL;
		set->n++;
		ol->n++;
	}
	free(user);
	free(pgopts);
	free(text);
	return rc;
}

char *pgoptions_search_path(const char *pgoptions)
{
	if (!pgoptions)
		return NULL;
	char *res = NULL;
	const char *p = pgoptions;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		/* one word, with backslash escapes */
		StrBuf w = STRBUF_INIT;
		while (*p && *p != ' ') {
			if (*p == '\\' && p[1])
				p++;
			sb_putc(&w, *p++);
		}
		const char *word = sb_str(&w);
		const char *val = NULL;
		if (!strncmp(word, "--search_path=", 14))
			val = word + 14;
		else if (!strncmp(word, "-csearch_path=", 14))
			val = word + 14;
		else if (!strcmp(word, "-c")) {
			sb_release(&w);
			continue;
		} else if (!strncmp(word, "search_path=", 12))
			val = word + 12;
		if (val) {
			free(res);
			res = xstrdup(val);
		}
		sb_release(&w);
	}
	return res;
}
