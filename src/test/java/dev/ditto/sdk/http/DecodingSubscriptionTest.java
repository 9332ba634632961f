package dev.ditto.sdk.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.FinishReason;
import dev.ditto.sdk.InvalidRequestException;
import dev.ditto.sdk.RateLimitedException;
import dev.ditto.sdk.StreamInterruptedException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.UnexpectedResponseException;
import dev.ditto.sdk.Usage;
import dev.ditto.sdk.message.ProviderMetadata;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecodingSubscriptionTest {

    private static final StreamPart.Finish FINISH =
            new StreamPart.Finish(Usage.empty(), FinishReason.STOP, "stop", ProviderMetadata.empty());

    /** Data {@code a,b} becomes two text deltas; {@code bad} is malformed; {@code [DONE]} ends the stream. */
    static final class TestDecoder implements SseStreamDecoder {
        private boolean done;

        @Override
        public void onEvent(SseEvent event, Consumer<StreamPart> sink) {
            if (event.isDone()) {
                done = true;
            } else if (event.data().equals("bad")) {
                throw new InvalidRequestException("malformed chunk", ErrorDetails.empty());
            } else if (event.data().equals("boom")) {
                throw new IllegalStateException("decoder bug");
            } else if (!event.data().isEmpty()) {
                for (String piece : event.data().split(",")) {
                    sink.accept(new StreamPart.TextDelta("t", piece));
                }
            }
        }

        @Override
        public void onEnd(Consumer<StreamPart> sink) {
            if (!done) {
                throw new StreamInterruptedException("the stream ended before [DONE]", ErrorDetails.empty());
            }
            sink.accept(FINISH);
        }
    }

    /** Emits the given events on demand, then completes or fails; records requests and cancellation. */
    static final class ListPublisher implements Flow.Publisher<SseEvent> {
        final AtomicInteger requested = new AtomicInteger();
        volatile boolean cancelled;
        private final List<String> data;
        private final Throwable failure;

        ListPublisher(Throwable failure, String... data) {
            this.failure = failure;
            this.data = List.of(data);
        }

        @Override
        public void subscribe(Flow.Subscriber<? super SseEvent> subscriber) {
            subscriber.onSubscribe(new Flow.Subscription() {
                private int next;

                @Override
                public void request(long n) {
                    requested.addAndGet((int) Math.min(n, 1000));
                    for (long i = 0; i < n && !cancelled; i++) {
                        if (next < data.size()) {
                            subscriber.onNext(SseEvent.of(data.get(next++)));
                        } else {
                            cancelled = true;
                            if (failure == null) {
                                subscriber.onComplete();
                            } else {
                                subscriber.onError(failure);
                            }
                        }
                    }
                }

                @Override
                public void cancel() {
                    cancelled = true;
                }
            });
        }
    }

    private static RecordingSubscriber<StreamPart> decode(ListPublisher events, long initialRequest) {
        RecordingSubscriber<StreamPart> subscriber = new RecordingSubscriber<>(initialRequest);
        new DecodingSubscription(events, new TestDecoder(), subscriber, ErrorDetails.of("test", "m1")).start();
        return subscriber;
    }

    private static List<String> deltas(RecordingSubscriber<StreamPart> subscriber) {
        return subscriber.items.stream().filter(StreamPart.TextDelta.class::isInstance)
                .map(part -> ((StreamPart.TextDelta) part).delta()).toList();
    }

    @Test
    void decodesEventsIntoPartsAndEndsWithTheDecodersFinish() throws Exception {
        RecordingSubscriber<StreamPart> subscriber = decode(new ListPublisher(null, "a,b", "", "c", "[DONE]"), Long.MAX_VALUE);

        subscriber.awaitCompletion();
        assertThat(deltas(subscriber)).containsExactly("a", "b", "c");
        assertThat(subscriber.items.get(subscriber.items.size() - 1)).isEqualTo(FINISH);
    }

    @Test
    void requestsTheNextEventOnlyWhenThePartsOfThePreviousOneAreDelivered() throws Exception {
        ListPublisher events = new ListPublisher(null, "a,b,c", "d", "e", "[DONE]");
        RecordingSubscriber<StreamPart> subscriber = decode(events, 1);

        assertThat(deltas(subscriber)).containsExactly("a");
        assertThat(events.requested).hasValue(1);
        subscriber.subscription().request(2);
        assertThat(deltas(subscriber)).containsExactly("a", "b", "c");
        assertThat(events.requested).as("c was already parsed; d is not needed yet").hasValue(1);
        subscriber.subscription().request(1);
        assertThat(deltas(subscriber)).containsExactly("a", "b", "c", "d");
        assertThat(events.requested).hasValue(2);
    }

    @Test
    void keepsRequestingThroughEventsThatYieldNoParts() throws Exception {
        RecordingSubscriber<StreamPart> subscriber = decode(new ListPublisher(null, "", "", "", "a", "[DONE]"), 1);

        assertThat(deltas(subscriber)).containsExactly("a");
    }

    @Test
    void endsWithAnErrorPartWhenTheDecoderRejectsAnEventAndCancelsTheEvents() throws Exception {
        ListPublisher events = new ListPublisher(null, "a", "bad", "b", "[DONE]");
        RecordingSubscriber<StreamPart> subscriber = decode(events, Long.MAX_VALUE);

        subscriber.awaitCompletion();
        assertThat(deltas(subscriber)).containsExactly("a");
        assertThat(subscriber.items.get(1)).isInstanceOfSatisfying(StreamPart.Error.class,
                error -> assertThat(error.error()).isInstanceOf(InvalidRequestException.class));
        assertThat(subscriber.items).hasSize(2);
        assertThat(events.cancelled).isTrue();
    }

    @Test
    void wrapsADecoderBugAsUnexpectedResponse() throws Exception {
        RecordingSubscriber<StreamPart> subscriber = decode(new ListPublisher(null, "boom"), Long.MAX_VALUE);

        subscriber.awaitCompletion();
        assertThat(subscriber.items).singleElement().isInstanceOfSatisfying(StreamPart.Error.class,
                error -> assertThat(error.error()).isInstanceOf(UnexpectedResponseException.class)
                        .hasMessageContaining("decoder bug").hasMessageContaining("provider=test"));
    }

    @Test
    void reportsATruncatedStreamAsAnErrorPartNeverASilentEnd() throws Exception {
        RecordingSubscriber<StreamPart> subscriber = decode(new ListPublisher(null, "a"), Long.MAX_VALUE);

        subscriber.awaitCompletion();
        assertThat(subscriber.items).hasSize(2);
        assertThat(subscriber.items.get(1)).isInstanceOfSatisfying(StreamPart.Error.class,
                error -> assertThat(error.error()).isInstanceOf(StreamInterruptedException.class));
    }

    @Test
    void turnsAnUpstreamFailureIntoAnErrorPartAfterThePartsBeforeIt() throws Exception {
        RateLimitedException limited = new RateLimitedException("HTTP 429", ErrorDetails.empty());
        RecordingSubscriber<StreamPart> subscriber = decode(new ListPublisher(limited, "a"), Long.MAX_VALUE);

        subscriber.awaitCompletion();
        assertThat(subscriber.items).containsExactly(new StreamPart.TextDelta("t", "a"), new StreamPart.Error(limited));
    }

    @Test
    void holdsTheErrorPartUntilThereIsDemand() throws Exception {
        RateLimitedException limited = new RateLimitedException("HTTP 429", ErrorDetails.empty());
        RecordingSubscriber<StreamPart> subscriber = decode(new ListPublisher(limited, "a"), 1);

        assertThat(subscriber.items).hasSize(1);
        assertThat(subscriber.terminated.getCount()).isEqualTo(1);
        subscriber.subscription().request(1);

        subscriber.awaitCompletion();
        assertThat(subscriber.items.get(1)).isEqualTo(new StreamPart.Error(limited));
    }

    @Test
    void cancellingClosesTheHttpConnection() throws Exception {
        CountDownLatch serverSawClose = new CountDownLatch(1);
        try (LocalServer server = new LocalServer(exchange -> streamUntilClosed(exchange, serverSawClose));
                HttpTransport transport = HttpTransport.of(HttpTransportConfig.builder().totalTimeout(Duration.ofSeconds(60)).build())) {
            RecordingSubscriber<StreamPart> subscriber = new RecordingSubscriber<>(3);
            transport.streamParts(TransportRequest.builder(server.uri()).jsonBody("{}").build(), TestDecoder::new)
                    .subscribe(subscriber);
            subscriber.awaitItems(3);

            subscriber.subscription().cancel();

            assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).as("server saw the connection close").isTrue();
            assertThat(subscriber.items).hasSize(3);
        }
    }

    @Test
    void deliversAnHttpErrorAsAnErrorPartThenCompletes() throws Exception {
        try (LocalServer server = new LocalServer(exchange -> LocalServer.respond(exchange, 429, "application/json",
                        "{\"error\":{\"message\":\"slow down\"}}".getBytes(StandardCharsets.UTF_8)));
                HttpTransport transport = HttpTransport.of(HttpTransportConfig.ofDefaults())) {
            RecordingSubscriber<StreamPart> subscriber = new RecordingSubscriber<>(Long.MAX_VALUE);

            transport.streamParts(TransportRequest.builder(server.uri()).jsonBody("{}").caller("test", "m1").build(),
                    TestDecoder::new).subscribe(subscriber);

            subscriber.awaitCompletion();
            assertThat(subscriber.items).singleElement().isInstanceOfSatisfying(StreamPart.Error.class,
                    error -> assertThat(error.error()).isInstanceOf(RateLimitedException.class)
                            .hasMessageStartingWith("HTTP 429: slow down"));
        }
    }

    private static void streamUntilClosed(HttpExchange exchange, CountDownLatch closed) throws IOException {
        LocalServer.startEventStream(exchange);
        OutputStream out = exchange.getResponseBody();
        try {
            for (int i = 0; ; i++) {
                LocalServer.writeEvent(out, "x" + i);
                Thread.sleep(20);
            }
        } catch (IOException e) {
            closed.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
