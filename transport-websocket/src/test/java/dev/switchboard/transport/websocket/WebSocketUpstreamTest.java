package dev.switchboard.transport.websocket;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.testsupport.WebSocketOrigin;
import dev.switchboard.transport.tck.ListenerRecorder;
import dev.switchboard.transport.tck.RecordedEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.java_websocket.enums.Opcode;
import org.java_websocket.framing.CloseFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WebSocket transport against real sockets: a real Java-WebSocket origin, and raw sockets
 * for origins that misbehave.
 */
@Timeout(value = 60, unit = SECONDS)
class WebSocketUpstreamTest {

    private static final WebSocketTransportProvider PROVIDER = new WebSocketTransportProvider();

    /**
     * What the origin may see instead of our 1009: Java-WebSocket stops reading after rejecting a
     * frame, so the rest of it is still unread when the socket closes, the kernel answers with a
     * reset, and the origin may lose the close frame that preceded it.
     */
    private static final int RESET_BEFORE_CLOSE_FRAME = CloseFrame.ABNORMAL_CLOSE;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<UpstreamConnection> connections = new CopyOnWriteArrayList<>();
    private final List<ListenerRecorder> recorders = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        connections.forEach(UpstreamConnection::cancel);
        for (AutoCloseable r : resources) {
            r.close();
        }
        recorders.forEach(ListenerRecorder::assertNoViolations);
    }

    // ---- opening, receiving, sending ----

    @Test
    void opensThenDeliversTextAndBinaryInOrder() throws Exception {
        WebSocketOrigin origin = origin().whenOpened(c -> {
            c.send("one");
            c.send(new byte[] {1, 2, 3});
            c.send("three \u00e9\u20ac");
        });
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder);

        assertThat(recorder.expectOpen()).isSameAs(connection);
        assertThat(recorder.expectMessage()).isEqualTo(Message.text("one"));
        Message binary = recorder.expectMessage();
        assertThat(binary.kind()).isEqualTo(Message.Kind.BINARY);
        assertThat(binary.toByteArray()).containsExactly(1, 2, 3);
        assertThat(recorder.expectMessage()).isEqualTo(Message.text("three \u00e9\u20ac"));
        assertThat(connection.uri()).isEqualTo(origin.uri("/feed"));
    }

    @Test
    void sendsReachTheOriginUnchanged() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder);
        recorder.expectOpen();

        assertThat(connection.send(Message.text("hello \u00e9\u20ac"))).isTrue();
        assertThat(connection.send(Message.binary(new byte[] {0, -1, 127, -128}))).isTrue();
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        assertThat(connection.send(Message.binary(ByteBuffer.wrap(big)))).isTrue();

        assertThat(origin.received().next()).isEqualTo("hello \u00e9\u20ac");
        assertThat((byte[]) origin.received().next()).containsExactly(0, -1, 127, -128);
        assertThat((byte[]) origin.received().next()).isEqualTo(big);
    }

    @Test
    void handshakeCarriesTheRequestHeaders() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed?topic=a"), recorder, b -> b.header("X-Api-Key", "s3cret").header("X-Client", "switchboard"));

        recorder.expectOpen();
        var handshake = origin.handshakes().next();
        assertThat(handshake.getFieldValue("X-Api-Key")).isEqualTo("s3cret");
        assertThat(handshake.getFieldValue("X-Client")).isEqualTo("switchboard");
        assertThat(handshake.getResourceDescriptor()).isEqualTo("/feed?topic=a");
    }

    @Test
    void concurrentSendsFromSeveralThreadsAllArrive() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder);
        recorder.expectOpen();

        int threads = 4;
        int perThread = 250;
        CyclicBarrier go = new CyclicBarrier(threads);
        List<Thread> senders = new ArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread sender = new Thread(() -> {
                try {
                    go.await(5, SECONDS);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (int i = 0; i < perThread; i++) {
                    if (!connection.send(Message.text(id + ":" + i))) {
                        refused.add(id + ":" + i);
                    }
                }
            });
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join(10_000);
        }
        assertThat(refused).isEmpty();

        int[] nextPerThread = new int[threads];
        for (int n = 0; n < threads * perThread; n++) {
            String[] parts = ((String) origin.received().next()).split(":");
            int id = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).as("order of thread %s", id).isEqualTo(nextPerThread[id]);
            nextPerThread[id]++;
        }
        assertThat(nextPerThread).containsOnly(perThread);
    }

    @Test
    void sendBeforeOpenReturnsFalse() throws Exception {
        RawOrigin mute = raw(RawOrigin.Mode.MUTE);
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(mute.uri("ws", "/feed"), recorder);

        assertThat(connection.send(Message.text("too early"))).isFalse();
        assertThat(mute.accepted.await(5, SECONDS)).isTrue();
        assertThat(connection.send(Message.text("still too early"))).isFalse();
    }

    @Test
    void sendAfterCloseOrFailureReturnsFalse() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        UpstreamConnection closed = connect(origin.uri("/a"), recorder);
        recorder.expectOpen();
        closed.close();
        assertThat(closed.send(Message.text("after close"))).isFalse();
        recorder.expectClosed();
        assertThat(closed.send(Message.text("after onClosed"))).isFalse();

        ListenerRecorder second = recorder();
        UpstreamConnection cancelled = connect(origin.uri("/b"), second);
        second.expectOpen();
        cancelled.cancel();
        assertThat(cancelled.send(Message.text("after cancel"))).isFalse();
        second.expectFailure();
    }

    // ---- orderly ends ----

    @Test
    void originCloseReportsItsCodeAndReason() throws Exception {
        WebSocketOrigin origin = origin().whenOpened(c -> {
            c.send("last words");
            c.close(4000, "shutting down for maintenance");
        });
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed"), recorder);

        recorder.expectOpen();
        assertThat(recorder.expectMessage()).isEqualTo(Message.text("last words"));
        RecordedEvent closed = recorder.expectClosed();
        assertThat(closed.code()).isEqualTo(4000);
        assertThat(closed.reason()).isEqualTo("shutting down for maintenance");
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void closeWhenOpenIsAGracefulNormalClose() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder);
        recorder.expectOpen();
        // As below: a close that catches Java-WebSocket's reader between two reads stops it without
        // waiting for the origin's answer (1006, seen on a loaded machine); wait until it reads.
        String port = String.valueOf(origin.uri("/feed").getPort());
        await().atMost(5, SECONDS).until(() -> readerThreadsFor(port).stream().anyMatch(WebSocketUpstreamTest::isReadingSocket));

        connection.close();
        connection.close();

        assertThat(recorder.expectClosed().code()).isEqualTo(CloseFrame.NORMAL);
        assertThat(origin.closes().next().code()).isEqualTo(CloseFrame.NORMAL);
        connection.cancel();
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void closeAgainstAnUpstreamThatNeverAnswersEndsAfterTheConnectTimeout() throws Exception {
        RawOrigin silent = raw(RawOrigin.Mode.HANDSHAKE_THEN_SILENT);
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(silent.uri("ws", "/feed"), recorder,
                b -> b.connectTimeout(Duration.ofMillis(500)));
        recorder.expectOpen();
        // Java-WebSocket stops reading by itself, without waiting for an answer, if a close
        // catches its reader between two reads; wait until it waits on the socket.
        String port = String.valueOf(silent.uri("ws", "/").getPort());
        await().atMost(5, SECONDS).until(() -> readerThreadsFor(port).stream().anyMatch(WebSocketUpstreamTest::isReadingSocket));

        connection.close();

        RecordedEvent closed = recorder.expectClosed();
        assertThat(closed.code()).isEqualTo(CloseFrame.ABNORMAL_CLOSE);
        assertThat(closed.reason()).contains("did not answer the close within 500ms");
        assertThat(takeOpcode(silent)).isEqualTo(RawOrigin.CLOSE);
        assertThat(silent.clientGone.await(5, SECONDS)).as("socket dropped").isTrue();
    }

    // ---- failures to connect ----

    @Test
    void refusedConnectionFailsNamingTheUri() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        URI uri = URI.create("ws://127.0.0.1:" + port + "/feed");
        ListenerRecorder recorder = recorder();
        connect(uri, recorder);

        Throwable failure = recorder.expectFailure();
        assertThat(failure).hasMessageContaining("ws://127.0.0.1:" + port + "/feed")
                .hasMessageContaining("could not connect");
        assertThat(failure.getMessage()).containsIgnoringCase("refused");
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void handshakeThatNeverCompletesFailsWithinTheConnectTimeout() throws Exception {
        RawOrigin mute = raw(RawOrigin.Mode.MUTE);
        ListenerRecorder recorder = recorder();
        long start = System.nanoTime();
        connect(mute.uri("ws", "/feed"), recorder, b -> b.connectTimeout(Duration.ofMillis(400)));

        Throwable failure = recorder.expectFailure();
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(failure).isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining(mute.uri("ws", "/feed").toString())
                .hasMessageContaining("400ms (connect timeout)");
        assertThat(elapsedMillis).isBetween(350L, 4_000L);
        assertThat(mute.clientGone.await(5, SECONDS)).as("socket dropped").isTrue();
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void tcpConnectThatNeverCompletesFailsWithinTheConnectTimeout() throws Exception {
        // A listener that never accepts, with its backlog full: the kernel drops further SYNs.
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        resources.add(full);
        boolean blackholed = false;
        for (int i = 0; i < 20 && !blackholed; i++) {
            Socket filler = new Socket();
            resources.add(filler);
            try {
                filler.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 200);
            } catch (SocketTimeoutException e) {
                blackholed = true;
            }
        }
        Assumptions.assumeTrue(blackholed, "this kernel does not drop SYNs to a full backlog");

        URI uri = URI.create("ws://127.0.0.1:" + full.getLocalPort() + "/feed");
        ListenerRecorder recorder = recorder();
        connect(uri, recorder, b -> b.connectTimeout(Duration.ofMillis(300)));

        assertThat(recorder.expectFailure()).hasMessageContaining(uri.toString())
                .hasMessageContaining("300ms (connect timeout)");
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void wssAgainstAPlainTextServerFailsTheTlsHandshake() throws Exception {
        RawOrigin plain = raw(RawOrigin.Mode.PLAIN_TEXT);
        URI uri = plain.uri("wss", "/feed");
        ListenerRecorder recorder = recorder();
        connect(uri, recorder);

        Throwable failure = recorder.expectFailure();
        assertThat(failure).hasMessageContaining("TLS handshake with upstream " + uri + " failed")
                .hasMessageContaining("javax.net.ssl.trustStore");
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void wssOpensWithTheDefaultTrustStoreAndCarriesMessagesBothWays() throws Exception {
        WebSocketOrigin origin = tlsOrigin().whenOpened(c -> c.send("over tls"));
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder, b -> b.header("X-Api-Key", "k"));

        recorder.expectOpen();
        assertThat(recorder.expectMessage()).isEqualTo(Message.text("over tls"));
        assertThat(connection.send(Message.binary(new byte[] {4, 2}))).isTrue();
        assertThat((byte[]) origin.received().next()).containsExactly(4, 2);
        assertThat(origin.handshakes().next().getFieldValue("X-Api-Key")).isEqualTo("k");
        connection.close();
        assertThat(recorder.expectClosed().code()).isEqualTo(CloseFrame.NORMAL);
    }

    @Test
    void wssChecksTheHostName() throws Exception {
        WebSocketOrigin origin = tlsOrigin();
        // The certificate names localhost only.
        URI uri = URI.create("wss://127.0.0.1:" + origin.port() + "/feed");
        ListenerRecorder recorder = recorder();
        connect(uri, recorder);

        assertThat(recorder.expectFailure()).hasMessageContaining("TLS handshake with upstream " + uri + " failed")
                .hasMessageContaining("subject alternative name");
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void wssAgainstAServerThatNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
        RawOrigin mute = raw(RawOrigin.Mode.MUTE);
        URI uri = mute.uri("wss", "/feed");
        ListenerRecorder recorder = recorder();
        connect(uri, recorder, b -> b.connectTimeout(Duration.ofMillis(400)));

        assertThat(recorder.expectFailure()).hasMessageContaining(uri.toString())
                .hasMessageContaining("the TLS handshake");
    }

    // ---- close() and cancel() while connecting ----

    @Test
    void closeDuringConnectGivesExactlyOneFinalCallback() throws Exception {
        RawOrigin mute = raw(RawOrigin.Mode.MUTE);
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(mute.uri("ws", "/feed"), recorder,
                b -> b.connectTimeout(Duration.ofMillis(300)));
        assertThat(mute.accepted.await(5, SECONDS)).isTrue();

        connection.close();
        connection.close();
        connection.cancel();

        assertThat(recorder.expectFailure()).hasMessageContaining("closed by the client before it opened");
        assertThat(mute.clientGone.await(5, SECONDS)).as("socket dropped").isTrue();
        // Longer than the connect timeout: its timer must not report a second end.
        recorder.assertNoMoreEvents(Duration.ofMillis(600));
    }

    @Test
    void cancelDuringConnectGivesExactlyOneFinalCallbackAndReleasesTheReaderThread() throws Exception {
        RawOrigin mute = raw(RawOrigin.Mode.MUTE);
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(mute.uri("ws", "/feed"), recorder,
                b -> b.connectTimeout(Duration.ofMillis(300)));
        assertThat(mute.accepted.await(5, SECONDS)).isTrue();
        String port = String.valueOf(mute.uri("ws", "/").getPort());
        assertThat(readerThreadsFor(port)).hasSize(1);

        connection.cancel();
        connection.cancel();
        connection.close();

        assertThat(recorder.expectFailure()).hasMessageContaining("cancelled by the client");
        await().atMost(5, SECONDS).until(() -> readerThreadsFor(port).isEmpty());
        recorder.assertNoMoreEvents(Duration.ofMillis(600));
    }

    @Test
    void cancelImmediatelyAfterConnectGivesExactlyOneFinalCallback() throws Exception {
        WebSocketOrigin origin = origin();
        for (int i = 0; i < 20; i++) {
            ListenerRecorder recorder = recorder();
            UpstreamConnection connection = connect(origin.uri("/feed/" + i), recorder);
            connection.cancel();
            assertThat(recorder.expectFailure()).hasMessageContaining("cancelled by the client");
            recorder.assertNoMoreEvents(Duration.ofMillis(50));
        }
    }

    // ---- failures of an open connection ----

    @Test
    void cancelWhenOpenDropsTheConnection() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder);
        recorder.expectOpen();

        connection.cancel();

        assertThat(recorder.expectFailure()).hasMessageContaining("cancelled by the client")
                .hasMessageContaining(origin.uri("/feed").toString());
        assertThat(origin.closes().next().code()).isEqualTo(CloseFrame.ABNORMAL_CLOSE);
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void originDroppingTheConnectionIsAFailure() throws Exception {
        WebSocketOrigin origin = origin().whenText((c, text) -> c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "gone"));
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder);
        recorder.expectOpen();

        connection.send(Message.text("please drop me"));

        assertThat(recorder.expectFailure()).hasMessageContaining("dropped the connection without a close frame");
    }

    @Test
    void silentUpstreamFailsWithAHeartbeatTimeout() throws Exception {
        RawOrigin silent = raw(RawOrigin.Mode.HANDSHAKE_THEN_SILENT);
        ListenerRecorder recorder = recorder();
        URI uri = silent.uri("ws", "/feed");
        connect(uri, recorder, b -> b.heartbeatInterval(Duration.ofMillis(200)).heartbeatTimeout(Duration.ofMillis(600)));
        recorder.expectOpen();
        long openedAt = System.nanoTime();

        Throwable failure = recorder.expectFailure();
        long silentMillis = (System.nanoTime() - openedAt) / 1_000_000;
        assertThat(failure).isInstanceOf(SocketTimeoutException.class)
                .hasMessage("upstream " + uri + " was silent for 600ms (heartbeat timeout); reconnecting is the hub's job");
        assertThat(silentMillis).isBetween(550L, 4_000L);
        assertThat(takeOpcode(silent)).as("first frame the client sent").isEqualTo(RawOrigin.PING);
        assertThat(takeOpcode(silent)).as("second frame the client sent").isEqualTo(RawOrigin.PING);
        assertThat(silent.clientGone.await(5, SECONDS)).as("socket dropped").isTrue();
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void heartbeatKeepsAQuietButResponsiveUpstreamOpen() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder,
                b -> b.heartbeatInterval(Duration.ofMillis(50)).heartbeatTimeout(Duration.ofMillis(500)));
        recorder.expectOpen();

        // Forty pings answered is about four heartbeat timeouts of an upstream that sends no data.
        await().atMost(20, SECONDS).until(() -> origin.pings() >= 40);

        recorder.assertNoMoreEvents(Duration.ZERO);
        assertThat(connection.send(Message.text("still here"))).isTrue();
        assertThat(origin.received().next()).isEqualTo("still here");
    }

    @Test
    void messageOfExactlyMaxMessageSizeIsDelivered() throws Exception {
        WebSocketOrigin origin = origin().whenOpened(c -> {
            c.send("a".repeat(1024));
            c.send(new byte[1024]);
        });
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed"), recorder, b -> b.maxMessageSize(1024));
        recorder.expectOpen();

        assertThat(recorder.expectMessage()).isEqualTo(Message.text("a".repeat(1024)));
        assertThat(recorder.expectMessage()).isEqualTo(Message.binary(new byte[1024]));
    }

    @Test
    void oversizeFrameFailsTheConnectionWith1009() throws Exception {
        // Sent alone: Java-WebSocket discards whatever else it read in the same chunk as a frame it rejects.
        WebSocketOrigin origin = origin().whenOpened(c -> c.send("b".repeat(1025)));
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed"), recorder, b -> b.maxMessageSize(1024));
        recorder.expectOpen();

        assertThat(recorder.expectFailure()).hasMessageContaining("larger than maxMessageSize (1024 bytes)")
                .hasMessageContaining("1009");
        assertThat(origin.closes().next().code()).isIn(CloseFrame.TOOBIG, RESET_BEFORE_CLOSE_FRAME);
        recorder.assertNoMoreEvents(Duration.ofMillis(100));
    }

    @Test
    void hugeFrameFailsTheConnection() throws Exception {
        WebSocketOrigin origin = origin().whenOpened(c -> c.send(new byte[8 * 1024 * 1024]));
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed"), recorder, b -> b.maxMessageSize(64 * 1024));
        recorder.expectOpen();

        assertThat(recorder.expectFailure()).hasMessageContaining("larger than maxMessageSize (65536 bytes)");
    }

    @Test
    void oversizeFragmentedMessageFailsTheConnectionWith1009() throws Exception {
        // Java-WebSocket's sendFragmentedFrame takes the message's opcode for every fragment and
        // writes continuation frames itself.
        WebSocketOrigin origin = origin().whenOpened(c -> {
            byte[] part = "x".repeat(600).getBytes(StandardCharsets.UTF_8);
            c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(part), false);
            c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(part), false);
            c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap(part), true);
        });
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed"), recorder, b -> b.maxMessageSize(1024));
        recorder.expectOpen();

        assertThat(recorder.expectFailure()).hasMessageContaining("larger than maxMessageSize (1024 bytes)");
        assertThat(origin.closes().next().code()).isIn(CloseFrame.TOOBIG, RESET_BEFORE_CLOSE_FRAME);
    }

    @Test
    void fragmentedMessageWithinTheLimitIsDeliveredWhole() throws Exception {
        WebSocketOrigin origin = origin().whenOpened(c -> {
            c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap("hello, ".getBytes(StandardCharsets.UTF_8)), false);
            c.sendFragmentedFrame(Opcode.TEXT, ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8)), true);
        });
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed"), recorder, b -> b.maxMessageSize(1024));
        recorder.expectOpen();

        assertThat(recorder.expectMessage()).isEqualTo(Message.text("hello, world"));
    }

    // ---- listeners that throw ----

    @Test
    void listenerThrowingInOnMessageFailsTheConnectionWithThatException() throws Exception {
        WebSocketOrigin origin = origin().whenOpened(c -> {
            c.send("first");
            c.send("second");
            c.send("third");
        });
        RuntimeException boom = new IllegalStateException("listener bug");
        ListenerRecorder recorder = recorder().onMessageDo(m -> {
            if (m.text().equals("first")) {
                throw boom;
            }
        });
        connect(origin.uri("/feed"), recorder);

        recorder.expectOpen();
        assertThat(recorder.expectMessage()).isEqualTo(Message.text("first"));
        assertThat(recorder.expectFailure()).isSameAs(boom);
        recorder.assertNoMoreEvents(Duration.ofMillis(200));
        assertThat(origin.closes().next().code()).isEqualTo(CloseFrame.ABNORMAL_CLOSE);
    }

    @Test
    void listenerThrowingInOnOpenFailsTheConnectionWithThatException() throws Exception {
        WebSocketOrigin origin = origin().whenOpened(c -> c.send("never delivered"));
        Error boom = new AssertionError("listener bug in onOpen");
        ListenerRecorder recorder = recorder().onOpenDo(c -> {
            throw boom;
        });
        connect(origin.uri("/feed"), recorder);

        recorder.expectOpen();
        assertThat(recorder.expectFailure()).isSameAs(boom);
        recorder.assertNoMoreEvents(Duration.ofMillis(200));
    }

    @Test
    void listenerMaySendAndCloseFromItsCallbacks() throws Exception {
        WebSocketOrigin origin = origin().whenText((c, text) -> c.send("echo " + text));
        AtomicReference<UpstreamConnection> opened = new AtomicReference<>();
        ListenerRecorder recorder = recorder()
                .onOpenDo(c -> {
                    opened.set(c);
                    assertThat(c.send(Message.text("from onOpen"))).isTrue();
                })
                .onMessageDo(m -> opened.get().close());
        connect(origin.uri("/feed"), recorder);

        recorder.expectOpen();
        assertThat(recorder.expectMessage()).isEqualTo(Message.text("echo from onOpen"));
        assertThat(recorder.expectClosed().code()).isEqualTo(CloseFrame.NORMAL);
    }

    @Test
    void listenerThrowingFromAFinalCallbackIsLoggedAndNothingFollows() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder().onFinalDo(end -> {
            throw new IllegalStateException("listener bug in onClosed");
        });
        UpstreamConnection connection = connect(origin.uri("/feed"), recorder);
        recorder.expectOpen();

        connection.close();

        recorder.expectClosed();
        connection.cancel();
        recorder.assertNoMoreEvents(Duration.ofMillis(200));
    }

    // ---- races: exactly one final callback ----

    @Test
    void clientCloseRacingTheOriginCloseGivesExactlyOneOnClosed() throws Exception {
        WebSocketOrigin origin = origin().whenText((c, text) -> c.close(CloseFrame.NORMAL, "origin says bye"));
        for (int i = 0; i < 20; i++) {
            ListenerRecorder recorder = recorder();
            // A close that catches Java-WebSocket's reader between two reads is not answered, and the
            // connection then ends at the connect timeout (see the test above): keep that within the wait.
            UpstreamConnection connection = connect(origin.uri("/race/" + i), recorder,
                    b -> b.connectTimeout(Duration.ofMillis(2000)));
            recorder.expectOpen();

            connection.send(Message.text("bye"));
            connection.close();

            // After close() the end is onClosed however it came; 1006 if the origin's own close frame
            // lost the race with its socket close.
            RecordedEvent end = recorder.expectFinal();
            assertThat(end.kind()).isEqualTo(RecordedEvent.Kind.CLOSED);
            assertThat(end.code()).isIn(CloseFrame.NORMAL, CloseFrame.ABNORMAL_CLOSE);
            recorder.assertNoMoreEvents(Duration.ofMillis(50));
            recorder.assertNoViolations();
        }
    }

    @Test
    void cancelRacingCloseAndTheOriginCloseGivesExactlyOneFinalCallback() throws Exception {
        WebSocketOrigin origin = origin().whenText((c, text) -> c.close(CloseFrame.GOING_AWAY, "origin leaving"));
        for (int i = 0; i < 20; i++) {
            ListenerRecorder recorder = recorder();
            UpstreamConnection connection = connect(origin.uri("/race/" + i), recorder);
            recorder.expectOpen();

            CountDownLatch go = new CountDownLatch(1);
            Thread closer = new Thread(() -> {
                awaitQuietly(go);
                connection.close();
            });
            Thread canceller = new Thread(() -> {
                awaitQuietly(go);
                connection.cancel();
            });
            closer.start();
            canceller.start();
            connection.send(Message.text("leave"));
            go.countDown();
            closer.join(5_000);
            canceller.join(5_000);

            recorder.expectFinal();
            recorder.assertNoMoreEvents(Duration.ofMillis(50));
            recorder.assertNoViolations();
        }
    }

    // ---- threads ----

    @Test
    void transportThreadsAreNamedDaemons() throws Exception {
        WebSocketOrigin origin = origin();
        ListenerRecorder recorder = recorder();
        connect(origin.uri("/feed"), recorder, b -> b.heartbeatInterval(Duration.ofMillis(100)).heartbeatTimeout(Duration.ofSeconds(5)));
        recorder.expectOpen();
        await().atMost(5, SECONDS).until(() -> origin.pings() >= 1);

        String port = String.valueOf(origin.port());
        assertThat(readerThreadsFor(port)).singleElement().satisfies(t -> assertThat(t.isDaemon()).isTrue());
        assertThat(threadsNamed("WebSocketWriteThread-")).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        assertThat(threadsNamed("switchboard-ws-timer-")).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    }

    // ---- helpers ----

    private WebSocketOrigin origin() throws InterruptedException {
        WebSocketOrigin origin = WebSocketOrigin.start();
        resources.add(origin);
        return origin;
    }

    private WebSocketOrigin tlsOrigin() throws Exception {
        WebSocketOrigin origin = WebSocketOrigin.startTls(OriginTls.context());
        resources.add(origin);
        return origin;
    }

    private RawOrigin raw(RawOrigin.Mode mode) throws Exception {
        RawOrigin origin = RawOrigin.start(mode);
        resources.add(origin);
        return origin;
    }

    private ListenerRecorder recorder() {
        ListenerRecorder recorder = new ListenerRecorder();
        recorders.add(recorder);
        return recorder;
    }

    private UpstreamConnection connect(URI uri, ListenerRecorder recorder) {
        return connect(uri, recorder, UnaryOperator.identity());
    }

    private UpstreamConnection connect(URI uri, ListenerRecorder recorder, UnaryOperator<UpstreamRequest.Builder> settings) {
        UpstreamRequest request = settings.apply(UpstreamRequest.builder(uri).connectTimeout(Duration.ofSeconds(5))).build();
        UpstreamConnection connection = PROVIDER.connect(request, recorder);
        connections.add(connection);
        return connection;
    }

    private static int takeOpcode(RawOrigin origin) throws InterruptedException {
        Integer opcode = origin.clientOpcodes.poll(5, TimeUnit.SECONDS);
        assertThat(opcode).as("a frame from the client within 5s").isNotNull();
        return opcode;
    }

    private static List<Thread> readerThreadsFor(String port) {
        return threadsNamed("switchboard-ws-reader-").stream().filter(t -> t.getName().endsWith(":" + port + ")")).toList();
    }

    private static boolean isReadingSocket(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("org.java_websocket")) {
                return false;
            }
            if (frame.getMethodName().contains("read") && frame.getClassName().contains("Socket")) {
                return true;
            }
        }
        return false;
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive())
                .toList();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
