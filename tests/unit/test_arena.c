#include "core/arena.h"
#include "core/strbuf.h"
#include "tap.h"

#include <stdint.h>
#include <stdlib.h>

int main(void)
{
    arena *a = arena_new();
    char *s = arena_strdup(a, "Min side");
    TAP_EQ_STR(s, "Min side", "strdup copies");
    void *big = arena_alloc(a, 100000);
    TAP_OK(((uintptr_t)big % 16) == 0, "large allocations are aligned");
    void *small = arena_alloc(a, 3);
    TAP_OK(((uintptr_t)small % 16) == 0, "small allocations are aligned");
    TAP_EQ_STR(arena_printf(a, "%d/%d", 2026, 17), "2026/17", "printf formats");
    int *zeros = arena_calloc(a, 100, sizeof(int));
    int all_zero = 1;
    for (int i = 0; i < 100; i++) all_zero &= zeros[i] == 0;
    TAP_OK(all_zero, "calloc zeroes");
    TAP_OK(arena_used(a) >= 100000, "used counts every byte handed out");
    arena_free(a);

    strbuf b = STRBUF_INIT;
    strbuf_append_html(&b, "<a href=\"x\">Ærlig & 'rett'</a>", 31);
    TAP_EQ_STR(b.data, "&lt;a href=&quot;x&quot;&gt;Ærlig &amp; &#39;rett&#39;&lt;/a&gt;",
               "html escaping covers the five characters");
    strbuf_reset(&b);
    for (int i = 0; i < 1000; i++) strbuf_printf(&b, "%d,", i);
    TAP_OK(b.len > 3000 && b.data[b.len] == '\0', "grows and stays terminated");
    char *taken = strbuf_take(&b);
    TAP_OK(b.data == NULL && taken[0] == '0', "take hands over the buffer");
    free(taken);
    strbuf_free(&b);
    return tap_done();
}
