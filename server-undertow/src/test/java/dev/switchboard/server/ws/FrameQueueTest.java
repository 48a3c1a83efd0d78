package dev.switchboard.server.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.DeliveryCallback;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The writer's queue keeps frames, callbacks and actions together and in order through wrap-around and growth. */
class FrameQueueTest {

    private static final class Named implements DeliveryCallback {
        final int n;

        Named(int n) {
            this.n = n;
        }

        @Override
        public void delivered() {
        }

        @Override
        public void failed(Throwable cause) {
        }
    }

    @Test
    void entriesStayPairedAndInOrderAcrossWrapAroundAndGrowth() {
        FrameQueue queue = new FrameQueue(4);
        List<Integer> taken = new ArrayList<>();
        int next = 0;
        for (int round = 0; round < 50; round++) {
            int adds = round % 7; // sometimes more than the ring holds, so it grows mid-lap
            for (int i = 0; i < adds; i++, next++) {
                if (next % 5 == 4) {
                    int n = next;
                    queue.add(null, null, () -> taken.add(-n));
                } else {
                    queue.add(ByteBuffer.allocate(next + 1), new Named(next), null);
                }
            }
            for (int i = 0; i < 3 && !queue.isEmpty(); i++) {
                take(queue, taken);
            }
        }
        while (!queue.isEmpty()) {
            take(queue, taken);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < next; i++) {
            expected.add(i % 5 == 4 ? -i : i);
        }
        assertThat(taken).isEqualTo(expected);
    }

    private static void take(FrameQueue queue, List<Integer> taken) {
        Runnable action = queue.action(0);
        if (action != null) {
            assertThat(queue.frame(0)).isNull();
            queue.removeFirst();
            action.run();
            return;
        }
        Named callback = (Named) queue.firstCallback();
        assertThat(queue.frame(0).capacity()).as("frame and callback of one entry").isEqualTo(callback.n + 1);
        queue.removeFirst();
        taken.add(callback.n);
    }

    @Test
    void anActionKeepsItsPlaceBetweenFramesAndHasNoCallback() {
        FrameQueue queue = new FrameQueue(1);
        List<Integer> taken = new ArrayList<>();
        queue.add(ByteBuffer.allocate(2), new Named(1), null);
        queue.add(null, null, () -> taken.add(-2));
        queue.add(ByteBuffer.allocate(4), new Named(3), null);
        assertThat(queue.size()).isEqualTo(3);
        assertThat(queue.frame(1)).isNull();
        assertThat(queue.action(0)).isNull();
        take(queue, taken);
        assertThat(queue.firstCallback()).as("an action's callback slot").isNull();
        while (!queue.isEmpty()) {
            take(queue, taken);
        }
        assertThat(taken).containsExactly(1, -2, 3);
    }

    @Test
    void aRingSizeThatIsNotAPowerOfTwoIsRefusedByName() {
        assertThatThrownBy(() -> new FrameQueue(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("entries must be a power of two, not 3");
        assertThatThrownBy(() -> new FrameQueue(0)).hasMessageContaining("not 0");
    }
}
