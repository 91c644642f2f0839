/* prereq.c — replay of a setup script before a history (see prereq.h). */
#include "strata.h"
#include "analysis/platform.h"
#include "analysis/prereq.h"
#include "util/fs.h"

int replay_prereq(Catalog *cat, const char *path, DiagList *dl)
{
	char *text;
	size_t len;
	if (fs_read_file(path, &text, &len, dl) != 0)
		return -1;
	ReplayOptions ro = {0};
	ro.quiet_info = true;
	ReplayState st;
	replay_state_init(&st, cat, &ro);
	int rc = replay_sql(cat, text, path, &st, dl);
	replay_state_release(&st);
	free(text);
	return rc;
}

/* SQL (a built-in prereq, named LABEL in diagnostics) replayed like replay_prereq. */
static int replay_text(Catalog *cat, const char *sql, const char *label, DiagList *dl)
{
	ReplayOptions ro = {0};
	ro.quiet_info = true;
	ReplayState st;
	replay_state_init(&st, cat, &ro);
	int rc = replay_sql(cat, sql, label, &st, dl);
	replay_state_release(&st);
	return rc;
}

void prereq_init(Prereq *p, const char *dir, const char *platform_name, const char *file)
{
	p->platform = platform_detect(dir, platform_name);
	p->file = file;
}

bool prereq_any(const Prereq *p)
{
	return p && (p->file || platform_prereq_sql(p->platform));
}

int prereq_replay(Catalog *cat, const Prereq *p, DiagList *dl)
{
	if (!p)
		return 0;
	int rc = 0;
	const char *sql = platform_prereq_sql(p->platform);
	if (sql && replay_text(cat, sql, platform_prereq_label(p->platform), dl) != 0)
		rc = -1;
	if (p->file && replay_prereq(cat, p->file, dl) != 0)
		rc = -1;
	return rc;
}
