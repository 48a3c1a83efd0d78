package dev.switchboard.hub.testing;

import java.util.random.RandomGenerator;

/** A random source whose {@code nextDouble()} is always the given fraction, so jittered delays are exact in tests. */
public final class FixedRandom implements RandomGenerator {

    private final long bits;

    private FixedRandom(double fraction) {
        this.bits = ((long) (fraction * (1L << 53))) << 11;
    }

    /** {@code nextDouble()} returns {@code fraction} (to within 2^-53). */
    public static FixedRandom of(double fraction) {
        return new FixedRandom(fraction);
    }

    @Override
    public long nextLong() {
        return bits;
    }
}
