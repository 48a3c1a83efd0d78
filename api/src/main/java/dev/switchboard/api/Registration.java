package dev.switchboard.api;

/**
 * Undoes a registration, such as a listener added with {@link Hub#addListener}. Closing twice is harmless.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Removes what was registered. */
    @Override
    void close();
}
