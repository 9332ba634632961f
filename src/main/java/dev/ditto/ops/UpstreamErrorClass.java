package dev.ditto.ops;

import dev.ditto.sdk.ConnectionFailedException;
import dev.ditto.sdk.QuotaExceededException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.UpstreamTimeoutException;
import java.util.Locale;

/** The classes of upstream failures that metrics count separately: a small, fixed label set. */
public enum UpstreamErrorClass {
    /** The provider said to slow down (429, or its quota is used up). */
    RATE_LIMITED,
    /** The provider did not answer in time. */
    TIMEOUT,
    /** The provider failed: 5xx, a broken stream, an answer that could not be read. */
    SERVER_ERROR,
    /** The provider refused the request itself: 4xx other than 429. */
    CLIENT_ERROR,
    /** No connection could be made, or it was lost before an answer. */
    CONNECTION;

    /**
     * Classifies a failure reported by an adapter.
     *
     * @param failure the failure
     * @return its class
     */
    public static UpstreamErrorClass of(SdkException failure) {
        Integer status = failure.status();
        if (failure instanceof RateLimitedException || failure instanceof QuotaExceededException
                || (status != null && status == 429)) {
            return RATE_LIMITED;
        }
        if (failure instanceof UpstreamTimeoutException) {
            return TIMEOUT;
        }
        if (failure instanceof ConnectionFailedException) {
            return CONNECTION;
        }
        if (failure.isRetryable() || status == null || status >= 500) {
            return SERVER_ERROR;
        }
        return CLIENT_ERROR;
    }

    /**
     * Returns the label value.
     *
     * @return such as {@code rate_limited}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
