/* project.c — discovering a project's migrations (see project.h). */
#include "strata.h"
#include "project/project.h"
#include "util/fs.h"
#include "util/strbuf.h"

int project_discover_dir(const Project *p, const char *dir, MigScope scope, MigrationSet *out, DiagList *dl)
{
	DiscoverOptions o = {0};
	o.format = p->format;
	o.vars = p->vars;
	o.n_vars = p->n_vars;
	o.scope = scope;
	return discover_migrations(dir, &o, out, dl);
}

/* Versions must be unique across folders: history rows are keyed by version. */
static void check_unique(const MigrationSet *set, DiagList *dl)
{
	for (size_t i = 0; i < set->n; i++)
		for (size_t j = i + 1; j < set->n; j++) {
			const Migration *a = &set->items[i], *b = &set->items[j];
			if (a->folder == b->folder || !a->version[0] || strcmp(a->version, b->version))
				continue;
			Diag *d =
			    diag_add(dl, SEV_ERROR, "duplicate-version", b->up_path, 0, 0,
			             "duplicate migration version \"%s\" in two folders: \"%s\" and \"%s\"",
			             b->version, a->up_path, b->up_path);
			diag_set_hint(d,
			              "versions are unique across the folders of a project (history rows are "
			              "keyed by version): give one of them a new version");
		}
}

int project_discover(const Project *p, MigScope scope, MigrationSet *out, DiagList *dl)
{
	if (p->n_dirs <= 1)
		return project_discover_dir(p, p->n_dirs ? p->dirs[0] : "migrations", scope, out, dl);
	memset(out, 0, sizeof(*out));
	out->folders = xcalloc(p->n_dirs, sizeof(MigFolder));
	int rc = 0;
	for (size_t k = 0; k < p->n_dirs; k++) {
		MigrationSet one;
		if (project_discover_dir(p, p->dirs[k], scope, &one, dl) != 0)
			rc = -1;
		MigFolder *f = &out->folders[out->n_folders++];
		f->dir = one.dir;
		f->format = one.format;
		f->format_why = one.format_why;
		f->first = out->n;
		f->n = one.n;
		out->items = xrealloc(out->items, (out->n + one.n + 1) * sizeof(Migration));
		for (size_t i = 0; i < one.n; i++) {
			out->items[out->n] = one.items[i];
			out->items[out->n++].folder = (unsigned)k;
		}
		free(one.items);
		free(one.folders);
	}
	const MigFolder *last = &out->folders[out->n_folders - 1];
	out->dir = xstrdup(last->dir);
	out->format = last->format;
	out->format_why = last->format_why ? xstrdup(last->format_why) : NULL;
	size_t errors = diag_count(dl, SEV_ERROR);
	check_unique(out, dl);
	return rc != 0 || diag_count(dl, SEV_ERROR) > errors ? -1 : 0;
}

MigrationSet project_folder_view(const MigrationSet *set, size_t k)
{
	MigrationSet v = *set;
	v.folders = NULL;
	v.n_folders = 0;
	if (set->n_folders > k) {
		const MigFolder *f = &set->folders[k];
		v.dir = f->dir;
		v.format = f->format;
		v.format_why = f->format_why;
		v.items = set->items + f->first;
		v.n = f->n;
	}
	return v;
}

char *project_dirs_text(const Project *p)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < p->n_dirs; i++) {
		if (i)
			sb_append(&sb, ", ");
		sb_append(&sb, p->dirs[i]);
	}
	if (!p->n_dirs)
		sb_append(&sb, "migrations");
	return sb_detach(&sb);
}

bool project_exists(const Project *p)
{
	for (size_t i = 0; i < p->n_dirs; i++)
		if (fs_is_dir(p->dirs[i]) || fs_is_file(p->dirs[i]))
			return true;
	return false;
}
