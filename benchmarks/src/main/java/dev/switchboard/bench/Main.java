package dev.switchboard.bench;

import dev.switchboard.bench.ceiling.CeilingCommand;
import dev.switchboard.bench.ceiling.NioCeilingCommand;
import dev.switchboard.bench.client.ClientCommand;
import dev.switchboard.bench.driver.SweepCommand;
import dev.switchboard.bench.origin.OriginCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code switchboard-benchmarks.jar}. {@code sweep} is what people run; the
 * driver starts {@code origin}, {@code ceiling} and {@code client} as processes of this same
 * jar. {@code jmh} runs the micro-benchmarks.
 */
@Command(name = "switchboard-benchmarks", mixinStandardHelpOptions = true,
        description = "Switchboard load harness and micro-benchmarks.",
        subcommands = {SweepCommand.class, OriginCommand.class, CeilingCommand.class, NioCeilingCommand.class, ClientCommand.class, JmhCommand.class})
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH's own options (-f, -wi, -prof ...) must reach it untouched, so picocli does not parse them.
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        CommandLine cli = new CommandLine(Main.class);
        // A harness failure is a sentence for people, not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof dev.switchboard.bench.driver.BenchException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
