package dev.switchboard.api;

import java.util.Objects;

/**
 * How a port ended: its one {@link EndReason} and a sentence for people.
 *
 * @param reason why the port ended
 * @param detail a human-readable explanation, never null (may be empty)
 */
public record PortEnd(EndReason reason, String detail) {

    /** Checks that the reason is given and normalises a null detail to empty. */
    public PortEnd {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? "" : detail;
    }

    /** A port end with no detail. */
    public static PortEnd of(EndReason reason) {
        return new PortEnd(reason, "");
    }
}
