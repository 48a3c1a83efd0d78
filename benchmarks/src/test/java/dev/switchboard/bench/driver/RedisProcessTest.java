package dev.switchboard.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's redis-server for the clustered hub: a real process, started, answering, stopped. */
class RedisProcessTest {

    @TempDir
    Path logs;

    @Test
    void startsOnAFreeLoopbackPortAnswersAndStopsOnClose() {
        RedisProcess redis = RedisProcess.start(RedisProcess.BINARY, logs, Duration.ofSeconds(30));
        long pid;
        try {
            assertThat(redis.call("PING")).isEqualTo("+PONG");
            assertThat(redis.uri().toString()).startsWith("redis://127.0.0.1:");
            pid = redis.pid();
            assertThat(ProcessHandle.of(pid)).isPresent();
        } finally {
            redis.close();
        }
        assertThat(redis.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(redis.call("PING")).isNull();
    }

    @Test
    void commandLineBindsLoopbackWithoutPersistence() {
        assertThat(RedisProcess.command(Path.of("/usr/bin/redis-server"), 6400, Path.of("/tmp/r")))
                .containsSubsequence("--port", "6400")
                .containsSubsequence("--bind", "127.0.0.1")
                .containsSubsequence("--save", "")
                .containsSubsequence("--appendonly", "no")
                .containsSubsequence("--dir", "/tmp/r");
    }

    @Test
    void aMissingBinaryNamesThePathAndTheFix() {
        assertThatThrownBy(() -> RedisProcess.start(logs.resolve("no-redis-server"), logs, Duration.ofSeconds(5)))
                .isInstanceOf(BenchException.class)
                .hasMessageContaining("no-redis-server")
                .hasMessageContaining("apt-get install redis-server")
                .hasMessageContaining("leave hub-cluster out of --setups");
    }
}
