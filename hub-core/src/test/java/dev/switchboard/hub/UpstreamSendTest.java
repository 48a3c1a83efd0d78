package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.EndReason;
import dev.switchboard.api.Message;
import dev.switchboard.api.SendResult;
import dev.switchboard.hub.HubHarness.Attached;
import java.time.Duration;
import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.hub.testing.InMemoryTransportProvider;
import dev.switchboard.hub.transport.TransportRegistry;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class UpstreamSendTest {

    private static SendResult resultOf(HubHarness h, CompletionStage<SendResult> stage) {
        h.scheduler.runUntilIdle();
        return stage.toCompletableFuture().getNow(null);
    }

    @Test
    void aSendOnAnOpenUpstreamIsSentUnchanged() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            assertThat(resultOf(h, a.port().send(Message.text("hello"))).status()).isEqualTo(SendResult.Status.SENT);
            assertThat(resultOf(h, a.port().send(Message.binary(new byte[] {7}))).status()).isEqualTo(SendResult.Status.SENT);
            assertThat(h.origin.received()).hasSize(2);
            assertThat(h.origin.received().get(0).text()).isEqualTo("hello");
            assertThat(h.origin.received().get(1).toByteArray()).containsExactly(7);
        }
    }

    @Test
    void sendsWhileTheUpstreamIsDownAreQueuedAndDeliveredInOrderAfterReconnect() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.onConnect(List.of(Message.text("subscribe")))))) {
            Attached a = h.attach();
            h.origin.refuseConnections(true);
            h.origin.dropConnections();
            h.scheduler.runUntilIdle();

            assertThat(resultOf(h, a.port().send(Message.text("q1"))).status()).isEqualTo(SendResult.Status.QUEUED);
            assertThat(resultOf(h, a.port().send(Message.text("q2"))).status()).isEqualTo(SendResult.Status.QUEUED);

            h.origin.refuseConnections(false);
            h.advance(Duration.ofSeconds(5));

            assertThat(h.origin.received()).extracting(Message::text)
                    .containsExactly("subscribe", "subscribe", "q1", "q2");
        }
    }

    @Test
    void aFullUpstreamQueueRefusesWithAReason() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.upstreamQueue(2)))) {
            h.origin.refuseConnections(true);
            Attached a = h.attach();
            resultOf(h, a.port().send(Message.text("1")));
            resultOf(h, a.port().send(Message.text("2")));
            SendResult third = resultOf(h, a.port().send(Message.text("3")));
            assertThat(third.status()).isEqualTo(SendResult.Status.REJECTED);
            assertThat(third.detail()).contains("upstream send queue is full (2 messages");
        }
    }

    @Test
    void aReceiveOnlyUpstreamRefusesWithAReason() {
        try (HubHarness h = new HubHarness()) {
            h.origin.acceptSends(false);
            Attached a = h.attach();
            SendResult r = resultOf(h, a.port().send(Message.text("x")));
            assertThat(r.status()).isEqualTo(SendResult.Status.REJECTED);
            assertThat(r.detail()).contains("receive-only");
        }
    }

    @Test
    void anEndedPortCannotSend() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            a.port().end(EndReason.DISCONNECT, "");
            SendResult r = resultOf(h, a.port().send(Message.text("x")));
            assertThat(r.status()).isEqualTo(SendResult.Status.REJECTED);
            assertThat(h.origin.received()).isEmpty();
        }
    }

    @Test
    void aClosedHubRefusesSendsAndAttaches() {
        HubHarness h = new HubHarness();
        Attached a = h.attach();
        h.close();
        assertThat(a.port().ended().orElseThrow().reason()).isEqualTo(EndReason.SHUTDOWN);
        assertThat(resultOf(h, a.port().send(Message.text("x"))).status()).isEqualTo(SendResult.Status.REJECTED);
        Attached late = h.attach();
        assertThat(late.port().ended().orElseThrow().reason()).isEqualTo(EndReason.REJECTED);
        assertThat(late.connection().closedWith().detail()).contains("closed");
    }

    @Test
    void aTransportWhoseSendThrowsIsReportedAndTheHubCarriesOn() {
        try (HubHarness h = new HubHarness(b -> b.transports(TransportRegistry.of(new ThrowingSends()))
                .settings(s -> s.onConnect(List.of(Message.text("subscribe")))))) {
            Attached a = h.attach();
            assertThat(h.hub.upstreamState()).isEqualTo(dev.switchboard.api.UpstreamState.OPEN);
            SendResult r = resultOf(h, a.port().send(Message.text("x")));
            assertThat(r.status()).isEqualTo(SendResult.Status.REJECTED);
            h.publish("still flowing");
            assertThat(a.connection().texts()).containsExactly("still flowing");
            assertThat(a.port().ended()).isEmpty();
        }
    }

    /** The in-memory transport, but every send() throws: a buggy plugin. */
    private static final class ThrowingSends implements TransportProvider {
        @Override
        public Set<String> schemes() {
            return Set.of("mem");
        }

        @Override
        public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
            Wrapper wrapper = new Wrapper();
            wrapper.real = new InMemoryTransportProvider().connect(request, new UpstreamListener() {
                @Override
                public void onOpen(UpstreamConnection c) {
                    listener.onOpen(wrapper);
                }

                @Override
                public void onMessage(UpstreamConnection c, Message message) {
                    listener.onMessage(wrapper, message);
                }

                @Override
                public void onClosed(UpstreamConnection c, int code, String reason) {
                    listener.onClosed(wrapper, code, reason);
                }

                @Override
                public void onFailure(UpstreamConnection c, Throwable cause) {
                    listener.onFailure(wrapper, cause);
                }
            });
            return wrapper;
        }
    }

    private static final class Wrapper implements UpstreamConnection {
        UpstreamConnection real;

        @Override
        public URI uri() {
            return real.uri();
        }

        @Override
        public boolean send(Message message) {
            throw new IllegalStateException("plugin bug");
        }

        @Override
        public void close() {
            real.close();
        }

        @Override
        public void cancel() {
            real.cancel();
        }
    }
}
