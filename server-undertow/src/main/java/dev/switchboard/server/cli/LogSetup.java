package dev.switchboard.server.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The packaged server's logging: Logback, configured from {@code logging/logback-text.xml} or
 * {@code logback-json.xml} in the jar, on stdout (stderr holds only a failed start's one line).
 * Only for the server's own process: an application that embeds the server configures its own
 * logging, and without Logback this class is never touched.
 */
final class LogSetup {

    private static final String FOLDER = "dev/switchboard/server/logging/";

    private LogSetup() {
    }

    /** Set when the operator named a Logback file of their own with {@code -Dlogback.configurationFile}. */
    private static volatile boolean operatorFile;

    /** Before anything logs: the text layout at INFO, and Undertow's JBoss Logging through SLF4J. */
    static void beforeStart() {
        operatorFile = System.getProperty("logback.configurationFile") != null;
        setIfAbsent("logback.configurationFile", FOLDER + "logback-text.xml");
        setIfAbsent("org.jboss.logging.provider", "slf4j");
    }

    /** Whether SLF4J's provider is Logback, so that the methods below apply. */
    static boolean isLogback() {
        try {
            return LoggerFactory.getILoggerFactory().getClass().getName().equals("ch.qos.logback.classic.LoggerContext");
        } catch (LinkageError e) {
            return false;
        }
    }

    /**
     * Reconfigures Logback for {@code --log-format} and {@code --log-level} (the root's level),
     * then sets each logger of {@code log-levels} ({@code --log-level-for}); lines stay held until
     * the start ends. An operator's own file ({@code -Dlogback.configurationFile}: per-logger
     * levels, other appenders) wins, and the three options are then left to it.
     */
    static void apply(String format, String level, Map<String, String> loggerLevels) {
        if (operatorFile) {
            if (!loggerLevels.isEmpty()) {
                LoggerFactory.getLogger(LogSetup.class).warn("log-levels (--log-level-for) is ignored: the Logback file of "
                        + "-Dlogback.configurationFile sets the levels; set them there, or drop that property");
            }
            return;
        }
        URL config = LogSetup.class.getClassLoader().getResource(FOLDER + "logback-" + format + ".xml");
        if (config == null) {
            throw new IllegalStateException(FOLDER + "logback-" + format + ".xml is missing from the server's jar; rebuild it");
        }
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        context.putProperty("switchboard.log.level", level.toUpperCase(java.util.Locale.ROOT));
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(config);
        } catch (JoranException e) {
            throw new IllegalStateException("the server's logging configuration " + config + " is broken: " + e.getMessage(), e);
        }
        LoggerLevels.applyTo(context, loggerLevels);
    }

    /** The start ended: print the held lines if it succeeded, forget them if it failed. */
    static void startEnded(boolean started) {
        if (started) {
            StartupGate.openAll();
        } else {
            StartupGate.discardHeld();
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
