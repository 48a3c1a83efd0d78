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
 * however the thread and the hub interleave.
 */
class WriteDrainsBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ByteBuffer FRAME = ServerFrames.encode(Message.binary(new byte[16]));

    private final XnioWorker worker = ScriptedSocket.oneThreadWorker();
    private final XnioIoThread ioThread = worker.getIoThread();
    private final WriteDrains drains = new WriteDrains();

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
}
