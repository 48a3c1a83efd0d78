package dev.switchboard.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A position in a hub's stream of messages, written {@code epoch:seq}.
 *
 * <p>The hub assigns every message that enters it the next sequence number of its current
 * epoch. The epoch is an opaque token that changes whenever a hub starts, so a cursor kept
 * across a hub restart is recognised as stale and answered with an explicit gap instead of
 * being misread as a position in the new stream.
 *
 * @param epoch the hub instance's epoch token: 1 to 64 characters of {@code [A-Za-z0-9_-]}
 * @param seq   the sequence number within the epoch, zero or more; the first message is 1
 */
public record Cursor(String epoch, long seq) implements Comparable<Cursor> {

    private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** Checks the parts; a bad part is an {@link IllegalArgumentException} naming it. */
    public Cursor {
        Objects.requireNonNull(epoch, "epoch");
        if (!EPOCH.matcher(epoch).matches()) {
            throw new IllegalArgumentException("invalid cursor epoch '" + epoch
                    + "': use 1 to 64 characters of letters, digits, '_' or '-'");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("invalid cursor sequence " + seq + ": it must be 0 or more");
        }
    }

    /**
     * Reads a cursor written as {@code epoch:seq}, such as {@code k3f9a1:42}.
     *
     * @throws IllegalArgumentException naming the text and the expected form when it does not parse
     */
    public static Cursor parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("missing cursor: write it as EPOCH:SEQ, e.g. k3f9a1:42");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("invalid cursor '" + text + "': write it as EPOCH:SEQ, e.g. k3f9a1:42");
        }
        long seq;
        try {
            seq = Long.parseLong(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid cursor '" + text
                    + "': the part after ':' must be a whole number, e.g. k3f9a1:42");
        }
        try {
            return new Cursor(text.substring(0, colon), seq);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor '" + text + "': " + e.getMessage());
        }
    }

    /** The cursor of the message after this one in the same epoch. */
    public Cursor next() {
        return new Cursor(epoch, seq + 1);
    }

    /** Whether both cursors belong to the same hub instance. */
    public boolean sameEpoch(Cursor other) {
        return epoch.equals(other.epoch);
    }

    /**
     * Orders cursors of one epoch by sequence.
     *
     * @throws IllegalArgumentException for cursors of different epochs, which have no order
     */
    @Override
    public int compareTo(Cursor other) {
        if (!sameEpoch(other)) {
            throw new IllegalArgumentException("cursors " + this + " and " + other + " belong to different epochs");
        }
        return Long.compare(seq, other.seq);
    }

    /** The wire form, {@code epoch:seq}. */
    @Override
    public String toString() {
        return epoch + ":" + seq;
    }
}
