/* SPDX-License-Identifier: MIT */
/* artset.c - the artifact-set transaction (see artset.h).
 *
 * Everything happens relative to one descriptor of the locked directory
 * (openat, linkat, renameat), so no path is rebuilt and the directory
 * cannot be swapped under the transaction. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/artset.h"

/* The names a transaction writes; strays NAME.tmp.XXXXXX of these are
 * what a killed run leaves. */
static const char *const artifact_names[] = {
	OC_GEN_CSV, OC_GEN_META, OC_METRICS_FILE, OC_CV_FILE, OC_MODEL_FILE,
};
#define N_ARTIFACT_NAMES (sizeof artifact_names / sizeof artifact_names[0])

#define JOURNAL_TMP OC_ARTSET_JOURNAL ".tmp"
#define JOURNAL_MAGIC "opticure-commit 1\n"
/* A journal holds at most OC_ARTSET_MAX lines of two names and a flag. */
#define JOURNAL_MAX (sizeof JOURNAL_MAGIC + OC_ARTSET_MAX * (2 * (NAME_MAX + 1) + 4))

/* --- Temporaries a signal handler may remove --- */

#define PENDING_MAX 8
static volatile sig_atomic_t pending_used[PENDING_MAX];
static int pending_dirfd[PENDING_MAX];
static char pending_name[PENDING_MAX][NAME_MAX + 1];

static int pending_add(int dirfd, const char *name)
{
	for (int i = 0; i < PENDING_MAX; i++)
		if (!pending_used[i]) {
			pending_dirfd[i] = dirfd;
			memcpy(pending_name[i], name, strlen(name) + 1);
			pending_used[i] = 1;
			return OC_OK;
		}
	return -1;
}

static void pending_del(int dirfd, const char *name)
{
	for (int i = 0; i < PENDING_MAX; i++)
		if (pending_used[i] && pending_dirfd[i] == dirfd && strcmp(pending_name[i], name) == 0)
			pending_used[i] = 0;
}

void oc_artset_cleanup(void)
{
	for (int i = 0; i < PENDING_MAX; i++)
		if (pending_used[i]) {
			unlinkat(pending_dirfd[i], pending_name[i], 0);
			pending_used[i] = 0;
		}
}

/* --- umask, read once --- */

static atomic_int umask_known;
static mode_t umask_value;

void oc_artset_init_umask(void)
{
	if (!atomic_load(&umask_known)) {
		umask_value = umask(0);
		umask(umask_value);
		atomic_store(&umask_known, 1);
	}
}

/* --- Helpers --- */

/* Separator between dir and a name in messages ("" for "." or ""). */
static const char *dir_prefix(const char *dir)
{
	return !dir || !*dir || strcmp(dir, ".") == 0 ? "" : dir;
}

static const char *dir_sep(const char *dir)
{
	size_t n;
	if (!*dir_prefix(dir))
		return "";
	n = strlen(dir);
	return dir[n - 1] == '/' ? "" : "/";
}

static int status_of(int e)
{
	return e == EACCES || e == EPERM || e == EROFS || e == EEXIST || e == ENOTDIR ||
	       e == EISDIR ? OC_ECANTCREAT : OC_EIO;
}

static void old_name(char *out, const char *name)
{
	size_t p = sizeof OC_ARTSET_OLD_PREFIX - 1;
	memcpy(out, OC_ARTSET_OLD_PREFIX, p);
	memcpy(out + p, name, strlen(name) + 1);
}

static int exists_at(int dirfd, const char *name)
{
	struct stat st;
	return fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void hold_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof held_signals / sizeof held_signals[0]; i++)
		sigaddset(&set, held_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

/* --- Locking --- */

static int lock_dir(int dirfd, const char *dir, const struct oc_lock_opts *lk,
                    struct oc_err *err)
{
	int told = 0;
	for (;;) {
		if (flock(dirfd, LOCK_EX | LOCK_NB) == 0)
			return OC_OK;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return oc_err_set(err, OC_ECANTCREAT, "cannot lock the artifact directory %s: %s",
			                  *dir_prefix(dir) ? dir : ".", strerror(errno));
		if (lk && lk->no_wait)
			return oc_err_set(err, OC_ETEMPFAIL,
			                  "the artifact directory %s is in use by another opticure "
			                  "(--no-wait given)", *dir_prefix(dir) ? dir : ".");
		if (lk && lk->cancel && atomic_load(lk->cancel))
			return oc_err_set(err, OC_ECANCELED,
			                  "interrupted; previous artifacts left unchanged");
		if (!told && lk && lk->waiting)
			lk->waiting(lk->ctx, *dir_prefix(dir) ? dir : ".");
		told = 1;
		/* flock's blocking form cannot be given up on a cancel flag set
		 * from another thread (the dashboard), so poll it. */
		sleep_ms(20);
	}
}

/* --- Journal --- */

struct jentry {
	char name[NAME_MAX + 1], tmp[NAME_MAX + 1];
	int had_old;
};

/* A name of this directory: not empty, no '/', not . or .. */
static int plain_name(const char *s, size_t n)
{
	if (n == 0 || n > NAME_MAX || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return 0;
	return memchr(s, '/', n) == NULL && memchr(s, '\0', n) == NULL;
}

/* Parses a journal; the number of entries, or -1 when malformed. */
static int journal_parse(char *buf, size_t len, struct jentry *e)
{
	size_t m = sizeof JOURNAL_MAGIC - 1, pos;
	int n = 0;
	if (len < m || memcmp(buf, JOURNAL_MAGIC, m) != 0)
		return -1;
	for (pos = m; pos < len;) {
		char *nl = memchr(buf + pos, '\n', len - pos), *t1, *t2;
		if (!nl || n == OC_ARTSET_MAX)
			return -1;
		*nl = '\0';
		t1 = strchr(buf + pos, '\t');
		t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t1 || !t2 || !plain_name(buf + pos, (size_t)(t1 - (buf + pos))) ||
		    !plain_name(t1 + 1, (size_t)(t2 - t1 - 1)) || (strcmp(t2 + 1, "0") != 0 &&
		                                                    strcmp(t2 + 1, "1") != 0))
			return -1;
		memcpy(e[n].name, buf + pos, (size_t)(t1 - (buf + pos)));
		e[n].name[t1 - (buf + pos)] = '\0';
		memcpy(e[n].tmp, t1 + 1, (size_t)(t2 - t1 - 1));
		e[n].tmp[t2 - t1 - 1] = '\0';
		e[n].had_old = t2[1] == '1';
		n++;
		pos = (size_t)(nl - buf) + 1;
	}
	return n;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes and syncs the journal for s: the commit point.  errno on failure. */
static int journal_write(const struct oc_artset *s)
{
	char buf[JOURNAL_MAX];
	size_t len = sizeof JOURNAL_MAGIC - 1;
	int fd, e = 0;
	memcpy(buf, JOURNAL_MAGIC, len);
	for (int i = 0; i < s->n; i++) {
		size_t a = strlen(s->f[i].name), b = strlen(s->f[i].tmp);
		memcpy(buf + len, s->f[i].name, a);
		buf[len + a] = '\t';
		memcpy(buf + len + a + 1, s->f[i].tmp, b);
		len += a + 1 + b;
		buf[len++] = '\t';
		buf[len++] = s->f[i].had_old ? '1' : '0';
		buf[len++] = '\n';
	}
	fd = openat(s->dirfd, JOURNAL_TMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	            0600);
	if (fd < 0)
		return errno;
	if (write_all(fd, buf, len) != 0 || fsync(fd) != 0)
		e = errno ? errno : EIO;
	if (close(fd) != 0 && !e)
		e = errno;
	if (!e && renameat(s->dirfd, JOURNAL_TMP, s->dirfd, OC_ARTSET_JOURNAL) != 0)
		e = errno;
	if (!e && fsync(s->dirfd) != 0)
		e = errno;
	if (e)
		unlinkat(s->dirfd, JOURNAL_TMP, 0);
	return e;
}

/* Puts the previous files back for entries 0..n-1 that were renamed
 * (their temporary is gone) and removes the temporaries left.  errno of
 * the first failure, 0 when the previous set is whole again. */
static int roll_back(int dirfd, const struct jentry *e, int n)
{
	char old[sizeof OC_ARTSET_OLD_PREFIX + NAME_MAX];
	int first = 0;
	for (int i = 0; i < n; i++) {
		if (exists_at(dirfd, e[i].tmp)) {
			unlinkat(dirfd, e[i].tmp, 0);
			continue;
		}
		old_name(old, e[i].name);
		if (e[i].had_old ? renameat(dirfd, old, dirfd, e[i].name) != 0
		                 : (unlinkat(dirfd, e[i].name, 0) != 0 && errno != ENOENT))
			if (!first)
				first = errno;
	}
	return first;
}

/* Removes the journal and the previous files' links once the directory
 * holds one whole set. */
static void finish_journal(int dirfd, const struct jentry *e, int n)
{
	char old[sizeof OC_ARTSET_OLD_PREFIX + NAME_MAX];
	fsync(dirfd);
	unlinkat(dirfd, OC_ARTSET_JOURNAL, 0);
	for (int i = 0; i < n; i++) {
		old_name(old, e[i].name);
		unlinkat(dirfd, old, 0);
	}
	fsync(dirfd);
}

/* Is name a stray a killed run may have left: a previous file's link,
 * the journal's temporary, or NAME.tmp.XXXXXX of an artifact? */
static int stray(const char *name)
{
	size_t n = strlen(name);
	if (strncmp(name, OC_ARTSET_OLD_PREFIX, sizeof OC_ARTSET_OLD_PREFIX - 1) == 0 ||
	    strcmp(name, JOURNAL_TMP) == 0)
		return 1;
	for (size_t i = 0; i < N_ARTIFACT_NAMES; i++) {
		size_t a = strlen(artifact_names[i]);
		if (n == a + 11 && strncmp(name, artifact_names[i], a) == 0 &&
		    strncmp(name + a, ".tmp.", 5) == 0)
			return 1;
	}
	return 0;
}

/* The recovery proper, on a locked directory. */
static int recover_locked(int dirfd, const char *dir, int *what, struct oc_err *err)
{
	struct jentry e[OC_ARTSET_MAX];
	char buf[JOURNAL_MAX];
	ssize_t len;
	int fd, n, i, rc = OC_OK, dupfd;
	DIR *d;
	struct dirent *de;

	if (what)
		*what = 0;
	fd = openat(dirfd, OC_ARTSET_JOURNAL, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		len = read(fd, buf, sizeof buf);
		close(fd);
		n = len < 0 || (size_t)len == sizeof buf ? -1 : journal_parse(buf, (size_t)len, e);
		if (n < 0)
			return oc_err_set(err, OC_ECANTCREAT,
			                  "%s%s" OC_ARTSET_JOURNAL ": not a journal opticure wrote; "
			                  "check the artifacts and remove it",
			                  dir_prefix(dir), dir_sep(dir));
		/* Complete the commit: every temporary still there is renamed. */
		for (i = 0; i < n; i++)
			if (exists_at(dirfd, e[i].tmp) && renameat(dirfd, e[i].tmp, dirfd, e[i].name) != 0)
				break;
		if (i < n) {
			int why = errno, back = roll_back(dirfd, e, n);
			if (back)
				return oc_err_set(err, status_of(back),
				                  "%s%s%s: cannot complete or roll back an interrupted "
				                  "commit: %s; %s" OC_ARTSET_JOURNAL " lists the files",
				                  dir_prefix(dir), dir_sep(dir), e[i].name, strerror(back),
				                  dir_prefix(dir));
			(void)why;
			if (what)
				*what = 2;
		} else if (what) {
			*what = 1;
		}
		finish_journal(dirfd, e, n);
	} else if (errno != ENOENT) {
		return oc_err_set(err, OC_ECANTCREAT, "cannot read %s%s" OC_ARTSET_JOURNAL ": %s",
		                  dir_prefix(dir), dir_sep(dir), strerror(errno));
	}
	/* Strays of a run killed before its commit point: the previous set
	 * is untouched, only they go. */
	if ((dupfd = dup(dirfd)) < 0)
		return OC_OK;
	if (lseek(dupfd, 0, SEEK_SET) != 0 || !(d = fdopendir(dupfd))) {
		close(dupfd);
		return OC_OK;
	}
	while ((de = readdir(d)))
		if (stray(de->d_name))
			unlinkat(dirfd, de->d_name, 0);
	closedir(d);
	return rc;
}

static int open_dir(const char *dir)
{
	return open(*dir_prefix(dir) ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int oc_artset_recover(const char *dir, const struct oc_lock_opts *lk, int *what,
                      struct oc_err *err)
{
	int fd = open_dir(dir), rc;
	if (what)
		*what = 0;
	if (fd < 0)
		return OC_OK;   /* no directory, nothing to recover; writers say why */
	rc = lock_dir(fd, dir, lk, err);
	if (!rc)
		rc = recover_locked(fd, dir, what, err);
	close(fd);          /* releases the lock */
	return rc;
}

int oc_artset_begin(struct oc_artset *s, const char *dir, const struct oc_lock_opts *lk,
                    struct oc_err *err)
{
	int rc;
	memset(s, 0, sizeof *s);
	s->dirfd = -1;
	if (!(s->dir = strdup(dir)))
		return oc_err_set(err, OC_EINTERNAL, "out of memory");
	oc_artset_init_umask();
	if ((s->dirfd = open_dir(dir)) < 0) {
		rc = oc_err_set(err, OC_ECANTCREAT, "cannot open the artifact directory %s: %s",
		                *dir_prefix(dir) ? dir : ".", strerror(errno));
		oc_artset_end(s);
		return rc;
	}
	if ((rc = lock_dir(s->dirfd, dir, lk, err)) || (rc = recover_locked(s->dirfd, dir, NULL, err)))
		oc_artset_end(s);
	return rc;
}

int oc_artset_add(struct oc_artset *s, const char *name, FILE **fp, struct oc_err *err)
{
	struct oc_artset_file *f;
	struct stat st;
	sigset_t old;
	mode_t mode = 0666 & ~umask_value;
	size_t nl = strlen(name);
	int fd = -1, e = 0;

	*fp = NULL;
	if (s->dirfd < 0 || s->n == OC_ARTSET_MAX || !plain_name(name, nl) || nl + 12 > NAME_MAX)
		return oc_err_set(err, OC_EINTERNAL, "artifact %s cannot join the set", name);
	f = &s->f[s->n];
	memset(f, 0, sizeof *f);
	memcpy(f->name, name, nl + 1);
	if (fstatat(s->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		if (S_ISDIR(st.st_mode))
			return oc_err_set(err, OC_ECANTCREAT, "cannot replace %s%s%s: %s",
			                  dir_prefix(s->dir), dir_sep(s->dir), name, strerror(EISDIR));
		if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode))
			return oc_err_set(err, OC_ECANTCREAT, "cannot replace %s%s%s: not a regular file",
			                  dir_prefix(s->dir), dir_sep(s->dir), name);
		f->had_old = 1;
	} else if (errno != ENOENT) {
		return oc_err_set(err, OC_ECANTCREAT, "cannot replace %s%s%s: %s", dir_prefix(s->dir),
		                  dir_sep(s->dir), name, strerror(errno));
	}
	/* A unique name, created with signals held so a handler never misses
	 * it (mkstemp needs a path; the name is made here instead). */
	hold_signals(&old);
	for (int tries = 0; tries < 100 && fd < 0; tries++) {
		static const char al[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
		struct timespec ts;
		unsigned long x;
		clock_gettime(CLOCK_REALTIME, &ts);
		x = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^
		    (unsigned long)tries * 2654435761UL ^ (unsigned long)(uintptr_t)f;
		memcpy(f->tmp, name, nl);
		memcpy(f->tmp + nl, ".tmp.", 5);
		for (int k = 0; k < 6; k++, x /= 62)
			f->tmp[nl + 5 + k] = al[x % 62];
		f->tmp[nl + 11] = '\0';
		fd = openat(s->dirfd, f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		            0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	e = errno;
	if (fd >= 0 && pending_add(s->dirfd, f->tmp) != 0) {
		close(fd);
		unlinkat(s->dirfd, f->tmp, 0);
		fd = -1;
		e = EMFILE;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		f->tmp[0] = '\0';
		return oc_err_set(err, status_of(e), "cannot create %s%s%s: %s", dir_prefix(s->dir),
		                  dir_sep(s->dir), name, strerror(e));
	}
	s->n++;
	/* The previous file's mode and group; if the group cannot be given,
	 * the group's permissions are dropped rather than widened. */
	if (f->had_old && S_ISREG(st.st_mode)) {
		mode = st.st_mode & 07777;
		if (fchown(fd, (uid_t)-1, st.st_gid) != 0)
			mode &= ~(mode_t)070;
	}
	if (fchmod(fd, mode) != 0 || !(f->fp = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		return oc_err_set(err, OC_EIO, "cannot write %s%s%s: %s", dir_prefix(s->dir),
		                  dir_sep(s->dir), name, strerror(e));
	}
	*fp = f->fp;
	return OC_OK;
}

int oc_artset_add_buf(struct oc_artset *s, const char *name, const void *buf, size_t len,
                      struct oc_err *err)
{
	FILE *fp;
	int rc = oc_artset_add(s, name, &fp, err);
	if (rc)
		return rc;
	if (len && fwrite(buf, 1, len, fp) != len)
		return oc_err_set(err, OC_EIO, "cannot write %s%s%s: %s", dir_prefix(s->dir),
		                  dir_sep(s->dir), name, strerror(errno ? errno : EIO));
	return OC_OK;
}

int oc_artset_sync(struct oc_artset *s, struct oc_err *err)
{
	for (int i = 0; i < s->n; i++) {
		struct oc_artset_file *f = &s->f[i];
		int e = 0;
		if (!f->fp)
			continue;
		errno = 0;
		if (fflush(f->fp) != 0 || ferror(f->fp))
			e = errno ? errno : EIO;
		else if (fsync(fileno(f->fp)) != 0)
			e = errno;
		if (fclose(f->fp) != 0 && !e)
			e = errno ? errno : EIO;
		f->fp = NULL;
		if (e)
			return oc_err_set(err, status_of(e), "cannot write %s%s%s: %s", dir_prefix(s->dir),
			                  dir_sep(s->dir), f->name, strerror(e));
	}
	return OC_OK;
}

int oc_artset_commit(struct oc_artset *s, struct oc_err *err)
{
	struct jentry e[OC_ARTSET_MAX];
	char old[sizeof OC_ARTSET_OLD_PREFIX + NAME_MAX];
	sigset_t sigs;
	int rc, i, k, why;

	if ((rc = oc_artset_sync(s, err)))
		return rc;
	for (i = 0; i < s->n; i++) {
		memcpy(e[i].name, s->f[i].name, sizeof e[i].name);
		memcpy(e[i].tmp, s->f[i].tmp, sizeof e[i].tmp);
		e[i].had_old = s->f[i].had_old;
	}
	/* Keep each previous file reachable.  This is also where a file the
	 * rename could not replace shows (immutable; another user's in a
	 * sticky directory), before anything changed. */
	for (i = 0; i < s->n; i++) {
		if (!e[i].had_old)
			continue;
		old_name(old, e[i].name);
		unlinkat(s->dirfd, old, 0);
		if (linkat(s->dirfd, e[i].name, s->dirfd, old, 0) != 0) {
			why = errno;
			for (k = 0; k < i; k++) {
				old_name(old, e[k].name);
				unlinkat(s->dirfd, old, 0);
			}
			return oc_err_set(err, status_of(why), "cannot replace %s%s%s: %s",
			                  dir_prefix(s->dir), dir_sep(s->dir), e[i].name,
			                  strerror(why));
		}
	}
	hold_signals(&sigs);
	if ((why = journal_write(s)) != 0) {
		finish_journal(s->dirfd, e, 0);
		for (k = 0; k < s->n; k++) {
			old_name(old, e[k].name);
			unlinkat(s->dirfd, old, 0);
		}
		pthread_sigmask(SIG_SETMASK, &sigs, NULL);
		return oc_err_set(err, status_of(why), "cannot write %s%s" OC_ARTSET_JOURNAL ": %s",
		                  dir_prefix(s->dir), dir_sep(s->dir), strerror(why));
	}
	/* The commit point is passed: rename, or put everything back. */
	for (i = 0; i < s->n; i++) {
		if (renameat(s->dirfd, e[i].tmp, s->dirfd, e[i].name) != 0)
			break;
		pending_del(s->dirfd, e[i].tmp);
		s->f[i].tmp[0] = '\0';
	}
	if (i < s->n) {
		int back;
		why = errno;
		back = roll_back(s->dirfd, e, s->n);
		if (!back)
			finish_journal(s->dirfd, e, s->n);
		for (k = 0; k < s->n; k++) {
			pending_del(s->dirfd, e[k].tmp);
			s->f[k].tmp[0] = '\0';
		}
		pthread_sigmask(SIG_SETMASK, &sigs, NULL);
		if (back)
			return oc_err_set(err, status_of(back),
			                  "cannot replace %s%s%s: %s; restoring the previous set failed "
			                  "(%s); the next run in the directory restores it",
			                  dir_prefix(s->dir), dir_sep(s->dir), e[i].name, strerror(why),
			                  strerror(back));
		return oc_err_set(err, status_of(why),
		                  "cannot replace %s%s%s: %s; previous artifacts left unchanged",
		                  dir_prefix(s->dir), dir_sep(s->dir), e[i].name, strerror(why));
	}
	finish_journal(s->dirfd, e, s->n);
	pthread_sigmask(SIG_SETMASK, &sigs, NULL);
	return OC_OK;
}

void oc_artset_end(struct oc_artset *s)
{
	for (int i = 0; i < s->n; i++) {
		if (s->f[i].fp)
			fclose(s->f[i].fp);
		s->f[i].fp = NULL;
		if (s->f[i].tmp[0]) {
			unlinkat(s->dirfd, s->f[i].tmp, 0);
			pending_del(s->dirfd, s->f[i].tmp);
			s->f[i].tmp[0] = '\0';
		}
	}
	s->n = 0;
	if (s->dirfd >= 0)
		close(s->dirfd);
	s->dirfd = -1;
	free(s->dir);
	s->dir = NULL;
}
