package dev.switchboard.server.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.api.Cursor;
import dev.switchboard.api.Downstream;
import dev.switchboard.api.Message;
import dev.switchboard.api.SendResult;
import dev.switchboard.api.UpstreamState;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeCodecTest {

    private final EnvelopeEncoder encoder = new EnvelopeEncoder("default");
    private final EnvelopeDecoder decoder = new EnvelopeDecoder();

    @Test
    void encodesEveryHubEnvelopeAsTheProtocolDocShowsIt() {
        Cursor c = new Cursor("e1", 12);
        assertThat(encoder.encode(new Downstream.Welcome("3f", c, Duration.ofSeconds(15), UpstreamState.OPEN)).text())
                .isEqualTo("{\"type\":\"welcome\",\"hub\":\"default\",\"port\":\"3f\",\"cursor\":\"e1:12\",\"heartbeat\":15000,\"state\":\"OPEN\"}");
        assertThat(encoder.encode(new Downstream.Data(Message.text("{\"p\":1}").withCursor(c.next()))).text())
                .isEqualTo("{\"type\":\"message\",\"cursor\":\"e1:13\",\"data\":\"{\\\"p\\\":1}\"}");
        assertThat(encoder.encode(new Downstream.Data(Message.binary(new byte[] {0, 1, 2, 3}).withCursor(c))).text())
                .isEqualTo("{\"type\":\"message\",\"cursor\":\"e1:12\",\"data\":\"AAECAw==\",\"encoding\":\"base64\"}");
        assertThat(encoder.encode(new Downstream.Data(Message.text("hi").withEventId("evt-9").withEventType("greet").withCursor(c))).text())
                .isEqualTo("{\"type\":\"message\",\"cursor\":\"e1:12\",\"data\":\"hi\",\"id\":\"evt-9\",\"event\":\"greet\"}");
        assertThat(encoder.encode(new Downstream.Status(UpstreamState.BACKOFF, "refused")).text())
                .isEqualTo("{\"type\":\"status\",\"state\":\"BACKOFF\",\"detail\":\"refused\"}");
        assertThat(encoder.encode(new Downstream.Status(UpstreamState.OPEN, "the server is shutting down", true)).text())
                .isEqualTo("{\"type\":\"status\",\"state\":\"OPEN\",\"detail\":\"the server is shutting down\",\"shutdown\":true}");
        assertThat(encoder.encode(new Downstream.Gap(new Cursor("old", 3), c, Downstream.Gap.Cause.UNKNOWN_CURSOR)).text())
                .isEqualTo("{\"type\":\"gap\",\"after\":\"old:3\",\"next\":\"e1:12\",\"cause\":\"unknown-cursor\"}");
        assertThat(encoder.ack("c-1", SendResult.sent()).text()).isEqualTo("{\"type\":\"ack\",\"ref\":\"c-1\",\"status\":\"sent\"}");
        assertThat(encoder.error("bad-json", "nope", null).text()).isEqualTo("{\"type\":\"error\",\"code\":\"bad-json\",\"message\":\"nope\"}");
        assertThat(encoder.ping().text()).isEqualTo("{\"type\":\"ping\"}");
    }

    @Test
    void aMessagesEnvelopeIsEncodedOnceForAllPorts() {
        Message m = Message.text("x").withCursor(new Cursor("e", 5));
        assertThat(encoder.message(m)).isSameAs(encoder.message(m));
        Message other = Message.text("x").withCursor(new Cursor("e", 5));
        assertThat(encoder.message(other)).isNotSameAs(encoder.message(m)).isEqualTo(encoder.message(m));
    }

    @Test
    void decodesWhatClientsSend() throws Exception {
        assertThat(decoder.decode("{\"type\":\"send\",\"data\":\"{\\\"buy\\\":1}\",\"id\":\"c-17\"}"))
                .isEqualTo(new Inbound.Send(Message.text("{\"buy\":1}"), Optional.of("c-17")));
        Inbound.Send binary = (Inbound.Send) decoder.decode("{\"type\":\"send\",\"data\":\"AAECAw==\",\"encoding\":\"base64\"}");
        assertThat(binary.message().toByteArray()).containsExactly(0, 1, 2, 3);
        assertThat(binary.id()).isEmpty();
        assertThat(decoder.decode("{\"type\":\"pong\"}")).isInstanceOf(Inbound.Pong.class);
        assertThat(decoder.decode("{\"type\":\"disconnect\",\"extra\":true}")).isInstanceOf(Inbound.Disconnect.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "hello                                         | bad-json     | not valid JSON",
        "[1,2]                                         | bad-json     | not a JSON object",
        "{}                                            | bad-envelope | no \"type\"",
        "{\"type\":7}                                  | bad-envelope | no \"type\"",
        "{\"type\":\"subscribe\"}                      | bad-envelope | unknown envelope type \"subscribe\"",
        "{\"type\":\"send\"}                           | missing-data | send has no \"data\"",
        "{\"type\":\"send\",\"data\":{\"a\":1}}        | bad-envelope | must be a string",
        "{\"type\":\"send\",\"data\":\"x\",\"encoding\":\"hex\"} | bad-encoding | unknown encoding",
        "{\"type\":\"send\",\"data\":\"@@\",\"encoding\":\"base64\"} | bad-encoding | not valid base64",
    })
    void rejectsBadEnvelopesWithACodeAndASentence(String frame, String code, String words) {
        assertThatThrownBy(() -> decoder.decode(frame))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(words);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"send\",\"id\":\"c-1\"}                                    | missing-data | c-1",
        "{\"type\":\"send\",\"id\":7,\"data\":[1]}                             | bad-envelope | 7",
        "{\"type\":\"send\",\"id\":\"c-2\",\"data\":\"@@\",\"encoding\":\"base64\"} | bad-encoding | c-2",
        "{\"type\":\"send\",\"id\":\"c-3\",\"data\":\"x\",\"encoding\":1}     | bad-encoding | c-3",
        "{\"type\":\"send\",\"id\":{},\"data\":\"x\"}                          | bad-id       |",
        "{\"type\":\"send\",\"id\":1e400,\"data\":\"x\"}                       | bad-id       |",
        "{\"type\":\"send\"}                                                  | missing-data |",
    })
    void errorsAboutASendNameItsIdWhenItHadAUsableOne(String frame, String code, String ref) {
        assertThatThrownBy(() -> decoder.decode(frame))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.ref()).isEqualTo(Optional.ofNullable(ref));
                });
    }

    @Test
    void idsAreShortStringsOrSafeIntegers() throws Exception {
        String longest = "i".repeat(EnvelopeDecoder.MAX_ID_LENGTH);
        assertThat(((Inbound.Send) decoder.decode("{\"type\":\"send\",\"id\":\"" + longest + "\",\"data\":\"x\"}")).id())
                .contains(longest);
        assertThat(((Inbound.Send) decoder.decode("{\"type\":\"send\",\"id\":9007199254740991,\"data\":\"x\"}")).id())
                .contains("9007199254740991");
        assertThat(((Inbound.Send) decoder.decode("{\"type\":\"send\",\"id\":-42,\"data\":\"x\"}")).id()).contains("-42");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "9007199254740992     | not a whole number from -9007199254740991 to 9007199254740991",
        "123456789012345678901234 | not a whole number",
        "1.5                  | the number 1.5",
        "1e400                | beyond the double range",
        "-1e400               | below the double range",
        "true                 | it is boolean",
        "[1]                  | it is array",
    })
    void otherIdsAreRefusedAsBadId(String id, String words) {
        assertThatThrownBy(() -> decoder.decode("{\"type\":\"send\",\"id\":" + id + ",\"data\":\"x\"}"))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> {
                    assertThat(e.code()).isEqualTo("bad-id");
                    assertThat(e.ref()).isEmpty();
                })
                .hasMessageContaining(words)
                .hasMessageNotContaining("Infinity");
    }

    @Test
    void aLongIdIsRefusedWithoutBeingRepeated() {
        String huge = "x".repeat(500_000);
        assertThatThrownBy(() -> decoder.decode("{\"type\":\"send\",\"id\":\"" + huge + "\",\"data\":\"x\"}"))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> {
                    assertThat(e.code()).isEqualTo("bad-id");
                    assertThat(e.ref()).isEmpty();
                    assertThat(e.getMessage()).hasSizeLessThan(300).contains("500000 characters").contains("limit of 128");
                });
    }

    @Test
    void badJsonIsOurSentenceNotTheParsers() {
        assertThatThrownBy(() -> decoder.decode("{\"type\": nope}"))
                .isInstanceOfSatisfying(EnvelopeException.class, e -> assertThat(e.code()).isEqualTo("bad-json"))
                .hasMessageStartingWith("frame is not valid JSON (at character 14); send one JSON object per frame")
                .hasMessageNotContaining("Unrecognized token").hasMessageNotContaining("Source")
                .hasMessageNotContaining("line:");
    }
}
