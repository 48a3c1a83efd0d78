package dev.switchboard.cluster.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A Redis password in the --cluster address never appears in an error. */
class ClusterAddressSecretsTest {

    @Test
    void aWrongSchemeIsShownWithoutThePassword() {
        assertThatThrownBy(() -> RedisCluster.connect(URI.create("http://bob:s3cret@h:1/"), ClusterSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'http://***@h:1/'")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void anUnreachableRedisIsShownWithoutThePassword() {
        assertThatThrownBy(() -> RedisCluster.connect(URI.create("redis://:s3cret@127.0.0.1:1"), ClusterSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("redis://***@127.0.0.1:1")
                .hasMessageNotContaining("s3cret");
    }
}
