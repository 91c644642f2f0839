/* sarif.c — diagnostics as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), the
 * format code-scanning services ingest. One run; rules listed once each in tool.driver.rules; every result
 * points at its rule by id and index. */
#include "strata.h"
#include "report/report.h"
#include "util/hmap.h"

static const char *sarif_level(Severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* SARIF wants artifact URIs: relative paths stay relative (resolved against the working folder); characters
 * outside the URI set are percent-encoded. */
static json_t *uri_of(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(path);
	char *u = xmalloc(n * 3 + 1), *p = u;
	for (const unsigned char *s = (const unsigned char *)path; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("-._~/", *s)) {
			*p++ = (char)*s;
		} else {
			*p++ = '%';
			*p++ = hex[*s >> 4];
			*p++ = hex[*s & 15];
		}
	}
	*p = '\0';
	json_t *j = json_string(u);
	free(u);
	return j;
}

json_t *report_sarif(const DiagList *dl)
{
	json_t *rules = json_array();
	json_t *results = json_array();
	HMap index = HMAP_INIT; /* rule id → index + 1 */
	for (size_t i = 0; i < dl->n; i++) {
		const Diag *d = &dl->items[i];
		const char *rule = d->rule ? d->rule : "error";
		size_t idx = (size_t)(uintptr_t)hmap_get(&index, rule);
		if (!idx) {
			json_t *r = json_object();
			json_object_set_new(r, "id", json_string(rule));
			json_object_set_new(r, "name", json_string(rule));
			json_object_set_new(
			    r, "helpUri",
			    json_string("https://github.com/strata/strata/blob/main/docs/rules.md"));
			json_t *conf = json_object();
			json_object_set_new(conf, "level", json_string(sarif_level(d->sev)));
			json_object_set_new(r, "defaultConfiguration", conf);
			json_array_append_new(rules, r);
			idx = json_array_size(rules);
			hmap_put(&index, rule, (void *)(uintptr_t)idx);
		}
		json_t *res = json_object();
		json_object_set_new(res, "ruleId", json_string(rule));
		json_object_set_new(res, "ruleIndex", json_integer((json_int_t)(idx - 1)));
		json_object_set_new(res, "level", json_string(sarif_level(d->sev)));
		json_t *msg = json_object();
		char *text = d->hint ? xasprintf("%s%s%s (hint: %s)", d->message, d->detail ? ": " : "",
		                                 d->detail ? d->detail : "", d->hint)
		                     : xasprintf("%s%s%s", d->message, d->detail ? ": " : "",
		                                 d->detail ? d->detail : "");
		json_object_set_new(msg, "text", json_string(text));
		free(text);
		json_object_set_new(res, "message", msg);
		if (d->file) {
			json_t *art = json_object();
			json_object_set_new(art, "uri", uri_of(d->file));
			json_t *phys = json_object();
			json_object_set_new(phys, "artifactLocation", art);
			if (d->line > 0) {
				json_t *region = json_object();
				json_object_set_new(region, "startLine", json_integer(d->line));
				if (d->col > 0)
					json_object_set_new(region, "startColumn", json_integer(d->col));
				json_object_set_new(phys, "region", region);
			}
			json_t *loc = json_object();
			json_object_set_new(loc, "physicalLocation", phys);
			json_t *locs = json_array();
			json_array_append_new(locs, loc);
			json_object_set_new(res, "locations", locs);
		}
		json_array_append_new(results, res);
	}
	hmap_release(&index);

	json_t *driver = json_object();
	json_object_set_new(driver, "name", json_string("strata"));
	json_object_set_new(driver, "version", json_string(STRATA_VERSION));
	json_object_set_new(driver, "informationUri", json_string("https://github.com/strata/strata"));
	json_object_set_new(driver, "rules", rules);
	json_t *tool = json_object();
	json_object_set_new(tool, "driver", driver);
	json_t *run = json_object();
	json_object_set_new(run, "tool", tool);
	json_object_set_new(run, "columnKind", json_string("unicodeCodePoints"));
	json_object_set_new(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);
	json_t *log = json_object();
	json_object_set_new(log, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
	json_object_set_new(log, "version", json_string("2.1.0"));
	json_object_set_new(log, "runs", runs);
	return log;
}
