package dev.switchboard.bench.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The sweep as an SVG chart, drawn by hand (no plotting tool is installed): for each payload,
 * deliveries/s and p99 latency against ports, log–log, one line per set-up and rate. Hub, ceiling
 * and direct are side by side in colour; the rate is the dash pattern; a hollow marker is a
 * saturated run.
 */
final class SvgChart {

    private static final int PANEL_W = 460;
    private static final int PANEL_H = 290;
    private static final int LEFT = 70;
    private static final int TOP = 50;
    private static final int GAP_X = 100;
    private static final int GAP_Y = 80;
    private static final Map<Setup, String> COLOURS = Map.of(Setup.HUB, "#d62728", Setup.CEILING, "#1f77b4",
            Setup.NIO_CEILING, "#2ca02c", Setup.DIRECT, "#7f7f7f", Setup.HUB_CLUSTER, "#ff7f0e", Setup.HUB_CLUSTER_2, "#9467bd");
    private static final String[] DASHES = {"", "8,4", "2,3", "12,3,2,3"};

    private SvgChart() {
    }

    static String render(Sweep s) {
        List<RunResult> ok = s.runs().stream().filter(RunResult::ok).toList();
        List<Integer> sizes = new ArrayList<>(new TreeSet<>(ok.stream().map(r -> r.point().size()).toList()));
        List<Integer> rates = new ArrayList<>(new TreeSet<>(ok.stream().map(r -> r.point().rate()).toList()));
        java.util.Collections.reverse(rates); // the highest rate gets the solid line
        int rows = Math.max(1, sizes.size());
        int width = LEFT + 2 * PANEL_W + GAP_X + 40;
        int height = TOP + rows * (PANEL_H + GAP_Y) + 60;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        svg.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        svg.append(String.format("<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Switchboard sweep %s: hub vs ceiling vs direct</text>%n",
                LEFT, esc(s.name())));
        if (ok.isEmpty()) {
            svg.append(String.format("<text x=\"%d\" y=\"%d\">no successful runs</text>%n", LEFT, TOP + 40));
        }
        for (int row = 0; row < sizes.size(); row++) {
            int size = sizes.get(row);
            List<RunResult> these = ok.stream().filter(r -> r.point().size() == size).toList();
            String payload = new Point(1, 1, size).payloadLabel();
            int y = TOP + row * (PANEL_H + GAP_Y);
            panel(svg, LEFT, y, "deliveries/s, " + payload, these, RunResult::deliveriesPerSecond, s.setups(), rates);
            panel(svg, LEFT + PANEL_W + GAP_X, y, "p99 latency (ms), " + payload, these,
                    r -> Math.max(0.01, r.micros("latP99") / 1000.0), s.setups(), rates);
        }
        legend(svg, LEFT, height - 40, s.setups(), rates);
        return svg.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder svg, int x0, int y0, String title, List<RunResult> runs,
                              ToDoubleFunction<RunResult> metric, List<Setup> setups, List<Integer> rates) {
        svg.append(String.format("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", x0, y0 - 8, esc(title)));
        svg.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
                x0, y0, PANEL_W, PANEL_H));
        if (runs.isEmpty()) {
            return;
        }
        double xMin = Math.floor(Math.log10(runs.stream().mapToInt(r -> r.point().ports()).min().orElse(100)));
        double xMax = Math.ceil(Math.log10(runs.stream().mapToInt(r -> r.point().ports()).max().orElse(10000)));
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        double yMin = Math.floor(Math.log10(runs.stream().mapToDouble(metric).filter(v -> v > 0).min().orElse(1)));
        double yMax = Math.ceil(Math.log10(runs.stream().mapToDouble(metric).max().orElse(10)));
        if (yMax <= yMin) {
            yMax = yMin + 1;
        }
        double xa = xMin;
        double xb = xMax;
        double ya = yMin;
        double yb = yMax;
        java.util.function.DoubleUnaryOperator px = v -> x0 + 20 + (Math.log10(v) - xa) / (xb - xa) * (PANEL_W - 40);
        java.util.function.DoubleUnaryOperator py = v -> y0 + PANEL_H - (Math.log10(Math.max(v, 1e-9)) - ya) / (yb - ya) * PANEL_H;
        for (double d = xMin; d <= xMax + 1e-9; d++) {
            double v = Math.pow(10, d);
            double x = px.applyAsDouble(v);
            svg.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, y0, x, y0 + PANEL_H));
            svg.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, y0 + PANEL_H + 16, si(v)));
        }
        svg.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">ports</text>%n", x0 + PANEL_W / 2, y0 + PANEL_H + 34));
        for (double d = yMin; d <= yMax + 1e-9; d++) {
            double v = Math.pow(10, d);
            double y = py.applyAsDouble(v);
            svg.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", x0, y, x0 + PANEL_W, y));
            svg.append(String.format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 - 6, y + 4, si(v)));
        }
        for (Setup setup : setups) {
            for (int i = 0; i < rates.size(); i++) {
                int rate = rates.get(i);
                List<RunResult> series = runs.stream().filter(r -> r.setup() == setup && r.point().rate() == rate)
                        .sorted(java.util.Comparator.comparingInt(r -> r.point().ports())).toList();
                if (series.isEmpty()) {
                    continue;
                }
                String colour = COLOURS.get(setup);
                StringBuilder pts = new StringBuilder();
                for (RunResult r : series) {
                    pts.append(String.format("%.1f,%.1f ", px.applyAsDouble(r.point().ports()), py.applyAsDouble(metric.applyAsDouble(r))));
                }
                svg.append(String.format("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-dasharray=\"%s\"/>%n",
                        pts.toString().trim(), colour, setup.packagedServer() ? "2.5" : "1.5", DASHES[i % DASHES.length]));
                for (RunResult r : series) {
                    svg.append(String.format("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" stroke=\"%s\" fill=\"%s\"><title>%s</title></circle>%n",
                            px.applyAsDouble(r.point().ports()), py.applyAsDouble(metric.applyAsDouble(r)), colour,
                            r.sustained() ? colour : "white", esc(Report.oneLine(r))));
                }
            }
        }
    }

    private static void legend(StringBuilder svg, int x, int y, List<Setup> setups, List<Integer> rates) {
        int cx = x;
        for (Setup s : setups) {
            svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>", cx, y, cx + 24, y,
                    COLOURS.get(s)));
            svg.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", cx + 30, y + 4, s.label));
            cx += 100;
        }
        for (int i = 0; i < rates.size(); i++) {
            svg.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"%s\"/>", cx, y, cx + 30,
                    y, DASHES[i % DASHES.length]));
            svg.append(String.format("<text x=\"%d\" y=\"%d\">%,d msg/s</text>%n", cx + 36, y + 4, rates.get(i)));
            cx += 120;
        }
        svg.append(String.format("<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" stroke=\"#000\" fill=\"white\"/>", cx + 4, y));
        svg.append(String.format("<text x=\"%d\" y=\"%d\">saturated run</text>%n", cx + 14, y + 4));
    }

    private static String si(double v) {
        if (v >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.valueOf(v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
