package dev.switchboard.server.cli;

import dev.switchboard.server.ServerConfig;

/** Reads {@code --io-threads}: {@code auto}, or a whole number of threads from 1 to {@link ServerConfig#MAX_IO_THREADS}. */
final class IoThreadsParser {

    private static final String AUTO = "auto";

    private IoThreadsParser() {
    }

    /**
     * The count in {@code text}; {@link ServerConfig#AUTO_IO_THREADS} for {@code auto}.
     *
     * @throws UsageException naming the option, its value and the fix
     */
    static int parse(String text) {
        String value = text.strip();
        if (value.equals(AUTO)) {
            return ServerConfig.AUTO_IO_THREADS;
        }
        int count;
        try {
            count = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            count = -1;
        }
        if (count < 1 || count > ServerConfig.MAX_IO_THREADS) {
            throw new UsageException("invalid --io-threads '" + text + "': give a whole number of threads from 1 to "
                    + ServerConfig.MAX_IO_THREADS + ", e.g. 2, or 'auto' for one per core");
        }
        return count;
    }
}
