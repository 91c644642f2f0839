/* discover.c — placeholder: plain numbered .sql files only (replaced by the full discovery module). */
#include "strata.h"
#include "project/migration.h"
#include "util/fs.h"

static const char *const format_names[FMT__COUNT] = {"auto",  "flyway", "golang-migrate", "dbmate",
						      "goose", "prisma", "diesel",         "plain"};

const char *mig_format_name(MigFormat f)
{
	return f < FMT__COUNT ? format_names[f] : "unknown";
}

MigFormat mig_format_from_name(const char *name)
{
	for (int i = 0; i < FMT__COUNT; i++)
		if (!strcmp(name, format_names[i]))
			return (MigFormat)i;
	return FMT__COUNT;
}

int mig_version_cmp(MigFormat f, const char *a, const char *b)
{
	(void)f;
	return strcmp(a, b);
}

int discover_migrations(const char *dir, const DiscoverOptions *opts, MigrationSet *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	out->dir = xstrdup(dir);
	out->format = FMT_PLAIN;
	char **names;
	int n = fs_list_dir(dir, &names, dl);
	if (n < 0)
		return -1;
	out->items = xcalloc((size_t)n, sizeof(Migration));
	for (int i = 0; i < n; i++) {
		size_t l = strlen(names[i]);
		if (l < 5 || strcmp(names[i] + l - 4, ".sql"))
			continue;
		Migration *m = &out->items[out->n++];
		m->up_path = fs_join(dir, names[i]);
		size_t len;
		if (fs_read_file(m->up_path, &m->up_sql, &len, dl) != 0)
			m->up_sql = xstrdup("");
		m->version = xstrndup(names[i], strcspn(names[i], "_"));
		m->name = xstrdup(names[i]);
		m->format = FMT_PLAIN;
		(void)opts;
	}
	fs_free_list(names, n);
	return diag_has_errors(dl) ? -1 : 0;
}

void migration_set_free(MigrationSet *set)
{
	for (size_t i = 0; i < set->n; i++) {
		Migration *m = &set->items[i];
		free(m->version);
		free(m->name);
		free(m->up_path);
		free(m->down_path);
		free(m->up_sql);
		free(m->down_sql);
	}
	free(set->items);
	free(set->dir);
	memset(set, 0, sizeof(*set));
}
