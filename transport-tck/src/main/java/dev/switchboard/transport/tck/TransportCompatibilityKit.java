package dev.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.api.Message;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamRequest;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The transport compatibility kit: every check a {@link TransportProvider} must pass, as an
 * abstract JUnit 5 class. A transport's test module extends it, names its provider and starts a
 * small real server for its protocol (a {@link TckOrigin}); JUnit then runs every check below
 * against that pair, over real sockets on 127.0.0.1.
 *
 * <pre>{@code
 * class WebSocketTransportCompatibilityTest extends TransportCompatibilityKit {
 *
 *     @Override
 *     protected TransportProvider provider() {
 *         return new WebSocketTransportProvider();
 *     }
 *
 *     @Override
 *     protected TckOrigin startOrigin() throws Exception {
 *         return WebSocketTckOrigin.start(); // a WebSocketServer on 127.0.0.1:0
 *     }
 *
 *     // Only for transports that need options to reach the origin:
 *     @Override
 *     protected void configure(UpstreamRequest.Builder request, TckOrigin origin) {
 *         request.header("Authorization", "Bearer tck");
 *     }
 *
 *     // Only for receive-only transports: the send checks are then skipped.
 *     @Override
 *     protected boolean supportsSending() {
 *         return false;
 *     }
 * }
 * }</pre>
 *
 * <p>Every check starts a fresh origin and a fresh provider. After every check the kit cancels
 * each connection the check made, requires that each got exactly one final callback, and fails
 * if any {@link ListenerRecorder} saw a lifecycle rule broken (callbacks overlapping, anything
 * after a final callback, a first callback other than {@code onOpen}/{@code onFailure}). Requests
 * use short timings ({@link #CONNECT_TIMEOUT}, {@link #HEARTBEAT_INTERVAL},
 * {@link #HEARTBEAT_TIMEOUT}) so the whole kit runs in well under a minute.
 *
 * <p>Subclasses may add their own protocol-specific tests next to the kit's; the helpers
 * {@link #origin()}, {@link #request(URI)}, {@link #connect(URI, ListenerRecorder)} and
 * {@link #connectAndOpen(ListenerRecorder)} are there for that.
 */
public abstract class TransportCompatibilityKit {

    /** The connect timeout of every request the kit makes. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The heartbeat interval of every request the kit makes. */
    public static final Duration HEARTBEAT_INTERVAL = Duration.ofMillis(300);
    /** The heartbeat timeout of every request the kit makes. */
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(900);
    /** How long the kit waits for something that should happen. */
    public static final Duration PATIENCE = ListenerRecorder.DEFAULT_PATIENCE;

    /** How long the kit watches for something that should not happen. */
    private static final Duration QUIET = Duration.ofMillis(300);
    /** Scheduling slack on a busy build machine, added to deadlines the transport must meet. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    /** The stalled-upstream check sends messages of this many bytes, at most STALL_SENDS of them, until STALL_TARGET is buffered. */
    private static final int STALL_CHUNK = 64 * 1024;
    private static final int STALL_SENDS = 512;
    private static final long STALL_TARGET = 1L << 20;

    private TransportProvider transport;
    private TckOrigin origin;
    private BlackHole blackHole;
    private final List<Tracked> connections = new ArrayList<>();

    private record Tracked(URI uri, UpstreamConnection connection, ListenerRecorder recorder) {
    }

    // ---- what a transport's test supplies ----

    /** A new instance of the transport under test. Called once per check. */
    protected abstract TransportProvider provider();

    /** Starts a real origin for the transport's protocol on 127.0.0.1. Called once per check; closed after it. */
    protected abstract TckOrigin startOrigin() throws Exception;

    /**
     * Whether the transport can send messages upstream. Receive-only transports return false:
     * the concurrent-send check is then skipped and {@code send()} must return false instead.
     */
    protected boolean supportsSending() {
        return true;
    }

    /**
     * Adds what the transport needs to every request the kit makes (headers, options such as
     * the URL that sends go to). The kit has already set the URI and its short timings.
     */
    protected void configure(UpstreamRequest.Builder request, TckOrigin origin) {
    }

    // ---- helpers for the checks, also usable by subclasses ----

    /** The origin of the running check. */
    protected final TckOrigin origin() {
        return origin;
    }

    /** The provider of the running check (the same instance for the whole check). */
    protected final TransportProvider transport() {
        return transport;
    }

    /** A request for {@code uri} with the kit's timings, passed through {@link #configure}. */
    protected final UpstreamRequest request(URI uri) {
        UpstreamRequest.Builder builder = UpstreamRequest.builder(uri)
                .connectTimeout(CONNECT_TIMEOUT)
                .heartbeatInterval(HEARTBEAT_INTERVAL)
                .heartbeatTimeout(HEARTBEAT_TIMEOUT);
        configure(builder, origin);
        return builder.build();
    }

    /** Connects to {@code uri}, recording into {@code recorder}; the kit ends the connection after the check. */
    protected final UpstreamConnection connect(URI uri, ListenerRecorder recorder) {
        UpstreamConnection connection = transport.connect(request(uri), recorder);
        assertThat(connection).as("connect(%s) returned null; it must return the connection", uri).isNotNull();
        recorder.expectConnection(connection);
        connections.add(new Tracked(uri, connection, recorder));
        return connection;
    }

    /** Connects to the origin, expects {@code onOpen}, and waits until the origin counts the new connection. */
    protected final UpstreamConnection connectAndOpen(ListenerRecorder recorder) {
        int before = origin.connectionCount();
        UpstreamConnection connection = connect(origin.uri(), recorder);
        recorder.expectOpen();
        await("the origin to count the new connection").atMost(PATIENCE)
                .until(() -> origin.connectionCount() > before);
        return connection;
    }

    private URI blackHoleUri() {
        if (blackHole == null) {
            blackHole = new BlackHole();
        }
        return blackHole.uriLike(origin.uri());
    }

    private void awaitBlackHoleAccepted(int count) {
        await("the transport to open its TCP connection").atMost(PATIENCE)
                .until(() -> blackHole.acceptedCount() >= count);
    }

    @BeforeEach
    final void startProviderAndOrigin() throws Exception {
        transport = provider();
        origin = startOrigin();
    }

    @AfterEach
    final void endEveryConnectionAndCheckTheRules() throws Exception {
        try {
            List<String> problems = new ArrayList<>();
            for (Tracked tracked : connections) {
                tracked.connection().cancel();
            }
            for (Tracked tracked : connections) {
                if (!tracked.recorder().awaitFinal(PATIENCE)) {
                    problems.add("the connection to " + tracked.uri() + " never got a final callback, even "
                            + PATIENCE + " after cancel(); callbacks: " + tracked.recorder().history());
                }
                problems.addAll(tracked.recorder().violations());
            }
            if (!problems.isEmpty()) {
                throw new AssertionError("the transport broke the UpstreamListener lifecycle rules:\n  - "
                        + String.join("\n  - ", problems));
            }
        } finally {
            connections.clear();
            if (blackHole != null) {
                blackHole.close();
                blackHole = null;
            }
            origin.close();
        }
    }

    // ---- the provider ----

    @Test
    @DisplayName("the provider has a public no-argument constructor")
    void providerHasPublicNoArgumentConstructor() throws Exception {
        Class<? extends TransportProvider> type = transport.getClass();
        assertThat(Modifier.isPublic(type.getModifiers()))
                .as("%s must be a public class so ServiceLoader can create it", type.getName()).isTrue();
        Constructor<? extends TransportProvider> constructor;
        try {
            constructor = type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new AssertionError(type.getName() + " has no public no-argument constructor; ServiceLoader needs one", e);
        }
        TransportProvider fresh = constructor.newInstance();
        assertThat(fresh.schemes()).as("schemes() of a second instance").isEqualTo(transport.schemes());
    }

    @Test
    @DisplayName("schemes() is a stable, non-empty set of lower-case schemes that includes the origin's")
    void schemesAreStableNonEmptyAndLowerCase() {
        Set<String> schemes = transport.schemes();
        assertThat(schemes).as("schemes()").isNotEmpty();
        assertThat(schemes).as("schemes() must be valid lower-case URI schemes")
                .allSatisfy(scheme -> assertThat(scheme).matches("[a-z][a-z0-9+.-]*"));
        assertThat(transport.schemes()).as("schemes() on a second call").isEqualTo(schemes);
        assertThat(schemes).as("schemes() must include the scheme of the origin's URI %s", origin.uri())
                .contains(origin.uri().getScheme().toLowerCase(java.util.Locale.ROOT));
        assertThat(transport.name()).as("name()").isNotBlank();
    }

    @Test
    @DisplayName("the provider is discoverable with ServiceLoader (META-INF/services)")
    void providerIsDiscoverableWithServiceLoader() {
        List<String> found = ServiceLoader.load(TransportProvider.class).stream()
                .map(provider -> provider.type().getName())
                .collect(Collectors.toList());
        assertThat(found)
                .as("providers listed in META-INF/services/%s; add a line with %s to that file",
                        TransportProvider.class.getName(), transport.getClass().getName())
                .contains(transport.getClass().getName());
    }

    @Test
    @DisplayName("validate() accepts the request for the origin")
    void validateAcceptsTheOriginRequest() {
        assertThatCode(() -> transport.validate(request(origin.uri()))).doesNotThrowAnyException();
    }

    @Test
    @DisplayName("validate() rejects an unknown option with a message naming it")
    void validateRejectsAnUnknownOption() {
        UpstreamRequest request = request(origin.uri()).toBuilder().option("tck-no-such-option", "42").build();
        assertThatThrownBy(() -> transport.validate(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tck-no-such-option");
    }

    // ---- opening ----

    @Test
    @DisplayName("a successful connect starts with onOpen, and the connection knows its URI")
    void successfulConnectStartsWithOnOpen() {
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = connect(origin.uri(), events);
        assertThat(connection.uri()).as("connection.uri()").isEqualTo(origin.uri());
        events.expectOpen();
    }

    @Test
    @DisplayName("a refused connection gets onFailure, naming the URI, as its first and only callback")
    void refusedConnectionFailsNamingTheUri() {
        URI refused = origin.refusedUri();
        ListenerRecorder events = new ListenerRecorder();
        connect(refused, events);
        Throwable cause = events.expectFailure();
        assertThat(messagesOf(cause)).as("the messages of the failure and its causes must name the URI %s", refused)
                .anySatisfy(message -> assertThat(message).contains(refused.toString()));
        events.assertNoMoreEvents(QUIET);
        assertThat(events.history()).as("callbacks").hasSize(1);
    }

    @Test
    @DisplayName("an upstream that accepts TCP but never answers: connect() returns at once, then onFailure")
    void upstreamThatNeverAnswersFails() {
        ListenerRecorder events = new ListenerRecorder(CONNECT_TIMEOUT.plus(HEARTBEAT_TIMEOUT).plus(PATIENCE));
        long started = System.nanoTime();
        connect(blackHoleUri(), events);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("time connect() took; it must start connecting and return at once").isLessThan(SLACK);
        events.expectFailure();
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("send() before onOpen returns false")
    void sendBeforeOpenReturnsFalse() {
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = connect(blackHoleUri(), events);
        awaitBlackHoleAccepted(1);
        assertThat(connection.send(Message.text("too early")))
                .as("send() while the connection is still connecting").isFalse();
    }

    // ---- receiving ----

    @Test
    @DisplayName("messages arrive in the order the origin published them")
    void messagesArriveInPublishOrder() {
        ListenerRecorder events = new ListenerRecorder();
        connectAndOpen(events);
        List<String> published = IntStream.range(0, 100).mapToObj(i -> "message-" + i).collect(Collectors.toList());
        published.forEach(origin::publish);
        List<Message> received = events.expectMessages(published.size());
        assertThat(received).as("received messages").allSatisfy(message -> assertThat(message.isText()).isTrue());
        assertThat(received.stream().map(Message::text).collect(Collectors.toList())).isEqualTo(published);
    }

    @Test
    @DisplayName("nothing follows a final callback, even while the origin keeps publishing")
    void nothingFollowsTheFinalCallback() throws Exception {
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = connectAndOpen(events);
        AtomicBoolean publishing = new AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            for (int i = 0; publishing.get() && i < 10_000; i++) {
                origin.publish("flood-" + i);
            }
        }, "tck-publisher");
        publisher.setDaemon(true);
        publisher.start();
        try {
            events.expectMessage();
            connection.close();
            events.expectFinal();
        } finally {
            publishing.set(false);
            publisher.join(PATIENCE.toMillis());
        }
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("a listener that throws from onMessage gets onFailure carrying that exception, then nothing")
    void throwingOnMessageLeadsToOnFailure() {
        RuntimeException boom = new IllegalStateException("thrown by the TCK from onMessage");
        ListenerRecorder events = new ListenerRecorder().onMessageDo(message -> {
            throw boom;
        });
        connectAndOpen(events);
        origin.publish("first");
        events.expectMessage();
        assertThat(causeChain(events.expectFailure()))
                .as("onFailure must carry the exception the listener threw").contains(boom);
        origin.publish("second");
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("a listener that throws from onOpen gets onFailure carrying that exception, then nothing")
    void throwingOnOpenLeadsToOnFailure() {
        RuntimeException boom = new IllegalStateException("thrown by the TCK from onOpen");
        ListenerRecorder events = new ListenerRecorder().onOpenDo(connection -> {
            throw boom;
        });
        connect(origin.uri(), events);
        events.expectOpen();
        assertThat(causeChain(events.expectFailure()))
                .as("onFailure must carry the exception the listener threw").contains(boom);
        origin.publish("after the failure");
        events.assertNoMoreEvents(QUIET);
    }

    // ---- ending from the client ----

    @Test
    @DisplayName("close() during the connect gives exactly one final callback")
    void closeDuringConnectGivesOneFinalCallback() {
        ListenerRecorder immediately = new ListenerRecorder();
        connect(origin.uri(), immediately).close();
        ListenerRecorder midHandshake = new ListenerRecorder();
        UpstreamConnection stuck = connect(blackHoleUri(), midHandshake);
        awaitBlackHoleAccepted(1);
        stuck.close();

        immediately.expectFinal();
        assertThat(midHandshake.expectFinal().kind())
                .as("a connection closed before it opened must end with onFailure")
                .isEqualTo(RecordedEvent.Kind.FAILURE);
        immediately.assertNoMoreEvents(QUIET);
        midHandshake.assertNoMoreEvents(Duration.ZERO);
    }

    @Test
    @DisplayName("cancel() during the connect gives exactly one onFailure")
    void cancelDuringConnectGivesOneFailure() {
        ListenerRecorder immediately = new ListenerRecorder();
        connect(origin.uri(), immediately).cancel();
        ListenerRecorder midHandshake = new ListenerRecorder();
        UpstreamConnection stuck = connect(blackHoleUri(), midHandshake);
        awaitBlackHoleAccepted(1);
        stuck.cancel();

        immediately.expectFailure();
        midHandshake.expectFailure();
        immediately.assertNoMoreEvents(QUIET);
        midHandshake.assertNoMoreEvents(Duration.ZERO);
    }

    @Test
    @DisplayName("close() from another thread while onMessage runs returns at once, and the final callback waits for onMessage")
    void closeWhileOnMessageRunsDoesNotOverlap() throws Exception {
        endWhileOnMessageRuns(UpstreamConnection::close, "close()");
    }

    @Test
    @DisplayName("cancel() from another thread while onMessage runs returns at once, and the final callback waits for onMessage")
    void cancelWhileOnMessageRunsDoesNotOverlap() throws Exception {
        endWhileOnMessageRuns(UpstreamConnection::cancel, "cancel()");
    }

    private void endWhileOnMessageRuns(java.util.function.Consumer<UpstreamConnection> end, String call)
            throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ListenerRecorder events = new ListenerRecorder().onMessageDo(message -> {
            inside.countDown();
            awaitQuietly(release);
        });
        UpstreamConnection connection = connectAndOpen(events);
        origin.publish("hold this callback open");
        assertThat(inside.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).as("onMessage was called").isTrue();
        boolean finalDuringOnMessage;
        long started = System.nanoTime();
        try {
            end.accept(connection);
            // A transport that does not serialise its callbacks delivers the final one now.
            finalDuringOnMessage = events.awaitFinal(QUIET);
        } finally {
            release.countDown();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("%s while a callback runs must not wait for it: UpstreamConnection methods never block",
                call).isLessThan(QUIET.plus(SLACK));
        assertThat(finalDuringOnMessage)
                .as("the final callback after %s came while onMessage was still running", call).isFalse();
        events.expectFinal();
        events.assertNoMoreEvents(QUIET);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("close() on an open connection gives exactly one final callback")
    void closeOnOpenConnectionGivesOneFinalCallback() {
        ListenerRecorder events = new ListenerRecorder();
        connectAndOpen(events).close();
        events.expectFinal();
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("cancel() on an open connection gives onFailure")
    void cancelOnOpenConnectionGivesOnFailure() {
        ListenerRecorder events = new ListenerRecorder();
        connectAndOpen(events).cancel();
        events.expectFailure();
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("after the final callback, close(), cancel() and send() are harmless")
    void closeCancelAndSendAfterTheFinalCallbackAreHarmless() {
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = connectAndOpen(events);
        origin.closeConnections();
        events.expectFinal();
        assertThatCode(() -> {
            connection.close();
            connection.cancel();
            connection.close();
        }).doesNotThrowAnyException();
        assertThat(connection.send(Message.text("too late"))).as("send() after the final callback").isFalse();
        events.assertNoMoreEvents(QUIET);
    }

    // ---- ending from the origin ----

    @Test
    @DisplayName("an orderly close by the origin gives onClosed")
    void orderlyCloseByTheOriginGivesOnClosed() {
        ListenerRecorder events = new ListenerRecorder();
        connectAndOpen(events);
        origin.closeConnections();
        events.expectClosed();
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("an abrupt drop by the origin gives exactly one final callback")
    void abruptDropByTheOriginGivesOneFinalCallback() {
        ListenerRecorder events = new ListenerRecorder();
        connectAndOpen(events);
        origin.dropConnections();
        events.expectFinal();
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("after a final callback, a new connect() to the same provider works")
    void newConnectAfterTheFinalCallbackWorks() {
        ListenerRecorder first = new ListenerRecorder();
        connectAndOpen(first);
        origin.closeConnections();
        first.expectFinal();
        await("the origin to count no connections").atMost(PATIENCE).until(() -> origin.connectionCount() == 0);

        ListenerRecorder second = new ListenerRecorder();
        connectAndOpen(second);
        origin.publish("after reconnect");
        assertThat(second.expectMessage().text()).isEqualTo("after reconnect");
        first.assertNoMoreEvents(Duration.ZERO);
    }

    // ---- heartbeats ----

    @Test
    @DisplayName("a silent upstream fails within the heartbeat timeout")
    void silentUpstreamFailsWithinTheHeartbeatTimeout() {
        ListenerRecorder events = new ListenerRecorder();
        connectAndOpen(events);
        long silentSince = System.nanoTime();
        origin.goSilent();
        events.expectFailure();
        Duration took = Duration.ofNanos(System.nanoTime() - silentSince);
        Duration deadline = HEARTBEAT_TIMEOUT.plus(HEARTBEAT_INTERVAL).plus(SLACK);
        assertThat(took).as("time from the origin going silent to onFailure, with heartbeatTimeout %s",
                HEARTBEAT_TIMEOUT).isLessThanOrEqualTo(deadline);
        events.assertNoMoreEvents(QUIET);
    }

    @Test
    @DisplayName("a quiet upstream that is still alive stays open past the heartbeat timeout")
    void quietButAliveUpstreamStaysOpen() {
        ListenerRecorder events = new ListenerRecorder();
        connectAndOpen(events);
        events.assertNoMoreEvents(HEARTBEAT_TIMEOUT.multipliedBy(3));
        origin.publish("still here");
        assertThat(events.expectMessage().text()).isEqualTo("still here");
    }

    // ---- sending ----

    /**
     * One check for both kinds of transport, so that no check is ever skipped: a transport that
     * sends must deliver concurrent sends completely and in each thread's order; a receive-only
     * one must refuse every send.
     */
    @Test
    @DisplayName("send() does what supportsSending() declares: concurrent sends all arrive in each thread's order, or a receive-only transport returns false")
    void sendingMatchesTheDeclaredCapability() throws Exception {
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = connectAndOpen(events);
        if (!supportsSending()) {
            assertThat(connection.send(Message.text("nowhere to go"))).as("send() on a receive-only transport").isFalse();
            return;
        }
        int threads = 4;
        int perThread = 25;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Boolean>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String prefix = "sender-" + t + "-";
                results.add(senders.submit(() -> {
                    start.await();
                    List<Boolean> accepted = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        accepted.add(connection.send(Message.text(prefix + i)));
                    }
                    return accepted;
                }));
            }
            start.countDown();
            for (Future<List<Boolean>> result : results) {
                assertThat(result.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                        .as("send() results on an open connection").containsOnly(true);
            }
        } finally {
            senders.shutdownNow();
        }
        await("every sent message to reach the origin").atMost(PATIENCE)
                .until(() -> origin.received().size() >= threads * perThread);
        List<String> received = origin.received();
        for (int t = 0; t < threads; t++) {
            String prefix = "sender-" + t + "-";
            assertThat(received.stream().filter(text -> text.startsWith(prefix)).collect(Collectors.toList()))
                    .as("messages from thread %d, in the order it sent them", t)
                    .isEqualTo(IntStream.range(0, perThread).mapToObj(i -> prefix + i).collect(Collectors.toList()));
        }
        assertThat(received).as("everything the origin received").hasSize(threads * perThread);
    }

    // ---- what a connection holds unwritten ----

    @Test
    @DisplayName("bufferedBytes() is 0 while idle, returns to 0 once sends reach the origin, and is 0 after the end")
    void bufferedBytesIsZeroWhenNothingWaits() {
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = connectAndOpen(events);
        assertThat(connection.bufferedBytes()).as("bufferedBytes() of an open connection that sent nothing").isZero();
        if (supportsSending()) {
            List<String> sent = IntStream.range(0, 20).mapToObj(i -> "buffered-" + i).collect(Collectors.toList());
            sent.forEach(text -> assertThat(connection.send(Message.text(text))).as("send(%s)", text).isTrue());
            await("the origin to receive every message").atMost(PATIENCE)
                    .until(() -> origin.received().containsAll(sent));
            await("bufferedBytes() to return to 0 once everything was written").atMost(PATIENCE)
                    .until(() -> connection.bufferedBytes() == 0);
        }
        connection.close();
        events.expectFinal();
        assertThat(connection.bufferedBytes()).as("bufferedBytes() after the final callback").isZero();
    }

    @Test
    @DisplayName("bufferedBytes() counts what a stalled upstream has not read, and is 0 once the connection is cancelled")
    void bufferedBytesCountsWhatAStalledUpstreamHasNotRead() {
        org.junit.jupiter.api.Assumptions.assumeTrue(supportsSending(), "the transport is receive-only");
        ListenerRecorder events = new ListenerRecorder();
        UpstreamConnection connection = connectAndOpen(events);
        org.junit.jupiter.api.Assumptions.assumeTrue(origin.stopReading(),
                "the origin cannot stop reading; the transport checks bufferedBytes() in a test of its own");
        Message chunk = Message.text("s".repeat(STALL_CHUNK));
        long[] taken = {0};
        int[] quietPolls = {0};
        // Past the kernel's socket buffers (a few MiB on loopback), what is sent stays in the
        // transport: top it up until it holds STALL_TARGET on several polls in a row with no send between.
        await("bufferedBytes() to stay at " + STALL_TARGET + " or more while the upstream reads nothing")
                .atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (connection.bufferedBytes() >= STALL_TARGET) {
                        return ++quietPolls[0] >= 3;
                    }
                    quietPolls[0] = 0;
                    for (int i = 0; i < 16 && taken[0] < (long) STALL_SENDS * STALL_CHUNK
                            && connection.bufferedBytes() < STALL_TARGET; i++) {
                        assertThat(connection.send(chunk)).as("send() of %s bytes, after %s bytes", STALL_CHUNK, taken[0]).isTrue();
                        taken[0] += STALL_CHUNK;
                    }
                    return false;
                });
        assertThat(connection.bufferedBytes()).as("bufferedBytes() after %s bytes were sent", taken[0])
                .isLessThanOrEqualTo(taken[0] + (taken[0] / STALL_CHUNK) * 64); // payload plus framing, never more
        connection.cancel();
        events.expectFailure();
        assertThat(connection.bufferedBytes()).as("bufferedBytes() after cancel(): an ended connection holds nothing").isZero();
    }

    // ---- small helpers ----

    private static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static List<String> messagesOf(Throwable failure) {
        return causeChain(failure).stream().map(t -> String.valueOf(t.getMessage())).collect(Collectors.toList());
    }
}
