package dev.switchboard.server.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.api.SendResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes the hub's envelopes ({@code docs/protocol.md}) as JSON text.
 *
 * <p>A message's envelope is the same for every port, so it is encoded once: a small lock-free
 * cache ({@link EncodedOnce}) hands the same encoded {@link Message} to every port that
 * delivers it. Ports that lag far behind may miss the cache and encode again, which costs time,
 * never correctness. Thread-safe.
 */
public final class EnvelopeEncoder {


    private final JsonFactory json = new JsonFactory();
    private final String hubName;
    private final EncodedOnce<Message> messages = new EncodedOnce<>(this::encodeMessage);

    /** An encoder for one hub's envelopes. */
    public EnvelopeEncoder(String hubName) {
        this.hubName = hubName;
    }


    /** The envelope for one item from the hub, as a text message ready to write. */
    public Message encode(Downstream item) {
        if (item instanceof Downstream.Data data) {
            return message(data.message());
        }
        return Message.text(write(g -> {
            if (item instanceof Downstream.Welcome w) {
                welcomeFields(g, w);
            } else if (item instanceof Downstream.Status s) {
                g.writeStringField("type", "status");
                g.writeStringField("state", s.state().name());
                g.writeStringField("detail", s.detail());
            } else if (item instanceof Downstream.Gap gap) {
                g.writeStringField("type", "gap");
                g.writeStringField("after", gap.after().toString());
                g.writeStringField("next", gap.next().toString());
                g.writeStringField("cause", gap.cause().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }));
    }

    /**
     * The {@code welcome} envelope with the port's {@code secret} (SSE ports, whose posts show it);
     * a null secret leaves the field out.
     */
    public Message welcome(Downstream.Welcome w, String secret) {
        return Message.text(write(g -> {
            welcomeFields(g, w);
            if (secret != null) {
                g.writeStringField("secret", secret);
            }
        }));
    }

    private void welcomeFields(JsonGenerator g, Downstream.Welcome w) throws IOException {
        g.writeStringField("type", "welcome");
        g.writeStringField("hub", hubName);
        g.writeStringField("port", w.portId());
        g.writeStringField("cursor", w.head().toString());
        g.writeNumberField("heartbeat", w.heartbeat().toMillis());
        g.writeStringField("state", w.state().name());
    }

    /** The {@code message} envelope of an upstream message, encoded once and shared. */
    public Message message(Message message) {
        return messages.get(message);
    }

    private Message encodeMessage(Message message) {
        return Message.text(write(g -> {
            g.writeStringField("type", "message");
            if (message.cursor().isPresent()) {
                g.writeStringField("cursor", message.cursor().get().toString());
            }
            if (message.isText()) {
                g.writeStringField("data", message.text());
            } else {
                g.writeStringField("data", Base64.getEncoder().encodeToString(message.toByteArray()));
                g.writeStringField("encoding", "base64");
            }
            if (message.eventId().isPresent()) {
                g.writeStringField("id", message.eventId().get());
            }
            if (message.eventType().isPresent()) {
                g.writeStringField("event", message.eventType().get());
            }
        }));
    }

    /** The {@code ack} for a send that carried an id; {@code ref} may be null (an SSE port's POST without one). */
    public Message ack(String ref, SendResult result) {
        return Message.text(write(g -> {
            g.writeStringField("type", "ack");
            if (ref != null) {
                g.writeStringField("ref", ref);
            }
            g.writeStringField("status", result.status().name().toLowerCase(Locale.ROOT));
            if (!result.detail().isEmpty()) {
                g.writeStringField("detail", result.detail());
            }
        }));
    }

    /** An {@code error} envelope; {@code ref} may be null. */
    public Message error(String code, String text, String ref) {
        return Message.text(write(g -> {
            g.writeStringField("type", "error");
            g.writeStringField("code", code);
            if (ref != null) {
                g.writeStringField("ref", ref);
            }
            g.writeStringField("message", text);
        }));
    }

    /** The {@code ping} envelope. */
    public Message ping() {
        return PING;
    }

    private static final Message PING = Message.text("{\"type\":\"ping\"}");

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private String write(Fields fields) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing an envelope to memory failed", e);
        }
        return out.toString();
    }
}
