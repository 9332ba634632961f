package dev.ditto.control;

import dev.ditto.sdk.Usage;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one request ended, for settlement and the spend log.
 *
 * @param status the kind of ending
 * @param httpStatus the status the client got (200 for a stream that started, even if it broke)
 * @param deploymentId the deployment that served it (or failed last); null if none was called
 * @param provider that deployment's provider
 * @param upstreamModel that deployment's model id at the provider
 * @param usage the tokens the upstream reported; empty when it reported none
 * @param latency from the gateway receiving the request to the end of the answer
 * @param timeToFirstToken until the first content reached the client, for streams
 * @param attempts how many upstream calls were made (retries and fallbacks included)
 */
public record Outcome(Status status, int httpStatus, @Nullable String deploymentId, @Nullable String provider,
        @Nullable String upstreamModel, Usage usage, Duration latency, @Nullable Duration timeToFirstToken,
        int attempts) {

    /** The kinds of endings. */
    public enum Status {
        /** The answer was delivered whole. */
        OK,
        /** The upstream failed (after retries and fallbacks) before an answer started. */
        UPSTREAM_ERROR,
        /** A stream started and then broke on the upstream side. */
        STREAM_ERROR,
        /** The client went away before the answer was delivered. */
        CLIENT_GONE,
        /** The request was refused before an upstream call (bad request, unknown model, limits). */
        REJECTED,
        /** The gateway itself failed. */
        GATEWAY_ERROR
    }
}
