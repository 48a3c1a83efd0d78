package dev.switchboard.cluster.redis;

import dev.switchboard.cluster.redis.testing.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One real redis-server and one connection for a whole test class; each test takes keys of its
 * own ({@link #freshKeys}), so tests never see each other's data without restarting Redis.
 */
abstract class OneRedisPerClass {

    static RedisServer server;
    static RedisClient client;
    static StatefulRedisConnection<String, byte[]> connection;
    private static int run;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        client = RedisClient.create(server.uri().toString());
        connection = Redis.connect(client);
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        server.close();
    }

    /** Keys under a prefix no other test of this JVM uses. */
    static ClusterKeys freshKeys(String prefix) {
        return ClusterKeys.of(prefix + (++run) + ":", "h");
    }
}
