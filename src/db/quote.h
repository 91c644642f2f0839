/* quote.h — connection-free quoting moved to sql/quote.h (it needs no database); this header stays so that
 * code written against the old place still builds. New code includes sql/quote.h. */
#ifndef STRATA_DB_QUOTE_H
#define STRATA_DB_QUOTE_H

#include "sql/quote.h"

#endif
