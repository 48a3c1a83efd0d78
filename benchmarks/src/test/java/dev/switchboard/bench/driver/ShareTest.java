package dev.switchboard.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How hub-cluster-2 splits a point's connections between its two servers. */
class ShareTest {

    @Test
    void splitsEvenlyAndTheFirstServersTakeTheRemainder() {
        assertThat(PointRunner.share(1000, 2, 0)).isEqualTo(500);
        assertThat(PointRunner.share(1000, 2, 1)).isEqualTo(500);
        assertThat(PointRunner.share(101, 2, 0)).isEqualTo(51);
        assertThat(PointRunner.share(101, 2, 1)).isEqualTo(50);
        assertThat(PointRunner.share(1, 2, 1)).isZero();
        assertThat(PointRunner.share(7, 1, 0)).isEqualTo(7);
    }
}
