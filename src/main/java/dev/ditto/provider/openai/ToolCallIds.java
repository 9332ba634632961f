package dev.ditto.provider.openai;

import java.security.SecureRandom;

/** Makes ids for tool calls that a server sent without one, in OpenAI's {@code call_...} shape. */
final class ToolCallIds {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ToolCallIds() {
    }

    static String generate() {
        StringBuilder id = new StringBuilder("call_");
        for (int i = 0; i < LENGTH; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }
}
