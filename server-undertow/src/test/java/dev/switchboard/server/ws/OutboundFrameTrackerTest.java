package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Message;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Frame boundaries followed through writes cut anywhere, as partial socket writes cut them. */
class OutboundFrameTrackerTest {

    private static ByteBuffer stream(ByteBuffer... frames) {
        int size = 0;
        for (ByteBuffer frame : frames) {
            size += frame.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(size);
        for (ByteBuffer frame : frames) {
            all.put(frame.duplicate());
        }
        return all.flip();
    }

    private static ByteBuffer close() {
        return ByteBuffer.wrap(new byte[] {(byte) 0x88, 0x02, 0x03, (byte) 0xE8});
    }

    @Test
    void boundariesAreFoundWhereverTheWritesAreCut() {
        ByteBuffer[] frames = {
            ServerFrames.encode(Message.text("Hello")),
            ServerFrames.encode(Message.binary(new byte[300])),
            ServerFrames.encode(Message.binary(new byte[70_000])),
            ByteBuffer.wrap(new byte[] {(byte) 0x89, 0x00}), // an empty ping
        };
        ByteBuffer all = stream(frames);
        int[] ends = new int[frames.length];
        int end = 0;
        for (int i = 0; i < frames.length; i++) {
            end += frames[i].remaining();
            ends[i] = end;
        }
        for (int step : new int[] {1, 2, 3, 7, 126, 4096}) {
            OutboundFrameTracker tracker = new OutboundFrameTracker();
            ByteBuffer written = all.duplicate();
            while (written.hasRemaining()) {
                int from = written.position();
                written.position(Math.min(written.limit(), from + step));
                tracker.written(written, from);
                boolean boundary = java.util.Arrays.stream(ends).anyMatch(e -> e == written.position());
                assertThat(tracker.atBoundary()).as("at %s with writes of %s", written.position(), step).isEqualTo(boundary);
            }
            assertThat(tracker.closeSent()).isFalse();
        }
    }

    @Test
    void aCloseFrameIsNoticedAsSoonAsItsHeaderIsWritten() {
        OutboundFrameTracker tracker = new OutboundFrameTracker();
        ByteBuffer all = stream(ServerFrames.encode(Message.text("last")), close());
        all.position(8);
        tracker.written(all, 0);
        assertThat(tracker.closeSent()).isTrue();
        assertThat(tracker.atBoundary()).isFalse();
        all.position(all.limit());
        tracker.written(all, 8);
        assertThat(tracker.atBoundary()).isTrue();
    }
}
