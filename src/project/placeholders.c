/* placeholders.c — fill Flyway ${name} and Go-template {{ ... }} placeholders from --var values, with
 * unfilled ones reported at their file:line:col. Substitution is only done on files that hold one. */
#include "strata.h"
#include "project/discover_internal.h"
#include "sql/parse.h"
#include "util/strbuf.h"

#include <ctype.h>

static const char *lookup(const MigVar *vars, size_t n, const char *name, size_t len)
{
	/* Later --var wins over earlier (and over config, which common.c appends after the options). */
	for (size_t i = n; i-- > 0;)
		if (strlen(vars[i].name) == len && !memcmp(vars[i].name, name, len))
			return vars[i].value;
	return NULL;
}

static void unfilled(DiagList *dl, const char *path, const char *text, size_t off, size_t plen,
                     const char *name, size_t nlen)
{
	int line, col;
	sql_offset_to_linecol(text, off, &line, &col);
	Diag *d = diag_add(dl, SEV_ERROR, "unfilled-placeholder", path, line, col,
	                   "placeholder \"%.*s\" has no value", (int)plen, text + off);
	sql_attach_source_line(d, text, off);
	diag_set_hint(d, "pass --var %.*s=VALUE or set it under [vars] in strata.conf", (int)nlen, name);
}

/* Flyway: "${" not preceded by '$' (so "$${" in a dollar quote is no placeholder), a name of
 * [A-Za-z0-9_.:-], then "}". Returns the length of the placeholder at P, 0 when there is none. */
static size_t flyway_at(const char *text, size_t off, const char **name, size_t *nlen)
{
	const char *p = text + off;
	if (p[0] != '$' || p[1] != '{' || (off > 0 && p[-1] == '$'))
		return 0;
	size_t i = 2;
	while (isalnum((unsigned char)p[i]) || (p[i] && strchr("_.:-", p[i]))) /* strchr finds the NUL too */
		i++;
	if (p[i] != '}' || i == 2)
		return 0;
	*name = p + 2;
	*nlen = i - 2;
	return i + 1;
}

/* Go template action "{{ ... }}" (with optional trim markers). Sets *NAME to the variable it reads: the
 * quoted key of `index .Options "Key"`, or the last field of `.Name` / `.Options.Name`; *NAME is NULL when
 * the action is something else. Returns the action's length, 0 when there is no closing "}}". */
static size_t gotmpl_at(const char *p, const char **name, size_t *nlen)
{
	const char *end = strstr(p + 2, "}}");
	if (!end || memchr(p, '\n', (size_t)(end - p)))
		return 0;
	const char *s = p + 2, *e = end;
	if (*s == '-')
		s++;
	if (e > s && e[-1] == '-')
		e--;
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	*name = NULL;
	if ((size_t)(e - s) > 15 && !memcmp(s, "index .Options ", 15)) {
		const char *q = s + 15;
		while (q < e && *q == ' ')
			q++;
		if (q < e && (*q == '"' || *q == '`') && e - q >= 2 && e[-1] == *q) {
			*name = q + 1;
			*nlen = (size_t)(e - q - 2);
		}
	} else if (s < e && *s == '.') {
		const char *q = s;
		bool ok = true;
		for (const char *c = s; c < e; c++)
			if (*c == '.')
				q = c + 1;
			else if (!isalnum((unsigned char)*c) && *c != '_')
				ok = false;
		if (ok && q < e) {
			*name = q;
			*nlen = (size_t)(e - q);
		}
	}
	return (size_t)(end + 2 - p);
}

int mig_fill_placeholders(MigFormat f, const char *path, char **text, const MigVar *vars, size_t n_vars,
                          DiagList *dl)
{
	const char *t = *text;
	bool flyway = f == FMT_FLYWAY, gotmpl = f == FMT_GOLANG_MIGRATE || f == FMT_TERN;
	if (!(flyway && strstr(t, "${")) && !(gotmpl && strstr(t, "{{")))
		return 0;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	StrBuf sb = STRBUF_INIT;
	int rc = 0;
	size_t i = 0;
	while (t[i]) {
		const char *name = NULL;
		size_t nlen = 0, plen = 0;
		if (flyway && t[i] == '$')
			plen = flyway_at(t, i, &name, &nlen);
		else if (gotmpl && t[i] == '{' && t[i + 1] == '{')
			plen = gotmpl_at(t + i, &name, &nlen);
		if (!plen) {
			sb_putc(&sb, t[i++]);
			continue;
		}
		const char *val = NULL;
		if (name)
			val = lookup(vars, n_vars, name, nlen);
		if (!val && flyway && nlen == 15 && !memcmp(name, "flyway:filename", 15))
			val = base;
		if (val) {
			sb_append(&sb, val);
		} else if (name) {
			unfilled(dl, path, t, i, plen, name, nlen);
			rc = -1;
		} else {
			int line, col;
			sql_offset_to_linecol(t, i, &line, &col);
			Diag *d = diag_add(dl, SEV_ERROR, "unsupported-template", path, line, col,
			                   "unsupported template action \"%.*s\"", (int)plen, t + i);
			sql_attach_source_line(d, t, i);
			diag_set_hint(d, "only {{ .Name }} and {{ index .Options \"Name\" }} are filled");
			rc = -1;
		}
		i += plen;
	}
	free(*text);
	*text = sb_detach(&sb);
	return rc;
}
