package dev.switchboard.bench.origin;

import dev.switchboard.bench.common.ControlLoop;
import dev.switchboard.bench.common.Fanout;
import dev.switchboard.bench.common.Listen;
import dev.switchboard.bench.common.ProcStats;
import dev.switchboard.bench.common.Props;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The origin stub as its own process. Commands on stdin (see {@link ControlLoop}):
 * <ul>
 *   <li>{@code count group=G}: connections in group G, and in all groups;</li>
 *   <li>{@code publish group=G run=ID rate=R size=S count=M giveUpBehindMs=T}: publish M
 *       frames at R/s to group G, answering when the last one was handed to Undertow, or when
 *       it fell more than T ms behind schedule;</li>
 *   <li>{@code stats}: this process's CPU time and connections.</li>
 * </ul>
 */
@Command(name = "origin", mixinStandardHelpOptions = true,
        description = "Run the origin stub: ws://HOST:PORT/feed/GROUP, publishing open-loop on command (stdin).")
public final class OriginCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, description = "127.0.0.1:PORT to listen on")
    String listen;

    @Override
    public Integer call() throws Exception {
        OriginServer server = new OriginServer(Listen.parse(listen));
        server.start();
        try {
            ControlLoop.announce("READY pid=" + ProcessHandle.current().pid());
            ControlLoop.run(command -> switch (command.word()) {
                case "count" -> Props.line("OK")
                        .put("connections", server.group(command.str("group")).size())
                        .put("total", server.totalConnections()).toString();
                case "publish" -> publish(server, command);
                case "stats" -> Props.line("OK")
                        .put("cpuNanos", ProcStats.selfCpuNanos())
                        .put("total", server.totalConnections()).toString();
                default -> "ERR unknown command '" + command.word() + "': use count, publish, stats or quit";
            });
        } finally {
            server.stop();
        }
        return 0;
    }

    private static String publish(OriginServer server, Props command) {
        Fanout group = server.group(command.str("group"));
        long cpu0 = ProcStats.selfCpuNanos();
        Publisher.Result r = Publisher.publish(group, (int) command.num("run"), command.num("rate"),
                (int) command.num("size"), command.num("count"),
                command.num("giveUpBehindMs", 60_000) * 1_000_000);
        return Props.line("OK")
                .put("sent", r.sent())
                .put("gaveUp", r.gaveUp())
                .put("deliveries", r.deliveries())
                .put("maxBehindNanos", r.maxBehindNanos())
                .put("wallNanos", r.wallNanos())
                .put("cpuNanos", ProcStats.selfCpuNanos() - cpu0)
                .put("connections", group.size())
                .put("overflowClosed", group.overflowClosed())
                .put("writeErrors", group.writeErrors()).toString();
    }
}
