/* fs.c — file-system helpers (see fs.h). */
#include "strata.h"
#include "util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>

int fs_read_file(const char *path, char **out, size_t *len, DiagList *dl)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		diag_add(dl, SEV_ERROR, "io-error", path, 0, 0, "could not open file: %s", strerror(errno));
		return -1;
	}
	size_t cap = 8192, n = 0;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 4096 + 1 > cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		fclose(f);
		free(buf);
		diag_add(dl, SEV_ERROR, "io-error", path, 0, 0, "could not read file: %s",
		         strerror(e ? e : EIO));
		return -1;
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

bool fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *fs_join(const char *a, const char *b)
{
	size_t la = strlen(a);
	if (la && a[la - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fs_list_dir(const char *path, char ***names, DiagList *dl)
{
	DIR *d = opendir(path);
	if (!d) {
		diag_add(dl, SEV_ERROR, "io-error", path, 0, 0, "could not open directory: %s",
		         strerror(errno));
		return -1;
	}
	int n = 0, cap = 32;
	char **v = xmalloc(sizeof(char *) * (size_t)cap);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (n == cap) {
			cap *= 2;
			v = xrealloc(v, sizeof(char *) * (size_t)cap);
		}
		v[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(v, (size_t)n, sizeof(char *), cmp_str);
	*names = v;
	return n;
}

void fs_free_list(char **names, int n)
{
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int fs_mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0755) != 0 && errno != EEXIST) {
				free(p);
				return -1;
			}
			*s = '/';
		}
	}
	int rc = (mkdir(p, 0755) != 0 && errno != EEXIST) ? -1 : 0;
	free(p);
	return rc;
}

int fs_make_temp_dir(const char *name, char *out, size_t outsz, DiagList *dl)
{
	int n = snprintf(out, outsz, "/tmp/strata-%s-", name);
	if (n < 0 || (size_t)n + 7 > outsz) {
		diag_add(dl, SEV_ERROR, "io-error", NULL, 0, 0, "temporary folder name too long");
		return -1;
	}
	memset(out + n, 'X', 6); /* mkdtemp's template: six characters it replaces */
	out[n + 6] = '\0';
	if (!mkdtemp(out)) {
		diag_add(dl, SEV_ERROR, "io-error", NULL, 0, 0, "could not create a temporary folder: %s",
		         strerror(errno));
		return -1;
	}
	return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb, (void)flag, (void)ftw;
	(void)remove(path);
	return 0; /* go on: best effort */
}

void fs_remove_tree(const char *path)
{
	if (path && *path && strcmp(path, "/"))
		(void)nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
