/*
 * peakrss [-o FILE] [--] CMD [ARGS...] - run CMD, report its cost.
 *
 * Prints one line, "wall_seconds peak_rss_kib exit_status cpu_seconds", on stderr or,
 * with -o, to FILE (truncated), then exits with CMD's status (128+N when CMD
 * was killed by signal N, 127 when it could not be started).  wall_seconds
 * is measured on the monotonic clock around fork..wait4; peak_rss_kib is the
 * ru_maxrss that wait4 reports for the child (KiB on Linux), i.e. the
 * largest resident set of CMD or of any descendant it waited for; cpu_seconds is
 * its user + system time (from the same wait4), which a busy machine barely changes.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void usage(void)
{
	fputs("usage: peakrss [-o FILE] [--] CMD [ARGS...]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	const char *outpath = NULL;
	struct timespec t0, t1;
	struct rusage ru;
	int i = 1, status, code;
	double wall, cpu;
	pid_t pid;
	FILE *out;

	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
			outpath = argv[i + 1];
			i += 2;
		} else {
			usage();
		}
	}
	if (i >= argc)
		usage();
	/* Open the report file first, so that a bad path fails before the run. */
	out = stderr;
	if (outpath != NULL) {
		out = fopen(outpath, "w");
		if (out == NULL) {
			fprintf(stderr, "peakrss: %s: %s\n", outpath, strerror(errno));
			return 2;
		}
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "peakrss: fork: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		if (out != stderr)
			fclose(out);
		execvp(argv[i], argv + i);
		fprintf(stderr, "peakrss: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "peakrss: wait4: %s\n", strerror(errno));
			return 2;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	if (WIFEXITED(status))
		code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		code = 128 + WTERMSIG(status);
	else
		code = 2;
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	      (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	fprintf(out, "%.3f %ld %d %.3f\n", wall, (long)ru.ru_maxrss, code, cpu);
	if (out != stderr && fclose(out) != 0) {
		fprintf(stderr, "peakrss: %s: %s\n", outpath, strerror(errno));
		return code != 0 ? code : 2;
	}
	return code;
}
