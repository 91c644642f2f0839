/* platform.h — hosting platforms whose databases come with objects migrations rely on but never create
 * (Supabase: the auth and storage schemas, auth.uid(), the anon/authenticated/service_role roles, the
 * extensions schema). A migrations folder of such a platform gets a built-in prereq: replayed before the
 * history by check, schema, diff, drift and squash (analysis/prereq.h), and run on verify's throwaway
 * server, so no hand-written file is needed; --prereq FILE still adds to it. */
#ifndef STRATA_ANALYSIS_PLATFORM_H
#define STRATA_ANALYSIS_PLATFORM_H

#include "strata.h"

typedef enum Platform { PLATFORM_NONE = 0, PLATFORM_SUPABASE, PLATFORM__BAD } Platform;

const char *platform_name(Platform p);         /* "supabase", "none" */
Platform platform_from_name(const char *name); /* PLATFORM__BAD when unknown */

/* The platform of migrations folder DIR: CONFIGURED ([migrations] platform, may be NULL) when set, else
 * Supabase for a folder inside a folder named "supabase" (supabase/migrations, where the Supabase CLI
 * keeps them), else none. */
Platform platform_detect(const char *dir, const char *configured);

/* The prereq SQL of P (static; runs as superuser on a plain PostgreSQL 15 and replays in the model), or
 * NULL for none; and the name diagnostics give it as a file. */
const char *platform_prereq_sql(Platform p);
const char *platform_prereq_label(Platform p);

#endif
