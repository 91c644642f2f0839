/* tenancy.c — tenant names, the [tenants] source, the tenant search_path, list and LIKE helpers (see
 * tenancy.h). */
#include "strata.h"
#include "project/tenancy.h"
#include "sql/quote.h"

#include <ctype.h>

TenantMode tenant_mode_parse(const char *s)
{
	if (!s || !*s || !strcmp(s, "schema"))
		return TMODE_SCHEMA;
	if (!strcmp(s, "database"))
		return TMODE_DATABASE;
	if (!strcmp(s, "shared"))
		return TMODE_SHARED;
	return TMODE__BAD;
}

const char *tenant_mode_name(TenantMode m)
{
	static const char *const names[] = {"schema", "database", "shared", "?"};
	return names[m];
}

const char *tenant_name_problem(const char *name, const char *shared)
{
	if (!name || !*name)
		return "a tenant name cannot be empty";
	if (strlen(name) > 63)
		return "a tenant name is at most 63 bytes (PostgreSQL truncates longer identifiers)";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "a tenant name cannot contain control characters";
	if (!strncmp(name, "pg_", 3))
		return "names starting with \"pg_\" are reserved by PostgreSQL";
	if (!strcmp(name, "information_schema") || !strcmp(name, "strata"))
		return "this schema name is reserved";
	if (shared && !strcmp(name, shared))
		return "this is the shared schema";
	return NULL;
}

const char *tenant_db_name_problem(const char *name)
{
	if (!name || !*name)
		return "a tenant database name cannot be empty";
	if (strlen(name) > 63)
		return "a database name is at most 63 bytes (PostgreSQL truncates longer identifiers)";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "a tenant database name cannot contain control characters";
	if (!strcmp(name, "template0") || !strcmp(name, "template1"))
		return "template databases cannot be tenants";
	return NULL;
}

static char *trim(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, n);
}

size_t split_list(const char *s, char ***out)
{
	*out = NULL;
	size_t n = 0;
	if (!s)
		return 0;
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",");
		char *e = trim(p, len);
		if (*e) {
			*out = xrealloc(*out, sizeof(char *) * (n + 1));
			(*out)[n++] = e;
		} else
			free(e);
		if (!p[len])
			break;
		p += len + 1;
	}
	return n;
}

void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int tenant_source_parse(const char *text, TenantSource *out, char **err)
{
	memset(out, 0, sizeof(*out));
	*err = NULL;
	if (!text || !*text || !strcmp(text, "ledger"))
		return 0;
	const char *colon = strchr(text, ':');
	if (!colon) {
		*err = xasprintf(
		    "tenant source \"%s\" needs a kind: list:a,b,c | pattern:<LIKE> | query:<SQL> | ledger",
		    text);
		return -1;
	}
	size_t klen = (size_t)(colon - text);
	char *arg = trim(colon + 1, strlen(colon + 1));
	if (klen == 4 && !strncmp(text, "list", 4)) {
		out->kind = SRC_LIST;
		out->n = split_list(arg, &out->names);
		free(arg);
		if (!out->n) {
			*err = xasprintf("tenant source list: names no tenant");
			return -1;
		}
		for (size_t i = 0; i < out->n; i++) {
			const char *why = tenant_name_problem(out->names[i], NULL);
			if (why) {
				*err = xasprintf("tenant source list: \"%s\": %s", out->names[i], why);
				tenant_source_free(out);
				return -1;
			}
		}
		return 0;
	}
	if ((klen == 7 && !strncmp(text, "pattern", 7)) || (klen == 5 && !strncmp(text, "query", 5))) {
		out->kind = klen == 7 ? SRC_PATTERN : SRC_QUERY;
		out->arg = arg;
		if (!*arg) {
			*err = xasprintf("tenant source %.*s: is empty", (int)klen, text);
			tenant_source_free(out);
			return -1;
		}
		return 0;
	}
	free(arg);
	*err = xasprintf(
	    "unknown tenant source kind \"%.*s\" (list:a,b,c | pattern:<LIKE> | query:<SQL> | ledger)",
	    (int)klen, text);
	return -1;
}

void tenant_source_free(TenantSource *s)
{
	free(s->arg);
	free_list(s->names, s->n);
	memset(s, 0, sizeof(*s));
}

int tenant_search_path(StrBuf *out, const char *tmpl, const char *shared, const char *tenant, char **err)
{
	*err = NULL;
	char *dflt = NULL;
	if (!tmpl || !*tmpl)
		tmpl = dflt = xasprintf("$tenant, %s", shared && *shared ? shared : "public");
	size_t start = out->len;
	bool have_tenant = false, first = true;
	const char *p = tmpl;
	int rc = 0;
	while (*p) {
		while (isspace((unsigned char)*p))
			p++;
		StrBuf el = STRBUF_INIT;
		if (*p == '"') { /* quoted element: "" is a quote */
			p++;
			for (;;) {
				if (!*p) {
					*err =
					    xasprintf("search_path \"%s\": unterminated quoted name", tmpl);
					rc = -1;
					break;
				}
				if (*p == '"' && p[1] == '"') {
					sb_putc(&el, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else
					sb_putc(&el, *p++);
			}
		} else {
			while (*p && *p != ',' && !isspace((unsigned char)*p))
				sb_putc(&el, (char)tolower((unsigned char)*p++));
		}
		while (rc == 0 && isspace((unsigned char)*p))
			p++;
		if (rc == 0 && *p && *p != ',') {
			*err =
			    xasprintf("search_path \"%s\": expected a comma after \"%s\"", tmpl, sb_str(&el));
			rc = -1;
		}
		if (rc == 0 && !el.len) {
			*err = xasprintf("search_path \"%s\": empty element", tmpl);
			rc = -1;
		}
		if (rc != 0) {
			sb_release(&el);
			break;
		}
		if (!first)
			sb_append(out, ", ");
		first = false;
		if (!strcmp(sb_str(&el), "$tenant")) {
			sql_quote_ident(out, tenant);
			have_tenant = true;
		} else
			sql_quote_ident(out, sb_str(&el));
		sb_release(&el);
		if (*p == ',')
			p++;
	}
	if (rc == 0 && !have_tenant) {
		*err = xasprintf("search_path \"%s\" does not name $tenant", tmpl);
		rc = -1;
	}
	if (rc != 0) {
		out->len = start;
		if (out->data)
			out->data[start] = '\0';
	}
	free(dflt);
	return rc;
}

bool like_match(const char *pat, const char *s)
{
	for (; *pat; pat++, s++) {
		if (*pat == '%') {
			while (*pat == '%')
				pat++;
			if (!*pat)
				return true;
			for (; *s; s++)
				if (like_match(pat, s))
					return true;
			return false;
		}
		if (!*s)
			return false;
		if (*pat == '\\' && pat[1])
			pat++;
		else if (*pat == '_')
			continue;
		if (*pat != *s)
			return false;
	}
	return !*s;
}

void tenant_config_release(TenantConfig *t)
{
	tenant_source_free(&t->source);
	free_list(t->servers, t->n_servers);
	memset(t, 0, sizeof(*t));
}

bool tenant_selected(const char *where, char *const *names, size_t n, const char *name)
{
	if (where && !like_match(where, name))
		return false;
	if (!n)
		return true;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}
