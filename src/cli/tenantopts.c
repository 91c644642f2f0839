/* tenantopts.c — the tenant options of every tenant-aware subcommand, resolved into a TenantConfig (see
 * tenantopts.h). */
#include "strata.h"
#include "cli/tenantopts.h"
#include "db/connect.h"
#include "report/report.h"

void cli_tenant_init(TenantCli *t)
{
	memset(t, 0, sizeof(*t));
}

int cli_tenant_opt(TenantCli *t, int opt, const char *arg)
{
	switch (opt) {
	case OPT_TENANT_DIR:
		t->cfg.tenant_dir = arg;
		return 1;
	case OPT_TENANT_MODE:
		t->mode_text = arg;
		return 1;
	case OPT_SHARED_SCHEMA:
		t->cfg.shared = arg;
		return 1;
	case OPT_SEARCH_PATH:
		t->cfg.search_path = arg;
		return 1;
	case OPT_TENANT_SOURCE:
		t->source_text = arg;
		return 1;
	case OPT_SERVERS:
		t->servers_text = arg;
		return 1;
	default:
		return 0;
	}
}

static int cfg_error(CliCommon *c, const char *flag, const char *key, const char *msg)
{
	if (flag)
		fprintf(stderr, "strata %s: error: %s: %s\n", c->cmd, flag, msg);
	else
		fprintf(stderr, "%s: error: %s: %s\n", c->cfg.path ? c->cfg.path : "strata.conf", key, msg);
	return EXIT_USAGE;
}

int cli_tenant_finish(CliCommon *c, TenantCli *t, bool need_servers)
{
	const Config *cfg = &c->cfg;
	const char *mode_flag = t->mode_text ? "--tenant-mode" : NULL;
	if (!t->cfg.tenant_dir)
		t->cfg.tenant_dir = cfg->tenant_dir;
	if (!t->mode_text)
		t->mode_text = cfg->tenant_mode;
	t->cfg.mode = tenant_mode_parse(t->mode_text);
	if (t->cfg.mode == TMODE__BAD)
		return cfg_error(c, mode_flag, "[tenants] mode", "want schema, database or shared");
	const char *sp_flag = t->cfg.search_path ? "--search-path" : NULL;
	if (!t->cfg.shared)
		t->cfg.shared = cfg->shared_schema ? cfg->shared_schema : "public";
	if (!t->cfg.search_path)
		t->cfg.search_path = cfg->tenant_search_path;
	StrBuf sb = STRBUF_INIT;
	char *err = NULL;
	if (tenant_search_path(&sb, t->cfg.search_path, t->cfg.shared, "x", &err) != 0) {
		int rc = cfg_error(c, sp_flag, "[tenants] search_path", err);
		free(err);
		sb_release(&sb);
		return rc;
	}
	sb_release(&sb);
	const char *src_flag = t->source_text ? "--tenant-source" : NULL;
	if (!t->source_text)
		t->source_text = cfg->tenant_source;
	if (tenant_source_parse(t->source_text, &t->cfg.source, &err) != 0) {
		int rc = cfg_error(c, src_flag, "[tenants] source", err);
		free(err);
		return rc;
	}
	if (!t->servers_text)
		t->servers_text = cfg->fleet_servers;
	if (t->servers_text) {
		t->cfg.n_servers = split_list(t->servers_text, &t->cfg.servers);
		if (!t->cfg.n_servers)
			return cfg_error(c, cfg->fleet_servers ? NULL : "--servers", "[fleet] servers",
			                 "names no server");
	} else if (need_servers) {
		DiagList dl = DIAGLIST_INIT;
		char *url = NULL;
		if (db_resolve_url(c->database_url, &url, &dl) != 0) {
			report_text(stderr, &dl, c->color);
			diag_list_release(&dl);
			return EXIT_USAGE;
		}
		t->cfg.servers = xcalloc(1, sizeof(char *));
		t->cfg.servers[0] = url;
		t->cfg.n_servers = 1;
	}
	return 0;
}

void cli_tenant_free(TenantCli *t)
{
	tenant_config_release(&t->cfg);
	memset(t, 0, sizeof(*t));
}

int cli_rollout(CliCommon *c, TenantCli *t, RolloutOpts *ro)
{
	ro->proj = &c->proj;
	ro->out = stdout;
	ro->err = stderr;
	ro->sink = &c->sink;
	DiagList dl = DIAGLIST_INIT;
	int rc = rollout_run(&t->cfg, ro, &dl);
	if (dl.n)
		report_text(stderr, &dl, c->color);
	diag_list_release(&dl);
	return rc;
}

int cli_tenant_names(const char *cmd, int argc, char **argv, int first, char ***names, size_t *n)
{
	*names = NULL;
	*n = 0;
	for (int i = first; i < argc; i++) {
		if (!strcmp(argv[i], "all")) {
			if (argc - first > 1)
				return cli_usage_error(cmd, "\"all\" does not go with tenant names");
			continue;
		}
		const char *why = tenant_name_problem(argv[i], NULL);
		if (why)
			return cli_usage_error(cmd, "tenant \"%s\": %s", argv[i], why);
	}
	if (!(argc - first == 1 && !strcmp(argv[first], "all"))) {
		*names = argv + first;
		*n = (size_t)(argc - first);
	}
	return 0;
}
