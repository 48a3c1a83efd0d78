package dev.switchboard.server.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The demo's made-up price: a random walk in steps of at most five cents that never falls below
 * one. Each call to {@link #next()} gives the next tick, in the order of its {@code seq}.
 */
final class Tick {

    private static final String SYMBOL = "SWB";
    private static final BigDecimal FLOOR = BigDecimal.ONE;

    private final Random random;
    private BigDecimal price = new BigDecimal("101.25");
    private long seq;

    Tick(long seed) {
        this.random = new Random(seed);
    }

    /** The next tick as JSON fields, in a stable order. */
    synchronized Map<String, Object> next() {
        BigDecimal step = BigDecimal.valueOf(random.nextInt(11) - 5, 2);
        price = price.add(step).max(FLOOR).setScale(2, RoundingMode.HALF_UP);
        seq++;
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("symbol", SYMBOL);
        tick.put("price", price);
        tick.put("seq", seq);
        tick.put("time", Instant.now().toString());
        return tick;
    }
}
