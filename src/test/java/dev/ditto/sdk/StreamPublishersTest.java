package dev.ditto.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ditto.sdk.message.ProviderMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class StreamPublishersTest {

    private static List<StreamPart> deltas(int count) {
        List<StreamPart> parts = new ArrayList<>();
        parts.add(new StreamPart.TextStart("t", ProviderMetadata.empty()));
        for (int i = 0; i < count; i++) {
            parts.add(new StreamPart.TextDelta("t", "w" + i));
        }
        return parts;
    }

    /** Records what arrives; requests {@code perItem} more from inside onNext. */
    private static final class Recorder implements Flow.Subscriber<StreamPart> {
        final List<StreamPart> parts = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        final long initial;
        final long perItem;
        Flow.Subscription subscription;
        boolean complete;

        Recorder(long initial, long perItem) {
            this.initial = initial;
            this.perItem = perItem;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(StreamPart part) {
            parts.add(part);
            if (perItem > 0) {
                subscription.request(perItem);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            errors.add(throwable);
        }

        @Override
        public void onComplete() {
            complete = true;
        }
    }

    @Test
    void deliversOnlyWhatWasRequested() {
        Recorder recorder = new Recorder(2, 0);
        StreamPublishers.of(deltas(5)).subscribe(recorder);

        assertThat(recorder.parts).hasSize(2);
        assertThat(recorder.complete).isFalse();
        recorder.subscription.request(10);
        assertThat(recorder.parts).hasSize(6);
        assertThat(recorder.complete).isTrue();
    }

    @Test
    void requestingFromOnNextDoesNotRecurse() {
        Recorder recorder = new Recorder(1, 1);
        StreamPublishers.of(deltas(100_000)).subscribe(recorder);

        assertThat(recorder.parts).hasSize(100_001);
        assertThat(recorder.complete).isTrue();
    }

    @Test
    void cancelStopsAndBadRequestIsAnError() {
        Recorder cancelled = new Recorder(1, 0);
        StreamPublishers.of(deltas(3)).subscribe(cancelled);
        cancelled.subscription.cancel();
        cancelled.subscription.request(5);
        assertThat(cancelled.parts).hasSize(1);
        assertThat(cancelled.complete).isFalse();

        Recorder bad = new Recorder(0, 0);
        StreamPublishers.of(deltas(3)).subscribe(bad);
        bad.subscription.request(0);
        assertThat(bad.errors).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("3.9"));
    }

    @Test
    void failedGivesOneErrorPartThenCompletes() {
        Recorder recorder = new Recorder(Long.MAX_VALUE, 0);
        StreamPublishers.failed(new InvalidRequestException("bad", ErrorDetails.of("p", "m"))).subscribe(recorder);

        assertThat(recorder.parts).singleElement().isInstanceOf(StreamPart.Error.class);
        assertThat(recorder.complete).isTrue();
    }
}
