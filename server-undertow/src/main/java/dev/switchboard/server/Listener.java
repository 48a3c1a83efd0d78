package dev.switchboard.server;

import io.undertow.UndertowOptions;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The server's one listener: Undertow's HTTP handling ({@link HttpOpenListener}) on an accepting
 * channel this class owns, so that a draining server can close the listening socket alone
 * ({@link #stopAccepting()}): new TCP connections are then refused while the open ones go on.
 * {@code io.undertow.Undertow} offers no such thing: its {@code ListenerInfo.suspend()} also closes
 * every open connection, and it keeps its channels to itself.
 *
 * <p>Assembled the way {@code Undertow.start()} (2.3) assembles an HTTP or HTTPS listener without
 * HTTP/2, with its defaults: the worker's threads and options, the buffer pool, the socket options.
 * Not reusable: after {@link #stop()} it cannot be started again.
 */
final class Listener {

    private final ListenAddress address;
    private final Optional<SSLContext> tls;
    private final HttpHandler handler;
    private final OptionMap serverOptions;
    private final int ioThreads;

    private XnioWorker worker;
    private DefaultByteBufferPool buffers;
    private AcceptingChannel<? extends StreamConnection> channel;

    /**
     * @param serverOptions Undertow's options ({@link UndertowOptions}) over its defaults
     * @param ioThreads     the worker's I/O threads, at least one
     */
    Listener(ListenAddress address, Optional<SSLContext> tls, HttpHandler handler, OptionMap serverOptions, int ioThreads) {
        if (ioThreads < 1) {
            throw new IllegalArgumentException("a listener needs at least one I/O thread, not " + ioThreads);
        }
        this.ioThreads = ioThreads;
        this.address = address;
        this.tls = tls;
        this.handler = handler;
        this.serverOptions = serverOptions;
    }

    /**
     * Binds and starts accepting.
     *
     * @return the bound address, with the real port when port 0 was asked for
     * @throws RuntimeException when the address cannot be bound or resolved (the cause says why);
     *     nothing is left running
     */
    synchronized InetSocketAddress start() {
        if (worker != null) {
            throw new IllegalStateException("the listener was already started");
        }
        Xnio xnio = Xnio.getInstance(Listener.class.getClassLoader());
        // Undertow.Builder's default: eight task threads per I/O thread.
        try {
            worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    .set(Options.CONNECTION_HIGH_WATER, 1_000_000)
                    .set(Options.CONNECTION_LOW_WATER, 1_000_000)
                    .set(Options.WORKER_TASK_CORE_THREADS, ioThreads * 8)
                    .set(Options.WORKER_TASK_MAX_THREADS, ioThreads * 8)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.CORK, true)
                    .getMap());
            OptionMap socketOptions = OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, worker.getIoThreadCount())
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BALANCING_TOKENS, 1)
                    .set(Options.BALANCING_CONNECTIONS, 2)
                    .set(Options.BACKLOG, 1000)
                    .getMap();
            OptionMap undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                    .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                    .addAll(serverOptions)
                    .getMap();
            buffers = buffers();
            HttpOpenListener http = new HttpOpenListener(buffers, undertowOptions);
            http.setRootHandler(handler);
            ChannelListener<AcceptingChannel<StreamConnection>> accept = ChannelListeners.openListenerAdapter(http);
            InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(address.host()), address.port());
            if (tls.isPresent()) {
                UndertowXnioSsl ssl = new UndertowXnioSsl(xnio, OptionMap.create(Options.USE_DIRECT_BUFFERS, true),
                        tls.get(), null);
                @SuppressWarnings({"unchecked", "rawtypes"})
                ChannelListener<? super AcceptingChannel<org.xnio.ssl.SslConnection>> sslAccept = (ChannelListener) accept;
                channel = ssl.createSslConnectionServer(worker, bind, sslAccept, socketOptions);
            } else {
                channel = worker.createStreamConnectionServer(bind, accept, socketOptions);
            }
            channel.resumeAccepts();
            return channel.getLocalAddress(InetSocketAddress.class);
        } catch (IOException | RuntimeException e) {
            IoUtils.safeClose(channel);
            channel = null;
            if (worker != null) {
                worker.shutdownNow();
            }
            closeBuffers();
            throw new RuntimeException(e);
        }
    }

    /**
     * Closes the listening socket: from now on a new TCP connection is refused. Open connections
     * are not touched. Idempotent, and harmless before {@link #start()}.
     */
    synchronized void stopAccepting() {
        IoUtils.safeClose(channel);
        channel = null;
    }

    /** The worker's I/O threads: those configured once started, 0 before. */
    synchronized int ioThreadCount() {
        return worker == null ? 0 : worker.getIoThreadCount();
    }

    /** Whether the listening socket is open. */
    synchronized boolean isAccepting() {
        return channel != null && channel.isOpen();
    }

    /** Stops accepting, closes every connection and waits for the I/O threads to end. Idempotent. */
    synchronized void stop() {
        stopAccepting();
        if (worker == null) {
            return;
        }
        worker.shutdown();
        try {
            worker.awaitTermination();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        closeBuffers();
    }

    /** Frees the pool's direct buffers now, as Undertow.stop() does, rather than whenever the GC gets to them. */
    private void closeBuffers() {
        if (buffers != null) {
            buffers.close();
            buffers = null;
        }
    }

    /** Undertow.Builder's buffers: 16 KiB direct ones, smaller ones in a small heap. */
    private static DefaultByteBufferPool buffers() {
        long memory = Runtime.getRuntime().maxMemory();
        if (memory < 64L * 1024 * 1024) {
            return new DefaultByteBufferPool(false, 512, -1, 4);
        }
        if (memory < 128L * 1024 * 1024) {
            return new DefaultByteBufferPool(true, 1024, -1, 4);
        }
        return new DefaultByteBufferPool(true, 1024 * 16 - 20, -1, 4);
    }
}
