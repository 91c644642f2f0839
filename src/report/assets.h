/* assets.h — the HTML report's stylesheet and script (src/report/assets/report.css, report.js), compiled
 * into the binary by scripts/embed-assets so that a report needs nothing from the network or the disk. */
#ifndef STRATA_REPORT_ASSETS_H
#define STRATA_REPORT_ASSETS_H

extern const char report_css[];
extern const char report_js[];

#endif
