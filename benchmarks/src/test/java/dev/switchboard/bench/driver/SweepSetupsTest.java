package dev.switchboard.bench.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sweep --setups}: names to set-ups in interleaving order. */
class SweepSetupsTest {

    @Test
    void theDefaultIsTheStandardFourWithoutTheClusteredHub() {
        assertThat(SweepCommand.setups(null)).containsExactly(Setup.DIRECT, Setup.CEILING, Setup.NIO_CEILING, Setup.HUB);
    }

    @Test
    void namedSetupsRunInInterleavingOrderOnceEach() {
        assertThat(SweepCommand.setups(List.of("hub-cluster", "hub", "hub-cluster"))).containsExactly(Setup.HUB, Setup.HUB_CLUSTER);
        assertThat(SweepCommand.setups(List.of("hub-cluster", "nio-ceiling"))).containsExactly(Setup.NIO_CEILING, Setup.HUB_CLUSTER);
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> SweepCommand.setups(List.of("hub", "hub-clustr")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'hub-clustr'")
                .hasMessageContaining("direct, ceiling, nio-ceiling, hub, hub-cluster, hub-cluster-2");
    }

    @Test
    void onlyTheHubsNeedThePackagedServer() {
        assertThat(List.of(Setup.values()).stream().filter(Setup::packagedServer)).containsExactly(Setup.HUB, Setup.HUB_CLUSTER, Setup.HUB_CLUSTER_2);
    }
}
