package dev.switchboard.bench.client;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One measured run: which frames to expect and on which connections. Done when every member
 * connection has every frame or has closed.
 */
final class Run {

    final int id;
    final int count;
    final List<Connection> members;
    final CountDownLatch done;
    final AtomicInteger closedDuring = new AtomicInteger();
    final long cpuStart;
    final long wallStart;

    Run(int id, int count, List<Connection> members, long cpuStart, long wallStart) {
        this.id = id;
        this.count = count;
        this.members = members;
        this.done = new CountDownLatch(members.size());
        this.cpuStart = cpuStart;
        this.wallStart = wallStart;
    }
}
