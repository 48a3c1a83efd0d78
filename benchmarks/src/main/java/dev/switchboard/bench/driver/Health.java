package dev.switchboard.bench.driver;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code GET /healthz} of the packaged server (and of the ceiling, which answers in the
 * same shape): the default hub's attached ports and upstream state.
 */
final class Health {

    private static final Pattern PORTS = Pattern.compile("\"ports\"\\s*:\\s*(\\d+)");
    private static final Pattern UPSTREAM = Pattern.compile("\"upstream\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI uri;

    Health(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/healthz");
    }

    /** The answer's body, or null when the server does not answer (yet). */
    String body() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    int ports() {
        String body = body();
        Matcher m = body == null ? null : PORTS.matcher(body);
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    String upstream() {
        String body = body();
        Matcher m = body == null ? null : UPSTREAM.matcher(body);
        return m != null && m.find() ? m.group(1) : "UNKNOWN";
    }
}
