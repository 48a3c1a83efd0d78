package dev.switchboard.bench.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the control protocol between the sweep driver and its child processes:
 * {@code WORD key=value key=value}. Values contain no spaces. Replies are {@code OK ...} or
 * {@code ERR sentence}.
 */
public final class Props {

    private final String word;
    private final Map<String, String> values;

    private Props(String word, Map<String, String> values) {
        this.word = word;
        this.values = values;
    }

    /** Parses a line; the first token is the word, the rest {@code key=value} pairs. */
    public static Props parse(String line) {
        String[] parts = line.trim().split("\\s+");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad token '" + parts[i] + "' in '" + line + "': expected key=value");
            }
            values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
        }
        return new Props(parts[0], values);
    }

    /** A builder for a line starting with {@code word}. */
    public static Line line(String word) {
        return new Line(word);
    }

    public String word() {
        return word;
    }

    public Map<String, String> values() {
        return values;
    }

    public String str(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing '" + key + "' in " + word + " " + values);
        }
        return v;
    }

    public long num(String key) {
        return Long.parseLong(str(key));
    }

    public long num(String key, long fallback) {
        String v = values.get(key);
        return v == null ? fallback : Long.parseLong(v);
    }

    public double dbl(String key) {
        return Double.parseDouble(str(key));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(word);
        values.forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.toString();
    }

    /** Builds one line. */
    public static final class Line {
        private final StringBuilder s;

        private Line(String word) {
            s = new StringBuilder(word);
        }

        public Line put(String key, Object value) {
            String text = String.valueOf(value);
            if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("value of '" + key + "' must be one non-empty token: '" + text + "'");
            }
            s.append(' ').append(key).append('=').append(text);
            return this;
        }

        @Override
        public String toString() {
            return s.toString();
        }
    }
}
