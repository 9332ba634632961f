package dev.ditto.sdk;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishers of stream parts that are known up front: a model that answers without I/O (the
 * echo demo, a cache hit), or a request that fails before any call (one error part, as the
 * streaming contract of {@link LanguageModel#stream} requires).
 *
 * <p>They honour demand (a part is delivered only when requested), allow {@code request} from
 * inside {@code onNext} without recursion, and stop at {@code cancel}.
 */
public final class StreamPublishers {

    private StreamPublishers() {}

    /**
     * Returns a publisher that gives each subscriber these parts, then completion.
     *
     * @param parts the parts, in order
     * @return the publisher; each subscription replays the list from the start
     */
    public static Flow.Publisher<StreamPart> of(List<? extends StreamPart> parts) {
        List<StreamPart> copy = List.copyOf(parts);
        return subscriber -> subscriber.onSubscribe(new ListSubscription(copy, subscriber));
    }

    /**
     * Returns a publisher that gives each subscriber one error part, then completion.
     *
     * @param error the failure
     * @return the publisher
     */
    public static Flow.Publisher<StreamPart> failed(SdkException error) {
        return of(List.of(new StreamPart.Error(error)));
    }

    private static final class ListSubscription implements Flow.Subscription {

        private final List<StreamPart> parts;
        private final Flow.Subscriber<? super StreamPart> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        private volatile boolean cancelled;
        private int next;

        ListSubscription(List<StreamPart> parts, Flow.Subscriber<? super StreamPart> subscriber) {
            this.parts = parts;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                subscriber.onError(new IllegalArgumentException("Flow rule 3.9: request(n) needs n > 0 but got " + n));
                return;
            }
            demand.getAndUpdate(current -> current + n < 0 ? Long.MAX_VALUE : current + n);
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        private void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                while (!cancelled && next < parts.size() && demand.get() > 0) {
                    demand.decrementAndGet();
                    subscriber.onNext(parts.get(next++));
                }
                if (!cancelled && next == parts.size()) {
                    cancelled = true;
                    subscriber.onComplete();
                }
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }
    }
}
