#include "stats/stats_chart.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/utf8.h"

/* The drawing's size in SVG units; the page scales it to the column's width. */
enum { WIDTH = 640, HEIGHT = 260, LEFT = 64, RIGHT = 12, TOP = 12, BOTTOM = 40 };
enum { ROW_HEIGHT = 26, LABEL_WIDTH = 250, LABEL_CHARS = 34 };

stats_chart *stats_chart_new(arena *a, const char *id, const char *title, const char *description,
                             const char *label_heading, size_t count, const char *const *series)
{
    stats_chart *c = arena_alloc(a, sizeof *c);
    memset(c, 0, sizeof *c);
    c->id = id;
    c->title = title;
    c->description = description;
    c->label_heading = label_heading;
    c->count = count;
    c->labels = arena_alloc(a, (count ? count : 1) * sizeof *c->labels);
    for (size_t i = 0; i < count; i++) c->labels[i] = "";
    for (; series[c->series_count] && c->series_count < STATS_CHART_MAX_SERIES; c->series_count++) {
        stats_series *s = &c->series[c->series_count];
        s->name = series[c->series_count];
        s->values = arena_alloc(a, (count ? count : 1) * sizeof *s->values);
        for (size_t i = 0; i < count; i++) s->values[i] = NAN;
    }
    return c;
}

const char *stats_chart_number(arena *a, const stats_chart *c, double v)
{
    if (isnan(v)) return "–";
    if (!c->decimals) return arena_printf(a, "%.0f", v);
    char *s = arena_printf(a, "%.1f", v);
    char *dot = strchr(s, '.');
    if (dot) *dot = ',';
    return s;
}

/* The scale's top: the fixed one, or 1, 2 or 5 times a power of ten at or above the largest
 * value, so the grid lines fall on round numbers. */
static double scale_top(const stats_chart *c)
{
    if (c->fixed_max > 0) return c->fixed_max;
    double max = 0;
    for (size_t s = 0; s < c->series_count; s++)
        for (size_t i = 0; i < c->count; i++)
            if (!isnan(c->series[s].values[i]) && c->series[s].values[i] > max)
                max = c->series[s].values[i];
    if (max <= 0) return 4;
    double p = pow(10, floor(log10(max)));
    double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (steps[i] * p >= max) return steps[i] * p < 4 && !c->decimals ? 4 : steps[i] * p;
    return 10 * p;
}

static void text_escaped(strbuf *b, const char *s)
{
    strbuf_append_html(b, s, strlen(s));
}

/* A label cut to fit beside its bar (the table has it whole). */
static const char *label_short(arena *a, const char *s)
{
    if (strlen(s) <= LABEL_CHARS) return s;
    size_t cut = utf8_prefix_len(s, strlen(s), LABEL_CHARS - 1);
    return arena_printf(a, "%.*s…", (int)cut, s);
}

static void bar(strbuf *b, arena *a, const stats_chart *c, size_t s, size_t i, double x, double y,
                double w, double h)
{
    double v = c->series[s].values[i];
    strbuf_printf(b, "<rect class=\"ms-chart__bar ms-chart__bar--%zu\" x=\"%.1f\" y=\"%.1f\" "
                     "width=\"%.1f\" height=\"%.1f\" data-series=\"%zu\" data-index=\"%zu\" "
                     "data-value=\"%.*f\"><title>",
                  s + 1, x, y, w, h, s, i, c->decimals, v);
    text_escaped(b, c->labels[i]);
    if (c->series_count > 1) {
        strbuf_puts(b, ", ");
        text_escaped(b, c->series[s].name);
    }
    strbuf_printf(b, ": %s</title></rect>", stats_chart_number(a, c, v));
}

static void svg_vertical(strbuf *b, arena *a, const stats_chart *c, double top)
{
    double plot_w = WIDTH - LEFT - RIGHT, plot_h = HEIGHT - TOP - BOTTOM;
    for (int t = 0; t <= 4; t++) {
        double v = top * t / 4, y = TOP + plot_h - plot_h * t / 4;
        strbuf_printf(b, "<line class=\"ms-chart__grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                      LEFT, WIDTH - RIGHT, y, y);
        strbuf_printf(b, "<text class=\"ms-chart__tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                      LEFT - 6, y + 4, stats_chart_number(a, c, v));
    }
    if (!c->count) return;
    double group = plot_w / (double)c->count;
    double w = group * 0.8 / (double)c->series_count;
    /* At most eight labels under the axis, and few enough that the longest (about 7 units a
     * character at 12px) never touches the next. */
    size_t longest = 0;
    for (size_t i = 0; i < c->count; i++)
        if (utf8_chars(c->labels[i]) > longest) longest = utf8_chars(c->labels[i]);
    size_t every = (c->count + 7) / 8, fit = (size_t)ceil((double)(longest * 7 + 8) / group);
    if (fit > every) every = fit;
    for (size_t i = 0; i < c->count; i++) {
        double x0 = LEFT + group * (double)i + group * 0.1;
        for (size_t s = 0; s < c->series_count; s++) {
            double v = c->series[s].values[i];
            if (isnan(v)) continue;
            double h = v > 0 ? plot_h * (v > top ? top : v) / top : 0;
            bar(b, a, c, s, i, x0 + w * (double)s, TOP + plot_h - h, w, h);
        }
        if (i % every == 0) {
            strbuf_printf(b, "<text class=\"ms-chart__tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                          LEFT + group * ((double)i + 0.5), HEIGHT - BOTTOM + 18);
            text_escaped(b, c->labels[i]);
            strbuf_puts(b, "</text>");
        }
    }
}

static void svg_horizontal(strbuf *b, arena *a, const stats_chart *c, double top)
{
    double plot_w = WIDTH - LABEL_WIDTH - RIGHT - 60; /* room for the value after the bar */
    for (size_t i = 0; i < c->count; i++) {
        double y = TOP + ROW_HEIGHT * (double)i;
        strbuf_printf(b, "<text class=\"ms-chart__label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">",
                      LABEL_WIDTH - 8, y + ROW_HEIGHT * 0.65);
        text_escaped(b, label_short(a, c->labels[i]));
        strbuf_puts(b, "</text>");
        double v = c->series[0].values[i];
        if (isnan(v)) continue;
        double w = v > 0 ? plot_w * (v > top ? top : v) / top : 0;
        bar(b, a, c, 0, i, LABEL_WIDTH, y + 4, w, ROW_HEIGHT - 8);
        strbuf_printf(b, "<text class=\"ms-chart__value\" x=\"%.1f\" y=\"%.1f\">%s</text>",
                      LABEL_WIDTH + w + 6, y + ROW_HEIGHT * 0.65, stats_chart_number(a, c, v));
    }
}

const char *stats_chart_svg(arena *a, const stats_chart *c)
{
    strbuf b = STRBUF_INIT;
    int height = c->horizontal ? TOP * 2 + ROW_HEIGHT * (int)(c->count ? c->count : 1) : HEIGHT;
    /* The table after the chart carries the same numbers for screen readers; the drawing is
     * named by the figure's heading and described by its text. */
    strbuf_printf(&b, "<svg class=\"ms-chart__svg\" xmlns=\"http://www.w3.org/2000/svg\" "
                     "viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"%s-tittel\" "
                     "aria-describedby=\"%s-beskrivelse\" data-chart=\"%s\">",
                  WIDTH, height, c->id, c->id, c->id);
    double top = scale_top(c);
    if (c->horizontal)
        svg_horizontal(&b, a, c, top);
    else
        svg_vertical(&b, a, c, top);
    strbuf_puts(&b, "</svg>");
    char *out = arena_strdup(a, b.data);
    strbuf_free(&b);
    return out;
}

json_t *stats_chart_json(arena *a, const stats_chart *c)
{
    json_t *head = json_array(), *rows = json_array(), *legend = json_array();
    json_array_append_new(head, json_string(c->label_heading));
    for (size_t s = 0; s < c->series_count; s++) {
        json_array_append_new(head, json_string(c->series[s].name));
        if (c->series_count > 1)
            json_array_append_new(legend, json_pack("{s:s, s:i}", "name", c->series[s].name,
                                                    "number", (int)s + 1));
    }
    for (size_t i = 0; i < c->count; i++) {
        json_t *cells = json_array();
        for (size_t s = 0; s < c->series_count; s++)
            json_array_append_new(cells, json_string(stats_chart_number(a, c, c->series[s].values[i])));
        json_array_append_new(rows, json_pack("{s:s, s:o}", "label", c->labels[i], "cells", cells));
    }
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:s}", "id", c->id, "title",
                     c->title, "description", c->description, "svg", stats_chart_svg(a, c),
                     "head", head, "rows", rows, "legend", legend, "has_legend",
                     c->series_count > 1, "empty", c->count == 0,
                     "csv_url", arena_printf(a, "/statistikk/%s.csv", c->id));
}

/* One CSV field, quoted by libcsv when it holds a comma, a quote or a line break. A field that
 * a spreadsheet would run as a formula gets a leading apostrophe. */
static void csv_field(strbuf *b, const char *s, int last)
{
    char *guarded = NULL;
    if (strchr("=+-@\t\r", s[0]) && s[0]) {
        size_t n = strlen(s);
        guarded = malloc(n + 2);
        if (guarded) {
            guarded[0] = '\'';
            memcpy(guarded + 1, s, n + 1);
            s = guarded;
        }
    }
    size_t n = strlen(s);
    size_t need = csv_write(NULL, 0, s, n);
    char *out = malloc(need + 1);
    if (out) {
        csv_write(out, need, s, n);
        strbuf_append(b, out, need);
        free(out);
    }
    free(guarded);
    strbuf_puts(b, last ? "\r\n" : ",");
}

char *stats_chart_csv(const stats_chart *c, size_t *len)
{
    strbuf b = STRBUF_INIT;
    csv_field(&b, c->label_heading, c->series_count == 0);
    for (size_t s = 0; s < c->series_count; s++) csv_field(&b, c->series[s].name, s + 1 == c->series_count);
    char num[64];
    for (size_t i = 0; i < c->count; i++) {
        csv_field(&b, c->labels[i], c->series_count == 0);
        for (size_t s = 0; s < c->series_count; s++) {
            double v = c->series[s].values[i];
            if (isnan(v))
                num[0] = '\0';
            else
                snprintf(num, sizeof num, "%.*f", c->decimals, v);
            csv_field(&b, num, s + 1 == c->series_count);
        }
    }
    *len = b.len;
    return strbuf_take(&b);
}
