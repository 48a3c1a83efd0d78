package dev.switchboard.bench.ceiling;

import dev.switchboard.bench.common.ControlLoop;
import dev.switchboard.bench.common.Listen;
import dev.switchboard.bench.common.Props;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The NIO ceiling: the JVM's own limit on this machine. One upstream (the JDK's WebSocket client,
 * once per message), each message encoded into one WebSocket frame, one {@code write} of a
 * duplicate of it per client on plain {@code java.nio} ({@link NioFanout}). Same URL and
 * {@code /healthz} shape as the packaged server, so the driver treats both alike.
 */
@Command(name = "nio-ceiling", mixinStandardHelpOptions = true,
        description = "Run the NIO ceiling: one upstream, one pre-encoded frame per message, one write per client, plain java.nio.")
public final class NioCeilingCommand implements Callable<Integer> {

    @Option(names = "--listen", required = true, description = "127.0.0.1:PORT to listen on")
    String listen;

    @Option(names = "--upstream", required = true, description = "the origin, e.g. ws://127.0.0.1:9001/feed/nio-ceiling")
    URI upstream;

    @Override
    public Integer call() throws Exception {
        UpstreamRelay[] relay = new UpstreamRelay[1];
        try (NioFanout clients = new NioFanout(Listen.parse(listen), () -> relay[0] == null ? "CONNECTING" : relay[0].state())) {
            relay[0] = new UpstreamRelay(clients);
            relay[0].connect(upstream);
            ControlLoop.announce("READY pid=" + ProcessHandle.current().pid());
            ControlLoop.run(command -> command.word().equals("stats")
                    ? Props.line("OK").put("ports", clients.size()).put("frames", relay[0].frames())
                            .put("overflowClosed", clients.overflowClosed()).toString()
                    : "ERR unknown command '" + command.word() + "': use stats or quit");
        }
        return 0;
    }
}
