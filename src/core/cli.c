/* Subcommand lookup and argument checking, driven by each command's usage string (see cli.h). */
#include "core/cli.h"

#include <stdlib.h>
#include <string.h>

/* What a usage string allows. Option names point into `text`, a copy of the usage. */
typedef struct usage_spec {
    char *text;
    int noptions;
    const char *names[CLI_MAX_OPTIONS];
    int takes_value[CLI_MAX_OPTIONS];
    int min_args, max_args; /* max_args -1: no upper bound */
} usage_spec;

static int is_ellipsis(const char *t)
{
    return !strcmp(t, "…") || !strcmp(t, "...");
}

/* Reads the usage grammar of cli.h. Returns -1 on a usage with too many options (a mistake
 * in the table, caught by the tests that call every command's --help). */
static int usage_spec_read(const char *usage, usage_spec *s)
{
    memset(s, 0, sizeof *s);
    s->text = strdup(usage);
    if (!s->text) return -1;
    int depth = 0, pending_option = -1, last_was_positional = 0;
    char *save = NULL;
    for (char *t = strtok_r(s->text, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
        while (*t == '[') {
            depth++;
            t++;
        }
        size_t len = strlen(t);
        int closing = 0;
        while (len > 0 && t[len - 1] == ']') {
            t[--len] = '\0';
            closing++;
        }
        if (len == 0) {
            /* a bracket standing alone */
        } else if (!strncmp(t, "--", 2)) {
            if (s->noptions == CLI_MAX_OPTIONS) return -1;
            pending_option = s->noptions++;
            s->names[pending_option] = t;
            last_was_positional = 0;
        } else if (is_ellipsis(t)) {
            if (last_was_positional) s->max_args = -1;
        } else if (pending_option >= 0) {
            s->takes_value[pending_option] = 1; /* the word after an option is its value */
            pending_option = -1;
        } else {
            if (depth == 0) s->min_args++;
            if (s->max_args >= 0) s->max_args++;
            last_was_positional = 1;
        }
        if (len > 0 && strncmp(t, "--", 2)) pending_option = -1;
        depth -= closing;
    }
    return 0;
}

static void mistake(const cli_command *cmd, const char *fmt, const char *what)
{
    fputs("minside: ", stderr);
    fprintf(stderr, fmt, cmd->name, what);
    fputc('\n', stderr);
    cli_print_usage(cmd, stderr);
}

static int option_index(const usage_spec *s, const char *name, size_t len)
{
    for (int i = 0; i < s->noptions; i++)
        if (strlen(s->names[i]) == len && !strncmp(s->names[i], name, len)) return i;
    return -1;
}

/* Takes one option word (and its value from the next word when needed). Returns the number of
 * words used, or 0 after reporting a mistake. */
static int option_take(const cli_command *cmd, const usage_spec *s, cli_args *a, int argc,
                       char **argv, int i)
{
    const char *word = argv[i];
    const char *eq = strchr(word, '=');
    size_t len = eq ? (size_t)(eq - word) : strlen(word);
    int k = option_index(s, word, len);
    if (k < 0) {
        mistake(cmd, "%s kjenner ikke valget «%s»", word);
        return 0;
    }
    if (a->option_values[k]) {
        mistake(cmd, "%s: valget %s er gitt to ganger", s->names[k]);
        return 0;
    }
    if (!s->takes_value[k]) {
        if (eq) {
            mistake(cmd, "%s: valget %s tar ingen verdi", s->names[k]);
            return 0;
        }
        a->option_values[k] = "";
        return 1;
    }
    if (eq) {
        a->option_values[k] = eq + 1;
        return 1;
    }
    if (i + 1 >= argc) {
        mistake(cmd, "%s: valget %s trenger en verdi", s->names[k]);
        return 0;
    }
    a->option_values[k] = argv[i + 1];
    return 2;
}

static int asks_for_help(int argc, char **argv)
{
    for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return 1;
    return 0;
}

cli_parse_result cli_parse(const cli_command *cmd, int argc, char **argv, cli_args *a)
{
    memset(a, 0, sizeof *a);
    if (asks_for_help(argc, argv)) {
        cli_print_usage(cmd, stdout);
        return CLI_HELP;
    }
    usage_spec s;
    a->args = calloc((size_t)argc + 1, sizeof *a->args);
    if (usage_spec_read(cmd->usage, &s) != 0 || !a->args) {
        fprintf(stderr, "minside: bruken av %s kan ikke leses\n", cmd->name);
        free(s.text);
        return CLI_MISTAKE;
    }
    int options_end = 0;
    cli_parse_result result = CLI_RUN;
    for (int i = 0; i < argc && result == CLI_RUN;) {
        if (!options_end && !strcmp(argv[i], "--")) {
            options_end = 1;
            i++;
        } else if (!options_end && argv[i][0] == '-' && argv[i][1] != '\0') {
            int used = option_take(cmd, &s, a, argc, argv, i);
            if (!used) result = CLI_MISTAKE;
            i += used;
        } else if (s.max_args >= 0 && a->nargs == s.max_args) {
            mistake(cmd, "%s tar ikke imot argumentet «%s»", argv[i]);
            result = CLI_MISTAKE;
        } else {
            a->args[a->nargs++] = argv[i++];
        }
    }
    if (result == CLI_RUN && a->nargs < s.min_args) {
        mistake(cmd, "%s mangler et argument%s", "");
        result = CLI_MISTAKE;
    }
    /* The names are kept as the usage spells them; the copy they live in goes with a. */
    a->noptions = s.noptions;
    for (int k = 0; k < s.noptions; k++) a->option_names[k] = s.names[k];
    a->usage_text = s.text;
    return result;
}

void cli_args_free(cli_args *a)
{
    free(a->args);
    free(a->usage_text);
    memset(a, 0, sizeof *a);
}

static int option_find(const cli_args *a, const char *option)
{
    for (int k = 0; k < a->noptions; k++)
        if (!strcmp(a->option_names[k], option)) return k;
    return -1;
}

const char *cli_value(const cli_args *a, const char *option)
{
    int k = option_find(a, option);
    return k < 0 ? NULL : a->option_values[k];
}

int cli_flag(const cli_args *a, const char *option)
{
    return cli_value(a, option) != NULL;
}

/* The words of a name, compared with the words given. */
static int name_matches(const char *name, int argc, char **argv, int *words)
{
    int n = 0;
    const char *p = name;
    while (*p) {
        const char *space = strchr(p, ' ');
        size_t len = space ? (size_t)(space - p) : strlen(p);
        if (n >= argc || strlen(argv[n]) != len || strncmp(argv[n], p, len)) return 0;
        n++;
        p += len + (space ? 1 : 0);
    }
    *words = n;
    return 1;
}

const cli_command *cli_find(const cli_command *table, int argc, char **argv, int *words)
{
    /* The longest name wins: "retention run" before "retention", in any order of the table. */
    const cli_command *best = NULL;
    int best_words = 0;
    for (const cli_command *c = table; c->name; c++) {
        int n = 0;
        if (name_matches(c->name, argc, argv, &n) && n > best_words) {
            best = c;
            best_words = n;
        }
    }
    *words = best_words;
    return best;
}

void cli_print_usage(const cli_command *cmd, FILE *out)
{
    fprintf(out, "Bruk: minside %s%s%s\n  %s\n", cmd->name, *cmd->usage ? " " : "", cmd->usage,
            cmd->summary);
}

/* Characters as a terminal shows them: UTF-8 continuation bytes take no column. */
static size_t columns(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) n++;
    return n;
}

void cli_print_table(const cli_command *table, FILE *out)
{
    enum { SUMMARY_COLUMN = 22 };
    for (const cli_command *c = table; c->name; c++) {
        size_t width = 2 + columns(c->name) + (*c->usage ? 1 + columns(c->usage) : 0);
        fprintf(out, "  %s%s%s", c->name, *c->usage ? " " : "", c->usage);
        if (width < SUMMARY_COLUMN)
            fprintf(out, "%*s%s\n", (int)(SUMMARY_COLUMN - width), "", c->summary);
        else
            fprintf(out, "\n%*s%s\n", SUMMARY_COLUMN, "", c->summary);
    }
}
