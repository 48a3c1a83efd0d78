package dev.switchboard.server;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Message;
import java.util.Collection;

/**
 * Turns Guice's wrapped failures back into the exception that caused them, so that a bad hub
 * setting reaches the caller as the {@link IllegalArgumentException} the hub builder threw, with
 * its one-sentence message, rather than as a page of injector diagnostics.
 */
final class GuiceFailures {

    private GuiceFailures() {
    }

    static RuntimeException unwrap(RuntimeException failure) {
        Collection<Message> messages;
        if (failure instanceof CreationException creation) {
            messages = creation.getErrorMessages();
        } else if (failure instanceof ProvisionException provision) {
            messages = provision.getErrorMessages();
        } else {
            return failure;
        }
        for (Message message : messages) {
            Throwable cause = message.getCause();
            if (cause instanceof RuntimeException runtime) {
                return unwrap(runtime);
            }
            if (cause instanceof Error error) {
                throw error;
            }
        }
        return failure;
    }
}
