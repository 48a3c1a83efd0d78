package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * The writer on a socket that fills up exactly at a frame boundary: it took the last byte of one
 * frame and none of the next. The writer must then wait for write readiness and leave its I/O
 * thread free, not retry the write in a loop for as long as the client does not read.
 */
class ConnectionWriterFullSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final XnioWorker worker = ScriptedSocket.oneThreadWorker();
    private final XnioIoThread ioThread = worker.getIoThread();

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void aSocketFullAtAFrameBoundaryWaitsForWriteReadinessAndFreesTheThread() throws Exception {
        ByteBuffer first = ServerFrames.encode(Message.binary(new byte[8]));
        ByteBuffer second = ServerFrames.encode(Message.binary(new byte[8]));
        ScriptedSocket socket = new ScriptedSocket(first.remaining());
        ConnectionWriter writer = ConnectionWriter.over(socket, ioThread, new WriteDrains());
        writer.setWriteReadyHandler(new ScriptedSocket.UndertowIdle());
        ScriptedSocket.Recorder one = new ScriptedSocket.Recorder();
        ScriptedSocket.Recorder two = new ScriptedSocket.Recorder();

        writer.send(first.duplicate(), one);
        writer.send(second.duplicate(), two);

        await().atMost(WAIT).until(() -> socket.resumes.get() > 0);
        assertThat(one.delivered.get()).isEqualTo(1);
        assertThat(two.delivered.get()).isZero();
        CountDownLatch free = new CountDownLatch(1);
        ioThread.execute(free::countDown);
        assertThat(free.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the I/O thread runs other tasks").isTrue();

        // The client reads: the socket takes the rest once it is writable again.
        ioThread.execute(() -> {
            socket.room = Integer.MAX_VALUE;
            socket.ready.writeReady();
        });
        await().atMost(WAIT).until(() -> two.delivered.get() == 1);
        assertThat(socket.written).isEqualTo(first.remaining() + second.remaining());
        assertThat(one.failed.get() + two.failed.get()).isZero();
    }
}
