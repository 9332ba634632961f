package dev.ditto.sdk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The structured context an {@link SdkException} carries: what the upstream answered and who it
 * was.
 *
 * <p>Every field is optional because failures happen at different stages: a connect failure has
 * no status, a parser failure has no body. Instances are immutable and thread-safe.
 *
 * @param status the upstream HTTP status, or {@code null} when no response arrived
 * @param provider the provider name such as {@code openai}, or {@code null} when unknown
 * @param model the model id the call addressed, or {@code null} when unknown
 * @param retryAfter how long the provider asked us to wait, or {@code null} when it did not say
 * @param upstreamRequestId the provider's request id (for support tickets), or {@code null}
 * @param body the provider's error body as text, at most {@link #MAX_BODY_BYTES} bytes of it, or
 *     {@code null} when there was none
 * @param bodyTruncated whether the provider sent more than {@link #MAX_BODY_BYTES} bytes of body
 */
public record ErrorDetails(
        @Nullable Integer status,
        @Nullable String provider,
        @Nullable String model,
        @Nullable Duration retryAfter,
        @Nullable String upstreamRequestId,
        @Nullable String body,
        boolean bodyTruncated) {

    /** The most bytes of an upstream error body that are read and kept: 64 KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ErrorDetails EMPTY =
            new ErrorDetails(null, null, null, null, null, null, false);

    /**
     * Validates the fields.
     *
     * @param status the upstream HTTP status, or {@code null} when no response arrived
     * @param provider the provider name such as {@code openai}, or {@code null} when unknown
     * @param model the model id the call addressed, or {@code null} when unknown
     * @param retryAfter how long the provider asked us to wait, or {@code null} when it did not say
     * @param upstreamRequestId the provider's request id (for support tickets), or {@code null}
     * @param body the provider's error body as text, at most {@link #MAX_BODY_BYTES} bytes of it, or {@code null} when there was none
     * @param bodyTruncated whether the provider sent more than {@link #MAX_BODY_BYTES} bytes of body
     * @throws IllegalArgumentException if {@code retryAfter} is negative or {@code bodyTruncated}
     *     is set without a body
     */
    public ErrorDetails {
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative but was " + retryAfter);
        }
        if (bodyTruncated && body == null) {
            throw new IllegalArgumentException("bodyTruncated is set but there is no body");
        }
    }

    /**
     * Returns details with every field unknown.
     *
     * @return the empty details
     */
    public static ErrorDetails empty() {
        return EMPTY;
    }

    /**
     * Returns details naming only the provider and model, for failures that happen before any
     * response arrives.
     *
     * @param provider the provider name, or {@code null}
     * @param model the model id, or {@code null}
     * @return the details
     */
    public static ErrorDetails of(@Nullable String provider, @Nullable String model) {
        return new ErrorDetails(null, provider, model, null, null, null, false);
    }

    /**
     * Returns a copy with the provider and model replaced, keeping everything else.
     *
     * @param newProvider the provider name, or {@code null}
     * @param newModel the model id, or {@code null}
     * @return the copy
     */
    public ErrorDetails withCaller(@Nullable String newProvider, @Nullable String newModel) {
        return new ErrorDetails(
                status, newProvider, newModel, retryAfter, upstreamRequestId, body, bodyTruncated);
    }

    /**
     * Returns a copy with the status replaced.
     *
     * @param newStatus the HTTP status, or {@code null}
     * @return the copy
     */
    public ErrorDetails withStatus(@Nullable Integer newStatus) {
        return new ErrorDetails(
                newStatus, provider, model, retryAfter, upstreamRequestId, body, bodyTruncated);
    }

    /**
     * Returns a copy with the retry-after hint replaced.
     *
     * @param newRetryAfter the wait the provider asked for, or {@code null}
     * @return the copy
     * @throws IllegalArgumentException if {@code newRetryAfter} is negative
     */
    public ErrorDetails withRetryAfter(@Nullable Duration newRetryAfter) {
        return new ErrorDetails(
                status, provider, model, newRetryAfter, upstreamRequestId, body, bodyTruncated);
    }

    /**
     * Returns a copy with the upstream request id replaced.
     *
     * @param newRequestId the provider's request id, or {@code null}
     * @return the copy
     */
    public ErrorDetails withUpstreamRequestId(@Nullable String newRequestId) {
        return new ErrorDetails(
                status, provider, model, retryAfter, newRequestId, body, bodyTruncated);
    }

    /**
     * Returns a copy with the error body replaced.
     *
     * @param newBody the body text (already capped by the reader), or {@code null}
     * @param truncated whether the reader stopped at {@link #MAX_BODY_BYTES}
     * @return the copy
     * @throws IllegalArgumentException if {@code truncated} is set without a body
     */
    public ErrorDetails withBody(@Nullable String newBody, boolean truncated) {
        return new ErrorDetails(
                status, provider, model, retryAfter, upstreamRequestId, newBody, truncated);
    }

    /**
     * Describes the known fields as {@code status=429, provider=openai, ...}, leaving out the body.
     *
     * @return the summary, empty when nothing is known
     */
    public String summary() {
        List<String> parts = new ArrayList<>();
        if (status != null) {
            parts.add("status=" + status);
        }
        if (provider != null) {
            parts.add("provider=" + provider);
        }
        if (model != null) {
            parts.add("model=" + model);
        }
        if (retryAfter != null) {
            parts.add("retryAfter=" + retryAfter);
        }
        if (upstreamRequestId != null) {
            parts.add("upstreamRequestId=" + upstreamRequestId);
        }
        if (bodyTruncated) {
            parts.add("bodyTruncated=true");
        }
        return String.join(", ", parts);
    }
}
