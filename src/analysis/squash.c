/* squash.c — one verified baseline instead of the history up to a version (see squash.h). */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/drift.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "analysis/squash.h"
#include "catalog/catalog.h"
#include "project/tenancy.h"
#include "project/write.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

/* Remove PATH (a file, or a folder of files and folders). 0 or -1 with errno. */
static int remove_tree(const char *path)
{
	struct stat stt;
	if (lstat(path, &stt) != 0)
		return -1;
	if (!S_ISDIR(stt.st_mode))
		return unlink(path);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = fs_join(path, de->d_name);
		rc |= remove_tree(p);
		free(p);
	}
	closedir(d);
	return rc | rmdir(path);
}

/* The entry directly inside DIR that holds PATH (the file itself, or a Prisma/diesel folder). Heap. */
static char *top_entry(const char *dir, const char *path)
{
	size_t l = strlen(dir);
	while (l && dir[l - 1] == '/')
		l--;
	if (strncmp(path, dir, l) || path[l] != '/')
		return xstrdup(path);
	const char *rel = path + l + 1;
	const char *slash = strchr(rel, '/');
	return slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(path);
}

/* Move (or delete) ENTRY out of the way into DIR/.squashed/. 0 or -1 (DL). */
static int retire(const char *dir, const char *entry, bool del, DiagList *dl)
{
	if (!fs_is_file(entry) && !fs_is_dir(entry))
		return 0; /* already moved (sectioned formats: up and down are one file) */
	if (del) {
		if (remove_tree(entry) != 0) {
			diag_add(dl, SEV_ERROR, "write-failed", entry, 0, 0, "cannot delete \"%s\": %s",
			         entry, strerror(errno));
			return -1;
		}
		return 0;
	}
	char *sq = fs_join(dir, ".squashed");
	const char *base = strrchr(entry, '/');
	base = base ? base + 1 : entry;
	char *dst = fs_join(sq, base);
	int rc = 0;
	if (fs_mkdir_p(sq) != 0 || rename(entry, dst) != 0) {
		diag_add(dl, SEV_ERROR, "write-failed", entry, 0, 0, "cannot move \"%s\" to \"%s\": %s",
		         entry, dst, strerror(errno));
		rc = -1;
	}
	free(sq);
	free(dst);
	return rc;
}

/* Whether OB (in the schema at V) is what the prereq made as P: the same fields, and for a table the same
 * columns (names and types). Schemas and extensions are the prereq's whatever the migrations put in them. */
static bool prereq_unchanged(const CatObject *p, const CatObject *ob)
{
	if (ob->kind == OBJ_SCHEMA || ob->kind == OBJ_EXTENSION)
		return true;
	if (!catalog_object_same(p, ob, true))
		return false;
	if (ob->kind != OBJ_TABLE)
		return true;
	const CatTable *a = (const CatTable *)p, *b = (const CatTable *)ob;
	if (a->columns.n != b->columns.n)
		return false;
	for (size_t i = 0; i < a->columns.n; i++) {
		const CatColumn *x = a->columns.items[i], *y = b->columns.items[i];
		if (strcmp(x->name, y->name) || strcmp(x->type, y->type) || x->not_null != y->not_null ||
		    (x->default_expr ? !y->default_expr || strcmp(x->default_expr, y->default_expr)
		                     : y->default_expr != NULL))
			return false;
	}
	return true;
}

#define SQUASH_TENANT "strata_squash_tenant" /* the template tenant schema of a tenant folder's squash */

/* What exists before the first squashed migration: the prereq, and for a tenant folder the shared
 * migrations and the (empty) template tenant schema. Returns 0 or -1 (errors in DL). */
static int replay_base(const SquashOptions *o, Catalog *cat, DiagList *dl)
{
	if (prereq_replay(cat, o->prereq, dl) != 0)
		return -1;
	if (!o->shared)
		return 0;
	ReplayOptions ro = {.user = o->user, .quiet_info = true};
	if (o->shared->n && replay_migrations(cat, o->shared, &ro, dl) != 0)
		return -1;
	if (!catalog_find_schema(cat, SQUASH_TENANT))
		(void)catalog_add(cat, OBJ_SCHEMA, NULL, SQUASH_TENANT, NULL, NULL);
	return 0;
}

int squash_run(const SquashOptions *o, SquashResult *res, DiagList *dl)
{
	memset(res, 0, sizeof(*res));
	res->outcome = SQ_FAILED;
	MigrationSet set = {0};
	DiagList *pdl = &res->proof;
	Catalog *at = NULL, *pre = NULL, *base = NULL, *head = NULL, *full = NULL;
	StrBuf dump = STRBUF_INIT, text = STRBUF_INIT;
	ReplayOptions ro = {0};
	ro.quiet_info = true;
	ro.search_path = o->search_path;
	ro.user = o->user;
	StrBuf tpath = STRBUF_INIT;
	if (o->shared) { /* a tenant folder: its migrations see the tenant search_path */
		char *err = NULL;
		if (tenant_search_path(&tpath, o->tenant_search_path,
		                       o->shared_schema ? o->shared_schema : "public", SQUASH_TENANT,
		                       &err) != 0) {
			diag_add(dl, SEV_ERROR, "config", NULL, 0, 0, "[tenants] search_path: %s", err);
			free(err);
			res->outcome = SQ_ENV;
			goto out;
		}
		ro.search_path = sb_str(&tpath);
	}
	const char *to = o->to;
	if (project_discover(o->proj, SCOPE_SHARED, &set, dl) != 0) {
		res->outcome = SQ_ENV;
		goto out;
	}
	size_t last = SIZE_MAX, first = SIZE_MAX;
	for (size_t i = 0; i < set.n; i++) {
		if (set.items[i].kind != MIG_VERSIONED)
			continue;
		if (first == SIZE_MAX)
			first = i;
		if (!strcmp(set.items[i].version, to))
			last = i;
	}
	if (last == SIZE_MAX) {
		res->outcome = SQ_NO_VERSION;
		goto out;
	}
	/* several folders: the squashed range must lie in one folder (the baseline is written there) */
	MigrationSet fold = project_folder_view(&set, set.items[last].folder);
	for (size_t i = first; i <= last; i++)
		if (set.items[i].kind == MIG_VERSIONED && set.items[i].folder != set.items[last].folder) {
			res->outcome = SQ_ACROSS_FOLDERS;
			goto out;
		}
	if (fold.format == FMT_TEMPORAL) {
		res->outcome = SQ_CANNOT_WRITE;
		goto out;
	}
	/* the schema at V, and what the prereq alone creates (not part of the baseline) */
	at = catalog_new();
	pre = catalog_new();
	ro.stop_at = to;
	if (replay_base(o, at, dl) != 0 || replay_base(o, pre, dl) != 0 ||
	    replay_migrations(at, &set, &ro, dl) != 0) {
		res->outcome = SQ_HISTORY_ERRORS;
		goto out;
	}
	(void)ignore_apply(o->ignore, at); /* other tools' history tables are theirs: not in the baseline */
	/* what the prereq creates and the migrations leave as it is (a schema, a function such as
	 * auth.uid(), a table with its columns) is the prereq's: the dump skips it for the moment */
	CatObject **hidden = xcalloc(pre->all.n + 1, sizeof(CatObject *));
	size_t nhidden = 0;
	for (size_t i = 0; i < pre->all.n; i++) {
		CatObject *p = pre->all.items[i];
		CatObject *ob = p->dropped ? NULL : catalog_find(at, p->kind, p->identity);
		if (ob && !ob->dropped && prereq_unchanged(p, ob)) {
			ob->dropped = true;
			hidden[nhidden++] = ob;
		}
	}
	int drc = catalog_dump_sql(at, &dump, dl);
	for (size_t i = 0; i < nhidden; i++)
		hidden[i]->dropped = false;
	free(hidden);
	if (drc != 0)
		goto out;
	sb_appendf(&text, "-- strata:squash covers %s..%s\n", set.items[first].version, to);
	sb_appendf(&text, "-- baseline generated by strata squash from %zu migrations, verified by replay\n",
	           last - first + 1);
	/* the dump opens with SET check_function_bodies = false (bodies may name later objects) */
	if (o->shared) { /* each tenant creates them in its own schema (the first on its search_path) */
		char *rel = drift_unqualify(sb_str(&dump), SQUASH_TENANT);
		sb_append(&text, rel);
		free(rel);
	} else
		sb_append(&text, sb_str(&dump));
	res->first = xstrdup(set.items[first].version);
	res->count = last - first + 1;

	/* proof 1: prereq + baseline == schema at V */
	ro.stop_at = NULL;
	base = catalog_new();
	{
		CompareOptions co = {.label_a = "the baseline", .label_b = "the history"};
		ReplayState st;
		(void)!replay_base(o, base, pdl);
		replay_state_init(&st, base, &ro);
		int brc = replay_sql(base, sb_str(&text), "baseline", &st, pdl);
		replay_state_release(&st);
		if (brc != 0 || catalog_compare(base, at, &co, pdl)) {
			res->outcome = SQ_PROOF_AT_V;
			goto out;
		}
	}
	/* proof 2: baseline + later migrations == whole history */
	{
		MigrationSet rest = set;
		rest.items = set.items + last + 1;
		rest.n = set.n - last - 1;
		head = base;
		base = NULL;
		full = catalog_new();
		(void)!replay_base(o, full, pdl);
		CompareOptions co = {.label_a = "baseline + later migrations", .label_b = "the history"};
		bool replayed = replay_migrations(head, &rest, &ro, pdl) == 0 &&
		                replay_migrations(full, &set, &ro, pdl) == 0;
		(void)ignore_apply(o->ignore, head);
		(void)ignore_apply(o->ignore, full);
		if (!replayed || catalog_compare(head, full, &co, pdl)) {
			res->outcome = SQ_PROOF_HEAD;
			goto out;
		}
	}
	res->baseline = xstrdup(sb_str(&text));
	if (o->dry_run) {
		res->outcome = SQ_DRY_RUN;
		goto out;
	}
	/* retire the originals, then write the baseline with version V */
	res->outcome = SQ_ENV;
	for (size_t i = first; i <= last; i++) {
		Migration *m = &set.items[i];
		if (m->kind != MIG_VERSIONED)
			continue;
		const char *paths[2] = {m->up_path, m->down_path};
		for (int k = 0; k < 2; k++) {
			if (!paths[k])
				continue;
			char *e = top_entry(fold.dir, paths[k]);
			int r = retire(fold.dir, e, o->del, dl);
			free(e);
			if (r != 0)
				goto out;
		}
	}
	/* lexical: the version is the whole file name, so the baseline is named after it alone */
	if (migration_write(fold.dir, fold.format, to, fold.format == FMT_LEXICAL ? NULL : o->name,
	                    migration_plain_sep(&fold), sb_str(&text), NULL, &res->written, &res->n_written,
	                    dl) != 0)
		goto out;
	res->outcome = SQ_WRITTEN;
out:
	sb_release(&dump);
	sb_release(&text);
	sb_release(&tpath);
	catalog_free(at);
	catalog_free(pre);
	catalog_free(base);
	catalog_free(head);
	catalog_free(full);
	migration_set_free(&set);
	switch (res->outcome) {
	case SQ_WRITTEN:
	case SQ_DRY_RUN:
		return EXIT_OK;
	case SQ_ENV:
	case SQ_NO_VERSION:
	case SQ_CANNOT_WRITE:
	case SQ_ACROSS_FOLDERS:
		return EXIT_USAGE;
	default:
		return EXIT_FINDINGS;
	}
}

void squash_result_free(SquashResult *r)
{
	free(r->first);
	free(r->baseline);
	for (size_t i = 0; i < r->n_written; i++)
		free(r->written[i]);
	free(r->written);
	diag_list_release(&r->proof);
	memset(r, 0, sizeof(*r));
}
