/* cmd_ls.c — `strata ls`: the migrations of a folder in apply order. */
#include "strata.h"
#include "cli/common.h"
#include "util/fs.h"

static const char ls_help[] =
    "usage: strata ls [--dir DIR] [--json] [--convention NAME]\n\n"
    "List migrations in the order they apply: version, name, convention, flags, short checksum, file;\n"
    "then which convention the folder follows and why (detected from the file names, or forced).\n"
    "Exit: 0 ok, 1 discovery errors (duplicate version, unreadable file, ...), 2 usage.\n\n" CLI_COMMON_HELP;

static void flags_text(const Migration *m, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s%s%s", m->kind == MIG_REPEATABLE ? "repeatable," : "",
	         m->no_transaction ? "no-tx," : "", m->down_sql ? "down," : "", m->skip ? "skip," : "");
	size_t l = strlen(buf);
	if (l)
		buf[l - 1] = '\0';
	else
		snprintf(buf, n, "-");
}

int cmd_ls(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "ls");
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(ls_help, stdout);
			return EXIT_OK;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("ls", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("ls", "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;

	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT;
	int drc = cli_load_migrations(&c, &set, &dl);
	if (c.out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "dir", json_string(c.dirs_text));
		json_object_set_new(root, "convention", json_string(mig_format_name(set.format)));
		json_object_set_new(root, "convention_reason",
		                    set.format_why ? json_string(set.format_why) : json_null());
		json_t *folders = json_array();
		for (size_t k = 0; k < (set.n_folders ? set.n_folders : 1); k++) {
			MigrationSet f = project_folder_view(&set, k);
			json_t *o = json_object();
			json_object_set_new(o, "dir", json_string(set.n_folders ? f.dir : c.dir));
			json_object_set_new(o, "convention", json_string(mig_format_name(f.format)));
			json_object_set_new(o, "convention_reason",
			                    f.format_why ? json_string(f.format_why) : json_null());
			json_object_set_new(o, "migrations", json_integer((json_int_t)f.n));
			json_array_append_new(folders, o);
		}
		json_object_set_new(root, "folders", folders);
		json_t *arr = json_array();
		for (size_t i = 0; i < set.n; i++) {
			Migration *m = &set.items[i];
			json_t *o = json_object();
			json_object_set_new(o, "version", json_string(m->version));
			json_object_set_new(o, "name", json_string(m->name));
			json_object_set_new(o, "format", json_string(mig_format_name(m->format)));
			json_object_set_new(o, "repeatable", json_boolean(m->kind == MIG_REPEATABLE));
			json_object_set_new(o, "transaction", json_boolean(!m->no_transaction));
			json_object_set_new(o, "has_down", json_boolean(m->down_sql != NULL));
			json_object_set_new(o, "checksum", json_string(m->checksum));
			json_object_set_new(o, "skip", json_boolean(m->skip));
			if (m->skip)
				json_object_set_new(o, "skip_reason", json_string(m->skip_reason));
			json_object_set_new(o, "file", json_string(m->up_path));
			if (m->down_path)
				json_object_set_new(o, "down_file", json_string(m->down_path));
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "migrations", arr);
		json_object_set_new(root, "diagnostics", report_diags_json(&dl));
		report_json_print(stdout, root);
	} else {
		report_text(stderr, &dl, c.color);
		for (size_t i = 0; i < set.n; i++) {
			Migration *m = &set.items[i];
			char flags[64];
			flags_text(m, flags, sizeof(flags));
			char *name = report_escape(m->name), *path = report_escape(m->up_path);
			printf("%-24s %-40s %-14s %-18s %.12s  %s\n",
			       m->version[0] ? m->version : "(repeatable)", name, mig_format_name(m->format),
			       flags, m->checksum, path);
			free(name);
			free(path);
		}
		for (size_t k = 0; k < (set.n_folders ? set.n_folders : 1); k++) {
			MigrationSet f = project_folder_view(&set, k);
			if (f.format_why && set.n_folders)
				fprintf(stderr, "%s: convention %s: %s\n", f.dir, mig_format_name(f.format),
				        f.format_why);
			else if (f.format_why)
				fprintf(stderr, "convention %s: %s\n", mig_format_name(f.format),
				        f.format_why);
		}
		if (drc == 0 && set.n_folders)
			fprintf(stderr, "%zu migrations in %zu folders (%s)\n", set.n, set.n_folders,
			        c.dirs_text);
		else if (drc == 0)
			fprintf(stderr, "%zu migrations (%s) in %s\n", set.n, mig_format_name(set.format),
			        c.dir);
	}
	rc = drc != 0 ? EXIT_FINDINGS : EXIT_OK;
	if (drc != 0 && set.n == 0 && !project_exists(&c.proj))
		rc = EXIT_USAGE;
	migration_set_free(&set);
	diag_list_release(&dl);
	cli_common_free(&c);
	return rc;
}
