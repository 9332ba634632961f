package dev.ditto.provider.openai.responses;

import dev.ditto.sdk.FinishReason;
import org.jspecify.annotations.Nullable;

/**
 * A response's {@code status} and {@code incomplete_details.reason}, and their mapping to and from
 * {@link FinishReason} as WIRE-FORMATS.md defines it. The Responses API has no per-choice finish
 * reason: a tool-call finish is inferred from the presence of {@code function_call} items.
 *
 * @param status the wire status, such as {@code completed} or {@code incomplete}
 * @param incompleteReason {@code incomplete_details.reason}, such as {@code max_output_tokens}, or
 *     {@code null}
 */
record ResponsesStatus(String status, @Nullable String incompleteReason) {

    static final String COMPLETED = "completed";
    static final String INCOMPLETE = "incomplete";
    static final String FAILED = "failed";
    static final String MAX_OUTPUT_TOKENS = "max_output_tokens";
    static final String CONTENT_FILTER = "content_filter";

    /**
     * Returns the status a gateway reports for a unified finish reason.
     *
     * @param reason the unified reason
     * @return the status and incomplete reason
     */
    static ResponsesStatus of(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> new ResponsesStatus(INCOMPLETE, MAX_OUTPUT_TOKENS);
            case CONTENT_FILTER -> new ResponsesStatus(INCOMPLETE, CONTENT_FILTER);
            case ERROR -> new ResponsesStatus(FAILED, null);
            case STOP, TOOL_CALLS, OTHER -> new ResponsesStatus(COMPLETED, null);
        };
    }

    /**
     * Returns the unified finish reason.
     *
     * @param hasFunctionCall whether the response holds a client {@code function_call} item
     * @return the reason
     */
    FinishReason finishReason(boolean hasFunctionCall) {
        if (FAILED.equals(status)) {
            return FinishReason.ERROR;
        }
        if (incompleteReason == null) {
            if (COMPLETED.equals(status)) {
                return hasFunctionCall ? FinishReason.TOOL_CALLS : FinishReason.STOP;
            }
            return hasFunctionCall ? FinishReason.TOOL_CALLS : FinishReason.OTHER;
        }
        return switch (incompleteReason) {
            case MAX_OUTPUT_TOKENS -> FinishReason.LENGTH;
            case CONTENT_FILTER -> FinishReason.CONTENT_FILTER;
            default -> hasFunctionCall ? FinishReason.TOOL_CALLS : FinishReason.OTHER;
        };
    }

    /**
     * Returns the raw finish reason kept next to the unified one: the incomplete reason when there
     * is one, else the status.
     *
     * @return the raw value
     */
    String raw() {
        return incompleteReason != null ? incompleteReason : status;
    }
}
