/* since.c — compare the working tree's migrations with another git ref (see since.h). */
#include "strata.h"
#include "analysis/order.h"
#include "analysis/since.h"
#include "util/fs.h"
#include "util/hmap.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Run git with ARGV (NULL-terminated, argv[0] = "git") in DIR, stdout to the file OUTPATH. Returns the exit
 * status (or -1 when it could not start). */
static int run_git(const char *dir, char *const argv[], const char *outpath)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, outpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	char *full[16];
	size_t k = 0;
	full[k++] = "git";
	full[k++] = "-C";
	full[k++] = (char *)dir;
	for (size_t i = 1; argv[i] && k < 15; i++)
		full[k++] = argv[i];
	full[k] = NULL;
	pid_t pid;
	int rc = posix_spawnp(&pid, "git", &fa, NULL, full, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -1;
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return -1;
	FILE *out = fopen(to, "wb");
	if (!out) {
		fclose(in);
		return -1;
	}
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	return fclose(out) == 0 ? 0 : -1;
}

/* Copy the regular files under SRC/REL into DST/REL, recording each relative path in SEEN. */
static void copy_tree(const char *src, const char *dst, const char *rel, HMap *seen)
{
	char *sp = rel[0] ? xasprintf("%s/%s", src, rel) : xstrdup(src);
	DIR *d = opendir(sp);
	if (!d) {
		free(sp);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *r = rel[0] ? xasprintf("%s/%s", rel, e->d_name) : xstrdup(e->d_name);
		char *full = xasprintf("%s/%s", src, r);
		struct stat stt;
		if (stat(full, &stt) == 0 && S_ISDIR(stt.st_mode)) {
			char *dd = xasprintf("%s/%s", dst, r);
			(void)fs_mkdir_p(dd);
			free(dd);
			copy_tree(src, dst, r, seen);
		} else if (stat(full, &stt) == 0 && S_ISREG(stt.st_mode)) {
			char *to = xasprintf("%s/%s", dst, r);
			(void)copy_file(full, to);
			free(to);
			hmap_put(seen, r, (void *)1);
			r = NULL; /* owned by SEEN */
		}
		free(full);
		free(r);
	}
	closedir(d);
	free(sp);
}

static void rm_tree(const char *path)
{
	DIR *d = opendir(path);
	if (d) {
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char *p = xasprintf("%s/%s", path, e->d_name);
			struct stat st;
			if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
				rm_tree(p);
			else
				(void)unlink(p);
			free(p);
		}
		closedir(d);
	}
	(void)rmdir(path);
}

enum { SIDE_COMMON = 0, SIDE_OURS = 1, SIDE_THEIRS = 2 };

static void free_keys(HMap *m)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(m, &i, &k, &v);)
		free((char *)k);
	hmap_release(m);
}

int since_check(const char *dir, MigFormat format, const MigVar *vars, size_t n_vars, const char *ref,
                const ReplayOptions *ro_in, DiagList *dl)
{
	char tmpl[64];
	if (fs_make_temp_dir("since", tmpl, sizeof(tmpl), dl) != 0)
		return -1;
	char *listing = xasprintf("%s/.ls-tree", tmpl);
	char *tree = xasprintf("%s/m", tmpl);
	(void)fs_mkdir_p(tree);
	int rc = 0;
	char *ls_argv[] = {"git", "ls-tree", "-r", "--name-only", (char *)ref, "--", ".", NULL};
	if (run_git(dir, ls_argv, listing) != 0) {
		Diag *d = diag_add(dl, SEV_ERROR, "since", dir, 0, 0, "cannot list \"%s\" at git ref \"%s\"",
		                   dir, ref);
		diag_set_hint(
		    d, "--since needs the migrations folder inside a git work tree and a ref git knows");
		rc = -1;
		goto out;
	}
	HMap here, theirs;
	hmap_init(&here);
	hmap_init(&theirs);
	copy_tree(dir, tree, "", &here);
	/* files only at REF: extract them next to ours */
	FILE *lf = fopen(listing, "r");
	char line[4096];
	while (lf && fgets(line, sizeof(line), lf)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0])
			continue;
		if (hmap_has(&here, line)) {
			hmap_put(&theirs, xstrdup(line), (void *)(uintptr_t)SIDE_COMMON);
			continue;
		}
		char *to = xasprintf("%s/%s", tree, line);
		char *slash = strrchr(to, '/');
		*slash = 0;
		(void)fs_mkdir_p(to);
		*slash = '/';
		char *spec = xasprintf("%s:./%s", ref, line);
		char *show_argv[] = {"git", "show", spec, NULL};
		if (run_git(dir, show_argv, to) == 0)
			hmap_put(&theirs, xstrdup(line), (void *)(uintptr_t)SIDE_THEIRS);
		free(spec);
		free(to);
	}
	if (lf)
		fclose(lf);
	/* discover and replay the union */
	MigrationSet set = {0};
	DiagList scratch = DIAGLIST_INIT;
	DiscoverOptions dopts = {0};
	dopts.format = format;
	dopts.vars = vars;
	dopts.n_vars = n_vars;
	if (discover_migrations(tree, &dopts, &set, &scratch) != 0) {
		/* duplicates etc. are reported by the main check */
	}
	int *side = xcalloc(set.n + 1, sizeof(int));
	size_t prefix = strlen(tree) + 1;
	for (size_t i = 0; i < set.n; i++) {
		const char *rel = set.items[i].up_path + (strlen(set.items[i].up_path) > prefix ? prefix : 0);
		if (hmap_has(&theirs, rel))
			side[i] = (int)(uintptr_t)hmap_get(&theirs, rel);
		else
			side[i] = SIDE_OURS;
	}
	OrderAnalysis *oa = order_new(&set);
	ReplayOptions ro = ro_in ? *ro_in : (ReplayOptions){0};
	ro.stmt_hook = order_stmt_hook;
	ro.later_hook = order_later_hook;
	ro.hook_ud = oa;
	ro.quiet_info = true;
	Catalog *cat = catalog_new();
	if (replay_migrations(cat, &set, &ro, &scratch) != 0) {
		/* replay errors of the union are not this check's findings */
	}
	order_finish(oa, cat);
	/* conflicts: an object changed on both sides */
	size_t conflicts = 0, reorders = 0;
	const char *newest_theirs = NULL;
	for (size_t t = 0; t < set.n; t++)
		if (side[t] == SIDE_THEIRS && set.items[t].version[0])
			newest_theirs = set.items[t].version;
	for (size_t o = 0; o < set.n; o++) {
		if (side[o] != SIDE_OURS)
			continue;
		const char *opath = set.items[o].up_path + prefix;
		char *ours_path = xasprintf("%s/%s", dir, opath);
		bool conflict = false;
		for (size_t t = 0; t < set.n && !conflict; t++) {
			if (side[t] != SIDE_THEIRS)
				continue;
			size_t no, nt;
			const char *const *co = order_changes(oa, o, &no);
			const char *const *ct = order_changes(oa, t, &nt);
			for (size_t a = 0; a < no && !conflict; a++)
				for (size_t b = 0; b < nt; b++)
					if (!strcmp(co[a], ct[b])) {
						Diag *d = diag_add(
						    dl, SEV_ERROR, "branch-conflict", ours_path, 0, 0,
						    "this migration and \"%s\" at \"%s\" both change %s",
						    set.items[t].up_path + prefix, ref, co[a]);
						diag_set_hint(
						    d,
						    "merge the two changes by hand: rebase this migration on "
						    "\"%s\" and re-check",
						    ref);
						conflict = true;
						conflicts++;
						break;
					}
		}
		if (!conflict && newest_theirs && set.items[o].version[0] &&
		    mig_version_cmp(set.format, set.items[o].version, newest_theirs) < 0) {
			char *nv = order_version_between(set.format, newest_theirs, NULL);
			Diag *d = diag_add(
			    dl, SEV_WARNING, "branch-reorder", ours_path, 0, 0,
			    "version \"%s\" sorts before \"%s\" from \"%s\": harmless reorder (no object in "
			    "common), but databases already at \"%s\" see it out of order",
			    set.items[o].version, newest_theirs, ref, newest_theirs);
			if (nv)
				diag_set_hint(d, "rename it to version \"%s\" (after \"%s\")", nv,
				              newest_theirs);
			free(nv);
			reorders++;
		}
		free(ours_path);
	}
	(void)reorders;
	if (conflicts)
		rc = -1;
	catalog_free(cat);
	order_free(oa);
	free(side);
	migration_set_free(&set);
	diag_list_release(&scratch);
	free_keys(&here);
	free_keys(&theirs);
out:
	rm_tree(tmpl);
	free(listing);
	free(tree);
	return rc;
}
