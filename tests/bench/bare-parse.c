/*
 * bare-parse FILE - run libyaml's event parser over FILE and nothing else.
 *
 * The floor for `vpcpath validate`: it reads every event up to STREAM_END and
 * deletes it, building nothing.  A loader cannot be faster than this, so the
 * benchmark reports validate's time as a multiple of it.  Exit status 0 when
 * the file parses, 1 on a YAML error (reported as FILE:LINE:COLUMN), 2 on
 * bad usage or an unreadable file.  With -c it prints the event count.
 */
#include <stdio.h>
#include <string.h>
#include <yaml.h>

int main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t event;
	unsigned long events = 0;
	int count = 0, done = 0, rc = 0;
	const char *path;
	FILE *f;

	if (argc == 3 && strcmp(argv[1], "-c") == 0) {
		count = 1;
		path = argv[2];
	} else if (argc == 2 && argv[1][0] != '-') {
		path = argv[1];
	} else {
		fputs("usage: bare-parse [-c] FILE.yaml\n", stderr);
		return 2;
	}
	f = fopen(path, "rb");
	if (f == NULL) {
		perror(path);
		return 2;
	}
	if (!yaml_parser_initialize(&parser)) {
		fputs("bare-parse: cannot initialise libyaml\n", stderr);
		fclose(f);
		return 2;
	}
	yaml_parser_set_input_file(&parser, f);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "%s:%lu:%lu: %s\n", path,
				(unsigned long)parser.problem_mark.line + 1,
				(unsigned long)parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "parse error");
			rc = 1;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		events++;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	fclose(f);
	if (rc == 0 && count)
		printf("%lu\n", events);
	return rc;
}
