/* atomicio.c - temp file + fsync + rename + directory fsync (see atomicio.h). */
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

#include "atomicio.h"

/* Temporaries in flight, kept in fixed storage so a signal handler can
 * unlink them without touching the heap. */
#define PENDING_MAX 16
#define PENDING_PATH 4096
static volatile sig_atomic_t pending_used[PENDING_MAX];
static char pending_name[PENDING_MAX][PENDING_PATH];

static int pending_add(const char *tmp)
{
	size_t len = strlen(tmp);
	if (len >= PENDING_PATH)
		return -1;
	for (int i = 0; i < PENDING_MAX; i++) {
		if (!pending_used[i]) {
			memcpy(pending_name[i], tmp, len + 1);
			pending_used[i] = 1;
			return i;
		}
	}
	return -1;
}

static void pending_del(int slot)
{
	if (slot >= 0 && slot < PENDING_MAX)
		pending_used[slot] = 0;
}

void oc_atomic_cleanup(void)
{
	for (int i = 0; i < PENDING_MAX; i++) {
		if (pending_used[i]) {
			unlink(pending_name[i]);
			pending_used[i] = 0;
		}
	}
}

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

/* Directory part of path ("." when it has none), malloc'd. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	d = strndup(path, (size_t)(slash - path));
	return d;
}

static void afile_reset(struct oc_afile *af)
{
	free(af->path);
	free(af->tmp);
	af->fp = NULL;
	af->path = af->tmp = NULL;
	af->slot = -1;
}

int oc_afile_open(struct oc_afile *af, const char *path, struct oc_err *err)
{
	sigset_t all, old;
	int fd, e;
	memset(af, 0, sizeof *af);
	af->slot = -1;
	af->path = strdup(path);
	af->tmp = malloc(strlen(path) + 16);
	if (!af->path || !af->tmp) {
		afile_reset(af);
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	}
	sprintf(af->tmp, "%s.tmp.XXXXXX", path);
	/* Block signals between creating the file and registering it, so an
	 * interrupt cannot leave an unregistered temporary behind. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	fd = mkstemp(af->tmp);
	e = errno;
	if (fd >= 0)
		af->slot = pending_add(af->tmp);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		int rc = oc_err_set(err, OC_ECANTCREAT, "cannot create %s: %s", path, strerror(e));
		afile_reset(af);
		return rc;
	}
	/* mkstemp creates 0600; artifacts are ordinary files, readable as
	 * the umask allows. */
	{
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
	}
	af->fp = fdopen(fd, "w");
	if (!af->fp) {
		e = errno;
		close(fd);
		oc_afile_abort(af);
		return oc_err_set(err, OC_EINTERNAL, "cannot write %s: %s", path, strerror(e));
	}
	return OC_OK;
}

void oc_afile_abort(struct oc_afile *af)
{
	if (af->fp)
		fclose(af->fp);
	if (af->tmp)
		unlink(af->tmp);
	pending_del(af->slot);
	afile_reset(af);
}

static int afile_fail(struct oc_afile *af, int e, struct oc_err *err)
{
	int rc = oc_err_set(err, e == EACCES || e == EPERM || e == EROFS ? OC_ECANTCREAT : OC_EIO,
	                    "cannot write %s: %s", af->path, strerror(e));
	oc_afile_abort(af);
	return rc;
}

int oc_afile_finish(struct oc_afile *af, struct oc_err *err)
{
	int e = 0;
	if (!af->fp)
		return oc_err_set(err, OC_EINTERNAL, "finish of a file that is not open");
	errno = 0;
	if (fflush(af->fp) != 0 || ferror(af->fp))
		e = errno ? errno : EIO;
	else if (fsync(fileno(af->fp)) != 0)
		e = errno;
	if (fclose(af->fp) != 0 && !e)
		e = errno ? errno : EIO;
	af->fp = NULL;
	return e ? afile_fail(af, e, err) : OC_OK;
}

void oc_sync_dir_of(const char *path)
{
	char *dir = dir_of(path);
	if (dir) {
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
}

/* Finishes af unless done, renames it into place and, if sync_dir, makes
 * the rename durable. */
static int afile_rename(struct oc_afile *af, int sync_dir, struct oc_err *err)
{
	int rc;
	if (af->fp && (rc = oc_afile_finish(af, err)) != OC_OK)
		return rc;
	if (!af->tmp)
		return oc_err_set(err, OC_EINTERNAL, "commit of a file that is not open");
	if (rename(af->tmp, af->path) != 0)
		return afile_fail(af, errno, err);
	pending_del(af->slot);
	af->slot = -1;
	if (sync_dir)
		oc_sync_dir_of(af->path);
	afile_reset(af);
	return OC_OK;
}

int oc_afile_rename(struct oc_afile *af, struct oc_err *err)
{
	return afile_rename(af, 0, err);
}

int oc_afile_commit(struct oc_afile *af, struct oc_err *err)
{
	return afile_rename(af, 1, err);
}

int oc_afile_check_target(const char *path, struct oc_err *err)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return OC_OK;
		return oc_err_set(err, OC_ECANTCREAT, "cannot replace %s: %s", path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return oc_err_set(err, OC_ECANTCREAT, "cannot replace %s: %s", path, strerror(EISDIR));
	if (!S_ISREG(st.st_mode))
		return oc_err_set(err, OC_ECANTCREAT, "cannot replace %s: not a regular file", path);
	return OC_OK;
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
	struct oc_afile af;
	int rc = oc_afile_open(&af, path, err);
	if (rc)
		return rc;
	if (len && fwrite(buf, 1, len, af.fp) != len) {
		int e = errno;
		oc_afile_abort(&af);
		return oc_err_set(err, OC_EIO, "cannot write %s: %s", path, strerror(e ? e : EIO));
	}
	return oc_afile_commit(&af, err);
}
