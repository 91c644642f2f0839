/* corpus_load.h — load a corpus of ../shared/corpora in ORDER.txt order into a MigrationSet (test helper:
 * applies the plain/goose-up/dbmate-up/tmpl-auth transforms, reads #!user and search_path from #!pgoptions). */
#ifndef STRATA_TESTS_CORPUS_LOAD_H
#define STRATA_TESTS_CORPUS_LOAD_H

#include "strata.h"
#include "project/migration.h"
#include "util/strbuf.h"

#include <sys/stat.h>

typedef struct CorpusInfo {
	char search_path[512];
	char user[128];
	char *prereq; /* PREREQ.sql text or NULL */
	char *prereq_path;
} CorpusInfo;

static inline char *corpus_read(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	StrBuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		sb_append_n(&sb, buf, n);
	fclose(f);
	return sb_detach(&sb);
}

/* Blank (keep newlines) everything outside the section that starts at a line containing START and ends at a
 * line containing STOP. */
static inline void corpus_keep_section(char *text, const char *start, const char *stop)
{
	bool keep = false;
	char *p = text;
	while (*p) {
		char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char save = p[len];
		p[len] = 0;
		bool is_start = strstr(p, start) != NULL, is_stop = strstr(p, stop) != NULL;
		p[len] = save;
		if (is_start)
			keep = true;
		else if (is_stop)
			keep = false;
		if (!keep || is_start)
			memset(p, ' ', len);
		p += len;
		if (*p)
			p++;
	}
}

static inline char *corpus_replace_all(const char *s, const char *from, const char *to)
{
	StrBuf sb = STRBUF_INIT;
	size_t fl = strlen(from);
	const char *p = s, *q;
	while ((q = strstr(p, from))) {
		sb_append_n(&sb, p, (size_t)(q - p));
		sb_append(&sb, to);
		p = q + fl;
	}
	sb_append(&sb, p);
	return sb_detach(&sb);
}

/* Returns 0 and fills SET (free with migration_set_free) or -1 when the corpus is missing. */
static inline int corpus_load(const char *root, const char *name, MigrationSet *set, CorpusInfo *info)
{
	memset(set, 0, sizeof *set);
	memset(info, 0, sizeof *info);
	char *dir = xasprintf("%s/%s", root, name);
	char *order_path = xasprintf("%s/ORDER.txt", dir);
	char *order = corpus_read(order_path);
	free(order_path);
	if (!order) {
		free(dir);
		return -1;
	}
	char *pp = xasprintf("%s/PREREQ.sql", dir);
	info->prereq = corpus_read(pp);
	info->prereq_path = pp;
	set->dir = dir;
	set->format = FMT_PLAIN;
	size_t cap = 0;
	char *save = NULL;
	for (char *line = strtok_r(order, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "#!user ", 7)) {
			snprintf(info->user, sizeof info->user, "%s", line + 7);
			continue;
		}
		if (!strncmp(line, "#!pgoptions", 11)) {
			const char *sp = strstr(line, "search_path=");
			if (sp) {
				sp += 12;
				size_t l = strcspn(sp, " ");
				snprintf(info->search_path, sizeof info->search_path, "%.*s", (int)l, sp);
			}
			continue;
		}
		if (line[0] == '#' || !line[0])
			continue;
		char *tab = strchr(line, '\t');
		if (!tab)
			continue;
		*tab = 0;
		const char *rel = tab + 1;
		char *path = xasprintf("%s/%s", dir, rel);
		char *text = corpus_read(path);
		if (!text) {
			free(path);
			continue;
		}
		if (!strncmp(line, "goose-up", 8))
			corpus_keep_section(text, "+goose Up", "+goose Down");
		else if (!strncmp(line, "dbmate-up", 9))
			corpus_keep_section(text, "migrate:up", "migrate:down");
		else if (!strncmp(line, "tmpl-auth", 9)) {
			char *t1 = corpus_replace_all(text, "{{ index .Options \"Namespace\" }}", "auth");
			char *t2 = corpus_replace_all(t1, "{{index .Options \"Namespace\" }}", "auth");
			free(t1);
			free(text);
			text = t2;
		}
		if (set->n == cap) {
			cap = cap ? cap * 2 : 64;
			set->items = xrealloc(set->items, cap * sizeof(Migration));
		}
		Migration *m = &set->items[set->n];
		memset(m, 0, sizeof *m);
		m->version = xasprintf("%05zu", set->n + 1);
		m->name = xstrdup(rel);
		m->up_path = path;
		m->up_sql = text;
		m->format = FMT_PLAIN;
		set->n++;
	}
	free(order);
	return 0;
}

static inline void corpus_info_free(CorpusInfo *info)
{
	free(info->prereq);
	free(info->prereq_path);
}

#endif
