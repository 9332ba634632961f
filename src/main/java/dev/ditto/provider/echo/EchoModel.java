package dev.ditto.provider.echo;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The demo model behind {@code ditto/echo}: its answer is the last user message, cut into
 * words that stream one by one. Token counts are word counts, which is close enough for a
 * demo and exact enough for tests: every number it reports can be worked out from the input.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * EchoReply reply = new EchoModel().reply(List.of("Say hi"), "Say hi", null);
 * reply.text();   // "Say hi"
 * reply.words();  // ["Say", " hi"]
 * }</pre>
 */
public final class EchoModel {

    /** The provider prefix. */
    public static final String PROVIDER = "ditto";
    /** The model id. */
    public static final String MODEL = "echo";

    // A word with the whitespace before it, so the words concatenate back to the text.
    private static final Pattern WORD = Pattern.compile("\\s*\\S+");
    private static final Pattern NON_SPACE = Pattern.compile("\\S+");

    /**
     * Produces the echo.
     *
     * @param promptTexts the text of every message of the prompt, counted as input tokens
     * @param lastUserText the text to echo
     * @param maxTokens the most words to answer with; null for no limit
     * @return the reply
     * @throws IllegalArgumentException if {@code maxTokens} is below 1
     */
    public EchoReply reply(List<String> promptTexts, String lastUserText, @Nullable Integer maxTokens) {
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
        int promptTokens = 0;
        for (String text : promptTexts) {
            promptTokens += countTokens(text);
        }
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(lastUserText.strip());
        boolean truncated = false;
        while (matcher.find()) {
            if (maxTokens != null && words.size() == maxTokens) {
                truncated = true;
                break;
            }
            words.add(matcher.group());
        }
        return new EchoReply(List.copyOf(words), truncated, promptTokens);
    }

    /**
     * Counts tokens the way this model does: one per whitespace-separated word.
     *
     * @param text any text
     * @return the number of words
     */
    public static int countTokens(String text) {
        int count = 0;
        Matcher matcher = NON_SPACE.matcher(text);
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    /**
     * What the echo model answered.
     *
     * @param words the answer's words, each with the whitespace before it
     * @param truncated whether the answer stopped at the token limit
     * @param promptTokens the input's size in tokens
     */
    public record EchoReply(List<String> words, boolean truncated, int promptTokens) {

        /** @return the whole answer */
        public String text() {
            return String.join("", words);
        }

        /** @return the answer's size in tokens */
        public int completionTokens() {
            return words.size();
        }
    }
}
