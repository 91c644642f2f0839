/* drift.h — printing `strata drift`: the grouped report of every target and what `drift --fix` did. */
#ifndef STRATA_REPORT_DRIFT_H
#define STRATA_REPORT_DRIFT_H

#include "strata.h"
#include "exec/drift_run.h"
#include "report/report.h"

/* Print targets T[0..NT) grouped by difference (NOUN "target" or "tenant") and DL in FMT to stdout (in
 * text, after a note on stderr of the tables IGNORE left out); returns the exit code (1 on any
 * difference, or a target that could not be read). */
int report_drift(DriftTarget *t, size_t nt, const char *noun, DiagList *dl, OutFormat fmt, bool color,
                 const IgnoreList *ignore);
/* What `drift --fix` did for T (F, with the diagnostics DL around it); returns RC. */
int report_drift_fix(const DriftTarget *t, const DriftFixResult *f, const DiagList *dl, bool color, int rc);

#endif
