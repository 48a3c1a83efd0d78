package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.api.PortConnection;
import dev.switchboard.api.PortEnd;
import dev.switchboard.api.UpstreamState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The outbox: order, bound, dropping the backlog and completion edge cases, one port at a time. */
class OutboxTest {

    /** A front end that keeps every write outstanding until the test completes it. */
    private static final class HeldConnection implements PortConnection {
        final List<Downstream> delivered = new CopyOnWriteArrayList<>();
        final List<DeliveryCallback> held = new CopyOnWriteArrayList<>();
        /** Items delivered when each flush came, in order; what a batching front end would start writing. */
        final List<Integer> flushedAt = new CopyOnWriteArrayList<>();
        RuntimeException flushFailure;

        @Override
        public void deliver(Downstream item, DeliveryCallback callback) {
            delivered.add(item);
            held.add(callback);
        }

        @Override
        public void flush() {
            flushedAt.add(delivered.size());
            if (flushFailure != null) {
                throw flushFailure;
            }
        }

        /** Completes the oldest outstanding write. */
        void completeOldest() {
            if (!held.isEmpty()) {
                held.remove(0).delivered();
            }
        }

        void completeAll() {
            while (!held.isEmpty()) {
                completeOldest();
            }
        }

        @Override
        public void ping() {
        }

        @Override
        public void close(PortEnd end) {
        }
    }

    private final HeldConnection connection = new HeldConnection();
    private final List<Throwable> failures = new ArrayList<>();
    private final LongAdder deliveries = new LongAdder();

    private Outbox outbox(int capacity) {
        return new Outbox(capacity, connection, failures::add, deliveries);
    }

    private static Downstream.Data data(long seq) {
        return new Downstream.Data(Message.text("m" + seq).withCursor(new Cursor("e", seq)));
    }

    private static Downstream.Status status(String detail) {
        return new Downstream.Status(UpstreamState.OPEN, detail);
    }

    private static Downstream.Gap gap(long after) {
        return new Downstream.Gap(new Cursor("e", after), new Cursor("e", after + 1), Downstream.Gap.Cause.OVERFLOW);
    }

    @Test
    void anOfferEndsItsBatchAtOnce() {
        Outbox outbox = outbox(8);
        outbox.offer(data(1));
        assertThat(connection.flushedAt).containsExactly(1);
        outbox.offer(data(2));
        outbox.offer(data(3)); // two in flight already: queued, nothing handed over, nothing to flush
        assertThat(connection.flushedAt).containsExactly(1, 2);
    }

    @Test
    void aHeldOfferIsFlushedOnlyWhenTheCallerEndsTheBatch() {
        Outbox outbox = outbox(8);
        assertThat(outbox.offerHeld(data(1))).isTrue();
        assertThat(connection.delivered).hasSize(1);
        assertThat(connection.flushedAt).as("the hub has more ports to offer the message to").isEmpty();
        outbox.flushHeld();
        assertThat(connection.flushedAt).containsExactly(1);
        outbox.flushHeld();
        assertThat(connection.flushedAt).as("nothing handed over since: no second flush").containsExactly(1);
    }

    @Test
    void aHeldOfferThatHandsNothingOverLeavesNothingToFlush() {
        Outbox outbox = outbox(8);
        outbox.offer(data(1));
        outbox.offer(data(2));
        assertThat(outbox.offerHeld(data(3))).as("queued behind two writes in flight").isTrue();
        outbox.flushHeld();
        assertThat(connection.flushedAt).containsExactly(1, 2);
    }

    @Test
    void aCompletionThatHandsOverTheNextItemFlushesIt() {
        Outbox outbox = outbox(8);
        for (long seq = 0; seq < 4; seq++) {
            outbox.offer(data(seq));
        }
        assertThat(connection.flushedAt).containsExactly(1, 2);
        connection.completeOldest();
        assertThat(connection.delivered).hasSize(3);
        assertThat(connection.flushedAt).containsExactly(1, 2, 3);
        connection.completeAll();
        connection.completeAll();
        assertThat(connection.flushedAt).as("every hand-over is flushed, none left waiting").endsWith(4);
        assertThat(connection.held).isEmpty();
    }

    @Test
    void aFlushThatThrowsEndsThePortAndQueuesNothingMore() {
        Outbox outbox = outbox(8);
        connection.flushFailure = new IllegalStateException("front end broke");
        outbox.offerHeld(data(1));
        outbox.offerHeld(data(2));
        outbox.offerHeld(data(3));
        outbox.flushHeld();
        assertThat(failures).containsExactly(connection.flushFailure);
        assertThat(outbox.offer(data(4))).as("a closed outbox takes and drops").isTrue();
        assertThat(connection.delivered).hasSize(2);
        assertThat(outbox.dropBacklog()).as("the queue was freed").isNull();
    }

    @Test
    void itemsKeepTheirOrderOverManyRoundsOfWrites() {
        Outbox outbox = outbox(8); // 8 slots, 2 in flight
        List<Downstream> offered = new ArrayList<>();
        for (long seq = 0; seq < 200; seq++) {
            Downstream item = seq % 7 == 3 ? status("s" + seq) : data(seq);
            assertThat(outbox.offer(item)).isTrue();
            offered.add(item);
            if (seq % 3 == 2) { // let a backlog build up, then drain part of it
                connection.completeOldest();
                connection.completeOldest();
            }
            if (outbox.size() >= 7) {
                connection.completeAll();
                connection.completeAll();
            }
        }
        while (!connection.held.isEmpty()) {
            connection.completeAll();
        }
        assertThat(connection.delivered).containsExactlyElementsOf(offered);
        assertThat(outbox.size()).isZero();
        assertThat(deliveries.sum()).isEqualTo(200);
    }

    @Test
    void theBoundCountsWritesInFlightAndFreesOneSlotPerCompletion() {
        Outbox outbox = outbox(8);
        for (long seq = 0; seq < 8; seq++) {
            assertThat(outbox.offer(data(seq))).isTrue();
        }
        assertThat(connection.held).hasSize(2); // a quarter of the capacity in flight
        assertThat(outbox.offer(data(8))).as("6 queued + 2 in flight = the bound").isFalse();
        connection.completeOldest();
        assertThat(outbox.size()).isEqualTo(7);
        assertThat(connection.held).as("the freed write slot takes the next item").hasSize(2);
        assertThat(outbox.offer(data(8))).isTrue();
        assertThat(outbox.offer(data(9))).isFalse();
    }

    @Test
    void dropBacklogKeepsWelcomeAndStatusItemsInOrderAfterManyWrites() {
        Outbox outbox = outbox(8);
        for (long seq = 0; seq < 6; seq++) { // many writes before the drop
            outbox.offer(data(seq));
            connection.completeAll();
        }
        connection.delivered.clear();
        Downstream.Data first = data(10);
        Downstream.Data second = data(11);
        Downstream.Status kept1 = status("one");
        Downstream.Data dropped1 = data(12);
        Downstream.Gap dropped2 = gap(12);
        Downstream.Status kept2 = status("two"); // queued after many writes
        Downstream.Data dropped3 = data(13);
        Downstream.Data dropped4 = data(14);
        for (Downstream item : List.of(first, second, kept1, dropped1, dropped2, kept2, dropped3, dropped4)) {
            assertThat(outbox.offer(item)).isTrue();
        }
        assertThat(outbox.dropBacklog()).isSameAs(dropped1);
        assertThat(outbox.size()).as("two in flight, two kept").isEqualTo(4);
        Downstream.Data after = data(20);
        assertThat(outbox.offer(after)).isTrue();
        while (!connection.held.isEmpty()) {
            connection.completeAll();
        }
        assertThat(connection.delivered).containsExactly(first, second, kept1, kept2, after);
        assertThat(outbox.size()).isZero();
        assertThat(outbox.dropBacklog()).as("nothing left to drop").isNull();
    }

    @Test
    void dropBacklogLeavesWelcomeAndStatusThatComeBeforeTheFirstDroppedItemInPlace() {
        Outbox outbox = outbox(8);
        Downstream.Data inFlight1 = data(1);
        Downstream.Data inFlight2 = data(2);
        Downstream.Welcome welcome = new Downstream.Welcome("p", new Cursor("e", 0), java.time.Duration.ofSeconds(1),
                UpstreamState.OPEN);
        Downstream.Status status = status("s");
        for (Downstream item : List.of(inFlight1, inFlight2, welcome, status, data(3), data(4))) {
            outbox.offer(item);
        }
        assertThat(outbox.dropBacklog()).isEqualTo(data(3));
        assertThat(outbox.size()).as("two in flight, welcome and status queued").isEqualTo(4);
        for (long seq = 5; seq < 9; seq++) {
            assertThat(outbox.offer(data(seq))).as("room up to the bound again: item %d", seq).isTrue();
        }
        assertThat(outbox.offer(data(9))).isFalse();
        while (!connection.held.isEmpty()) {
            connection.completeAll();
        }
        assertThat(connection.delivered).startsWith(inFlight1, inFlight2, welcome, status, data(5)).hasSize(8);
    }

    @Test
    void anItemWithNothingBeforeItIsHandedOverInItsOfferAndOneBehindAFullWindowWaitsItsTurn() {
        Outbox outbox = outbox(64);
        for (long seq = 0; seq < Outbox.MAX_IN_FLIGHT; seq++) {
            assertThat(outbox.offerHeld(data(seq))).isTrue();
            assertThat(connection.delivered).as("handed over during its own offer").hasSize((int) seq + 1);
        }
        outbox.offerHeld(data(100));
        outbox.offerHeld(data(101));
        assertThat(connection.delivered).as("the window is full").hasSize(Outbox.MAX_IN_FLIGHT);
        assertThat(outbox.size()).isEqualTo(Outbox.MAX_IN_FLIGHT + 2);

        connection.completeOldest();
        assertThat(connection.delivered).hasSize(Outbox.MAX_IN_FLIGHT + 1).last().isEqualTo(data(100));
        connection.completeOldest();
        outbox.offerHeld(data(102));
        assertThat(connection.delivered).as("101 took the freed slot; 102 waits for the next").hasSize(Outbox.MAX_IN_FLIGHT + 2);
        connection.completeOldest();
        assertThat(connection.delivered.subList(Outbox.MAX_IN_FLIGHT, connection.delivered.size()))
                .containsExactly(data(100), data(101), data(102));
        connection.completeAll();
        assertThat(outbox.size()).isZero();
        assertThat(deliveries.sum()).isEqualTo(Outbox.MAX_IN_FLIGHT + 3);
    }

    @Test
    void aWriteCompletedTwiceCountsOnce() {
        Outbox outbox = outbox(8);
        for (long seq = 0; seq < 4; seq++) {
            outbox.offer(data(seq));
        }
        DeliveryCallback firstWrite = connection.held.remove(0);
        firstWrite.delivered();
        firstWrite.delivered();
        assertThat(outbox.size()).isEqualTo(3);
        assertThat(deliveries.sum()).isEqualTo(1);
        assertThat(connection.held).as("one completion frees one write slot").hasSize(2);
        assertThat(failures).isEmpty();
        for (long seq = 4; seq < 9; seq++) {
            assertThat(outbox.offer(data(seq))).isTrue();
        }
        assertThat(outbox.offer(data(9))).as("the bound is still 8").isFalse();
    }

    @Test
    void aFailedWriteInTheMiddleOfABacklogEndsThePortAndHandsNothingMoreOver() {
        Outbox outbox = outbox(8);
        for (long seq = 0; seq < 6; seq++) {
            outbox.offer(data(seq));
        }
        AtomicBoolean flushed = new AtomicBoolean();
        outbox.whenFlushed(() -> flushed.set(true));
        connection.completeOldest();
        IOException broken = new IOException("reset");
        connection.held.remove(0).failed(broken);
        assertThat(failures).containsExactly(broken);
        assertThat(flushed).as("closing frees the backlog").isTrue();
        connection.completeAll();
        assertThat(outbox.offer(data(7))).as("a closed outbox swallows items").isTrue();
        assertThat(connection.delivered).containsExactly(data(0), data(1), data(2));
        assertThat(failures).hasSize(1);
    }

    @Test
    void closingWhileWritesAreInFlightFreesTheQueueAndLateCompletionsAreHarmless() {
        Outbox outbox = outbox(8);
        for (long seq = 0; seq < 5; seq++) {
            outbox.offer(data(seq));
        }
        outbox.close();
        AtomicBoolean flushed = new AtomicBoolean();
        outbox.whenFlushed(() -> flushed.set(true));
        assertThat(flushed).isTrue();
        connection.completeAll();
        assertThat(connection.delivered).containsExactly(data(0), data(1));
        assertThat(failures).isEmpty();
    }

    @Test
    void aFrontEndThatFailsDuringDeliverEndsThePortOnce() {
        AtomicInteger calls = new AtomicInteger();
        PortConnection throwing = new PortConnection() {
            @Override
            public void deliver(Downstream item, DeliveryCallback callback) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }

            @Override
            public void ping() {
            }

            @Override
            public void close(PortEnd end) {
            }
        };
        Outbox outbox = new Outbox(8, throwing, failures::add, deliveries);
        outbox.offer(data(0));
        outbox.offer(data(1));
        assertThat(calls).hasValue(1);
        assertThat(failures).hasSize(1);
    }

    /**
     * Completions on another thread, with dropBacklog on the producer's, as in a hub: every
     * status arrives, data arrive in order without repeats, and every item is accounted for.
     */
    @RepeatedTest(5)
    void dropBacklogRacingTheDrainerLosesNoKeptItemAndRepeatsNothing() throws Exception {
        BlockingQueue<DeliveryCallback> toComplete = new ArrayBlockingQueue<>(64);
        List<Downstream> delivered = new CopyOnWriteArrayList<>();
        PortConnection async = new PortConnection() {
            @Override
            public void deliver(Downstream item, DeliveryCallback callback) {
                delivered.add(item);
                toComplete.add(callback);
            }

            @Override
            public void ping() {
            }

            @Override
            public void close(PortEnd end) {
            }
        };
        Outbox outbox = new Outbox(16, async, failures::add, deliveries);
        AtomicBoolean stop = new AtomicBoolean();
        Thread completer = new Thread(() -> {
            try {
                while (!stop.get() || !toComplete.isEmpty()) {
                    DeliveryCallback next = toComplete.poll(10, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        next.delivered();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        completer.start();
        int statuses = 0;
        for (long seq = 0; seq < 50_000; seq++) {
            Downstream item = seq % 5 == 0 ? status("s" + seq) : data(seq);
            if (!outbox.offer(item)) {
                outbox.dropBacklog();
                // A queue of nothing but statuses has nothing to drop (a hub ends such a port): wait for the completer.
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!outbox.offer(item)) {
                    assertThat(System.nanoTime()).as("room at %d: %s", seq, outbox).isLessThan(until);
                    Thread.onSpinWait();
                }
            }
            if (item instanceof Downstream.Status) {
                statuses++;
            }
        }
        // Everything still queued goes out once the completer catches up.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (outbox.size() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        stop.set(true);
        completer.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(outbox.size()).as("%s", outbox).isZero();
        assertThat(delivered.stream().filter(Downstream.Status.class::isInstance).count()).isEqualTo(statuses);
        long last = -1;
        for (Downstream item : delivered) {
            if (item instanceof Downstream.Data d) {
                long seq = d.message().cursor().orElseThrow().seq();
                assertThat(seq).isGreaterThan(last);
                last = seq;
            }
        }
        assertThat(failures).isEmpty();
    }
}
