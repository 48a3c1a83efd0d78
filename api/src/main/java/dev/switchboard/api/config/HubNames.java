package dev.switchboard.api.config;

import java.util.regex.Pattern;

/** What a hub's name may hold: it becomes part of URLs ({@code /hubs/NAME/ws}), logs and events. */
public final class HubNames {

    /** 1 to 64 letters, digits, {@code _} or {@code -}. */
    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private HubNames() {
    }

    /** Whether {@code name} is a valid hub name. */
    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /**
     * Returns {@code name} if it is valid.
     *
     * @throws IllegalArgumentException naming the name and what a name may hold
     */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid hub name '" + name
                    + "': use 1 to 64 letters, digits, '_' or '-', since it becomes part of the URL /hubs/NAME/ws");
        }
        return name;
    }
}
