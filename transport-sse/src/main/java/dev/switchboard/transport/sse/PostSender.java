package dev.switchboard.transport.sse;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.Message;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sends messages upstream for an SSE connection, which has no upstream channel of its own, by
 * POSTing each one to the {@code post-url}: one request at a time so they arrive in order,
 * from a bounded queue so a dead endpoint cannot exhaust memory.
 *
 * <p>A POST that fails or gets a non-2xx answer is reported to {@code onError}, which fails the
 * connection: the message is lost, and the hub learns it by the connection ending rather than
 * by silence.
 */
final class PostSender {

    /** How many messages may wait for their POST; {@code send()} returns false beyond that. */
    static final int QUEUE_CAPACITY = 1024;

    private static final MediaType TEXT = MediaType.get("text/plain; charset=utf-8");
    private static final MediaType BINARY = MediaType.get("application/octet-stream");

    private final OkHttpClient client;
    private final HttpUrl postUrl;
    private final String shownPostUrl; // without a token in its query
    private final Headers headers;
    private final Consumer<IOException> onError;
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean posting = new AtomicBoolean();
    // The payload bytes of queued messages and of the one POST on the wire, until it is answered.
    private final AtomicLong buffered = new AtomicLong();
    private volatile boolean stopped;

    PostSender(OkHttpClient client, HttpUrl postUrl, Headers headers, Consumer<IOException> onError) {
        this.client = client;
        this.postUrl = postUrl;
        this.shownPostUrl = Redacted.uri(postUrl.uri());
        this.headers = headers;
        this.onError = onError;
    }

    /** Queues a message; false if stopped or the queue is full. */
    boolean offer(Message message) {
        // Counted before it is queued, so that a POST finishing at once never takes the count below zero.
        buffered.addAndGet(message.size());
        if (stopped || !queue.offer(message)) {
            buffered.addAndGet(-message.size());
            return false;
        }
        postNext();
        return true;
    }

    /**
     * The payload bytes taken by {@link #offer} and not yet answered by the post-url: the
     * queue and the POST in flight (an endpoint that stops answering holds them here). 0 once
     * stopped.
     */
    long bufferedBytes() {
        return stopped ? 0 : Math.max(0, buffered.get());
    }

    /** Drops everything not yet posted; a POST already on the wire is left to finish. */
    void stop() {
        stopped = true;
        queue.clear();
    }

    private void postNext() {
        // Whoever wins the flag posts the next message; the POST's completion calls back here,
        // and the re-check of the queue covers a message offered just as the flag was released.
        while (!stopped && !queue.isEmpty() && posting.compareAndSet(false, true)) {
            Message next = queue.poll();
            if (next != null) {
                post(next);
                return;
            }
            posting.set(false);
        }
    }

    private void post(Message message) {
        RequestBody body = message.isText()
                ? RequestBody.create(message.text(), TEXT)
                : RequestBody.create(message.toByteArray(), BINARY);
        Request request = new Request.Builder().url(postUrl).headers(headers).post(body).build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                buffered.addAndGet(-message.size());
                fail(new IOException("sending a message to post-url " + shownPostUrl + " failed: " + e.getMessage()
                        + "; check that the endpoint is up", e));
            }

            @Override
            public void onResponse(Call call, Response response) {
                buffered.addAndGet(-message.size());
                try (response) {
                    if (!response.isSuccessful()) {
                        fail(new IOException("post-url " + shownPostUrl + " answered HTTP " + response.code() + " "
                                + response.message() + " to a sent message; it must answer 2xx"));
                        return;
                    }
                }
                posting.set(false);
                postNext();
            }
        });
    }

    private void fail(IOException error) {
        stop();
        posting.set(false);
        onError.accept(error);
    }
}
