/* throwaway.c — a cluster for one run (see throwaway.h). */
#include "strata.h"
#include "db/devserver.h"
#include "db/throwaway.h"
#include "util/fs.h"

#include <ftw.h>
#include <sys/stat.h>

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_rf(const char *path)
{
	if (path && *path && strcmp(path, "/"))
		(void)nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int throwaway_start(Throwaway *tw, char **url, DiagList *dl)
{
	if (fs_make_temp_dir("verify", tw->home, sizeof(tw->home), dl) != 0)
		return -1;
	chmod(tw->home, 0755); /* the server user must reach the cluster inside it */
	setenv("STRATA_HOME", tw->home, 1);
	bool already = false;
	DiagList sdl = DIAGLIST_INIT;
	int rc = dev_start(url, &already, &sdl);
	DevStatus st = {0};
	if (dev_status(&st, &sdl) == 0 && st.datadir)
		tw->datadir_real = xstrdup(st.datadir);
	dev_status_release(&st);
	for (size_t i = 0; i < sdl.n; i++)
		if (sdl.items[i].sev == SEV_ERROR)
			rc = -1;
	/* keep only errors (notes about where the cluster lives are noise here) */
	for (size_t i = 0; i < sdl.n; i++)
		if (sdl.items[i].sev == SEV_ERROR) {
			Diag *d = diag_add(dl, SEV_ERROR, sdl.items[i].rule, NULL, 0, 0, "%s",
			                   sdl.items[i].message);
			if (sdl.items[i].hint)
				diag_set_hint(d, "%s", sdl.items[i].hint);
		}
	diag_list_release(&sdl);
	return rc;
}

void throwaway_remove(Throwaway *tw)
{
	bool was = false;
	DiagList sdl = DIAGLIST_INIT;
	if (dev_stop(&was, &sdl) != 0)
		was = false;
	diag_list_release(&sdl);
	if (tw->datadir_real && strncmp(tw->datadir_real, tw->home, strlen(tw->home))) {
		/* the cluster was placed elsewhere (a /tmp fallback): remove its parent folder created for it
		 */
		char *parent = xstrdup(tw->datadir_real);
		char *slash = strrchr(parent, '/');
		if (slash && !strncmp(parent, "/tmp/strata-", 12)) {
			*slash = '\0';
			rm_rf(parent);
		} else {
			rm_rf(tw->datadir_real);
		}
		free(parent);
	}
	rm_rf(tw->home);
	free(tw->datadir_real);
	tw->datadir_real = NULL;
}
