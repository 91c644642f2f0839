/* throwaway.c — throwaway databases, their supervisor and the sweep of leftovers (see throwaway.h).
 *
 * How a cluster of ours is never left behind:
 * - its folder holds a mark, .strata-throwaway: the pids (and start times, so a recycled pid is not
 *   taken for them) of the strata process that owns it and of its supervisor;
 * - the supervisor is the strata binary itself (`strata __supervise HOME`), forked and exec'd so that it
 *   holds none of our memory (the OOM killer weighs it as a small process), in a session of its own (a
 *   kill of our process group does not reach it), with one end of a socket pair: when strata ends, however
 *   it ends, the kernel closes our end and the supervisor stops the server (SIGQUIT, PostgreSQL's immediate
 *   shutdown) and removes the folder;
 * - the normal end is the same path (we close our end and wait for the supervisor), with our own cleanup
 *   behind it should the supervisor be gone;
 * - every start sweeps marked folders whose owner and supervisor are both gone (a supervisor killed too). */
#include "strata.h"
#include "db/throwaway.h"
#include "db/connect.h"
#include "db/devserver.h"
#include "db/session.h"
#include "sql/quote.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MARK_FILE     ".strata-throwaway"
#define TMP_ROOT      "/tmp"
#define READY_TIMEOUT 10000 /* ms for the supervisor to say it runs */

/* ---- processes -------------------------------------------------------------------------------------- */

/* The start time of PID (clock ticks since boot, field 22 of /proc/PID/stat), or 0 when unknown. A zombie
 * counts as gone (0). */
static unsigned long long start_time(long pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || p[2] == 'Z' || p[2] == 'X')
		return 0;
	p += 2; /* field 3, the state */
	for (int field = 3; field < 22 && p; field++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return p ? strtoull(p, NULL, 10) : 0;
}

/* Is the process PID that started at START still there? */
static bool proc_alive(long pid, unsigned long long start)
{
	if (pid <= 0)
		return false;
	if (kill((pid_t)pid, 0) != 0 && errno != EPERM)
		return false;
	unsigned long long now = start_time(pid);
	if (now == 0)
		return access("/proc/self/stat", R_OK) != 0; /* no /proc: trust kill() */
	return start == 0 || now == start;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* ---- the mark ----------------------------------------------------------------------------------------- */

typedef struct Mark {
	long owner, supervisor;
	unsigned long long owner_start, supervisor_start;
	bool kept, valid;
} Mark;

static char *mark_path(const char *home)
{
	return fs_join(home, MARK_FILE);
}

/* Append LINE to HOME's mark (created when absent). 0 or -1. */
static int mark_append(const char *home, const char *line)
{
	char *p = mark_path(home);
	int fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	free(p);
	if (fd < 0)
		return -1;
	size_t len = strlen(line);
	int rc = write(fd, line, len) == (ssize_t)len ? 0 : -1;
	if (close(fd) != 0)
		rc = -1;
	return rc;
}

/* Read HOME's mark; M->valid is false when there is none (or it is not ours, or not written yet). */
static void mark_read(const char *home, Mark *m)
{
	memset(m, 0, sizeof(*m));
	char *p = mark_path(home);
	FILE *f = fopen(p, "r");
	free(p);
	if (!f)
		return;
	char line[128];
	bool head = false;
	while (fgets(line, sizeof(line), f)) {
		long pid = 0;
		unsigned long long st = 0;
		if (!strcmp(line, "strata throwaway\n"))
			head = true;
		else if (sscanf(line, "owner %ld %llu", &pid, &st) == 2)
			m->owner = pid, m->owner_start = st;
		else if (sscanf(line, "supervisor %ld %llu", &pid, &st) == 2)
			m->supervisor = pid, m->supervisor_start = st;
		else if (!strcmp(line, "kept\n"))
			m->kept = true;
	}
	fclose(f);
	m->valid = head && m->owner > 0;
}

/* ---- removing a cluster ------------------------------------------------------------------------------ */

/* Stop the server of the cluster in HOME/pg (immediate shutdown) and remove HOME, and the /tmp folder the
 * dev machinery moved the cluster to when its user could not reach HOME. *PID is the postmaster stopped
 * (0: none ran). Returns 0, or -1 when a server would not stop (its folder is kept then). */
static int remove_cluster(const char *home, long *pid)
{
	*pid = 0;
	char *pg = fs_join(home, "pg");
	char *data = realpath(pg, NULL);
	free(pg);
	int rc = 0;
	if (data) {
		if (dev_kill(data, 5000, pid) < 0)
			rc = -1;
		size_t hl = strlen(home);
		if (rc == 0 && (strncmp(data, home, hl) || data[hl] != '/')) {
			/* outside HOME: /tmp/strata-<uid>-<hash>/pg, made for this cluster alone */
			char *slash = strrchr(data, '/');
			if (slash && !strncmp(data, TMP_ROOT "/strata-", strlen(TMP_ROOT "/strata-"))) {
				*slash = '\0';
				fs_remove_tree(data);
			}
		}
		free(data);
	}
	if (rc == 0)
		fs_remove_tree(home);
	return rc;
}

int throwaway_sweep(DiagList *dl)
{
	DIR *d = opendir(TMP_ROOT);
	if (!d)
		return 0;
	int removed = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "strata-", 7))
			continue;
		char *home = fs_join(TMP_ROOT, e->d_name);
		struct stat st;
		Mark m;
		if (lstat(home, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
			free(home);
			continue;
		}
		mark_read(home, &m);
		if (!m.valid || m.kept || proc_alive(m.owner, m.owner_start) ||
		    (m.supervisor && proc_alive(m.supervisor, m.supervisor_start))) {
			free(home);
			continue;
		}
		long pid = 0;
		if (remove_cluster(home, &pid) == 0) {
			removed++;
			if (pid)
				diag_add(
				    dl, SEV_INFO, "throwaway", NULL, 0, 0,
				    "removed \"%s\" and stopped its server (pid %ld), left by an earlier run "
				    "(pid %ld) that is gone",
				    home, pid, m.owner);
			else
				diag_add(dl, SEV_INFO, "throwaway", NULL, 0, 0,
				         "removed \"%s\", left by an earlier run (pid %ld) that is gone",
				         home, m.owner);
		} else {
			diag_add(dl, SEV_WARNING, "throwaway", NULL, 0, 0,
			         "the server in \"%s\" (pid %ld), left by an earlier run, would not stop",
			         home, pid);
		}
		free(home);
	}
	closedir(d);
	return removed;
}

/* ---- the supervisor ---------------------------------------------------------------------------------- */

int throwaway_supervise(const char *home)
{
	signal(SIGPIPE, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	if (write(3, "ready\n", 6) != 6)
		return 1;
	char buf[64];
	bool keep = false;
	for (;;) {
		ssize_t n = read(3, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the other end is closed: strata has ended */
		keep = true;   /* the only message there is: "keep\n" */
	}
	if (keep)
		return 0;
	/* a pg_ctl start cut off with strata may still bring its server up: look twice */
	long pid = 0;
	for (int round = 0; round < 2; round++) {
		if (remove_cluster(home, &pid) != 0)
			return 1;
		sleep_ms(200);
	}
	return 0;
}

/* Start the supervisor of T->home and record it in the mark. 0, or -1 with an error. */
static int supervisor_start(Throwaway *t, DiagList *dl)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		diag_add(dl, SEV_ERROR, "throwaway", NULL, 0, 0, "could not start the supervisor: %s",
		         strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		diag_add(dl, SEV_ERROR, "throwaway", NULL, 0, 0, "could not start the supervisor: %s",
		         strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* the child: its own session, nothing of ours open but fd 3, then the strata binary again */
		(void)setsid();
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			dup2(null, 2);
		}
		if (sv[1] == 3)
			(void)fcntl(3, F_SETFD, 0);
		else if (dup2(sv[1], 3) != 3)
			_exit(127);
		(void)close_range(4, ~0U, 0);
		execl("/proc/self/exe", "strata", "__supervise", t->home, (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	t->supervisor = pid;
	t->sup_fd = sv[0];
	char buf[8] = "";
	struct pollfd p = {sv[0], POLLIN, 0};
	ssize_t n = -1;
	if (poll(&p, 1, READY_TIMEOUT) == 1)
		n = read(sv[0], buf, sizeof(buf) - 1);
	if (n != 6 || strncmp(buf, "ready\n", 6)) {
		diag_add(dl, SEV_ERROR, "throwaway", NULL, 0, 0,
		         "the supervisor of the throwaway server did not start");
		return -1;
	}
	char *line = xasprintf("supervisor %ld %llu\n", (long)pid, start_time(pid));
	int rc = mark_append(t->home, line);
	free(line);
	if (rc != 0)
		diag_add(dl, SEV_ERROR, "throwaway", NULL, 0, 0, "could not write \"%s/%s\": %s", t->home,
		         MARK_FILE, strerror(errno));
	return rc;
}

/* ---- opening and closing ----------------------------------------------------------------------------- */

static void quiet(void *arg, const char *message)
{
	(void)arg, (void)message; /* "database ... does not exist, skipping": not news */
}

/* Run SQL on the maintenance database of T's server. 0 or -1 with an error. */
static int admin_exec(const Throwaway *t, const char *sql, const char *what, DiagList *dl)
{
	PGconn *c = db_connect(t->admin_url, dl);
	if (!c)
		return -1;
	PQsetNoticeProcessor(c, quiet, NULL);
	int rc = db_exec(c, sql, what, dl);
	PQfinish(c);
	return rc;
}

/* A cluster of our own in a new marked folder, supervised. */
static int open_cluster(Throwaway *t, const char *purpose, DiagList *dl)
{
	(void)throwaway_sweep(dl);
	if (fs_make_temp_dir(purpose, t->home, sizeof(t->home), dl) != 0)
		return -1;
	chmod(t->home, 0755); /* the server user (as root: postgres) must reach the cluster inside it */
	char *line = xasprintf("strata throwaway\nowner %ld %llu\n", (long)getpid(), start_time(getpid()));
	int rc = mark_append(t->home, line);
	free(line);
	if (rc != 0) {
		diag_add(dl, SEV_ERROR, "throwaway", NULL, 0, 0, "could not write \"%s/%s\": %s", t->home,
		         MARK_FILE, strerror(errno));
		return -1;
	}
	if (supervisor_start(t, dl) != 0)
		return -1;
	DiagList sdl = DIAGLIST_INIT;
	rc = dev_start_throwaway(t->home, &t->admin_url, &sdl);
	for (size_t i = 0; i < sdl.n; i++)
		if (sdl.items[i].sev == SEV_ERROR) { /* notes about where the cluster lives are noise here */
			Diag *d = diag_add(dl, SEV_ERROR, sdl.items[i].rule, NULL, 0, 0, "%s",
			                   sdl.items[i].message);
			if (sdl.items[i].hint)
				diag_set_hint(d, "%s", sdl.items[i].hint);
			rc = -1;
		}
	diag_list_release(&sdl);
	return rc;
}

int throwaway_open(Throwaway *t, const ThrowawayOptions *o, DiagList *dl)
{
	memset(t, 0, sizeof(*t));
	t->sup_fd = -1;
	t->own = !o->server_url || !*o->server_url;
	int rc;
	if (t->own) {
		rc = open_cluster(t, o->purpose, dl);
		t->dbname = xasprintf("strata_%s", o->purpose);
	} else {
		t->admin_url = xstrdup(o->server_url);
		t->dbname = xasprintf("strata_%s_%ld", o->purpose, (long)getpid());
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&q, t->dbname);
		sb_append(&q, " WITH (FORCE)");
		rc = admin_exec(t, sb_str(&q), "dropping a stale throwaway database", dl);
		sb_release(&q);
	}
	if (rc == 0) {
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "CREATE DATABASE ");
		sql_quote_ident(&q, t->dbname);
		sb_append(&q, " TEMPLATE template0");
		rc = admin_exec(t, sb_str(&q), "creating the throwaway database", dl);
		if (rc != 0 && !t->own) {
			free(t->dbname); /* nothing of ours to drop */
			t->dbname = NULL;
		}
		sb_release(&q);
	}
	if (rc != 0)
		throwaway_close(t);
	return rc;
}

PGconn *throwaway_connect(const Throwaway *t, DiagList *dl)
{
	const char *keys[] = {"dbname", "dbname", "fallback_application_name", NULL};
	const char *vals[] = {t->admin_url, t->dbname, "strata", NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(c) != CONNECTION_OK) {
		const char *msg = PQerrorMessage(c);
		diag_add(dl, SEV_ERROR, "connect", NULL, 0, 0,
		         "could not connect to the throwaway database \"%s\": %.*s", t->dbname,
		         (int)strcspn(msg, "\n"), msg);
		PQfinish(c);
		return NULL;
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	return c;
}

char **throwaway_env(const Throwaway *t, const char *prefix)
{
	const char *names[] = {"NAME", "HOST", "PORT", "USER", "PASSWORD"};
	const char *keys[] = {NULL, "host", "port", "user", "password"};
	char **env = xcalloc(ARRAY_LEN(names) + 1, sizeof(char *));
	size_t n = 0;
	env[n++] = xasprintf("%sNAME=%s", prefix, t->dbname);
	PQconninfoOption *opts = PQconninfoParse(t->admin_url, NULL);
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		for (size_t i = 1; i < ARRAY_LEN(names); i++)
			if (!strcmp(o->keyword, keys[i]) && o->val && *o->val)
				env[n++] = xasprintf("%s%s=%s", prefix, names[i], o->val);
	PQconninfoFree(opts);
	return env;
}

void throwaway_env_free(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

void throwaway_keep(Throwaway *t)
{
	t->kept = true;
	if (t->own && t->home[0])
		(void)mark_append(t->home, "kept\n");
	if (t->sup_fd >= 0 && write(t->sup_fd, "keep\n", 5) != 5) {
		/* a supervisor that is gone removes nothing either */
	}
}

void throwaway_close(Throwaway *t)
{
	if (!t->own && t->dbname && t->admin_url && !t->kept) {
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&q, t->dbname);
		sb_append(&q, " WITH (FORCE)");
		DiagList tmp = DIAGLIST_INIT;
		(void)admin_exec(t, sb_str(&q), "dropping the throwaway database", &tmp);
		diag_list_release(&tmp);
		sb_release(&q);
	}
	if (t->sup_fd >= 0) {
		close(t->sup_fd); /* the supervisor's cue */
		int st;
		while (t->supervisor > 0 && waitpid((pid_t)t->supervisor, &st, 0) < 0 && errno == EINTR)
			;
	}
	if (t->own && t->home[0] && !t->kept && fs_is_dir(t->home)) {
		long pid = 0; /* no supervisor (it could not start, or was killed): clean up ourselves */
		(void)remove_cluster(t->home, &pid);
	}
	free(t->admin_url);
	free(t->dbname);
	memset(t, 0, sizeof(*t));
	t->sup_fd = -1;
}
