package dev.switchboard.server.ws;

import dev.switchboard.api.DeliveryCallback;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.WriteReadyHandler;

/**
 * A socket's output for writer tests: it takes {@code room} bytes and then nothing until told it
 * has more, and counts what it took.
 */
final class ScriptedSocket implements StreamSinkConduit {

    /** An XNIO worker with one I/O thread, for a test's writers; shut it down after the test. */
    static XnioWorker oneThreadWorker() {
        try {
            return Xnio.getInstance().createWorker(OptionMap.create(Options.WORKER_IO_THREADS, 1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
    final AtomicInteger resumes = new AtomicInteger();
    /** Write calls, gathering or not. */
    final AtomicInteger writes = new AtomicInteger();
    volatile int room;
    volatile long written;
    volatile WriteReadyHandler ready;

    ScriptedSocket(int room) {
        this.room = room;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        writes.incrementAndGet();
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

    /** Undertow's side, with nothing to write of its own here. */
    static final class UndertowIdle implements WriteReadyHandler {
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

    /** A delivery callback that counts its outcomes. */
    static final class Recorder implements DeliveryCallback {
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
}
