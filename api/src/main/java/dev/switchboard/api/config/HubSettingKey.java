package dev.switchboard.api.config;

import dev.switchboard.api.Message;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The names of a hub's settings, and how each is read from text: the one table that the
 * command line ({@code --KEY VALUE}), a configuration file ({@code KEY: VALUE}) and the
 * documentation share. Keys are kebab-case; durations are written as {@link Durations} reads
 * them ({@code 500ms}, {@code 30s}, {@code 5m}), sizes as {@link Sizes} reads them ({@code 1048576},
 * {@code 512KiB}, {@code 1MiB}), counts as whole numbers, the slow
 * policy as {@code end} or {@code drop-oldest}, booleans as {@code true} or {@code false}.
 * The two repeatable keys take one item per value: a header as {@code NAME=VALUE}, an
 * on-connect message as its text.
 *
 * <p>To add a setting: a component (with its check) in {@link HubSettings} and a setter in its
 * builder, a constant here, and the option of the same name on the command line.
 */
public enum HubSettingKey {
    /** {@link HubSettings#headers()}; repeatable, {@code NAME=VALUE}; on the command line {@code --header}. */
    HEADERS("headers", "--header", true, s -> "", HubSettingKey::header),
    /** {@link HubSettings#connectTimeout()}. */
    CONNECT_TIMEOUT("connect-timeout", s -> Durations.format(s.connectTimeout()),
            (b, t) -> b.connectTimeout(Durations.parse(t, "connect-timeout"))),
    /** {@link HubSettings#upstreamHeartbeat()}. */
    UPSTREAM_HEARTBEAT("upstream-heartbeat", s -> Durations.format(s.upstreamHeartbeat()),
            (b, t) -> b.upstreamHeartbeat(Durations.parse(t, "upstream-heartbeat"))),
    /** {@link HubSettings#upstreamTimeout()}. */
    UPSTREAM_TIMEOUT("upstream-timeout", s -> Durations.format(s.upstreamTimeout()),
            (b, t) -> b.upstreamTimeout(Durations.parse(t, "upstream-timeout"))),
    /** {@link HubSettings#maxMessageSize()}. */
    MAX_MESSAGE_SIZE("max-message-size", s -> String.valueOf(s.maxMessageSize()),
            (b, t) -> b.maxMessageSize(Sizes.parseInt(t, "max-message-size"))),
    /** {@link HubSettings#linger()}. */
    LINGER("linger", s -> Durations.format(s.linger()), (b, t) -> b.linger(Durations.parse(t, "linger"))),
    /** {@link HubSettings#eager()}. */
    EAGER("eager", s -> String.valueOf(s.eager()), (b, t) -> b.eager(bool(t, "eager"))),
    /** {@link BackoffPolicy#base()} of {@link HubSettings#backoff()}. */
    BACKOFF_BASE("backoff-base", s -> Durations.format(s.backoff().base()),
            (b, t) -> b.backoffBase(Durations.parse(t, "backoff-base"))),
    /** {@link BackoffPolicy#cap()} of {@link HubSettings#backoff()}. */
    BACKOFF_CAP("backoff-cap", s -> Durations.format(s.backoff().cap()),
            (b, t) -> b.backoffCap(Durations.parse(t, "backoff-cap"))),
    /** {@link BackoffPolicy#resetAfter()} of {@link HubSettings#backoff()}. */
    BACKOFF_RESET("backoff-reset", s -> Durations.format(s.backoff().resetAfter()),
            (b, t) -> b.backoffReset(Durations.parse(t, "backoff-reset"))),
    /** {@link HubSettings#portHeartbeat()}. */
    PORT_HEARTBEAT("port-heartbeat", s -> Durations.format(s.portHeartbeat()),
            (b, t) -> b.portHeartbeat(Durations.parse(t, "port-heartbeat"))),
    /** {@link HubSettings#portTimeout()}. */
    PORT_TIMEOUT("port-timeout", s -> Durations.format(s.portTimeout()),
            (b, t) -> b.portTimeout(Durations.parse(t, "port-timeout"))),
    /** {@link HubSettings#portQueue()}. */
    PORT_QUEUE("port-queue", s -> String.valueOf(s.portQueue()), (b, t) -> b.portQueue(count(t, "port-queue"))),
    /** {@link HubSettings#slowPolicy()}. */
    SLOW_POLICY("slow-policy", s -> s.slowPolicy().text(), (b, t) -> b.slowPolicy(SlowPortPolicy.parse(t, "slow-policy"))),
    /** {@link HubSettings#upstreamQueue()}. */
    UPSTREAM_QUEUE("upstream-queue", s -> String.valueOf(s.upstreamQueue()),
            (b, t) -> b.upstreamQueue(count(t, "upstream-queue"))),
    /** {@link HubSettings#replay()}. */
    REPLAY("replay", s -> String.valueOf(s.replay()), (b, t) -> b.replay(count(t, "replay"))),
    /** {@link HubSettings#replayAge()}. */
    REPLAY_AGE("replay-age", s -> Durations.format(s.replayAge()), (b, t) -> b.replayAge(Durations.parse(t, "replay-age"))),
    /** {@link HubSettings#onConnect()}; repeatable, one text frame per value, sent in order. */
    ON_CONNECT("on-connect", "--on-connect", true, s -> "", (b, t) -> b.onConnect(Message.text(t))),
    /** {@link HubSettings#maxPorts()}. */
    MAX_PORTS("max-ports", s -> String.valueOf(s.maxPorts()), (b, t) -> b.maxPorts(count(t, "max-ports"))),
    /** {@link HubSettings#maxRefusals()}. */
    MAX_REFUSALS("max-refusals", s -> String.valueOf(s.maxRefusals()), (b, t) -> b.maxRefusals(count(t, "max-refusals"))),
    /** {@link HubSettings#maxFrameSize()}. */
    MAX_FRAME_SIZE("max-frame-size", s -> String.valueOf(s.maxFrameSize()),
            (b, t) -> b.maxFrameSize(Sizes.parseInt(t, "max-frame-size"))),
    /** {@link HubSettings#upstreamCa()}; a file path; empty text, the default, means none. */
    UPSTREAM_CA("upstream-ca", s -> s.upstreamCa().map(java.nio.file.Path::toString).orElse(""),
            (b, t) -> b.upstreamCa(path(t, "upstream-ca"))),
    /** {@link HubSettings#upstreamBuffer()}. */
    UPSTREAM_BUFFER("upstream-buffer", s -> String.valueOf(s.upstreamBuffer()),
            (b, t) -> b.upstreamBuffer(Sizes.parseInt(t, "upstream-buffer"))),
    /** {@link HubSettings#upstreamDrainTimeout()}. */
    UPSTREAM_DRAIN_TIMEOUT("upstream-drain-timeout", s -> Durations.format(s.upstreamDrainTimeout()),
            (b, t) -> b.upstreamDrainTimeout(Durations.parse(t, "upstream-drain-timeout")));

    private static final Map<String, HubSettingKey> BY_KEY =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(HubSettingKey::key, k -> k));

    private final String key;
    private final String flag;
    private final boolean repeatable;
    private final Function<HubSettings, String> shown;
    private final BiConsumer<HubSettings.Builder, String> reader;

    HubSettingKey(String key, Function<HubSettings, String> shown, BiConsumer<HubSettings.Builder, String> reader) {
        this(key, "--" + key, false, shown, reader);
    }

    HubSettingKey(String key, String flag, boolean repeatable, Function<HubSettings, String> shown,
                  BiConsumer<HubSettings.Builder, String> reader) {
        this.key = key;
        this.flag = flag;
        this.repeatable = repeatable;
        this.shown = shown;
        this.reader = reader;
    }

    /** The key, e.g. {@code replay-age}: the name in a configuration file and in error messages. */
    public String key() {
        return key;
    }

    /** The command-line option, e.g. {@code --replay-age}; {@code --header} for {@link #HEADERS}. */
    public String flag() {
        return flag;
    }

    /** Whether the setting takes several values, each adding one item. */
    public boolean repeatable() {
        return repeatable;
    }

    /** The default as a user writes it, e.g. {@code 30s}; empty for a repeatable setting (default: none). */
    public String defaultText() {
        return shown.apply(HubSettings.defaults());
    }

    /** The value in {@code settings} as a user writes it; empty for a repeatable setting. */
    public String textIn(HubSettings settings) {
        return shown.apply(settings);
    }

    /**
     * Reads {@code text} into {@code builder}: sets the setting, or adds one item to a repeatable
     * one. Whether the value fits the others is checked by {@link HubSettings.Builder#build()}.
     *
     * @throws IllegalArgumentException when the text is not of the setting's form, naming key, text and form
     */
    public void apply(HubSettings.Builder builder, String text) {
        reader.accept(builder, text);
    }

    /** The setting with this key, if there is one. */
    public static Optional<HubSettingKey> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /**
     * The setting with this key.
     *
     * @throws IllegalArgumentException naming the key and listing the known ones
     */
    public static HubSettingKey forKey(String key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException("unknown hub setting '" + key + "': use one of "
                + Arrays.stream(values()).map(HubSettingKey::key).collect(Collectors.joining(", "))));
    }

    private static void header(HubSettings.Builder builder, String text) {
        int equals = text == null ? -1 : text.indexOf('=');
        if (equals <= 0 || equals == text.length() - 1 || text.substring(0, equals).isBlank()) {
            throw new IllegalArgumentException("invalid headers '" + headerShown(text) + "': write NAME=VALUE, e.g. Authorization=Bearer abc");
        }
        builder.header(text.substring(0, equals).trim(), text.substring(equals + 1));
    }

    // A malformed header (say "Authorization: Bearer abc") may still hold its secret: show the name only.
    private static String headerShown(String text) {
        if (text == null) {
            return "null";
        }
        int cut = 0;
        while (cut < text.length() && text.charAt(cut) != ':' && text.charAt(cut) != '=' && !Character.isWhitespace(text.charAt(cut))) {
            cut++;
        }
        return cut == text.length() ? text : text.substring(0, cut) + " " + dev.switchboard.api.Redacted.MASK;
    }

    private static int count(String text, String key) {
        String trimmed = text == null ? "" : text.trim();
        if (!trimmed.matches("-?\\d+")) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': write a whole number, e.g. "
                    + forKey(key).defaultText());
        }
        try {
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': the number is too large; write at most "
                    + Integer.MAX_VALUE);
        }
    }

    private static java.nio.file.Path path(String text, String key) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            return null; // none: the default
        }
        try {
            return java.nio.file.Path.of(trimmed);
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException("invalid " + key + " '" + text + "': " + e.getReason());
        }
    }

    private static boolean bool(String text, String key) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("true") || trimmed.equals("false")) {
            return Boolean.parseBoolean(trimmed);
        }
        throw new IllegalArgumentException("invalid " + key + " '" + text + "': write true or false");
    }
}
