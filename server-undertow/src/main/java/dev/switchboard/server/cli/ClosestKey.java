package dev.switchboard.server.cli;

import java.util.Collection;
import java.util.List;

/** The known key nearest to a misspelt one, by edit distance, for "did you mean" in an error. */
final class ClosestKey {

    private ClosestKey() {
    }

    /**
     * The entry of {@code known} fewest single-character edits away from {@code key}, the first of a
     * tie; an entry that holds {@code key} whole ({@code port-heartbeat} for {@code heartbeat}) comes
     * before any that does not, since a missing prefix is the likeliest slip.
     */
    static String to(String key, Collection<String> known) {
        List<String> holding = known.stream().filter(candidate -> candidate.contains(key)).toList();
        return nearest(key, holding.isEmpty() ? known : holding);
    }

    private static String nearest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
