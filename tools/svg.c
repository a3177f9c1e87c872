/* tools/svg.c — log-log line plots as SVG (see svg.h). */
#include "tools/svg.h"
#include "tools/tool.h"

#include <math.h>
#include <string.h>

#define W 980.0
#define H 540.0
#define LEFT 90.0
#define RIGHT 300.0         /* room for the legend */
#define TOP 84.0
#define BOTTOM 70.0

static bool usable(double v)
{
    return isfinite(v) && v > 0;
}

static void text_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void text(FILE *f, double x, double y, const char *anchor, const char *extra,
                 const char *s)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor,
            extra ? extra : "");
    text_escaped(f, s);
    fputs("</text>\n", f);
}

/* Axis range in log10, widened to whole decades (y) or a margin (x). */
struct axis {
    double lo, hi;          /* log10 */
    double px0, px1;        /* pixels of lo and hi */
};

static double place(const struct axis *a, double v)
{
    return a->px0 + (log10(v) - a->lo) / (a->hi - a->lo) * (a->px1 - a->px0);
}

int tool_plot_svg(const char *cmd, const char *path, const struct tool_plot *p)
{
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    struct axis ax, ay;
    char buf[48];
    FILE *f;

    for (unsigned s = 0; s < p->n_series; s++)
        for (unsigned i = 0; i < p->series[s].n; i++) {
            double x = p->series[s].x[i], y = p->series[s].y[i];
            if (!usable(x) || !usable(y))
                continue;
            xmin = fmin(xmin, x);
            xmax = fmax(xmax, x);
            ymin = fmin(ymin, y);
            ymax = fmax(ymax, y);
        }
    if (!isfinite(xmin))
        return tool_error(cmd, TOOL_FAIL, "--plot %s: nothing to plot (no positive values)", path);
    ax = (struct axis){log10(xmin), log10(xmax), LEFT, W - RIGHT};
    if (ax.hi - ax.lo < 1e-9) {
        ax.lo -= 0.5;
        ax.hi += 0.5;
    } else {
        double m = 0.04 * (ax.hi - ax.lo);
        ax.lo -= m;
        ax.hi += m;
    }
    /* y: whole half-decades around the data */
    ay = (struct axis){floor(2 * log10(ymin)) / 2, ceil(2 * log10(ymax)) / 2, H - BOTTOM, TOP};
    if (ay.hi <= ay.lo)
        ay.hi = ay.lo + 0.5;

    if (!(f = tool_open_out(cmd, path)))
        return TOOL_FAIL;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"13\">\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", W, H, W, H);
    text(f, W / 2, 26, "middle", " font-size=\"17\" font-weight=\"bold\"",
         p->title);
    if (p->subtitle) {
        /* One line per '\n'-separated part. */
        const char *s = p->subtitle;
        for (double y = 48; *s; y += 16) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            char line[256];
            snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1), s);
            text(f, W / 2, y, "middle", " fill=\"#555\" font-size=\"12\"", line);
            s += n + (nl ? 1 : 0);
        }
    }

    /* Grid and ticks: decades on y (with 2x and 5x minor lines), the data's
     * distinct x values on x. */
    for (double d = floor(ay.lo); d <= ay.hi + 1e-9; d += 1) {
        for (int m = 1; m <= 9; m++) {
            double v = pow(10, d) * m, py;
            bool label = m == 1 || ((m == 2 || m == 5) && ay.hi - ay.lo <= 2.01);
            if (log10(v) > ay.hi + 1e-9)
                break;
            if (log10(v) < ay.lo - 1e-9)
                continue;
            py = place(&ay, v);
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                    LEFT, py, W - RIGHT, py, m == 1 ? "#bbb" : "#eee");
            if (label) {
                if (p->y_is_ns)
                    tool_fmt_ns(v, buf, sizeof(buf));
                else
                    snprintf(buf, sizeof(buf), "%g", v);
                text(f, LEFT - 8, py + 4, "end", NULL, buf);
            }
        }
    }
    for (unsigned s = 0; s < p->n_series; s++)
        for (unsigned i = 0; i < p->series[s].n; i++) {
            double x = p->series[s].x[i], px;
            bool seen = false;
            if (!usable(x))
                continue;
            for (unsigned t = 0; t <= s && !seen; t++)
                for (unsigned j = 0; j < (t == s ? i : p->series[t].n) && !seen; j++)
                    seen = p->series[t].x[j] == x;
            if (seen)
                continue;
            px = place(&ax, x);
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    px, TOP, px, H - BOTTOM);
            snprintf(buf, sizeof(buf), "%g", x);
            text(f, px, H - BOTTOM + 18, "middle", NULL, buf);
        }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#333\"/>\n", LEFT, TOP, W - RIGHT - LEFT, H - BOTTOM - TOP);
    text(f, (LEFT + W - RIGHT) / 2, H - 22, "middle", NULL, p->x_label);
    fprintf(f, "<text transform=\"translate(22,%.1f) rotate(-90)\" text-anchor=\"middle\">",
            (TOP + H - BOTTOM) / 2);
    text_escaped(f, p->y_label);
    fputs("</text>\n", f);

    /* Series, then the legend. */
    for (unsigned s = 0; s < p->n_series; s++) {
        const struct tool_plot_series *se = &p->series[s];
        bool open = false;

        for (unsigned i = 0; i < se->n; i++) {
            if (!usable(se->x[i]) || !usable(se->y[i]))
                continue;
            if (!open)
                fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s "
                           "points=\"", se->color, se->dashed ? " stroke-dasharray=\"6 4\"" : "");
            fprintf(f, "%s%.1f,%.1f", open ? " " : "", place(&ax, se->x[i]), place(&ay, se->y[i]));
            open = true;
        }
        if (open)
            fputs("\"/>\n", f);
        for (unsigned i = 0; i < se->n; i++)
            if (usable(se->x[i]) && usable(se->y[i]))
                fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                        place(&ax, se->x[i]), place(&ay, se->y[i]), se->color);
    }
    for (unsigned s = 0; s < p->n_series; s++) {
        double y = TOP + 10 + 22.0 * s, x = W - RIGHT + 16;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-width=\"2\"%s/>\n", x, y, x + 28, y, p->series[s].color,
                p->series[s].dashed ? " stroke-dasharray=\"6 4\"" : "");
        text(f, x + 34, y + 4, "start", NULL, p->series[s].label);
    }
    fputs("</svg>\n", f);
    return tool_close_out(cmd, path, f);
}
