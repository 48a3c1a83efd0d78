package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Message;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * The hand-off from the hub to an I/O thread: frames the hub delivers wait until it ends the
 * batch, and a broadcast's frames for all of a thread's connections leave in one run of its drain,
 * however the thread and the hub interleave. And the shared batch as each connection sees it: its
 * frames of one batch, wherever they sit among other connections' frames, leave in one gathering
 * write and in order; an action runs between the frames around it; frames behind a backlog wait
 * for it; and a thread that stopped fails what waits for it and still runs the actions.
 */
class WriteDrainsBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ByteBuffer FRAME = ServerFrames.encode(Message.binary(new byte[16]));

    private final XnioWorker worker = ScriptedSocket.oneThreadWorker();
    private final XnioIoThread ioThread = worker.getIoThread();
    private final WriteDrains drains = new WriteDrains();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    private ConnectionWriter writer(ScriptedSocket socket) {
        ConnectionWriter writer = ConnectionWriter.over(socket, ioThread, drains);
        writer.setWriteReadyHandler(new ScriptedSocket.UndertowIdle());
        return writer;
    }

    /** Runs {@code read} on the I/O thread, after every task queued there before it. */
    private <T> T onIoThread(Supplier<T> read) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        ioThread.execute(() -> result.complete(read.get()));
        return result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private long runs() throws Exception {
        return onIoThread(() -> drains.of(ioThread).runs());
    }

    @Test
    void aHeldFrameWaitsUntilItIsStarted() throws Exception {
        ScriptedSocket socket = new ScriptedSocket(Integer.MAX_VALUE);
        ConnectionWriter writer = writer(socket);
        ScriptedSocket.Recorder done = new ScriptedSocket.Recorder();

        writer.hold(FRAME.duplicate(), done);

        assertThat(onIoThread(() -> socket.written)).as("nothing written before the start").isZero();
        assertThat(runs()).isZero();
        writer.startHeld();
        await().atMost(WAIT).until(() -> done.delivered.get() == 1);
        assertThat(socket.written).isEqualTo(FRAME.remaining());
        writer.startHeld();
        assertThat(runs()).as("a start with nothing held runs nothing").isEqualTo(1);
    }

    @Test
    void aSendStartsItsOwnWrite() {
        ScriptedSocket socket = new ScriptedSocket(Integer.MAX_VALUE);
        ScriptedSocket.Recorder done = new ScriptedSocket.Recorder();
        writer(socket).send(FRAME.duplicate(), done);
        await().atMost(WAIT).until(() -> done.delivered.get() == 1);
    }

    @RepeatedTest(5)
    void eachBroadcastIsOneRunOfTheThreadOverAllItsConnections() throws Exception {
        int connections = 200;
        int broadcasts = 50;
        List<ScriptedSocket> sockets = new ArrayList<>();
        List<ConnectionWriter> writers = new ArrayList<>();
        List<ScriptedSocket.Recorder> outcomes = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            ScriptedSocket socket = new ScriptedSocket(Integer.MAX_VALUE);
            sockets.add(socket);
            writers.add(writer(socket));
            outcomes.add(new ScriptedSocket.Recorder());
        }
        for (int round = 1; round <= broadcasts; round++) {
            // As the hub does: every port is handed the frame, then every port's batch is ended.
            for (int i = 0; i < connections; i++) {
                writers.get(i).hold(FRAME.duplicate(), outcomes.get(i));
            }
            for (ConnectionWriter writer : writers) {
                writer.startHeld();
            }
            int expected = round;
            await().atMost(WAIT).pollInterval(Duration.ofMillis(1))
                    .until(() -> outcomes.stream().allMatch(o -> o.delivered.get() == expected));
        }
        assertThat(runs()).isEqualTo(broadcasts);
        assertThat(sockets).allSatisfy(socket -> assertThat(socket.written).isEqualTo((long) broadcasts * FRAME.remaining()));
    }

    @Test
    void aFrameHandedOverInsideARunIsWrittenInThatRun() throws Exception {
        ScriptedSocket firstSocket = new ScriptedSocket(Integer.MAX_VALUE);
        ScriptedSocket secondSocket = new ScriptedSocket(Integer.MAX_VALUE);
        ConnectionWriter first = writer(firstSocket);
        ConnectionWriter second = writer(secondSocket);
        ScriptedSocket.Recorder secondDone = new ScriptedSocket.Recorder();
        // A completion that hands over the next item, as the hub's outbox does on the I/O thread.
        first.hold(FRAME.duplicate(), new DeliveryCallback() {
            @Override
            public void delivered() {
                second.hold(FRAME.duplicate(), secondDone);
                second.startHeld();
            }

            @Override
            public void failed(Throwable cause) {
            }
        });
        first.startHeld();
        await().atMost(WAIT).until(() -> secondDone.delivered.get() == 1);
        assertThat(runs()).as("the run took the second writer before it ended").isEqualTo(1);
    }

    /** A callback that logs {@code name} when its frame is written, and {@code name failed} when not. */
    private DeliveryCallback logs(String name) {
        return new DeliveryCallback() {
            @Override
            public void delivered() {
                events.add(name);
            }

            @Override
            public void failed(Throwable cause) {
                events.add(name + " failed");
            }
        };
    }

    @RepeatedTest(5)
    void aConnectionsFramesOfOneBatchLeaveInOneGatheringWriteInOrder() {
        ScriptedSocket socketA = new ScriptedSocket(Integer.MAX_VALUE);
        ScriptedSocket socketB = new ScriptedSocket(Integer.MAX_VALUE);
        ConnectionWriter a = writer(socketA);
        ConnectionWriter b = writer(socketB);
        for (int i = 1; i <= 5; i++) {
            a.hold(FRAME.duplicate(), logs("a" + i));
            b.hold(FRAME.duplicate(), logs("b" + i));
        }
        a.startHeld();
        b.startHeld();

        await().atMost(WAIT).until(() -> events.size() == 10);
        assertThat(events.stream().filter(e -> e.startsWith("a"))).containsExactly("a1", "a2", "a3", "a4", "a5");
        assertThat(events.stream().filter(e -> e.startsWith("b"))).containsExactly("b1", "b2", "b3", "b4", "b5");
        assertThat(socketA.writes.get()).as("writes on a's socket").isEqualTo(1);
        assertThat(socketB.writes.get()).as("writes on b's socket").isEqualTo(1);
        assertThat(socketA.written).isEqualTo(5L * FRAME.remaining());
    }

    @RepeatedTest(5)
    void anActionRunsAfterTheFramesBeforeItAndBeforeTheOnesAfter() {
        ScriptedSocket socket = new ScriptedSocket(Integer.MAX_VALUE);
        ConnectionWriter writer = writer(socket);
        writer.hold(FRAME.duplicate(), logs("first"));
        writer.sendAfterQueued(() -> events.add("action, " + socket.written + " bytes out"));
        writer.hold(FRAME.duplicate(), logs("second"));
        writer.startHeld();

        await().atMost(WAIT).until(() -> events.size() == 3);
        assertThat(events).containsExactly("first", "action, " + FRAME.remaining() + " bytes out", "second");
    }

    @Test
    void framesBehindABacklogWaitForIt() throws Exception {
        ScriptedSocket socket = new ScriptedSocket(FRAME.remaining() / 2);
        ConnectionWriter writer = writer(socket);
        writer.send(FRAME.duplicate(), logs("first"));
        await().atMost(WAIT).until(() -> socket.resumes.get() == 1);
        writer.send(FRAME.duplicate(), logs("second"));
        assertThat(runs()).as("runs, once the I/O thread ran the tasks queued before this").isEqualTo(2);
        assertThat(events).as("nothing is complete while the socket is full").isEmpty();
        assertThat(socket.written).isEqualTo(FRAME.remaining() / 2);

        // The client read: the socket has room again, but its write-ready event has not come yet.
        onIoThread(() -> socket.room = Integer.MAX_VALUE);
        writer.send(FRAME.duplicate(), logs("third"));
        runs();
        ioThread.execute(() -> socket.ready.writeReady());
        await().atMost(WAIT).until(() -> events.size() == 3);
        assertThat(events).as("the half-written frame first, then the rest in order").containsExactly("first", "second", "third");
        assertThat(socket.written).isEqualTo(3L * FRAME.remaining());
    }

    @Test
    void aStoppedThreadFailsWhatWaitsAndStillRunsTheActions() throws Exception {
        ScriptedSocket socket = new ScriptedSocket(Integer.MAX_VALUE);
        ConnectionWriter writer = writer(socket);
        worker.shutdownNow();
        assertThat(worker.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        writer.hold(FRAME.duplicate(), logs("frame"));
        writer.sendAfterQueued(() -> events.add("close"));

        assertThat(events).containsExactlyInAnyOrder("frame failed", "close");
        assertThat(socket.written).isZero();
    }
}
