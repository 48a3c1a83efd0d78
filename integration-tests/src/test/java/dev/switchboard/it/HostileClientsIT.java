package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.switchboard.api.Hub;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.security.AuthMethod;
import dev.switchboard.server.security.HubAccess;
import dev.switchboard.server.security.OriginPolicy;
import dev.switchboard.server.security.SecurityConfig;
import dev.switchboard.server.security.SendRate;
import dev.switchboard.testsupport.TestClient;
import dev.switchboard.testsupport.WebSocketOrigin;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server against hostile clients, through real sockets: each case asserts the exact status
 * or close code the attacker gets, then that a well-behaved client attached all along still
 * receives and the server still answers. One server for the whole suite, so its runtime stays
 * modest and what one attack leaks would show in the next.
 */
class HostileClientsIT {

    private static final Duration WAIT = HostileSocket.WAIT;
    private static final String SECRET = "hostile-suite-secret-of-32-bytes";
    private static final String APP = "https://app.example";
    private static final String UPSTREAM_KEY = "upstream-secret-42";
    private static final int MAX_MESSAGE = 64 * 1024;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WebSocketOrigin origin;
    private static SwitchboardServer server;
    private static Hub hub;
    private static TestClient witness;
    private static final AtomicInteger PROBES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        origin = WebSocketOrigin.start();
        server = SwitchboardServer.create(ServerConfig.builder()
                .listen("127.0.0.1", 0)
                .hub("default", origin.uri())
                .settings(s -> s.header("X-Api-Key", UPSTREAM_KEY).maxFrameSize(MAX_MESSAGE))
                .security(SecurityConfig.builder()
                        .hubs(new HubAccess(OriginPolicy.of(List.of(APP), false),
                                AuthMethod.jwtSecret(SECRET, null, Duration.ZERO, Clock.systemUTC()),
                                new SendRate(100, 1024 * 1024, SendRate.Policy.REFUSE)))
                        // Every client of this suite comes from 127.0.0.1.
                        .maxPortsPerAddress(5000)
                        .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5))
                        .build())
                .build()).start();
        hub = server.hubs().find("default").orElseThrow();
        witness = TestClient.connectAsync(withToken(valid())).get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> origin.openCount() == 1 && hub.portCount() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        witness.close();
        server.stop();
        origin.close();
    }

    /** After every attack: the witness still receives, the hub still holds one upstream, the server still answers. */
    @AfterEach
    void othersAreUnharmed() throws Exception {
        String probe = "probe-" + PROBES.incrementAndGet();
        origin.publish(probe);
        await().atMost(WAIT).until(() -> witness.texts().contains(probe));
        assertThat(witness.isOpen()).isTrue();
        assertThat(origin.openCount()).isEqualTo(1);
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(http("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    // --- access ---

    @Test
    void crossSiteWebSocketHijackingGets403() throws Exception {
        assertThat(status(HostileSocket.upgrade(withToken(valid()), "Origin: https://evil.example\r\n"))).isEqualTo(403);
        assertThat(status(HostileSocket.upgrade(withToken(valid()), "Origin: " + APP + "\r\n"))).isEqualTo(101);
    }

    @Test
    void missingWrongExpiredAndWrongAudienceTokensGet401() throws Exception {
        assertThat(status(HostileSocket.upgrade(ws(), ""))).isEqualTo(401);
        assertThat(status(HostileSocket.upgrade(withToken(token("another-secret-of-thirty-two-byte", "default",
                Instant.now().plusSeconds(60))), ""))).isEqualTo(401);
        assertThat(status(HostileSocket.upgrade(withToken(token(SECRET, "default", Instant.now().minusSeconds(5))), "")))
                .isEqualTo(401);
        assertThat(status(HostileSocket.upgrade(withToken(token(SECRET, "another-hub", Instant.now().plusSeconds(60))), "")))
                .isEqualTo(401);
        assertThat(status(HostileSocket.upgrade(ws(), "Authorization: Bearer " + valid() + "\r\n"))).isEqualTo(101);
    }

    @Test
    void upstreamCredentialsNeverReachAPort() throws Exception {
        try (HostileSocket s = HostileSocket.upgrade(withToken(valid()), "Sec-WebSocket-Protocol: switchboard.v1\r\n")) {
            String head = s.readHead();
            assertThat(head).startsWith("HTTP/1.1 101").doesNotContain(UPSTREAM_KEY);
            String welcome = s.nextText();
            assertThat(welcome).contains("\"type\":\"welcome\"").doesNotContain(UPSTREAM_KEY);
            s.frame(0x81, true, "{\"type\":\"disconnect\"}".getBytes(StandardCharsets.UTF_8));
            s.flush();
            byte[] rest = readAll(s);
            assertThat(new String(rest, StandardCharsets.ISO_8859_1)).doesNotContain(UPSTREAM_KEY);
        }
        assertThat(HTTP.send(HttpRequest.newBuilder(http("/healthz")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .doesNotContain(UPSTREAM_KEY);
    }

    // --- frames ---

    @Test
    void brokenFramesAreClosedWith1002And1007() throws Exception {
        assertThat(closeCodeAfter(s -> s.frame(0x81, false, "unmasked".getBytes(StandardCharsets.UTF_8)))).isEqualTo(1002);
        assertThat(closeCodeAfter(s -> s.frame(0x81 | 0x40, true, "rsv1".getBytes(StandardCharsets.UTF_8)))).isEqualTo(1002);
        assertThat(closeCodeAfter(s -> s.frame(0x83, true, "reserved opcode".getBytes(StandardCharsets.UTF_8)))).isEqualTo(1002);
        assertThat(closeCodeAfter(s -> s.frame(0x89, true, new byte[126]))).isEqualTo(1002);
        assertThat(closeCodeAfter(s -> s.frame(0x81, true, new byte[] {(byte) 0xC3, (byte) 0x28}))).isEqualTo(1007);
    }

    @Test
    void declaredLengthsOf2To31And2To63Minus1AreClosedWith1009WithoutReadingThem() throws Exception {
        assertThat(closeCodeAfter(s -> s.header(0x82, true, 1L << 31))).isEqualTo(1009);
        assertThat(closeCodeAfter(s -> s.header(0x82, true, Long.MAX_VALUE))).isEqualTo(1009);
        assertThat(closeCodeAfter(s -> s.header(0x82, true, MAX_MESSAGE + 1))).isEqualTo(1009);
    }

    @Test
    void aHundredThousandContinuationFragmentsAreCutOffAtTheMessageLimit() throws Exception {
        assertThat(closeCodeAfter(s -> {
            s.frame(0x01, true, new byte[] {'a'});
            for (int i = 0; i < 100_000; i++) {
                s.frame(0x00, true, new byte[] {'a'});
            }
            s.frame(0x80, true, new byte[] {'a'});
        })).isEqualTo(1009);
    }

    @Test
    void aPingFloodIsClosedWith1008AndHarmsNoOne() throws Exception {
        int pings = 20_000;
        try (HostileSocket s = HostileSocket.upgrade(withToken(valid()), "")) {
            assertThat(s.readHead()).startsWith("HTTP/1.1 101");
            CompletableFuture<int[]> reader = CompletableFuture.supplyAsync(() -> {
                int[] pongs = {0};
                try {
                    int code = s.readCloseCode(pongs);
                    // The server answers pings until the client passes its budget (300 in 60 s), then closes with 1008.
                    assertThat(code).as("close code after %d pongs, reason '%s'", pongs[0], s.lastCloseReason).isEqualTo(1008);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return pongs;
            });
            try {
                for (int i = 0; i < pings; i++) {
                    s.frame(0x89, true, new byte[8]);
                }
                s.flush();
            } catch (IOException closedUnderUs) {
                // the server hung up mid-flood: its close frame is what counts
            }
            int answered = reader.get(WAIT.toSeconds() * 3, java.util.concurrent.TimeUnit.SECONDS)[0];
            assertThat(answered).isPositive().isLessThan(pings);
        }
    }

    /**
     * A flooder that reads nothing until its port has ended: its small receive window keeps most of
     * the pongs and the close frame in the server's send queue, so a server that closed the socket
     * with the flood unread (a reset, which discards that queue) would never deliver the 1008.
     */
    @Test
    void aPingFlooderThatReadsOnlyAfterItsPortEndedStillGets1008() throws Exception {
        try (HostileSocket s = HostileSocket.upgrade(withToken(valid()), "", 2048)) {
            assertThat(s.readHead()).startsWith("HTTP/1.1 101");
            await().atMost(WAIT).until(() -> hub.portCount() == 2);
            try {
                for (int i = 0; i < 2_000; i++) {
                    s.frame(0x89, true, new byte[8]);
                }
                s.flush();
            } catch (IOException closedUnderUs) {
                // a reset mid-flood: the read below shows whether the close frame came first
            }
            await().atMost(WAIT).until(() -> hub.portCount() == 1);
            int[] pongs = {0};
            assertThat(s.readCloseCode(pongs)).as("close code after %d pongs, reason '%s'", pongs[0], s.lastCloseReason)
                    .isEqualTo(1008);
            assertThat(s.lastCloseReason).contains("pings");
        }
    }

    // --- load ---

    @Test
    void threeThousandConnectionsOpenedAndClosedTwiceLeakNoThreadsDescriptorsOrHeap() throws Exception {
        churn(300); // warm up: class loading, buffer pools, the I/O threads' first allocations
        Footprint before = Footprint.now();
        churn(3000);
        await().atMost(WAIT).until(() -> hub.portCount() == 1);
        Footprint first = Footprint.now();
        // A leak grows with every connection; a one-off (caches, pools sized on first use) does not:
        // a second round of 3,000 must add next to nothing.
        churn(3000);
        await().atMost(WAIT).until(() -> hub.portCount() == 1);
        Footprint second = Footprint.now();
        System.out.println("3000 connections opened and closed, twice: before " + before + ", after the first "
                + first + ", after the second " + second);
        assertThat(second.threads - before.threads).as("threads").isLessThanOrEqualTo(4);
        assertThat(second.descriptors - before.descriptors).as("file descriptors").isLessThanOrEqualTo(16);
        // Measured: 28 KiB per round once closed connections' timers are unscheduled (11 MiB before).
        assertThat(first.heapBytes - before.heapBytes).as("heap after GC, first round").isLessThan(4L * 1024 * 1024);
        assertThat(second.heapBytes - first.heapBytes).as("heap after GC, second round").isLessThan(2L * 1024 * 1024);
    }

    @Test
    void twoHundredSlowlorisSocketsAreClosedAndANormalClientStillConnects() throws Exception {
        List<HostileSocket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                HostileSocket s = HostileSocket.open(ws());
                s.writeAscii("GET /hubs/default/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: webs");
                s.flush();
                slow.add(s);
            }
            TestClient normal = TestClient.connectAsync(withToken(valid())).get(WAIT.toSeconds(),
                    java.util.concurrent.TimeUnit.SECONDS);
            String probe = "for the normal client";
            await().atMost(WAIT).until(() -> hub.portCount() == 2);
            origin.publish(probe);
            await().atMost(WAIT).until(() -> normal.texts().contains(probe));
            normal.close();
            // Each half-sent request is closed by the server (1s handshake timeout), long before a read would time out.
            for (HostileSocket s : slow) {
                assertThat(s.readsToEnd()).isTrue();
            }
        } finally {
            for (HostileSocket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aFloodFromOnePortIsRateLimitedWhileOthersKeepTheirLatency() throws Exception {
        try (HostileSocket flooder = HostileSocket.upgrade(withToken(valid()), "Sec-WebSocket-Protocol: switchboard.v1\r\n")) {
            assertThat(flooder.readHead()).startsWith("HTTP/1.1 101");
            int before = origin.received().all().size();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<?> flood = CompletableFuture.runAsync(() -> {
                try {
                    byte[] send = "{\"type\":\"send\",\"data\":\"flood\"}".getBytes(StandardCharsets.UTF_8);
                    for (int i = 0; i < 20_000; i++) {
                        flooder.frame(0x81, true, send);
                        written.incrementAndGet();
                    }
                    flooder.flush();
                } catch (IOException e) {
                    // the server may close it; fine
                }
            }, pool);
            // While the flood runs, the witness's messages still arrive promptly.
            for (int i = 0; i < 20; i++) {
                String probe = "latency-" + i;
                long sent = System.nanoTime();
                origin.publish(probe);
                await().atMost(Duration.ofSeconds(2)).until(() -> witness.texts().contains(probe));
                assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
            }
            flood.get(WAIT.toSeconds() * 3, java.util.concurrent.TimeUnit.SECONDS);
            pool.shutdown();
            // 100 messages per second with a burst of 100: far fewer than the 20,000 reach the upstream.
            await().atMost(WAIT).pollDelay(Duration.ofMillis(500)).until(() -> true);
            int through = origin.received().all().size() - before;
            assertThat(through).isLessThan(2_000);
            assertThat(written.get()).isEqualTo(20_000);
        }
    }

    // --- helpers ---

    /** Connects with a valid token, runs {@code attack} on the open connection, and returns the close code. */
    private static int closeCodeAfter(Attack attack) throws Exception {
        try (HostileSocket s = HostileSocket.upgrade(withToken(valid()), "")) {
            assertThat(s.readHead()).startsWith("HTTP/1.1 101");
            try {
                attack.run(s);
                s.flush();
            } catch (IOException e) {
                // The server may close while the attack is still writing; its close frame is what counts.
            }
            return s.readCloseCode();
        }
    }

    private interface Attack {
        void run(HostileSocket socket) throws IOException;
    }

    private static void churn(int connections) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            String token = valid();
            for (int i = 0; i < connections; i++) {
                all.add(CompletableFuture.runAsync(() -> {
                    try (HostileSocket s = HostileSocket.upgrade(withToken(token), "")) {
                        assertThat(s.readHead()).startsWith("HTTP/1.1 101");
                        s.frame(0x88, true, new byte[] {0x03, (byte) 0xE8});
                        s.flush();
                        assertThat(s.readCloseCode()).isEqualTo(1000);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(120, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdown();
        }
    }

    private static int status(HostileSocket s) throws IOException {
        try (s) {
            return Integer.parseInt(s.readHead().substring(9, 12));
        }
    }

    private static byte[] readAll(HostileSocket s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            s.readsToEnd(out);
        } catch (RuntimeException e) {
            // what was read is enough
        }
        return out.toByteArray();
    }

    private static URI ws() {
        return server.hubUri("default");
    }

    private static URI withToken(String token) {
        return URI.create(ws() + "?access_token=" + token);
    }

    private static URI http(String path) {
        return URI.create("http://127.0.0.1:" + server.boundAddress().getPort() + path);
    }

    private static String valid() {
        return token(SECRET, "default", Instant.now().plusSeconds(3600));
    }

    private static String token(String secret, String audience, Instant exp) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                    new JWTClaimsSet.Builder().subject("it").audience(audience).expirationTime(Date.from(exp)).build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Live threads, open file descriptors and heap in use after a GC, of this JVM (the server runs in it). */
    private record Footprint(int threads, long descriptors, long heapBytes) {
        static Footprint now() throws IOException, InterruptedException {
            long heap = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            long fds;
            try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
                fds = open.count();
            }
            return new Footprint(Thread.activeCount(), fds, heap);
        }

        @Override
        public String toString() {
            return threads + " threads, " + descriptors + " fds, " + (heapBytes / 1024) + " KiB heap";
        }
    }
}
