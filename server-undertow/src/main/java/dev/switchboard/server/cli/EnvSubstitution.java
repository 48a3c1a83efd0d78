package dev.switchboard.server.cli;

import java.util.Map;

/**
 * Replaces {@code ${NAME}} in a configuration file's value with the environment variable
 * {@code NAME}, so that secrets (an upstream's API key) stay out of the file; {@code $${} is a
 * literal {@code ${}. A variable that is not set is an error naming it, never an empty string.
 */
final class EnvSubstitution {

    private EnvSubstitution() {
    }

    /**
     * {@code written} with every variable replaced.
     *
     * @param path where the value is, for the error
     * @throws UsageException naming the path and the variable that is not set, or the unclosed {@code ${}
     */
    static String apply(String written, Map<String, String> env, String path) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < written.length()) {
            if (written.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (written.startsWith("${", i)) {
                int end = written.indexOf('}', i + 2);
                if (end < 0) {
                    throw new UsageException(path + ": '${' is not closed in '" + written
                            + "': write ${NAME} for the environment variable NAME, or $${ for a literal ${");
                }
                String name = written.substring(i + 2, end);
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new UsageException(path + ": '${" + name + "}' is not a variable name: write letters, digits "
                            + "and _, e.g. ${API_KEY}, or $${ for a literal ${");
                }
                String value = env.get(name);
                if (value == null) {
                    throw new UsageException(path + ": the environment variable " + name
                            + " is not set: export " + name + "=... before starting, or write $${ for a literal ${");
                }
                out.append(value);
                i = end + 1;
            } else {
                out.append(written.charAt(i++));
            }
        }
        return out.toString();
    }

    /** Whether {@code written} names a variable (so its value may be a secret). */
    static boolean substitutes(String written) {
        return written.replace("$${", "").contains("${");
    }
}
