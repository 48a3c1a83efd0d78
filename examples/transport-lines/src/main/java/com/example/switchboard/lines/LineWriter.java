package com.example.switchboard.lines;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 */
final class LineWriter {

    /** How many lines may wait to be written. */
    static final int CAPACITY = 1024;

    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Writer out;
    private final Thread thread;
    private final Consumer<IOException> onFailure;

    /**
     * @param out        the socket's output
     * @param threadName the writer thread's name, so a thread dump shows whose it is
     * @param onFailure  told once if a write fails; it must not block
     */
    LineWriter(OutputStream out, String threadName, Consumer<IOException> onFailure) {
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
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
        return queue.offer(line);
    }

    /** Stops the thread; lines still queued are dropped. */
    void stop() {
        thread.interrupt();
    }

    private void writeUntilStopped() {
        try {
            while (true) {
                String line = queue.take();
                out.write(line);
                out.write('\n');
                // Flush only when nothing else waits, so a burst of sends leaves in few packets.
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (InterruptedException e) {
            // stop(): the connection has ended
        } catch (IOException e) {
            onFailure.accept(e);
        }
    }
}
