/* SPDX-License-Identifier: MIT */
/* atomicio.c - artifact directories and paths (see atomicio.h). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/artset.h"
#include "io/atomicio.h"

char *oc_path_join(const char *dir, const char *name)
{
	size_t dl, nl = strlen(name);
	char *p;
	if (!dir || !*dir || strcmp(dir, ".") == 0)
		return strdup(name);
	dl = strlen(dir);
	p = malloc(dl + nl + 2);
	if (!p)
		return NULL;
	memcpy(p, dir, dl);
	if (dir[dl - 1] != '/')
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

/* prefix is an existing directory (following symbolic links). */
static int is_dir(const char *prefix)
{
	struct stat st;
	return stat(prefix, &st) == 0 && S_ISDIR(st.st_mode);
}

int oc_mkdir_p(const char *dir, const char *shown, struct oc_err *err)
{
	char *p = strdup(dir);
	size_t len;
	int rc = OC_OK;
	if (!p)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	len = strlen(p);
	/* Each prefix ending before a '/', then the whole path. */
	for (size_t i = 1; i <= len && !rc; i++) {
		if (i < len && (p[i] != '/' || p[i - 1] == '/'))
			continue;
		p[i] = '\0';
		if (!is_dir(p) && mkdir(p, 0777) != 0 && !(errno == EEXIST && is_dir(p))) {
			int e = errno == EEXIST ? ENOTDIR : errno;
			if (i == len && e == ENOTDIR)
				rc = oc_err_set(err, OC_ECANTCREAT, "%s is not a directory",
				                shown ? shown : dir);
			else
				rc = oc_err_set(err, OC_ECANTCREAT, "cannot create directory %s: %s",
				                shown ? shown : dir, strerror(e));
		}
		if (i < len)
			p[i] = '/';
	}
	free(p);
	return rc;
}

int oc_atomic_write(const char *path, const void *buf, size_t len, struct oc_err *err)
{
	struct oc_artset set;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, slash == path ? 1 : (size_t)(slash - path)) : strdup(".");
	int rc;
	if (!dir)
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	rc = oc_artset_begin(&set, dir, NULL, err);
	free(dir);
	if (rc)
		return rc;
	if (!(rc = oc_artset_add_buf(&set, slash ? slash + 1 : path, buf, len, err)))
		rc = oc_artset_commit(&set, err);
	oc_artset_end(&set);
	return rc;
}
