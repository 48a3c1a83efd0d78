package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.testsupport.EnvelopeClient;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.TestClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random frames thrown at an envelope-mode port: random JSON objects with random types and
 * fields, random bytes, random text, truncated envelopes, deep nesting, huge strings within the
 * frame limit. Every frame must have exactly the effect docs/protocol.md gives it (a send reaches
 * the upstream and, with an id, is acknowledged) or be answered with exactly one error envelope
 * with the right code; the connection stays open, and a second client keeps receiving.
 *
 * <p>The expected outcome comes from a model of the protocol written here, from the document, not
 * from the server's decoder; only the JSON parsing itself is shared (both use Jackson).
 */
class EnvelopeFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int FRAMES = 200;

    private ServerFixture fixture;
    private final List<HubEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** A frame to send: text, or binary when {@code bytes} is set. */
    private record Frame(String text, byte[] bytes) {
        String describe() {
            if (bytes != null) {
                return "binary[" + bytes.length + "]";
            }
            return text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + " chars)" : text;
        }
    }

    /** What the protocol says a frame does: an error code, or an upstream message (and an ack when ref is set), or nothing. */
    private record Expected(String errorCode, String ref, Message upstream) {
        static Expected error(String code, String ref) {
            return new Expected(code, ref, null);
        }

        static Expected nothing() {
            return new Expected(null, null, null);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 20240611L, 987654321L})
    void everyRandomFrameHasItsDocumentedEffectOrAnErrorAndNothingBreaks(long seed) throws Exception {
        fixture = ServerFixture.start("default");
        fixture.hub("default").addListener(events::add);
        EnvelopeClient client = fixture.connectEnvelope("default");
        client.next("welcome");
        EnvelopeClient bystander = fixture.connectEnvelope("default");
        bystander.next("welcome");
        fixture.awaitReady("default", 2);
        Random random = new Random(seed);
        List<String> expectedUpstream = new ArrayList<>();
        List<String> ticks = new ArrayList<>();
        List<String> ticksSeen = new ArrayList<>();
        java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();

        for (int i = 0; i < FRAMES; i++) {
            Frame frame = generate(random);
            Expected expected = model(frame);
            String context = "seed " + seed + ", frame " + i + ": " + frame.describe();
            outcomes.merge(expected.errorCode() != null ? "error " + expected.errorCode()
                    : expected.upstream() != null ? (expected.ref() != null ? "sent with ack" : "sent") : "no effect", 1, Integer::sum);

            if (frame.bytes() != null) {
                client.sendBinary(frame.bytes());
            } else {
                client.send(frame.text());
            }
            if (expected.upstream() != null) {
                expectedUpstream.add(describe(expected.upstream()));
            }
            // A probe after every frame: everything the frame provoked arrives before the probe's ack.
            String probe = "probe-" + i;
            client.send("{\"type\":\"send\",\"data\":\"" + probe + "\",\"id\":\"" + probe + "\"}");
            expectedUpstream.add(describe(Message.text(probe)));

            List<JsonNode> replies = new ArrayList<>();
            while (true) {
                JsonNode envelope = client.next();
                String type = envelope.path("type").asText();
                if (type.equals("message")) {
                    ticksSeen.add(envelope.path("data").asText());
                } else if (type.equals("ack") && envelope.path("ref").asText().equals(probe)) {
                    break;
                } else if (!type.equals("status")) {
                    replies.add(envelope);
                }
            }

            if (expected.errorCode() != null) {
                assertThat(replies).as(context).hasSize(1);
                JsonNode error = replies.get(0);
                assertThat(error.path("type").asText()).as(context).isEqualTo("error");
                assertThat(error.path("code").asText()).as(context + " -> " + error).isEqualTo(expected.errorCode());
                assertThat(error.path("message").asText()).as(context).isNotBlank();
                if (expected.ref() == null) {
                    assertThat(error.has("ref")).as(context + " -> " + error).isFalse();
                } else {
                    assertThat(error.path("ref").asText()).as(context).isEqualTo(expected.ref());
                }
            } else if (expected.ref() != null) {
                assertThat(replies).as(context).hasSize(1);
                assertThat(replies.get(0).path("type").asText()).as(context + " -> " + replies).isEqualTo("ack");
                assertThat(replies.get(0).path("ref").asText()).as(context).isEqualTo(expected.ref());
                assertThat(replies.get(0).path("status").asText()).as(context).isEqualTo("sent");
            } else {
                assertThat(replies).as(context).isEmpty();
            }

            if (i % 10 == 0) {
                String tick = "tick-" + i;
                ticks.add(tick);
                fixture.origin("default").publish(tick);
            }
        }

        await().atMost(TestClient.WAIT).until(() -> fixture.origin("default").received().size() == expectedUpstream.size());
        assertThat(fixture.origin("default").received()).extracting(EnvelopeFuzzTest::describe)
                .containsExactlyElementsOf(expectedUpstream);
        // Both clients got every upstream message, in order; nobody was closed or ended.
        while (ticksSeen.size() < ticks.size()) {
            JsonNode envelope = client.next();
            if (envelope.path("type").asText().equals("message")) {
                ticksSeen.add(envelope.path("data").asText());
            }
        }
        assertThat(ticksSeen).containsExactlyElementsOf(ticks);
        List<String> bystanderSaw = new ArrayList<>();
        while (bystanderSaw.size() < ticks.size()) {
            JsonNode envelope = bystander.next();
            if (envelope.path("type").asText().equals("message")) {
                bystanderSaw.add(envelope.path("data").asText());
            }
        }
        assertThat(bystanderSaw).containsExactlyElementsOf(ticks);
        assertThat(client.isClosed()).isFalse();
        assertThat(bystander.isClosed()).isFalse();
        assertThat(fixture.hub("default").portCount()).isEqualTo(2);
        assertThat(events).noneMatch(e -> e instanceof HubEvent.PortEnded);
        System.out.println("seed " + seed + ": " + FRAMES + " random frames, outcomes " + outcomes);
    }

    private static String describe(Message message) {
        return message.isText() ? "text:" + message.text() : "binary:" + Base64.getEncoder().encodeToString(message.toByteArray());
    }

    // ---- the model: docs/protocol.md, "From the port" and the error codes ----

    private static Expected model(Frame frame) {
        if (frame.bytes() != null) {
            return Expected.error("binary-frame", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(frame.text());
        } catch (Exception e) {
            return Expected.error("bad-json", null);
        }
        if (root == null || !root.isObject()) {
            return Expected.error("bad-json", null);
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            return Expected.error("bad-envelope", null);
        }
        return switch (type.textValue()) {
            case "pong" -> Expected.nothing();
            case "send" -> send(root);
            default -> Expected.error("bad-envelope", null);
        };
    }

    /** A send is checked in the documented order: id, then data, then encoding. */
    private static Expected send(JsonNode root) {
        JsonNode id = root.get("id");
        String ref = null;
        if (id != null && !id.isNull()) {
            // The documented rule: a string of at most 128 characters, or a whole number within ±(2^53 - 1).
            boolean shortText = id.isTextual() && id.textValue().length() <= 128;
            boolean safeWhole = id.isIntegralNumber() && id.canConvertToLong() && Math.abs(id.longValue()) <= (1L << 53) - 1;
            if (!shortText && !safeWhole) {
                return Expected.error("bad-id", null);
            }
            ref = id.asText();
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            return Expected.error("missing-data", ref);
        }
        if (!data.isTextual()) {
            return Expected.error("bad-envelope", ref);
        }
        JsonNode encoding = root.get("encoding");
        if (encoding == null || encoding.isNull()) {
            return new Expected(null, ref, Message.text(data.textValue()));
        }
        if (!encoding.isTextual() || !encoding.textValue().equals("base64")) {
            return Expected.error("bad-encoding", ref);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data.textValue());
        } catch (IllegalArgumentException e) {
            return Expected.error("bad-encoding", ref);
        }
        return new Expected(null, ref, Message.binary(bytes));
    }

    // ---- the generator ----

    private static Frame generate(Random r) {
        int kind = r.nextInt(20);
        if (kind == 0) {
            byte[] bytes = new byte[r.nextInt(2000)];
            r.nextBytes(bytes);
            return new Frame(null, bytes);
        }
        if (kind == 1) {
            return new Frame(randomText(r, r.nextInt(200)), null);
        }
        if (kind <= 3) {
            String whole = randomEnvelope(r).toString();
            int cut = r.nextInt(Math.max(1, whole.length()));
            if (cut > 0 && Character.isHighSurrogate(whole.charAt(cut - 1))) {
                cut--; // never split a character: a text frame must be valid UTF-8
            }
            return new Frame(whole.substring(0, cut), null);
        }
        if (kind == 4) {
            // A huge send, well within the 1 MiB frame limit.
            ObjectNode send = NODES.objectNode().put("type", "send");
            if (r.nextBoolean()) {
                byte[] bytes = new byte[100_000 + r.nextInt(300_000)];
                r.nextBytes(bytes);
                send.put("data", Base64.getEncoder().encodeToString(bytes)).put("encoding", "base64");
            } else {
                send.put("data", letters(r, 100_000 + r.nextInt(600_000)));
            }
            if (r.nextBoolean()) {
                send.put("id", "big-" + r.nextInt(1000));
            }
            return new Frame(send.toString(), null);
        }
        if (kind == 5) {
            return new Frame(randomValue(r, 0).toString(), null); // often not an object
        }
        if (kind == 6) {
            int depth = 100 + r.nextInt(3000);
            String nested = "[".repeat(depth) + "]".repeat(depth);
            return new Frame(r.nextBoolean() ? nested : "{\"type\":\"send\",\"data\":\"x\",\"deep\":" + nested + "}", null);
        }
        return new Frame(randomEnvelope(r).toString(), null);
    }

    private static ObjectNode randomEnvelope(Random r) {
        ObjectNode envelope = NODES.objectNode();
        switch (r.nextInt(16)) {
            case 0, 1, 2, 3, 4, 5 -> envelope.put("type", "send");
            case 6, 7 -> envelope.put("type", "pong");
            case 8 -> envelope.put("type", List.of("ping", "ack", "message", "welcome", "error", "gap", "status").get(r.nextInt(7)));
            case 9 -> envelope.put("type", List.of("", "SEND", "Pong", "send ", "subscribe").get(r.nextInt(5)));
            case 10 -> envelope.put("type", randomText(r, r.nextInt(20)));
            case 11 -> envelope.put("type", r.nextInt());
            case 12 -> envelope.putNull("type");
            case 13 -> envelope.set("type", randomValue(r, 1));
            default -> {
                // no type at all
            }
        }
        if (r.nextInt(4) > 0) {
            switch (r.nextInt(9)) {
                case 0 -> envelope.putNull("data");
                case 1 -> envelope.put("data", r.nextInt());
                case 2 -> envelope.set("data", randomValue(r, 1));
                case 3 -> envelope.put("data", Base64.getEncoder().encodeToString(randomBytes(r, r.nextInt(64))));
                case 4 -> envelope.put("data", "@@not base64@@");
                default -> envelope.put("data", randomText(r, r.nextInt(100)));
            }
        }
        if (r.nextInt(3) == 0) {
            switch (r.nextInt(6)) {
                case 0, 1, 2 -> envelope.put("encoding", "base64");
                case 3 -> envelope.put("encoding", List.of("hex", "BASE64", "utf-8", "").get(r.nextInt(4)));
                case 4 -> envelope.putNull("encoding");
                default -> envelope.set("encoding", randomValue(r, 1));
            }
        }
        if (r.nextInt(2) == 0) {
            switch (r.nextInt(8)) {
                case 0 -> envelope.putNull("id");
                case 1 -> envelope.put("id", r.nextInt(100_000));
                case 2 -> envelope.put("id", r.nextDouble());
                case 3 -> envelope.put("id", r.nextBoolean());
                case 4 -> envelope.set("id", randomValue(r, 1));
                case 5 -> envelope.put("id", "");
                default -> envelope.put("id", "c-" + randomText(r, r.nextInt(12)));
            }
        }
        for (int extra = r.nextInt(4); extra > 0; extra--) {
            String name = List.of("ref", "cursor", "since", "x", randomText(r, 8)).get(r.nextInt(5));
            if (!envelope.has(name)) {
                envelope.set(name, randomValue(r, 0));
            }
        }
        return envelope;
    }

    private static JsonNode randomValue(Random r, int depth) {
        int pick = r.nextInt(depth > 3 ? 6 : 8);
        switch (pick) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(r.nextBoolean());
            case 2:
                return NODES.numberNode(r.nextLong());
            case 3:
                return NODES.numberNode(r.nextDouble() * 1e6);
            case 4:
            case 5:
                return NODES.textNode(randomText(r, r.nextInt(30)));
            case 6: {
                ArrayNode array = NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    array.add(randomValue(r, depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    object.set(randomText(r, 6), randomValue(r, depth + 1));
                }
                return object;
            }
        }
    }

    /** Random text of valid code points (no lone surrogates), mixing ASCII, JSON-significant characters and beyond. */
    private static String randomText(Random r, int length) {
        StringBuilder text = new StringBuilder();
        String specials = "{}[]\":,\\ \t\n/";
        for (int i = 0; i < length; i++) {
            switch (r.nextInt(5)) {
                case 0 -> text.append(specials.charAt(r.nextInt(specials.length())));
                case 1 -> text.appendCodePoint(0x80 + r.nextInt(0xD800 - 0x80));
                case 2 -> text.appendCodePoint(0x10000 + r.nextInt(0x10FFFF - 0x10000));
                case 3 -> text.appendCodePoint(r.nextInt(0x20));
                default -> text.append((char) ('a' + r.nextInt(26)));
            }
        }
        return text.toString();
    }

    private static String letters(Random r, int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + r.nextInt(26));
        }
        return new String(chars);
    }

    private static byte[] randomBytes(Random r, int length) {
        byte[] bytes = new byte[length];
        r.nextBytes(bytes);
        return bytes;
    }
}
