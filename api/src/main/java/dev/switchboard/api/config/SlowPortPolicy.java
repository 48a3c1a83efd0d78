package dev.switchboard.api.config;

import java.util.Locale;

/** What a hub does when a port's outbound queue is full (the {@code slow-policy} setting). */
public enum SlowPortPolicy {
    /** End the port with {@code SLOW}: it can reconnect and resume from its cursor. The default. */
    END,
    /**
     * Drop everything the port has queued, tell it with a {@code gap} (cause {@code OVERFLOW}),
     * and go on with the newest messages: for feeds where only the latest value matters.
     */
    DROP_OLDEST;

    /** The policy as a setting writes it: {@code end} or {@code drop-oldest}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The policy written as {@link #text()}.
     *
     * @throws IllegalArgumentException naming the text and the choices
     */
    public static SlowPortPolicy parse(String text, String key) {
        for (SlowPortPolicy policy : values()) {
            if (policy.text().equals(text == null ? null : text.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("invalid " + key + " '" + text + "': write end or drop-oldest");
    }
}
