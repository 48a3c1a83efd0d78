package dev.switchboard.server.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Holds the packaged server's log lines until the server has started, so that a failed start
 * prints its one error line alone ({@link #discardHeld()}), and a good start prints the lines of
 * the start-up in order ({@link #openAll()}). Used by the packaged server's Logback configuration.
 * At most {@link #MAX_HELD} lines are held; past that the gate opens on its own.
 */
public final class StartupGate extends UnsynchronizedAppenderBase<ILoggingEvent> implements AppenderAttachable<ILoggingEvent> {

    static final int MAX_HELD = 1000;

    private static final List<StartupGate> GATES = new ArrayList<>();

    private final AppenderAttachableImpl<ILoggingEvent> targets = new AppenderAttachableImpl<>();
    private final List<ILoggingEvent> held = new ArrayList<>();
    private boolean open;

    /** A closed gate, known to {@link #openAll()} and {@link #discardHeld()}. */
    public StartupGate() {
        synchronized (GATES) {
            GATES.add(this);
        }
    }

    /** The server started: write what was held, and pass every later line straight through. */
    static void openAll() {
        for (StartupGate gate : gates()) {
            gate.release(true);
        }
    }

    /** The start failed: forget what was held (the error is printed on its own), and open. */
    static void discardHeld() {
        for (StartupGate gate : gates()) {
            gate.release(false);
        }
    }

    private static List<StartupGate> gates() {
        synchronized (GATES) {
            return List.copyOf(GATES);
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        synchronized (held) {
            if (!open) {
                event.prepareForDeferredProcessing();
                held.add(event);
                if (held.size() < MAX_HELD) {
                    return;
                }
                open = true;
                held.forEach(targets::appendLoopOnAppenders);
                held.clear();
                return;
            }
        }
        targets.appendLoopOnAppenders(event);
    }

    private void release(boolean write) {
        synchronized (held) {
            if (write) {
                held.forEach(targets::appendLoopOnAppenders);
            }
            held.clear();
            open = true;
        }
    }

    @Override
    public void stop() {
        release(true);
        super.stop();
        synchronized (GATES) {
            GATES.remove(this);
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        targets.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return targets.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return targets.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return targets.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        targets.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return targets.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return targets.detachAppender(name);
    }
}
