package dev.switchboard.bench.driver;

/** Number formats shared by the report and the console. */
final class Fmt {

    private Fmt() {
    }

    static String count(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "—";
        }
        return String.format("%,.0f", v);
    }

    /** Microseconds as milliseconds. */
    static String ms(long micros) {
        if (micros < 0) {
            return "—";
        }
        return micros >= 100_000 ? String.format("%,.0f", micros / 1000.0) : String.format("%.2f", micros / 1000.0);
    }

    static String pct(double cores) {
        return String.format("%.0f%%", cores * 100);
    }

    static String kib(double bytes) {
        return String.format("%,.0f", bytes / 1024);
    }
}
