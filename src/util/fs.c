/* fs.c — file-system helpers (see fs.h). */
#include "strata.h"
#include "util/fs.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static size_t max_file_size = FS_MAX_FILE_DEFAULT;

void fs_set_max_file_size(size_t bytes)
{
	max_file_size = bytes ? bytes : FS_MAX_FILE_DEFAULT;
}

size_t fs_max_file_size(void)
{
	return max_file_size;
}

int fs_parse_size(const char *s, size_t *bytes)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	char *end;
	unsigned long long v = strtoull(p, &end, 10);
	if (errno)
		return -1;
	while (*end == ' ' || *end == '\t')
		end++;
	unsigned shift = 0;
	if (!strcasecmp(end, "kb") || !strcasecmp(end, "k"))
		shift = 10;
	else if (!strcasecmp(end, "mb") || !strcasecmp(end, "m"))
		shift = 20;
	else if (!strcasecmp(end, "gb") || !strcasecmp(end, "g"))
		shift = 30;
	else if (*end && strcasecmp(end, "b"))
		return -1;
	if (v == 0 || v > (SIZE_MAX >> shift))
		return -1;
	*bytes = (size_t)v << shift;
	return 0;
}

static const char *kind_of(mode_t m)
{
	if (S_ISREG(m))
		return NULL;
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO (named pipe)";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

const char *fs_special_kind(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return NULL;
	return kind_of(st.st_mode);
}

/* Human-readable size for messages: "64 MB", "512 kB", "100 bytes". */
static void size_text(size_t n, char *buf, size_t sz)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(buf, sz, "%zu MB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(buf, sz, "%zu kB", n >> 10);
	else
		snprintf(buf, sz, "%zu bytes", n);
}

static void too_large(const char *path, size_t have, bool exact, DiagList *dl)
{
	char lim[32];
	size_text(max_file_size, lim, sizeof(lim));
	Diag *d;
	if (exact)
		d = diag_add(dl, SEV_ERROR, "file-too-large", path, 0, 0,
		             "file is %zu bytes, more than the %s strata reads", have, lim);
	else
		d = diag_add(dl, SEV_ERROR, "file-too-large", path, 0, 0,
		             "file is larger than the %s strata reads", lim);
	diag_set_hint(d, "raise [migrations] max_file_size in strata.conf if the file is meant to be "
	                 "this large");
}

/* fs_read_file and fs_read_regular_file: REGULAR_ONLY refuses anything but a regular file, without ever
 * waiting on a FIFO. */
static int read_file(const char *path, bool regular_only, char **out, size_t *len, DiagList *dl)
{
	/* O_NONBLOCK: opening a FIFO with no writer must not wait; the fstat below then refuses it */
	int fd = open(path, O_RDONLY | O_CLOEXEC | (regular_only ? O_NONBLOCK : 0));
	if (fd < 0) {
		diag_add(dl, SEV_ERROR, "io-error", path, 0, 0, "could not open file: %s", strerror(errno));
		return -1;
	}
	struct stat st;
	int sr = fstat(fd, &st);
	if (sr != 0 || S_ISDIR(st.st_mode) || (regular_only && !S_ISREG(st.st_mode))) {
		int e = errno;
		const char *kind = sr == 0 ? kind_of(st.st_mode) : NULL;
		if (kind)
			diag_add(dl, SEV_ERROR, "not-a-file", path, 0, 0, "cannot read %s as a file", kind);
		else
			diag_add(dl, SEV_ERROR, "io-error", path, 0, 0, "could not stat file: %s",
			         strerror(e));
		close(fd);
		return -1;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > (uint64_t)max_file_size) {
		too_large(path, (size_t)st.st_size, true, dl);
		close(fd);
		return -1;
	}
	if (regular_only)
		(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	/* read to the end, not st_size bytes: the file may be growing, or a pipe; stop past the limit */
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 4097 : 0, n = 0;
	if (cap < 8192)
		cap = 8192;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n + 1 >= cap) {
			if (n > max_file_size) {
				free(buf);
				close(fd);
				too_large(path, n, false, dl);
				return -1;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			diag_add(dl, SEV_ERROR, "io-error", path, 0, 0, "could not read file: %s",
			         strerror(e ? e : EIO));
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max_file_size) {
		free(buf);
		too_large(path, n, false, dl);
		return -1;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int fs_read_file(const char *path, char **out, size_t *len, DiagList *dl)
{
	return read_file(path, false, out, len, dl);
}

int fs_read_regular_file(const char *path, char **out, size_t *len, DiagList *dl)
{
	return read_file(path, true, out, len, dl);
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
