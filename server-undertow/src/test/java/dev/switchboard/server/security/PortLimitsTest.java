package dev.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PortLimitsTest {

    @Test
    void eachHubAndEachAddressHoldsAtMostItsLimit() {
        PortLimits limits = new PortLimits(2);
        PortLimits.Reservation a1 = limits.reserve("prices", 3, "10.0.0.1");
        PortLimits.Reservation a2 = limits.reserve("news", 3, "10.0.0.1");
        assertThat(a1).isNotNull();
        assertThat(a2).isNotNull();
        assertThat(limits.refusal("prices", 3, "10.0.0.1")).contains("too many connections from 10.0.0.1").contains("2 per client address");
        assertThat(limits.reserve("prices", 3, "10.0.0.1")).isNull();
        assertThat(limits.reserve("prices", 3, "10.0.0.2")).isNotNull();
        assertThat(limits.reserve("prices", 3, "10.0.0.3")).isNotNull();
        assertThat(limits.refusal("prices", 3, "10.0.0.4")).contains("hub 'prices' is full");
        assertThat(limits.reserve("prices", 3, "10.0.0.4")).isNull();

        a1.release();
        a1.release(); // once only
        assertThat(limits.portsOf("10.0.0.1")).isEqualTo(1);
        assertThat(limits.reserve("prices", 3, "10.0.0.4")).isNotNull();
        assertThat(limits.reserve("prices", 3, "10.0.0.5")).isNull();
        a2.release();
        assertThat(limits.portsOf("10.0.0.1")).isZero();
    }
}
