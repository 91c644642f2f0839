/* version.c — version comparison as each migration tool orders versions (numeric, part-wise, or as
 * strings), so that "1_10" follows "1_9", "00010" follows "0002" and diesel's dashed names interleave. */
#include "strata.h"
#include "project/discover_internal.h"
#include "project/migration.h"

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

int mig_cmp_decimal(const char *a, size_t alen, const char *b, size_t blen)
{
	while (alen > 1 && *a == '0')
		a++, alen--;
	while (blen > 1 && *b == '0')
		b++, blen--;
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return sign(memcmp(a, b, alen));
}

/* Compare one part: by value when both are digits, else bytewise (shorter prefix first). */
static int cmp_part(const char *a, size_t al, const char *b, size_t bl)
{
	if (all_digits(a, al) && all_digits(b, bl))
		return mig_cmp_decimal(a, al, b, bl);
	size_t n = al < bl ? al : bl;
	int c = memcmp(a, b, n);
	if (c)
		return sign(c);
	return al == bl ? 0 : (al < bl ? -1 : 1);
}

/* Flyway (and temporal) versions: parts split at '.' or '_', compared by value; a missing part is 0, so
 * "1" == "1.0" (Flyway's MigrationVersion does the same with trailing zeros). */
static int cmp_dotted(const char *a, const char *b)
{
	while (*a || *b) {
		size_t al = strcspn(a, "._"), bl = strcspn(b, "._");
		const char *pa = al ? a : "0", *pb = bl ? b : "0";
		int c = cmp_part(pa, al ? al : 1, pb, bl ? bl : 1);
		if (c)
			return c;
		a += al;
		b += bl;
		if (*a)
			a++;
		if (*b)
			b++;
	}
	return 0;
}

/* Whole-string numeric compare with a bytewise fallback for versions that are not all digits. */
static int cmp_numeric(const char *a, const char *b)
{
	size_t al = strlen(a), bl = strlen(b);
	if (all_digits(a, al) && all_digits(b, bl))
		return mig_cmp_decimal(a, al, b, bl);
	return sign(strcmp(a, b));
}

/* diesel: the version is the part before the first '_' with every '-' removed, compared as a string. */
static int cmp_diesel(const char *a, const char *b)
{
	for (;;) {
		while (*a == '-')
			a++;
		while (*b == '-')
			b++;
		if (*a != *b || !*a)
			return sign((unsigned char)*a - (unsigned char)*b);
		a++, b++;
	}
}

int mig_version_cmp(MigFormat f, const char *a, const char *b)
{
	switch (f) {
	case FMT_FLYWAY:
		return cmp_dotted(a, b);
	case FMT_TEMPORAL:
		return cmp_dotted(a + (*a == 'v'), b + (*b == 'v'));
	case FMT_DIESEL:
		return cmp_diesel(a, b);
	case FMT_PRISMA:
	case FMT_LEXICAL:
		return sign(strcmp(a, b));
	default:
		return cmp_numeric(a, b);
	}
}

/* The folder of version V in SET (the last folder when no migration has it). */
static size_t folder_of(const MigrationSet *set, const char *v)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].version, v))
			return set->items[i].folder;
	return set->n_folders - 1;
}

int mig_set_version_cmp(const MigrationSet *set, const char *a, const char *b)
{
	if (set->n_folders <= 1)
		return mig_version_cmp(set->format, a, b);
	size_t fa = folder_of(set, a), fb = folder_of(set, b);
	if (fa != fb)
		return fa < fb ? -1 : 1;
	return mig_version_cmp(set->folders[fa].format, a, b);
}
