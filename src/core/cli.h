/* The subcommands of minside as a table: each row names a command, says in one line what it
 * does, gives its usage and its handler. The usage string is the only description of the
 * arguments: the parser reads the options and the positional arguments from it, so a command
 * refuses what its usage does not list and answers --help without further code.
 *
 * Usage grammar, words separated by spaces:
 *   --name VALUE   an option with a value (VALUE is any word not starting with a dash)
 *   --name         a flag
 *   WORD           a positional argument, required outside brackets, optional inside
 *   …              after a positional argument: any number more of it
 *   [ … ]          brackets group what may be left out; options are always optional
 * Placeholders are written in upper case, so a command name (lower case) is never mistaken
 * for one. */
#ifndef MINSIDE_CORE_CLI_H
#define MINSIDE_CORE_CLI_H

#include <stdio.h>

enum { CLI_MAX_OPTIONS = 8 };

/* The arguments a command was given, checked against its usage. */
typedef struct cli_args {
    int noptions;
    const char *option_names[CLI_MAX_OPTIONS]; /* "--from", as in the usage */
    const char *option_values[CLI_MAX_OPTIONS]; /* the value; "" for a flag given; NULL: not given */
    char **args;                                /* the positional arguments, in order */
    int nargs;
    char *usage_text; /* where the option names live; freed by cli_args_free */
} cli_args;

typedef struct cli_command {
    const char *name;    /* one or two words: "migrate", "jobs run-once" */
    const char *summary; /* one line, Norwegian, lower case first */
    const char *usage;   /* the arguments after the name, "" for none */
    int (*run)(const cli_args *args); /* returns the exit status */
} cli_command;

/* The value of an option, or NULL when it was not given. */
const char *cli_value(const cli_args *a, const char *option);
/* 1 when the flag was given. */
int cli_flag(const cli_args *a, const char *option);

/* Finds the command named by argv[0] (and argv[1] for a two-word name) in a table ended by a
 * row with a NULL name. Sets *words to the number of words the name took. NULL: no such
 * command. */
const cli_command *cli_find(const cli_command *table, int argc, char **argv, int *words);

typedef enum { CLI_RUN, CLI_HELP, CLI_MISTAKE } cli_parse_result;
/* Checks argv (the words after the command's name) against the command's usage and fills a.
 * CLI_HELP: --help or -h was given; the usage is printed on standard output. CLI_MISTAKE: a
 * Norwegian message and the usage are printed on standard error. Call cli_args_free after. */
cli_parse_result cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a);
void cli_args_free(cli_args *a);

/* "Bruk: minside NAME USAGE" and the summary. */
void cli_print_usage(const cli_command *cmd, FILE *out);
/* One entry a command: name and usage, then the summary. */
void cli_print_table(const cli_command *table, FILE *out);

#endif
