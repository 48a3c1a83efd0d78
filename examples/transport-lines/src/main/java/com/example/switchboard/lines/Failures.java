package com.example.switchboard.lines;

import dev.switchboard.api.spi.UpstreamRequest;
import java.io.IOException;
import java.net.SocketTimeoutException;

/**
 * Turns what went wrong on the socket into the sentence a user reads in the hub's status and
 * logs: which upstream, what happened in its terms (not the socket's), and what to do about it.
 * The original exception stays attached as the cause, for the stack trace.
 */
final class Failures {

    private Failures() {
    }

    /**
     * @param cause  what the reader thread met; null when the upstream ended the stream
     * @param opened whether the connection had opened (the upstream had sent its first line)
     */
    static IOException describe(Throwable cause, boolean opened, UpstreamRequest request) {
        String upstream = "upstream " + request.uri();
        if (cause == null) {
            return new IOException(upstream + " closed the connection before sending its first line; a tcp+lines"
                    + " upstream must send a line (a blank one will do) as soon as a client connects");
        }
        if (cause instanceof LineReader.LineTooLongException) {
            return new IOException(upstream + " " + cause.getMessage() + "; the connection is dropped without reading"
                    + " the rest of the line. Raise maxMessageSize if such lines are expected", cause);
        }
        if (cause instanceof SocketTimeoutException && opened) {
            return new IOException(upstream + " sent nothing for heartbeatTimeout " + request.heartbeatTimeout()
                    + ", not even a blank keep-alive line, and is taken for dead; have it send blank lines more often"
                    + " than that, or raise heartbeatTimeout", cause);
        }
        if (cause instanceof SocketTimeoutException) {
            return new IOException(upstream + " did not open within connectTimeout " + request.connectTimeout()
                    + " (" + cause.getMessage() + "); check that it is running, and that it sends a line (a blank one"
                    + " will do) as soon as a client connects", cause);
        }
        if (opened) {
            return new IOException("the connection to " + upstream + " broke: " + cause, cause);
        }
        return new IOException("could not connect to " + upstream + ": " + cause
                + "; check that it is running and that the host and port are right", cause);
    }
}
