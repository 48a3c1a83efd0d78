package dev.switchboard.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP contract of {@link dev.switchboard.server.client.ClientAssetsHandler}, as mounted by
 * {@link TestSite} the way the server mounts it: {@code /client} by prefix, {@code /} exactly.
 * No browser needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientAssetsHandlerTest {

    private TestSite site;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() {
        site = TestSite.start();
    }

    @AfterAll
    void stop() {
        site.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site.origin() + path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request line as written, so the path reaches the server unnormalized. */
    private String raw(String requestLine) throws IOException {
        URI origin = URI.create(site.origin());
        try (Socket socket = new Socket(origin.getHost(), origin.getPort())) {
            socket.getOutputStream().write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /**
     * Follows the imports from the two entry points (the library and the worker script), so that
     * every module either of them needs is shown to be served, the way a browser would fetch it.
     */
    @Test
    void servesEveryModuleOfTheLibraryAndTheWorkerAsJavaScriptWithAnEtagAndNoCache() throws Exception {
        Deque<String> toFetch = new ArrayDeque<>(List.of("switchboard.js", "switchboard-worker.js"));
        Set<String> served = new LinkedHashSet<>();
        while (!toFetch.isEmpty()) {
            String name = toFetch.pop();
            if (!served.add(name)) {
                continue;
            }
            HttpResponse<String> response = get("/client/" + name);
            assertThat(response.statusCode()).as(name).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(name).hasValue("text/javascript; charset=utf-8");
            assertThat(response.headers().firstValue("Cache-Control")).as(name).hasValue("no-cache");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(name).hasValue("nosniff");
            assertThat(response.headers().firstValue("ETag")).as(name).hasValueSatisfying(etag -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
            Matcher imports = IMPORT.matcher(response.body());
            while (imports.find()) {
                toFetch.add(imports.group(1));
            }
        }
        assertThat(get("/client/switchboard.js").body()).contains("export const Switchboard");
        // The library reaches the worker script (its URL is built beside the library) and the core.
        assertThat(served).contains("switchboard-worker.js", "hub-core.js", "tab-session.js", "envelope.js", "replay.js",
                "backoff.js", "tab-registry.js", "worker-mode.js", "leader-mode.js", "direct-mode.js", "token.js");
    }

    /** {@code from "./x.js"}, {@code import "./x.js"} and the worker's {@code new URL("./x.js", import.meta.url)}. */
    private static final Pattern IMPORT = Pattern.compile("(?:\\bfrom|\\bimport|new URL\\()\\s*\\(?\\s*\"\\./([A-Za-z0-9._-]+\\.js)\"");

    @Test
    void answersARevalidationWith304() throws Exception {
        String etag = get("/client/switchboard.js").headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/client/switchboard.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(get("/client/switchboard.js", "If-None-Match", "W/" + etag + ", \"other\"").statusCode()).isEqualTo(304);
        assertThat(get("/client/switchboard.js", "If-None-Match", "\"stale\"").statusCode()).isEqualTo(200);
        // Different files, different tags.
        assertThat(get("/client/switchboard-worker.js").headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
    }

    @Test
    void servesTheDemoPageAtTheRootAsHtml() throws Exception {
        HttpResponse<String> response = get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.body()).contains("<title>Switchboard demo</title>").contains("/client/switchboard.js");
    }

    @Test
    void unknownNamesAre404() throws Exception {
        HttpResponse<String> response = get("/client/nothing.js");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("no file of that name here\n"); // fixed: the request is never repeated
        assertThat(get("/client/").statusCode()).isEqualTo(404); // no index.html among the client files
        assertThat(get("/client/.hidden").statusCode()).isEqualTo(404);
        // The handler's own class shares the folder in the jar; only web files are served.
        assertThat(get("/client/ClientAssetsHandler.class").statusCode()).isEqualTo(404);
        assertThat(get("/client/package-info.class").statusCode()).isEqualTo(404);
    }

    @Test
    void neverServesAnythingOutsideTheFolder() throws Exception {
        // The demo page is a sibling folder on the class path; the handler classes are above it.
        for (String path : new String[] {
                "/client/../demo/index.html", "/client/..%2fdemo%2findex.html", "/client/%2e%2e/demo/index.html",
                "/client/..", "/client/..%5cdemo%5cindex.html", "/client/sub/switchboard.js",
                "/client/../../../../dev/switchboard/server/client/ClientAssetsHandler.class"}) {
            String response = raw("GET " + path + " HTTP/1.1");
            assertThat(response).as(path).startsWith("HTTP/1.1 4").doesNotContain("<title>").doesNotContain("CAFEBABE");
        }
        assertThat(raw("GET /client/../demo/index.html HTTP/1.1")).startsWith("HTTP/1.1 400");
    }

    @Test
    void worksBehindARoutingHandlerToo() throws Exception {
        io.undertow.Undertow routed = io.undertow.Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(new io.undertow.server.RoutingHandler()
                        .get("/client/*", dev.switchboard.server.client.ClientAssetsHandler.client())
                        .get("/", dev.switchboard.server.client.ClientAssetsHandler.demo()))
                .build();
        routed.start();
        try {
            int port = ((java.net.InetSocketAddress) routed.getListenerInfo().get(0).getAddress()).getPort();
            HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/client/switchboard.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Switchboard demo</title>");
            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/client/nope.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(missing.statusCode()).isEqualTo(404);
        } finally {
            routed.stop();
        }
    }

    @Test
    void onlyGetAndHead() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(site.origin() + "/client/switchboard.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(site.origin() + "/client/switchboard.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(head.body()).isEmpty();
    }
}
