package com.example.switchboard.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private static List<String> lines(byte[] stream, int max) throws IOException {
        LineReader reader = new LineReader(new ByteArrayInputStream(stream), max);
        List<String> lines = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> lines(String stream, int max) throws IOException {
        return lines(stream.getBytes(StandardCharsets.UTF_8), max);
    }

    @Test
    @DisplayName("LF and CRLF end lines; a CR elsewhere stays; a last line without LF is dropped")
    void splitsLines() throws IOException {
        assertThat(lines("a\nb\r\n\nc\rd\ncut off", 100)).containsExactly("a", "b", "", "c\rd");
    }

    @Test
    @DisplayName("the limit counts UTF-8 bytes, without the line end")
    void limitCountsBytes() throws IOException {
        assertThat(lines("éé\r\n", 4)).containsExactly("éé");
        assertThatThrownBy(() -> lines("éé!\n", 4)).isInstanceOf(LineReader.LineTooLongException.class)
                .hasMessage("sent a line longer than maxMessageSize 4 bytes");
    }

    @Test
    @DisplayName("malformed UTF-8 becomes U+FFFD")
    void malformedBytesAreReplaced() throws IOException {
        assertThat(lines(new byte[] {'a', (byte) 0xFF, '\n'}, 10)).containsExactly("a\uFFFD");
    }

    @Test
    @DisplayName("an endless line fails just past the limit, without reading the rest")
    void endlessLineFailsEarly() {
        int[] served = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served[0]++;
                return 'x';
            }
        };
        assertThatThrownBy(() -> new LineReader(endless, 64 * 1024).readLine())
                .isInstanceOf(LineReader.LineTooLongException.class);
        // BufferedInputStream reads ahead at most one buffer (8 KiB) of what it hands out.
        assertThat(served[0]).as("bytes read of an endless line").isLessThanOrEqualTo(64 * 1024 + 1 + 8192);
    }
}
