package dev.switchboard.server.cli;

import dev.switchboard.hub.transport.TransportRegistry;
import dev.switchboard.server.ServedHub;
import dev.switchboard.server.ServerConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParseResult;

/**
 * {@code --check-config FILE}: reads the file with the command line and the environment exactly
 * as a start would, checks that a transport handles every hub's upstream, and prints the
 * effective configuration (secrets redacted), or every error. Starts nothing, binds nothing,
 * dials nothing.
 */
final class ConfigCheck {

    /** The default hub's upstream with {@code demo}, which exists only once the demo origin runs. */
    private static final URI DEMO_PLACEHOLDER = URI.create("ws://127.0.0.1:0/demo");

    private ConfigCheck() {
    }

    /** @return {@link ExitCodes#OK} when the configuration is valid, {@link ExitCodes#BAD_INPUT} otherwise */
    static int run(CliOptions options, ParseResult parsed, Map<String, String> env, PrintWriter out, PrintWriter err) {
        Path file = Path.of(options.checkConfig);
        List<String> errors = new ArrayList<>();
        try {
            FileConfigReader.Result read = FileConfigReader.read(options, parsed, env, file);
            ServerConfig config = read.plan().config(DEMO_PLACEHOLDER);
            ClassLoader loader = read.plan().plugins().open(ConfigCheck.class.getClassLoader());
            try {
                TransportRegistry transports = TransportRegistry.discover(loader);
                for (ServedHub hub : config.hubs()) {
                    try {
                        transports.forScheme(hub.upstream().getScheme());
                    } catch (RuntimeException e) {
                        errors.add(FileKeys.HUBS + "." + hub.name() + "." + FileKeys.UPSTREAM + ": " + e.getMessage());
                    }
                }
            } finally {
                PluginDirectory.close(loader);
            }
            if (errors.isEmpty()) {
                out.println("# " + file + " is valid. The effective configuration (options and SWITCHBOARD_* variables "
                        + "applied, secrets redacted):");
                out.print(EffectiveConfig.render(config, read, options));
                out.flush();
                return ExitCodes.OK;
            }
        } catch (ConfigErrors e) {
            errors.addAll(e.errors());
        } catch (UsageException | IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        err.println(file + ": " + errors.size() + (errors.size() == 1 ? " error" : " errors"));
        errors.forEach(error -> err.println(error.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim()));
        err.flush();
        return ExitCodes.BAD_INPUT;
    }
}
