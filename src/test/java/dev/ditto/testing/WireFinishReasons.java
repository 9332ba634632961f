package dev.ditto.testing;

import dev.ditto.sdk.FinishReason;

/**
 * The finish-reason table of WIRE-FORMATS.md from the unified reason to what a gateway emits in
 * each client format, written out again here so translation tests don't check the codecs against
 * their own mapping. The values are those {@link ClientAnswer#finish()} reads.
 */
public final class WireFinishReasons {

    private WireFinishReasons() {
    }

    /**
     * Returns the OpenAI Chat {@code finish_reason} to emit ("OpenAI Chat to emit from a gateway").
     *
     * @param reason the unified reason
     * @return {@code stop}, {@code length}, {@code content_filter} or {@code tool_calls}
     */
    public static String chat(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case TOOL_CALLS -> "tool_calls";
            case STOP, ERROR, OTHER -> "stop";
        };
    }

    /**
     * Returns the Anthropic {@code stop_reason} to emit.
     *
     * @param reason the unified reason
     * @return {@code end_turn}, {@code max_tokens}, {@code refusal} or {@code tool_use}
     */
    public static String anthropic(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> "max_tokens";
            case CONTENT_FILTER -> "refusal";
            case TOOL_CALLS -> "tool_use";
            case STOP, ERROR, OTHER -> "end_turn";
        };
    }

    /**
     * Returns the Responses status to emit: tool calls are told by their {@code function_call}
     * items, not by the status.
     *
     * @param reason the unified reason
     * @return {@code completed}, {@code incomplete/max_output_tokens}, {@code
     *     incomplete/content_filter} or {@code failed}
     */
    public static String responses(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> "incomplete/max_output_tokens";
            case CONTENT_FILTER -> "incomplete/content_filter";
            case ERROR -> "failed";
            case STOP, TOOL_CALLS, OTHER -> "completed";
        };
    }
}
