package dev.switchboard.server.cli;

import dev.switchboard.api.config.HubSettingKey;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options of {@code switchboard-server}, as picocli reads them. Values stay text here, so
 * that {@link ConfigReader} reads them the way a configuration file is read and reports a bad one
 * in a sentence that names it. A hub setting's option is named {@code --KEY} after its
 * {@link HubSettingKey} and has no default of its own: {@link HubSettingDefaults} gives picocli
 * the default from {@link dev.switchboard.api.config.HubSettings}, and {@code --help} shows it.
 */
@Command(
        name = "switchboard-server",
        mixinStandardHelpOptions = true,
        defaultValueProvider = HubSettingDefaults.class,
        version = "switchboard-server 0.1.0-SNAPSHOT",
        sortOptions = false,
        usageHelpWidth = 100,
        description = {
                "Lets many WebSocket clients share one upstream connection per hub.",
                "Clients connect to ws://HOST:PORT/hubs/NAME/ws; the hub set by --upstream (or --demo) is named 'default'.",
                "SSE clients read GET /hubs/NAME/events and send with POST /hubs/NAME/messages?port=PORT.",
                "GET /healthz reports every hub. A DURATION is a whole number followed by ms, s, m or h, e.g. 500ms, 2s, 1m.",
                "BYTES is a whole number of bytes or one with KiB, MiB or GiB, e.g. 1MiB."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:The server stopped normally, or help or the version was shown.",
                "1:An unexpected failure (a bug); a stack trace follows.",
                "2:Bad input: an invalid option or value, an upstream no installed transport handles, or a "
                        + "listen address that cannot be used. One line on stderr says what to change."
        })
final class CliOptions {

    /** The parsed command, through which {@link ConfigReader} reads the hub settings by key. */
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where clients connect; port 0 picks a free port.%nDefault: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--upstream", paramLabel = "URI",
            description = "The upstream of the hub named 'default', e.g. ws://127.0.0.1:9001/feed. "
                    + "Default: none; give it, --demo, or at least one --hub.")
    String upstream;

    @Option(names = "--hub", paramLabel = "NAME=URI",
            description = "An extra hub served at /hubs/NAME/ws, e.g. prices=ws://127.0.0.1:9001/prices; repeat for more. "
                    + "Default: none.")
    List<String> hubs = new ArrayList<>();

    @Option(names = "--header", paramLabel = "NAME=VALUE",
            description = "A request header sent when connecting to every upstream, e.g. Authorization=Bearer abc; "
                    + "repeat for more. Default: none.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--upstream-ca", paramLabel = "FILE",
            description = "A PEM file of CA certificates that wss:// and sse+https:// upstreams are checked against "
                    + "instead of the JVM's trust store (a private CA); host names are checked either way. Default: none.")
    String upstreamCa;

    @Option(names = "--header-file", paramLabel = "FILE",
            description = "A file of request headers sent when connecting to every upstream, one 'Name: value' a line "
                    + "('#' starts a comment); unlike --header, whose values every user sees in the process list, "
                    + "it keeps secrets off the command line. Default: none.")
    String headerFile;

    @Option(names = "--header-env", paramLabel = "NAME=VARIABLE",
            description = "A request header sent when connecting to every upstream, its value read from the environment "
                    + "variable VARIABLE, e.g. Authorization=FEED_AUTH; repeat for more. Default: none.")
    List<String> headerEnvs = new ArrayList<>();

    @Option(names = "--linger", paramLabel = "DURATION",
            description = "How long an upstream stays open after its last client leaves. Default: ${DEFAULT-VALUE}.")
    String linger;

    @Option(names = "--backoff-base", paramLabel = "DURATION",
            description = "The first reconnect delay after an upstream fails; it grows with each further failure. "
                    + "Default: ${DEFAULT-VALUE}.")
    String backoffBase;

    @Option(names = "--backoff-cap", paramLabel = "DURATION",
            description = "The longest reconnect delay. Default: ${DEFAULT-VALUE}.")
    String backoffCap;

    @Option(names = "--backoff-reset", paramLabel = "DURATION",
            description = "An upstream connection open this long resets the reconnect delay to --backoff-base. "
                    + "Default: ${DEFAULT-VALUE}.")
    String backoffReset;

    @Option(names = "--connect-timeout", paramLabel = "DURATION",
            description = "How long one upstream connection attempt may take. Default: ${DEFAULT-VALUE}.")
    String connectTimeout;

    @Option(names = "--eager",
            description = "Connect every upstream at start instead of when its first client arrives. Default: ${DEFAULT-VALUE}.")
    boolean eager;

    @Option(names = "--max-frame-size", paramLabel = "BYTES",
            description = "The largest message a client may send; a larger one closes that client with code 1009. "
                    + "Default: ${DEFAULT-VALUE}.")
    String maxFrameSize;

    @Option(names = "--port-heartbeat", paramLabel = "DURATION",
            description = "How often each client is pinged. Default: ${DEFAULT-VALUE}.")
    String portHeartbeat;

    @Option(names = "--port-timeout", paramLabel = "DURATION",
            description = "A client silent this long is disconnected with code 1001. Default: ${DEFAULT-VALUE}.")
    String portTimeout;

    @Option(names = "--replay", paramLabel = "COUNT",
            description = "How many recent messages each hub keeps so that a client reconnecting with ?since=CURSOR "
                    + "misses nothing; 0 turns resume off. Must be at least 2 less than --port-queue. "
                    + "Default: ${DEFAULT-VALUE}.")
    String replay;

    @Option(names = "--replay-age", paramLabel = "DURATION",
            description = "How long a message stays in the replay buffer. Default: ${DEFAULT-VALUE}.")
    String replayAge;

    @Option(names = "--port-queue", paramLabel = "ITEMS",
            description = "How many messages may wait for one client before it counts as slow (see --slow-policy). "
                    + "Default: ${DEFAULT-VALUE}.")
    String portQueue;

    @Option(names = "--slow-policy", paramLabel = "end|drop-oldest",
            description = "What happens to a client whose queue is full: 'end' disconnects it with code 1008 (it can "
                    + "reconnect and resume); 'drop-oldest' drops its backlog, tells it with a gap, and keeps it. "
                    + "Default: ${DEFAULT-VALUE}.")
    String slowPolicy;

    @Option(names = "--upstream-queue", paramLabel = "COUNT",
            description = "How many client messages may wait for a reconnecting upstream; more are refused. "
                    + "Default: ${DEFAULT-VALUE}.")
    String upstreamQueue;

    @Option(names = "--on-connect", paramLabel = "TEXT",
            description = "A text frame sent to every upstream after each (re)connect, e.g. a subscribe message "
                    + "'{\"subscribe\":\"prices\"}'; repeat for more, sent in order. Default: none.")
    List<String> onConnect = new ArrayList<>();

    @Option(names = "--upstream-heartbeat", paramLabel = "DURATION",
            description = "How often a quiet upstream is pinged. Default: ${DEFAULT-VALUE}.")
    String upstreamHeartbeat;

    @Option(names = "--upstream-timeout", paramLabel = "DURATION",
            description = "An upstream silent this long counts as failed and is reconnected. Default: ${DEFAULT-VALUE}.")
    String upstreamTimeout;

    @Option(names = "--max-message-size", paramLabel = "BYTES",
            description = "The largest message accepted from an upstream. Default: ${DEFAULT-VALUE}.")
    String maxMessageSize;

    @Option(names = "--max-ports", paramLabel = "COUNT",
            description = "The most clients one hub serves at once; more are refused with code 1013. "
                    + "Default: ${DEFAULT-VALUE}.")
    String maxPorts;

    @Option(names = "--max-refusals", paramLabel = "COUNT",
            description = "How many times in a row an upstream may refuse the connection (an HTTP error status, a wrong "
                    + "content type) before its hub stops retrying until a client attaches again; network failures are "
                    + "retried without limit. Default: ${DEFAULT-VALUE}.")
    String maxRefusals;

    @Option(names = "--upstream-buffer", paramLabel = "BYTES",
            description = "The most bytes an upstream connection may hold unwritten; a client message that would go past "
                    + "it is refused (an error reply, 503, or 1013). Default: ${DEFAULT-VALUE}.")
    String upstreamBuffer;

    @Option(names = "--upstream-drain-timeout", paramLabel = "DURATION",
            description = "An upstream over --upstream-buffer that takes none of its buffered bytes for this long counts "
                    + "as dead and is reconnected. Default: ${DEFAULT-VALUE}.")
    String upstreamDrainTimeout;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "A directory of transport plugin jars: every *.jar in it is loaded, and the upstream schemes "
                    + "its transports handle (found through META-INF/services) can be used beside the built-in ws, wss, "
                    + "sse+http and sse+https. A jar that fails to load is logged and left out. Default: none.")
    String plugins;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN",
            description = "A web page origin allowed to attach, written scheme://host[:port], e.g. https://app.example.com; "
                    + "repeat for more; * allows every origin. A handshake from another origin gets 403. "
                    + "Default: the server's own origin only.")
    List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--require-origin", defaultValue = "false",
            description = "Refuse (403) requests without an Origin header, i.e. every non-browser client. "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean requireOrigin;

    @Option(names = "--auth", paramLabel = "none|bearer|jwt", defaultValue = "none",
            description = "How clients authenticate at the handshake (401 when they fail): 'bearer' compares a static "
                    + "token with the one in the environment variable of --auth-token-env; 'jwt' verifies a JWT "
                    + "(HS256 with the secret in the variable of --jwt-secret-env, or RS256/ES256 with --jwt-jwks) "
                    + "whose aud is the hub's name. Clients send the token as 'Authorization: Bearer TOKEN', in the "
                    + "cookie of --auth-cookie, or as the query parameter access_token. Default: ${DEFAULT-VALUE}.")
    String auth;

    @Option(names = "--auth-token-env", paramLabel = "NAME", defaultValue = "SWITCHBOARD_TOKEN",
            description = "The environment variable holding the bearer token of --auth bearer (never pass a secret on "
                    + "the command line). Default: ${DEFAULT-VALUE}.")
    String authTokenEnv;

    @Option(names = "--jwt-secret-env", paramLabel = "NAME", defaultValue = "SWITCHBOARD_JWT_SECRET",
            description = "The environment variable holding the HS256 secret of --auth jwt (at least 32 bytes). "
                    + "Default: ${DEFAULT-VALUE}.")
    String jwtSecretEnv;

    @Option(names = "--jwt-jwks", paramLabel = "FILE",
            description = "A JWKS file of the public keys (RS256, ES256) that sign the tokens of --auth jwt; "
                    + "used instead of --jwt-secret-env. Default: none.")
    String jwtJwks;

    @Option(names = "--jwt-clock-skew", paramLabel = "DURATION", defaultValue = "30s",
            description = "How far a JWT's exp and nbf may be off the server's clock. Default: ${DEFAULT-VALUE}.")
    String jwtClockSkew;

    @Option(names = "--auth-cookie", paramLabel = "NAME",
            description = "A cookie that may carry the client's token. Default: none.")
    String authCookie;

    @Option(names = "--max-ports-per-address", paramLabel = "COUNT", defaultValue = "256",
            description = "The most clients one IP address holds over all hubs; more get 503 (or 1013). "
                    + "Default: ${DEFAULT-VALUE}.")
    String maxPortsPerAddress;

    @Option(names = "--send-rate", paramLabel = "COUNT", defaultValue = "1000",
            description = "Messages per second one client may send upstream (bursts of as many); 0 for no limit. "
                    + "Default: ${DEFAULT-VALUE}.")
    String sendRate;

    @Option(names = "--send-bytes-rate", paramLabel = "BYTES", defaultValue = "16777216",
            description = "Bytes per second one client may send upstream; 0 for no limit. Default: ${DEFAULT-VALUE}.")
    String sendBytesRate;

    @Option(names = "--rate-policy", paramLabel = "refuse|close", defaultValue = "refuse",
            description = "What a message over the send rate gets: 'refuse' drops it and says so (an error envelope, "
                    + "429 for an SSE post; a raw-mode client, which cannot be told, is closed with 1008); 'close' "
                    + "closes the client with 1008. Default: ${DEFAULT-VALUE}.")
    String ratePolicy;

    @Option(names = "--handshake-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long a client may take to send a whole request, the WebSocket handshake included; a "
                    + "half-sent request is closed after it. Default: ${DEFAULT-VALUE}.")
    String handshakeTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long an HTTP connection may stay open with no request. Default: ${DEFAULT-VALUE}.")
    String idleTimeout;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "The listener's certificate chain (PEM); with --tls-key, clients connect with https and wss. "
                    + "Default: none (plain http).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The private key of --tls-cert (PEM, PKCS#8). Default: none.")
    String tlsKey;

    @Option(names = "--cluster", paramLabel = "redis://HOST:PORT",
            description = "Share every hub with the other instances given the same Redis: one of them holds each "
                    + "upstream, every one fans out from the hub's stream in Redis, and a client resumes on any instance "
                    + "(docs/cluster.md). Redis must answer at start. Default: none (this instance on its own).")
    String cluster;

    @Option(names = "--cluster-lease", paramLabel = "DURATION", defaultValue = "3s",
            description = "With --cluster: how long a leader's lease lasts without renewal, so how long a dead leader "
                    + "keeps its hubs before another instance takes over. Default: ${DEFAULT-VALUE}.")
    String clusterLease;

    @Option(names = "--cluster-tick", paramLabel = "DURATION", defaultValue = "250ms",
            description = "With --cluster: how often leases are renewed or tried and interest refreshed; at most a third "
                    + "of --cluster-lease. Default: ${DEFAULT-VALUE}.")
    String clusterTick;

    @Option(names = "--io-threads", paramLabel = "COUNT|auto", defaultValue = "auto",
            description = "The listener's I/O threads: each owns a share of the client connections, reads their frames "
                    + "and writes their fan-out. 'auto' is one per core and at least two; fewer can cost less CPU per "
                    + "delivery where the cores are shared (docs/operations.md). Default: ${DEFAULT-VALUE}.")
    String ioThreads;

    @Option(names = "--demo", defaultValue = "false",
            description = "Start a built-in demo origin on 127.0.0.1 that publishes a JSON price tick every 500ms "
                    + "and echoes what it receives, and make it the default hub's upstream; not with --upstream. "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean demo;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML configuration file: server-wide keys, 'defaults:' for every hub and any number of "
                    + "'hubs:' (docs/operations.md). Options and SWITCHBOARD_* environment variables override it; "
                    + "$${VAR} in it is replaced by the environment variable VAR. Default: none.")
    String config;

    @Option(names = "--check-config", paramLabel = "FILE",
            description = "Check the configuration file FILE (with the options and environment given), print the "
                    + "effective configuration with secrets redacted and exit 0, or print every error and exit 2. "
                    + "Default: none.")
    String checkConfig;

    @Mixin
    ProcessOptions process = new ProcessOptions();
}
