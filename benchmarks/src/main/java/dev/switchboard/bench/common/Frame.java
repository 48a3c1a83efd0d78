package dev.switchboard.bench.common;

import java.nio.ByteBuffer;

/**
 * The benchmark payload, big-endian: {@code [run:int][size:int][seq:long][scheduledNanos:long][padding]}.
 *
 * <p>The scheduled time is when the origin <em>meant</em> to send the frame (its absolute
 * schedule, not when it got round to it), taken from {@link System#nanoTime()}, which on Linux is
 * CLOCK_MONOTONIC and so comparable between processes on one host. Measuring receive time
 * against it means a publisher that falls behind shows up as latency instead of hiding it
 * (coordinated omission). The hub passes raw frames unchanged, so the client reads what the
 * origin wrote.
 */
public final class Frame {

    /** Bytes before the padding. */
    public static final int HEADER = 24;

    private Frame() {
    }

    /** A new frame of exactly {@code size} bytes (at least {@link #HEADER}). */
    public static byte[] encode(int run, long seq, long scheduledNanos, int size) {
        if (size < HEADER) {
            throw new IllegalArgumentException("payload size " + size + " is below the " + HEADER + "-byte header");
        }
        byte[] frame = new byte[size];
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putInt(run).putInt(size).putLong(seq).putLong(scheduledNanos);
        // Non-zero padding, so nothing on the path can get away with treating it as empty.
        for (int i = HEADER; i < size; i++) {
            frame[i] = (byte) i;
        }
        return frame;
    }

    /** The run id of a frame whose header starts at {@code buffer}'s position. */
    public static int run(ByteBuffer buffer) {
        return buffer.getInt(buffer.position());
    }

    /** The sequence number, from 1. */
    public static long seq(ByteBuffer buffer) {
        return buffer.getLong(buffer.position() + 8);
    }

    /** The scheduled send time in {@link System#nanoTime()} units. */
    public static long scheduledNanos(ByteBuffer buffer) {
        return buffer.getLong(buffer.position() + 16);
    }
}
