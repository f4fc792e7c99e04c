/* SPDX-License-Identifier: MIT */
/* input.c - non-blocking opening of inputs (see input.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/input.h"

int oc_input_open(const char *path, const char *shown, enum oc_input_kind kind,
                  struct oc_err *err)
{
	struct stat st;
	int fd, flags;
	if (!shown)
		shown = path;
	if (kind == OC_INPUT_ANY && strcmp(path, "-") == 0) {
		fd = fcntl(STDIN_FILENO, F_DUPFD_CLOEXEC, 3);
		if (fd < 0) {
			oc_err_set(err, OC_ENOINPUT, "standard input: %s", strerror(errno));
			return -1;
		}
		return fd;
	}
	/* O_NONBLOCK: opening a FIFO for reading does not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		oc_err_set(err, OC_ENOINPUT, "%s: cannot open: %s", shown, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		oc_err_set(err, OC_ENOINPUT, "%s: cannot open: %s", shown, strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode) || (kind == OC_INPUT_REGULAR && !S_ISREG(st.st_mode))) {
		oc_err_set(err, OC_ENOINPUT, "%s: cannot open: %s", shown,
		           S_ISDIR(st.st_mode) ? strerror(EISDIR) : "not a regular file");
		close(fd);
		return -1;
	}
	if (S_ISFIFO(st.st_mode)) {
		/* Data (or a writer that came and went: POLLHUP) within the
		 * limit, or the FIFO is refused. */
		struct pollfd p = { fd, POLLIN, 0 };
		int n;
		do
			n = poll(&p, 1, OC_INPUT_FIFO_WAIT_MS);
		while (n < 0 && errno == EINTR);
		if (n == 0) {
			oc_err_set(err, OC_ENOINPUT, "%s: a FIFO nothing was written to within %d "
			           "seconds; not read", shown, OC_INPUT_FIFO_WAIT_MS / 1000);
			close(fd);
			return -1;
		}
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
		oc_err_set(err, OC_ENOINPUT, "%s: %s", shown, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}
