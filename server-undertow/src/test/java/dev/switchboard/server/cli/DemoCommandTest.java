package dev.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.hub.transport.TransportRegistry;
import dev.switchboard.testsupport.TestClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --demo}: the packaged server with its own ticking origin, through the real WebSocket
 * transport found on the class path.
 */
class DemoCommandTest {

    private RunningServer running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void demoServesTicksThroughTheDefaultHub() throws Exception {
        assertThat(TransportRegistry.discover(getClass().getClassLoader()).schemes())
                .as("the WebSocket transport is a runtime dependency of this module and must be on the test class path")
                .contains("ws");
        StringWriter err = new StringWriter();

        Main.Launch launch = Main.launch(new String[] {"--demo", "--listen", "127.0.0.1:0"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));

        assertThat(launch.running()).as("started; stderr: %s", err).isPresent();
        running = launch.running().get();
        assertThat(running.demo()).isPresent();
        assertThat(running.server().hubs().find("default").orElseThrow().upstream()).isEqualTo(running.demo().get().uri());
        assertThat(Main.startLine(running.server(), running.demo().get())).contains("demo origin " + running.demo().get().uri());
        try (TestClient client = TestClient.connect(running.server().hubUri("default"))) {
            JsonNode tick = new ObjectMapper().readTree(client.nextText());
            assertThat(tick.get("symbol").asText()).isEqualTo("SWB");
            assertThat(tick.has("seq")).isTrue();
        }
    }
}
