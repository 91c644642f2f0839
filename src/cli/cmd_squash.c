/* cmd_squash.c — `strata squash --to V`: replace the migrations up to V with one baseline generated from the
 * catalog at V (dependency-ordered DDL from the SQL dump), proven equal by replay, and move the originals to
 * <dir>/.squashed/. The baseline keeps version V and carries `-- strata:squash covers FIRST..V`, so that
 * databases already at V or later take it as applied (exec/status.c) and fresh ones run it. */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "cli/common.h"
#include "project/write.h"
#include "util/fs.h"
#include "util/strbuf.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

static const char squash_help[] =
    "usage: strata squash --to VERSION [--name NAME] [--delete] [--dry-run] [--prereq FILE]\n"
    "                     [--search-path PATH] [--user NAME] [--dir DIR] [--convention NAME] [--var "
    "NAME=VALUE]\n\n"
    "Replace every migration up to and including VERSION with one baseline migration of version VERSION,\n"
    "generated from the schema at VERSION (SQL in dependency order). Before anything changes, the baseline\n"
    "is replayed and compared with the schema at VERSION, and baseline + the later migrations with the "
    "whole\n"
    "history (\"verified\"); otherwise the differences are printed and nothing changes.\n"
    "The originals move to DIR/.squashed/ (or are deleted with --delete). The baseline starts with\n"
    "`-- strata:squash covers FIRST..VERSION`: `strata up`/`status` treat it as applied on databases whose\n"
    "history reaches FIRST or later, and run it on fresh ones. Repeatable migrations are kept.\n\n"
    "  --to VERSION         last migration to squash\n"
    "  --name NAME          baseline name (default: squashed_baseline)\n"
    "  --delete             delete the squashed files instead of moving them to .squashed/\n"
    "  --dry-run            print the baseline, change nothing\n"
    "  --prereq FILE        setup script replayed first (its objects are not part of the baseline)\n"
    "  --search-path PATH   search_path of the replay; --user NAME the user for \"$user\"\n" CLI_IGNORE_HELP
    "Exit: 0 squashed, 1 the proof failed or the history has errors, 2 usage or environment "
    "error.\n\n" CLI_COMMON_HELP;

enum { OPT_TO = OPT_CMD_BASE, OPT_NAME, OPT_DELETE, OPT_DRY_RUN, OPT_PREREQ, OPT_SEARCH_PATH, OPT_USER };

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

int cmd_squash(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "squash");
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         {"to", required_argument, NULL, OPT_TO},
	                                         {"name", required_argument, NULL, OPT_NAME},
	                                         {"delete", no_argument, NULL, OPT_DELETE},
	                                         {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         CLI_IGNORE_LONGOPT,
	                                         {NULL, 0, NULL, 0}};
	const char *to = NULL, *name = "squashed_baseline", *prereq = NULL;
	bool del = false, dry_run = false;
	ReplayOptions ro = {0};
	ro.quiet_info = true;
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(squash_help, stdout);
			cli_common_free(&c);
			return EXIT_OK;
		case OPT_TO:
			to = optarg;
			continue;
		case OPT_NAME:
			name = optarg;
			continue;
		case OPT_DELETE:
			del = true;
			continue;
		case OPT_DRY_RUN:
			dry_run = true;
			continue;
		case OPT_PREREQ:
			prereq = optarg;
			continue;
		case OPT_SEARCH_PATH:
			ro.search_path = optarg;
			continue;
		case OPT_USER:
			ro.user = optarg;
			continue;
		default:
			break;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r <= 0) {
			cli_common_free(&c);
			return r < 0 ? EXIT_USAGE : cli_bad_option("squash", argv, optopt);
		}
	}
	if (optind < argc || !to) {
		cli_common_free(&c);
		return optind < argc ? cli_usage_error("squash", "unexpected argument \"%s\"", argv[optind])
		                     : cli_usage_error("squash", "--to VERSION is required");
	}
	int rc = cli_common_finish(&c);
	if (rc) {
		cli_common_free(&c);
		return rc;
	}
	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT, pdl = DIAGLIST_INIT;
	Catalog *at = NULL, *pre = NULL, *base = NULL, *head = NULL, *full = NULL;
	StrBuf dump = STRBUF_INIT, text = STRBUF_INIT;
	char **written = NULL;
	size_t nwritten = 0;
	rc = EXIT_FINDINGS;
	if (cli_load_migrations(&c, &set, &dl) != 0) {
		rc = EXIT_USAGE;
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
		rc = cli_usage_error("squash", "no migration has version \"%s\"", to);
		goto out;
	}
	if (set.format == FMT_TEMPORAL) {
		rc = cli_usage_error("squash", "cannot write temporal-sql-tool migrations (manifest.json)");
		goto out;
	}
	/* the schema at V, and what the prereq alone creates (not part of the baseline) */
	at = catalog_new();
	pre = catalog_new();
	ro.stop_at = to;
	Prereq pq;
	prereq_init(&pq, c.dir, c.cfg.platform, prereq);
	if (prereq_replay(at, &pq, &dl) != 0 || prereq_replay(pre, &pq, &dl) != 0 ||
	    replay_migrations(at, &set, &ro, &dl) != 0) {
		fprintf(stderr, "strata squash: error: the history up to \"%s\" has errors\n", to);
		goto out;
	}
	(void)ignore_apply(&c.ignore, at); /* other tools' history tables are theirs: not in the baseline */
	for (size_t i = 0; i < pre->all.n; i++) {
		CatObject *p = pre->all.items[i];
		CatObject *o = p->dropped ? NULL : catalog_find(at, p->kind, p->identity);
		if (o && (o->kind == OBJ_SCHEMA || o->kind == OBJ_EXTENSION))
			o->dropped = true; /* the dump skips it; the prereq creates it */
	}
	if (catalog_dump_sql(at, &dump, &dl) != 0)
		goto out;
	for (size_t i = 0; i < pre->all.n; i++) {
		CatObject *p = pre->all.items[i];
		for (size_t j = 0; j < at->all.n; j++) {
			CatObject *o = at->all.items[j];
			if (o->dropped && o->kind == p->kind && !strcmp(o->identity, p->identity) &&
			    (o->kind == OBJ_SCHEMA || o->kind == OBJ_EXTENSION))
				o->dropped = false;
		}
	}
	sb_appendf(&text, "-- strata:squash covers %s..%s\n", set.items[first].version, to);
	sb_appendf(&text, "-- baseline generated by strata squash from %zu migrations, verified by replay\n",
	           last - first + 1);
	sb_append(&text,
	          "SET check_function_bodies = false;\n"); /* as pg_dump: bodies may name later objects */
	sb_append(&text, sb_str(&dump));

	/* proof 1: prereq + baseline == schema at V */
	ro.stop_at = NULL;
	base = catalog_new();
	{
		CompareOptions co = {.label_a = "the baseline",
		                     .label_b = "the history",
		                     .ignore_comments = false,
		                     .ignore_column_order = false};
		ReplayState st;
		(void)!prereq_replay(base, &pq, &pdl);
		replay_state_init(&st, base, &ro);
		int brc = replay_sql(base, sb_str(&text), "baseline", &st, &pdl);
		replay_state_release(&st);
		if (brc != 0 || catalog_compare(base, at, &co, &pdl)) {
			fprintf(stderr,
			        "strata squash: error: the proof failed: the baseline differs from the "
			        "history at \"%s\"\n",
			        to);
			report_text(stderr, &pdl, c.color);
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
		(void)!prereq_replay(full, &pq, &pdl);
		CompareOptions co = {.label_a = "baseline + later migrations",
		                     .label_b = "the history",
		                     .ignore_comments = false,
		                     .ignore_column_order = false};
		bool replayed = replay_migrations(head, &rest, &ro, &pdl) == 0 &&
		                replay_migrations(full, &set, &ro, &pdl) == 0;
		(void)ignore_apply(&c.ignore, head);
		(void)ignore_apply(&c.ignore, full);
		if (!replayed || catalog_compare(head, full, &co, &pdl)) {
			fprintf(stderr, "strata squash: error: the proof failed: baseline + later migrations "
			                "differ from the history\n");
			report_text(stderr, &pdl, c.color);
			goto out;
		}
	}
	if (dry_run) {
		cli_ignore_note(&c);
		fputs(sb_str(&text), stdout);
		printf("verified\n");
		rc = EXIT_OK;
		goto out;
	}
	/* retire the originals, then write the baseline with version V */
	for (size_t i = first; i <= last; i++) {
		Migration *m = &set.items[i];
		if (m->kind != MIG_VERSIONED)
			continue;
		const char *paths[2] = {m->up_path, m->down_path};
		for (int k = 0; k < 2; k++) {
			if (!paths[k])
				continue;
			char *e = top_entry(set.dir, paths[k]);
			int r = retire(set.dir, e, del, &dl);
			free(e);
			if (r != 0) {
				rc = EXIT_USAGE;
				goto out;
			}
		}
	}
	if (migration_write(set.dir, set.format, to, name, migration_plain_sep(&set), sb_str(&text), NULL,
	                    &written, &nwritten, &dl) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	cli_ignore_note(&c);
	printf("verified: %zu migrations (%s..%s) squashed into one baseline\n", last - first + 1,
	       set.items[first].version, to);
	for (size_t i = 0; i < nwritten; i++)
		printf("wrote %s\n", written[i]);
	printf("%s the originals%s\n", del ? "deleted" : "moved", del ? "" : " to .squashed/");
	rc = EXIT_OK;
out:
	report_text(stderr, &dl, c.color);
	for (size_t i = 0; i < nwritten; i++)
		free(written[i]);
	free(written);
	sb_release(&dump);
	sb_release(&text);
	catalog_free(at);
	catalog_free(pre);
	catalog_free(base);
	catalog_free(head);
	catalog_free(full);
	migration_set_free(&set);
	diag_list_release(&dl);
	diag_list_release(&pdl);
	cli_common_free(&c);
	return rc;
}
