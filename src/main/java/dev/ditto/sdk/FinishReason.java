package dev.ditto.sdk;

/**
 * Why the model stopped generating, unified across providers. The provider's own value is always
 * kept next to it (see {@link LanguageModelResult#rawFinishReason()}).
 *
 * <p>The mapping from each provider's values is in {@code WIRE-FORMATS.md}; values a provider
 * adds later map to {@link #OTHER}.
 */
public enum FinishReason {
    /** The model finished its answer or hit a stop sequence. */
    STOP,
    /** The output reached the token limit (or the context window). */
    LENGTH,
    /** A content or safety filter stopped the output. */
    CONTENT_FILTER,
    /** The model stopped to let the application run tool calls. */
    TOOL_CALLS,
    /** The provider failed while generating. */
    ERROR,
    /** Any other or unknown reason. */
    OTHER
}
