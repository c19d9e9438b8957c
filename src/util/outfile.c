/* outfile.c - see include/vpcpath/outfile.h */
#include "vpcpath/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vpcpath/arena.h"
#include "vpcpath/util.h"

/* "vpcpath: WHAT: MESSAGE[: strerror(err)]" on stderr, WHAT escaped (a file name
 * from the command line) */
static void report(const char *what, const char *message, int err)
{
	fputs("vpcpath: ", stderr);
	fputs_escaped(what, stderr);
	fprintf(stderr, ": %s", message);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

/* ---- standard output ---- */

void outfile_std_fds_open(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* open() returns the lowest free descriptor: this one */
		int nul = open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY);
		if (nul >= 0 && nul != fd)
			close(nul); /* a lower one was free after all: leave things be */
	}
}

static bool stdout_reported;

/* Flushes stdout; err is why an earlier write failed, when known */
static bool stdout_flush_knowing(int err)
{
	errno = 0;
	/* a flush repeats a buffered write that failed and says why; when the failed
	 * write was not buffered, the error flag still tells */
	bool failed = fflush(stdout) != 0;
	if (failed && !err)
		err = errno;
	failed |= ferror(stdout) != 0;
	if (failed && !stdout_reported) {
		report("standard output", "write error", err);
		stdout_reported = true;
	}
	return !failed && !stdout_reported;
}

bool outfile_stdout_flush(void)
{
	return stdout_flush_knowing(0);
}

bool outfile_stdout_close(void)
{
	bool ok = outfile_stdout_flush();
	errno = 0;
	if (fclose(stdout) != 0 && ok) {
		/* some file systems report a failed write only when the file is closed */
		report("standard output", "write error", errno);
		stdout_reported = true;
		ok = false;
	}
	return ok;
}

/* ---- -o FILE ---- */

/* The temporary file to remove when a signal ends the process mid-write (one output at
 * a time; its path is o->tmp, alive until the handlers are restored). */
static const char *volatile pending_tmp;
static volatile pid_t pending_owner;  /* not a forked worker, which inherits the handler */
static const int cleanup_signals[] = { SIGHUP, SIGINT, SIGTERM, SIGPIPE };
#define NSIGNALS (sizeof(cleanup_signals) / sizeof(cleanup_signals[0]))
static struct sigaction saved_actions[NSIGNALS];

static void remove_pending_and_die(int sig)
{
	const char *tmp = pending_tmp;
	if (tmp && getpid() == pending_owner)
		unlink(tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void watch_signals(const char *tmp)
{
	pending_tmp = tmp;
	pending_owner = getpid();
	struct sigaction sa = { .sa_handler = remove_pending_and_die };
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSIGNALS; i++) {
		sigaction(cleanup_signals[i], NULL, &saved_actions[i]);
		/* a signal the caller ignores (nohup, a shell's trap '') stays ignored */
		if (saved_actions[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
}

static void unwatch_signals(void)
{
	for (size_t i = 0; i < NSIGNALS; i++)
		if (saved_actions[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &saved_actions[i], NULL);
	pending_tmp = NULL;
}

/* What a file that is not a regular one is, for the message refusing to replace it */
static const char *file_kind(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISLNK(m) ? "a symbolic link" :
	       S_ISFIFO(m) ? "a FIFO" : S_ISCHR(m) ? "a character device" :
	       S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/* Whether the target may be replaced: missing (*exists false) or a regular file (its
 * status in *st).  Says why not. */
static bool target_replaceable(const char *path, struct stat *st, bool *exists)
{
	*exists = false;
	if (lstat(path, st) != 0) {
		if (errno == ENOENT)
			return true;
		report(path, "cannot write", errno);
		return false;
	}
	if (!S_ISREG(st->st_mode)) {
		char why[96];
		snprintf(why, sizeof(why), "not replaced: it is %s, not a regular file",
			 file_kind(st->st_mode));
		report(path, why, 0);
		return false;
	}
	/* a file one may not write stays as it is, as with a plain rewrite (the folder
	 * being writable would let the rename replace it) */
	if (access(path, W_OK) != 0) {
		report(path, "cannot write", errno);
		return false;
	}
	*exists = true;
	return true;
}

static mode_t current_umask(void)
{
	mode_t m = umask(022);
	umask(m);
	return m;
}

bool outfile_open(struct outfile *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		return true;
	}
	if (!*path) {
		report("-o", "an empty file name", 0);
		return false;
	}
	struct stat st;
	bool exists;
	if (!target_replaceable(path, &st, &exists))
		return false;

	/* the temporary file goes in the target's folder, so the rename stays within one
	 * file system and is atomic */
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;  /* with its slash */
	static const char pattern[] = ".vpcpath-XXXXXX";
	char *tmp = xmalloc(dirlen + sizeof(pattern));
	memcpy(tmp, path, dirlen);
	memcpy(tmp + dirlen, pattern, sizeof(pattern));
	/* a signal between the file's creation and the handlers' would leave it behind:
	 * held until both are done */
	sigset_t cleanup_set, before;
	sigemptyset(&cleanup_set);
	for (size_t i = 0; i < NSIGNALS; i++)
		sigaddset(&cleanup_set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &cleanup_set, &before);
	int fd = mkostemp(tmp, O_CLOEXEC);  /* O_CREAT | O_EXCL, mode 0600 */
	if (fd < 0) {
		int err = errno;
		sigprocmask(SIG_SETMASK, &before, NULL);
		report(path, "cannot write", err);
		free(tmp);
		return false;
	}
	watch_signals(tmp);
	sigprocmask(SIG_SETMASK, &before, NULL);
	/* the mode a plain create or rewrite would have given */
	mode_t mode = exists ? st.st_mode & 0777 : 0666 & ~current_umask();
	if (exists && fchown(fd, st.st_uid, st.st_gid) != 0) {
		/* only root may give a file away: the replacement is then the caller's */
	}
	FILE *f = fchmod(fd, mode) == 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		report(path, "cannot write", errno);
		close(fd);
		unlink(tmp);
		unwatch_signals();
		free(tmp);
		return false;
	}
	o->f = f;
	o->path = xstrdup(path);
	o->tmp = tmp;
	return true;
}

static void clear(struct outfile *o)
{
	if (o->tmp)
		unwatch_signals();
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

bool outfile_write(struct outfile *o, const void *buf, size_t len)
{
	errno = 0;
	if (fwrite(buf, 1, len, o->f) == len)
		return true;
	if (!o->err)
		o->err = errno ? errno : EIO;
	return false;
}

bool outfile_commit(struct outfile *o)
{
	if (!o->f)
		return false;
	int err = o->err;
	if (o->f == stdout) {
		clear(o);
		return stdout_flush_knowing(err);
	}
	errno = 0;
	bool ok = fflush(o->f) == 0 && !ferror(o->f) && !err;
	if (!ok && !err)
		err = errno;
	/* on disk before it is named: a crash after the rename must not leave an empty
	 * report where the old one was */
	if (ok && fsync(fileno(o->f)) != 0 && errno != EINVAL && errno != ENOTSUP) {
		ok = false;
		err = errno;
	}
	if (fclose(o->f) != 0 && ok) {
		ok = false;
		err = errno;
	}
	o->f = NULL;
	if (!ok) {
		report(o->path, "write error", err);
		unlink(o->tmp);
		clear(o);
		return false;
	}
	/* the target may have changed while the output was written */
	struct stat st;
	bool exists;
	if (!target_replaceable(o->path, &st, &exists)) {
		unlink(o->tmp);
		clear(o);
		return false;
	}
	if (rename(o->tmp, o->path) != 0) {
		report(o->path, "write error", errno);
		unlink(o->tmp);
		clear(o);
		return false;
	}
	clear(o);
	return true;
}

void outfile_discard(struct outfile *o)
{
	if (o->f && o->f != stdout) {
		fclose(o->f);
		unlink(o->tmp);
	}
	clear(o);
}
