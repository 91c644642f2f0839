/* progress.c — progress line for rollouts (see progress.h). */
#include "strata.h"
#include "exec/progress.h"

#include <time.h>
#include <unistd.h>

long long progress_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_init(Progress *p, FILE *out, size_t total)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = out && isatty(fileno(out)) && !getenv("STRATA_NO_TTY");
	p->total = total;
	p->t0_ms = p->last_ms = progress_now_ms();
	p->interval_ms = 2000;
}

void progress_format(const Progress *p, long long now_ms, char *buf, size_t len)
{
	size_t fin = p->done + p->failed;
	size_t remaining = p->total > fin ? p->total - fin : 0;
	double secs = (double)(now_ms - p->t0_ms) / 1000.0;
	double rate = secs > 0 ? (double)fin / secs : 0;
	char eta[32] = "?";
	if (rate > 0) {
		long e = (long)((double)remaining / rate + 0.5);
		snprintf(eta, sizeof(eta), "%ld:%02ld", e / 60, e % 60);
	}
	char bar[32] = "";
	if (p->tty) {
		int w = 24, filled = p->total ? (int)((double)fin * w / (double)p->total) : w;
		bar[0] = '[';
		for (int i = 0; i < w; i++)
			bar[1 + i] = i < filled ? '#' : '.';
		bar[w + 1] = ']';
		bar[w + 2] = ' ';
		bar[w + 3] = '\0';
	}
	snprintf(buf, len, "%s%zu/%zu tenants: %zu done, %zu failed, %zu remaining, %.1f/s, eta %s", bar, fin,
	         p->total, p->done, p->failed, remaining, rate, eta);
}

static void draw(Progress *p, long long now, bool final)
{
	char line[256];
	progress_format(p, now, line, sizeof(line));
	if (p->tty)
		fprintf(p->out, "\r\033[K%s%s", line, final ? "\n" : "");
	else
		fprintf(p->out, "progress: %s\n", line);
	fflush(p->out);
	p->last_ms = now;
}

void progress_step(Progress *p, bool failed)
{
	if (failed)
		p->failed++;
	else
		p->done++;
	if (!p->out)
		return;
	long long now = progress_now_ms();
	if (now - p->last_ms >= (p->tty ? 100 : p->interval_ms))
		draw(p, now, false);
}

void progress_end(Progress *p)
{
	if (p->out)
		draw(p, progress_now_ms(), true);
}
