package dev.switchboard.server.security;

import java.util.Locale;

/**
 * How much one port may send toward the upstream, and what happens past it.
 *
 * @param messagesPerSecond messages per second per port (a burst of as many is allowed); 0 for no limit
 * @param bytesPerSecond    payload bytes per second per port (a burst of as many is allowed); 0 for no limit
 * @param policy            what happens to a message over the limit
 */
public record SendRate(long messagesPerSecond, long bytesPerSecond, Policy policy) {

    /** Default messages per second per port. */
    public static final long DEFAULT_MESSAGES_PER_SECOND = 1000;
    /** Default bytes per second per port: 16 MiB. */
    public static final long DEFAULT_BYTES_PER_SECOND = 16 * 1024 * 1024;

    /** What happens to a message over the limit. */
    public enum Policy {
        /**
         * The message is not sent and the client is told: an {@code error} envelope with code
         * {@code rate-limited} in envelope mode, {@code 429} for an SSE post; a raw-mode client,
         * which has no way to hear about one lost message, is closed with 1008.
         */
        REFUSE,
        /** The client is closed with 1008 (its port ends with {@code REJECTED}). */
        CLOSE;

        /** The policy as written on the command line: {@code refuse} or {@code close}. */
        public static Policy parse(String text) {
            return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
                case "refuse" -> REFUSE;
                case "close" -> CLOSE;
                default -> throw new IllegalArgumentException("invalid rate policy '" + text + "': write refuse or close");
            };
        }
    }

    /** Checks the parts. */
    public SendRate {
        if (messagesPerSecond < 0 || bytesPerSecond < 0) {
            throw new IllegalArgumentException("invalid send rate " + messagesPerSecond + " messages/s, " + bytesPerSecond
                    + " bytes/s: use 0 (no limit) or a positive number");
        }
        java.util.Objects.requireNonNull(policy, "policy");
    }

    /** The documented defaults. */
    public static SendRate defaults() {
        return new SendRate(DEFAULT_MESSAGES_PER_SECOND, DEFAULT_BYTES_PER_SECOND, Policy.REFUSE);
    }

    /** No limit at all. */
    public static SendRate unlimited() {
        return new SendRate(0, 0, Policy.REFUSE);
    }
}
