/* cmd_squash.c — placeholder, filled below */
#include "strata.h"
#include "cli/common.h"
int cmd_squash(int argc, char **argv)
{
	return EXIT_USAGE;
}
