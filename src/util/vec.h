/* vec.h — the one growable-array macro. A Vec is {items, n, cap}; zero-initialised is empty.
 * Elements move when the array grows: never keep pointers into a Vec across a push. */
#ifndef STRATA_UTIL_VEC_H
#define STRATA_UTIL_VEC_H

#include "strata.h"

#define VEC(T)              \
	struct {            \
		T *items;   \
		size_t n;   \
		size_t cap; \
	}

#define vec_reserve(v, want)                                                         \
	do {                                                                         \
		if ((want) > (v)->cap) {                                             \
			size_t c_ = (v)->cap ? (v)->cap * 2 : 8;                     \
			while (c_ < (want))                                          \
				c_ *= 2;                                             \
			(v)->items = xrealloc((v)->items, c_ * sizeof(*(v)->items)); \
			(v)->cap = c_;                                               \
		}                                                                    \
	} while (0)

#define vec_push(v, x)                        \
	do {                                  \
		vec_reserve((v), (v)->n + 1); \
		(v)->items[(v)->n++] = (x);   \
	} while (0)

#define vec_free(v)                    \
	do {                           \
		free((v)->items);      \
		(v)->items = NULL;     \
		(v)->n = (v)->cap = 0; \
	} while (0)

/* An empty vector has no items array: the test of IT first (NULL + 0 is undefined behaviour). */
#define vec_foreach(v, it) for (__typeof__((v)->items) it = (v)->items; it && it < (v)->items + (v)->n; it++)

#endif
