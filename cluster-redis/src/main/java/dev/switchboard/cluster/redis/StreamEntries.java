package dev.switchboard.cluster.redis;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a message is written as stream entry fields and read back: {@code k} (t or b), {@code d}
 * (the payload bytes), {@code e} and {@code y} (event id and type, when present); the append
 * script adds {@code ep} and {@code s}, the epoch and sequence that make the cursor.
 */
final class StreamEntries {

    private StreamEntries() {
    }

    /** The fields of a message, as alternating names and values. */
    static List<byte[]> fields(Message message) {
        List<byte[]> fields = new ArrayList<>(8);
        fields.add(Redis.bytes("k"));
        fields.add(Redis.bytes(message.isText() ? "t" : "b"));
        fields.add(Redis.bytes("d"));
        fields.add(message.toByteArray());
        message.eventId().ifPresent(id -> {
            fields.add(Redis.bytes("e"));
            fields.add(Redis.bytes(id));
        });
        message.eventType().ifPresent(type -> {
            fields.add(Redis.bytes("y"));
            fields.add(Redis.bytes(type));
        });
        return fields;
    }

    /** The message an entry holds, without a cursor. */
    static Message message(Map<String, byte[]> body) {
        byte[] data = body.get("d");
        if (data == null) {
            throw new IllegalArgumentException("stream entry has no 'd' field: fields " + body.keySet());
        }
        Message message = "b".equals(Redis.text(body.get("k")))
                ? Message.binary(data)
                : Message.text(Redis.text(data));
        if (body.containsKey("e")) {
            message = message.withEventId(Redis.text(body.get("e")));
        }
        if (body.containsKey("y")) {
            message = message.withEventType(Redis.text(body.get("y")));
        }
        return message;
    }

    /** The message an appended entry holds, with the cursor its epoch and sequence make. */
    static Message relayed(Map<String, byte[]> body) {
        String epoch = Redis.text(body.get("ep"));
        String seq = Redis.text(body.get("s"));
        if (epoch == null || seq == null) {
            throw new IllegalArgumentException("stream entry has no 'ep'/'s' field: fields " + body.keySet());
        }
        return message(body).withCursor(new Cursor(epoch, Long.parseLong(seq)));
    }
}
