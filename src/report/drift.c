/* drift.c — printing `strata drift`: the grouped report of every target (text, JSON, SARIF, GitHub) and
 * what `drift --fix` did (see report.h). */
#include "strata.h"
#include "report/drift.h"

int report_drift_fix(const DriftTarget *t, const DriftFixResult *f, const DiagList *dl, bool color, int rc)
{
	switch (f->outcome) {
	case FIX_NO_DRIFT:
		report_text(stderr, dl, color);
		printf("no drift: nothing to fix\n");
		break;
	case FIX_NO_STATEMENT:
		report_text(stderr, &t->diffs, color);
		fprintf(stderr,
		        "strata drift: error: %zu difference%s but the diff has no statement for them\n",
		        f->differences, f->differences == 1 ? "" : "s");
		report_text(stderr, dl, color);
		break;
	case FIX_DESTRUCTIVE:
		report_text(stderr, dl, color);
		fprintf(
		    stderr,
		    "strata drift: error: %zu destructive step%s (use --allow-destructive to write them):\n",
		    f->n_destructive, f->n_destructive == 1 ? "" : "s");
		for (size_t i = 0; i < f->n_destructive; i++)
			fprintf(stderr, "  %s\n", f->destructive[i]);
		break;
	case FIX_PROOF_FAILED:
		fprintf(stderr, "strata drift: error: the proof of the fix failed:\n");
		report_text(stderr, &f->proof, color);
		report_text(stderr, dl, color);
		break;
	case FIX_DRY_RUN:
		report_text(stderr, dl, color);
		printf("-- up\n%s\n-- down\n%s", f->up, f->down);
		if (f->version)
			printf("-- would be version %s\n", f->version);
		printf("verified\n");
		break;
	case FIX_WRITTEN:
		report_text(stderr, dl, color);
		printf("%zu difference%s; fix verified on the drifted database and on one without the drift: "
		       "%zu statement%s\n",
		       f->differences, f->differences == 1 ? "" : "s", f->up_statements,
		       f->up_statements == 1 ? "" : "s");
		for (size_t i = 0; i < f->n_written; i++)
			printf("wrote %s\n", f->written[i]);
		printf("apply it with `strata up`\n");
		break;
	default:
		report_text(stderr, dl, color);
	}
	return rc;
}

int report_drift(DriftTarget *t, size_t nt, const char *noun, DiagList *dl, OutFormat fmt, bool color,
                 const IgnoreList *ignore)
{
	size_t failed = 0, total = 0;
	for (size_t i = 0; i < nt; i++) {
		failed += t[i].failed;
		total += t[i].diffs.n;
	}
	DiagList groups = DIAGLIST_INIT;
	size_t ng = drift_group(t, nt, noun, &groups);
	diag_list_append_all(&groups, dl);
	if (fmt == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "kind", json_string(noun));
		json_object_set_new(root, "targets", json_integer((json_int_t)nt));
		json_object_set_new(root, "failed_targets", json_integer((json_int_t)failed));
		json_object_set_new(root, "differences", json_integer((json_int_t)total));
		json_object_set_new(root, "distinct", json_integer((json_int_t)ng));
		json_t *per = json_array();
		for (size_t i = 0; i < nt; i++) {
			json_t *e = json_object();
			json_object_set_new(e, "target", json_string(t[i].label));
			json_object_set_new(e, "failed", json_boolean(t[i].failed));
			json_object_set_new(e, "diagnostics", report_diags_json(&t[i].diffs));
			json_array_append_new(per, e);
		}
		json_object_set_new(root, "per_target", per);
		json_object_set_new(root, "diagnostics", report_diags_json(&groups));
		report_json_print(stdout, root);
	} else if (fmt == OUT_SARIF) {
		report_json_print(stdout, report_sarif(&groups));
	} else if (fmt == OUT_GITHUB) {
		report_github(stdout, &groups);
	} else {
		StrBuf note = STRBUF_INIT;
		if (ignore)
			ignore_note(ignore, &note);
		if (note.len)
			fprintf(stderr, "strata drift: note: %s\n", sb_str(&note));
		sb_release(&note);
		report_text(stdout, &groups, color);
		printf("%zu %s%s, %zu difference%s (%zu distinct)%s\n", nt, noun, nt == 1 ? "" : "s", total,
		       total == 1 ? "" : "s", ng, failed ? ", some could not be read" : "");
	}
	int rc = total || failed || diag_has_errors(&groups) ? EXIT_FINDINGS : EXIT_OK;
	diag_list_release(&groups);
	return rc;
}
