package dev.ditto.config;

import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Finds the closest known name to a misspelt one, for "did you mean" hints. */
final class Suggestions {

    private Suggestions() {}

    /**
     * Returns the known name nearest to {@code input} by edit distance, or null when none is
     * close enough to be a plausible typo.
     */
    static @Nullable String closest(String input, Collection<String> known) {
        String needle = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(2, needle.length() / 3);
        return bestDistance <= allowed ? best : null;
    }

    /** Appends a "did you mean" hint to {@code message} when a close name exists. */
    static String hint(String message, String input, Collection<String> known) {
        String closest = closest(input, known);
        return closest == null ? message : message + "; did you mean '" + closest + "'?";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
