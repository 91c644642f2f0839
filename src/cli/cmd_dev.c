/* cmd_dev.c — placeholder for `strata dev` (the embedded PostgreSQL). */
#include "strata.h"
#include "cli/common.h"

int cmd_dev(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "strata dev: error: the embedded server is not built yet\n");
	return EXIT_USAGE;
}
