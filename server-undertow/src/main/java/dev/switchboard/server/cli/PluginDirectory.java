package dev.switchboard.server.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of {@code --plugins}: every {@code *.jar} in it is loaded into one class loader of
 * its own, whose parent is the server's, and transports are discovered from that loader, so the
 * plugins' transports sit beside the built-in ones. Plugins cannot replace the server's own
 * classes: the parent is asked first.
 *
 * @param directory the directory, or null for none
 * @param jars      the jars in it that open as jar files, by file name
 * @param skipped   a sentence for each {@code *.jar} that does not open (it is left out, and logged)
 */
record PluginDirectory(Path directory, List<Path> jars, List<String> skipped) {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDirectory.class);

    /** No {@code --plugins}. */
    static final PluginDirectory NONE = new PluginDirectory(null, List.of(), List.of());

    /** Copies the lists. */
    PluginDirectory {
        jars = List.copyOf(jars);
        skipped = List.copyOf(skipped);
    }

    /**
     * Checks the option's value and lists its jars.
     *
     * @param option the value of {@code --plugins}, or null when it was not given
     * @throws UsageException when the directory does not exist, is not a directory, or cannot be read
     */
    static PluginDirectory read(String option) {
        if (option == null) {
            return NONE;
        }
        Path directory;
        try {
            directory = Path.of(option);
        } catch (InvalidPathException e) {
            throw new UsageException("plugin directory '" + option + "' is not a valid path: " + e.getReason()
                    + "; give the directory that holds the plugin jars, or drop --plugins");
        }
        if (!Files.exists(directory)) {
            throw new UsageException("plugin directory '" + option + "' does not exist: create it or drop --plugins");
        }
        if (!Files.isDirectory(directory)) {
            throw new UsageException("plugin directory '" + option
                    + "' is not a directory: give the directory that holds the plugin jars, or drop --plugins");
        }
        List<Path> jars = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar") && Files.isRegularFile(entry)) {
                    jars.add(entry);
                }
            }
        } catch (IOException | SecurityException e) {
            throw new UsageException("plugin directory '" + option + "' cannot be read (" + e
                    + "): make it readable by the server's user, or drop --plugins");
        }
        jars.sort(Comparator.comparing(jar -> jar.getFileName().toString()));
        List<Path> usable = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile ignored = new JarFile(jar.toFile())) {
                usable.add(jar);
            } catch (IOException | SecurityException e) {
                skipped.add("plugin jar '" + jar + "' cannot be opened and is ignored: " + e.getMessage());
            }
        }
        return new PluginDirectory(directory, usable, skipped);
    }

    /** Whether {@code --plugins} was given. */
    boolean given() {
        return directory != null;
    }

    /**
     * The class loader to discover transports from: the server's own when no directory was given,
     * otherwise a new loader of the plugin jars whose parent is {@code parent}. Logs what it loads.
     * The caller closes a new loader (see {@link #close(ClassLoader)}) after the server stopped.
     */
    ClassLoader open(ClassLoader parent) {
        if (!given()) {
            return parent;
        }
        skipped.forEach(LOG::warn);
        if (jars.isEmpty()) {
            LOG.info("plugin directory {} holds no plugin jar", directory);
        } else {
            StringJoiner names = new StringJoiner(", ");
            jars.forEach(jar -> names.add(jar.getFileName().toString()));
            LOG.info("loading {} plugin jar(s) from {}: {}", jars.size(), directory, names);
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("a file path made an invalid URL: " + jars.get(i), e);
            }
        }
        return new URLClassLoader("switchboard-plugins", urls, Objects.requireNonNull(parent, "parent"));
    }

    /** Closes a loader that {@link #open} made; leaves any other alone. */
    static void close(ClassLoader loader) {
        if (loader instanceof URLClassLoader plugins && "switchboard-plugins".equals(plugins.getName())) {
            try {
                plugins.close();
            } catch (IOException e) {
                LOG.debug("closing the plugin class loader failed", e);
            }
        }
    }
}
