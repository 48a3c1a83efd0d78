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
    /** The longest {@code id} a send may carry, in characters: it is echoed in every reply. */
    public static final int MAX_ID_LENGTH = 128;
    /** The largest number an {@code id} may be: 2^53 - 1, the largest integer a JavaScript number holds exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private final ObjectMapper json = new ObjectMapper();

    /** Decodes one text frame. */
    public Inbound decode(String frame) throws EnvelopeException {
        JsonNode root;
        try {
            root = json.readTree(frame);
        } catch (JsonProcessingException e) {
            // Not Jackson's message: it names parser internals and source positions. Ours says where.
            long at = e.getLocation() == null ? -1 : e.getLocation().getCharOffset();
            throw new EnvelopeException("bad-json", "frame is not valid JSON" + (at >= 0 ? " (at character " + (at + 1) + ")" : "")
                    + "; send one JSON object per frame, e.g. {\"type\":\"send\",\"data\":\"hi\"} (frame starts "
                    + preview(frame) + ")");
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
        Optional<String> id = id(root.get("id"));
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

    /** A send's id: a string of at most {@value #MAX_ID_LENGTH} characters, or a whole number within ±(2^53 - 1). */
    private static Optional<String> id(JsonNode node) throws EnvelopeException {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.length() > MAX_ID_LENGTH) {
                throw new EnvelopeException("bad-id", "\"id\" of a send has " + text.length() + " characters, more than the"
                        + " limit of " + MAX_ID_LENGTH + "; use a shorter id (it comes back in every reply)");
            }
            return Optional.of(text);
        }
        if (node.isIntegralNumber() && node.canConvertToLong()
                && Math.abs(node.longValue()) <= MAX_SAFE_INTEGER) {
            return Optional.of(Long.toString(node.longValue()));
        }
        if (node.isNumber()) {
            boolean finite = !node.isFloatingPointNumber() || Double.isFinite(node.doubleValue());
            throw new EnvelopeException("bad-id", "\"id\" of a send is the number "
                    + (finite ? cut(node.toString()) : "written " + (node.doubleValue() > 0 ? "beyond" : "below") + " the double range")
                    + ", which is not a whole"
                    + " number from -" + MAX_SAFE_INTEGER + " to " + MAX_SAFE_INTEGER + " (2^53 - 1); use such a number"
                    + " or a string id");
        }
        throw new EnvelopeException("bad-id", "\"id\" of a send must be a string (at most " + MAX_ID_LENGTH
                + " characters) or a whole number; it is " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static String preview(String frame) {
        return "'" + cut(frame) + "'";
    }

    private static String cut(String s) {
        return s.length() <= PREVIEW ? s : s.substring(0, PREVIEW) + "…";
    }
}
