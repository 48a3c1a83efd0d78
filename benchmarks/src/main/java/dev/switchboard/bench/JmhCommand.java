package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jmh ARGS}: hands the arguments to JMH's own command line ({@code -h} lists them).
 * {@link Main} routes {@code jmh} here before picocli parses anything; this class is what lists
 * the command in the help.
 */
@Command(name = "jmh", description = "Run the JMH micro-benchmarks; arguments go to org.openjdk.jmh.Main (try: jmh -h).")
final class JmhCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", description = "JMH arguments, e.g. Broadcast -f 1 -wi 3 -i 5")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
