/* SPDX-License-Identifier: MIT */
/* fuzz_file.h - hands a fuzz input to code that wants a path: the bytes go
 * into an anonymous memory file, named through /proc/self/fd. */
#ifndef OC_FUZZ_FILE_H
#define OC_FUZZ_FILE_H

#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

static inline int fuzz_file(const void *data, size_t size, char *path, size_t pathsz)
{
	int fd = memfd_create("fuzz", 0);
	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, pathsz, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
