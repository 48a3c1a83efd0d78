package dev.switchboard.server.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.api.Message;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the envelopes a client sends ({@code send}, {@code pong}, {@code disconnect}). Anything
 * else is an {@link EnvelopeException} whose code and sentence say what was wrong; the caller
 * answers with an {@code error} envelope and the connection carries on. Thread-safe.
 */
public final class EnvelopeDecoder {

    private static final int PREVIEW = 40;

    private final ObjectMapper json = new ObjectMapper();

    /** Decodes one text frame. */
    public Inbound decode(String frame) throws EnvelopeException {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new EnvelopeException("bad-json", "frame is not valid JSON: " + e.getOriginalMessage()
                    + " (frame starts " + preview(frame) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new EnvelopeException("bad-json", "frame is not a JSON object: " + preview(frame));
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new EnvelopeException("bad-envelope", "envelope has no \"type\" string; expected send, pong or disconnect");
        }
        return switch (type.textValue()) {
            case "send" -> send(root);
            case "pong" -> new Inbound.Pong();
            case "disconnect" -> new Inbound.Disconnect();
            default -> throw new EnvelopeException("bad-envelope", "unknown envelope type \"" + cut(type.textValue())
                    + "\"; expected send, pong or disconnect");
        };
    }

    private static Inbound send(JsonNode root) throws EnvelopeException {
        Optional<String> id = Optional.empty();
        JsonNode idNode = root.get("id");
        if (idNode != null && !idNode.isNull()) {
            if (!idNode.isTextual() && !idNode.isNumber()) {
                throw new EnvelopeException("bad-envelope", "\"id\" of a send must be a string or a number");
            }
            id = Optional.of(idNode.asText());
        }
        // From here on the id is known: every error names it as ref, so the client can match it.
        String ref = id.orElse(null);
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            throw new EnvelopeException("missing-data", "send has no \"data\"" + id.map(i -> " (id " + i + ")").orElse(""), ref);
        }
        if (!data.isTextual()) {
            throw new EnvelopeException("bad-envelope", "\"data\" of a send must be a string; encode JSON payloads as a string", ref);
        }
        JsonNode encoding = root.get("encoding");
        if (encoding == null || encoding.isNull()) {
            return new Inbound.Send(Message.text(data.textValue()), id);
        }
        if (!encoding.isTextual() || !encoding.textValue().equals("base64")) {
            throw new EnvelopeException("bad-encoding", "unknown encoding " + cut(encoding.toString())
                    + "; the only encoding is \"base64\"", ref);
        }
        try {
            return new Inbound.Send(Message.binary(Base64.getDecoder().decode(data.textValue())), id);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException("bad-encoding", "\"data\" is not valid base64: " + e.getMessage(), ref);
        }
    }

    private static String preview(String frame) {
        return "'" + cut(frame) + "'";
    }

    private static String cut(String s) {
        return s.length() <= PREVIEW ? s : s.substring(0, PREVIEW) + "…";
    }
}
