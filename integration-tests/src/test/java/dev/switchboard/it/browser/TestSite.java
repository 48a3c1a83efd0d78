package dev.switchboard.it.browser;

import dev.switchboard.server.client.ClientAssetsHandler;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The web application's origin in the browser tests: serves the browser client at
 * {@code /client/} through the real {@link ClientAssetsHandler} (a SharedWorker must come from the
 * page's own origin) and a test page at {@code /harness.html}. The hub lives on another origin,
 * as it would for an application hosting the client itself.
 *
 * <p>The test page connects to {@code ?hub=URL} with {@code ?opts=JSON} options and records what
 * the library reports in {@code window.log}; {@code ?noSharedWorker} deletes
 * {@code window.SharedWorker} and {@code ?noLocks} removes {@code navigator.locks} before the
 * library loads. {@code ?tokenFn=PREFIX} passes a token function that returns PREFIX1, PREFIX2, ...
 * (counting its calls in {@code window.log.tokenCalls}); its first {@code ?tokenFails=N} calls throw.
 */
final class TestSite implements AutoCloseable {

    static final String HARNESS = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>switchboard test tab</title>
            <script>
              // Runs before the library loads.
              const q = new URLSearchParams(location.search);
              if (q.has("noSharedWorker")) delete window.SharedWorker;
              if (q.has("noLocks")) delete Navigator.prototype.locks;
              window.log = { messages: [], cursors: [], statuses: [], errors: [], gaps: [], tabs: [],
                             consoleErrors: [], problems: [], timeline: [], errorRefs: [] };
              log.at = (what) => log.timeline.push(Date.now() + " " + what);
              const consoleError = console.error;
              console.error = (...args) => { log.consoleErrors.push(args.map(String).join(" ")); consoleError.apply(console, args); };
              addEventListener("unhandledrejection", (e) => log.problems.push("unhandled rejection: " + (e.reason?.stack ?? e.reason)));
              addEventListener("error", (e) => log.problems.push("uncaught: " + e.message));
            </script>
            <script type="module">
              import { Switchboard } from "/client/switchboard.js";
              const q = new URLSearchParams(location.search);
              let opts = q.has("opts") ? JSON.parse(q.get("opts")) : undefined;
              if (q.has("tokenFn")) {
                // A token function as an application would write one: async, a fresh token per call.
                const fails = Number(q.get("tokenFails") ?? 0);
                log.tokenCalls = 0;
                opts = { ...opts, token: async () => {
                  const n = ++log.tokenCalls;
                  if (n <= fails) throw new Error("token service down");
                  return q.get("tokenFn") + n;
                } };
              }
              const hub = Switchboard.connect(q.get("hub"), opts);
              window.hub = hub;
              window.Switchboard = Switchboard;
              hub.onmessage = (m) => {
                log.messages.push(typeof m.data === "string" ? m.data : "bin:" + Array.from(new Uint8Array(m.data)).join(","));
                log.cursors.push(m.cursor);
              };
              hub.onstatus = (s) => { log.statuses.push(s); log.at("status " + s); };
              hub.onerror = (e) => { log.errors.push(e.code + ": " + e.message); log.errorRefs.push(String(e.ref)); log.at("error " + e.code); };
              hub.ongap = (g) => { log.gaps.push(g.cause); log.at("gap " + g.cause); };
              hub.ontabs = (n) => { log.tabs.push(n); log.at("tabs " + n); };
              window.ready = true;
            </script>
            </head><body>switchboard test tab</body></html>
            """;

    private final Undertow undertow;
    private final int port;

    private TestSite() {
        this.undertow = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setHandler(Handlers.path()
                        .addPrefixPath("/client", ClientAssetsHandler.client())
                        .addExactPath("/", ClientAssetsHandler.demo())
                        .addExactPath("/harness.html", exchange -> {
                            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
                            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
                            exchange.getResponseSender().send(HARNESS);
                        }))
                .build();
        undertow.start();
        this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    static TestSite start() {
        return new TestSite();
    }

    /** {@code http://127.0.0.1:PORT}. */
    String origin() {
        return "http://127.0.0.1:" + port;
    }

    /** The test page connected to {@code hubUrl}, with extra query parameters (a null value means a bare flag). */
    String harness(String hubUrl, Map<String, String> params) {
        String extra = params.entrySet().stream()
                .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return origin() + "/harness.html?hub=" + URLEncoder.encode(hubUrl, StandardCharsets.UTF_8) + (extra.isEmpty() ? "" : "&" + extra);
    }

    String harness(String hubUrl) {
        return harness(hubUrl, Map.of());
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
