package com.example.switchboard.lines;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes lines to the upstream from a bounded queue, on a thread of its own.
 *
 * <p>Why a thread: {@code UpstreamConnection.send()} must never block, and a socket write blocks
 * as soon as the upstream stops reading and the socket buffers are full. So {@code send()} only
 * queues, and this thread does the writing.
 *
 * <p>Why bounded: an upstream that stops reading must not make the queue grow without end.
 * When it is full, {@link #offer} returns false, {@code send()} returns false, and the hub
 * knows the message was not taken.
 *
 * <p>What it holds is counted in bytes ({@link #bufferedBytes()}): a line counts from
 * {@link #offer} until the flush that puts it on the socket, so the count includes what waits
 * in the output buffer (at most {@link #FLUSH_AT} bytes and one line).
 */
final class LineWriter {

    /** How many lines may wait to be written. */
    static final int CAPACITY = 1024;

    /** Unflushed bytes after which the writer flushes even while more lines wait. */
    static final int FLUSH_AT = 8192;

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong buffered = new AtomicLong();
    private final OutputStream out;
    private final Thread thread;
    private final Consumer<IOException> onFailure;
    private volatile boolean stopped;

    /**
     * @param out        the socket's output
     * @param threadName the writer thread's name, so a thread dump shows whose it is
     * @param onFailure  told once if a write fails; it must not block
     */
    LineWriter(OutputStream out, String threadName, Consumer<IOException> onFailure) {
        this.out = new BufferedOutputStream(out, FLUSH_AT);
        this.onFailure = onFailure;
        this.thread = new Thread(this::writeUntilStopped, threadName);
        // A daemon: a connection nobody closed must not keep the JVM from exiting.
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues one line (without its {@code \n}); false if the queue is full. Never blocks. */
    boolean offer(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        buffered.addAndGet(bytes.length);
        if (stopped || !queue.offer(bytes)) {
            buffered.addAndGet(-bytes.length);
            return false;
        }
        return true;
    }

    /** Bytes taken by {@link #offer} and not yet flushed to the socket; 0 once stopped. */
    long bufferedBytes() {
        return stopped ? 0 : Math.max(0, buffered.get());
    }

    /** Stops the thread; lines still queued are dropped. */
    void stop() {
        stopped = true;
        thread.interrupt();
        queue.clear();
    }

    private void writeUntilStopped() {
        long unflushed = 0;
        try {
            while (true) {
                byte[] line = queue.take();
                out.write(line);
                unflushed += line.length;
                // Flush when nothing else waits, so a burst of sends leaves in few packets, and
                // every FLUSH_AT bytes, so the count of what is buffered stays close to the truth.
                if (queue.isEmpty() || unflushed >= FLUSH_AT) {
                    out.flush();
                    buffered.addAndGet(-unflushed);
                    unflushed = 0;
                }
            }
        } catch (InterruptedException e) {
            // stop(): the connection has ended
        } catch (IOException e) {
            onFailure.accept(e);
        }
    }
}
