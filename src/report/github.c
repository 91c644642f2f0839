/* github.c — diagnostics as GitHub Actions workflow commands, so they show as annotations on the pull
 * request. Property values and messages are escaped as the runner requires (%, CR, LF; plus : and , in
 * properties). */
#include "strata.h"
#include "report/report.h"
#include "util/strbuf.h"

static void escape(StrBuf *sb, const char *s, bool property)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '%':
			sb_append(sb, "%25");
			break;
		case '\r':
			sb_append(sb, "%0D");
			break;
		case '\n':
			sb_append(sb, "%0A");
			break;
		case ':':
			sb_append(sb, property ? "%3A" : ":");
			break;
		case ',':
			sb_append(sb, property ? "%2C" : ",");
			break;
		default:
			sb_putc(sb, *s);
		}
	}
}

void report_github(FILE *out, const DiagList *dl)
{
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < dl->n; i++) {
		const Diag *d = &dl->items[i];
		sb_reset(&sb);
		sb_append(&sb, d->sev == SEV_ERROR     ? "::error "
		               : d->sev == SEV_WARNING ? "::warning "
		                                       : "::notice ");
		if (d->file) {
			sb_append(&sb, "file=");
			escape(&sb, d->file, true);
			if (d->line > 0)
				sb_appendf(&sb, ",line=%d", d->line);
			if (d->col > 0)
				sb_appendf(&sb, ",col=%d", d->col);
			sb_putc(&sb, ',');
		}
		sb_append(&sb, "title=strata ");
		escape(&sb, d->rule ? d->rule : "error", true);
		sb_append(&sb, "::");
		escape(&sb, d->message, false);
		if (d->detail) {
			sb_append(&sb, "%0A");
			escape(&sb, d->detail, false);
		}
		if (d->hint) {
			sb_append(&sb, "%0Ahint: ");
			escape(&sb, d->hint, false);
		}
		fprintf(out, "%s\n", sb_str(&sb));
	}
	sb_release(&sb);
}
