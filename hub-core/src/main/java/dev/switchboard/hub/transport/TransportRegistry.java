package dev.switchboard.hub.transport;

import dev.switchboard.api.spi.TransportProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed transports, by URI scheme.
 *
 * <p>{@link #discover} walks {@link ServiceLoader} one provider at a time and catches
 * {@link ServiceConfigurationError} for each, so one broken plugin jar is reported by name and
 * does not hide the others. Two providers claiming one scheme is an error for that scheme,
 * naming both classes; other schemes keep working.
 */
public final class TransportRegistry {

    private static final Logger log = LoggerFactory.getLogger(TransportRegistry.class);

    /** Where the built-in schemes come from, so a missing one can be named with its module. */
    private static final Map<String, String> KNOWN_MODULES = Map.of(
            "ws", "switchboard-transport-websocket",
            "wss", "switchboard-transport-websocket",
            "sse+http", "switchboard-transport-sse",
            "sse+https", "switchboard-transport-sse");

    private final Map<String, TransportProvider> byScheme;
    private final Map<String, List<TransportProvider>> conflicts;
    private final List<String> problems;

    private TransportRegistry(List<TransportProvider> providers, List<String> problems) {
        Map<String, List<TransportProvider>> claims = new LinkedHashMap<>();
        List<String> found = new ArrayList<>(problems);
        for (TransportProvider provider : providers) {
            Set<String> schemes;
            try {
                schemes = provider.schemes();
            } catch (RuntimeException e) {
                found.add("transport " + provider.getClass().getName() + " failed in schemes(): " + e);
                continue;
            }
            if (schemes == null || schemes.isEmpty()) {
                found.add("transport " + provider.getClass().getName() + " claims no scheme; it is ignored");
                continue;
            }
            for (String scheme : schemes) {
                claims.computeIfAbsent(scheme.toLowerCase(Locale.ROOT), s -> new ArrayList<>()).add(provider);
            }
        }
        Map<String, TransportProvider> single = new LinkedHashMap<>();
        Map<String, List<TransportProvider>> several = new LinkedHashMap<>();
        claims.forEach((scheme, list) -> {
            if (list.size() == 1) {
                single.put(scheme, list.get(0));
            } else {
                several.put(scheme, List.copyOf(list));
                found.add(conflictMessage(scheme, list));
            }
        });
        this.byScheme = Collections.unmodifiableMap(single);
        this.conflicts = Collections.unmodifiableMap(several);
        this.problems = List.copyOf(found);
        this.problems.forEach(p -> log.warn("{}", p));
    }

    /** Finds every transport that {@code loader} can see. */
    public static TransportRegistry discover(ClassLoader loader) {
        List<TransportProvider> providers = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Iterator<TransportProvider> it = ServiceLoader.load(TransportProvider.class, loader).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                providers.add(it.next());
            } catch (ServiceConfigurationError e) {
                problems.add("a transport plugin failed to load and is ignored: " + e.getMessage()
                        + (e.getCause() != null ? " (" + e.getCause() + ")" : ""));
            }
        }
        return new TransportRegistry(providers, problems);
    }

    /** Finds every transport on the class path of this thread's context class loader. */
    public static TransportRegistry discover() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return discover(loader != null ? loader : TransportRegistry.class.getClassLoader());
    }

    /** A registry of exactly these providers, for embedding and tests. */
    public static TransportRegistry of(TransportProvider... providers) {
        return new TransportRegistry(List.of(providers), List.of());
    }

    /**
     * The provider for a scheme.
     *
     * @throws TransportNotFoundException when none handles it, or two do; the message names
     *     the scheme, what is installed and the fix
     */
    public TransportProvider forScheme(String scheme) {
        String key = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        TransportProvider provider = byScheme.get(key);
        if (provider != null) {
            return provider;
        }
        List<TransportProvider> claimants = conflicts.get(key);
        if (claimants != null) {
            throw new TransportNotFoundException(conflictMessage(key, claimants));
        }
        StringBuilder m = new StringBuilder("no transport handles scheme '").append(key).append("'; installed: ")
                .append(installed()).append(". ");
        String module = KNOWN_MODULES.get(key);
        if (module != null) {
            m.append("Add the module ").append(module).append(" to the class path.");
        } else if (key.equals("http") || key.equals("https")) {
            m.append("For a Server-Sent Events upstream write sse+").append(key)
                    .append("://… (module switchboard-transport-sse).");
        } else {
            m.append("Add the plugin that provides '").append(key).append("' to the class path (or the server's --plugins directory).");
        }
        throw new TransportNotFoundException(m.toString());
    }

    /** The installed schemes with the transport that provides them, e.g. {@code ws, wss (transport-websocket)}. */
    public String installed() {
        if (byScheme.isEmpty()) {
            return "none";
        }
        Map<TransportProvider, Set<String>> schemesOf = new LinkedHashMap<>();
        byScheme.forEach((scheme, provider) -> schemesOf.computeIfAbsent(provider, p -> new TreeSet<>()).add(scheme));
        return schemesOf.entrySet().stream()
                .map(e -> String.join(", ", e.getValue()) + " (" + nameOf(e.getKey()) + ")")
                .sorted()
                .collect(Collectors.joining("; "));
    }

    /** The schemes that exactly one provider handles. */
    public Set<String> schemes() {
        return byScheme.keySet();
    }

    /** Problems met during discovery: broken plugins, conflicting claims. Empty when all is well. */
    public List<String> problems() {
        return problems;
    }

    private static String conflictMessage(String scheme, List<TransportProvider> claimants) {
        return "several transports claim scheme '" + scheme + "': "
                + claimants.stream().map(p -> p.getClass().getName() + " (" + nameOf(p) + ")").collect(Collectors.joining(" and "))
                + "; remove all but one of them from the class path";
    }

    private static String nameOf(TransportProvider provider) {
        try {
            return provider.name();
        } catch (RuntimeException e) {
            return provider.getClass().getName();
        }
    }
}
