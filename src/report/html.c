/* html.c — the report page: a fixed skeleton, the stylesheet and script compiled in (assets.h), the model
 * as JSON, the diagram as inline SVG. The script draws the fleet and history from the JSON; nothing is
 * fetched (the Content-Security-Policy forbids it, so a stray reference fails loudly in the console). */
#include "strata.h"
#include "report/assets.h"
#include "report/html.h"

/* TEXT for HTML element content: &, <, > and " as entities. */
static void html_text(StrBuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '&')
			sb_append(sb, "&amp;");
		else if (*s == '<')
			sb_append(sb, "&lt;");
		else if (*s == '>')
			sb_append(sb, "&gt;");
		else if (*s == '"')
			sb_append(sb, "&quot;");
		else
			sb_putc(sb, *s);
	}
}

/* JSON inside <script type="application/json">: "</" must not occur (it could close the element) and
 * "<!--" must not open a comment; both are written with the '<' escaped, which JSON reads the same. */
static void script_json(StrBuf *sb, const char *json)
{
	for (const char *s = json; s && *s; s++) {
		if (*s == '<')
			sb_append(sb, "\\u003c");
		else
			sb_putc(sb, *s);
	}
}

void report_html_page(const char *title, const char *data_json, const char *svg, StrBuf *out)
{
	sb_append(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	               "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
	               "<meta name=\"generator\" content=\"strata " STRATA_VERSION "\">\n<title>");
	html_text(out, title);
	sb_append(out, "</title>\n<style>\n");
	sb_append(out, report_css);
	sb_append(out, "</style>\n</head>\n<body>\n<header id=\"top\"><h1>");
	html_text(out, title);
	sb_append(out, "</h1><p class=\"sub\" id=\"subtitle\"></p><nav id=\"nav\"></nav></header>\n<main>\n"
	               "<section id=\"fleet\" hidden></section>\n"
	               "<section id=\"schema\"><h2>Schema</h2><div id=\"schema-summary\"></div>"
	               "<div id=\"schema-legend\"></div><div class=\"er-tools\" id=\"er-tools\"></div>"
	               "<div class=\"er\" id=\"er\">\n");
	if (svg && *svg)
		sb_append(out, svg);
	sb_append(out,
	          "</div></section>\n<section id=\"history\" hidden></section>\n</main>\n"
	          "<footer id=\"footer\"></footer>\n<script type=\"application/json\" id=\"strata-data\">");
	script_json(out, data_json);
	sb_append(out, "</script>\n<script>\n");
	sb_append(out, report_js);
	sb_append(out, "</script>\n</body>\n</html>\n");
}
