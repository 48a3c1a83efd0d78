package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.DeliveryCallback;
import dev.switchboard.api.Message;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * The writer on a socket that fills up exactly at a frame boundary: it took the last byte of one
 * frame and none of the next. The writer must then wait for write readiness and leave its I/O
 * thread free, not retry the write in a loop for as long as the client does not read.
 */
class ConnectionWriterFullSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final XnioWorker worker = worker();
    private final XnioIoThread ioThread = worker.getIoThread();

    private static XnioWorker worker() {
        try {
            return Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    @Test
    void aSocketFullAtAFrameBoundaryWaitsForWriteReadinessAndFreesTheThread() throws Exception {
        ByteBuffer first = ServerFrames.encode(Message.binary(new byte[8]));
        ByteBuffer second = ServerFrames.encode(Message.binary(new byte[8]));
        Socket socket = new Socket(first.remaining());
        ConnectionWriter writer = ConnectionWriter.over(socket, ioThread, new WriteDrains());
        writer.setWriteReadyHandler(new UndertowIdle());
        Recorder one = new Recorder();
        Recorder two = new Recorder();

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

    /** Undertow's side, with nothing to write of its own here. */
    private static final class UndertowIdle implements WriteReadyHandler {
        @Override
        public void writeReady() {
        }

        @Override
        public void forceTermination() {
        }

        @Override
        public void terminated() {
        }
    }

    private static final class Recorder implements DeliveryCallback {
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        @Override
        public void delivered() {
            delivered.incrementAndGet();
        }

        @Override
        public void failed(Throwable error) {
            failed.incrementAndGet();
        }
    }

    /** A socket's output that takes {@code room} bytes and then nothing until told it has more. */
    private static final class Socket implements StreamSinkConduit {
        final AtomicInteger resumes = new AtomicInteger();
        volatile int room;
        volatile long written;
        volatile WriteReadyHandler ready;

        Socket(int room) {
            this.room = room;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long total = 0;
            for (int i = offset; i < offset + length && room > 0; i++) {
                int n = Math.min(room, srcs[i].remaining());
                srcs[i].position(srcs[i].position() + n);
                room -= n;
                total += n;
            }
            written += total;
            return total;
        }

        @Override
        public int write(ByteBuffer src) {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offset, int length) {
            return write(srcs, offset, length);
        }

        @Override
        public int writeFinal(ByteBuffer src) {
            return write(src);
        }

        @Override
        public long transferFrom(FileChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void resumeWrites() {
            resumes.incrementAndGet();
        }

        @Override
        public void setWriteReadyHandler(WriteReadyHandler handler) {
            ready = handler;
        }

        @Override
        public void terminateWrites() {
        }

        @Override
        public boolean isWriteShutdown() {
            return false;
        }

        @Override
        public void suspendWrites() {
        }

        @Override
        public void wakeupWrites() {
            resumeWrites();
        }

        @Override
        public boolean isWriteResumed() {
            return resumes.get() > 0;
        }

        @Override
        public void awaitWritable() {
            throw new UnsupportedOperationException("the writer never blocks");
        }

        @Override
        public void awaitWritable(long time, TimeUnit timeUnit) {
            throw new UnsupportedOperationException("the writer never blocks");
        }

        @Override
        public XnioIoThread getWriteThread() {
            return null;
        }

        @Override
        public void truncateWrites() {
        }

        @Override
        public boolean flush() {
            return true;
        }

        @Override
        public XnioWorker getWorker() {
            return null;
        }
    }
}
