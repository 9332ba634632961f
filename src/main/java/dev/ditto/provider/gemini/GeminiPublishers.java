package dev.ditto.provider.gemini;

import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * The two publishers the language model needs besides the transport's: one that fails at once
 * (a request that cannot be mapped still fails through the stream, as the streaming contract
 * says), and one that refines the error part of another publisher.
 */
final class GeminiPublishers {

    private GeminiPublishers() {
    }

    /**
     * Returns a publisher whose subscribers get one error part and completion.
     *
     * @param error the failure
     * @return the publisher
     */
    static Flow.Publisher<StreamPart> failed(SdkException error) {
        return subscriber -> {
            AtomicBoolean done = new AtomicBoolean();
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    if (done.getAndSet(true)) {
                        return;
                    }
                    if (n <= 0) {
                        subscriber.onError(new IllegalArgumentException(
                                "Flow rule 3.9: request(n) needs n > 0 but got " + n));
                        return;
                    }
                    subscriber.onNext(new StreamPart.Error(error));
                    subscriber.onComplete();
                }

                @Override
                public void cancel() {
                    done.set(true);
                }
            });
        };
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
