package dev.switchboard.hub;

import dev.switchboard.api.AttachOptions;
import dev.switchboard.api.Hub;
import dev.switchboard.api.HubEvent;
import dev.switchboard.api.Port;
import dev.switchboard.api.UpstreamState;
import dev.switchboard.hub.testing.FixedRandom;
import dev.switchboard.hub.testing.InMemoryOrigin;
import dev.switchboard.hub.testing.RecordingPortConnection;
import dev.switchboard.hub.testing.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A hub on an in-memory origin in virtual time, with its events recorded. */
final class HubHarness implements AutoCloseable {

    final VirtualScheduler scheduler = new VirtualScheduler();
    final InMemoryOrigin origin = InMemoryOrigin.create("origin-" + UUID.randomUUID());
    final List<HubEvent> events = new CopyOnWriteArrayList<>();
    final Hub hub;

    HubHarness() {
        this(b -> { });
    }

    HubHarness(Consumer<HubBuilder> configure) {
        HubBuilder builder = Hubs.builder("test")
                .upstream(origin.uri())
                .scheduler(scheduler)
                .random(FixedRandom.of(0.5))
                // Test clients never answer pings; liveness tests set their own heartbeat.
                .settings(s -> s.linger(Duration.ofSeconds(30)).portHeartbeat(Duration.ofHours(1), Duration.ofHours(3)));
        configure.accept(builder);
        hub = builder.build();
        hub.addListener(events::add);
        scheduler.runUntilIdle();
    }

    /** Attaches a recording client and lets the hub settle. */
    Attached attach() {
        return attach(AttachOptions.live("test"));
    }

    Attached attach(AttachOptions options) {
        RecordingPortConnection connection = new RecordingPortConnection();
        Port port = hub.attach(connection, options);
        scheduler.runUntilIdle();
        return new Attached(port, connection);
    }

    void publish(String... texts) {
        for (String text : texts) {
            origin.publish(text);
        }
        scheduler.runUntilIdle();
    }

    void advance(Duration d) {
        scheduler.advance(d);
    }

    UpstreamState state() {
        return hub.upstreamState();
    }

    <T extends HubEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<UpstreamState> transitions() {
        return eventsOf(HubEvent.UpstreamStateChanged.class).stream().map(HubEvent.UpstreamStateChanged::to).toList();
    }

    @Override
    public void close() {
        hub.close();
        scheduler.runUntilIdle();
        origin.close();
    }

    record Attached(Port port, RecordingPortConnection connection) {
    }
}
