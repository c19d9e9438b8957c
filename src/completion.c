/* completion.c - `vpcpath completion bash|zsh`: a shell completion script, written from
 * the data scripts/gen-completion reads out of the sources (completion.h), so that a new
 * command, option or format is completed without anyone writing it twice.  It is linked
 * beside main.c, not into libvpcpath.a: the data is generated from main.c's table. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/common.h"
#include "completion.h"

static const char completion_help[] =
	"usage: vpcpath completion bash\n"
	"       vpcpath completion zsh\n"
	"\n"
	"Print a completion script for the shell: commands, subcommands, each command's\n"
	"options and the values of -f and of options that take a fixed set of words.\n"
	"  bash: source <(vpcpath completion bash), or save it as\n"
	"        ~/.local/share/bash-completion/completions/vpcpath\n"
	"  zsh:  source <(vpcpath completion zsh), or save it as _vpcpath in a\n"
	"        directory of $fpath\n"
	"\n"
	"  -h, --help   this help\n";

/* the values of --color (src/cmd/common.c), which every command takes */
static const char color_values[] = "auto always never";

/* s as one single-quoted shell word (both shells read '\'' as a quote) */
static void put_quoted(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

/* The help command's argument is another command's name. */
static bool is_help(const struct completion_command *c)
{
	return !strcmp(c->name, "help");
}

/* ---- bash ------------------------------------------------------------------------ */

/* The data as associative arrays: options per command, the options that take a
 * value, the values per "COMMAND OPTION", the subcommands. */
static void bash_data(FILE *f)
{
	fputs("declare -ga _vpcpath_commands=(", f);
	for (const struct completion_command *c = completion_commands; c->name; c++)
		fprintf(f, " %s", c->name);
	fputs(" )\ndeclare -gA _vpcpath_options=(\n", f);
	for (const struct completion_command *c = completion_commands; c->name; c++) {
		fprintf(f, "\t[%s]='", c->name);
		for (const struct completion_option *o = c->options; o->name; o++) {
			if (o->short_name)
				fprintf(f, "-%c ", o->short_name);
			fprintf(f, "--%s ", o->name);
		}
		fputs("--color='\n", f);
	}
	fputs(")\n# the options that take the next word as their value\n"
	      "declare -gA _vpcpath_valued=(\n", f);
	for (const struct completion_command *c = completion_commands; c->name; c++) {
		fprintf(f, "\t[%s]=' ", c->name);
		for (const struct completion_option *o = c->options; o->name; o++) {
			if (o->argument != 1)
				continue;
			if (o->short_name)
				fprintf(f, "-%c ", o->short_name);
			fprintf(f, "--%s ", o->name);
		}
		fputs("'\n", f);
	}
	fputs(")\n# \"COMMAND OPTION\": the words the option takes (else: files)\n"
	      "declare -gA _vpcpath_values=(\n", f);
	for (const struct completion_command *c = completion_commands; c->name; c++)
		for (const struct completion_option *o = c->options; o->name; o++) {
			if (!o->values)
				continue;
			fprintf(f, "\t[%s --%s]=", c->name, o->name);
			put_quoted(f, o->values);
			fputc('\n', f);
			if (o->short_name) {
				fprintf(f, "\t[%s -%c]=", c->name, o->short_name);
				put_quoted(f, o->values);
				fputc('\n', f);
			}
		}
	fputs(")\ndeclare -gA _vpcpath_subcommands=(\n", f);
	for (const struct completion_command *c = completion_commands; c->name; c++) {
		if (!c->subcommands[0] && !is_help(c))
			continue;
		fprintf(f, "\t[%s]='", c->name);
		if (is_help(c)) {
			for (const struct completion_command *d = completion_commands; d->name; d++)
				if (d != c)
					fprintf(f, "%s ", d->name);
		} else {
			for (const char *const *s = c->subcommands; *s; s++)
				fprintf(f, "%s ", *s);
		}
		fputs("'\n", f);
	}
	fputs(")\n", f);
}

static const char bash_function[] =
	"_vpcpath() {\n"
	"\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= opt= prefix= cmd= sub= w i\n"
	"\tCOMPREPLY=()\n"
	"\t(( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	"\t# the command: the first word that is no option; its subcommand: the next word\n"
	"\t# that is no option and no option's value\n"
	"\tfor (( i = 1; i < COMP_CWORD; i++ )); do\n"
	"\t\tw=${COMP_WORDS[i]}\n"
	"\t\tif [[ $w == = ]]; then (( i++ )); continue; fi\n"
	"\t\t[[ ${COMP_WORDS[i+1]} == = ]] && continue\n"
	"\t\tif [[ -z $cmd ]]; then\n"
	"\t\t\t[[ $w == -* ]] || cmd=$w\n"
	"\t\telif [[ $w == -* ]]; then\n"
	"\t\t\t[[ ${_vpcpath_valued[$cmd]} == *\" $w \"* ]] && (( i++ ))\n"
	"\t\telif [[ -z $sub ]]; then\n"
	"\t\t\tsub=$w\n"
	"\t\tfi\n"
	"\tdone\n"
	"\t# the value of an option: --opt=VALUE (split at '=' or not), or after --opt\n"
	"\tif [[ $cur == = ]]; then\n"
	"\t\topt=$prev cur=\n"
	"\telif [[ $prev == = ]] && (( COMP_CWORD > 1 )); then\n"
	"\t\topt=${COMP_WORDS[COMP_CWORD-2]}\n"
	"\telif [[ $cur == --*=* ]]; then\n"
	"\t\topt=${cur%%%%=*} prefix=${cur%%%%=*}= cur=${cur#*=}\n"
	"\telif [[ -n $cmd && $prev == -* && ${_vpcpath_valued[$cmd]} == *\" $prev \"* ]]; then\n"
	"\t\topt=$prev\n"
	"\tfi\n"
	"\tif [[ -n $opt ]]; then\n"
	"\t\tif [[ $opt == --color ]]; then\n"
	"\t\t\tCOMPREPLY=( $(compgen -W '%s' -- \"$cur\") )\n"
	"\t\telif [[ -n ${_vpcpath_values[$cmd $opt]} ]]; then\n"
	"\t\t\tCOMPREPLY=( $(compgen -W \"${_vpcpath_values[$cmd $opt]}\" -- \"$cur\") )\n"
	"\t\tfi\n"
	"\t\t[[ -n $prefix ]] && COMPREPLY=( \"${COMPREPLY[@]/#/$prefix}\" )\n"
	"\t\treturn 0 # otherwise: file names (complete -o default)\n"
	"\tfi\n"
	"\tif [[ -z $cmd ]]; then\n"
	"\t\tif [[ $cur == -* ]]; then\n"
	"\t\t\tCOMPREPLY=( $(compgen -W '--help --version --color=' -- \"$cur\") )\n"
	"\t\telse\n"
	"\t\t\tCOMPREPLY=( $(compgen -W \"${_vpcpath_commands[*]}\" -- \"$cur\") )\n"
	"\t\tfi\n"
	"\telif [[ $cur == -* ]]; then\n"
	"\t\tCOMPREPLY=( $(compgen -W \"${_vpcpath_options[$cmd]}\" -- \"$cur\") )\n"
	"\telif [[ -z $sub && -n ${_vpcpath_subcommands[$cmd]} ]]; then\n"
	"\t\tCOMPREPLY=( $(compgen -W \"${_vpcpath_subcommands[$cmd]}\" -- \"$cur\") )\n"
	"\tfi\n"
	"\t# --color= and --format= go on with their value: no space after them\n"
	"\t[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null\n"
	"\treturn 0\n"
	"}\n"
	"complete -o default -F _vpcpath vpcpath\n";

static void write_bash(FILE *f)
{
	fputs("# bash completion for vpcpath " VPCPATH_VERSION ", written by `vpcpath completion bash`\n"
	      "# from its command table: source <(vpcpath completion bash), or save it as\n"
	      "# ~/.local/share/bash-completion/completions/vpcpath\n", f);
	bash_data(f);
	fprintf(f, bash_function, color_values);
}

/* ---- zsh ------------------------------------------------------------------------- */

/* One _arguments spec per spelling of the option: '(-f --format)-f+:format:(text json)' */
static void zsh_option(FILE *f, const struct completion_option *o)
{
	char excl[96];
	if (o->short_name)
		snprintf(excl, sizeof(excl), "(-%c --%s)", o->short_name, o->name);
	else
		snprintf(excl, sizeof(excl), "(--%s)", o->name);
	for (int spelling = 0; spelling < 2; spelling++) {
		if (spelling == 0 && !o->short_name)
			continue;
		fputs(" \\\n\t\t\t'", f);
		fputs(excl, f);
		if (spelling == 0)
			fprintf(f, "-%c%s", o->short_name, o->argument == 1 ? "+" : "");
		else
			fprintf(f, "--%s%s", o->name, o->argument == 1 ? "=" : "");
		if (o->argument == 1) {
			if (o->values)
				fprintf(f, ":%s:(%s)", o->name, o->values);
			else
				fprintf(f, ":%s:_files", o->name);
		}
		fputc('\'', f);
	}
}

static void write_zsh(FILE *f)
{
	fputs("#compdef vpcpath\n"
	      "# zsh completion for vpcpath " VPCPATH_VERSION ", written by `vpcpath completion zsh`\n"
	      "# from its command table: source <(vpcpath completion zsh), or save it as _vpcpath\n"
	      "# in a directory of $fpath\n"
	      "_vpcpath() {\n"
	      "\tlocal curcontext=$curcontext state state_descr line ret=1\n"
	      "\ttypeset -A opt_args\n"
	      "\tlocal -a commands=(\n", f);
	for (const struct completion_command *c = completion_commands; c->name; c++) {
		/* _describe splits NAME:DESCRIPTION at the first unquoted colon */
		char entry[256];
		snprintf(entry, sizeof(entry), "%s:%s", c->name, c->summary);
		fputs("\t\t", f);
		put_quoted(f, entry);
		fputc('\n', f);
	}
	fprintf(f, "\t)\n"
		"\t_arguments -C \\\n"
		"\t\t'*--color=-[colour the text answer]:when:(%s)' \\\n"
		"\t\t'(- :)--help[the commands]' '(- :)--version[the version]' \\\n"
		"\t\t'1:command:->command' '*::argument:->argument' && ret=0\n"
		"\tcase $state in\n"
		"\tcommand)\n"
		"\t\t_describe -t commands 'vpcpath command' commands && ret=0\n"
		"\t\t;;\n"
		"\targument)\n"
		"\t\tcurcontext=${curcontext%%:*:*}:vpcpath-$words[1]:\n"
		"\t\tcase $words[1] in\n", color_values);
	for (const struct completion_command *c = completion_commands; c->name; c++) {
		fprintf(f, "\t\t%s)\n\t\t\t_arguments -s '*--color=-[colour the text answer]:when:(%s)'",
			c->name, color_values);
		for (const struct completion_option *o = c->options; o->name; o++)
			zsh_option(f, o);
		if (is_help(c)) {
			fputs(" \\\n\t\t\t'1:command:(", f);
			for (const struct completion_command *d = completion_commands; d->name; d++)
				if (d != c)
					fprintf(f, "%s%s", d == completion_commands ? "" : " ", d->name);
			fputs(")'", f);
		} else if (c->subcommands[0]) {
			fputs(" \\\n\t\t\t'1:subcommand:(", f);
			for (const char *const *s = c->subcommands; *s; s++)
				fprintf(f, "%s%s", s == c->subcommands ? "" : " ", *s);
			fputs(")' \\\n\t\t\t'*:file:_files'", f);
		} else {
			fputs(" \\\n\t\t\t'*:file:_files'", f);
		}
		fputs(" && ret=0\n\t\t\t;;\n", f);
	}
	fputs("\t\tesac\n"
	      "\t\t;;\n"
	      "\tesac\n"
	      "\treturn ret\n"
	      "}\n"
	      "# autoloaded from $fpath: complete now; sourced: register the function\n"
	      "if [[ $funcstack[1] == _vpcpath ]]; then\n"
	      "\t_vpcpath \"$@\"\n"
	      "else\n"
	      "\tcompdef _vpcpath vpcpath\n"
	      "fi\n", f);
}

int cmd_completion(int argc, char **argv)
{
	static const struct option completion_options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", completion_options, NULL)) != -1) {
		if (c == 'h') {
			fputs(completion_help, stdout);
			return VPCPATH_EXIT_YES;
		}
		cmd_error("completion: unknown option '%s'", argv[optind - 1]);
		return cmd_usage_error("completion", "bash|zsh");
	}
	if (argc - optind != 1) {
		cmd_error("completion: which shell? (bash or zsh)");
		return cmd_usage_error("completion", "bash|zsh");
	}
	const char *shell = argv[optind];
	if (!strcmp(shell, "bash"))
		write_bash(stdout);
	else if (!strcmp(shell, "zsh"))
		write_zsh(stdout);
	else {
		cmd_error("completion: no script for '%s' (bash or zsh)", shell);
		return cmd_usage_error("completion", "bash|zsh");
	}
	return VPCPATH_EXIT_YES;
}
