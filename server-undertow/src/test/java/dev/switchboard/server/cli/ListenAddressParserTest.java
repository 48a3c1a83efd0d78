package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.server.ListenAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListenAddressParserTest {

    @Test
    void readsHostAndPort() {
        assertThat(ListenAddressParser.parse("127.0.0.1:8080")).isEqualTo(new ListenAddress("127.0.0.1", 8080));
        assertThat(ListenAddressParser.parse("localhost:0")).isEqualTo(new ListenAddress("localhost", 0));
        assertThat(ListenAddressParser.parse("0.0.0.0:65535")).isEqualTo(new ListenAddress("0.0.0.0", 65535));
        assertThat(ListenAddressParser.parse("[::1]:9000")).isEqualTo(new ListenAddress("::1", 9000));
        assertThat(new ListenAddress("::1", 9000)).hasToString("[::1]:9000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080", "nohostport", "host:", ":8080", "host:http", "host:65536", "host:-1", "::1:80", ""})
    void rejectsMalformedAddressesNamingTheValue(String text) {
        assertThatThrownBy(() -> ListenAddressParser.parse(text))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("invalid --listen '" + text + "': ")
                .hasMessageContaining("e.g.");
    }
}
