package dev.switchboard.hub;

import static dev.switchboard.api.UpstreamState.BACKOFF;
import static dev.switchboard.api.UpstreamState.CONNECTING;
import static dev.switchboard.api.UpstreamState.IDLE;
import static dev.switchboard.api.UpstreamState.LINGERING;
import static dev.switchboard.api.UpstreamState.OPEN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.api.Downstream;
import dev.switchboard.api.EndReason;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Message;
import dev.switchboard.api.config.BackoffPolicy;
import dev.switchboard.hub.HubHarness.Attached;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamLifecycleTest {

    @Test
    void connectsOnlyWhenTheFirstPortAttaches() {
        try (HubHarness h = new HubHarness()) {
            assertThat(h.state()).isEqualTo(IDLE);
            assertThat(h.origin.requests()).isEmpty();

            h.attach();

            assertThat(h.state()).isEqualTo(OPEN);
            assertThat(h.transitions()).containsExactly(CONNECTING, OPEN);
            assertThat(h.origin.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void twoHundredPortsShareOneConnection() {
        try (HubHarness h = new HubHarness()) {
            List<Attached> ports = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ports.add(h.attach());
            }
            h.publish("a", "b");
            assertThat(h.origin.acceptedCount()).isEqualTo(1);
            assertThat(h.hub.portCount()).isEqualTo(200);
            ports.forEach(p -> assertThat(p.connection().texts()).containsExactly("a", "b"));
        }
    }

    @Test
    void lingersAfterTheLastPortLeavesThenCloses() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.linger(Duration.ofSeconds(30))))) {
            Attached a = h.attach();
            a.port().end(EndReason.DISCONNECT, "bye");
            h.scheduler.runUntilIdle();
            assertThat(h.state()).isEqualTo(LINGERING);

            h.advance(Duration.ofSeconds(30).minusMillis(1));
            assertThat(h.state()).isEqualTo(LINGERING);
            assertThat(h.origin.connectionCount()).isEqualTo(1);

            h.advance(Duration.ofMillis(1));
            assertThat(h.state()).isEqualTo(IDLE);
            assertThat(h.origin.connectionCount()).isZero();
        }
    }

    @Test
    void aPortArrivingDuringTheLingerKeepsTheConnection() {
        try (HubHarness h = new HubHarness()) {
            h.attach().port().end(EndReason.CLOSED, "");
            h.scheduler.runUntilIdle();
            h.advance(Duration.ofSeconds(10));
            Attached b = h.attach();
            assertThat(h.state()).isEqualTo(OPEN);

            h.advance(Duration.ofMinutes(5));
            assertThat(h.state()).isEqualTo(OPEN);
            assertThat(h.origin.acceptedCount()).isEqualTo(1);
            h.publish("still here");
            assertThat(b.connection().texts()).containsExactly("still here");
        }
    }

    @Test
    void aNewPortAfterTheLingerReopens() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.linger(Duration.ZERO)))) {
            h.attach().port().end(EndReason.CLOSED, "");
            h.scheduler.runUntilIdle();
            assertThat(h.state()).isEqualTo(IDLE);

            h.attach();
            assertThat(h.state()).isEqualTo(OPEN);
            assertThat(h.origin.acceptedCount()).isEqualTo(2);
        }
    }

    @Test
    void refusedConnectionsBackOffExponentiallyWithFullJitterUpToTheCap() {
        BackoffPolicy policy = new BackoffPolicy(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofSeconds(10));
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.backoff(policy)))) {
            h.origin.refuseConnections(true);
            h.attach();
            for (int i = 0; i < 5; i++) {
                h.advance(Duration.ofSeconds(1));
            }
            // FixedRandom(0.5): each delay is half its window: 100, 200, 400, 800, 800(cap) ms.
            assertThat(h.eventsOf(HubEvent.UpstreamRetryScheduled.class))
                    .extracting(HubEvent.UpstreamRetryScheduled::delay)
                    .startsWith(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
                            Duration.ofMillis(400), Duration.ofMillis(400));
            assertThat(h.eventsOf(HubEvent.UpstreamRetryScheduled.class))
                    .extracting(HubEvent.UpstreamRetryScheduled::attempt).startsWith(1, 2, 3, 4, 5);
            assertThat(h.eventsOf(HubEvent.UpstreamRetryScheduled.class).get(0).cause()).contains("refused");
        }
    }

    @Test
    void retriesAtExactlyTheJitteredDelay() {
        BackoffPolicy policy = new BackoffPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofSeconds(10));
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.backoff(policy)))) {
            h.origin.refuseConnections(true);
            h.attach();
            assertThat(h.state()).isEqualTo(BACKOFF);
            int before = h.origin.requests().size();
            h.advance(Duration.ofMillis(499));
            assertThat(h.origin.requests()).hasSize(before);
            h.origin.refuseConnections(false);
            h.advance(Duration.ofMillis(1));
            assertThat(h.origin.requests()).hasSize(before + 1);
            assertThat(h.state()).isEqualTo(OPEN);
        }
    }

    @Test
    void portsStayAttachedAcrossAnUpstreamDropAndReceiveAgain() {
        try (HubHarness h = new HubHarness()) {
            Attached a = h.attach();
            h.publish("before");
            h.origin.dropConnections();
            h.scheduler.runUntilIdle();
            assertThat(h.state()).isEqualTo(BACKOFF);
            h.advance(Duration.ofSeconds(1));
            assertThat(h.state()).isEqualTo(OPEN);
            h.publish("after");

            assertThat(a.port().ended()).isEmpty();
            assertThat(a.connection().texts()).containsExactly("before", "after");
            assertThat(a.connection().itemsOf(Downstream.Status.class))
                    .extracting(Downstream.Status::state).containsSubsequence(OPEN, BACKOFF, CONNECTING, OPEN);
        }
    }

    @Test
    void aStableConnectionResetsTheBackoffAndAShortOneDoesNot() {
        BackoffPolicy policy = new BackoffPolicy(Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(60));
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.backoff(policy)))) {
            h.attach();
            h.origin.dropConnections();            // attempt 1
            h.scheduler.runUntilIdle();
            h.advance(Duration.ofSeconds(1));
            h.advance(Duration.ofSeconds(5));
            h.origin.dropConnections();            // open only 5s: attempt 2
            h.scheduler.runUntilIdle();
            h.advance(Duration.ofSeconds(1));
            h.advance(Duration.ofSeconds(61));
            h.origin.dropConnections();            // open 61s: stable, back to attempt 1
            h.scheduler.runUntilIdle();

            assertThat(h.eventsOf(HubEvent.UpstreamRetryScheduled.class))
                    .extracting(HubEvent.UpstreamRetryScheduled::attempt).containsExactly(1, 2, 1);
        }
    }

    @Test
    void whenEveryPortLeavesDuringBackoffTheHubStopsTrying() {
        try (HubHarness h = new HubHarness()) {
            h.origin.refuseConnections(true);
            Attached a = h.attach();
            assertThat(h.state()).isEqualTo(BACKOFF);
            a.port().end(EndReason.DISCONNECT, "");
            h.scheduler.runUntilIdle();
            assertThat(h.state()).isEqualTo(IDLE);
            int attempts = h.origin.requests().size();
            h.advance(Duration.ofMinutes(10));
            assertThat(h.origin.requests()).hasSize(attempts);
        }
    }

    @Test
    void anEagerHubConnectsAtStartAndNeverLingers() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.eager(true).linger(Duration.ofSeconds(1))))) {
            assertThat(h.state()).isEqualTo(OPEN);
            h.attach().port().end(EndReason.CLOSED, "");
            h.scheduler.runUntilIdle();
            h.advance(Duration.ofMinutes(1));
            assertThat(h.state()).isEqualTo(OPEN);
        }
    }

    @Test
    void aTransportThatNeverAnswersIsGivenUpOn() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.connectTimeout(Duration.ofSeconds(2))))) {
            h.origin.holdConnections(true);
            h.attach();
            assertThat(h.state()).isEqualTo(CONNECTING);
            h.advance(Duration.ofSeconds(5)); // guard: 2 × connect timeout + 1s
            assertThat(h.state()).isEqualTo(BACKOFF);
            assertThat(h.eventsOf(HubEvent.UpstreamRetryScheduled.class).get(0).cause()).contains("gave no answer within 5s");
            // the abandoned attempt opening late changes nothing
            h.origin.acceptHeld();
            h.scheduler.runUntilIdle();
            assertThat(h.state()).isEqualTo(BACKOFF);
        }
    }

    @Test
    void anOriginThatAsksToStopIsNotRetried() {
        try (HubHarness h = new HubHarness()) {
            h.attach();
            h.origin.closeConnections(204, "No Content");
            h.scheduler.runUntilIdle();
            assertThat(h.state()).isEqualTo(IDLE);
            h.advance(Duration.ofMinutes(5));
            assertThat(h.origin.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void theLastEventIdIsCarriedIntoTheNextAttempt() {
        try (HubHarness h = new HubHarness()) {
            h.attach();
            h.origin.publish(Message.text("x").withEventId("evt-7"));
            h.scheduler.runUntilIdle();
            h.origin.dropConnections();
            h.scheduler.runUntilIdle();
            h.advance(Duration.ofSeconds(1));
            assertThat(h.origin.requests()).hasSize(2);
            assertThat(h.origin.requests().get(0).lastEventId()).isEmpty();
            assertThat(h.origin.requests().get(1).lastEventId()).contains("evt-7");
        }
    }

    @Test
    void retryAdviceFromTheUpstreamLengthensTheDelay() {
        try (HubHarness h = new HubHarness()) {
            h.attach();
            h.origin.adviseRetry(Duration.ofSeconds(7));
            h.origin.dropConnections();
            h.scheduler.runUntilIdle();
            // the jittered delay would be 250ms; the origin asked for 7s
            assertThat(h.eventsOf(HubEvent.UpstreamRetryScheduled.class).get(0).delay()).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void absurdRetryAdviceIsCappedAtAnHour() {
        try (HubHarness h = new HubHarness()) {
            h.attach();
            h.origin.adviseRetry(Duration.ofMillis(Long.MAX_VALUE));
            h.origin.dropConnections();
            h.scheduler.runUntilIdle();
            assertThat(h.eventsOf(HubEvent.UpstreamRetryScheduled.class).get(0).delay()).isEqualTo(Duration.ofHours(1));
            h.advance(Duration.ofHours(1));
            assertThat(h.state()).isEqualTo(OPEN);
        }
    }

    @Test
    void anUpstreamThatKeepsRefusingIsRetriedABoundedNumberOfTimes() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.maxRefusals(3)))) {
            h.origin.rejectConnections(true);
            Attached first = h.attach();
            h.advance(Duration.ofMinutes(10));
            assertThat(h.origin.requests()).hasSize(3);
            assertThat(h.state()).isEqualTo(IDLE);
            assertThat(first.connection().itemsOf(Downstream.Status.class).get(
                    first.connection().itemsOf(Downstream.Status.class).size() - 1).detail())
                    .contains("HTTP 401").contains("refused 3 times in a row").contains("until another port attaches");

            // another port attaching tries again, even with ports still attached
            h.origin.rejectConnections(false);
            h.attach();
            assertThat(h.state()).isEqualTo(OPEN);
            assertThat(first.port().ended()).isEmpty();
        }
    }

    @Test
    void networkFailuresBetweenRefusalsResetTheCount() {
        try (HubHarness h = new HubHarness(b -> b.settings(s -> s.maxRefusals(2)))) {
            h.origin.rejectConnections(true);
            h.attach();                       // refusal 1
            h.origin.rejectConnections(false);
            h.origin.refuseConnections(true);
            h.advance(Duration.ofSeconds(1)); // a network failure: the count starts again
            h.origin.refuseConnections(false);
            h.origin.rejectConnections(true);
            h.advance(Duration.ofSeconds(2)); // refusal 1 again
            assertThat(h.state()).isEqualTo(BACKOFF);
        }
    }
}
