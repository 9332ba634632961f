package dev.ditto.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads message content sent as a list of parts instead of a string, as Mistral's reasoning
 * models do: {@code [{"type":"thinking","thinking":[{"type":"text","text":"..."}]},
 * {"type":"text","text":"..."}]}. Parts of other types are skipped.
 */
final class MistralContent {

    private MistralContent() {
    }

    /** Receives one part's text, saying whether it is thinking. */
    @FunctionalInterface
    interface PartConsumer {
        void accept(boolean thinking, String text);
    }

    static void forEach(JsonNode parts, PartConsumer consumer) {
        for (JsonNode part : parts) {
            String type = WireJson.text(part, "type");
            if ("text".equals(type)) {
                String text = WireJson.text(part, "text");
                if (text != null && !text.isEmpty()) {
                    consumer.accept(false, text);
                }
            } else if ("thinking".equals(type)) {
                String thinking = thinkingText(part.get("thinking"));
                if (!thinking.isEmpty()) {
                    consumer.accept(true, thinking);
                }
            }
        }
    }

    private static String thinkingText(JsonNode thinking) {
        if (thinking == null) {
            return "";
        }
        if (thinking.isTextual()) {
            return thinking.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : thinking) {
            String value = WireJson.text(part, "text");
            if (value != null) {
                text.append(value);
            }
        }
        return text.toString();
    }
}
