package com.example.switchboard.lines;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines of UTF-8 text ended by {@code \n}, with at most {@code maxLineBytes} bytes each,
 * holding no more than one such line in memory.
 *
 * <p>Why not {@link java.io.BufferedReader#readLine()}: it has no limit, so an upstream that
 * sends one endless line would exhaust memory before the line could be refused. Here the line is
 * refused as soon as it passes the limit, and the rest of it is never read.
 *
 * <p>Lines are split as bytes and decoded afterwards: {@code \n} never occurs inside a
 * multi-byte UTF-8 character, and malformed bytes become U+FFFD rather than an exception.
 */
final class LineReader {

    private final InputStream in;
    private final int maxLineBytes;
    private byte[] line = new byte[256];
    private int length;

    LineReader(InputStream in, int maxLineBytes) {
        this.in = new BufferedInputStream(in);
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line without its {@code \n} (or {@code \r\n}), blocking until it has arrived.
     *
     * @return the line; null at the end of the stream, where a last line without its
     *     {@code \n} is dropped, because the stream may have been cut in the middle of it
     * @throws LineTooLongException when the line passes {@code maxLineBytes}
     * @throws IOException          when reading fails, a read timeout included
     */
    String readLine() throws IOException {
        length = 0;
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                if (end > maxLineBytes) {
                    throw new LineTooLongException(maxLineBytes);
                }
                return new String(line, 0, end, StandardCharsets.UTF_8);
            }
            // One byte of room beyond the limit for the '\r' of a CRLF.
            if (length > maxLineBytes) {
                throw new LineTooLongException(maxLineBytes);
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, (int) Math.min((long) maxLineBytes + 1, 2L * line.length));
            }
            line[length++] = (byte) b;
        }
        return null;
    }

    /** The upstream sent a line longer than the limit. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(int maxLineBytes) {
            super("sent a line longer than maxMessageSize " + maxLineBytes + " bytes");
        }
    }
}
