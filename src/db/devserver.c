/* devserver.c — `strata dev`: a private PostgreSQL cluster for development (see devserver.h).
 *
 * Choices, in one place:
 * - Data folder: $STRATA_HOME/pg when STRATA_HOME is set, else ./.strata/pg. The server listens only on a
 *   unix socket in that same folder (listen_addresses = ''), so clusters of different projects never meet.
 * - As root the server runs as an unprivileged user (PostgreSQL refuses root): the owner of an existing
 *   cluster, else "postgres", else "strata" (created with useradd), else "nobody". When that user cannot
 *   reach the project folder (for example under /root), the cluster lives in /tmp/strata-<uid>-<hash>/pg
 *   and .strata/pg is a symlink to it, so every later command finds it the same way.
 * - A socket path longer than the kernel allows (108 bytes) moves the socket to /tmp/strata-<uid>-<hash>.s.
 * - Port: the first of 54320.. whose socket and lock file are absent and which is free on 127.0.0.1, chosen
 *   once at initdb and written to postgresql.conf, so the URL stays the same across restarts.
 * - Role and database "postgres" (the initdb superuser), trust authentication on the private socket.
 * - fsync, synchronous_commit and full_page_writes are off: a dev server trades durability for speed. */
#include "strata.h"
#include "db/devserver.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

#define DEV_PORT_FIRST    54320
#define DEV_PORT_COUNT    1000
#define DEV_START_TIMEOUT "60"

/* Who runs initdb, pg_ctl and the server. switch_user is false when we are not root. */
typedef struct ServerUser {
	bool switch_user;
	uid_t uid;
	gid_t gid;
	char *name;
} ServerUser;

/* Where things are. home and datadir are absolute; datadir may be a symlink into /tmp. */
typedef struct DevPaths {
	char *home;        /* $STRATA_HOME or ./.strata */
	char *datadir;     /* home/pg */
	bool use_template; /* a throwaway's cluster: copied from the template (template_dir) */
} DevPaths;

typedef struct PidFile {
	long pid;
	int port;
	char *sockdir;
	char status[16];
} PidFile;

static char *abs_path(const char *p)
{
	if (p[0] == '/')
		return xstrdup(p);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof(cwd)))
		return xstrdup(p);
	return fs_join(cwd, p);
}

/* HOME given (a throwaway's folder), else $STRATA_HOME, else ./.strata. */
static void paths_init(DevPaths *dp, const char *home)
{
	const char *h = home && *home ? home : getenv("STRATA_HOME");
	dp->home = abs_path(h && *h ? h : ".strata");
	size_t l = strlen(dp->home);
	while (l > 1 && dp->home[l - 1] == '/')
		dp->home[--l] = '\0';
	dp->datadir = fs_join(dp->home, "pg");
	dp->use_template = false;
}

static void paths_release(DevPaths *dp)
{
	free(dp->home);
	free(dp->datadir);
}

/* The data folder with symlinks resolved when it exists, else as configured (malloc). */
static char *real_datadir(const DevPaths *dp)
{
	char *r = realpath(dp->datadir, NULL);
	return r ? r : xstrdup(dp->datadir);
}

/* A short stable tag for the project (FNV-1a of its home folder), for names under /tmp. */
static char *home_tag(const DevPaths *dp)
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)dp->home; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return xasprintf("/tmp/strata-%u-%012llx", (unsigned)geteuid(),
	                 (unsigned long long)(h & 0xffffffffffffULL));
}

char *dev_url_for(const char *sockdir, int port)
{
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "postgresql://postgres@/postgres?host=");
	for (const unsigned char *p = (const unsigned char *)sockdir; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-._~", *p))
			sb_putc(&sb, (char)*p);
		else
			sb_appendf(&sb, "%%%02X", *p);
	}
	sb_appendf(&sb, "&port=%d", port);
	return sb_detach(&sb);
}

/* ---- processes ---------------------------------------------------------------------------------- */

static bool pid_alive(long pid)
{
	if (pid <= 0)
		return false;
	if (kill((pid_t)pid, 0) != 0 && errno != EPERM)
		return false;
	/* a zombie (killed postmaster not reaped by a container's init) or a recycled pid (common in
	 * containers) must not pass for our postmaster: /proc/PID/stat is "PID (COMM) STATE ..." */
	char path[64], buf[256];
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return errno != ENOENT || access("/proc/self/stat", R_OK) != 0; /* no /proc: trust kill() */
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	const char *open = strchr(buf, '('), *close_ = strrchr(buf, ')');
	if (!open || !close_ || close_[1] != ' ')
		return true;
	if (close_[2] == 'Z' || close_[2] == 'X')
		return false;
	size_t len = (size_t)(close_ - open - 1);
	return (len == 8 && !strncmp(open + 1, "postgres", 8)) ||
	       (len == 10 && !strncmp(open + 1, "postmaster", 10));
}

/* Become U in a forked child (group first: setgid is impossible once uid is not 0). 0 or -1. */
static int become(const ServerUser *u)
{
	if (!u->switch_user)
		return 0;
	if (initgroups(u->name, u->gid) != 0 && setgroups(1, &u->gid) != 0)
		return -1;
	if (setgid(u->gid) != 0 || setuid(u->uid) != 0)
		return -1;
	return 0;
}

/* Run ARGV (absolute path in argv[0]) as U with stdout+stderr collected into OUT (may be NULL: dropped).
 * Returns the exit status, or -1 when the program could not be run (OUT then says why). */
static int run_as(const ServerUser *u, char *const argv[], StrBuf *out)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		if (become(u) != 0) {
			fprintf(stderr, "could not switch to user \"%s\": %s\n", u->name, strerror(errno));
			_exit(126);
		}
		if (chdir("/") != 0)
			_exit(126);
		setenv("LC_ALL", "C", 1);
		unsetenv("PGDATA");
		unsetenv("PGPORT");
		unsetenv("PGHOST");
		execv(argv[0], argv);
		fprintf(stderr, "could not run \"%s\": %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	char buf[4096];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out)
			sb_append_n(out, buf, (size_t)n);
	}
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st) >= 126 ? -1 : WEXITSTATUS(st);
	return -1;
}

/* Can U search (traverse) folder PATH? Answered by asking the kernel as U in a child. */
static bool user_can_traverse(const ServerUser *u, const char *path)
{
	if (!u->switch_user)
		return true;
	pid_t pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0)
		_exit(become(u) == 0 && access(path, X_OK) == 0 ? 0 : 1);
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return false;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* The last line of TEXT that looks like an error (FATAL/ERROR/PANIC, else initdb's "initdb: error:"),
 * else its last non-empty line; without the "YYYY-MM-DD ... FATAL:  " prefix. malloc. */
static char *error_line(const char *text)
{
	const char *best = NULL, *last = NULL;
	size_t best_len = 0, last_len = 0;
	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0) {
			last = p;
			last_len = len;
			const char *keys[] = {"FATAL:", "PANIC:", "ERROR:", "error:"};
			for (size_t k = 0; k < ARRAY_LEN(keys); k++) {
				const char *m = memmem(p, len, keys[k], strlen(keys[k]));
				if (m) {
					best = m + strlen(keys[k]);
					best_len = len - (size_t)(best - p);
					break;
				}
			}
		}
		p = e ? e + 1 : p + len;
	}
	if (!best) {
		best = last;
		best_len = last_len;
	}
	if (!best)
		return xstrdup("no output");
	while (best_len && (*best == ' ' || *best == '\t')) {
		best++;
		best_len--;
	}
	return xstrndup(best, best_len);
}

static char *file_tail(const char *path, size_t max)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return xstrdup("");
	if (fseek(f, 0, SEEK_END) == 0) {
		long sz = ftell(f);
		if (sz > (long)max)
			fseek(f, sz - (long)max, SEEK_SET);
		else
			fseek(f, 0, SEEK_SET);
	}
	StrBuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_append_n(&sb, buf, n);
	fclose(f);
	return sb_detach(&sb);
}

/* ---- binaries and the server user --------------------------------------------------------------- */

static bool has_tools(const char *dir)
{
	const char *tools[] = {"initdb", "pg_ctl", "postgres"};
	for (size_t i = 0; i < ARRAY_LEN(tools); i++) {
		char *p = fs_join(dir, tools[i]);
		bool ok = access(p, X_OK) == 0;
		free(p);
		if (!ok)
			return false;
	}
	return true;
}

/* The folder of initdb/pg_ctl/postgres: $STRATA_PG_BINDIR, else `pg_config --bindir`, else the Debian
 * PostgreSQL 15 folder. Returns 0 and *out (malloc), or -1 with a diagnostic. */
static int find_bindir(char **out, DiagList *dl)
{
	const char *env = getenv("STRATA_PG_BINDIR");
	if (env && *env) {
		if (has_tools(env)) {
			*out = xstrdup(env);
			return 0;
		}
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
		                   "initdb, pg_ctl or postgres not found in \"%s\" (STRATA_PG_BINDIR)", env);
		diag_set_hint(d, "point STRATA_PG_BINDIR at the bin folder of PostgreSQL 15, or unset it");
		return -1;
	}
	char line[PATH_MAX] = "";
	FILE *p = popen("pg_config --bindir 2>/dev/null", "r");
	if (p) {
		if (!fgets(line, sizeof(line), p))
			line[0] = '\0';
		pclose(p);
		line[strcspn(line, "\r\n")] = '\0';
	}
	if (line[0] && has_tools(line)) {
		*out = xstrdup(line);
		return 0;
	}
	if (has_tools("/usr/lib/postgresql/15/bin")) {
		*out = xstrdup("/usr/lib/postgresql/15/bin");
		return 0;
	}
	Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
	                   "initdb not found (PostgreSQL server binaries)");
	diag_set_hint(d, "install the postgresql-15 package, or set STRATA_PG_BINDIR to its bin folder");
	return -1;
}

static bool fill_user(ServerUser *u, const struct passwd *pw)
{
	if (!pw || pw->pw_uid == 0)
		return false;
	u->switch_user = true;
	u->uid = pw->pw_uid;
	u->gid = pw->pw_gid;
	u->name = xstrdup(pw->pw_name);
	return true;
}

/* Pick who runs the server (see the file comment). Returns 0 or -1 with a diagnostic. */
static int pick_user(const char *datadir, ServerUser *u, DiagList *dl)
{
	memset(u, 0, sizeof(*u));
	if (geteuid() != 0) {
		u->uid = geteuid();
		u->gid = getegid();
		struct passwd *pw = getpwuid(u->uid);
		u->name = xstrdup(pw ? pw->pw_name : "self");
		return 0;
	}
	struct stat st;
	char *ver = fs_join(datadir, "PG_VERSION");
	bool have = stat(ver, &st) == 0 && stat(datadir, &st) == 0 && st.st_uid != 0;
	free(ver);
	if (have) {
		struct passwd *pw = getpwuid(st.st_uid);
		if (fill_user(u, pw))
			return 0;
		/* an owner without a passwd entry: run as that uid anyway */
		u->switch_user = true;
		u->uid = st.st_uid;
		u->gid = st.st_gid;
		u->name = xasprintf("%u", (unsigned)st.st_uid);
		return 0;
	}
	if (fill_user(u, getpwnam("postgres")) || fill_user(u, getpwnam("strata")))
		return 0;
	if (access("/usr/sbin/useradd", X_OK) == 0) {
		ServerUser self = {false, 0, 0, (char *)"root"};
		char *argv[] = {"/usr/sbin/useradd", "--system",     "--no-create-home",
		                "--home-dir",        "/nonexistent", "--shell",
		                "/usr/sbin/nologin", "strata",       NULL};
		if (run_as(&self, argv, NULL) == 0 && fill_user(u, getpwnam("strata")))
			return 0;
	}
	if (fill_user(u, getpwnam("nobody")))
		return 0;
	Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
	                   "no unprivileged user to run PostgreSQL as (PostgreSQL refuses to run as root)");
	diag_set_hint(d, "create one (useradd --system strata) or run strata as a normal user");
	return -1;
}

static void user_release(ServerUser *u)
{
	free(u->name);
	u->name = NULL;
}

/* mkdir PATH (mode MODE) owned by U; an existing folder is re-owned. 0 or -1 with a diagnostic. */
static int make_owned_dir(const char *path, mode_t mode, const ServerUser *u, DiagList *dl)
{
	if (mkdir(path, mode) != 0 && errno != EEXIST) {
		diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0, "could not create folder \"%s\": %s", path,
		         strerror(errno));
		return -1;
	}
	if ((u->switch_user && chown(path, u->uid, u->gid) != 0) || chmod(path, mode) != 0) {
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
		                   "could not set the owner of \"%s\": %s", path, strerror(errno));
		diag_set_hint(d, "the folder must be writable by user \"%s\"", u->name);
		return -1;
	}
	return 0;
}

/* ---- postmaster.pid ----------------------------------------------------------------------------- */

/* Read DATADIR/postmaster.pid. Returns 1 when read, 0 when absent (or unreadable to us). */
static int read_pidfile(const char *datadir, PidFile *pf)
{
	memset(pf, 0, sizeof(*pf));
	char *path = fs_join(datadir, "postmaster.pid");
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	char line[PATH_MAX + 16];
	for (int i = 1; i <= 8 && fgets(line, sizeof(line), f); i++) {
		line[strcspn(line, "\r\n")] = '\0';
		if (i == 1)
			pf->pid = strtol(line, NULL, 10);
		else if (i == 4)
			pf->port = atoi(line);
		else if (i == 5)
			pf->sockdir = xstrdup(line);
		else if (i == 8) {
			size_t k = strcspn(line, " ");
			if (k >= sizeof(pf->status))
				k = sizeof(pf->status) - 1;
			memcpy(pf->status, line, k);
			pf->status[k] = '\0';
		}
	}
	fclose(f);
	return 1;
}

static void pidfile_release(PidFile *pf)
{
	free(pf->sockdir);
	pf->sockdir = NULL;
}

/* A server killed without cleanup left postmaster.pid and its socket lock file behind. PostgreSQL
 * would trust their pid while it is a zombie or recycled, so remove them (only when they name PF's pid). */
static void remove_stale(const char *datadir, const PidFile *pf)
{
	char *p = fs_join(datadir, "postmaster.pid");
	unlink(p);
	free(p);
	if (!pf->sockdir || !pf->sockdir[0] || pf->port <= 0)
		return;
	char *lock = xasprintf("%s/.s.PGSQL.%d.lock", pf->sockdir, pf->port);
	FILE *f = fopen(lock, "r");
	char line[64] = "";
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
		if (strtol(line, NULL, 10) == pf->pid) {
			char *sock = xasprintf("%s/.s.PGSQL.%d", pf->sockdir, pf->port);
			unlink(sock);
			unlink(lock);
			free(sock);
		}
	}
	free(lock);
}

/* Does the server described by PF answer? PQPING_REJECT (e.g. still starting) counts as not ready. */
static bool server_ready(const PidFile *pf)
{
	if (!pf->sockdir || !pf->sockdir[0] || pf->port <= 0)
		return false;
	char port[16];
	snprintf(port, sizeof(port), "%d", pf->port);
	const char *kw[] = {"host", "port", "dbname", "user", "connect_timeout", NULL};
	const char *val[] = {pf->sockdir, port, "postgres", "postgres", "5", NULL};
	return PQpingParams(kw, val, 0) == PQPING_OK;
}

/* ---- initialisation ----------------------------------------------------------------------------- */

static bool port_free(const char *sockdir, int port)
{
	char name[PATH_MAX + 32];
	struct stat st;
	snprintf(name, sizeof(name), "%s/.s.PGSQL.%d", sockdir, port);
	if (lstat(name, &st) == 0)
		return false;
	snprintf(name, sizeof(name), "%s/.s.PGSQL.%d.lock", sockdir, port);
	if (lstat(name, &st) == 0)
		return false;
	/* not needed with listen_addresses = '', but keeps the number unique should TCP be switched on */
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		return true;
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bool ok = bind(s, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(s);
	return ok;
}

/* Append our settings to DATADIR/postgresql.conf. 0 or -1 with a diagnostic. */
static int write_settings(const char *datadir, const char *sockdir, int port, DiagList *dl)
{
	char *conf = fs_join(datadir, "postgresql.conf");
	FILE *f = fopen(conf, "a");
	if (!f) {
		diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0, "could not open \"%s\": %s", conf,
		         strerror(errno));
		free(conf);
		return -1;
	}
	StrBuf q = STRBUF_INIT; /* a GUC string literal: quotes doubled */
	for (const char *p = sockdir; *p; p++) {
		if (*p == '\'')
			sb_putc(&q, '\'');
		sb_putc(&q, *p);
	}
	fprintf(f,
	        "\n# strata dev server (private unix socket, no TCP, durability off for speed)\n"
	        "port = %d\n"
	        "listen_addresses = ''\n"
	        "unix_socket_directories = '%s'\n"
	        "unix_socket_permissions = 0700\n"
	        "fsync = off\n"
	        "synchronous_commit = off\n"
	        "full_page_writes = off\n",
	        port, sb_str(&q));
	sb_release(&q);
	int rc = fclose(f) == 0 ? 0 : -1;
	if (rc)
		diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0, "could not write \"%s\": %s", conf,
		         strerror(errno));
	free(conf);
	return rc;
}

/* initdb DIR (an empty folder of U's) as U; SMALL_WAL: 1 MB WAL segments instead of 16 (a template that
 * is copied for every throwaway server: 15 MB less to copy). 0 or -1 with a diagnostic. */
static int run_initdb(const char *bindir, const ServerUser *u, const char *dir, bool small_wal, DiagList *dl)
{
	char *argv[] = {NULL, "-D",   (char *)dir,   "-U",        "postgres", "-A", "trust",
	                "-E", "UTF8", "--no-locale", "--no-sync", NULL,       NULL};
	if (small_wal)
		argv[11] = "--wal-segsize=1";
	argv[0] = fs_join(bindir, "initdb");
	StrBuf out = STRBUF_INIT;
	int st = run_as(u, argv, &out);
	free(argv[0]);
	if (st != 0) {
		char *why = error_line(sb_str(&out));
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0, "initdb failed: %s", why);
		diag_set_hint(d, "the data folder \"%s\" must be writable by user \"%s\"", dir, u->name);
		free(why);
	}
	sb_release(&out);
	return st == 0 ? 0 : -1;
}

/* The template cluster throwaway servers are copied from: /tmp/strata-template-<euid>-<user>-<hash of
 * BINDIR>, initdb'd once (under a lock, into a folder renamed into place when complete) with the same
 * options as a dev cluster, never started. Returns its path (malloc), or NULL when it cannot be made (the
 * caller then runs initdb itself). */
static char *template_dir(const char *bindir, const ServerUser *u)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)bindir; *p; p++)
		h = (h ^ *p) * 16777619u;
	char *path = xasprintf("/tmp/strata-template-%u-%s-%08x-w1", (unsigned)geteuid(), u->name, h);
	char *ver = fs_join(path, "PG_VERSION");
	char *lock = xasprintf("%s.lock", path), *work = xasprintf("%s.tmp.%ld", path, (long)getpid());
	bool ok = fs_is_file(ver);
	if (!ok) {
		int fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0 && flock(fd, LOCK_EX) == 0) {
			ok = fs_is_file(ver); /* made meanwhile by another run */
			DiagList tmp = DIAGLIST_INIT;
			if (!ok && make_owned_dir(work, 0700, u, &tmp) == 0 &&
			    run_initdb(bindir, u, work, true, &tmp) == 0) {
				fs_remove_tree(path); /* a leftover without PG_VERSION */
				ok = rename(work, path) == 0;
			}
			if (!ok)
				fs_remove_tree(work);
			diag_list_release(&tmp);
		}
		if (fd >= 0)
			close(fd);
	}
	free(ver);
	free(lock);
	free(work);
	if (!ok) {
		free(path);
		return NULL;
	}
	return path;
}

/* Create the cluster of DP when it does not exist yet (see the file comment for where and how).
 * Returns 0 or -1 with a diagnostic. */
static int dev_init(const DevPaths *dp, const char *bindir, const ServerUser *u, DiagList *dl)
{
	char *ver = fs_join(dp->datadir, "PG_VERSION");
	bool exists = fs_is_file(ver);
	free(ver);
	if (exists)
		return 0;

	if (fs_mkdir_p(dp->home) != 0) {
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
		                   "could not create folder \"%s\": %s", dp->home, strerror(errno));
		diag_set_hint(d, "check the permissions of the project folder, or set STRATA_HOME");
		return -1;
	}
	struct stat st;
	if (lstat(dp->datadir, &st) == 0 && S_ISLNK(st.st_mode) && stat(dp->datadir, &st) != 0)
		unlink(dp->datadir); /* points into a /tmp that was cleaned: start over */
	if (lstat(dp->datadir, &st) == 0) {
		char **names = NULL;
		DiagList tmp = DIAGLIST_INIT;
		int n = fs_list_dir(dp->datadir, &names, &tmp);
		diag_list_release(&tmp);
		fs_free_list(names, n > 0 ? n : 0);
		if (n != 0) {
			Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
			                   "\"%s\" exists but is not a PostgreSQL data folder", dp->datadir);
			diag_set_hint(d, "remove it to let strata create a new cluster there");
			return -1;
		}
	}

	char *tag = home_tag(dp);
	int rc = -1;
	char *target = NULL, *sockdir = NULL;
	if (!user_can_traverse(u, dp->home)) {
		/* the server user cannot reach the project: keep the cluster in /tmp, reached via a symlink
		 */
		if (make_owned_dir(tag, 0755, &(ServerUser){false, 0, 0, (char *)"root"}, dl) != 0)
			goto out;
		target = fs_join(tag, "pg");
		rmdir(dp->datadir);
		if (lstat(dp->datadir, &st) != 0 && symlink(target, dp->datadir) != 0) {
			diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
			         "could not create symlink \"%s\": %s", dp->datadir, strerror(errno));
			goto out;
		}
		diag_add(
		    dl, SEV_INFO, "dev-server", NULL, 0, 0,
		    "user \"%s\" cannot reach \"%s\"; the cluster lives in \"%s\" (symlinked from \"%s\")",
		    u->name, dp->home, target, dp->datadir);
	} else {
		target = xstrdup(dp->datadir);
	}
	if (make_owned_dir(target, 0700, u, dl) != 0)
		goto out;

	bool copied = false;
	if (dp->use_template) {
		/* a throwaway: a copy of a cluster initdb'd once, instead of initdb every time */
		char *tmpl = template_dir(bindir, u);
		if (tmpl && rmdir(target) == 0) {
			/* as ourselves: the server user may not write the folder above (-a keeps its owner)
			 */
			char *cp[] = {"/bin/cp", "-a", tmpl, target, NULL};
			ServerUser self = {false, 0, 0, (char *)"self"};
			copied = run_as(&self, cp, NULL) == 0;
			if (!copied) {
				fs_remove_tree(target);
				if (make_owned_dir(target, 0700, u, dl) != 0) {
					free(tmpl);
					goto out;
				}
			}
		}
		free(tmpl);
	}
	if (!copied && run_initdb(bindir, u, target, false, dl) != 0)
		goto out;

	char *real = realpath(target, NULL);
	if (!real)
		real = xstrdup(target);
	char probe[PATH_MAX + 32];
	snprintf(probe, sizeof(probe), "%s/.s.PGSQL.65535.lock", real);
	if (strlen(probe) < sizeof(((struct sockaddr_un *)0)->sun_path)) {
		sockdir = real;
	} else { /* the kernel limits socket paths to 107 bytes */
		free(real);
		sockdir = xasprintf("%s.s", tag);
		if (make_owned_dir(sockdir, 0700, u, dl) != 0)
			goto out;
	}
	int port = 0;
	for (int p = DEV_PORT_FIRST; p < DEV_PORT_FIRST + DEV_PORT_COUNT && !port; p++)
		if (port_free(sockdir, p))
			port = p;
	if (!port) {
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0, "no free port between %d and %d",
		                   DEV_PORT_FIRST, DEV_PORT_FIRST + DEV_PORT_COUNT - 1);
		diag_set_hint(d, "stop other PostgreSQL servers on this machine");
		goto out;
	}
	rc = write_settings(target, sockdir, port, dl);
out:
	free(tag);
	free(target);
	free(sockdir);
	return rc;
}

/* ---- start / stop / status ---------------------------------------------------------------------- */

static int pg_ctl(const char *bindir, const ServerUser *u, const char *datadir, const char *const *args,
                  StrBuf *out)
{
	char *argv[16];
	size_t n = 0;
	argv[n++] = fs_join(bindir, "pg_ctl");
	argv[n++] = (char *)"-D";
	argv[n++] = (char *)datadir;
	for (size_t i = 0; args[i] && n < ARRAY_LEN(argv) - 1; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	int rc = run_as(u, argv, out);
	free(argv[0]);
	return rc;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Wait up to TIMEOUT_MS for the server of DATADIR to accept connections. Fills PF; true when ready. */
static bool wait_ready(const char *datadir, PidFile *pf, long timeout_ms)
{
	for (long waited = 0;; waited += 100) {
		pidfile_release(pf);
		if (read_pidfile(datadir, pf) && pid_alive(pf->pid) && server_ready(pf))
			return true;
		if (waited >= timeout_ms)
			return false;
		sleep_ms(100);
	}
}

static int dev_start_impl(const char *home, bool use_template, char **url, bool *already, DiagList *dl);

int dev_start(char **url, bool *already, DiagList *dl)
{
	return dev_start_in(NULL, url, already, dl);
}

int dev_start_in(const char *home, char **url, bool *already, DiagList *dl)
{
	return dev_start_impl(home, false, url, already, dl);
}

int dev_start_throwaway(const char *home, char **url, DiagList *dl)
{
	bool already = false;
	return dev_start_impl(home, true, url, &already, dl);
}

static int dev_start_impl(const char *home, bool use_template, char **url, bool *already, DiagList *dl)
{
	*url = NULL;
	*already = false;
	DevPaths dp;
	paths_init(&dp, home);
	dp.use_template = use_template;
	char *bindir = NULL, *dir = NULL;
	ServerUser u = {0};
	PidFile pf = {0};
	int rc = -1;
	if (find_bindir(&bindir, dl) != 0 || pick_user(dp.datadir, &u, dl) != 0)
		goto out;

	dir = real_datadir(&dp);
	if (read_pidfile(dir, &pf)) {
		if (pid_alive(pf.pid)) {
			/* running, or still starting: wait for it rather than start a second one */
			if (wait_ready(dir, &pf, 30000)) {
				*already = true;
				*url = dev_url_for(pf.sockdir, pf.port);
				rc = 0;
			} else {
				Diag *d = diag_add(
				    dl, SEV_ERROR, "dev-server", NULL, 0, 0,
				    "the dev server (pid %ld) is running but does not accept connections",
				    pf.pid);
				diag_set_hint(d, "see \"%s/server.log\", or run \"strata dev stop\"", dir);
			}
			goto out;
		}
		remove_stale(dir, &pf);
	}
	pidfile_release(&pf);

	if (dev_init(&dp, bindir, &u, dl) != 0)
		goto out;
	free(dir);
	dir = real_datadir(&dp);

	char *log = fs_join(dir, "server.log");
	const char *args[] = {"start", "-w", "-t", DEV_START_TIMEOUT, "-s", "-l", log, NULL};
	StrBuf out = STRBUF_INIT;
	int st = -1;
	/* after a kill -9 the old backends may hold the shared memory for a moment: retry briefly */
	for (int attempt = 0; attempt < 10; attempt++) {
		sb_reset(&out);
		st = pg_ctl(bindir, &u, dir, args, &out);
		if (st == 0)
			break;
		char *tail = file_tail(log, 4096);
		bool busy = strstr(tail, "pre-existing shared memory block") != NULL;
		free(tail);
		if (!busy)
			break;
		sleep_ms(500);
	}
	if (st != 0) {
		char *tail = file_tail(log, 8192);
		char *why = error_line(tail[0] ? tail : sb_str(&out));
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
		                   "could not start the dev server: %s", why);
		if (strstr(why, "in use") || strstr(why, "already exists"))
			diag_set_hint(d, "another server uses this port or folder; see \"%s\"", log);
		else if (strstr(why, "ermission"))
			diag_set_hint(d, "the data folder must belong to user \"%s\"; see \"%s\"", u.name,
			              log);
		else
			diag_set_hint(d, "see \"%s\"", log);
		free(why);
		free(tail);
		sb_release(&out);
		free(log);
		goto out;
	}
	sb_release(&out);
	if (!wait_ready(dir, &pf, 30000)) {
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
		                   "the dev server started but does not accept connections");
		diag_set_hint(d, "see \"%s\"", log);
		free(log);
		goto out;
	}
	free(log);
	*url = dev_url_for(pf.sockdir, pf.port);
	rc = 0;
out:
	pidfile_release(&pf);
	user_release(&u);
	free(bindir);
	free(dir);
	paths_release(&dp);
	return rc;
}

int dev_stop(bool *was_running, DiagList *dl)
{
	return dev_stop_in(NULL, was_running, dl);
}

int dev_stop_in(const char *home, bool *was_running, DiagList *dl)
{
	*was_running = false;
	DevPaths dp;
	paths_init(&dp, home);
	char *dir = real_datadir(&dp), *bindir = NULL;
	ServerUser u = {0};
	PidFile pf;
	int rc = 0;
	if (!read_pidfile(dir, &pf))
		goto out;
	if (!pid_alive(pf.pid)) {
		remove_stale(dir, &pf);
		goto out;
	}
	*was_running = true;
	rc = -1;
	if (find_bindir(&bindir, dl) != 0 || pick_user(dp.datadir, &u, dl) != 0)
		goto out;
	const char *args[] = {"stop", "-m", "fast", "-w", "-t", "60", "-s", NULL};
	StrBuf out = STRBUF_INIT;
	if (pg_ctl(bindir, &u, dir, args, &out) != 0) {
		char *why = error_line(sb_str(&out));
		Diag *d = diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
		                   "could not stop the dev server: %s", why);
		diag_set_hint(d, "the postmaster is pid %ld; see \"%s/server.log\"", pf.pid, dir);
		free(why);
	} else {
		rc = 0;
	}
	sb_release(&out);
out:
	pidfile_release(&pf);
	user_release(&u);
	free(bindir);
	free(dir);
	paths_release(&dp);
	return rc;
}

int dev_status(DevStatus *st, DiagList *dl)
{
	return dev_status_in(NULL, st, dl);
}

int dev_status_in(const char *home, DevStatus *st, DiagList *dl)
{
	memset(st, 0, sizeof(*st));
	DevPaths dp;
	paths_init(&dp, home);
	st->datadir = real_datadir(&dp);
	paths_release(&dp);
	char *ver = fs_join(st->datadir, "PG_VERSION");
	bool have = fs_is_file(ver);
	free(ver);
	if (!have) {
		struct stat sb;
		if (stat(st->datadir, &sb) == 0 && access(st->datadir, R_OK | X_OK) != 0) {
			diag_add(dl, SEV_ERROR, "dev-server", NULL, 0, 0,
			         "cannot read the data folder \"%s\": %s", st->datadir, strerror(errno));
			return -1;
		}
		st->state = DEV_UNINITIALISED;
		return 0;
	}
	st->state = DEV_STOPPED;
	PidFile pf;
	if (read_pidfile(st->datadir, &pf)) {
		if (!pid_alive(pf.pid))
			st->stale = true;
		else if (server_ready(&pf)) {
			st->state = DEV_RUNNING;
			st->pid = pf.pid;
			st->url = dev_url_for(pf.sockdir, pf.port);
		}
	}
	pidfile_release(&pf);
	return 0;
}

void dev_status_release(DevStatus *st)
{
	free(st->datadir);
	free(st->url);
	memset(st, 0, sizeof(*st));
}

int dev_running_url(char **url)
{
	*url = NULL;
	DevStatus st;
	DiagList dl = DIAGLIST_INIT;
	int rc = dev_status(&st, &dl) == 0 && st.state == DEV_RUNNING;
	diag_list_release(&dl);
	if (rc) {
		*url = st.url;
		st.url = NULL;
	}
	dev_status_release(&st);
	return rc;
}

/* ---- stopping without pg_ctl ---------------------------------------------------------------------- */

/* Is PID the postmaster of DATADIR? Its command is postgres (pid_alive) and, where /proc shows it, its
 * working folder is DATADIR (the postmaster changes into it), so a recycled pid is never taken for it. */
static bool is_postmaster_of(long pid, const char *datadir)
{
	if (!pid_alive(pid))
		return false;
	char link[64];
	snprintf(link, sizeof(link), "/proc/%ld/cwd", pid);
	char *cwd = realpath(link, NULL);
	if (!cwd)
		return true; /* not ours to look at, or no /proc: the name check stands */
	char *want = realpath(datadir, NULL);
	bool same = want && !strcmp(cwd, want);
	free(cwd);
	free(want);
	return same;
}

int dev_kill(const char *datadir, long timeout_ms, long *pid)
{
	*pid = 0;
	PidFile pf;
	if (!read_pidfile(datadir, &pf))
		return 0;
	long p = pf.pid;
	pidfile_release(&pf);
	if (!is_postmaster_of(p, datadir))
		return 0;
	*pid = p;
	/* SIGQUIT is PostgreSQL's immediate shutdown: the postmaster signals its children, waits for them
	 * and exits, with no checkpoint (the data is thrown away anyway) */
	(void)kill((pid_t)p, SIGQUIT);
	for (long waited = 0; pid_alive(p) && waited < timeout_ms; waited += 10)
		sleep_ms(10);
	if (pid_alive(p)) {
		(void)kill((pid_t)p, SIGKILL); /* its backends notice the postmaster's death and exit */
		for (long waited = 0; pid_alive(p) && waited < 2000; waited += 10)
			sleep_ms(10);
	}
	return pid_alive(p) ? -1 : 1;
}
