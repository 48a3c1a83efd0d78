package dev.switchboard.server.sse;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.server.ServerFixture;
import dev.switchboard.testsupport.RawHttp;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A 10 MB chunked POST to an SSE port's messages: answered 413, with no stack trace in the log. */
class OversizedPostTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final ServerFixture fixture = ServerFixture.start("default");
    private SseClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        fixture.close();
        root().detachAppender(log);
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static RawHttp.Response postTenMegabytes(ServerFixture fixture, String query, String secret) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        return RawHttp.send(fixture.http("/"), "POST /hubs/default/messages" + query + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                + MessagesEndpoint.SECRET_HEADER + ": " + secret, out -> {
                    for (int i = 0; i < 160; i++) { // 160 x 64 KiB = 10 MiB
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"?port=nope, 404", "'', 400"})
    void aTenMegabyteBodyWithoutAPortIsAnsweredNotReset(String query, int status) throws Exception {
        log.start();
        root().addAppender(log);
        RawHttp.Response response = postTenMegabytes(fixture, query, "whatever");
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(log.list).noneMatch(event -> event.getThrowableProxy() != null);
    }

    @Test
    void aTenMegabyteChunkedBodyGets413AndNoStackTrace() throws Exception {
        log.start();
        root().addAppender(log);
        client = SseClient.connect(fixture.http("/hubs/default/events"));
        var welcome = client.next("welcome").json();
        String port = welcome.get("port").asText();
        String secret = welcome.get("secret").asText();
        fixture.awaitReady("default", 1);

        RawHttp.Response response = postTenMegabytes(fixture, "?port=" + port, secret);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.body()).startsWith("message larger than the limit of 1048576 bytes");
        assertThat(fixture.origin("default").received()).isEmpty();
        assertThat(log.list).noneMatch(event -> event.getThrowableProxy() != null);
    }
}
