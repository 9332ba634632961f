package dev.ditto.provider.anthropic;

import dev.ditto.sdk.FinishReason;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The {@code stop_reason} mapping of WIRE-FORMATS.md, both directions. Stateless. */
final class StopReasons {

    static final String END_TURN = "end_turn";
    static final String MAX_TOKENS = "max_tokens";
    static final String STOP_SEQUENCE = "stop_sequence";
    static final String TOOL_USE = "tool_use";
    static final String PAUSE_TURN = "pause_turn";
    static final String REFUSAL = "refusal";
    static final String CONTEXT_WINDOW_EXCEEDED = "model_context_window_exceeded";

    private static final Set<String> KNOWN =
            Set.of(END_TURN, MAX_TOKENS, STOP_SEQUENCE, TOOL_USE, PAUSE_TURN, REFUSAL, CONTEXT_WINDOW_EXCEEDED);

    private StopReasons() {
    }

    /**
     * Maps Anthropic's stop reason to the unified one.
     *
     * @param stopReason the raw value, or {@code null}
     * @param jsonToolAnswered whether the only tool called was the synthetic {@code json} tool of a
     *     JSON response format, which is an answer and not a tool call
     * @return the unified reason
     */
    static FinishReason toUnified(@Nullable String stopReason, boolean jsonToolAnswered) {
        if (stopReason == null) {
            return FinishReason.OTHER;
        }
        return switch (stopReason) {
            case END_TURN, STOP_SEQUENCE, PAUSE_TURN -> FinishReason.STOP;
            case TOOL_USE -> jsonToolAnswered ? FinishReason.STOP : FinishReason.TOOL_CALLS;
            case MAX_TOKENS, CONTEXT_WINDOW_EXCEEDED -> FinishReason.LENGTH;
            case REFUSAL -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    /**
     * Maps a unified reason to Anthropic's, keeping the raw value when it is Anthropic's own and
     * means the same (so {@code stop_sequence} and {@code pause_turn} survive a round trip).
     *
     * @param reason the unified reason
     * @param raw the provider's raw value, or {@code null}
     * @return the stop reason to send
     */
    static String toAnthropic(FinishReason reason, @Nullable String raw) {
        if (raw != null && KNOWN.contains(raw) && toUnified(raw, false) == reason) {
            return raw;
        }
        return switch (reason) {
            case LENGTH -> MAX_TOKENS;
            case CONTENT_FILTER -> REFUSAL;
            case TOOL_CALLS -> TOOL_USE;
            case STOP, ERROR, OTHER -> END_TURN;
        };
    }
}
