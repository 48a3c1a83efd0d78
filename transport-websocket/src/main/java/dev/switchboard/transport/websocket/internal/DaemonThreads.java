package dev.switchboard.transport.websocket.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code prefix-N}, so that a transport never keeps the JVM alive and its
 * threads can be told apart in a thread dump.
 */
final class DaemonThreads implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    DaemonThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        return named(prefix + "-" + count.incrementAndGet(), task);
    }

    /** A daemon thread with exactly this name. */
    static Thread named(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }
}
