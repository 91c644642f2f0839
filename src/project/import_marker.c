/* import_marker.c — reading and writing the `-- strata:import` / `-- strata:warning` lines (see
 * import_marker.h). */
#include "strata.h"
#include "project/import_marker.h"

bool import_marker_find(const char *text, const char *tool, ImportMarker *m)
{
	memset(m, 0, sizeof(*m));
	size_t ml = strlen(IMPORT_MARKER);
	int line = 1;
	for (const char *l = text; l && *l;) {
		const char *p = l;
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\n') {
			l = p + 1;
			line++;
			continue;
		}
		if (p[0] != '-' || p[1] != '-')
			return false; /* the first statement: markers only sit above it */
		size_t n = strcspn(p, "\n");
		if (n > ml && !strncmp(p, IMPORT_MARKER, ml)) {
			char *rest = xstrndup(p + ml, n - ml);
			char *save = NULL;
			char *tok = strtok_r(rest, " \t\r", &save);
			if (tok && (!tool || !strcmp(tok, tool))) {
				m->tool = xstrdup(tok);
				m->line = line;
				while ((tok = strtok_r(NULL, " \t\r", &save)) && m->n < MARKER_MAX_FIELDS) {
					char *eq = strchr(tok, '=');
					if (!eq)
						continue;
					m->keys[m->n] = xstrndup(tok, (size_t)(eq - tok));
					m->values[m->n] = xstrdup(eq + 1);
					m->n++;
				}
				free(rest);
				return true;
			}
			free(rest);
		}
		l = p + n;
	}
	return false;
}

const char *import_marker_get(const ImportMarker *m, const char *key)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->keys[i], key))
			return m->values[i];
	return NULL;
}

void import_marker_release(ImportMarker *m)
{
	free(m->tool);
	for (size_t i = 0; i < m->n; i++) {
		free(m->keys[i]);
		free(m->values[i]);
	}
	memset(m, 0, sizeof(*m));
}

void import_marker_write(StrBuf *sb, const char *tool, const char *const *keys, const char *const *values,
                         size_t n)
{
	sb_append(sb, IMPORT_MARKER);
	sb_append(sb, tool);
	for (size_t i = 0; i < n; i++)
		if (values[i])
			sb_appendf(sb, " %s=%s", keys[i], values[i]);
	sb_putc(sb, '\n');
}

bool import_warning_next(const char *text, size_t *pos, char **rule, char **message, int *line)
{
	size_t wl = strlen(IMPORT_WARNING);
	int ln = 1;
	for (size_t i = 0; i < *pos && text[i]; i++)
		ln += text[i] == '\n';
	for (const char *l = text + *pos; *l;) {
		size_t n = strcspn(l, "\n");
		const char *p = l;
		while (*p == ' ' || *p == '\t')
			p++;
		if ((size_t)(p - l) < n && !strncmp(p, IMPORT_WARNING, wl)) {
			const char *r = p + wl;
			size_t rl = strcspn(r, " \t\r\n");
			const char *msg = r + rl;
			while (*msg == ' ' || *msg == '\t')
				msg++;
			size_t ml = (size_t)(l + n - msg);
			while (ml && (msg[ml - 1] == '\r' || msg[ml - 1] == ' '))
				ml--;
			*rule = xstrndup(r, rl);
			*message = xstrndup(msg, ml);
			*line = ln;
			*pos = (size_t)(l + n - text) + (l[n] ? 1 : 0);
			return true;
		}
		if (!l[n])
			break;
		l += n + 1;
		ln++;
	}
	*pos = strlen(text);
	return false;
}
