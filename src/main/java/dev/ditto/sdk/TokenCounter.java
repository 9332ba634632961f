package dev.ditto.sdk;

import java.util.concurrent.CompletableFuture;

/**
 * Counts the input tokens of a request the way a model's provider bills them, without
 * generating anything. Implemented by the models whose provider has a counting API (Anthropic's
 * {@code POST /v1/messages/count_tokens}); callers check with {@code instanceof} and estimate
 * otherwise.
 *
 * <p>Implementations are thread-safe.
 *
 * <pre>{@code
 * if (model instanceof TokenCounter counter) {
 *     long tokens = counter.countTokensAsync(request).join();
 * }
 * }</pre>
 */
public interface TokenCounter {

    /**
     * Counts the request's input tokens without blocking the calling thread. The output settings
     * of the request (its maximum output tokens, sampling) play no part.
     *
     * <p>Cancelling the returned future cancels the HTTP exchange.
     *
     * @param request the request
     * @return a future completed with the number of input tokens, or exceptionally with an
     *     {@link SdkException}
     */
    CompletableFuture<Long> countTokensAsync(LanguageModelRequest request);
}
