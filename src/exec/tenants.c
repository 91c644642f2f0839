/* tenants.c — tenant names, sources, search_path, waves, on-error policy, checksum chain (see tenants.h). */
#include "strata.h"
#include "sql/quote.h"
#include "project/plan.h"
#include "exec/tenants.h"
#include "project/discover_internal.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <math.h>

int history_prefix(const MigrationSet *set, const char *const *set_sums, const char *const *versions,
                   const char *const *checksums, size_t n, size_t *from, char **why)
{
	*from = 0;
	*why = NULL;
	bool *ran = xcalloc(set->n ? set->n : 1, sizeof(bool));
	int rc = 0;
	for (size_t r = 0; r < n && !rc; r++) {
		size_t i = 0;
		while (i < set->n && strcmp(set->items[i].version, versions[r]))
			i++;
		if (i == set->n) {
			*why = xasprintf("its history has version \"%s\", which is not a tenant migration",
			                 versions[r]);
			rc = -1;
		} else if (checksums[r] && set_sums[i] && strcmp(checksums[r], set_sums[i])) {
			*why =
			    xasprintf("tenant migration \"%s\" was edited after it ran there", versions[r]);
			rc = -1;
		} else
			ran[i] = true;
	}
	size_t k = 0;
	while (!rc && k < set->n && ran[k])
		k++;
	for (size_t i = k; !rc && i < set->n; i++)
		if (ran[i]) {
			*why = xasprintf("its history has \"%s\" but not the earlier \"%s\"",
			                 set->items[i].version, set->items[k].version);
			rc = -1;
		}
	if (!rc)
		*from = k;
	free(ran);
	return rc;
}

bool tenant_is_url(const char *s)
{
	return !strncmp(s, "postgresql://", 13) || !strncmp(s, "postgres://", 11);
}

/* host, port, user and dbname of a URL (NULL when absent); -1 when libpq rejects it. */
static int url_parts(const char *url, char **host, char **port, char **user, char **db)
{
	*host = *port = *user = *db = NULL;
	char *msg = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &msg);
	PQfreemem(msg);
	if (!opts)
		return -1;
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		char **dst = !strcmp(o->keyword, "host")       ? host
		             : !strcmp(o->keyword, "hostaddr") ? (*host ? NULL : host)
		             : !strcmp(o->keyword, "port")     ? port
		             : !strcmp(o->keyword, "user")     ? user
		             : !strcmp(o->keyword, "dbname")   ? db
		                                               : NULL;
		if (dst && o->val && *o->val) {
			free(*dst);
			*dst = xstrdup(o->val);
		}
	}
	PQconninfoFree(opts);
	return 0;
}

static bool same(const char *a, const char *b, const char *dflt)
{
	return !strcmp(a ? a : dflt, b ? b : dflt);
}

int tenant_url_server(const char *url, char *const *servers, size_t n, int *server, char **dbname, char **err)
{
	*server = -1;
	*dbname = NULL;
	*err = NULL;
	char *h, *p, *u, *d;
	if (url_parts(url, &h, &p, &u, &d) != 0) {
		*err = xstrdup("not a connection URL libpq accepts");
		return -1;
	}
	int rc = 0;
	if (!d) {
		*err = xstrdup("the URL names no database");
		rc = -1;
	}
	for (size_t i = 0; i < n && !rc && *server < 0; i++) {
		char *h2, *p2, *u2, *d2;
		if (url_parts(servers[i], &h2, &p2, &u2, &d2) != 0)
			continue;
		if (same(h, h2, "") && same(p, p2, "5432") && same(u, u2, ""))
			*server = (int)i;
		free(h2), free(p2), free(u2), free(d2);
	}
	if (!rc && *server < 0) {
		*err = xstrdup("its server is not one of the fleet's servers");
		rc = -1;
	}
	if (!rc)
		*dbname = xstrdup(d);
	free(h), free(p), free(u), free(d);
	return rc;
}

int waves_parse(const char *spec, size_t total, size_t *ends, int max, char **err)
{
	*err = NULL;
	if (!spec || !*spec) {
		ends[0] = total;
		return 1;
	}
	char **els;
	size_t n = split_list(spec, &els);
	int nw = 0;
	size_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		char *end;
		double v = strtod(els[i], &end);
		bool pct = *end == '%';
		if (pct)
			end++;
		if (*end || v <= 0 || (pct && v > 100) || (!pct && v != floor(v))) {
			*err = xasprintf("wave \"%s\": want a count (10) or a percentage (10%%) above 0",
			                 els[i]);
			free_list(els, n);
			return -1;
		}
		size_t size = pct ? (size_t)ceil(v * (double)total / 100.0) : (size_t)v;
		if (size < 1)
			size = 1;
		if (size > total)
			size = total;
		if (size < prev) {
			*err = xasprintf("waves \"%s\": sizes are cumulative and must not decrease", spec);
			free_list(els, n);
			return -1;
		}
		if (size == prev && nw > 0)
			continue;
		if (nw == max) {
			*err = xasprintf("waves \"%s\": at most %d waves", spec, max);
			free_list(els, n);
			return -1;
		}
		ends[nw++] = size;
		prev = size;
	}
	free_list(els, n);
	if (nw == 0) {
		*err = xasprintf("waves \"%s\": no wave", spec);
		return -1;
	}
	if (ends[nw - 1] < total) {
		if (nw == max)
			ends[nw - 1] = total;
		else
			ends[nw++] = total;
	}
	return nw;
}

int on_error_parse(const char *s, OnError *out, char **err)
{
	*err = NULL;
	memset(out, 0, sizeof(*out));
	out->given = true;
	if (!strcmp(s, "stop"))
		return 0;
	if (!strcmp(s, "continue")) {
		out->kind = ONERR_CONTINUE;
		return 0;
	}
	if (!strncmp(s, "threshold=", 10)) {
		char *end;
		double v = strtod(s + 10, &end);
		if (end != s + 10 && *end == '%' && !end[1] && v >= 0 && v <= 100) {
			out->kind = ONERR_THRESHOLD;
			out->pct = v;
			return 0;
		}
	}
	out->given = false;
	*err = xasprintf("--on-error \"%s\": want stop, continue or threshold=N%%", s);
	return -1;
}

bool on_error_should_stop(const OnError *p, size_t failed, size_t total)
{
	if (!failed)
		return false;
	switch (p->kind) {
	case ONERR_STOP:
		return true;
	case ONERR_CONTINUE:
		return false;
	default:
		return total == 0 || (double)failed * 100.0 > p->pct * (double)total;
	}
}

void checksum_chain(const MigrationSet *set, char (*chains)[65])
{
	chains[0][0] = '\0';
	for (size_t i = 0; i < set->n; i++) {
		char sum[65];
		migration_checksum(&set->items[i], sum);
		mig_checksum(chains[i], strlen(chains[i]), sum, 64, chains[i + 1]);
	}
}
