package dev.switchboard.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.spi.TransportProvider;
import dev.switchboard.api.spi.UpstreamConnection;
import dev.switchboard.api.spi.UpstreamListener;
import dev.switchboard.api.spi.UpstreamRequest;
import dev.switchboard.hub.testing.InMemoryTransportProvider;
import dev.switchboard.hub.transport.TransportNotFoundException;
import dev.switchboard.hub.transport.TransportRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportRegistryTest {

    @Test
    void findsTransportsListedInMetaInfServices() {
        TransportRegistry registry = TransportRegistry.discover(getClass().getClassLoader());
        assertThat(registry.forScheme("mem")).isInstanceOf(InMemoryTransportProvider.class);
        assertThat(registry.forScheme("MEM")).isInstanceOf(InMemoryTransportProvider.class);
        assertThat(registry.installed()).isEqualTo("mem (in-memory test transport)");
        assertThat(registry.problems()).isEmpty();
    }

    @Test
    void anUnknownSchemeNamesWhatIsInstalledAndWhatToAdd() {
        TransportRegistry registry = TransportRegistry.of(new InMemoryTransportProvider());
        assertThatThrownBy(() -> registry.forScheme("foo"))
                .isInstanceOf(TransportNotFoundException.class)
                .hasMessage("no transport handles scheme 'foo'; installed: mem (in-memory test transport). "
                        + "Add the plugin that provides 'foo' to the class path (or the server's --plugins directory).");
        assertThatThrownBy(() -> registry.forScheme("wss")).hasMessageContaining("Add the module switchboard-transport-websocket");
        assertThatThrownBy(() -> registry.forScheme("https")).hasMessageContaining("write sse+https://");
    }

    @Test
    void twoProvidersForOneSchemeIsAnErrorNamingBoth() {
        TransportRegistry registry = TransportRegistry.of(new InMemoryTransportProvider(), new OtherMem());
        assertThatThrownBy(() -> registry.forScheme("mem"))
                .hasMessageContaining("several transports claim scheme 'mem'")
                .hasMessageContaining(InMemoryTransportProvider.class.getName())
                .hasMessageContaining(OtherMem.class.getName());
        assertThat(registry.problems()).hasSize(1);
        assertThat(registry.forScheme("other")).isInstanceOf(OtherMem.class);
    }

    @Test
    void aBrokenPluginIsReportedByNameAndHidesNoOther(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(TransportProvider.class.getName()),
                "com.example.MissingTransport\n" + InMemoryTransportProvider.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            TransportRegistry registry = TransportRegistry.discover(loader);
            assertThat(registry.problems()).anySatisfy(p -> assertThat(p).contains("com.example.MissingTransport"));
            assertThat(registry.forScheme("mem")).isNotNull();
        }
    }

    @Test
    void aProviderThatThrowsFromSchemesIsSkippedWithAProblem() {
        TransportProvider broken = new OtherMem() {
            @Override
            public Set<String> schemes() {
                throw new IllegalStateException("bug");
            }
        };
        TransportRegistry registry = TransportRegistry.of(broken, new InMemoryTransportProvider());
        assertThat(registry.problems()).singleElement().satisfies(p -> assertThat(p).contains("failed in schemes()"));
        assertThat(registry.schemes()).containsExactly("mem");
    }

    static class OtherMem implements TransportProvider {
        @Override
        public Set<String> schemes() {
            return Set.of("mem", "other");
        }

        @Override
        public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
