/* scratch.c — scratch databases (see scratch.h). */
#include "strata.h"
#include "db/connect.h"
#include "db/devserver.h"
#include "sql/quote.h"
#include "db/scratch.h"
#include "db/session.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

/* Fill S's connection values from URL (libpq parses it), with DBNAME instead of its database. */
static int take_params(Scratch *s, const char *url, const char *dbname, DiagList *dl)
{
	char *err = NULL;
	PQconninfoOption *opts = PQconninfoParse(url, &err);
	if (!opts) {
		diag_add(dl, SEV_ERROR, "scratch", NULL, 0, 0, "cannot read the server URL: %s",
		         err ? err : "invalid");
		PQfreemem(err);
		return -1;
	}
	for (PQconninfoOption *o = opts; o->keyword; o++) {
		const char *v = o->val && *o->val ? o->val : NULL;
		if (!strcmp(o->keyword, "host") && v)
			s->host = xstrdup(v);
		else if (!strcmp(o->keyword, "port") && v)
			s->port = xstrdup(v);
		else if (!strcmp(o->keyword, "user") && v)
			s->user = xstrdup(v);
		else if (!strcmp(o->keyword, "password") && v)
			s->password = xstrdup(v);
	}
	PQconninfoFree(opts);
	s->dbname = xstrdup(dbname);
	return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	return remove(path);
}

static void rm_rf(const char *path)
{
	if (path && *path && strcmp(path, "/"))
		(void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A throwaway cluster: the dev server machinery with STRATA_HOME in a new temporary folder. */
static int open_cluster(Scratch *s, DiagList *dl)
{
	if (fs_make_temp_dir("scratch", s->home, sizeof(s->home), dl) != 0)
		return -1;
	chmod(s->home, 0755); /* the server user (as root: postgres) must reach the cluster inside it */
	const char *old = getenv("STRATA_HOME");
	s->had_home = old != NULL;
	s->old_home = old ? xstrdup(old) : NULL;
	setenv("STRATA_HOME", s->home, 1);
	char *url = NULL;
	bool already = false;
	DiagList sdl = DIAGLIST_INIT;
	int rc = dev_start(&url, &already, &sdl);
	DevStatus st = {0};
	if (dev_status(&st, &sdl) == 0 && st.datadir)
		s->datadir = xstrdup(st.datadir);
	dev_status_release(&st);
	for (size_t i = 0; i < sdl.n; i++)
		if (sdl.items[i].sev == SEV_ERROR) { /* notes about where the cluster lives are noise here */
			Diag *d = diag_add(dl, SEV_ERROR, sdl.items[i].rule, NULL, 0, 0, "%s",
			                   sdl.items[i].message);
			if (sdl.items[i].hint)
				diag_set_hint(d, "%s", sdl.items[i].hint);
			rc = -1;
		}
	diag_list_release(&sdl);
	if (rc == 0)
		rc = take_params(s, url, "postgres", dl);
	free(url);
	return rc;
}

static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message; /* "database ... does not exist, skipping": not news */
}

/* A database strata_scratch_<pid> on SERVER_URL's server. */
static int open_database(Scratch *s, const char *server_url, DiagList *dl)
{
	PGconn *c = db_connect(server_url, dl);
	if (!c)
		return -1;
	PQsetNoticeProcessor(c, quiet, NULL);
	char *name = xasprintf("strata_scratch_%ld", (long)getpid());
	StrBuf q = STRBUF_INIT;
	sb_append(&q, "DROP DATABASE IF EXISTS ");
	sql_quote_ident(&q, name);
	sb_append(&q, "; ");
	int rc = db_exec(c, sb_str(&q), "dropping a stale scratch database", dl);
	sb_reset(&q);
	sb_append(&q, "CREATE DATABASE ");
	sql_quote_ident(&q, name);
	if (rc == 0)
		rc = db_exec(c, sb_str(&q), "creating the scratch database", dl);
	sb_release(&q);
	PQfinish(c);
	if (rc == 0) {
		s->admin_url = xstrdup(server_url);
		rc = take_params(s, server_url, name, dl);
	}
	free(name);
	return rc;
}

int scratch_open(Scratch *s, const char *server_url, DiagList *dl)
{
	memset(s, 0, sizeof(*s));
	int rc = server_url ? open_database(s, server_url, dl) : open_cluster(s, dl);
	if (rc != 0)
		scratch_close(s);
	return rc;
}

void scratch_close(Scratch *s)
{
	if (s->admin_url && s->dbname) {
		DiagList tmp = DIAGLIST_INIT;
		PGconn *c = db_connect(s->admin_url, &tmp);
		if (c) {
			PQsetNoticeProcessor(c, quiet, NULL);
			StrBuf q = STRBUF_INIT;
			sb_append(&q, "DROP DATABASE IF EXISTS ");
			sql_quote_ident(&q, s->dbname);
			sb_append(&q, " WITH (FORCE)");
			(void)!db_exec(c, sb_str(&q), "dropping the scratch database", &tmp);
			sb_release(&q);
			PQfinish(c);
		}
		diag_list_release(&tmp);
	}
	if (s->home[0]) {
		DiagList tmp = DIAGLIST_INIT;
		bool was = false;
		if (dev_stop(&was, &tmp) != 0)
			was = false;
		diag_list_release(&tmp);
		if (s->datadir && strncmp(s->datadir, s->home, strlen(s->home))) {
			/* the cluster was placed elsewhere (a /tmp fallback): remove the folder made for it
			 */
			char *parent = xstrdup(s->datadir);
			char *slash = strrchr(parent, '/');
			if (slash && !strncmp(parent, "/tmp/strata-", 12)) {
				*slash = '\0';
				rm_rf(parent);
			} else {
				rm_rf(s->datadir);
			}
			free(parent);
		}
		rm_rf(s->home);
		if (s->had_home)
			setenv("STRATA_HOME", s->old_home, 1);
		else
			unsetenv("STRATA_HOME");
	}
	free(s->host), free(s->port), free(s->user), free(s->password), free(s->dbname);
	free(s->admin_url), free(s->datadir), free(s->old_home);
	memset(s, 0, sizeof(*s));
}

char **scratch_env(const Scratch *s, const char *prefix)
{
	const char *names[] = {"NAME", "HOST", "PORT", "USER", "PASSWORD"};
	const char *vals[] = {s->dbname, s->host, s->port, s->user, s->password};
	char **env = xcalloc(ARRAY_LEN(names) + 1, sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (vals[i])
			env[n++] = xasprintf("%s%s=%s", prefix, names[i], vals[i]);
	return env;
}

void scratch_env_free(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}
