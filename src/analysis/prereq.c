/* prereq.c — replay of a setup script before a history (see prereq.h). */
#include "strata.h"
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
