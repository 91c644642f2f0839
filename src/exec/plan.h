/* plan.h — the plan of one migration moved to project/plan.h (it is pure: no database, and analysis/ and
 * db/ need it too); this header stays so that code written against the old place still builds. New code
 * includes project/plan.h. */
#ifndef STRATA_EXEC_PLAN_H
#define STRATA_EXEC_PLAN_H

#include "project/plan.h"

#endif
