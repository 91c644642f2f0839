/* proc.c — subprocesses with captured output (see proc.h). */
#include "strata.h"
#include "util/proc.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the child: set up, exec, and on failure tell the parent errno through FD (close-on-exec). */
static void child(const char *const *argv, const char *cwd, const char *const *env, int out, int err,
                  int report)
{
	int devnull = open("/dev/null", O_RDONLY);
	if (devnull >= 0)
		dup2(devnull, 0);
	dup2(out, 1);
	dup2(err, 2);
	for (size_t i = 0; env && env[i]; i++)
		putenv((char *)env[i]);
	int e = 0;
	if (cwd && chdir(cwd) != 0)
		e = errno;
	else {
		execvp(argv[0], (char *const *)argv);
		e = errno;
	}
	ssize_t w = write(report, &e, sizeof(e));
	(void)w;
	_exit(127);
}

int proc_run(const char *const *argv, const char *cwd, const char *const *env, ProcResult *res, DiagList *dl)
{
	memset(res, 0, sizeof(*res));
	int po[2], pe[2], pr[2];
	if (pipe(po) != 0 || pipe(pe) != 0 || pipe2(pr, O_CLOEXEC) != 0) {
		diag_add(dl, SEV_ERROR, "subprocess", NULL, 0, 0, "could not run \"%s\": %s", argv[0],
		         strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		diag_add(dl, SEV_ERROR, "subprocess", NULL, 0, 0, "could not run \"%s\": %s", argv[0],
		         strerror(errno));
		close(po[0]), close(po[1]), close(pe[0]), close(pe[1]), close(pr[0]), close(pr[1]);
		return -1;
	}
	if (pid == 0) {
		close(po[0]), close(pe[0]), close(pr[0]);
		child(argv, cwd, env, po[1], pe[1], pr[1]);
	}
	close(po[1]), close(pe[1]), close(pr[1]);
	StrBuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct pollfd fds[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
	int open_fds = 2;
	char buf[8192];
	while (open_fds) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int k = 0; k < 2; k++) {
			if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t n = read(fds[k].fd, buf, sizeof(buf));
			if (n > 0) {
				sb_append_n(k ? &err : &out, buf, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(fds[k].fd);
				fds[k].fd = -1;
				open_fds--;
			}
		}
	}
	int e = 0;
	ssize_t got = read(pr[0], &e, sizeof(e));
	close(pr[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
	}
	if (got == (ssize_t)sizeof(e) && e) {
		diag_add(dl, SEV_ERROR, "subprocess", NULL, 0, 0, "could not run \"%s\": %s", argv[0],
		         strerror(e));
		sb_release(&out);
		sb_release(&err);
		return -1;
	}
	res->status = WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
	res->out = sb_detach(&out);
	res->err = sb_detach(&err);
	if (!res->out)
		res->out = xstrdup("");
	if (!res->err)
		res->err = xstrdup("");
	return 0;
}

void proc_result_release(ProcResult *res)
{
	free(res->out);
	free(res->err);
	memset(res, 0, sizeof(*res));
}
