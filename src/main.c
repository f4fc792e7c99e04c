/* main.c - placeholder entry point, replaced by the CLI module. */
#include "config.h"

#include <stdio.h>

int main(void)
{
	printf("%s (%s) %s\n", PACKAGE, PACKAGE_NAME, PACKAGE_VERSION);
	return 0;
}
