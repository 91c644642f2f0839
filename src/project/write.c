/* write.c — a new migration file in the folder's convention (see write.h). */
#include "strata.h"
#include "project/write.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <time.h>

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Increment the last run of digits of V, keeping its width (carry widens it). */
static char *bump(const char *v)
{
	size_t n = strlen(v);
	size_t end = n;
	while (end > 0 && !isdigit((unsigned char)v[end - 1]))
		end--;
	if (end == 0)
		return xasprintf("%s1", v);
	char *s = xstrdup(v);
	size_t i = end;
	while (i > 0 && isdigit((unsigned char)s[i - 1])) {
		if (s[i - 1] != '9') {
			s[i - 1]++;
			return s;
		}
		s[i - 1] = '0';
		i--;
	}
	/* carry out of the run: insert a 1 */
	char *r = xasprintf("%.*s1%s", (int)i, s, s + i);
	free(s);
	return r;
}

/* Lexical: the next numbered prefix (the leading digits of the last name, plus one, same width); the name
 * follows it in the file name. */
static char *lexical_next(const char *last, const char *ts)
{
	size_t dl = 0;
	while (last && isdigit((unsigned char)last[dl]))
		dl++;
	if (!dl)
		return xstrdup(ts);
	char *prefix = xstrndup(last, dl);
	char *next = bump(prefix);
	free(prefix);
	return next;
}

char *migration_next_version(const MigrationSet *set, MigFormat format)
{
	const char *last = NULL;
	for (size_t i = 0; i < set->n; i++)
		if (set->items[i].version[0] &&
		    (!last || mig_version_cmp(format, set->items[i].version, last) > 0))
			last = set->items[i].version;
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	char ts[32], dts[32];
	strftime(ts, sizeof ts, "%Y%m%d%H%M%S", &tm);
	strftime(dts, sizeof dts, "%Y-%m-%d-%H%M%S", &tm);
	if (format == FMT_LEXICAL)
		return lexical_next(last, ts);
	if (!last) {
		if (format == FMT_FLYWAY)
			return xstrdup("1");
		if (format == FMT_PLAIN)
			return xstrdup("001");
		if (format == FMT_DIESEL)
			return xstrdup(dts);
		return xstrdup(ts);
	}
	char *cand = NULL;
	size_t l = strlen(last);
	if (all_digits(last) && l >= 14) {
		/* a timestamp: now, padded with zeros to the same width (popx: 20 digits) */
		cand = xasprintf("%s%0*d", ts, (int)(l - 14), 0);
		if (l == 14 || l > 14)
			cand[l] = 0;
	} else if (l == 17 && last[4] == '-' && last[7] == '-' && last[10] == '-') {
		cand = xstrdup(dts);
	}
	if (cand && mig_version_cmp(format, cand, last) > 0)
		return cand;
	free(cand);
	return bump(last);
}

char migration_plain_sep(const MigrationSet *set)
{
	for (size_t i = set->n; i-- > 0;) {
		const Migration *m = &set->items[i];
		const char *b = strrchr(m->up_path, '/');
		b = b ? b + 1 : m->up_path;
		size_t vl = strlen(m->version);
		if (vl && !strncmp(b, m->version, vl) && (b[vl] == '-' || b[vl] == '_'))
			return b[vl];
	}
	return '_';
}

static int put_file(const char *path, const char *text, char ***paths, size_t *npaths, DiagList *dl)
{
	if (fs_is_file(path) || fs_is_dir(path)) {
		diag_add(dl, SEV_ERROR, "file-exists", path, 0, 0, "\"%s\" already exists", path);
		return -1;
	}
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		diag_add(dl, SEV_ERROR, "write-failed", path, 0, 0, "cannot write \"%s\": %s", path,
		         strerror(errno));
		return -1;
	}
	*paths = xrealloc(*paths, (*npaths + 1) * sizeof(char *));
	(*paths)[(*npaths)++] = xstrdup(path);
	return 0;
}

static int put_in(const char *dir, const char *fname, const char *text, char ***paths, size_t *npaths,
                  DiagList *dl)
{
	char *p = fs_join(dir, fname);
	int rc = put_file(p, text, paths, npaths, dl);
	free(p);
	return rc;
}

int migration_write(const char *dir, MigFormat format, const char *version, const char *name, char sep,
                    const char *up, const char *down, char ***paths, size_t *npaths, DiagList *dl)
{
	if (fs_mkdir_p(dir) != 0) {
		diag_add(dl, SEV_ERROR, "write-failed", dir, 0, 0, "cannot create \"%s\": %s", dir,
		         strerror(errno));
		return -1;
	}
	char *f1 = NULL, *f2 = NULL;
	StrBuf sb = STRBUF_INIT;
	int rc = 0;
	switch (format) {
	case FMT_FLYWAY:
		f1 = xasprintf("V%s__%s.sql", version, name);
		rc = put_in(dir, f1, up, paths, npaths, dl);
		if (!rc && down) {
			f2 = xasprintf("U%s__%s.sql", version, name);
			rc = put_in(dir, f2, down, paths, npaths, dl);
		}
		break;
	case FMT_LEXICAL: /* the version is the whole name: VERSION alone when NAME is NULL (squash) */
	case FMT_GOLANG_MIGRATE:
		f1 = name ? xasprintf("%s_%s.up.sql", version, name) : xasprintf("%s.up.sql", version);
		rc = put_in(dir, f1, up, paths, npaths, dl);
		if (!rc && down) {
			f2 = name ? xasprintf("%s_%s.down.sql", version, name)
			          : xasprintf("%s.down.sql", version);
			rc = put_in(dir, f2, down, paths, npaths, dl);
		}
		break;
	case FMT_DBMATE:
		f1 = xasprintf("%s_%s.sql", version, name);
		sb_appendf(&sb, "-- migrate:up\n%s\n-- migrate:down\n%s", up, down ? down : "");
		rc = put_in(dir, f1, sb_str(&sb), paths, npaths, dl);
		break;
	case FMT_GOOSE:
		/* one StatementBegin/End block per direction: goose does not split dollar-quoted bodies */
		f1 = xasprintf("%s_%s.sql", version, name);
		sb_appendf(&sb, "-- +goose Up\n-- +goose StatementBegin\n%s-- +goose StatementEnd\n", up);
		if (down)
			sb_appendf(&sb,
			           "\n-- +goose Down\n-- +goose StatementBegin\n%s-- +goose StatementEnd\n",
			           down);
		rc = put_in(dir, f1, sb_str(&sb), paths, npaths, dl);
		break;
	case FMT_TERN:
		f1 = xasprintf("%s_%s.sql", version, name);
		sb_appendf(&sb, "%s\n" TERN_SPLIT "\n%s", up, down ? down : "");
		rc = put_in(dir, f1, sb_str(&sb), paths, npaths, dl);
		break;
	case FMT_PRISMA:
	case FMT_DIESEL: {
		char *sub = xasprintf("%s_%s", version, name);
		char *sd = fs_join(dir, sub);
		free(sub);
		if (fs_is_dir(sd)) {
			diag_add(dl, SEV_ERROR, "file-exists", sd, 0, 0, "\"%s\" already exists", sd);
			rc = -1;
		} else if (fs_mkdir_p(sd) != 0) {
			diag_add(dl, SEV_ERROR, "write-failed", sd, 0, 0, "cannot create \"%s\": %s", sd,
			         strerror(errno));
			rc = -1;
		} else if (format == FMT_PRISMA) {
			rc = put_in(sd, "migration.sql", up, paths, npaths, dl);
		} else {
			rc = put_in(sd, "up.sql", up, paths, npaths, dl);
			if (!rc)
				rc = put_in(sd, "down.sql", down ? down : "", paths, npaths, dl);
		}
		free(sd);
		break;
	}
	case FMT_PLAIN:
	case FMT_AUTO:
		f1 = xasprintf("%s%c%s.sql", version, sep ? sep : '_', name);
		rc = put_in(dir, f1, up, paths, npaths, dl);
		break;
	default:
		diag_add(dl, SEV_ERROR, "unsupported-format", dir, 0, 0, "cannot write %s migrations",
		         mig_format_name(format));
		rc = -1;
	}
	free(f1);
	free(f2);
	sb_release(&sb);
	return rc;
}
