package dev.switchboard.bench.driver;

/** A failure of the harness itself, with a sentence saying what went wrong and what to do. */
public final class BenchException extends RuntimeException {

    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
