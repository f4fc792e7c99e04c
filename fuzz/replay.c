/* SPDX-License-Identifier: MIT */
/* replay.c - runs a libFuzzer harness without libFuzzer: each file named on
 * the command line (or each file in a named directory) is passed once to
 * LLVMFuzzerTestOneInput.  Linked with each harness into the test programs
 * tests/replay_{ini,csv,model}, so every build (plain, sanitizer, valgrind)
 * replays the seed corpora and every input a fuzzer ever found wrong. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, got;
	if (!f) {
		perror(path);
		return 1;
	}
	do {
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap ? cap * 2 : 4096);
			if (!nb) {
				fclose(f);
				free(buf);
				return 1;
			}
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	/* An exact-size copy, so that ASan sees any read past the end. */
	{
		unsigned char *exact = malloc(len ? len : 1);
		if (!exact) {
			free(buf);
			return 1;
		}
		if (len)
			memcpy(exact, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int bad = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *e;
			if (!d) {
				perror(argv[i]);
				bad++;
				continue;
			}
			while ((e = readdir(d))) {
				char path[4096];
				if (e->d_name[0] == '.')
					continue;
				snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
				bad += replay_file(path);
				n++;
			}
			closedir(d);
		} else {
			bad += replay_file(argv[i]);
			n++;
		}
	}
	printf("%d inputs replayed, %d unreadable\n", n, bad);
	return bad ? 1 : 0;
}
