/* parse_floor.c — the floor of an offline check: read each file named on the command line and hand its
 * text to libpg_query's pg_query_parse_protobuf, nothing else. Prints "files N, parse errors E, bytes B".
 * Compiled by bench/check.sh: cc -O2 -o build/bench-tools/parse_floor bench/parse_floor.c -lpg_query */
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>

/* read_file: the whole file as a NUL-terminated string (malloc), or NULL when it cannot be read. */
static char *read_file(const char *path, long *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (*len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)*len + 1);
		if (buf && fread(buf, 1, (size_t)*len, f) != (size_t)*len) {
			free(buf);
			buf = NULL;
		} else if (buf)
			buf[*len] = '\0';
	}
	fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	long files = 0, errors = 0, bytes = 0;
	for (int i = 1; i < argc; i++) {
		long len = 0;
		char *text = read_file(argv[i], &len);
		if (!text) {
			fprintf(stderr, "parse_floor: cannot read \"%s\"\n", argv[i]);
			return 2;
		}
		PgQueryProtobufParseResult r = pg_query_parse_protobuf(text);
		if (r.error)
			errors++;
		pg_query_free_protobuf_parse_result(r);
		free(text);
		files++;
		bytes += len;
	}
	pg_query_exit();
	printf("files %ld, parse errors %ld, bytes %ld\n", files, errors, bytes);
	return 0;
}
