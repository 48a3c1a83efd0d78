package dev.switchboard.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.cluster.redis.ClusterSettings;
import dev.switchboard.testsupport.EnvelopeClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The failover measurement of {@code docs/cluster.md}, run on demand (its name matches neither
 * {@code *Test} nor {@code *IT}, so no build runs it; {@code benchmarks/cluster-failover.sh} does):
 * three packaged servers with {@code --cluster}, one real redis-server, one WebSocket origin that
 * publishes every 10ms; the leader is SIGKILLed {@value #KILLS} times (a fresh instance replaces
 * each one). Measures, per kill, the time from the SIGKILL to the new leader's origin connection,
 * and checks every client's stream (clients of killed instances resume on a survivor with their
 * cursor) for duplicates and holes. Writes {@code benchmarks/results/DATE-cluster-failover.md}.
 */
class ClusterFailoverMeasurement {

    static final int KILLS = Integer.getInteger("kills", 20);

    /** One client followed across the instances it resumes on. */
    private static final class Follower {
        final List<Collected> segments = new ArrayList<>();
        Collected current;

        Follower(Collected first) {
            segments.add(first);
            current = first;
        }

        List<Long> seqs() {
            List<Long> all = new ArrayList<>();
            segments.forEach(s -> all.addAll(s.seqs()));
            return all;
        }

        int gaps() {
            return segments.stream().mapToInt(s -> s.gaps().size()).sum();
        }
    }

    @Test
    void measureTakeoverOverRepeatedLeaderKills() throws Exception {
        List<Long> takeoverMs = new ArrayList<>();
        List<Follower> followers = new ArrayList<>();
        AtomicInteger published = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        try (ClusterFixture cluster = new ClusterFixture(false)) {
            List<ServerProcess> live = new ArrayList<>(cluster.startInstances(3));
            for (ServerProcess node : live) {
                followers.add(new Follower(new Collected(EnvelopeClient.connect(node.hubSocket()))));
            }
            List<ServerProcess> hostOf = new ArrayList<>(live); // followers.get(i) is on hostOf.get(i)
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.origin.openCount() == 1 && cluster.leader().isPresent());

            ScheduledExecutorService origin = Executors.newScheduledThreadPool(2);
            origin.scheduleAtFixedRate(() -> cluster.origin.publish("m-" + published.getAndIncrement()), 0, 10, TimeUnit.MILLISECONDS);
            origin.scheduleAtFixedRate(() -> mostOpen.accumulateAndGet(cluster.origin.openCount(), Math::max), 0, 5, TimeUnit.MILLISECONDS);
            try {
                for (int kill = 0; kill < KILLS; kill++) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.origin.openCount() == 1 && cluster.leader().isPresent());
                    ServerProcess leader = cluster.leader().orElseThrow();
                    int accepted = cluster.origin.acceptedCount();
                    long killedAt = System.nanoTime();
                    leader.kill();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                            .until(() -> cluster.origin.acceptedCount() == accepted + 1 && cluster.origin.openCount() == 1);
                    takeoverMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
                    live.remove(leader);

                    // Its clients resume on a survivor with their cursor; a fresh instance takes its place.
                    ServerProcess fresh = cluster.startInstances(1).get(0);
                    for (int i = 0; i < followers.size(); i++) {
                        if (hostOf.get(i) == leader) {
                            Follower moved = followers.get(i);
                            await().atMost(Duration.ofSeconds(30)).until(() -> moved.current.client().isClosed());
                            moved.current.drain();
                            ServerProcess target = live.get(kill % live.size());
                            moved.current = new Collected(EnvelopeClient.connect(target.hubSocket(), moved.current.lastCursor()));
                            moved.segments.add(moved.current);
                            hostOf.set(i, target);
                        }
                    }
                    live.add(fresh);
                    followers.add(new Follower(new Collected(EnvelopeClient.connect(fresh.hubSocket()))));
                    hostOf.add(fresh);
                    // Attached only once welcomed: a client whose welcome comes after the last message has nothing to get.
                    for (Follower follower : followers) {
                        await().atMost(Duration.ofSeconds(30)).until(() -> follower.current.drain().welcomed());
                    }
                    System.out.printf(Locale.ROOT, "kill %d: takeover %dms%n", kill + 1, takeoverMs.get(kill));
                }
            } finally {
                origin.shutdownNow();
                origin.awaitTermination(5, TimeUnit.SECONDS);
            }
            cluster.origin.publish("last");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> missedLast = new ArrayList<>();
            for (int i = 0; i < followers.size(); i++) {
                Follower follower = followers.get(i);
                while (!follower.current.drain().has("last") && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (!follower.current.has("last")) {
                    ServerProcess host = hostOf.get(i);
                    missedLast.add("client " + i + " on " + host.name() + " (follower " + i + " of " + followers.size() + ")" + " (alive " + host.isAlive() + ", closed "
                            + follower.current.client().isClosed() + ", last " + follower.current.lastCursor() + ", messages " + follower.current.data().size() + ", tail "
                            + follower.current.describe().substring(Math.max(0, follower.current.describe().length() - 300)) + ", status "
                            + (host.isAlive() ? host.status().toString() : "-") + ")");
                }
            }
            System.out.println("clients that did not get the last message: " + missedLast);

            int duplicates = 0;
            int holes = 0;
            int gaps = 0;
            for (Follower follower : followers) {
                List<Long> seqs = follower.seqs();
                Set<Long> seen = new HashSet<>();
                for (int i = 0; i < seqs.size(); i++) {
                    if (!seen.add(seqs.get(i))) {
                        duplicates++;
                    } else if (i > 0 && seqs.get(i) > seqs.get(i - 1) + 1) {
                        holes += (int) (seqs.get(i) - seqs.get(i - 1) - 1);
                    }
                }
                gaps += follower.gaps();
            }
            long streamed = followers.get(0).seqs().size();
            List<Long> sorted = takeoverMs.stream().sorted().toList();
            String report = report(sorted, duplicates, holes, gaps, missedLast.size(), followers.size(),
                    followers.stream().mapToInt(f -> f.segments.size() - 1).sum(), published.get(), streamed,
                    cluster.origin.acceptedCount(), mostOpen.get());
            System.out.println(report);
            Path out = Path.of("..", "benchmarks", "results", LocalDate.now(ZoneOffset.UTC) + "-cluster-failover.md");
            Files.writeString(out, report);
            assertThat(duplicates + holes).as("duplicates and holes over all clients").isZero();
        }
    }

    private static String report(List<Long> sorted, int duplicates, int holes, int gaps, int missedLast, int clients, int resumes,
                                 int published, long streamedToFirst, int originConnections, int mostOpen) {
        long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return String.format(Locale.ROOT, """
                # Cluster failover: %d leader kills (SIGKILL)

                Measured by `ClusterFailoverMeasurement` (`benchmarks/cluster-failover.sh`) on %s: three packaged
                servers with `--cluster`, one `redis-server`, one WebSocket origin publishing every 10 ms; each
                kill's instance replaced by a fresh one. Lease %dms, tick %dms, `--backoff-base %dms`. Machine: %d
                cores (shared with other builds while it ran).

                Takeover = SIGKILL of the leader until the origin accepted the new leader's connection.

                | kills | min | median | max |
                |---:|---:|---:|---:|
                | %d | %d ms | %d ms | %d ms |

                All takeovers, sorted (ms): %s

                | check | result |
                |---|---|
                | clients followed (one per instance, each new instance adds one) | %d |
                | resumes on another instance with the last cursor (`?since=`) | %d |
                | duplicates seen by any client | %d |
                | holes (stream entries a client missed) | %d |
                | `gap` envelopes | %d |
                | clients without the final message 30 s after it was published | %d |
                | origin connections accepted (one per leader) | %d |
                | most origin connections open at once | %d |
                | messages the origin published / entries in the stream the first client saw | %d / %d |

                The difference in the last row is what the origin sent while no instance held its connection
                (between a kill and the takeover): the cluster is at-most-once from a WebSocket origin across a
                leader change, and exactly-once, in order, from the stream on.
                """, sorted.size(), LocalDate.now(ZoneOffset.UTC), ClusterSettings.DEFAULT_LEASE.toMillis(),
                ClusterSettings.DEFAULT_TICK.toMillis(), ClusterFixture.BACKOFF_BASE.toMillis(),
                Runtime.getRuntime().availableProcessors(), sorted.size(), sorted.get(0), median, sorted.get(sorted.size() - 1),
                sorted, clients, resumes, duplicates, holes, gaps, missedLast, originConnections, mostOpen, published, streamedToFirst);
    }
}
