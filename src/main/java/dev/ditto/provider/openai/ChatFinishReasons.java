package dev.ditto.provider.openai;

import dev.ditto.sdk.FinishReason;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The finish-reason mapping of WIRE-FORMATS.md for OpenAI Chat, both directions. */
final class ChatFinishReasons {

    private ChatFinishReasons() {
    }

    /**
     * Maps a {@code finish_reason} to the unified reason: OpenAI's five values, plus Mistral's
     * {@code model_length} and {@code error}; anything else is {@link FinishReason#OTHER}.
     */
    static FinishReason toUnified(@Nullable String raw) {
        if (raw == null) {
            return FinishReason.OTHER;
        }
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "stop" -> FinishReason.STOP;
            case "length", "model_length" -> FinishReason.LENGTH;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            case "tool_calls", "function_call" -> FinishReason.TOOL_CALLS;
            case "error" -> FinishReason.ERROR;
            default -> FinishReason.OTHER;
        };
    }

    /**
     * Maps a unified reason to the {@code finish_reason} a gateway emits: {@code other} and
     * {@code error} become {@code stop}, since OpenAI clients know no other value.
     */
    static String toWire(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_CALLS -> "tool_calls";
            case STOP, ERROR, OTHER -> "stop";
        };
    }
}
