package dev.ditto.testing;

import dev.ditto.sdk.StreamPart;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * All the parts of one model stream, collected with unbounded demand, plus the views tests
 * assert on: joined text and reasoning, tool calls, the finish or error part.
 *
 * <pre>{@code
 * CollectedStream parts = CollectedStream.of(model.stream(request));
 * assertThat(parts.text()).isEqualTo("Hello");
 * assertThat(parts.finish().usage().output().total()).isEqualTo(5);
 * }</pre>
 */
public final class CollectedStream {

    /** Long enough for a loaded two-core machine; a test that waits this long has failed. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<StreamPart> parts;

    private CollectedStream(List<StreamPart> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Subscribes, requests everything and waits for completion.
     *
     * @param publisher the stream
     * @return the collected parts
     * @throws AssertionError if the stream does not complete within {@link #TIMEOUT} or signals
     *     {@code onError}
     */
    public static CollectedStream of(Flow.Publisher<StreamPart> publisher) {
        List<StreamPart> parts = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<@Nullable Throwable> misuse = new AtomicReference<>();
        publisher.subscribe(new Flow.Subscriber<StreamPart>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(StreamPart item) {
                parts.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                misuse.set(throwable);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        try {
            if (!done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the stream did not complete within " + TIMEOUT + "; got " + parts);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (misuse.get() != null) {
            throw new AssertionError("the stream signalled onError", misuse.get());
        }
        return new CollectedStream(parts);
    }

    /**
     * Returns the parts in order.
     *
     * @return the parts
     */
    public List<StreamPart> parts() {
        return parts;
    }

    /**
     * Returns the parts of one type, in order.
     *
     * @param type the part type
     * @param <T> the part type
     * @return the matching parts
     */
    public <T extends StreamPart> List<T> ofType(Class<T> type) {
        return parts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * Returns the text deltas joined.
     *
     * @return the text
     */
    public String text() {
        return ofType(StreamPart.TextDelta.class).stream().map(StreamPart.TextDelta::delta).collect(Collectors.joining());
    }

    /**
     * Returns the reasoning deltas joined.
     *
     * @return the reasoning text
     */
    public String reasoning() {
        return ofType(StreamPart.ReasoningDelta.class).stream().map(StreamPart.ReasoningDelta::delta)
                .collect(Collectors.joining());
    }

    /**
     * Returns the complete tool calls.
     *
     * @return the calls, in order
     */
    public List<StreamPart.ToolCall> toolCalls() {
        return ofType(StreamPart.ToolCall.class);
    }

    /**
     * Returns the last part.
     *
     * @return the last part
     * @throws AssertionError if there are no parts
     */
    public StreamPart last() {
        if (parts.isEmpty()) {
            throw new AssertionError("the stream had no parts");
        }
        return parts.get(parts.size() - 1);
    }

    /**
     * Returns the finish part, which must be the last.
     *
     * @return the finish part
     * @throws AssertionError if the stream did not end with one
     */
    public StreamPart.Finish finish() {
        if (last() instanceof StreamPart.Finish finish) {
            return finish;
        }
        throw new AssertionError("the stream did not end with a finish part but with " + last());
    }

    /**
     * Returns the error part, which must be the last.
     *
     * @return the error part
     * @throws AssertionError if the stream did not end with one
     */
    public StreamPart.Error error() {
        if (last() instanceof StreamPart.Error error) {
            return error;
        }
        throw new AssertionError("the stream did not end with an error part but with " + last());
    }

    @Override
    public String toString() {
        return "CollectedStream" + parts;
    }
}
