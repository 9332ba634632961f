package dev.ditto.sdk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A language model at one provider, called with provider-neutral requests.
 *
 * <p>Implementations are thread-safe: one instance serves concurrent calls, and all instances
 * built from one provider configuration share its HTTP client.
 *
 * <p>Streaming follows {@link Flow} with backpressure. Each subscription to the publisher that
 * {@link #stream(LanguageModelRequest)} returns makes one upstream call; the adapter reads
 * upstream bytes only as fast as the subscriber requests parts, and cancelling the subscription
 * cancels the HTTP exchange and closes its connection. Every failure after subscription,
 * including a non-2xx answer, a timeout and a broken connection, arrives as a final
 * {@link StreamPart.Error} followed by {@code onComplete}; {@code onError} only reports misuse of
 * the {@link Flow} protocol, such as requesting a non-positive number of parts.
 *
 * <pre>{@code
 * model.stream("Tell me a story").subscribe(new Flow.Subscriber<StreamPart>() {
 *     private Flow.Subscription subscription;
 *
 *     public void onSubscribe(Flow.Subscription s) {
 *         subscription = s;
 *         s.request(1);
 *     }
 *
 *     public void onNext(StreamPart part) {
 *         if (part instanceof StreamPart.TextDelta text) {
 *             System.out.print(text.delta());
 *         } else if (part instanceof StreamPart.Error error) {
 *             System.err.println(error.error().getMessage());
 *         }
 *         subscription.request(1);  // or subscription.cancel() to abort the upstream call
 *     }
 *
 *     public void onError(Throwable misuse) {
 *     }
 *
 *     public void onComplete() {
 *     }
 * });
 * }</pre>
 */
public interface LanguageModel {

    /**
     * Returns the provider this model is served by, such as {@code openai} or {@code anthropic}.
     *
     * @return the provider name
     */
    String provider();

    /**
     * Returns the model id sent to the provider, such as {@code gpt-4o}.
     *
     * @return the model id
     */
    String modelId();

    /**
     * Generates a complete answer without blocking the calling thread.
     *
     * <p>Cancelling the returned future cancels the HTTP exchange.
     *
     * @param request the request
     * @return a future completed with the result, or exceptionally with an {@link SdkException}
     */
    CompletableFuture<LanguageModelResult> generateAsync(LanguageModelRequest request);

    /**
     * Streams the answer as parts. Nothing is sent until a subscriber subscribes.
     *
     * @param request the request
     * @return a cold publisher; each subscription makes one upstream call
     */
    Flow.Publisher<StreamPart> stream(LanguageModelRequest request);

    /**
     * Generates a complete answer, blocking until it arrives.
     *
     * @param request the request
     * @return the result
     * @throws SdkException if the call fails
     * @throws RequestInterruptedException if the thread is interrupted while waiting; the call is
     *     cancelled
     */
    default LanguageModelResult generate(LanguageModelRequest request) {
        return Futures.join(generateAsync(request), provider(), modelId());
    }

    /**
     * Answers a single user prompt with default settings, blocking until the answer arrives.
     *
     * @param prompt the user's text
     * @return the result
     * @throws SdkException if the call fails
     */
    default LanguageModelResult generate(String prompt) {
        return generate(LanguageModelRequest.of(prompt));
    }

    /**
     * Streams the answer to a single user prompt with default settings.
     *
     * @param prompt the user's text
     * @return a cold publisher; each subscription makes one upstream call
     */
    default Flow.Publisher<StreamPart> stream(String prompt) {
        return stream(LanguageModelRequest.of(prompt));
    }
}
