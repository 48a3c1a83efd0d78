package dev.switchboard.cluster.redis;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Message;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a hub's stream holds when an instance starts: the newest cursor, the newest messages (for
 * ports that resume here after another instance served them), and the entry id to read on from.
 *
 * @param head   the newest cursor ({@code epoch:0} before the first message)
 * @param held   the newest messages, oldest first, consecutive and ending at {@code head}
 * @param lastId the id of the newest entry, or {@code 0-0} for an empty stream
 */
record StreamSnapshot(Cursor head, List<Message> held, String lastId) {

    static StreamSnapshot read(RedisCommands<String, byte[]> redis, ClusterKeys keys, int replayMessages, String epochCandidate) {
        String epoch = Redis.text(redis.eval(Scripts.EPOCH, ScriptOutputType.VALUE, new String[] {keys.epoch(), keys.seq()},
                Redis.bytes(epochCandidate)));
        List<StreamMessage<String, byte[]>> newestFirst = redis.xrevrange(keys.stream(), Range.create("-", "+"),
                Limit.from(Math.max(1, replayMessages)));
        if (newestFirst.isEmpty()) {
            String seq = Redis.text(redis.get(keys.seq()));
            return new StreamSnapshot(new Cursor(epoch, seq == null ? 0 : Long.parseLong(seq)), List.of(), "0-0");
        }
        // The consecutive run of this epoch ending at the newest entry; anything before a break cannot be replayed.
        List<Message> held = new ArrayList<>();
        Cursor head = null;
        for (StreamMessage<String, byte[]> entry : newestFirst) {
            Message message = StreamEntries.relayed(entry.getBody());
            Cursor cursor = message.cursor().orElseThrow();
            if (head == null) {
                if (!cursor.epoch().equals(epoch)) {
                    break;
                }
                head = cursor;
            } else if (!cursor.sameEpoch(head) || cursor.seq() != head.seq() - held.size()) {
                break;
            }
            held.add(message);
        }
        if (head == null) {
            String seq = Redis.text(redis.get(keys.seq()));
            return new StreamSnapshot(new Cursor(epoch, seq == null ? 0 : Long.parseLong(seq)), List.of(),
                    newestFirst.get(0).getId());
        }
        Collections.reverse(held);
        return new StreamSnapshot(head, replayMessages == 0 ? List.of() : List.copyOf(held), newestFirst.get(0).getId());
    }
}
