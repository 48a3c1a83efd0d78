package dev.switchboard.server.ws;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ServerConnection;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.StreamConnection;

/**
 * Lets Undertow forget an upgraded socket's HTTP/1.1 connection object.
 *
 * <p>Undertow keeps that object, with its request parser's state, its response conduit and its
 * parse-timeout timer (about 800 B an idle port), for as long as the socket is open: the socket's
 * close listener is the HTTP connection's, and Undertow's open listener holds every HTTP
 * connection in a set, for a graceful shutdown, until that close listener takes it out. After the
 * 101 none of it is used again: the WebSocket channel reads and writes the socket's own conduits,
 * and {@link OpenConnections} counts the socket for the server's shutdown. So the release runs the
 * HTTP connection's close listener now, as if its HTTP life had ended (which it has): the open
 * listener drops it from its set, the parse-timeout timer is cancelled and the response buffers go
 * back to the pool. The socket stays open, and its close listener is emptied so that nothing runs
 * twice when the WebSocket closes.
 *
 * <p>XNIO has no way to remove a close listener ({@code setCloseListener} adds one to those
 * set before), so the release empties the socket's listener reference directly. Should an XNIO
 * version lay that field out otherwise, nothing is released, a warning says so once, and the
 * ports keep working ({@code HandshakeStateReleasedTest} fails, so an upgrade cannot miss it).
 *
 * <p>Bytes that arrived behind the handshake (a client that sent a frame before it read the 101)
 * are still held by the HTTP connection and read through it, so such a connection is left as it
 * is: releasing it would throw those bytes away.
 */
final class HttpStateRelease {

    private static final Logger LOG = LoggerFactory.getLogger(HttpStateRelease.class);
    private static final VarHandle CLOSE_LISTENER = closeListenerField();

    private HttpStateRelease() {
    }

    /**
     * Runs {@code http}'s close listener and takes it off {@code socket}, unless {@code http} still
     * holds bytes read past the handshake, the socket is closed, or this XNIO cannot be reached into.
     *
     * @return whether the HTTP connection was released
     */
    static boolean release(StreamConnection socket, ServerConnection http) {
        if (CLOSE_LISTENER == null || !(http instanceof AbstractServerConnection plain) || plain.getExtraBytes() != null
                || !socket.isOpen()) {
            return false;
        }
        @SuppressWarnings("unchecked")
        AtomicReference<ChannelListener<? super StreamConnection>> listeners =
                (AtomicReference<ChannelListener<? super StreamConnection>>) CLOSE_LISTENER.get(socket);
        ChannelListener<? super StreamConnection> httpCloseListener = listeners.get();
        // The socket closing meanwhile swaps in XNIO's "already invoked" mark, and the exchange fails.
        if (httpCloseListener == null || !listeners.compareAndSet(httpCloseListener, null)) {
            return false;
        }
        ChannelListeners.invokeChannelListener(socket, httpCloseListener);
        return true;
    }

    private static VarHandle closeListenerField() {
        try {
            return MethodHandles.privateLookupIn(StreamConnection.class, MethodHandles.lookup())
                    .findVarHandle(StreamConnection.class, "closeListener", AtomicReference.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("this XNIO's StreamConnection has no closeListener field to reach ({}): each idle WebSocket port keeps"
                    + " Undertow's HTTP connection object, about 800 B more; ports work as before", e.toString());
            return null;
        }
    }
}
