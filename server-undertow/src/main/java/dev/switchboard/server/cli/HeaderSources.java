package dev.switchboard.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream headers from where the process list cannot show them: {@code --header-file} (one
 * {@code Name: value} a line) and {@code --header-env NAME=VARIABLE}. No message here ever quotes
 * a value, since a header value is usually a credential.
 */
final class HeaderSources {

    private HeaderSources() {
    }

    /**
     * The headers of both options, the file's first, in order.
     *
     * @throws UsageException naming the file and line, or the variable, that is wrong
     */
    static Map<String, String> read(String file, List<String> fromEnv, Map<String, String> env) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (file != null) {
            headers.putAll(readFile(Path.of(file)));
        }
        for (String text : fromEnv) {
            Assignment assignment = Assignment.parse(text, "--header-env", "NAME=VARIABLE", "Authorization=FEED_AUTH");
            String value = env.get(assignment.value().trim());
            if (value == null || value.isEmpty()) {
                throw new UsageException("--header-env " + assignment.name() + ": the environment variable '"
                        + assignment.value().trim() + "' is not set or empty; export it with the header's value");
            }
            headers.put(assignment.name(), value);
        }
        return headers;
    }

    private static Map<String, String> readFile(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("--header-file '" + path + "' cannot be read (" + e.getClass().getSimpleName()
                    + "): give a readable file of 'Name: value' lines");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).isBlank() || line.substring(colon + 1).isBlank()) {
                throw new UsageException("--header-file '" + path + "' line " + (i + 1)
                        + " is not a header: write 'Name: value', e.g. 'Authorization: Bearer abc'");
            }
            headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return headers;
    }
}
