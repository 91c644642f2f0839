/* literal.c — the input and output functions of the built-in types whose constants the model folds as
 * the server does (utils/adt/bool.c, float.c, numeric.c, int.c, int8.c; common/d2s.c and f2s.c for the
 * shortest float digits). */
#include "catalog/literal.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* TEXT without the white space around it, into BUF (N bytes); false when it does not fit. */
static bool trimmed(const char *text, char *buf, size_t n)
{
	while (isspace((unsigned char)*text))
		text++;
	size_t len = strlen(text);
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len + 1 > n)
		return false;
	memcpy(buf, text, len);
	buf[len] = 0;
	return true;
}

bool lit_bool_in(const char *text, bool *out)
{
	char s[16];
	if (!trimmed(text, s, sizeof s) || !*s)
		return false;
	size_t len = strlen(s);
	static const struct {
		const char *word;
		size_t min; /* the shortest prefix accepted */
		bool value;
	} words[] = {{"true", 1, true}, {"false", 1, false}, {"yes", 1, true},
	             {"no", 1, false},  {"on", 2, true},     {"off", 2, false}};
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (len >= words[i].min && len <= strlen(words[i].word) &&
		    !strncasecmp(s, words[i].word, len)) {
			*out = words[i].value;
			return true;
		}
	if (len == 1 && (s[0] == '1' || s[0] == '0')) {
		*out = s[0] == '1';
		return true;
	}
	return false;
}

void lit_float_print(double d, bool float4, char *out, size_t n)
{
	if (isnan(d)) {
		snprintf(out, n, "NaN");
		return;
	}
	if (isinf(d)) {
		snprintf(out, n, d < 0 ? "-Infinity" : "Infinity");
		return;
	}
	if (d == 0) {
		snprintf(out, n, signbit(d) ? "-0" : "0");
		return;
	}
	/* the fewest significant digits that read back as the same value */
	char sci[64];
	int maxp = float4 ? 9 : 17;
	for (int p = 1; p <= maxp; p++) {
		snprintf(sci, sizeof sci, "%.*e", p - 1, d);
		if (float4 ? strtof(sci, NULL) == (float)d : strtod(sci, NULL) == d)
			break;
	}
	/* sci is [-]D[.DDD]e[+-]XX: its digits and decimal exponent */
	const char *p = sci;
	bool neg = *p == '-';
	if (neg)
		p++;
	char digits[32];
	size_t nd = 0;
	for (; *p && *p != 'e'; p++)
		if (isdigit((unsigned char)*p) && nd + 1 < sizeof digits)
			digits[nd++] = *p;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	digits[nd] = 0;
	int exp = *p == 'e' ? atoi(p + 1) : 0;
	char buf[96];
	size_t k = 0;
	if (neg)
		buf[k++] = '-';
	if (exp >= -4 && exp < (float4 ? 6 : 15)) { /* fixed notation, as printf's %g */
		if (exp < 0) {
			buf[k++] = '0';
			buf[k++] = '.';
			for (int z = 0; z < -exp - 1; z++)
				buf[k++] = '0';
			for (size_t i = 0; i < nd; i++)
				buf[k++] = digits[i];
		} else {
			for (int i = 0; i <= exp || (size_t)i < nd; i++) {
				if (i == exp + 1)
					buf[k++] = '.';
				buf[k++] = (size_t)i < nd ? digits[i] : '0';
			}
		}
	} else {
		buf[k++] = digits[0];
		if (nd > 1) {
			buf[k++] = '.';
			for (size_t i = 1; i < nd; i++)
				buf[k++] = digits[i];
		}
		k += (size_t)snprintf(buf + k, sizeof buf - k, "e%c%02d", exp < 0 ? '-' : '+',
		                      exp < 0 ? -exp : exp);
	}
	buf[k] = 0;
	snprintf(out, n, "%s", buf);
}

bool lit_float_out(const char *text, bool float4, char *out, size_t n)
{
	char s[128];
	if (!trimmed(text, s, sizeof s) || !*s)
		return false;
	const char *w = s;
	bool neg = false;
	if (*w == '-' || *w == '+') {
		neg = *w == '-';
		w++;
	}
	double d;
	if (!strcasecmp(s, "NaN"))
		d = NAN;
	else if (!strcasecmp(w, "Infinity") || !strcasecmp(w, "inf"))
		d = neg ? -INFINITY : INFINITY;
	else {
		/* digits, one point, an exponent: what strtod reads and float8in accepts (no hex forms) */
		const char *p = w;
		bool digits = false;
		while (isdigit((unsigned char)*p))
			p++, digits = true;
		if (*p == '.')
			for (p++; isdigit((unsigned char)*p); p++)
				digits = true;
		if (!digits)
			return false;
		if (*p == 'e' || *p == 'E') {
			p++;
			if (*p == '+' || *p == '-')
				p++;
			if (!isdigit((unsigned char)*p))
				return false;
			while (isdigit((unsigned char)*p))
				p++;
		}
		if (*p)
			return false;
		errno = 0;
		d = float4 ? (double)strtof(s, NULL) : strtod(s, NULL);
		if (errno == ERANGE || isinf(d))
			return false; /* out of range (or underflow): the server's error, not folded here */
	}
	lit_float_print(d, float4, out, n);
	return true;
}

char *lit_numeric_out(const char *text)
{
	char s[256];
	if (!trimmed(text, s, sizeof s) || !*s)
		return NULL;
	const char *w = s;
	bool neg = false;
	if (*w == '-' || *w == '+') {
		neg = *w == '-';
		w++;
	}
	if (!strcasecmp(s, "NaN"))
		return xstrdup("NaN");
	if (!strcasecmp(w, "Infinity") || !strcasecmp(w, "inf"))
		return xstrdup(neg ? "-Infinity" : "Infinity");
	/* the digits (point removed), how many were after the point, the exponent */
	char digits[256];
	size_t nd = 0;
	int frac = 0;
	const char *p = w;
	bool dot = false;
	for (; *p; p++) {
		if (*p == '.' && !dot) {
			dot = true;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			break;
		digits[nd++] = *p;
		frac += dot;
	}
	if (!nd)
		return NULL;
	long exp = 0;
	if (*p == 'e' || *p == 'E') {
		char *end;
		errno = 0;
		exp = strtol(p + 1, &end, 10);
		if (end == p + 1 || errno || exp > 100 || exp < -100)
			return NULL;
		p = end;
	}
	if (*p)
		return NULL;
	/* value = digits * 10^(exp - frac); display scale = max(0, frac - exp) */
	long scale = frac - exp;
	long dscale = scale > 0 ? scale : 0;
	long intlen = (long)nd - scale; /* digits before the point */
	char buf[600];
	size_t k = 0;
	/* the integer part without leading zeros */
	bool any = false;
	for (long i = 0; i < intlen; i++) {
		char c = i < (long)nd ? digits[i] : '0';
		if (c == '0' && !any)
			continue;
		any = true;
		buf[k++] = c;
	}
	if (!any)
		buf[k++] = '0';
	if (dscale) {
		buf[k++] = '.';
		for (long i = intlen; i < intlen + dscale; i++)
			buf[k++] = i >= 0 && i < (long)nd ? digits[i] : '0';
	}
	buf[k] = 0;
	bool zero = true;
	for (size_t i = 0; i < nd; i++)
		zero &= digits[i] == '0';
	return xasprintf("%s%s", neg && !zero ? "-" : "", buf);
}

bool lit_int_out(const char *text, int bits, char *out, size_t n)
{
	char s[64];
	if (!trimmed(text, s, sizeof s) || !*s)
		return false;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return false;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return false;
	errno = 0;
	long long v = strtoll(s, NULL, 10);
	if (errno == ERANGE)
		return false;
	long long lo = bits == 16 ? -32768LL : bits == 32 ? -2147483648LL : INT64_MIN;
	long long hi = bits == 16 ? 32767LL : bits == 32 ? 2147483647LL : INT64_MAX;
	if (v < lo || v > hi)
		return false;
	snprintf(out, n, "%lld", v);
	return true;
}
