package dev.ditto.provider.gemini;

import dev.ditto.sdk.ErrorDetails;
import dev.ditto.sdk.SdkException;
import dev.ditto.sdk.StreamPart;
import dev.ditto.sdk.Warning;
import dev.ditto.sdk.http.SseEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Runs the stream decoder on payloads, and collects published parts one request at a time. */
final class Streams {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Streams() {
    }

    /** Decodes payloads the way the transport drives a decoder, failures becoming an error part. */
    static List<StreamPart> decode(List<String> payloads) {
        return decode(payloads, List.of(), false);
    }

    static List<StreamPart> decode(List<String> payloads, List<Warning> warnings, boolean raw) {
        GeminiStreamDecoder decoder = new GeminiStreamDecoder(warnings, raw, ErrorDetails.of("gemini", "test-model"));
        List<StreamPart> parts = new ArrayList<>();
        try {
            for (String payload : payloads) {
                decoder.onEvent(SseEvent.of(payload), parts::add);
            }
            decoder.onEnd(parts::add);
        } catch (SdkException e) {
            parts.add(new StreamPart.Error(e));
        }
        return parts;
    }

    /** Subscribes, requests one part at a time, and waits for completion. */
    static List<StreamPart> collect(Flow.Publisher<StreamPart> publisher) {
        List<StreamPart> parts = new CopyOnWriteArrayList<>();
        CompletableFuture<List<StreamPart>> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<StreamPart>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(StreamPart part) {
                parts.add(part);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable misuse) {
                done.completeExceptionally(misuse);
            }

            @Override
            public void onComplete() {
                done.complete(List.copyOf(parts));
            }
        });
        try {
            return done.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not complete within " + TIMEOUT + "; parts so far: " + parts, e);
        }
    }

    static String text(List<StreamPart> parts) {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(StreamPart.TextDelta.class::isInstance)
                .forEach(part -> text.append(((StreamPart.TextDelta) part).delta()));
        return text.toString();
    }

    static String reasoning(List<StreamPart> parts) {
        StringBuilder text = new StringBuilder();
        parts.stream().filter(StreamPart.ReasoningDelta.class::isInstance)
                .forEach(part -> text.append(((StreamPart.ReasoningDelta) part).delta()));
        return text.toString();
    }

    static <T extends StreamPart> List<T> only(List<StreamPart> parts, Class<T> type) {
        return parts.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static StreamPart last(List<StreamPart> parts) {
        return parts.get(parts.size() - 1);
    }
}
