package dev.switchboard.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testsupport.EnvelopeClient;
import java.util.ArrayList;
import java.util.List;

/**
 * What one envelope client received, kept for assertions: its {@code message} envelopes and its
 * {@code gap}s, in order. {@link #drain()} reads what has arrived without waiting, so a test calls
 * it inside an Awaitility condition.
 */
final class Collected {

    private final EnvelopeClient client;
    private final List<JsonNode> messages = new ArrayList<>();
    private final List<JsonNode> gaps = new ArrayList<>();
    private String welcomeCursor;

    Collected(EnvelopeClient client) {
        this.client = client;
    }

    EnvelopeClient client() {
        return client;
    }

    /** Reads every envelope that has arrived. */
    synchronized Collected drain() throws InterruptedException {
        while (client.hasEnvelope()) {
            JsonNode envelope = client.next();
            switch (envelope.path("type").asText()) {
                case "message" -> messages.add(envelope);
                case "gap" -> gaps.add(envelope);
                case "welcome" -> welcomeCursor = envelope.path("cursor").asText();
                default -> { }
            }
        }
        return this;
    }

    synchronized List<String> data() {
        return messages.stream().map(m -> m.path("data").asText()).toList();
    }

    /** The stream sequence numbers of the messages' cursors ({@code EPOCH:SEQ}). */
    synchronized List<Long> seqs() {
        return messages.stream().map(m -> seq(m.path("cursor").asText())).toList();
    }

    synchronized List<JsonNode> gaps() {
        return List.copyOf(gaps);
    }

    /** The newest cursor this client saw: its last message's, or its welcome's. */
    synchronized String lastCursor() {
        return messages.isEmpty() ? welcomeCursor : messages.get(messages.size() - 1).path("cursor").asText();
    }

    /** Each message as {@code data@seq}, for failure messages. */
    synchronized String describe() {
        return messages.stream().map(m -> m.path("data").asText() + "@" + m.path("cursor").asText()).toList().toString();
    }

    /** Whether the welcome arrived: the port is attached, and gets every message from its cursor on. */
    synchronized boolean welcomed() {
        return welcomeCursor != null;
    }

    synchronized boolean has(String data) {
        return messages.stream().anyMatch(m -> m.path("data").asText().equals(data));
    }

    static long seq(String cursor) {
        return Long.parseLong(cursor.substring(cursor.lastIndexOf(':') + 1));
    }

    /** Whether {@code seqs} counts up by one from its first element: no duplicate, no hole. */
    static boolean consecutive(List<Long> seqs) {
        for (int i = 1; i < seqs.size(); i++) {
            if (seqs.get(i) != seqs.get(i - 1) + 1) {
                return false;
            }
        }
        return true;
    }
}
