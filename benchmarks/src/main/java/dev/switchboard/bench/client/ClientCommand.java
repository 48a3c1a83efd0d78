package dev.switchboard.bench.client;

import dev.switchboard.bench.common.ControlLoop;
import dev.switchboard.bench.common.Props;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The load client as its own process. Commands on stdin (see {@link ControlLoop}):
 * <ul>
 *   <li>{@code connect url=WS n=N inFlight=K timeoutMs=T}: opens N more connections;</li>
 *   <li>{@code expect run=ID count=M}: counts frames of run ID on the open connections;</li>
 *   <li>{@code finish run=ID timeoutMs=T}: waits for every frame or the timeout, reports;</li>
 *   <li>{@code close timeoutMs=T}: closes every connection;</li>
 *   <li>{@code open}: how many connections are open.</li>
 * </ul>
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Run the load client: many WebSocket connections on a few threads, driven by commands on stdin.")
public final class ClientCommand implements Callable<Integer> {

    /** Which WebSocket client holds the connections. */
    public enum Kind { nio, jdk }

    @Option(names = "--kind", defaultValue = "nio", description = "nio (plain java.nio, frames parsed in place: cheaper than "
            + "any server it measures) or jdk (java.net.http.WebSocket); default ${DEFAULT-VALUE}")
    Kind kind;

    @Option(names = "--http-clients", defaultValue = "2", description = "jdk: HttpClients (each has one selector thread); default ${DEFAULT-VALUE}")
    int httpClients;

    @Option(names = "--threads", defaultValue = "2", description = "nio: selector threads; jdk: executor threads per HttpClient; "
            + "default ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--coalesce-micros", defaultValue = "200", description = "nio: pause after each round of reads so frames "
            + "arriving meanwhile are read in one go; adds at most this to each latency; default ${DEFAULT-VALUE}")
    long coalesceMicros;

    @Override
    public Integer call() throws Exception {
        Dialer dialer = kind == Kind.nio ? new NioDialer(threads, coalesceMicros * 1000) : new JdkDialer(httpClients, threads);
        LoadClient client = new LoadClient(dialer);
        try {
            ControlLoop.announce("READY pid=" + ProcessHandle.current().pid());
            ControlLoop.run(command -> switch (command.word()) {
                case "connect" -> {
                    LoadClient.ConnectResult r = client.connect(URI.create(command.str("url")), (int) command.num("n"),
                            (int) command.num("inFlight", 200), Duration.ofMillis(command.num("timeoutMs", 120_000)));
                    yield Props.line("OK").put("opened", r.opened()).put("failed", r.failed())
                            .put("unfinished", r.unfinished()).put("complete", r.complete())
                            .put("millis", r.nanos() / 1_000_000).put("open", client.openConnections()).toString();
                }
                case "expect" -> {
                    client.expect((int) command.num("run"), (int) command.num("count"));
                    yield "OK";
                }
                case "finish" -> client.finish((int) command.num("run"), Duration.ofMillis(command.num("timeoutMs"))).toLine();
                case "close" -> {
                    LoadClient.CloseResult r = client.closeAll(Duration.ofMillis(command.num("timeoutMs", 10_000)));
                    yield Props.line("OK").put("closed", r.closed()).put("aborted", r.aborted())
                            .put("millis", r.nanos() / 1_000_000).toString();
                }
                case "open" -> Props.line("OK").put("open", client.openConnections()).toString();
                default -> "ERR unknown command '" + command.word() + "': use connect, expect, finish, close, open or quit";
            });
        } finally {
            client.shutdown();
        }
        return 0;
    }
}
