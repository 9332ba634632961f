package dev.ditto.provider.gemini;

import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import java.util.concurrent.Flow;
import java.util.function.UnaryOperator;

/**
 * A publisher that refines the error part of another publisher, for the language model to
 * re-map Google error bodies whatever error mapper the transport has.
 */
final class GeminiPublishers {

    private GeminiPublishers() {
    }

    /**
     * Returns a publisher that passes every part through and replaces the exception of an error
     * part.
     *
     * @param parts the source
     * @param refine maps the exception
     * @return the publisher
     */
    static Flow.Publisher<StreamPart> refiningErrors(Flow.Publisher<StreamPart> parts, UnaryOperator<SdkException> refine) {
        return subscriber -> parts.subscribe(new Flow.Subscriber<StreamPart>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscriber.onSubscribe(subscription);
            }

            @Override
            public void onNext(StreamPart part) {
                subscriber.onNext(part instanceof StreamPart.Error error ? new StreamPart.Error(refine.apply(error.error()))
                        : part);
            }

            @Override
            public void onError(Throwable failure) {
                subscriber.onError(failure);
            }

            @Override
            public void onComplete() {
                subscriber.onComplete();
            }
        });
    }
}
