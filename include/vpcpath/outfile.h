/* outfile.h - writing a command's output so that a failed write is never a success.
 *
 * Standard output: main() calls outfile_std_fds_open() first and outfile_stdout_close()
 * last; a write error anywhere in between (a full disk, a closed descriptor) makes the
 * command exit 2 with "vpcpath: standard output: write error: REASON".
 *
 * -o FILE: the output is written to a new file with an unpredictable name in FILE's
 * folder, created exclusively (O_EXCL: no link is followed), and renamed over FILE
 * only once it is complete and flushed to disk.  On any failure the new file is
 * removed and FILE is untouched.  FILE may be missing or a regular file; anything else
 * (a directory, a symbolic link, a FIFO, a device, a socket) is refused, never
 * replaced.  A new FILE gets 0666 less the umask, as a plain create would; a replaced
 * one keeps its permission bits (and, when allowed, its owner and group).
 *
 * Messages name the file ("vpcpath: FILE: …", escaped) and go to stderr.
 */
#ifndef VPCPATH_OUTFILE_H
#define VPCPATH_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Opens /dev/null (for the wrong direction, so any use fails) on whichever of
 * descriptors 0, 1 and 2 is closed: a file the command opens later must never become
 * its standard output, and a write to a closed standard output must still fail. */
void outfile_std_fds_open(void);

/* Flushes standard output and reports a write error that happened since the start
 * (once per process, however often it is called): false after an error. */
bool outfile_stdout_flush(void);
/* outfile_stdout_flush(), then closes standard output (a close can report a deferred
 * error too).  The last thing main() does; false after an error. */
bool outfile_stdout_close(void);

struct outfile {
	FILE *f;           /* where to write: stdout, or the temporary file */
	char *path;        /* the target (owned copy), or NULL for standard output */
	char *tmp;         /* the temporary file's path (owned), while it exists */
	int err;           /* the first failed outfile_write()'s errno, or 0 */
};

/* Starts an output to path (NULL or "-": standard output).  On failure prints why and
 * returns false (o is then empty; outfile_discard() is harmless). */
bool outfile_open(struct outfile *o, const char *path);
/* Writes len bytes of buf to o->f, remembering why a write failed (the stream keeps
 * only that one did): false on failure, which outfile_commit() then reports. */
bool outfile_write(struct outfile *o, const void *buf, size_t len);
/* Finishes it: for a file, flushes, syncs and closes the temporary file and renames it
 * over the target; for standard output, outfile_stdout_flush().  On failure prints why,
 * removes the temporary file and returns false.  Frees what o holds either way. */
bool outfile_commit(struct outfile *o);
/* Abandons it: the temporary file is removed, the target untouched.  Frees what o
 * holds; harmless on an empty or finished outfile. */
void outfile_discard(struct outfile *o);

#endif
