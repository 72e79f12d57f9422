/* `minside verify-audit [--anchor NR:HASH]`. */
#include "audit/audit_cli.h"
#include "audit/audit.h"
#include "audit/audit_internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* "NR:HASH" from the daily log line; 0 when it is one. */
static int anchor_parse(const char *s, int64_t *seq, char hash[65])
{
    int used = 0;
    if (sscanf(s, "%" SCNd64 ":%n", seq, &used) != 1 || *seq < 1 || used == 0) return -1;
    const char *h = s + used;
    if (strlen(h) != 64 || strspn(h, "0123456789abcdef") != 64) return -1;
    memcpy(hash, h, 65);
    return 0;
}

int audit_cli_verify(db *d, const char *anchor)
{
    int64_t anchor_seq = 0;
    char anchor_hash[65] = "";
    if (anchor && anchor_parse(anchor, &anchor_seq, anchor_hash) != 0) {
        fputs("minside: --anchor skrives NR:HASH, slik den daglige logglinjen viser den\n", stderr);
        return 2;
    }
    audit_verify_result res;
    if (audit_verify(d, stdout, &res) != DB_OK) {
        fprintf(stderr, "minside: kan ikke lese revisjonsloggen: %s\n", db_errmsg(d));
        return 3;
    }
    if (anchor_seq) {
        audit_chain_row row;
        int n = audit_db_read_after(d, anchor_seq - 1, &row, 1);
        if (n < 0) {
            fprintf(stderr, "minside: kan ikke lese revisjonsloggen: %s\n", db_errmsg(d));
            return 3;
        }
        if (n == 0 || row.row.seq != anchor_seq || strcmp(row.hash, anchor_hash) != 0) {
            printf("Rad %lld stemmer ikke med ankeret fra loggen.\n", (long long)anchor_seq);
            res.problems++;
        }
    }
    if (res.problems) {
        printf("Revisjonsloggen er brutt: %lld feil i %lld rader.\n", (long long)res.problems, (long long)res.rows);
        return 1;
    }
    printf("Revisjonsloggen er hel: %lld rader, siste hash %s.\n", (long long)res.rows, res.last_hash);
    return 0;
}
