package dev.switchboard.bench.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * Which points to run and which to skip, and why. A point is skipped when its offered load
 * cannot fit this machine: the harness, the origin, the server and the client share its cores,
 * and every delivered byte is copied several times (origin to kernel, kernel to server, server
 * to kernel, kernel to client). Skipping says so in the results instead of reporting a number
 * that only measures an overloaded box.
 */
final class SweepPlan {

    record Skip(Point point, String reason) {
    }

    final List<Point> points = new ArrayList<>();
    final List<Skip> skipped = new ArrayList<>();

    SweepPlan(List<Integer> ports, List<Integer> rates, List<Integer> sizes, long maxDeliveries, long maxBytes, long fdBudget) {
        for (int n : ports) {
            for (int size : sizes) {
                for (int rate : rates) {
                    Point p = new Point(n, rate, size);
                    String why = null;
                    if (n > fdBudget) {
                        why = String.format("%,d connections need more open files than this process may have (ulimit -n allows %,d "
                                + "connections); run `ulimit -n 65536` first", n, fdBudget);
                    } else if (p.offeredDeliveries() > maxDeliveries) {
                        why = String.format("%,d ports × %,d msg/s = %,d deliveries/s, over the %,d/s one load client can receive "
                                + "on this machine", n, rate, p.offeredDeliveries(), maxDeliveries);
                    } else if (p.offeredBytes() > maxBytes) {
                        why = String.format("%,d ports × %,d msg/s × %s = %s/s, over the %s/s that fits 2 shared cores "
                                + "(each byte is copied origin → server → client)", n, rate, p.payloadLabel(),
                                bytes(p.offeredBytes()), bytes(maxBytes));
                    }
                    if (why == null) {
                        points.add(p);
                    } else {
                        skipped.add(new Skip(p, why));
                    }
                }
            }
        }
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format("%.1f GiB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format("%.0f MiB", b / (double) (1L << 20));
        }
        return String.format("%.0f KiB", b / 1024.0);
    }
}
