/* parse_floor.c — the floor for `strata check`: libpg_query's bare parse of every file given, nothing
 * else (read the file, pg_query_parse_protobuf, free). Prints the number of files parsed. */
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		long len = ftell(f);
		fseek(f, 0, SEEK_SET);
		char *buf = malloc((size_t)len + 1);
		size_t got = fread(buf, 1, (size_t)len, f);
		buf[got] = 0;
		fclose(f);
		PgQueryProtobufParseResult r = pg_query_parse_protobuf(buf);
		pg_query_free_protobuf_parse_result(r);
		free(buf);
		n++;
	}
	printf("%d\n", n);
	return 0;
}
