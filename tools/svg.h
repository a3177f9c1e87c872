/*
 * tools/svg.h — `--plot F.svg`: a line plot with logarithmic axes, written
 * directly as SVG (no gnuplot).
 */
#ifndef AMDPM4_TOOLS_SVG_H
#define AMDPM4_TOOLS_SVG_H

#include <stdbool.h>

struct tool_plot_series {
    const char *label;
    const char *color;          /* an SVG colour, "#1f77b4" */
    bool dashed;
    unsigned n;
    const double *x, *y;        /* points; those not finite or <= 0 are left out */
};

struct tool_plot {
    const char *title, *subtitle;   /* subtitle: NULL, or lines separated by '\n' */
    const char *x_label, *y_label;
    bool y_is_ns;                   /* label y ticks as times ("1 µs") */
    unsigned n_series;
    const struct tool_plot_series *series;
};

/* Write the plot to path.  TOOL_OK, or TOOL_FAIL after printing the error
 * line (cannot write, or no point to plot). */
int tool_plot_svg(const char *cmd, const char *path, const struct tool_plot *p);

#endif
