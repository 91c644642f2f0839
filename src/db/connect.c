/* connect.c — database URL resolution and libpq connections (see connect.h). The redaction follows
 * libpq's own parsing rules (fe-connect.c) so that what libpq reads as a password is what we hide. */
#include "strata.h"
#include "db/connect.h"
#include "db/devserver.h"
#include "util/strbuf.h"

#include <ctype.h>

static size_t uri_prefix_len(const char *s)
{
	if (!strncmp(s, "postgresql://", 13))
		return 13;
	if (!strncmp(s, "postgres://", 11))
		return 11;
	return 0;
}

/* libpq takes a string as a connection string (not a bare database name) when it is a URI or has '='. */
static bool is_conninfo(const char *s)
{
	return uri_prefix_len(s) > 0 || strchr(s, '=') != NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Does the percent-encoded query key [K, K+N) decode to "password"? */
static bool key_is_password(const char *k, size_t n)
{
	char dec[16];
	size_t d = 0;
	for (size_t i = 0; i < n; i++) {
		if (d + 1 >= sizeof(dec))
			return false;
		if (k[i] == '%' && i + 2 < n && hexval(k[i + 1]) >= 0 && hexval(k[i + 2]) >= 0) {
			dec[d++] = (char)(hexval(k[i + 1]) * 16 + hexval(k[i + 2]));
			i += 2;
		} else {
			dec[d++] = k[i];
		}
	}
	dec[d] = '\0';
	return !strcmp(dec, "password");
}

static void redact_uri(const char *url, size_t plen, StrBuf *sb)
{
	const char *p = url + plen;
	/* user info ends at the first '@' before any '/', as in libpq's conninfo_uri_parse_options */
	const char *q = p;
	while (*q && *q != '@' && *q != '/')
		q++;
	if (*q == '@') {
		const char *colon = memchr(p, ':', (size_t)(q - p));
		if (colon && colon + 1 < q) {
			sb_append_n(sb, url, (size_t)(colon + 1 - url));
			sb_append(sb, "***");
		} else {
			sb_append_n(sb, url, (size_t)(q - url));
		}
		p = q;
	} else {
		sb_append_n(sb, url, (size_t)(p - url));
	}
	const char *query = strchr(p, '?');
	if (!query) {
		sb_append(sb, p);
		return;
	}
	sb_append_n(sb, p, (size_t)(query + 1 - p));
	for (const char *s = query + 1;;) {
		const char *amp = strchr(s, '&');
		size_t len = amp ? (size_t)(amp - s) : strlen(s);
		const char *eq = memchr(s, '=', len);
		if (eq && key_is_password(s, (size_t)(eq - s))) {
			sb_append_n(sb, s, (size_t)(eq + 1 - s));
			sb_append(sb, "***");
		} else {
			sb_append_n(sb, s, len);
		}
		if (!amp)
			break;
		sb_putc(sb, '&');
		s = amp + 1;
	}
}

/* key = value pairs, values bare or in single quotes, backslash escapes (libpq's conninfo_parse). */
static void redact_keyvalue(const char *url, StrBuf *sb)
{
	const char *p = url;
	while (*p) {
		if (isspace((unsigned char)*p)) {
			sb_putc(sb, *p++);
			continue;
		}
		const char *k = p;
		while (*p && *p != '=' && !isspace((unsigned char)*p))
			p++;
		size_t klen = (size_t)(p - k);
		sb_append_n(sb, k, klen);
		while (isspace((unsigned char)*p))
			sb_putc(sb, *p++);
		if (*p != '=')
			goto bad;
		sb_putc(sb, *p++);
		while (isspace((unsigned char)*p))
			sb_putc(sb, *p++);
		const char *v = p, *end;
		bool quoted = *p == '\'';
		if (quoted) {
			end = p + 1;
			while (*end && *end != '\'')
				end += (end[0] == '\\' && end[1]) ? 2 : 1;
			if (!*end)
				goto bad;
			end++;
		} else {
			end = p;
			while (*end && !isspace((unsigned char)*end))
				end += (end[0] == '\\' && end[1]) ? 2 : 1;
		}
		if (klen == 8 && !strncmp(k, "password", 8))
			sb_append(sb, quoted ? "'***'" : "***");
		else
			sb_append_n(sb, v, (size_t)(end - v));
		p = end;
	}
	return;
bad:
	sb_append(sb, "...");
}

char *db_url_redacted(const char *url)
{
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, ""); /* never NULL */
	if (!url)
		return sb_detach(&sb);
	size_t plen = uri_prefix_len(url);
	if (plen)
		redact_uri(url, plen, &sb);
	else if (strchr(url, '='))
		redact_keyvalue(url, &sb);
	else
		sb_append(&sb, url); /* a bare database name */
	return sb_detach(&sb);
}

static bool env_set(const char *name)
{
	const char *v = getenv(name);
	return v && *v;
}

int db_resolve_url(const char *flag_or_config_url, char **out_url, DiagList *dl)
{
	*out_url = NULL;
	if (flag_or_config_url && *flag_or_config_url) {
		*out_url = xstrdup(flag_or_config_url);
		return 0;
	}
	if (env_set("DATABASE_URL")) {
		*out_url = xstrdup(getenv("DATABASE_URL"));
		return 0;
	}
	if (env_set("PGHOST") || env_set("PGDATABASE") || env_set("PGSERVICE") || env_set("PGPORT")) {
		*out_url = xstrdup("");
		return 0;
	}
	if (dev_running_url(out_url))
		return 0;
	Diag *d = diag_add(dl, SEV_ERROR, "no-database", NULL, 0, 0, "no database configured");
	diag_set_hint(d, "run \"strata dev start\" or pass --database-url");
	return -1;
}

/* Split libpq's message MSG into its first line (returned, malloc) and the rest (*rest, malloc or NULL),
 * trimmed; continuation lines are joined with "; ". */
static char *split_message(const char *msg, char **rest)
{
	*rest = NULL;
	while (*msg && isspace((unsigned char)*msg))
		msg++;
	size_t n = strcspn(msg, "\n");
	char *first = xstrndup(msg, n);
	StrBuf sb = STRBUF_INIT;
	for (const char *p = msg[n] ? msg + n + 1 : msg + n; *p;) {
		size_t len = strcspn(p, "\n");
		const char *s = p;
		size_t l = len;
		while (l && isspace((unsigned char)*s)) {
			s++;
			l--;
		}
		while (l && isspace((unsigned char)s[l - 1]))
			l--;
		if (l) {
			if (sb.len)
				sb_append(&sb, "; ");
			sb_append_n(&sb, s, l);
		}
		p += len;
		if (*p)
			p++;
	}
	if (sb.len)
		*rest = sb_detach(&sb);
	sb_release(&sb);
	return first;
}

static void connect_error(DiagList *dl, const char *url, const char *libpq_msg)
{
	char *rest = NULL;
	char *first = split_message(libpq_msg, &rest);
	Diag *d = diag_add(dl, SEV_ERROR, "connection-failed", NULL, 0, 0, "could not connect to server: %s",
	                   first[0] ? first : "unknown error");
	char *red = db_url_redacted(url);
	if (rest)
		diag_set_detail(d, "%s (url: %s)", rest, red[0] ? red : "from the PG* variables");
	else
		diag_set_detail(d, "url: %s", red[0] ? red : "from the PG* variables");
	if (strstr(first, "password authentication failed"))
		diag_set_hint(d, "check the user name and password in the URL or PGPASSWORD/.pgpass");
	else if (strstr(first, "does not exist"))
		diag_set_hint(d, "create the database first, or fix the database name in the URL");
	else
		diag_set_hint(d,
		              "is the server running and accepting connections there? check --database-url, "
		              "DATABASE_URL or the PG* variables, or run \"strata dev start\"");
	free(red);
	free(rest);
	free(first);
}

/* What the server says besides results — "relation ... already exists, skipping" for every IF NOT EXISTS
 * of strata's own bookkeeping and of many migrations, RAISE NOTICE — is not printed: libpq's default
 * printer would put each on stderr in the server's words, between strata's own lines (only cli/ prints,
 * and what a migration does is in its history row and its errors). */
static void server_notice(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

PGconn *db_connect(const char *url, DiagList *dl)
{
	if (!url)
		url = "";
	if (is_conninfo(url)) {
		/* a malformed string: libpq's parse error may quote the password text, so report the error
		 * found in the redacted string instead (or say the password is the malformed part) */
		char *err = NULL;
		PQconninfoOption *opts = PQconninfoParse(url, &err);
		if (!opts) {
			PQfreemem(err);
			err = NULL;
			char *red = db_url_redacted(url);
			PQconninfoOption *o2 = PQconninfoParse(red, &err);
			connect_error(
			    dl, url,
			    o2 ? "invalid connection string: the password is malformed (percent-encoding?)"
			       : (err ? err : "invalid connection string"));
			PQconninfoFree(o2);
			PQfreemem(err);
			free(red);
			return NULL;
		}
		PQconninfoFree(opts);
	}
	/* defaults first: values in the URL (processed at "dbname") override them */
	const char *kw[] = {"fallback_application_name", "connect_timeout", "dbname", NULL};
	const char *val[] = {"strata", "10", url, NULL};
	PGconn *conn = PQconnectdbParams(kw, val, 1);
	if (conn && PQstatus(conn) == CONNECTION_OK) {
		PQsetNoticeReceiver(conn, server_notice, NULL);
		return conn;
	}
	connect_error(dl, url, conn ? PQerrorMessage(conn) : "out of memory");
	PQfinish(conn);
	return NULL;
}

PGconn *db_open(const char *flag_or_config_url, DiagList *dl)
{
	char *url = NULL;
	if (db_resolve_url(flag_or_config_url, &url, dl) != 0)
		return NULL;
	PGconn *conn = db_connect(url, dl);
	free(url);
	return conn;
}
