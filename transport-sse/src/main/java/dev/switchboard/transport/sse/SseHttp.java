package dev.switchboard.transport.sse;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client and threads every SSE connection shares, created on first use (the holder
 * idiom), so that a provider found by ServiceLoader but never used costs nothing.
 *
 * <p>All threads are daemon threads: an idle transport must not keep the JVM alive. OkHttp's
 * default dispatcher threads are not daemons, hence our own executor.
 */
final class SseHttp {

    private SseHttp() {
    }

    private static final class Holder {
        static final ExecutorService CALLBACKS = daemonPool("switchboard-sse-callback-");
        static final OkHttpClient CLIENT = newClient();

        private static OkHttpClient newClient() {
            Dispatcher dispatcher = new Dispatcher(daemonPool("switchboard-sse-http-"));
            // An event stream holds its request for hours; OkHttp's defaults (64 in all, 5 per
            // host) would leave the sixth stream to one host queued forever.
            dispatcher.setMaxRequests(Integer.MAX_VALUE);
            dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
            return new OkHttpClient.Builder()
                    .dispatcher(dispatcher)
                    .build();
        }
    }

    /** The shared client; each connection derives its own timeouts from it. */
    static OkHttpClient client() {
        return Holder.CLIENT;
    }

    /** Where callbacks requested from user threads ({@code close()}, {@code cancel()}) run. */
    static ExecutorService callbacks() {
        return Holder.CALLBACKS;
    }

    private static ExecutorService daemonPool(String prefix) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }
}
