package dev.switchboard.server.cli;

import dev.switchboard.api.Redacted;
import dev.switchboard.api.Hub;
import dev.switchboard.server.ServerConfig;
import dev.switchboard.server.ServerStartException;
import dev.switchboard.server.SwitchboardServer;
import dev.switchboard.server.attach.ClientAddress;
import dev.switchboard.server.demo.DemoOrigin;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code java -jar switchboard-server.jar --listen 127.0.0.1:8080 --upstream ws://127.0.0.1:9001/feed}
 *
 * <p>Bad input prints one line on stderr and exits with {@link ExitCodes#BAD_INPUT}; see
 * {@code --help} for the options and exit codes. The log goes to stdout, so that stderr holds
 * nothing but that line (or, for a bug, its stack trace). The logic lives in {@link #launch} and
 * {@link #run}, which return instead of exiting, so that tests run it in-process.
 */
public final class Main {

    private Main() {
    }

    /** Runs the server until the JVM is told to stop (Ctrl-C, SIGTERM). */
    public static void main(String[] args) {
        LogSetup.beforeStart();
        PrintWriter out = new PrintWriter(System.out, true, Charset.defaultCharset());
        PrintWriter err = new PrintWriter(System.err, true, Charset.defaultCharset());
        boolean logback = LogSetup.isLogback();
        Launch launch = launch(args, out, err, System.getenv(), logback);
        Optional<RunningServer> running = launch.running();
        if (logback) {
            LogSetup.startEnded(running.isPresent());
        }
        if (running.isEmpty()) {
            System.exit(launch.exitCode());
            return;
        }
        RunningServer server = running.get();
        // SIGTERM and SIGINT drain; the hook still closes the server on any other way out.
        ShutdownSignals.install(server, launch.drainTimeout, launch.drainAcceptGrace);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "switchboard-shutdown"));
        try {
            server.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Runs the command in-process: returns at once for help and bad input, and otherwise serves
     * until the current thread is interrupted, then stops the server.
     *
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Launch launch = launch(args, out, err);
        if (launch.running().isEmpty()) {
            return launch.exitCode();
        }
        try (RunningServer server = launch.running().get()) {
            server.awaitStopped();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ExitCodes.OK;
    }

    /**
     * Parses the arguments and, unless they ask for help or are bad, starts the server (and the
     * demo origin) and returns it running.
     */
    public static Launch launch(String[] args, PrintWriter out, PrintWriter err) {
        return launch(args, out, err, System.getenv(), false);
    }

    /** As {@link #launch(String[], PrintWriter, PrintWriter)}, with secrets read from {@code env}, not the process's environment. */
    public static Launch launch(String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> env) {
        return launch(args, out, err, env, false);
    }

    /** As {@link #launch(String[], PrintWriter, PrintWriter, java.util.Map)}; with {@code ownLogging}, applies {@code --log-format} and {@code --log-level}. */
    private static Launch launch(String[] args, PrintWriter out, PrintWriter err, java.util.Map<String, String> env,
                                 boolean ownLogging) {
        CliOptions options = new CliOptions();
        CommandLine command = new CommandLine(options).setOut(out).setErr(err);
        CommandLine.ParseResult parsed;
        try {
            parsed = command.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return badInput(err, e.getMessage() + " (see --help)");
        }
        if (command.isUsageHelpRequested()) {
            command.usage(out);
            return Launch.exited(ExitCodes.OK);
        }
        if (command.isVersionHelpRequested()) {
            command.printVersionHelp(out);
            return Launch.exited(ExitCodes.OK);
        }

        if (options.checkConfig != null) {
            return Launch.exited(ConfigCheck.run(options, parsed, env, out, err));
        }

        LaunchPlan plan;
        Duration drainTimeout;
        Duration drainAcceptGrace;
        try {
            plan = FileConfigReader.read(options, parsed, env, options.config == null ? null : Path.of(options.config)).plan();
            drainTimeout = options.process.drainTimeout();
            drainAcceptGrace = options.process.drainAcceptGrace();
            String logFormat = options.process.logFormat();
            String logLevel = options.process.logLevel();
            if (ownLogging) {
                LogSetup.apply(logFormat, logLevel, options.process.logLevelsFor());
            }
        } catch (ConfigErrors e) {
            return badInput(err, e.errors());
        } catch (UsageException e) {
            return badInput(err, e.getMessage());
        }

        DemoOrigin demo = null;
        ClassLoader transports = null;
        try {
            demo = plan.demo() ? DemoOrigin.start() : null;
            ServerConfig config = plan.config(demo == null ? null : demo.uri());
            transports = plan.plugins().open(Main.class.getClassLoader());
            SwitchboardServer server = SwitchboardServer.create(config, transports).start();
            RunningServer running = new RunningServer(server, demo, transports);
            LoggerFactory.getLogger(Main.class).info(startLine(server, demo));
            return Launch.running(running, drainTimeout, drainAcceptGrace);
        } catch (ServerStartException e) {
            closeQuietly(demo, transports);
            return badInput(err, e.getMessage() + "; choose another with --listen HOST:PORT");
        } catch (IllegalArgumentException e) {
            // The hub builder's sentences: an unknown scheme, a URL its transport rejects, a bad setting.
            closeQuietly(demo, transports);
            return badInput(err, e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(demo, transports);
            err.println("switchboard-server failed unexpectedly; please report this with the trace below");
            e.printStackTrace(err);
            err.flush();
            return Launch.exited(ExitCodes.FAILURE);
        }
    }

    /** The one line logged at start: where clients connect, and each hub's upstream. */
    static String startLine(SwitchboardServer server, DemoOrigin demo) {
        StringJoiner hubs = new StringJoiner(", ");
        for (Hub hub : server.hubs().asMap().values()) {
            hubs.add(hub.name() + " " + server.hubUri(hub.name()) + " <- " + Redacted.uri(hub.upstream()));
        }
        String line = "switchboard-server listening on " + hostPort(server) + "; hubs: " + hubs + "; " + accessLine(server);
        return demo == null ? line
                : line + "; demo origin " + demo.uri() + "; open http://" + hostPort(server) + "/ in a browser";
    }

    /** Who may attach to each hub: the allowed origins and the authentication, so a wide-open hub is visible at start. */
    static String accessLine(SwitchboardServer server) {
        StringJoiner access = new StringJoiner("; ");
        for (Hub hub : server.hubs().asMap().values()) {
            var hubAccess = server.config().security().access(hub.name());
            access.add("hub " + hub.name() + " allows " + hubAccess.origins().describe() + ", authentication "
                    + hubAccess.auth().describe());
        }
        return access.toString();
    }

    private static String hostPort(SwitchboardServer server) {
        return ClientAddress.of(server.boundAddress());
    }

    /** Every error of a configuration, one line each. */
    private static Launch badInput(PrintWriter err, List<String> messages) {
        messages.forEach(message -> err.println(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim()));
        err.flush();
        return Launch.exited(ExitCodes.BAD_INPUT);
    }

    private static Launch badInput(PrintWriter err, String message) {
        // One line, whatever a library put in its message.
        err.println(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim());
        err.flush();
        return Launch.exited(ExitCodes.BAD_INPUT);
    }

    private static void closeQuietly(DemoOrigin demo, ClassLoader transports) {
        if (demo != null) {
            demo.close();
        }
        PluginDirectory.close(transports);
    }

    /** The outcome of {@link #launch}: a running server, or an exit code to end with. */
    public static final class Launch {
        private final int exitCode;
        private final RunningServer running;
        private final Duration drainTimeout;
        private final Duration drainAcceptGrace;

        private Launch(int exitCode, RunningServer running, Duration drainTimeout, Duration drainAcceptGrace) {
            this.exitCode = exitCode;
            this.running = running;
            this.drainTimeout = drainTimeout;
            this.drainAcceptGrace = drainAcceptGrace;
        }

        static Launch exited(int exitCode) {
            return new Launch(exitCode, null, Duration.ZERO, Duration.ZERO);
        }

        static Launch running(RunningServer running, Duration drainTimeout, Duration drainAcceptGrace) {
            return new Launch(ExitCodes.OK, running, drainTimeout, drainAcceptGrace);
        }

        /** How long a SIGTERM keeps the listener accepting before it closes ({@code --drain-accept-grace}). */
        public Duration drainAcceptGrace() {
            return drainAcceptGrace;
        }

        /** How long a SIGTERM may wait for the clients' queues ({@code --drain-timeout}). */
        public Duration drainTimeout() {
            return drainTimeout;
        }

        /** The exit code; {@link ExitCodes#OK} while running. */
        public int exitCode() {
            return exitCode;
        }

        /** The running server, if it started. */
        public Optional<RunningServer> running() {
            return Optional.ofNullable(running);
        }
    }
}
