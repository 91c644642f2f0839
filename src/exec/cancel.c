/* cancel.c — signal-driven cancellation (see cancel.h). */
#include "strata.h"
#include "exec/cancel.h"

#include <signal.h>

static volatile sig_atomic_t got_signal;
static PGcancel *volatile cancel_obj;

static void on_signal(int sig)
{
	if (got_signal) { /* second signal: stop now */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	got_signal = sig;
	char errbuf[256];
	if (cancel_obj)
		(void)PQcancel(cancel_obj, errbuf, sizeof(errbuf));
}

void cancel_install(PGconn *conn)
{
	got_signal = 0;
	cancel_obj = conn ? PQgetCancel(conn) : NULL;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

void cancel_uninstall(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	PGcancel *c = cancel_obj;
	cancel_obj = NULL;
	if (c)
		PQfreeCancel(c);
}

bool cancel_requested(void)
{
	return got_signal != 0;
}

int cancel_signal(void)
{
	return (int)got_signal;
}
