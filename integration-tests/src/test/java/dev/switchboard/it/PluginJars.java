package dev.switchboard.it;

import dev.switchboard.api.spi.TransportProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds transport plugin jars at test time, the way a plugin author would: sources compiled
 * against the api alone, and a {@code META-INF/services} entry naming the provider. Nothing built
 * here is on the test class path, so a server can only find it through its plugins directory.
 */
final class PluginJars {

    static final String SERVICES = "META-INF/services/" + TransportProvider.class.getName();

    /** The scheme of {@link #echoPlugin}. */
    static final String ECHO_SCHEME = "itest+echo";

    /**
     * A complete plugin for {@code itest+echo://ANY}: a connection opens at once, and every message
     * sent to it comes back as a text message {@code "echo: " + text}, so ports that share it all
     * see what one of them sent. It follows the SPI's rules: callbacks one at a time on the
     * connection's own thread, exactly one final callback.
     */
    private static final String ECHO_SOURCE = """
            package itest.echo;

            import dev.switchboard.api.Message;
            import dev.switchboard.api.spi.TransportProvider;
            import dev.switchboard.api.spi.UpstreamConnection;
            import dev.switchboard.api.spi.UpstreamListener;
            import dev.switchboard.api.spi.UpstreamRequest;
            import java.io.ByteArrayOutputStream;
import java.io.IOException;
            import java.net.URI;
            import java.util.Set;
            import java.util.concurrent.ExecutorService;
            import java.util.concurrent.Executors;
            import java.util.concurrent.RejectedExecutionException;

            public final class EchoTransportProvider implements TransportProvider {
                @Override
                public Set<String> schemes() {
                    return Set.of("itest+echo");
                }

                @Override
                public String name() {
                    return "itest-echo-plugin";
                }

                @Override
                public UpstreamConnection connect(UpstreamRequest request, UpstreamListener listener) {
                    EchoConnection connection = new EchoConnection(request.uri(), listener);
                    connection.run(() -> listener.onOpen(connection));
                    return connection;
                }

                static final class EchoConnection implements UpstreamConnection {
                    private final URI uri;
                    private final UpstreamListener listener;
                    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "itest-echo-transport");
                        t.setDaemon(true);
                        return t;
                    });
                    private volatile boolean finished;

                    EchoConnection(URI uri, UpstreamListener listener) {
                        this.uri = uri;
                        this.listener = listener;
                    }

                    void run(Runnable task) {
                        try {
                            thread.execute(task);
                        } catch (RejectedExecutionException e) {
                            // finished already
                        }
                    }

                    @Override
                    public URI uri() {
                        return uri;
                    }

                    @Override
                    public boolean send(Message message) {
                        if (finished) {
                            return false;
                        }
                        String text = message.isText() ? message.text() : message.size() + " bytes";
                        run(() -> {
                            if (!finished) {
                                listener.onMessage(this, Message.text("echo: " + text));
                            }
                        });
                        return true;
                    }

                    @Override
                    public void close() {
                        run(() -> {
                            if (!finished) {
                                finished = true;
                                listener.onClosed(this, 1000, "closed by the client");
                            }
                            thread.shutdown();
                        });
                    }

                    @Override
                    public void cancel() {
                        run(() -> {
                            if (!finished) {
                                finished = true;
                                listener.onFailure(this, new IOException("canceled"));
                            }
                            thread.shutdown();
                        });
                    }
                }
            }
            """;

    private PluginJars() {
    }

    /** Compiles the {@code itest+echo} plugin and writes it as {@code dir/itest-echo.jar}. */
    static Path echoPlugin(Path dir, Path work) throws IOException {
        Path sources = Files.createDirectories(work.resolve("echo-src/itest/echo"));
        Path classes = Files.createDirectories(work.resolve("echo-classes"));
        Files.writeString(sources.resolve("EchoTransportProvider.java"), ECHO_SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("these tests build a plugin and need a JDK, not a JRE");
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, "--release", "17", "-proc:none", "-d", classes.toString(),
                "-cp", apiLocation().toString(), sources.resolve("EchoTransportProvider.java").toString());
        if (status != 0) {
            throw new IllegalStateException("compiling the echo plugin failed: " + diagnostics.toString(StandardCharsets.UTF_8));
        }
        Path jar = dir.resolve("itest-echo.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest());
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                put(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            put(out, SERVICES, "itest.echo.EchoTransportProvider\n".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** A jar whose services entry names {@code missingClass}, which it does not hold. */
    static Path brokenPlugin(Path dir, String missingClass) throws IOException {
        Path jar = dir.resolve("broken-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest())) {
            put(out, SERVICES, ("# a provider that is not in this jar\n" + missingClass + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /** Every entry of a jar, for checking what a built jar holds. */
    static List<String> entries(Path jar) throws IOException {
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            return file.stream().map(JarEntry::getName).toList();
        }
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return manifest;
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        OutputStream entry = out;
        entry.write(bytes);
        out.closeEntry();
    }

    /** The api's jar (or classes directory, in a reactor build): all a plugin compiles against. */
    private static Path apiLocation() {
        try {
            return Path.of(TransportProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
