package dev.ditto.sdk.http;

import dev.ditto.sdk.SdkException;

/**
 * Turns an upstream error answer into the SDK exception named for what happened.
 *
 * <p>{@link HttpStatusErrorMapper} is the provider-neutral mapping; a provider adapter refines it
 * by reading its own error codes first and delegating the rest. Implementations are stateless and
 * thread-safe.
 */
@FunctionalInterface
public interface UpstreamErrorMapper {

    /**
     * Maps an error answer to an exception; never throws it.
     *
     * @param response the status, headers and capped body
     * @return the exception describing the failure, carrying status, provider, model, retry-after,
     *     request id and body
     */
    SdkException map(ErrorResponse response);
}
